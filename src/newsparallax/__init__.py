"""Parallax: compare how news outlets cover the same story.

>>> import newsparallax
>>> a = newsparallax.read("examples/harbor-fire/01_coastal-wire.txt")
>>> comparison = newsparallax.compare([a, newsparallax.read("examples/harbor-fire/02_harbor-daily.txt")])
>>> comparison.to_json()

The names below load their modules on first use, so ``import newsparallax`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsparallax.errors import InputError, ModelUnavailable, NotEnoughArticles, ParallaxError
    from newsparallax.model import Article, Comparison, Fact, Mention, Span
    from newsparallax.pipeline import compare
    from newsparallax.readers import read_many
    from newsparallax.readers import read_one as read
    from newsparallax.settings import Settings

_EXPORTS = {
    "compare": ("newsparallax.pipeline", "compare"),
    "read": ("newsparallax.readers", "read_one"),
    "read_many": ("newsparallax.readers", "read_many"),
    "Settings": ("newsparallax.settings", "Settings"),
    "Article": ("newsparallax.model", "Article"),
    "Comparison": ("newsparallax.model", "Comparison"),
    "Fact": ("newsparallax.model", "Fact"),
    "Mention": ("newsparallax.model", "Mention"),
    "Span": ("newsparallax.model", "Span"),
    "ParallaxError": ("newsparallax.errors", "ParallaxError"),
    "InputError": ("newsparallax.errors", "InputError"),
    "ModelUnavailable": ("newsparallax.errors", "ModelUnavailable"),
    "NotEnoughArticles": ("newsparallax.errors", "NotEnoughArticles"),
}
__all__ = [
    "Article",
    "Comparison",
    "Fact",
    "InputError",
    "Mention",
    "ModelUnavailable",
    "NotEnoughArticles",
    "ParallaxError",
    "Settings",
    "Span",
    "__version__",
    "compare",
    "read",
    "read_many",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'newsparallax' has no attribute {name!r}")
    import importlib

    module, attr = _EXPORTS[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
