"""Fact alignment on real news: pairwise precision/recall against ECB+ event coreference.

    .venv/bin/python benchmarks/alignment_ecb.py                     # every story, all its documents at once
    .venv/bin/python benchmarks/alignment_ecb.py --pairs             # two documents at a time (like the seed pair)
    .venv/bin/python benchmarks/alignment_ecb.py --limit 20 --grid   # 20 stories, align_threshold swept
    .venv/bin/python benchmarks/alignment_ecb.py --set entity_penalty=0 --set date_penalty=0

Data: ../shared/data/ecbplus (ECB+ 1.0, CC BY 3.0): 982 news texts in 86 gold stories, with event mentions and
their cross-document coreference chains, annotated on a selection of sentences per document
(ECBplus_coreference_sentences.csv). Only those sentences are scored, and only body sentences: the headline is
not a sentence of ``Article.text``, so alignment never sees it.

Gold. Two annotated sentences of different documents of one story are a *loose* gold pair when they contain
event mentions (ACTION_*, NEG_ACTION_*) of one cross-document coreference chain. Most annotated sentences
mention the story's seminal event ("checked into rehab", "the quake struck"), so about 60% of all cross-document
sentence pairs are loose gold. A *strict* gold pair also shares at least half of the cross-document chains of
any kind (events, participants, places, times) the two sentences mention between them (Jaccard >= 0.5): they
are mostly about the same things, not merely about the same story (about 19% of pairs). A predicted pair is two
sentences of different articles in one predicted fact. Only sentences that are annotated and mapped count.

How to read it: "shares an event chain" is looser than "states the same fact" -- two sentences about one quake
can report different things about it (the magnitude, the death toll) and still share the quake chain. A
predicted pair outside the loose gold is mostly a wrong merge (though coders sometimes put two wordings of one
event in two chains: "placed on injured reserve" / "will miss the rest of the season"), so **loose precision
is the figure to trust most** (compare it with the base rate); strict precision is a pessimistic bound, as a
sentence that adds a detail to the same fact can fall below the Jaccard bar. Recall is only a proxy: many gold
pairs are not one fact, so a perfect aligner would not reach 1; the strict gold is the better proxy of the two.
The base rates (share of all scored cross-document pairs that are gold) are printed for scale.

Nothing from the corpus is written anywhere; excerpts are printed to the terminal for inspection only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax import compare, resources  # noqa: E402
from newsparallax.align import EmbedFn, Matrix, align  # noqa: E402
from newsparallax.analyze import analyze  # noqa: E402
from newsparallax.model import Article, Fact  # noqa: E402
from newsparallax.readers import parse_record  # noqa: E402
from newsparallax.settings import DEFAULT, Settings, describe, parse_assignments  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ecbplus"
GRID = (0.55, 0.58, 0.62, 0.65, 0.7)
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
# The XML tokens are PTB-style; the texts of docs.jsonl were detokenized from them with plain quotes, but a
# few keep the PTB quote pairs, so each quote token may appear in any of these forms.
QUOTE_FORMS = {"``": ('"', "``", "“", "''"), "''": ('"', "''", "”", "``"), '"': ('"', "''", "``", "“", "”")}
STRICT_JACCARD = 0.5  # share of the chains two sentences mention that both mention, for a strict gold pair
SLACK = 3  # characters the text may hold between two tokens beyond one space (a dropped symbol)

Key = tuple[str, int]  # (document id, sentence index into Article.sentences)
Pair = frozenset[Key]


@dataclass
class Annotation:
    """The parts of one ECB+ XML file the benchmark uses."""

    doc: str
    body: list[int]  # XML sentence numbers that make up docs.jsonl's "text", in order
    tokens: dict[int, list[tuple[str, str]]]  # XML sentence -> [(t_id, token)]
    chains: list[tuple[str, bool, list[str]]]  # (cross-doc instance id, is an event, token ids) per mention


@dataclass
class Mapped:
    """One document as an Article, with the gold chains of each evaluable sentence."""

    article: Article
    story: str
    events: dict[int, set[str]] = field(default_factory=dict)  # evaluable sentence -> event chains
    anchors: dict[int, set[str]] = field(default_factory=dict)  # evaluable sentence -> chains of any kind
    annotated: int = 0  # annotated body sentences of the XML
    mapped: int = 0  # ... of which every token was found in the text
    split: int = 0  # ... that the segmenter cut in two or more sentences


@dataclass
class Result:
    label: str
    seconds: float
    sentences: int
    predicted: set[Pair]
    loose: set[Pair]
    strict: set[Pair]
    candidates: int


# ------------------------------------------------------------------------------------------------ reading
def annotated_sentences() -> dict[str, set[int]]:
    selected: dict[str, set[int]] = defaultdict(set)
    with (DATA / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            selected[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return selected


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("``", '"').replace("''", '"'))


def read_annotation(path: Path, title: str) -> Annotation:
    root = ET.parse(path).getroot()
    tokens: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        tokens[int(token.get("sentence", "-1"))].append((token.get("t_id", ""), token.text or ""))
    order = sorted(tokens)
    # docs.jsonl's title is XML sentence 0 (ECB) or 1 (ECB+, whose sentence 0 is the source URL) and its text is
    # the sentences after it; a one-sentence document repeats the title as its text.
    heads = [n for n in order if _normal("".join(t for _, t in tokens[n])) == _normal(title)]
    head = heads[0] if heads else order[0]
    body = [n for n in order if n > head] or [head]

    markables = root.find("Markables")
    anchors: dict[str, list[str]] = {}
    tags: dict[str, str] = {}
    for markable in markables if markables is not None else ():
        m_id = markable.get("m_id", "")
        tags[m_id] = markable.tag
        anchors[m_id] = [a.get("t_id", "") for a in markable.iter("token_anchor")]
    chains = []
    for relation in root.iter("CROSS_DOC_COREF"):
        target = relation.find("target")
        instance = relation.get("note", "")
        # The instance's tag (the target TAG_DESCRIPTOR) wins over a mention's own tag: the corpus README says
        # coders corrected mention tags that way.
        tag = tags.get(target.get("m_id", "") if target is not None else "", "")
        for source in relation.iter("source"):
            m_id = source.get("m_id", "")
            chains.append((instance, tag.startswith(EVENT_TAGS), anchors.get(m_id, [])))
    return Annotation(path.stem, body, dict(tokens), chains)


def _forms(token: str) -> tuple[str, ...]:
    if token in QUOTE_FORMS:
        return QUOTE_FORMS[token]
    # A quote glued to a word ("''The") was detokenized like a lone one.
    plain = token.replace("``", '"').replace("''", '"')
    return (token, plain) if plain != token else (token,)


def locate_tokens(text: str, tokens: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character spans of the tokens in ``text``, matched in order; ``None`` for a token not found.

    The text is the tokens detokenized, so each token is looked for right after the previous one (a space and
    a few characters of slack); a token not found there is skipped without moving on, so one odd token does not
    derail the rest.
    """
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for token in tokens:
        found = None
        for form in _forms(token):
            at = text.find(form, cursor, cursor + 1 + SLACK + len(form))
            if at >= 0 and (found is None or at < found[0]):
                found = (at, at + len(form))
        spans.append(found)
        if found:
            cursor = found[1]
    return spans


def build(record: dict[str, str], annotation: Annotation, selected: set[int]) -> Mapped:
    # parse_record is what `parallax compare docs.jsonl` uses: the same title/body split and text normalisation.
    article = analyze(parse_record(record, record["id"], fallback_source=record["id"]))
    mapped = Mapped(article, record["story"])
    order = [(n, t_id, tok) for n in annotation.body for t_id, tok in annotation.tokens[n]]
    spans = locate_tokens(article.text, [tok for _, _, tok in order])
    where: dict[str, int] = {}  # t_id -> start offset
    complete: dict[int, bool] = defaultdict(lambda: True)  # XML sentence -> every token found
    covering: dict[int, set[int]] = defaultdict(set)  # article sentence -> XML sentences overlapping it
    pieces: dict[int, set[int]] = defaultdict(set)  # XML sentence -> article sentences it overlaps
    starts = [s.start for s in article.sentences]

    def sentence_at(offset: int) -> int:
        index = max((i for i, start in enumerate(starts) if start <= offset), default=0)
        return article.sentences[index].index

    for (n, t_id, _), span in zip(order, spans, strict=True):
        if span is None:
            complete[n] = False
            continue
        where[t_id] = span[0]
        covering[sentence_at(span[0])].add(n)
        pieces[n].add(sentence_at(span[0]))
    mapped.annotated = sum(1 for n in annotation.body if n in selected)
    mapped.mapped = sum(1 for n in annotation.body if n in selected and complete[n])
    mapped.split = sum(1 for n in annotation.body if n in selected and len(pieces[n]) > 1)
    # A sentence is scored only when every XML sentence in it is annotated and fully mapped: a sentence that
    # also holds unannotated text may state facts the gold knows nothing about. A dateline or byline ("May 03,
    # 2013", "PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM"), which the segmenter glues to the lead, states none.
    scored = {n for n in annotation.body if (n in selected and complete[n]) or _metadata(annotation.tokens[n])}
    evaluable = {s for s, xml in covering.items() if xml <= scored and xml & selected}
    for s in evaluable:
        mapped.events[s], mapped.anchors[s] = set(), set()
    for instance, is_event, t_ids in annotation.chains:
        located = [where[t] for t in t_ids if t in where]
        if not located:
            continue
        s = sentence_at(min(located))
        if s in evaluable:
            mapped.anchors[s].add(instance)
            if is_event:
                mapped.events[s].add(instance)
    return mapped


def _metadata(tokens: Sequence[tuple[str, str]]) -> bool:
    """A line without one ordinary lower-case word: a dateline, a timestamp or a byline, not a statement."""
    return not any(re.fullmatch(r"[a-z]{3,}", token) and token not in ("am", "pm") for _, token in tokens)


def load(limit: int | None) -> dict[str, list[Mapped]]:
    records = [json.loads(line) for line in (DATA / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in records:
        by_story[record["story"]].append(record)
    selected = annotated_sentences()
    stories = sorted(by_story, key=_natural)[:limit]
    result: dict[str, list[Mapped]] = {}
    for story in stories:
        docs = sorted(by_story[story], key=lambda r: _natural(r["id"]))
        result[story] = [
            build(
                r,
                read_annotation(DATA / "ECB+" / r["id"].split("_")[0] / f"{r['id']}.xml", r["title"]),
                selected[r["id"]],
            )
            for r in docs
        ]
    return result


def _natural(name: str) -> tuple[int | str, ...]:
    """ "2_10ecb" after "2_9ecb", story "10_ecb" after "9_ecbplus": number parts compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"\d+|\D+", name))


# ---------------------------------------------------------------------------------------------- evaluating
def groups(stories: dict[str, list[Mapped]], pairs: bool) -> list[list[Mapped]]:
    """The document sets compared together: a whole story, or consecutive documents two at a time."""
    if pairs:
        return [list(pair) for docs in stories.values() for pair in pairwise(docs)]
    return [docs for docs in stories.values() if len(docs) > 1]


def gold(group: Sequence[Mapped]) -> tuple[set[Pair], set[Pair], int]:
    loose, strict, candidates = set(), set(), 0
    for a, b in combinations(group, 2):
        for sa in a.events:
            for sb in b.events:
                candidates += 1
                if a.events[sa] & b.events[sb]:
                    pair = frozenset(((a.article.id, sa), (b.article.id, sb)))
                    loose.add(pair)
                    shared, either = a.anchors[sa] & b.anchors[sb], a.anchors[sa] | b.anchors[sb]
                    if len(shared) >= STRICT_JACCARD * len(either):
                        strict.add(pair)
    return loose, strict, candidates


def predicted(facts: Iterable[Fact], evaluable: set[Key]) -> set[Pair]:
    found = set()
    for fact in facts:
        keys = sorted({(m.article, m.sentence) for m in fact.mentions} & evaluable)
        found |= {frozenset((a, b)) for a, b in combinations(keys, 2) if a[0] != b[0]}
    return found


def run(stories: dict[str, list[Mapped]], settings: Settings, label: str, pairs: bool, full: bool) -> Result:
    started = time.perf_counter()
    result = Result(label, 0.0, 0, set(), set(), set(), 0)
    for group in groups(stories, pairs):
        articles = [m.article for m in group]
        # The facts of compare() are those of its alignment stage (conflicts, coverage and framing only annotate
        # them), so by default that stage runs alone: no spaCy parse, and embeddings cached across --grid runs.
        # --compare checks that claim end to end.
        facts = compare(articles, settings).facts if full else align(articles, _embedder(settings), settings)
        evaluable = {(m.article.id, s) for m in group for s in m.events}
        loose, strict, candidates = gold(group)
        result.predicted |= predicted(facts, evaluable)
        result.loose |= loose
        result.strict |= strict
        result.candidates += candidates
        result.sentences += sum(len(a.content_sentences) for a in articles)
    result.seconds = time.perf_counter() - started
    return result


class CachedEmbedder:
    """The embedder's ``embed``, memoised per text so a --grid sweep embeds each sentence once."""

    def __init__(self, embed: EmbedFn) -> None:
        self._embed = embed
        self._memo: dict[str, npt.NDArray[np.float32]] = {}

    def __call__(self, texts: Sequence[str]) -> Matrix:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            self._memo.update(zip(missing, self._embed(missing), strict=True))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])


_EMBEDDERS: dict[tuple[str, int, int], CachedEmbedder] = {}


def _embedder(settings: Settings) -> CachedEmbedder:
    key = (settings.embedder, settings.threads, settings.batch_size)
    if key not in _EMBEDDERS:
        _EMBEDDERS[key] = CachedEmbedder(resources.embedder(settings).embed)
    return _EMBEDDERS[key]


# ------------------------------------------------------------------------------------------------ reporting
def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def summary(result: Result) -> str:
    hits = len(result.predicted & result.loose)
    strict_hits = len(result.predicted & result.strict)
    n = len(result.predicted)
    p, r = hits / n if n else 1.0, hits / len(result.loose) if result.loose else 1.0
    ps, rs = strict_hits / n if n else 1.0, strict_hits / len(result.strict) if result.strict else 1.0
    return (
        f"{result.label:<26} predicted {n:>5} | loose: P={p:.3f} R={r:.3f} F1={_f1(p, r):.3f} "
        f"({hits}/{len(result.loose)})"
        f" | strict: P={ps:.3f} R={rs:.3f} F1={_f1(ps, rs):.3f} ({strict_hits}/{len(result.strict)})"
        f" | {result.seconds:.0f} s, {result.sentences / result.seconds:.0f} sentences/s"
    )


def _spread(items: Sequence[Pair], count: int) -> list[Pair]:
    """``count`` items evenly spread over the sorted list: examples from many stories, not the first one's."""
    ordered = sorted(items, key=lambda pair: sorted(pair))
    if len(ordered) <= count:
        return ordered
    return [ordered[i * len(ordered) // count] for i in range(count)]


def examples(result: Result, stories: dict[str, list[Mapped]], count: int) -> None:
    by_id = {m.article.id: m for docs in stories.values() for m in docs}

    def show(key: Key) -> str:
        mapped = by_id[key[0]]
        sentence = mapped.article.sentences[key[1]]
        text = " ".join(mapped.article.text[sentence.start : sentence.end].split())
        return f"({key[0]}, {key[1]}, {text[:80]!r})"

    for title, pairs in (
        ("false positives (predicted, share no event chain)", result.predicted - result.loose),
        ("false negatives (strict gold, not predicted)", result.strict - result.predicted),
    ):
        print(f"  {title}:")
        for pair in _spread(list(pairs), count):
            a, b = sorted(pair)
            shared = sorted(by_id[a[0]].anchors[a[1]] & by_id[b[0]].anchors[b[1]])
            print(f"    {show(a)}\n      ~ {show(b)}  shared chains: {len(shared)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="the first N stories only (natural order)")
    parser.add_argument("--pairs", action="store_true", help="compare consecutive documents two at a time")
    parser.add_argument("--grid", action="store_true", help=f"also sweep align_threshold over {GRID}")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a setting")
    parser.add_argument(
        "--compare", action="store_true", help="run all of compare() (same facts, slower, nothing cached)"
    )
    parser.add_argument("--examples", type=int, default=5, help="false positives/negatives to print (0: none)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} absent: ECB+ alignment benchmark skipped")
        return
    try:
        settings = DEFAULT.replace(**parse_assignments(args.set, {name: default for name, default, _ in describe()}))
    except ValueError as exc:
        raise SystemExit(str(exc)) from None

    started = time.perf_counter()
    stories = load(args.limit)
    docs = [m for group in stories.values() for m in group]
    annotated, mapped = sum(m.annotated for m in docs), sum(m.mapped for m in docs)
    evaluable = sum(len(m.events) for m in docs)
    print(
        f"ECB+: {len(stories)} stories, {len(docs)} docs, {sum(len(m.article.sentences) for m in docs)} body "
        f"sentences; annotated body sentences {annotated}, fully mapped {mapped} ({mapped / max(annotated, 1):.1%}); "
        f"scored article sentences {evaluable} (read in {time.perf_counter() - started:.1f} s)"
    )
    # docs.jsonl detokenizes the corpus' "4 . 6" and "a.m." tokens as "4. 6" and "a. m.", where pysbd ends a
    # sentence: fragments such as "m." or "A 4." are then units of their own.
    print(
        f"annotated sentences the segmenter cut in pieces: {sum(m.split for m in docs)} "
        "(the text's '4. 6', 'a. m.', 'U. S.')"
    )
    label = ", ".join(args.set) or "defaults"
    mode = "pairs of consecutive docs" if args.pairs else "whole stories"
    engine = "compare()" if args.compare else "alignment stage of compare()"
    print(f"mode: {mode}, {engine}; loose precision is the figure to trust")
    result = run(stories, settings, label, args.pairs, args.compare)
    print(
        f"gold pairs: loose {len(result.loose)}, strict {len(result.strict)} of {result.candidates} cross-document "
        f"pairs (base rates {len(result.loose) / max(result.candidates, 1):.3f}, "
        f"{len(result.strict) / max(result.candidates, 1):.3f}); recall is only a proxy (see --help)"
    )
    print(summary(result))
    if args.examples:
        examples(result, stories, args.examples)
    for threshold in GRID if args.grid else ():
        variant = settings.replace(align_threshold=threshold)
        print(summary(run(stories, variant, f"align_threshold={threshold}", args.pairs, args.compare)))


if __name__ == "__main__":
    main()
