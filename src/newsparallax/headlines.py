"""Headline framing: loaded words in one outlet's headline that the other headlines do without.

Word-choice differences between headlines come from :mod:`word_choice` (the same alignment, on titles). Here
each title is read for evaluative words (the label lexicon and the sentiment test for adjectives) and loaded
attribution verbs ("Embassy *Laments*"); words inside quotation marks are a source's, not the outlet's. Titles
are not part of ``Article.text``, so these items carry the words in ``terms`` and no spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsparallax.framing_lexicon import LOADED_CUES
from newsparallax.framing_text import Parsed, quote_spans
from newsparallax.labels import is_evaluative, label_phrase, lexicon_phrases, merge
from newsparallax.model import Framing


def title_labels(parsed: Parsed) -> list[str]:
    """The loaded words and phrases of a headline, as written, in order."""
    title = parsed.title
    quoted = quote_spans(title.text)
    spans = lexicon_phrases(title.text)
    for token in title:
        if any(lo <= token.idx < hi for lo, hi in quoted):
            continue
        if token.text.lower() in LOADED_CUES:
            spans.append((token.idx, token.idx + len(token.text)))
        elif is_evaluative(token):
            phrase = label_phrase(token)
            spans.append((phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)))
    return [title.text[lo:hi] for lo, hi in merge(spans)]


def find_headline_labels(parsed: Sequence[Parsed]) -> list[Framing]:
    """One item per headline with loaded words, naming the outlets whose headlines have none."""
    loaded = {p.id: title_labels(p) for p in parsed}
    items = []
    for p in parsed:
        if not loaded[p.id]:
            continue
        plain = [q for q in parsed if q.id != p.id and q.title.text.strip() and not loaded[q.id]]
        words = ", ".join(f"“{w}”" for w in loaded[p.id])
        # "Bay Wire headlines the story …", "Bay Wire, Tide Post headline the story …"
        verb = "headlines" if len(plain) == 1 else "headline"
        others = f"; {', '.join(q.article.source for q in plain)} {verb} the story without them" if plain else ""
        items.append(
            Framing(
                kind="headline",
                articles=(p.id, *(q.id for q in plain)),
                terms=((p.id, tuple(loaded[p.id])),),
                spans=(),
                explanation=f"{p.article.source}'s headline uses loaded words ({words}){others}.",
            )
        )
    return items
