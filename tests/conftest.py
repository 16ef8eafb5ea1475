"""Shared fixtures: the embedder loads once per session; real data is used only when ../shared is present."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present (fresh clone outside the workplace)")
    return SEEDS


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from newsparallax import resources

    return resources.embedder()


@pytest.fixture()
def make_article() -> Callable[..., object]:
    """Build a segmented article from plain paragraphs: ``make_article("a", "Para one.", "Para two.")``."""
    from newsparallax.model import Article
    from newsparallax.segment import segment

    def build(article_id: str, *paragraphs: str, source: str | None = None, title: str = "Headline") -> Article:
        return segment(Article(id=article_id, source=source or article_id, title=title, text="\n".join(paragraphs)))

    return build
