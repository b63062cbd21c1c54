"""The meaning signal: a classifier over sentence embeddings of the FAQ's phrasings.

Built once per FAQ version (off the event loop: training takes up to a few
seconds for 1,000 entries) and then asked one question at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier, TrainingPlan
from groupbot.core.matching.encoder import SentenceEncoder

__all__ = ["EntryMeaning"]

PLAN = TrainingPlan()


class EntryMeaning:
    """Per question, a logit for every FAQ entry (by position in ``entry_ids``)."""

    def __init__(self, encoder: SentenceEncoder, entry_ids: Sequence[str], classifier: EntryClassifier) -> None:
        self._encoder = encoder
        self.entry_ids = tuple(entry_ids)
        self._classifier = classifier

    @classmethod
    def train(
        cls, encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]], plan: TrainingPlan = PLAN
    ) -> EntryMeaning:
        """Embed every ``(entry_id, phrasings)`` pair's texts and fit the classifier on them."""
        ids = [entry_id for entry_id, _texts in phrasings]
        texts = [text for _entry_id, entry_texts in phrasings for text in entry_texts]
        labels = [number for number, (_id, entry_texts) in enumerate(phrasings) for _text in entry_texts]
        vectors = encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        return cls(encoder, ids, EntryClassifier.train(vectors, labels, len(ids), plan))

    def leads(self, text: str) -> np.ndarray:
        """Every entry's lead for ``text``: its logit over the mean of the others' (see ``EntryClassifier.leads``)."""
        return self._classifier.leads(self._encoder.encode([text]))[0]
