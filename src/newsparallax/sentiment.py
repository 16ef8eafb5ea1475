"""Lexicon sentiment and subjectivity: VADER's compound score and TextBlob's (Pattern) subjectivity.

TextBlob itself is not imported: ``import textblob`` pulls in nltk and scipy (about 2.5 s), more than the whole
framing stage may cost. Its sentiment lexicon is one XML file in the installed package (``en/en-sentiment.xml``,
Pattern's lexicon by De Smedt and Daelemans), read here directly and scored the way TextBlob's default
``PatternAnalyzer`` scores it: each known word's polarity and subjectivity averaged over its senses, an
intensifying adverb multiplying the next word, a negation flipping polarity by -0.5, the text's score the mean
over the words it knows. Emoticon handling is left out (news text has none). Both libraries are optional
imports: without them the functions return neutral scores, so framing still runs.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|!")
_NEGATIONS = frozenset({"no", "not", "n't", "never"})


@lru_cache(maxsize=1)
def _vader() -> Any:
    try:
        from newsparallax.vader import LinearAnalyzer
    except ImportError:  # pragma: no cover - optional dependency
        return None
    return LinearAnalyzer()


@lru_cache(maxsize=1)
def _pattern() -> tuple[dict[str, tuple[float, float, float]], frozenset[str]]:
    """Pattern's lexicon: word -> (polarity, subjectivity, intensity) averaged over senses, and the modifiers."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return {}, frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-sentiment.xml"
    if not path.exists():  # pragma: no cover - a broken install
        return {}, frozenset()
    senses: dict[str, list[tuple[float, float, float]]] = {}
    modifiers = set()
    for word in ElementTree.parse(path).getroot().iter("word"):
        form = word.get("form")
        if not form:
            continue
        senses.setdefault(form, []).append(
            (float(word.get("polarity", 0)), float(word.get("subjectivity", 0)), float(word.get("intensity", 1)))
        )
        if word.get("pos") == "RB":
            modifiers.add(form)
    lexicon = {w: _mean(values) for w, values in senses.items()}
    return lexicon, frozenset(modifiers)


def _mean(values: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    n = len(values)
    return sum(v[0] for v in values) / n, sum(v[1] for v in values) / n, sum(v[2] for v in values) / n


def valence(word: str) -> float:
    """VADER's valence of one word (-4 to 4), 0 when unknown."""
    analyzer = _vader()
    return float(analyzer.lexicon.get(word.lower(), 0.0)) if analyzer is not None else 0.0


def word_subjectivity(word: str) -> float:
    """Pattern's subjectivity of one word (0 to 1), 0 when unknown."""
    entry = _pattern()[0].get(word.lower())
    return entry[1] if entry else 0.0


def compound(text: str) -> float:
    """VADER's compound score of ``text`` (-1 to 1)."""
    analyzer = _vader()
    return float(analyzer.polarity_scores(text)["compound"]) if analyzer is not None and text.strip() else 0.0


def subjectivity(text: str) -> float:
    """TextBlob's subjectivity of ``text`` (0 objective to 1 subjective), computed as its PatternAnalyzer does."""
    lexicon, modifiers = _pattern()
    scores: list[list[float]] = []  # [subjectivity, intensity] of each assessed chunk
    modifier = False
    for word in (w.lower().replace("’", "'") for w in _TOKEN.findall(text)):
        entry = lexicon.get(word)
        if entry is None:
            if modifier and len(word) > 2:
                modifier = False
            continue
        _, subj, intensity = entry
        if modifier and scores:
            scores[-1] = [max(-1.0, min(subj * scores[-1][1], 1.0)), intensity]
        else:
            scores.append([subj, intensity])
        modifier = word in modifiers
    return sum(s for s, _ in scores) / len(scores) if scores else 0.0


def strongest_words(text: str, limit: int = 3) -> list[str]:
    """The words of ``text`` with the largest VADER valence, strongest first (ties in text order)."""
    found = [(abs(v), i, w) for i, w in enumerate(_TOKEN.findall(text)) if (v := valence(w))]
    return [w for _, _, w in sorted(found, key=lambda x: (-x[0], x[1]))[:limit]]
