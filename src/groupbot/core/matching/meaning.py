"""The meaning signal: per question, a lead for every FAQ entry, from sentence embeddings.

Up to ``CLASSIFIER_LIMIT`` entries a classifier is trained on the FAQ's phrasings
(:class:`EntryMeaning`, built off the event loop: a few seconds for 1,000
entries). Beyond that, training every entry against every other costs too
much, and the nearest phrasing by cosine decides (:class:`NearestMeaning`, an
embedding index in one numpy matrix).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier, TrainingPlan
from groupbot.core.matching.encoder import SentenceEncoder

__all__ = ["CLASSIFIER_LIMIT", "EntryMeaning", "NearestMeaning", "train_meaning"]

PLAN = TrainingPlan()
CLASSIFIER_LIMIT = 2_000
# Nearest-phrasing cosine onto the classifier's lead scale: paraphrases of a phrasing
# sit at cosine 0.75-0.9 in USE, unrelated sentences at 0.2-0.5. Not calibrated per FAQ
# like the classifier; docs/matching.md, "Large FAQs".
COSINE_SCALE = 12.0
COSINE_CENTRE = 0.5
INDEX_DIMS = 128


class EntryMeaning:
    """A classifier over the entries (by position in ``entry_ids``)."""

    def __init__(self, encoder: SentenceEncoder, entry_ids: Sequence[str], classifier: EntryClassifier) -> None:
        self._encoder = encoder
        self.entry_ids = tuple(entry_ids)
        self._classifier = classifier

    @classmethod
    def train(
        cls, encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]], plan: TrainingPlan = PLAN
    ) -> EntryMeaning:
        """Embed every ``(entry_id, phrasings)`` pair's texts and fit the classifier on them."""
        vectors, labels = _embed(encoder, phrasings)
        return cls(encoder, [entry_id for entry_id, _ in phrasings], EntryClassifier.train(vectors, labels,
                                                                                             len(phrasings), plan))

    def leads(self, text: str) -> np.ndarray:
        """Every entry's lead for ``text``: its logit over the mean of the others' (see ``EntryClassifier.leads``)."""
        return self._classifier.leads(self._encoder.encode([text]))[0]


class NearestMeaning:
    """The entry of the nearest phrasing by cosine, for FAQs too large to train a classifier on."""

    def __init__(self, encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._encoder = encoder
        self.entry_ids = tuple(entry_id for entry_id, _ in phrasings)
        vectors, labels = _embed(encoder, phrasings)
        # A query reads the whole matrix, so its size is the latency: 150,000 phrasings x 512
        # floats is 300 MB per question. Projected on the phrasings' 128 strongest directions it
        # is a quarter of that, and cosines move by a few hundredths.
        self._projection = _strongest_directions(vectors, INDEX_DIMS)
        self._matrix = _unit_rows(vectors @ self._projection)
        # phrasings are grouped by entry, so an entry's best cosine is a reduceat over its run
        self._starts = np.flatnonzero(np.r_[True, np.diff(np.asarray(labels)) != 0])

    def leads(self, text: str) -> np.ndarray:
        """Every entry's best cosine to ``text``, mapped onto the classifier's lead scale."""
        query = _unit_rows(self._encoder.encode([text]) @ self._projection)[0]
        cosines = self._matrix @ query
        return COSINE_SCALE * (np.maximum.reduceat(cosines, self._starts) - COSINE_CENTRE)


def _strongest_directions(vectors: np.ndarray, dims: int) -> np.ndarray:
    values, directions = np.linalg.eigh(vectors.T @ vectors)
    return np.ascontiguousarray(directions[:, np.argsort(values)[::-1][:dims]].astype(np.float32))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def train_meaning(
    encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]]
) -> EntryMeaning | NearestMeaning:
    """A classifier up to ``CLASSIFIER_LIMIT`` entries, the nearest-phrasing index beyond."""
    if len(phrasings) <= CLASSIFIER_LIMIT:
        return EntryMeaning.train(encoder, phrasings)
    return NearestMeaning(encoder, phrasings)


def _embed(encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]]) -> tuple[np.ndarray, list[int]]:
    texts = [text for _entry_id, entry_texts in phrasings for text in entry_texts]
    labels = [number for number, (_id, entry_texts) in enumerate(phrasings) for _text in entry_texts]
    vectors = encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
    return vectors, labels
