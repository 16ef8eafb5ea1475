"""What every report renderer needs from a comparison dict: labels, texts and per-sentence status.

The renderers take the JSON-ready dict (``Comparison.to_dict()``) rather than the dataclasses so a saved
``--format json`` file can be rendered again later. Optional keys (``summary``, ``quotes``, ``reuse``,
``framing``) are read with ``.get`` because a key is present only when the analysis behind it ran.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Item = dict[str, Any]

# Sentence statuses, strongest first: a sentence stating several facts takes the strongest of them.
STATUSES = ("conflict", "all", "some", "unique", "none", "boilerplate")
LEGEND_ORDER = ("all", "some", "unique", "conflict", "none", "boilerplate")
STATUS_LABELS = {
    "conflict": "conflicting detail",
    "all": "shared by all",
    "some": "shared by some",
    "unique": "only here",
    "none": "no fact",
    "boilerplate": "boilerplate",
}
# Section titles, shared so the text, Markdown and HTML reports read alike.
TITLES = {
    "summary": "Summary",
    "overview": "Overview",
    "shared": "Shared by all",
    "conflicts": "Conflicts",
    "coverage": "Coverage: what each source adds and leaves out",
    "quotes": "Quotes",
    "reuse": "Reused passages",
    "framing": "Framing",
    "issues": "Input issues",
}

_SPACE = re.compile(r"\s+")
# What an article's entry in a framing item shows when it holds no words (a tone item lists an outlet whose
# mention of the fact scores no lexicon word): a label with nothing after it reads as a rendering fault.
NO_TERMS = "(none)"
QUOTE_MARKS = "\"'“”‘’«»„"


def squash(text: str) -> str:
    """``text`` on one line: reports quote sentences inline, but article text keeps its paragraph newlines."""
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def quoted(text: str) -> str:
    """``text`` in curly quotes, unless it opens with a quotation mark of its own (a quote, quoted)."""
    return text if text[:1] in QUOTE_MARKS else f"“{text}”"


def safe_url(url: object) -> str | None:
    """The URL when it is a plain web link; anything else (javascript:, data:, file paths) is not linked."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


class View:
    """Read-only helpers over a comparison dict; nothing here changes or copies the data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.articles: list[Item] = list(data.get("articles", []))
        self.by_id: dict[str, Item] = {a["id"]: a for a in self.articles}
        self.facts: list[Item] = list(data.get("facts", []))
        self.fact_by_id: dict[str, Item] = {f["id"]: f for f in self.facts}
        self.labels = _labels(self.articles)
        self.sentence_facts = self._sentence_facts()
        self._sentence_status = self._statuses()

    # --- optional sections -------------------------------------------------------------------------------

    def section(self, key: str) -> list[Item]:
        """An optional list (``summary``, ``quotes``, …): empty when absent, so renderers skip it."""
        value = self.data.get(key)
        return list(value) if isinstance(value, list) else []

    # --- labels and text ---------------------------------------------------------------------------------

    def label(self, article_id: str) -> str:
        return self.labels.get(article_id, article_id)

    def sources(self, article_ids: Iterable[str]) -> str:
        return ", ".join(self.label(a) for a in dict.fromkeys(article_ids))

    def span_text(self, article_id: str, start: int, end: int) -> str:
        article = self.by_id.get(article_id)
        return str(article["text"][start:end]) if article else ""

    def sentence_text(self, article_id: str, index: int) -> str:
        article = self.by_id.get(article_id)
        if article is None:
            return ""
        for sentence in article.get("sentences", []):
            if sentence["id"] == index:
                return str(article["text"][sentence["start"] : sentence["end"]])
        return ""

    def mention_text(self, mention: Item) -> str:
        text = mention.get("text")
        return str(text) if text is not None else self.span_text(mention["article"], mention["start"], mention["end"])

    def fact_text(self, fact: Item, article_id: str | None = None) -> str:
        """How the fact is worded: in ``article_id`` when given, else its first full mention."""
        mentions = fact.get("mentions", [])
        if article_id is not None:
            mentions = [m for m in mentions if m["article"] == article_id] or mentions
        full = [m for m in mentions if m.get("coverage", "full") == "full"] or mentions
        return self.mention_text(full[0]) if full else ""

    def added_sentence(self, fact: Item, article_id: str) -> str:
        """The whole sentence in which ``article_id`` states a fact only it reports: the reader's context."""
        mention = next((m for m in fact.get("mentions", []) if m["article"] == article_id), None)
        sentence = self.sentence_text(article_id, mention["sentence"]) if mention else ""
        return sentence or self.fact_text(fact, article_id)

    def reuse_text(self, item: Item) -> str:
        """The shared passage: its ``text`` when given, else the words of its first span."""
        if item.get("text"):
            return str(item["text"])
        spans = item.get("spans", [])
        return self.span_text(spans[0]["article"], spans[0]["start"], spans[0]["end"]) if spans else ""

    # --- grouping ----------------------------------------------------------------------------------------

    def status_label(self, fact: Item) -> str:
        status = str(fact.get("status"))
        return STATUS_LABELS.get(status, status)

    def facts_with(self, status: str) -> list[Item]:
        return [f for f in self.facts if f.get("status") == status]

    def status_counts(self) -> dict[str, int]:
        return {s: len(self.facts_with(s)) for s in ("all", "some", "unique")}

    def conflicts(self) -> list[tuple[int, Item, int, Item]]:
        """``(fact index, fact, conflict index, conflict)`` for every conflict, in fact order."""
        return [
            (i, fact, j, conflict)
            for i, fact in enumerate(self.facts)
            for j, conflict in enumerate(fact.get("conflicts", []))
        ]

    def fact_count(self, article_id: str) -> int:
        return sum(article_id in f.get("articles", []) for f in self.facts)

    def coverage(self) -> list[Item]:
        return [c for c in self.data.get("coverage", []) if c.get("adds") or c.get("omits")]

    def sentence_status(self, article_id: str, sentence: Item) -> str:
        if sentence.get("boilerplate"):
            return "boilerplate"
        return self._sentence_status.get((article_id, sentence["id"]), "none")

    def _sentence_facts(self) -> dict[tuple[str, int], list[str]]:
        """Fact ids per ``(article, sentence)``, in fact order."""
        found: dict[tuple[str, int], list[str]] = {}
        for fact in self.facts:
            for mention in fact.get("mentions", []):
                ids = found.setdefault((mention["article"], mention["sentence"]), [])
                if fact["id"] not in ids:
                    ids.append(fact["id"])
        return found

    def _statuses(self) -> dict[tuple[str, int], str]:
        rank = {s: n for n, s in enumerate(STATUSES)}
        status: dict[tuple[str, int], str] = {}

        def mark(key: tuple[str, int], value: str) -> None:
            # An unknown status (a newer format) leaves the sentence as it was rather than inventing a class.
            if rank.get(value, len(STATUSES)) < rank[status.get(key, "none")]:
                status[key] = value

        for fact in self.facts:
            for mention in fact.get("mentions", []):
                mark((mention["article"], mention["sentence"]), str(fact.get("status", "none")))
            for conflict in fact.get("conflicts", []):
                for span in conflict.get("mentions", []):
                    for index in self.sentences_at(span["article"], span["start"], span["end"]):
                        mark((span["article"], index), "conflict")
        return status

    def sentences_at(self, article_id: str, start: int, end: int) -> list[int]:
        """The sentences a span overlaps (a zero-length span counts as touching the sentence around it)."""
        article = self.by_id.get(article_id)
        if article is None:
            return []
        return [s["id"] for s in article.get("sentences", []) if s["start"] < max(end, start + 1) and start < s["end"]]


def kind_label(kind: object) -> str:
    """``word_choice`` → ``word choice``: kinds are identifiers in the data, words in a report."""
    return str(kind).replace("_", " ")


def reuse_label(item: Item) -> str:
    """The kind of a reuse item; a shared verbatim quote names its quote group instead of standing alone."""
    label = kind_label(item.get("kind", ""))
    return f"{label} (= quote {item['quote']})" if item.get("quote") else label


def quote_changes(quote: Item) -> dict[str, list[tuple[str, str, str]]]:
    """The word changes of an altered quote per article: ``(op, words in the first mention, words here)``."""
    changes: dict[str, list[tuple[str, str, str]]] = {}
    for op in quote.get("diff", []):
        changes.setdefault(op["article"], []).append((str(op["op"]), str(op.get("a", "")), str(op.get("b", ""))))
    return changes


def quote_attributions(quote: Item) -> dict[str, str]:
    """Per article, the speaker it gives a quote, when the articles name different speakers for the same words;
    empty when they agree (an article that names no one disagrees with no one)."""
    given = {str(a): str(s) for a, s in (quote.get("attributions") or {}).items() if s}
    return given if len(set(given.values())) > 1 else {}


def _labels(articles: list[Item]) -> dict[str, str]:
    """Source names, numbered when one outlet appears more than once so each article stays tellable apart."""
    base = {a["id"]: squash(str(a["source"])) or str(a["id"]) for a in articles}
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    labels: dict[str, str] = {}
    for article_id, name in base.items():
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} ({seen[name]})"
        labels[article_id] = name
    return labels
