"""One utterance quoted by several articles: which quotes are the same, and how each article renders it.

Mentions are the direct and partial quotes :func:`newsparallax.quotes.find_quotes` put on each article
(reported speech has no quoted words to compare). Two mentions are one utterance when their speakers agree (or
one is unknown) and their words overlap: a long common run of words, which also catches a quote cut short
inside a longer one, or a high word-level similarity, which catches a word swapped. Words are compared after
folding case, quote marks, punctuation and apostrophes. A further pass joins two direct quotes of one named
speaker that share the facts but hardly the words: a paraphrase printed inside quote marks, flagged as
``Quote.paraphrase``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import combinations

from newsparallax.model import Article, Quote, QuoteMatch, QuoteMention
from newsparallax.speakers import canonical_speakers, is_person_name, split_name

_WORD = re.compile(r"[\w]+(?:['’][\w]+)*")
# Words that carry no fact, left out when judging whether two differently worded quotes say the same thing.
_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being have has had do
    does did will would shall should can could may might must not no this that these those it its we our us
    they their them he his him she her i me my you your there here what which who whom when where why how all
    any some so than then too very just also into out up down over about after before again more most such
    only own same other""".split()
)
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")
# Overlap thresholds: a common run this long, or this much of the shorter quote, or this similarity.
_MIN_RUN = 3
_RUN_SHARE = 0.5
_MIN_RATIO = 0.6
_UNKNOWN_RATIO = 0.8  # both speakers unknown: only near-identical words make one utterance
_PARAPHRASE_DICE = 0.4
_STRONG = 0.8  # speakers sharing only a surname ("Hollis"/"Howard Brandt") need words this close
# Two outlets giving the same words to different speakers: one utterance when the words are this close and this
# long (an outlet names "a village resident" where another names her, or one of them, or we, got it wrong).
_SAME_WORDS = 0.9
_SAME_WORDS_MIN = 6
# Between the two parts of a split quote: the closing mark, a short attribution, a comma, the opening mark.
_SPLIT = re.compile(r"[,;]?\s*[\"”’]\s*[^.!?\"“”\n]{1,100}?[,:]\s*[\"“‘]\s*")


def quote_words(text: str) -> list[tuple[str, str]]:
    """``(compared form, as written)`` of each word of a quote; compared forms fold case and apostrophes."""
    return [(w.group(0).lower().replace("’", "'").replace("'", ""), w.group(0)) for w in _WORD.finditer(text)]


def _overlap(a: list[str], b: list[str], known: bool) -> float | None:
    """How surely two word lists are one quote (higher is surer), or None when they are not.

    ``known`` is whether a speaker is known on either side; with none, only near-identical words count.
    """
    shorter = min(len(a), len(b))
    if not shorter:
        return None
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    run = matcher.find_longest_match(0, len(a), 0, len(b)).size
    ratio = matcher.ratio()
    if not known:
        return ratio if a == b or (shorter > 2 and ratio >= _UNKNOWN_RATIO) else None
    if shorter <= 2:  # a word or two: only as a part of the other quote, word for word
        return 1.0 if run == shorter else None
    if (run >= _MIN_RUN and run >= _RUN_SHARE * shorter) or ratio >= _MIN_RATIO:
        return max(ratio, run / shorter)
    return None


def _may_overlap(a: Counter[str], b: Counter[str], known: bool) -> bool:
    """False only where :func:`_overlap` of the two word lists (counted here) is surely None.

    difflib matches at most the words the lists share, counted with repeats, which bounds both its longest run
    and its ratio; most quote pairs of a story share a few small words at most, and skip difflib this way.
    """
    common = a.keys() & b.keys()
    if not common:
        return False
    shared = sum(min(a[w], b[w]) for w in common)
    length, shorter = a.total() + b.total(), min(a.total(), b.total())
    ratio = 2.0 * shared / length  # difflib's own formula, so never below its ratio for fewer matches
    if not known:
        return ratio >= _UNKNOWN_RATIO
    if shorter <= 2:
        return shared >= shorter
    return (shared >= _MIN_RUN and shared >= _RUN_SHARE * shorter) or ratio >= _MIN_RATIO


def _stem(word: str) -> str:
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def _content(words: list[str]) -> set[str]:
    return {_stem(w) for w in words if w not in _STOPWORDS and not w.isdigit()}


def _same_facts(a: list[str], b: list[str]) -> bool:
    """Two differently worded quotes that share most of their content words (at least two of them)."""
    ca, cb = _content(a), _content(b)
    shared = len(ca & cb)
    return shared >= 2 and 2 * shared / (len(ca) + len(cb)) >= _PARAPHRASE_DICE


def _surname(name: str) -> str:
    return name.split()[-1].casefold()


def _two_people(a: str | None, b: str | None) -> bool:
    """Whether two known speakers are two people: different names, not one surname with two first names."""
    return bool(a and b and a != b and _surname(a) != _surname(b))


def _split(text: str, a: QuoteMention, b: QuoteMention) -> bool:
    """Whether ``b`` goes on ``a``'s sentence after the attribution: "We are insured," she said, "and …"."""
    if a.article != b.article or b.speaker not in (None, a.speaker) or text[a.end - 1 : a.end] in ".!?":
        return False
    between = text[a.end : b.start]
    cues = {cue for cue in (a.cue, b.cue) if cue}
    return _SPLIT.fullmatch(between) is not None and any(cue in between for cue in cues)


class _Groups:
    """Union-find over mentions that keeps the known speakers of a group compatible, and each group's articles."""

    def __init__(self, speakers: list[str | None], articles: list[str]) -> None:
        self.parent = list(range(len(speakers)))
        self.speaker = list(speakers)
        self.articles = [{article} for article in articles]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def shares_article(self, i: int, j: int) -> bool:
        """Whether the groups of ``i`` and ``j`` are one, or already hold a mention from the same article."""
        a, b = self.root(i), self.root(j)
        return a == b or not self.articles[a].isdisjoint(self.articles[b])

    def join(self, i: int, j: int, *, any_speakers: bool = False) -> bool:
        """Join the groups of ``i`` and ``j``; unless ``any_speakers``, only when their speakers agree."""
        a, b = self.root(i), self.root(j)
        if a == b:
            return False
        known_a, known_b = self.speaker[a], self.speaker[b]
        # An unknown speaker must not bridge two people; one surname spelt with two first names may join.
        if _two_people(known_a, known_b) and not any_speakers:
            return False
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        self.speaker[keep] = self.speaker[keep] or self.speaker[gone]
        self.articles[keep] |= self.articles[gone]
        return True


def _diff(article: str, first: list[tuple[str, str]], here: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Word operations turning the first article's wording into this one's, words shown as written."""
    matcher = SequenceMatcher(None, [w for w, _ in first], [w for w, _ in here], autojunk=False)
    return [
        (article, op, " ".join(w for _, w in first[i1:i2]), " ".join(w for _, w in here[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def group_quotes(articles: Sequence[Article]) -> tuple[Quote, ...]:
    """The utterances quoted across ``articles`` (each with ``.quotes`` filled), ids "q1", "q2", … in order of
    first appearance (article order, then offset). A quote an article repeats folds into one group."""
    order = {a.id: n for n, a in enumerate(articles)}
    texts = {a.id: a.text for a in articles}
    mentions = sorted(
        (q for a in articles for q in a.quotes if q.kind != "reported"), key=lambda q: (order[q.article], q.start)
    )
    # Two speakers one article tells apart stay two people across articles ("Charlie" and "Charlene" Kafoury).
    per_article: dict[str, set[str]] = {}
    for q in mentions:
        if q.speaker:
            per_article.setdefault(q.article, set()).add(q.speaker)
    apart = [(x, y) for held in per_article.values() for x, y in combinations(sorted(held), 2)]
    names = canonical_speakers((q.speaker for q in mentions if q.speaker), apart)
    speakers = [names.get(q.speaker) if q.speaker else None for q in mentions]
    words = [quote_words(texts[q.article][q.start : q.end]) for q in mentions]
    folded = [[w for w, _ in ws] for ws in words]
    counts = [Counter(ws) for ws in folded]
    pairs: list[tuple[float, int, int]] = []
    across: list[tuple[float, int, int]] = []  # the same words given to two speakers
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            a, b = speakers[i], speakers[j]
            if not _may_overlap(counts[i], counts[j], bool(a or b)):
                continue  # the quadratic loop of a big story: tens of thousands of pairs, few of them one quote
            if _two_people(a, b):
                if mentions[i].article != mentions[j].article and (same := _same_words(folded[i], folded[j])):
                    across.append((-same, i, j))
                continue
            score = _overlap(folded[i], folded[j], bool(a or b))
            if score is not None and (not a or not b or a == b or score >= _STRONG):
                pairs.append((-score, i, j))
    groups = _Groups(speakers, [q.article for q in mentions])
    for i in range(len(mentions) - 1):
        if _split(texts[mentions[i].article], mentions[i], mentions[i + 1]):
            groups.join(i, i + 1)
    for _, i, j in sorted(pairs):
        groups.join(i, j)
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            same = _paraphrase_pair(mentions[i], mentions[j], speakers[i], speakers[j], folded[i], folded[j])
            if same and not groups.shares_article(i, j):
                groups.join(i, j)
    for _, i, j in sorted(across):
        if not groups.shares_article(i, j):
            groups.join(i, j, any_speakers=True)
    members: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        members.setdefault(groups.root(i), []).append(i)
    quotes = []
    for n, indices in enumerate(sorted(members.values(), key=lambda ix: ix[0]), 1):
        wording = _wordings([(mentions[i].article, words[i]) for i in indices])
        first, *others = wording.items()
        diff = [op for article, here in others for op in _diff(article, first[1], here)]
        match: QuoteMatch = "single" if not others else "altered" if diff else "verbatim"
        attributions: dict[str, str | None] = {}  # per article, in order: the first speaker it names
        for i in indices:
            attributions[mentions[i].article] = attributions.get(mentions[i].article) or speakers[i]
        members_of = tuple(mentions[i] for i in indices)
        paraphrase = _paraphrased(members_of, texts)
        by_article = tuple(attributions.items())
        quotes.append(Quote(f"q{n}", _speaker(by_article), match, members_of, tuple(diff), paraphrase, by_article))
    return tuple(quotes)


def _same_words(a: list[str], b: list[str]) -> float | None:
    """How alike two quotes are when their words are nearly the same (one may be cut short); else None."""
    if min(len(a), len(b)) < _SAME_WORDS_MIN:
        return None
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    run = matcher.find_longest_match(0, len(a), 0, len(b)).size / min(len(a), len(b))
    best = max(run, matcher.ratio())
    return best if best >= _SAME_WORDS else None


def _speaker(attributions: tuple[tuple[str, str | None], ...]) -> str | None:
    """The speaker of an utterance: the one most of its articles name, a person's name before a description
    ("Bensu Elianita" before "Bukit Sama village resident"), then the first named."""
    named = [speaker for _, speaker in attributions if speaker]
    if not named:
        return None
    votes = Counter(named)
    return max(dict.fromkeys(named), key=lambda s: (is_person_name(split_name(s)[1]), votes[s]))


def _wordings(parts: list[tuple[str, list[tuple[str, str]]]]) -> dict[str, list[tuple[str, str]]]:
    """Each article's wording of the utterance: its parts in order (a split quote), a repeat counted once."""
    wording: dict[str, list[tuple[str, str]]] = {}
    seen: dict[str, list[list[str]]] = {}
    for article, words in parts:
        folded = [w for w, _ in words]
        if folded in seen.setdefault(article, []):
            continue
        seen[article].append(folded)
        wording.setdefault(article, []).extend(words)
    return wording


def _paraphrase_pair(
    a: QuoteMention, b: QuoteMention, speaker_a: str | None, speaker_b: str | None, wa: list[str], wb: list[str]
) -> bool:
    """Two direct quotes of one named speaker in two articles, same facts, too few words in common."""
    if a.article == b.article or a.kind != "direct" or b.kind != "direct" or not speaker_a or speaker_a != speaker_b:
        return False
    return _overlap(wa, wb, True) is None and _same_facts(wa, wb)


def _paraphrased(mentions: Sequence[QuoteMention], texts: dict[str, str]) -> bool:
    """Whether a direct quote of the group is worded unlike every other article's direct rendering of it.

    Both articles put quote marks around the utterance and give the same facts, yet the wordings share too
    few words to be one wording altered: at least one of them paraphrases while claiming to quote.
    """
    direct = [m for m in mentions if m.kind == "direct"]
    folded = [[w for w, _ in quote_words(texts[m.article][m.start : m.end])] for m in direct]
    for i, mention in enumerate(direct):
        others = [k for k, other in enumerate(direct) if other.article != mention.article]
        unlike = all(_overlap(folded[i], folded[k], True) is None for k in others)
        if others and unlike and any(_same_facts(folded[i], folded[k]) for k in others):
            return True
    return False
