"""The JSON format of a comparison (documented in docs/format.md, schema in schema/comparison.schema.json).

``FORMAT_VERSION`` changes its major number when a key changes meaning or disappears, its minor number when
keys are added. Keys are sorted within the fixed top-level order so equal inputs give byte-equal output.
"""

from __future__ import annotations

import json
from typing import Any

from newsparallax import __version__
from newsparallax.model import (
    Article,
    ArticleCoverage,
    Comparison,
    Conflict,
    DateMention,
    Fact,
    Framing,
    InputIssue,
    Mention,
    Paragraph,
    Quantity,
    Quote,
    QuoteMention,
    Reuse,
    Sentence,
    Span,
    SummarySentence,
)

FORMAT_VERSION = "1.4"


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "path": article.path,
        "url": article.url,
        "published": article.published,
        "author": article.author,
        "language": article.language,
        "paragraphs": [{"start": p.start, "end": p.end} for p in article.paragraphs],
        "sentences": [
            {"id": s.index, "start": s.start, "end": s.end, "paragraph": s.paragraph, "boilerplate": s.boilerplate}
            for s in article.sentences
        ],
        "quantities": [
            {
                "start": q.start,
                "end": q.end,
                "text": article.text[q.start : q.end],
                "value": q.value,
                "comparator": q.comparator,
                "unit": q.unit,
            }
            for q in article.quantities
        ],
        "dates": [
            {
                "start": d.start,
                "end": d.end,
                "text": article.text[d.start : d.end],
                "value": d.value,
                "granularity": d.granularity,
            }
            for d in article.dates
        ],
    }


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article(
        id=data["id"],
        source=data["source"],
        title=data["title"],
        text=data["text"],
        path=data.get("path"),
        url=data.get("url"),
        published=data.get("published"),
        author=data.get("author"),
        language=data.get("language"),
        paragraphs=tuple(Paragraph(n, p["start"], p["end"]) for n, p in enumerate(data.get("paragraphs", []))),
        sentences=tuple(
            Sentence(s["id"], s["start"], s["end"], s.get("paragraph", 0), s.get("boilerplate", False))
            for s in data.get("sentences", [])
        ),
        quantities=tuple(
            Quantity(data["id"], q["start"], q["end"], q["value"], q["comparator"], q["unit"])
            for q in data.get("quantities", [])
        ),
        dates=tuple(
            DateMention(data["id"], d["start"], d["end"], d["value"], d["granularity"]) for d in data.get("dates", [])
        ),
    )


def _fact_to_dict(fact: Fact, texts: dict[str, str], total: int) -> dict[str, Any]:
    return {
        "id": fact.id,
        "articles": list(fact.articles),
        "shared_by": len(fact.articles),
        "status": "all" if len(fact.articles) == total else "unique" if len(fact.articles) == 1 else "some",
        "mentions": [
            {
                "article": m.article,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
                "text": texts[m.article][m.start : m.end],
                "coverage": m.coverage,
            }
            for m in fact.mentions
        ],
        "conflicts": [
            {
                "kind": c.kind,
                "values": dict(c.values),
                "mentions": [
                    {
                        "article": sp.article,
                        "start": sp.start,
                        "end": sp.end,
                        "text": texts[sp.article][sp.start : sp.end],
                    }
                    for sp in c.mentions
                ],
                "explanation": c.explanation,
            }
            for c in fact.conflicts
        ],
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    texts = {a.id: a.text for a in comparison.articles}
    total = len(comparison.articles)
    return {
        "format": FORMAT_VERSION,
        "generator": {"name": "newsparallax", "version": __version__},
        "settings": comparison.settings,
        "articles": [article_to_dict(a) for a in comparison.articles],
        "facts": [_fact_to_dict(f, texts, total) for f in comparison.facts],
        "coverage": [{"article": c.article, "adds": list(c.adds), "omits": list(c.omits)} for c in comparison.coverage],
        "quotes": [_quote_to_dict(q, texts) for q in comparison.quotes],
        "reuse": [_reuse_to_dict(r, texts) for r in comparison.reuse],
        "framing": [_framing_to_dict(f) for f in comparison.framing],
        "summary": [
            {"text": s.text, "kind": s.kind, "citations": [_span(c) for c in s.citations]} for s in comparison.summary
        ],
        "issues": [{"input": i.input, "reason": i.reason, "level": i.level} for i in comparison.issues],
    }


def _span(span: Span) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end}


def _framing_to_dict(item: Framing) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "articles": list(item.articles),
        "terms": {article: list(words) for article, words in item.terms},
        "spans": [_span(sp) for sp in item.spans],
        "explanation": item.explanation,
        "fact": item.fact,
    }


def _quote_mention_to_dict(m: QuoteMention, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "article": m.article,
        "start": m.start,
        "end": m.end,
        "text": texts[m.article][m.start : m.end],
        "speaker": m.speaker,
        "cue": m.cue,
        "kind": m.kind,
        "speaker_span": None if m.speaker_start is None else {"start": m.speaker_start, "end": m.speaker_end},
    }


def _quote_to_dict(quote: Quote, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "articles": list(quote.articles),
        "match": quote.match,
        "paraphrase": quote.paraphrase,
        "attributions": dict(quote.attributions),
        "diff": [{"article": a, "op": op, "a": first, "b": here} for a, op, first, here in quote.diff],
        "mentions": [_quote_mention_to_dict(m, texts) for m in quote.mentions],
    }


def _attributions(quote: dict[str, Any]) -> tuple[tuple[str, str | None], ...]:
    """A quote's attributions in the order of its articles (JSON sorts the keys by article id)."""
    given = quote.get("attributions", {})
    return tuple((a, given.get(a)) for a in dict.fromkeys(m["article"] for m in quote["mentions"]) if a in given)


def _reuse_to_dict(reuse: Reuse, texts: dict[str, str]) -> dict[str, Any]:
    first = reuse.spans[0]
    return {
        "articles": list(reuse.articles),
        "text": texts[first.article][first.start : first.end],
        "words": reuse.words,
        "kind": reuse.kind,
        "quote": reuse.quote,
        "spans": [{"article": sp.article, "start": sp.start, "end": sp.end} for sp in reuse.spans],
    }


def _quote_mention_from_dict(m: dict[str, Any]) -> QuoteMention:
    span = m.get("speaker_span") or {}
    return QuoteMention(
        m["article"],
        m["start"],
        m["end"],
        m.get("speaker"),
        m.get("cue"),
        m.get("kind", "direct"),
        span.get("start"),
        span.get("end"),
    )


def comparison_from_dict(data: dict[str, Any]) -> Comparison:
    major = str(data.get("format", "")).split(".")[0]
    if major != FORMAT_VERSION.split(".")[0]:
        raise ValueError(f"unsupported comparison format {data.get('format')!r}; this is {FORMAT_VERSION}")
    return Comparison(
        articles=tuple(article_from_dict(a) for a in data["articles"]),
        facts=tuple(
            Fact(
                f["id"],
                tuple(
                    Mention(m["article"], m["sentence"], m["start"], m["end"], m.get("coverage", "full"))
                    for m in f["mentions"]
                ),
                tuple(
                    Conflict(
                        c["kind"],
                        tuple(c["values"].items()),
                        tuple(Span(sp["article"], sp["start"], sp["end"]) for sp in c["mentions"]),
                        c["explanation"],
                    )
                    for c in f.get("conflicts", [])
                ),
            )
            for f in data["facts"]
        ),
        coverage=tuple(ArticleCoverage(c["article"], tuple(c["adds"]), tuple(c["omits"])) for c in data["coverage"]),
        quotes=tuple(
            Quote(
                q["id"],
                q.get("speaker"),
                q["match"],
                tuple(_quote_mention_from_dict(m) for m in q["mentions"]),
                tuple((d["article"], d["op"], d["a"], d["b"]) for d in q.get("diff", [])),
                q.get("paraphrase", False),
                _attributions(q),
            )
            for q in data.get("quotes", [])
        ),
        reuse=tuple(
            Reuse(
                tuple(r["articles"]),
                r["words"],
                r["kind"],
                tuple(Span(sp["article"], sp["start"], sp["end"]) for sp in r["spans"]),
                r.get("quote"),
            )
            for r in data.get("reuse", [])
        ),
        framing=tuple(
            Framing(
                f["kind"],
                tuple(f["articles"]),
                tuple((a, tuple(words)) for a, words in f["terms"].items()),
                tuple(Span(sp["article"], sp["start"], sp["end"]) for sp in f["spans"]),
                f["explanation"],
                f.get("fact"),
            )
            for f in data.get("framing", [])
        ),
        summary=tuple(
            SummarySentence(
                s["text"], s["kind"], tuple(Span(c["article"], c["start"], c["end"]) for c in s["citations"])
            )
            for s in data.get("summary", [])
        ),
        issues=tuple(InputIssue(i["input"], i["reason"], i.get("level", "failure")) for i in data.get("issues", [])),
        settings=dict(data.get("settings", {})),
    )


def dumps(data: dict[str, Any], indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


def schema_path() -> str:
    from importlib.resources import files

    return str(files("newsparallax") / "schema" / "comparison.schema.json")
