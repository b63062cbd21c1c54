"""The meaning signal: per question, a lead for every FAQ entry, from two views of the FAQ's phrasings.

Two classifiers are trained on the FAQ's phrasings (built off the event loop):
one over sentence embeddings (what a phrasing means) and one over character
n-gram vectors (how it is spelled, :mod:`ngrams`). An entry's lead is the
weighted mean of its leads in both; each is size-independent, so the mean is
too. The spelling view adds what the encoder blurs (it reads "reset my
password" and "reset my router" alike) and, on the dev sets, separates right
answers from out-of-scope questions better than either view alone
(docs/matching.md, "Two views of each phrasing").

Training grows with entries x phrasings, so above ``CLASSIFIER_LIMIT`` entries
the matcher decides on words alone: an embedding index with a fixed cosine
scale was measured and answered far fewer questions right than words at
10,000 entries (docs/matching.md, "Large FAQs").
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier, TrainingPlan
from groupbot.core.matching.encoder import SentenceEncoder
from groupbot.core.matching.ngrams import NgramVectorizer

__all__ = ["CLASSIFIER_LIMIT", "SPELLING_WEIGHT", "EntryMeaning"]

PLAN = TrainingPlan()
# The n-gram vectors need fewer directions and steps than sentence embeddings (64 and 50
# rank and separate the same on the dev sets as 128 and 100): a third of the first one's cost.
SPELLING_PLAN = TrainingPlan(dims=64, steps=50)
# Share of the spelling view in the lead (0.3 : 1 against the meaning view): swept on the
# dev sets, 0.2-0.4 give the same within 0.005; alone it ranks worse than meaning.
SPELLING_WEIGHT = 0.3 / 1.3
CLASSIFIER_LIMIT = 2_000
# The cores this process may run on (a container's cpuset or a pinned process has fewer than the machine).
_USABLE_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
# Threads fitting blocks of phrasings (numpy releases the GIL; each keeps to one BLAS thread, so
# the event loop's small products never wait for BLAS workers): one per core, as a retraining
# is the one big computation and the old model answers meanwhile (docs/matching.md, "Retraining").
TRAINING_THREADS = max(1, min(4, _USABLE_CORES))


@dataclass(frozen=True, slots=True)
class _Spelling:
    vectorizer: NgramVectorizer
    classifier: EntryClassifier

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[int], entries: int, pool: Executor) -> _Spelling:
        vectorizer, vectors = NgramVectorizer.fit_encode(texts)
        return cls(vectorizer, EntryClassifier.train(vectors, labels, entries, SPELLING_PLAN, pool))


class EntryMeaning:
    """Both classifiers over the entries (by position in ``entry_ids``)."""

    def __init__(
        self, encoder: SentenceEncoder, entry_ids: Sequence[str], classifier: EntryClassifier,
        spelling: _Spelling | None = None,
    ) -> None:
        self._encoder = encoder
        self.entry_ids = tuple(entry_ids)
        self._classifier = classifier
        self._spelling = spelling

    @classmethod
    def train(
        cls, encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]], plan: TrainingPlan = PLAN
    ) -> EntryMeaning:
        """Embed every ``(entry_id, phrasings)`` pair's texts and fit both classifiers on them.

        The two views are fitted at the same time (the spelling one on a thread of its own), their
        blocks of phrasings on ``TRAINING_THREADS`` threads: the same classifiers as one after the other.
        """
        texts = [text for _entry_id, entry_texts in phrasings for text in entry_texts]
        labels = [number for number, (_id, entry_texts) in enumerate(phrasings) for _text in entry_texts]
        vectors = encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        with (ThreadPoolExecutor(1, "faq-spelling") as side, ThreadPoolExecutor(TRAINING_THREADS, "faq-fit") as pool):
            spelling = side.submit(_Spelling.train, texts, labels, len(phrasings), pool)
            classifier = EntryClassifier.train(vectors, labels, len(phrasings), plan, pool)
            return cls(encoder, [entry_id for entry_id, _ in phrasings], classifier, spelling.result())

    def leads(self, text: str, vector: np.ndarray | None = None, normalized: str | None = None) -> np.ndarray:
        """Every entry's lead for ``text``: its logit over the mean of the others' (see ``EntryClassifier.leads``),
        in the weighted mean of both views.

        ``vector`` is ``text``'s embedding and ``normalized`` its :func:`normalize` d form when the caller
        already has them (questions encoded in a batch; the matcher's ``Query``).
        """
        embedded = self._encoder.encode([text]) if vector is None else np.asarray(vector, np.float32).reshape(1, -1)
        meaning = self._classifier.leads(embedded)[0]
        if self._spelling is None:
            return meaning
        vectorizer = self._spelling.vectorizer
        grams = vectorizer.encode([text]) if normalized is None else vectorizer.encode_normalized([normalized])
        spelling = self._spelling.classifier.leads(grams)[0]
        return (1 - SPELLING_WEIGHT) * meaning + SPELLING_WEIGHT * spelling
