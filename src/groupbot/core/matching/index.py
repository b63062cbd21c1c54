"""An inverted index over phrasing tokens with BM25 weights.

A question touches only the postings of its own tokens, rarest first, and stops
after a fixed budget of postings: cost follows the question, not the store.
The shortlist it returns is re-scored exactly by :mod:`score`.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import partial
from operator import itemgetter

__all__ = ["PhrasingIndex"]

K1 = 1.2
B = 0.75
POSTINGS_BUDGET = 4_000


class PhrasingIndex:
    """BM25 over token sets (one per phrasing), searched through postings.

    Phrasings are a sentence long, so a token rarely repeats; counting each
    once lets a posting be a bare phrasing number and the BM25 term weight a
    per-phrasing constant (length normalization only), which halves memory.
    """

    def __init__(self, documents: Sequence[Collection[str]]) -> None:
        self.size = len(documents)
        self._docs: defaultdict[str, array] = defaultdict(partial(array, "i"))
        lengths = [len(doc) for doc in documents]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        self._doc_weight = array("f", ((K1 + 1) / (1 + K1 * (1 - B + B * n / (average or 1.0))) for n in lengths))
        for number, doc in enumerate(documents):
            for token in doc:
                self._docs[token].append(number)
        self._docs = dict(self._docs)
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
            idf = self._idf[token]
            weights = self._doc_weight
            for doc in docs:
                scores[doc] = scores.get(doc, 0.0) + idf * weights[doc]
        return heapq.nlargest(limit, scores.items(), key=itemgetter(1))
