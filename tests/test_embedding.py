"""The ONNX sentence embedder: normalised vectors that do not depend on batching or input order."""

from __future__ import annotations

import numpy as np

from newsparallax.embedding import OnnxEmbedder

SENTENCES = [
    "The harbor authority closed the east pier after the fire.",
    "Fire crews worked through the night.",
    "Officials said 14 boats were damaged and two crew members were treated for smoke inhalation on Tuesday.",
    "Closed.",
    "A spokesperson for the port, speaking on condition of anonymity because the inquiry is still open, declined "
    "to say whether the warehouse had passed its last inspection or when the pier would reopen to traffic.",
]


def test_vectors_are_unit_length_and_one_per_text(embedder) -> None:  # type: ignore[no-untyped-def]
    vectors = embedder.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


def test_batch_size_and_order_do_not_change_a_vector(embedder) -> None:  # type: ignore[no-untyped-def]
    """The batch size is a speed setting only (sentences are padded to their batch's longest, and masked)."""
    one_at_a_time = OnnxEmbedder(batch_size=1).embed(SENTENCES)
    assert np.array_equal(embedder.embed(SENTENCES), one_at_a_time)
    backwards = embedder.embed(SENTENCES[::-1])
    assert np.array_equal(backwards[::-1], one_at_a_time)


def test_paraphrase_is_nearer_than_another_event(embedder) -> None:  # type: ignore[no-untyped-def]
    same, paraphrase, other = embedder.embed(
        [
            "The fire destroyed a warehouse on the east pier.",
            "A warehouse on the east pier burned down in the blaze.",
            "The city council approved a new budget for school buses.",
        ]
    )
    assert float(same @ paraphrase) > float(same @ other) + 0.3
