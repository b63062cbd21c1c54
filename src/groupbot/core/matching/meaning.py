"""The meaning signal: per question, a lead for every FAQ entry, from sentence embeddings.

A classifier is trained on the FAQ's phrasings (built off the event loop: a few
seconds for 1,000 entries). Training grows with entries x phrasings, so above
``CLASSIFIER_LIMIT`` entries the matcher decides on words alone: an embedding
index with a fixed cosine scale was measured and answered far fewer questions
right than words at 10,000 entries (docs/matching.md, "Large FAQs").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier, TrainingPlan
from groupbot.core.matching.encoder import SentenceEncoder

__all__ = ["CLASSIFIER_LIMIT", "EntryMeaning"]

PLAN = TrainingPlan()
CLASSIFIER_LIMIT = 2_000


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

    def leads(self, text: str, vector: np.ndarray | None = None) -> np.ndarray:
        """Every entry's lead for ``text``: its logit over the mean of the others' (see ``EntryClassifier.leads``).

        ``vector`` is ``text``'s embedding when the caller already has it (questions encoded in a batch).
        """
        embedded = self._encoder.encode([text]) if vector is None else np.asarray(vector, np.float32).reshape(1, -1)
        return self._classifier.leads(embedded)[0]


def _embed(encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]]) -> tuple[np.ndarray, list[int]]:
    texts = [text for _entry_id, entry_texts in phrasings for text in entry_texts]
    labels = [number for number, (_id, entry_texts) in enumerate(phrasings) for _text in entry_texts]
    vectors = encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
    return vectors, labels
