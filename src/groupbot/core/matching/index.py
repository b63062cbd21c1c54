"""An inverted index over phrasing tokens with BM25 weights.

A question touches only the postings of its own tokens, rarest first, and stops
after a fixed budget of postings: cost follows the question, not the store.
The shortlist it returns is re-scored exactly by :mod:`score`.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

__all__ = ["PhrasingIndex"]

K1 = 1.2
B = 0.75
POSTINGS_BUDGET = 4_000


class PhrasingIndex:
    """BM25 over token lists (one per phrasing), searched through postings."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        self._docs: dict[str, array] = {}
        self._weights: dict[str, array] = {}
        lengths = [len(doc) for doc in documents]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        for number, doc in enumerate(documents):
            norm = K1 * (1 - B + B * len(doc) / (average or 1.0))
            for token, count in Counter(doc).items():
                self._docs.setdefault(token, array("i")).append(number)
                self._weights.setdefault(token, array("f")).append(count * (K1 + 1) / (count + norm))
        self._idf = {token: self._idf_of(len(docs)) for token, docs in self._docs.items()}
        self._unseen_idf = self._idf_of(0)

    def df(self, token: str) -> int:
        """In how many phrasings ``token`` occurs."""
        docs = self._docs.get(token)
        return len(docs) if docs is not None else 0

    def idf(self, token: str) -> float:
        """BM25 idf, always positive; unseen tokens get the largest value."""
        return self._idf.get(token, self._unseen_idf)

    def _idf_of(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def search(self, query: Sequence[str], limit: int, budget: int = POSTINGS_BUDGET) -> list[tuple[int, float]]:
        """The ``limit`` best phrasings for ``query`` tokens as ``(phrasing, bm25)``, best first.

        Tokens are visited rarest first; common ones are skipped once ``budget``
        postings were read, since they rarely change which phrasings are close.
        """
        scores: dict[int, float] = {}
        visited = 0
        for token in sorted(set(query), key=self.df):
            docs = self._docs.get(token)
            if docs is None:
                continue
            if visited and visited + len(docs) > budget:
                break
            visited += len(docs)
            idf = self._idf[token] * query.count(token)
            for doc, weight in zip(docs, self._weights[token], strict=True):
                scores[doc] = scores.get(doc, 0.0) + idf * weight
        return heapq.nlargest(limit, scores.items(), key=itemgetter(1))
