"""The meaning signal: per question, a lead for every FAQ entry, from up to three views of the FAQ's phrasings.

A classifier is trained per view on the FAQ's phrasings (built off the event
loop): one over sentence embeddings (what a phrasing means), one over
character n-gram vectors (how it is spelled, :mod:`ngrams`) and, when word
vectors are installed, one over averaged word vectors (which words it uses,
synonyms included). An entry's lead is the weighted mean of its leads; each is
size-independent, so the mean is too. The spelling view adds what the encoder
blurs (it reads "reset my password" and "reset my router" alike), the word
view what it misses of single words ("remove" is "delete"); on the dev sets
each separates right answers from out-of-scope questions better together
than apart (docs/matching.md, "Three views of each phrasing").

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

__all__ = ["CLASSIFIER_LIMIT", "SPELLING_WEIGHT", "WORDS_WEIGHT", "EntryMeaning"]

PLAN = TrainingPlan()
# The n-gram vectors need fewer directions and steps than sentence embeddings (64 and 50
# rank and separate the same on the dev sets as 128 and 100): a third of the first one's cost.
SPELLING_PLAN = TrainingPlan(dims=64, steps=50)
# Share of the spelling view in the lead (0.3 : 1 against the meaning view): swept on the
# dev sets, 0.2-0.4 give the same within 0.005; alone it ranks worse than meaning.
_SPELLING_SHARE = 0.3
SPELLING_WEIGHT = _SPELLING_SHARE / (1 + _SPELLING_SHARE)
# The word-vector view: 256 dimensions, 64 directions rank and separate as well as 128 at half the
# training cost; weighed 0.6 : 0.3 : 1 against spelling and meaning (0.45-0.6 swept alike).
WORDS_PLAN = TrainingPlan(dims=64, steps=100)
WORDS_WEIGHT = 0.6
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


@dataclass(frozen=True, slots=True)
class _Words:
    encoder: SentenceEncoder
    classifier: EntryClassifier

    @classmethod
    def train(
        cls, encoder: SentenceEncoder, texts: Sequence[str], labels: Sequence[int], entries: int, pool: Executor,
    ) -> _Words:
        return cls(encoder, EntryClassifier.train(encoder.encode(texts), labels, entries, WORDS_PLAN, pool))


class EntryMeaning:
    """The views' classifiers over the entries (by position in ``entry_ids``)."""

    def __init__(
        self, encoder: SentenceEncoder, entry_ids: Sequence[str], classifier: EntryClassifier,
        spelling: _Spelling | None = None, words: _Words | None = None,
    ) -> None:
        self._encoder = encoder
        self.entry_ids = tuple(entry_ids)
        self._classifier = classifier
        self._spelling = spelling
        self._words = words

    @classmethod
    def train(
        cls, encoder: SentenceEncoder, phrasings: Sequence[tuple[str, Sequence[str]]], plan: TrainingPlan = PLAN,
        word_vectors: SentenceEncoder | None = None,
    ) -> EntryMeaning:
        """Embed every ``(entry_id, phrasings)`` pair's texts and fit a classifier per view on them.

        The views are fitted at the same time (spelling and words on threads of their own), their
        blocks of phrasings on ``TRAINING_THREADS`` threads: the same classifiers as one after the other.
        """
        texts = [text for _entry_id, entry_texts in phrasings for text in entry_texts]
        labels = [number for number, (_id, entry_texts) in enumerate(phrasings) for _text in entry_texts]
        vectors = encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        entries = len(phrasings)
        with (ThreadPoolExecutor(2, "faq-views") as side, ThreadPoolExecutor(TRAINING_THREADS, "faq-fit") as pool):
            spelling = side.submit(_Spelling.train, texts, labels, entries, pool)
            words = None if word_vectors is None else side.submit(
                _Words.train, word_vectors, texts, labels, entries, pool)
            classifier = EntryClassifier.train(vectors, labels, entries, plan, pool)
            return cls(encoder, [entry_id for entry_id, _ in phrasings], classifier, spelling.result(),
                       None if words is None else words.result())

    def leads(self, text: str, vector: np.ndarray | None = None, normalized: str | None = None) -> np.ndarray:
        """Every entry's lead for ``text``: its logit over the mean of the others' (see ``EntryClassifier.leads``),
        in the weighted mean of the views.

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
        if self._words is None:
            return (1 - SPELLING_WEIGHT) * meaning + SPELLING_WEIGHT * spelling
        words = self._words.classifier.leads(self._words.encoder.encode([text]))[0]
        return (meaning + _SPELLING_SHARE * spelling + WORDS_WEIGHT * words) / (1 + _SPELLING_SHARE + WORDS_WEIGHT)
