"""The one door to heavy models: built lazily, once per process and configuration.

Nothing else in the library imports onnxruntime, torch or spaCy at module import time; stages ask here.
A web server or a benchmark that keeps the process alive pays the load cost once.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from newsparallax.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from newsparallax.embedding import Embedder

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _embedder(kind: str, threads: int, batch_size: int) -> Embedder:
    from newsparallax import embedding

    if kind == "torch":
        return embedding.TorchEmbedder(threads, batch_size)
    return embedding.OnnxEmbedder(threads, batch_size)


def embedder(settings: Settings = DEFAULT) -> Embedder:
    """The sentence embedder the settings name, loaded on first use."""
    with _lock:
        return _embedder(settings.embedder, settings.threads, settings.batch_size)
