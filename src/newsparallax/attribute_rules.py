"""spaCy's attribute ruler (part-of-speech, morphology and lemma exceptions by tag and word), run on token arrays.

Our own because spaCy's ``AttributeRuler`` finds its rules with the token ``Matcher``, whose word-list and regex
tests run in Python for every token and every rule: 15 ms of the seed pair's 100 ms parse, for 179 rules that are
nearly all one token with a tag and a word list. Here each rule is a few array comparisons over the tokens of every
sentence at once, and the values written are the ruler's own (read from the loaded ruler, never restated). Same
semantics: every rule is matched against the annotations as the tagger and parser left them, then the rules
write in the order they were added, so a later rule wins. A ruler that uses anything else (operators such as
``OP``, other predicates, extension attributes) is not compiled, and spaCy's ruler runs as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy
import numpy.typing as npt

Array = npt.NDArray[numpy.uint64]

# The token attributes a rule may test. Each is one column of the key array that ``apply`` receives.
KEYS = ("TAG", "DEP", "LOWER", "IS_SPACE")


@dataclass(frozen=True)
class _Test:
    """One attribute test on one token of a pattern: the value is one of ``values`` (none of them, if ``negate``),
    or (``regex``) the attribute's string matches it."""

    column: int
    values: tuple[int, ...] = ()
    negate: bool = False
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Rule:
    """Patterns (each a list of per-token tests) and what to write into the token at ``index`` of a match."""

    patterns: tuple[tuple[tuple[_Test, ...], ...], ...]
    index: int
    writes: tuple[tuple[int, int], ...]  # (column of the annotation array, value)


class AttributeRules:
    """A loaded ``AttributeRuler``'s rules, applied to annotation arrays (see the module docstring)."""

    def __init__(self, rules: Sequence[_Rule], strings: Any) -> None:
        self._rules = tuple(rules)
        self._strings = strings  # the vocabulary's strings, to read LOWER as text for regex tests

    @classmethod
    def compile(cls, ruler: Any, columns: Sequence[str]) -> AttributeRules | None:
        """The ruler's rules, writing into arrays whose columns are the attributes ``columns`` (names as in
        ``Doc.to_array``); None when a rule uses something these arrays cannot reproduce."""
        from spacy.attrs import IDS  # type: ignore[import-not-found]  # a compiled module without type stubs

        column_of = {IDS[name]: n for n, name in enumerate(columns)}
        strings = ruler.vocab.strings
        rules = []
        for i, pattern in enumerate(ruler.patterns):
            writes = []
            for attr, value in ruler.attrs[i].items():
                if attr not in column_of:  # an extension attribute or one the arrays do not carry
                    return None
                writes.append((column_of[attr], int(value)))
            compiled = [_compile_pattern(tokens, strings) for tokens in pattern["patterns"]]
            if any(tests is None for tests in compiled):
                return None
            rules.append(_Rule(tuple(t for t in compiled if t is not None), int(pattern["index"]), tuple(writes)))
        return cls(rules, strings)

    def apply(self, values: Sequence[Array], keys: Sequence[Array]) -> list[Array]:
        """The annotation rows of several documents with the rules' annotations written in (one row per token).

        ``keys`` holds the tested attributes of the same tokens (columns as in :data:`KEYS`). The documents are
        matched together, but a pattern of several tokens never runs from one document into the next.
        """
        lengths = [len(v) for v in values]
        stacked, tested = numpy.concatenate(values), numpy.concatenate(keys)
        count = len(stacked)
        document = numpy.repeat(numpy.arange(len(lengths)), lengths)  # a match must lie in one
        cache: dict[Any, Any] = {}  # per test its result, per key column its distinct values
        found = []  # every rule's positions first: rules read the annotations before any rule writes
        for rule in self._rules:
            targets = []
            for tests in rule.patterns:
                width = len(tests)
                if width > count:
                    continue
                starts = numpy.ones(count - width + 1, dtype=bool)
                for offset, token_tests in enumerate(tests):
                    for test in token_tests:
                        starts &= self._holds(test, tested, cache)[offset : count - width + 1 + offset]
                if width > 1:
                    starts &= document[: count - width + 1] == document[width - 1 :]
                targets.append(numpy.flatnonzero(starts) + (rule.index if rule.index >= 0 else width + rule.index))
            found.append(numpy.concatenate(targets) if targets else numpy.zeros(0, dtype=numpy.int64))
        for rule, positions in zip(self._rules, found, strict=True):
            for column, value in rule.writes:
                stacked[positions, column] = value
        return numpy.split(stacked, numpy.cumsum(lengths)[:-1])

    def _holds(self, test: _Test, keys: Array, cache: dict[Any, Any]) -> npt.NDArray[numpy.bool_]:
        """Which tokens pass ``test``. The same tests recur across rules, so each is computed once; a test on
        several values looks them up among the column's distinct values (``numpy.isin`` costs ~30 µs a call)."""
        held: npt.NDArray[numpy.bool_] | None = cache.get(test)
        if held is not None:
            return held
        column = keys[:, test.column]
        if test.regex is None and len(test.values) == 1:
            held = column == numpy.uint64(test.values[0])
        else:
            if test.column not in cache:
                cache[test.column] = numpy.unique(column, return_inverse=True)
            distinct, inverse = cache[test.column]
            if test.regex is None:
                wanted = numpy.array(test.values, dtype=numpy.uint64)
                at = numpy.searchsorted(distinct, wanted).clip(max=len(distinct) - 1)
                member = numpy.zeros(len(distinct), dtype=bool)
                member[at[distinct[at] == wanted]] = True
            else:
                regex = test.regex
                member = numpy.array([bool(regex.search(self._strings[h])) for h in distinct.tolist()], dtype=bool)
            held = member[inverse]
        if test.negate:
            held = ~held
        cache[test] = held
        return held


def _compile_pattern(tokens: Sequence[dict[str, Any]], strings: Any) -> tuple[tuple[_Test, ...], ...] | None:
    """A Matcher pattern as per-token tests, or None when it uses anything but equality, ``IN``, ``NOT_IN`` and
    ``REGEX`` on the attributes of :data:`KEYS`."""
    compiled = []
    for token in tokens:
        tests = []
        for key, wanted in token.items():
            if key not in KEYS:
                return None
            column = KEYS.index(key)
            if isinstance(wanted, dict):
                if len(wanted) != 1:
                    return None
                ((operator, argument),) = wanted.items()
                if operator in ("IN", "NOT_IN") and isinstance(argument, list):
                    tests.append(_Test(column, tuple(_value(v, strings) for v in argument), operator == "NOT_IN"))
                elif operator == "REGEX" and isinstance(argument, str) and key == "LOWER":
                    tests.append(_Test(column, regex=re.compile(argument)))
                else:
                    return None
            else:
                tests.append(_Test(column, (_value(wanted, strings),)))
        compiled.append(tuple(tests))
    return tuple(compiled)


def _value(value: Any, strings: Any) -> int:
    """A pattern value as the token array holds it: a flag as 0/1, a string as its hash."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return int(strings.add(value))
