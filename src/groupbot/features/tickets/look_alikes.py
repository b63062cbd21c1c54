"""Open tickets that may be the same problem told in the other language: a hint for ops, never a merge.

Repeats are merged by words (:mod:`groupbot.core.repeats`), which cannot see
that "扫码枪一扫就卡死" and "the scanner freezes after every scan" are one
failure. The sentence encoder can, but not surely enough to merge: on the
bundled FAQ's Chinese and English phrasings of one topic, the closest
phrasing in the other language at a cosine of 0.6 or more is the right topic
93% of the time and is found for 42% of them, while 7% of phrasings with no
counterpart still find a false one (docs/triage.md). A wrong merge answers a
customer with another customer's fix; a hint costs ops a glance. So a new
ticket's ops notice names the likeliest open ticket in the other language,
with the /dup command that merges them, and its timeline records it.

Same-language look-alikes are left to the word matcher: there, meaning was
right about half the time.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from groupbot.core.language import detect_locale
from groupbot.core.repeats import RepeatCandidate

__all__ = ["LookAlike", "LookAlikes"]

THRESHOLD = 0.6
PHRASINGS = 3
"""A candidate's first phrasings compared (its title first): enough to know what it is about."""
CACHE = 4096
"""Phrasing vectors kept: the open tickets one search compares, many times over."""

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class LookAlike:
    """An open ticket that may be the same problem, how close, and the phrasing that was closest."""

    number: int
    score: float
    phrasing: str


class LookAlikes:
    """Finds the open ticket closest in meaning to a report among those told in the other language."""

    def __init__(self, encode: Encode, threshold: float = THRESHOLD) -> None:
        self._encode = encode
        self._threshold = threshold
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    async def find(self, text: str, candidates: Sequence[RepeatCandidate]) -> LookAlike | None:
        """The likeliest look-alike of ``text`` among ``candidates``, if one is close enough."""
        language = detect_locale(text, "")
        if not language:
            return None  # no words to tell the language by (emoji, digits)
        pairs = [
            (candidate.number, phrasing)
            for candidate in candidates
            for phrasing in candidate.phrasings[:PHRASINGS]
            if detect_locale(phrasing, language) != language
        ]
        if not pairs:
            return None
        vectors = await asyncio.to_thread(self._vectors_of, [text, *(phrasing for _number, phrasing in pairs)])
        scores = vectors[1:] @ vectors[0]
        best = int(np.argmax(scores))
        if scores[best] < self._threshold:
            return None
        number, phrasing = pairs[best]
        return LookAlike(number, float(scores[best]), phrasing)

    def _vectors_of(self, texts: list[str]) -> np.ndarray:
        """Rows for ``texts``; the report (first) is always encoded, phrasings seen before come from memory."""
        with self._lock:  # runs in worker threads
            missing = list(dict.fromkeys(text for text in texts[1:] if text not in self._vectors))
            fresh = self._encode([texts[0], *missing])
            for row, text in enumerate(missing, 1):
                self._vectors[text] = fresh[row]
            rows = [fresh[0]]
            for text in texts[1:]:
                self._vectors.move_to_end(text)
                rows.append(self._vectors[text])
            while len(self._vectors) > CACHE:
                self._vectors.popitem(last=False)
            return np.stack(rows)
