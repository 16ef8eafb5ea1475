"""One settings object: every threshold of Parallax, each with a sentence on what it trades.

``Settings`` is frozen; derive a variant with ``settings.replace(align_threshold=0.6)``. ``describe()`` lists
every setting with its default and help text (the CLI reference and a test read it, so none goes undocumented).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsparallax.errors import SettingsError


def setting(default: Any, help: str) -> Any:
    """A dataclass field with its help text: every settings object declares its thresholds this way."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    # --- models -----------------------------------------------------------------------------------------
    embedder: str = setting(
        "onnx",
        "Sentence embedder: 'onnx' (int8 all-MiniLM-L6-v2, no torch, loads in ~0.4 s) or 'torch' (the same "
        "model through sentence-transformers; needs the 'torch' extra, ~5 s to import, reference vectors).",
    )
    threads: int = setting(
        0, "CPU threads for the embedder; 0 lets the runtime use every core. Fewer threads leave cores to others."
    )
    batch_size: int = setting(
        16,
        "Sentences per embedding batch (sentences are sorted by length first). Results do not depend on it; on 2 "
        "cores 16 ran 20-30 % faster than 64 (less padding, batches that stay in cache) and 8 no faster.",
    )
    # --- segmentation -----------------------------------------------------------------------------------
    clause_min_words: int = setting(
        4,
        "A sentence is split into clauses for alignment only when every clause keeps at least this many words; "
        "lower splits more (finer facts) but gives the embedder less context per clause.",
    )
    # --- alignment --------------------------------------------------------------------------------------
    align_threshold: float = setting(
        0.62,
        "Minimum pair score for two mentions to state the same fact. Higher gives purer facts and more "
        "'only here' sentences; lower catches looser paraphrase but risks merging near-misses.",
    )
    align_min_link: float = setting(
        0.45,
        "Every pair of mentions from different articles inside one fact must score at least this; it stops "
        "chaining (A~B, B~C, but A unlike C). Lower lets facts grow by transitivity.",
    )
    align_clash_threshold: float = setting(
        0.5,
        "Two otherwise unaligned mentions that differ in a figure or date are still one fact (so the conflict is "
        "reported) when, ignoring those details, they score at least this and each is the other's best match. "
        "Lower reports more conflicts but risks pairing two different events; 1 turns it off.",
    )
    lexical_weight: float = setting(
        0.35,
        "Weight of content-word overlap against embedding similarity in the pair score. Higher favours "
        "near-verbatim matches; lower trusts the embedder's sense of paraphrase.",
    )
    number_penalty: float = setting(
        0.12,
        "Score taken off when both mentions state numbers and none agree. Higher keeps different events apart "
        "(24 told to leave in September vs 27 leaving in January) but can split a fact whose figures conflict.",
    )
    number_bonus: float = setting(
        0.06,
        "Score added when both mentions state a figure and one agrees (40 workers / all 40 employees). Higher "
        "trusts a shared number as evidence of one fact; lower leaves it to wording.",
    )
    date_penalty: float = setting(
        0.25,
        "Score taken off when both mentions carry explicit dates or months and none agree: the strongest sign "
        "of two different events. Lower risks merging near-misses; higher splits facts with a conflicting date.",
    )
    entity_penalty: float = setting(
        0.08,
        "Score taken off when both mentions name people or places and share none of them. Higher separates "
        "similar statements by different actors; lower tolerates outlets naming actors differently.",
    )
    overlap_penalty: float = setting(
        0.02,
        "Score taken off when two mentions share at most one content word, so their score rests on the embedder "
        "alone. Higher asks more of paraphrase with no shared wording; lower lets statements that are merely on "
        "one topic reach the threshold.",
    )
    partial_coverage: float = setting(
        0.5,
        "A mention is marked 'partial' when it carries less than this share of the content words a fuller "
        "mention of the same fact carries. Higher marks more mentions partial.",
    )
    # --- framing --------------------------------------------------------------------------------------------
    counterpart_threshold: float = setting(
        0.27,
        "Word overlap (idf-weighted Dice) at which two sentences the aligner kept apart still count as two "
        "wordings of one statement, so their differing words are compared as word choice. Lower finds more "
        "rewordings but pairs unrelated sentences about one actor (calibrated on the examples: rewordings "
        "0.27-0.39, the closest unrelated pairs 0.26).",
    )
    # --- text reuse -------------------------------------------------------------------------------------
    reuse_min_words: int = setting(
        8,
        "Shortest passage two articles must share word for word to count as reuse (a shorter one counts only "
        "when it carries a shared misspelling). Lower finds more copying but also stock phrases.",
    )
    syndication_share: float = setting(
        0.6,
        "Share of the shorter article's words that must be shared for a pair to be reported as syndication (one "
        "item) instead of separate passages. Lower calls heavier rewrites syndication.",
    )
    # --- input ------------------------------------------------------------------------------------------
    fetch_timeout: float = setting(15.0, "Seconds before a URL fetch gives up; longer waits on slow sites.")
    fetch_max_bytes: int = setting(
        5_000_000, "Largest response body accepted from a URL; bigger pages are refused rather than truncated."
    )
    allow_private: bool = setting(
        False,
        "Fetch URLs that resolve to private, loopback or link-local addresses. Off by default so a pasted URL "
        "cannot reach services inside your network.",
    )
    english_min_share: float = setting(
        0.06,
        "Below this share of common English function words an article is flagged as probably not English "
        "(the models are English). Higher warns more eagerly.",
    )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def __post_init__(self) -> None:
        if self.embedder not in ("onnx", "torch"):
            raise SettingsError(f"embedder must be 'onnx' or 'torch', not {self.embedder!r}")
        for name in (
            "align_threshold",
            "align_min_link",
            "align_clash_threshold",
            "lexical_weight",
            "partial_coverage",
            "syndication_share",
            "counterpart_threshold",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"{name} must lie in [0, 1], not {value}")
        if self.batch_size < 1 or self.clause_min_words < 1 or self.reuse_min_words < 2:
            raise SettingsError("batch_size and clause_min_words must be at least 1, reuse_min_words at least 2")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def describe(settings_class: type[Any] = Settings) -> list[tuple[str, Any, str]]:
    """``(name, default, help)`` for every setting of a settings dataclass, in declaration order."""
    return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(settings_class)]


DEFAULT = Settings()


def parse_assignments(items: Sequence[str], known: Mapping[str, Any]) -> dict[str, Any]:
    """``NAME=VALUE`` items (``--set``) as values of their setting's type (``known``: name -> default).

    Raises :class:`ValueError` naming the item: an unknown name, a missing value, or one not of the type.
    """
    changes: dict[str, Any] = {}
    for item in items:
        name, _, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if name not in known or not raw:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE with NAME one of: {', '.join(known)}")
        default = known[name]
        try:
            value: Any = raw.lower() in ("1", "true", "yes", "on") if isinstance(default, bool) else type(default)(raw)
        except ValueError:
            raise ValueError(f"--set {item!r}: {raw!r} is not a valid {type(default).__name__}") from None
        changes[name] = value
    return changes
