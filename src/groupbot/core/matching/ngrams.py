"""Character n-gram vectors: how a sentence is spelled, a second view next to what it means.

A sentence encoder reads "reset my password" and "reset my router" as close
relatives; the characters they share and do not share tell them apart. Each
normalized text becomes the counts of its character 1-, 2- and 3-grams (word
edges included), hashed into a fixed number of signed buckets (so the vector
length and the cost do not grow with the FAQ), sublinear in the count,
weighted by the buckets' rarity among the FAQ's phrasings and scaled to unit
length. Chinese needs no word segmentation: its characters and character pairs
are the grams. A classifier over these vectors complements the one over
sentence embeddings (docs/matching.md, "Three views of each phrasing").
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from groupbot.core.matching.normalize import normalize

__all__ = ["BUCKETS", "NgramVectorizer"]

# 1,024 signed buckets: measured as good as a full vocabulary on the dev sets, and the
# classifier projects them on their strongest directions anyway (docs/matching.md).
BUCKETS = 1024
ORDERS = (1, 2, 3)
# Above this bit of the CRC a gram adds, below it subtracts: colliding grams cancel
# out on average instead of piling up in one bucket.
_SIGN_BIT = 1 << 20


class NgramVectorizer:
    """Turns texts into unit vectors of idf-weighted, hashed character n-gram counts."""

    def __init__(self, weights: np.ndarray) -> None:
        self._weights = weights

    @classmethod
    def fit(cls, texts: Sequence[str]) -> NgramVectorizer:
        """Bucket weights (smoothed idf) from the FAQ's own phrasings."""
        return cls.fit_encode(texts)[0]

    @classmethod
    def fit_encode(cls, texts: Sequence[str]) -> tuple[NgramVectorizer, np.ndarray]:
        """:meth:`fit` on ``texts`` and their :meth:`encode` vectors, counting their grams once."""
        counts = _counts([normalize(text) for text in texts])
        seen = np.count_nonzero(counts, axis=0)
        vectorizer = cls((np.log((1 + len(texts)) / (1 + seen)) + 1).astype(np.float32))
        return vectorizer, vectorizer._weighed(counts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text (all zeros for a text without characters)."""
        return self.encode_normalized([normalize(text) for text in texts])

    def encode_normalized(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`encode` for texts already through :func:`normalize` (a question's ``Query.normalized``)."""
        return self._weighed(_counts(texts))

    def _weighed(self, counts: np.ndarray) -> np.ndarray:
        vectors = counts * self._weights
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


def _counts(normalized_texts: Sequence[str]) -> np.ndarray:
    rows = np.zeros((len(normalized_texts), BUCKETS), np.float32)
    for row, text in enumerate(normalized_texts):
        normalized = text.strip()
        if not normalized:  # nothing but spaces would still make grams, all alike
            continue
        padded = f" {normalized} "
        grams = Counter(padded[start : start + order] for order in ORDERS for start in range(len(padded) - order + 1))
        codes = [zlib.crc32(gram.encode("utf-8", "surrogatepass")) for gram in grams]
        signed = [(1 + math.log(count)) * (1.0 if code & _SIGN_BIT else -1.0)
                  for code, count in zip(codes, grams.values(), strict=True)]
        rows[row] = np.bincount([code % BUCKETS for code in codes], weights=signed, minlength=BUCKETS)
    return rows
