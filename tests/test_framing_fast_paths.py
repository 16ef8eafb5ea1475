"""The shortcuts that make framing fast on big stories give what the plain computations give.

Each test runs a shortcut against the straightforward version it replaces (kept here as the reference) on the
bundled examples, with a copied article so that scores tie exactly, as they do when outlets share wire copy.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from newsparallax import read, resources
from newsparallax.counterparts import Story, Unit, counterpart_pairs
from newsparallax.framing_text import Parsed, parse_articles
from newsparallax.model import Article, Fact, Mention
from newsparallax.quote_groups import _may_overlap, _overlap
from newsparallax.segment import segment
from newsparallax.word_choice import Term, _Components, _mention_seq, _regions, _Seq, term_pairs


@pytest.fixture(scope="module")
def parsed(examples_dir: Path) -> list[Parsed]:
    """The harbor-fire story plus an article that prints the first one twice over: its sentences tie exactly
    with each other (as wire copy does in a big story), so the first of equals must win."""
    articles = [segment(read(str(p))) for p in sorted((examples_dir / "harbor-fire").glob("*.txt"))]
    first = articles[0]
    copy = segment(Article(id="copy", source="Copy Desk", title=first.title, text=f"{first.text}\n{first.text}"))
    return parse_articles([*articles, copy], resources.nlp())


def _mention(unit: Unit) -> Mention:
    return Mention(unit.article, unit.sentence, unit.start, unit.end)


def _facts(story: Story) -> list[Fact]:
    """Hand-made facts linking sentences of different articles, so some pairs are excluded: among them the
    first two sentences of the copy with their originals, each the other's best match."""
    ids = list(story.units)
    pairs = [(story.units[ids[0]][k], story.units["copy"][k]) for k in (0, 1)]
    pairs += [(story.units[a][n % 3], story.units[b][(n + 1) % 3]) for n, (a, b) in enumerate(itertools.pairwise(ids))]
    return [Fact(f"f{n}", (_mention(ua), _mention(ub))) for n, (ua, ub) in enumerate(pairs)]


def _reference_pairs(story: Story, facts: Sequence[Fact], threshold: float) -> list[tuple[Unit, Unit]]:
    """counterpart_pairs as it was before matrices: every pair scored with Story.score."""
    linked = {
        (m.article, m.sentence, n.article, n.sentence)
        for fact in facts
        for m in fact.mentions
        for n in fact.mentions
        if m.article != n.article
    }
    ids = list(story.units)
    pairs = []
    for i, a_id in enumerate(ids):
        for b_id in ids[i + 1 :]:
            scores = {
                (ua.sentence, ub.sentence): story.score(ua, ub)
                for ua in story.units[a_id]
                for ub in story.units[b_id]
                if (a_id, ua.sentence, b_id, ub.sentence) not in linked
            }
            best_a: dict[int, tuple[float, int]] = {}
            best_b: dict[int, tuple[float, int]] = {}
            for (sa, sb), value in scores.items():
                if value > best_a.get(sa, (0.0, -1))[0]:
                    best_a[sa] = (value, sb)
                if value > best_b.get(sb, (0.0, -1))[0]:
                    best_b[sb] = (value, sa)
            by_index_a = {u.sentence: u for u in story.units[a_id]}
            by_index_b = {u.sentence: u for u in story.units[b_id]}
            for sa, (value, sb) in sorted(best_a.items()):
                if value >= threshold and best_b[sb][1] == sa:
                    pairs.append((by_index_a[sa], by_index_b[sb]))
    return pairs


def test_score_matrices_match_the_exact_scores(parsed: list[Parsed]) -> None:
    story = Story(parsed)
    ids = list(story.units)
    for i, a_id in enumerate(ids):
        for b_id in ids[i + 1 :]:
            matrix = story.scores(a_id, b_id)
            for r, ua in enumerate(story.units[a_id]):
                for c, ub in enumerate(story.units[b_id]):
                    exact = story.score(ua, ub)
                    assert (matrix[r, c] == 0) == (exact == 0)
                    assert matrix[r, c] == pytest.approx(exact, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("threshold", [0.0, 0.15, 0.27, 0.6])
@pytest.mark.parametrize("with_facts", [False, True])
def test_counterpart_pairs_equal_the_pair_by_pair_search(
    parsed: list[Parsed], threshold: float, with_facts: bool
) -> None:
    story = Story(parsed)
    facts = _facts(story) if with_facts else []
    found = counterpart_pairs(story, facts, threshold)
    assert found == _reference_pairs(story, facts, threshold)
    if threshold <= 0.27:
        assert any("copy" in (a.article, b.article) for a, b in found)  # the copy ties and still pairs
        assert with_facts == (found != counterpart_pairs(story, [], threshold))  # the facts exclude pairs


def _sentence_seqs(parsed: list[Parsed]) -> list[_Seq]:
    return [_mention_seq(p, s.start, s.end) for p in parsed for s in p.article.content_sentences]


def test_term_pairs_with_a_reused_matcher_equal_a_fresh_one(parsed: list[Parsed]) -> None:
    seqs = _sentence_seqs(parsed)
    rng = random.Random(3)
    found = 0
    for _ in range(600):
        a, b = rng.sample(seqs, 2)
        matcher = SequenceMatcher(None, rng.choice(seqs).keys, b.keys, autojunk=False)
        matcher.get_opcodes()  # a matcher that has served another pair first
        pairs = term_pairs(a, b, matcher=matcher)
        assert pairs == term_pairs(a, b)
        found += bool(pairs)
    assert found  # some pairs differ in wording, so the comparison is not only of empty lists


def test_identical_keys_leave_no_differing_stretch(parsed: list[Parsed]) -> None:
    """term_pairs returns [] at once for equal keys; the full path would find no region to look at either."""
    by_keys: dict[tuple[str, ...], list[_Seq]] = {}
    for seq in _sentence_seqs(parsed):
        by_keys.setdefault(seq.keys, []).append(seq)
    same = [(group[0], other) for group in by_keys.values() for other in group[1:]]
    assert same  # the copied article repeats every sentence
    for a, b in same:
        ops = SequenceMatcher(None, a.keys, b.keys, autojunk=False).get_opcodes()
        assert _regions(a, b, ops) == []
        assert term_pairs(a, b) == []


def test_components_join_overlapping_terms_of_one_text_as_a_full_scan_does() -> None:
    rng = random.Random(5)
    terms = []
    for _ in range(300):
        start = rng.randrange(200)
        article, title = rng.choice(["a", "b", "c"]), rng.random() < 0.2
        terms.append(Term(article, start, start + rng.randrange(1, 8), "x", None, title))
    components = _Components()
    reference: list[Term] = []
    for term in terms:
        index = components.add(term)
        first = next(
            (
                i
                for i, seen in enumerate(reference)
                if (seen.article, seen.title) == (term.article, term.title)
                and seen.start < term.end
                and term.start < seen.end
            ),
            None,
        )
        if first is None:
            reference.append(term)
            assert index == len(reference) - 1
        else:
            assert index == components.find(first)
    assert components.terms == reference


def test_quote_overlap_prefilter_never_drops_a_match() -> None:
    rng = random.Random(11)
    vocabulary = "we will rebuild the pier and the town said mayor fire".split()
    skipped = Counter[bool]()
    for _ in range(5000):
        words = vocabulary[: rng.randint(2, len(vocabulary))]  # small vocabularies make near-matches common
        a = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        b = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        for known in (True, False):
            if not _may_overlap(Counter(a), Counter(b), known):
                assert _overlap(a, b, known) is None, (a, b, known)
                skipped[known] += 1
    assert skipped[True] > 500 and skipped[False] > 500


@pytest.mark.slow
def test_term_pairs_found_once_per_wording_equal_those_found_per_copy(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word choice works out the term pairs of two wordings once and places them in every copy; copies at other
    offsets of other articles (wire copy under another lead) must get exactly the terms found pair by pair."""
    from newsparallax import compare, word_choice

    originals = [read(str(p)) for p in sorted((examples_dir / "harbor-fire").glob("*.txt"))]
    copies = [
        Article(id=f"copy{n}", source=f"Copy Desk {n}", title=a.title, text=f"From the wires, edition {n}.\n{a.text}")
        for n, a in enumerate(originals)
    ]
    per_pair = word_choice._pairs_of
    reused = []

    def both(units, title, same_statement=True, known=None):  # type: ignore[no-untyped-def]
        before = len(known or {})
        once = per_pair(units, title, same_statement, known)
        every = [  # the plain computation: every pair's own term pairs, from its own tokens
            (word_choice._term(ua.parsed, x, title), word_choice._term(ub.parsed, y, title))
            for i, ua in enumerate(units)
            for ub in units[i + 1 :]
            for x, y in term_pairs(ua.seq, ub.seq, title=title, same_statement=same_statement)
        ]
        spans = [[(t.article, t.start, t.end, t.text) for t in pair] for pair in once]
        assert spans == [[(t.article, t.start, t.end, t.text) for t in pair] for pair in every]
        if known is not None and len(known) - before < len(units) * (len(units) - 1) // 2 and once:
            reused.append(units)
        return once

    monkeypatch.setattr(word_choice, "_pairs_of", both)
    chosen = [f for f in compare([*originals, *copies]).framing if f.kind == "word_choice"]
    assert reused  # some pairs with terms were placed from another copy's
    assert any(a.startswith("copy") for f in chosen for a in f.articles)
