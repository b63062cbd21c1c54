"""A multinomial logistic-regression classifier over sentence embeddings, in numpy.

Trained on each FAQ entry's own phrasings (question and aliases): the entry is
the class. It beats cosine-to-prototype because it learns which directions of
the embedding separate *these* entries (docs/matching.md).

The confidence it hands out is the winning entry's raw logit, not its softmax
probability: probabilities shrink as the FAQ grows (the mass spreads over more
entries), while the logit of a well-matched entry stays on the same scale for
12 or 1,000 entries, so one shipped threshold holds for every FAQ
(docs/matching.md, "Thresholds that hold for any FAQ").
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from groupbot.core.matching.softmax_fit import fit_softmax

__all__ = ["EntryClassifier", "TrainingPlan"]


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    """How the classifier is fitted; fixed so that its logits mean the same for every FAQ."""

    l2: float = 3e-4
    steps: int = 100
    learning_rate: float = 0.05
    # Phrasings are projected on their first principal directions: the cost of a
    # step is phrasings x dims x entries, and the classifier never looks outside
    # the span of the phrasings anyway (its weights start at zero).
    dims: int = 128


class EntryClassifier:
    """Maps a sentence embedding to one logit per FAQ entry (by position)."""

    def __init__(self, mean: np.ndarray, projection: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> None:
        self._mean = mean
        self._projection = projection
        self._weights = weights
        self._bias = bias

    @property
    def size(self) -> int:
        """How many entries it tells apart."""
        return int(self._bias.shape[0])

    @classmethod
    def train(
        cls, vectors: np.ndarray, labels: Sequence[int], entries: int, plan: TrainingPlan | None = None,
        pool: Executor | None = None,
    ) -> EntryClassifier:
        """Fit on ``vectors`` (one row per phrasing) labelled with entry positions ``0..entries-1``.

        With a ``pool``, blocks of rows are fitted on its threads; the weights are the same either way.
        """
        plan = plan or TrainingPlan()
        x = np.asarray(vectors, dtype=np.float32)
        mean = x.mean(0) if len(x) else np.zeros(x.shape[1], np.float32)
        projection = _principal_directions(x - mean, plan.dims)
        features = (x - mean) @ projection
        labelled = np.asarray(labels, dtype=np.int64)
        weights, bias = fit_softmax(features, labelled, entries, plan.steps, plan.learning_rate, plan.l2, pool)
        return cls(mean.astype(np.float32), projection, weights, bias)

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """One row of entry logits per embedding row."""
        features = (np.asarray(vectors, dtype=np.float32) - self._mean) @ self._projection
        return features @ self._weights + self._bias

    def leads(self, vectors: np.ndarray) -> np.ndarray:
        """Per row and entry: its logit minus the mean logit of the *other* entries.

        Softmax training keeps each row's logits summing to zero, so the top
        logit alone stands about half as far from the rest in a 2-entry FAQ as
        in a 50-entry one; the lead over the others' mean is the same reading
        for any number of entries (it equals ``logit * n / (n - 1)``).
        """
        logits = self.logits(vectors)
        entries = logits.shape[1]
        if entries < 2:
            return logits
        others = (logits.sum(1, keepdims=True) - logits) / (entries - 1)
        return logits - others


def _principal_directions(centered: np.ndarray, dims: int) -> np.ndarray:
    if centered.shape[0] == 0:
        return np.zeros((centered.shape[1], 0), np.float32)
    values, vectors = _scatter_eigen(centered.astype(np.float64))
    order = np.argsort(values)[::-1]
    keep = min(dims, int((values > 1e-6 * max(float(values.max()), 1e-12)).sum()) or 1)
    return np.ascontiguousarray(vectors[:, order[:keep]].astype(np.float32))


def _scatter_eigen(centered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors (columns) of the phrasings' scatter matrix, strongest anywhere.

    The right singular vectors of the phrasings, at a fraction of an SVD's cost. With fewer
    phrasings than dimensions (a small FAQ against 512-d embeddings or 1,024 n-gram buckets)
    the Gram matrix is the smaller one and has the same non-zero spectrum: a bot with the
    sample FAQ trains in a tenth of the time.
    """
    rows, columns = centered.shape
    if rows >= columns:
        return np.linalg.eigh(centered.T @ centered)
    values, left = np.linalg.eigh(centered @ centered.T)
    scale = np.sqrt(np.maximum(values, 1e-12))
    return values, (centered.T @ left) / scale
