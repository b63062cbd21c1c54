"""Exact similarity between a question and one phrasing, then per FAQ entry.

The similarity mixes what the index counts (idf-weighted token overlap, so rare
words matter more) with rapidfuzz's edit-based ratios (which forgive typos and
word order). Each part lies in [0, 1], so the mix does too, and one set of
thresholds serves English and Chinese alike (docs/matching.md has the sweep).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process

from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.tokens import tokens

__all__ = ["ENTRY_SECOND_WEIGHT", "Phrasing", "Query", "entry_scores", "similarities", "similarity", "spaced"]

# A FAQ question fits in a few lines; beyond this a message is a paste (logs,
# addresses), and only its start is matched so one message cannot stall the bot.
MAX_QUESTION_CHARS = 1000
# How much an entry's second-best phrasing adds: two phrasings agreeing is
# stronger evidence than one (a nearest-neighbour vote).
ENTRY_SECOND_WEIGHT = 0.6
_CJK_CHAR_OR_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def spaced(normalized: str) -> str:
    """Chinese characters as separate words, so token_set_ratio compares character sets."""
    return " ".join(_CJK_CHAR_OR_WORD.findall(normalized))


@dataclass(frozen=True, slots=True)
class Query:
    """A question prepared once for scoring against many phrasings."""

    text: str
    normalized: str
    spaced: str
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Query:
        """Normalize and tokenize ``text`` (its first ``MAX_QUESTION_CHARS`` characters)."""
        normalized = normalize(text[:MAX_QUESTION_CHARS])
        return cls(text, normalized, spaced(normalized), tuple(tokens(normalized)))


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One way an FAQ entry can be asked, prepared for scoring.

    Kept small, since a store holds one per question and alias: ``tokens`` are
    unique and interned (shared with every other phrasing using them).
    """

    entry_id: str
    text: str
    normalized: str
    tokens: tuple[str, ...]
    weight: float = 0.0
    spaced: str = ""
    """:func:`spaced` of ``normalized``, prepared once instead of per comparison (the same
    string object when they are equal, as for most non-Chinese text, so it costs no memory)."""

    @classmethod
    def of(cls, entry_id: str, text: str) -> Phrasing:
        """Normalize and tokenize one phrasing of ``entry_id``; ``weight`` comes with :meth:`weighed`."""
        normalized = normalize(text)
        spread = spaced(normalized)
        return cls(entry_id, text, normalized, tuple(dict.fromkeys(map(sys.intern, tokens(normalized)))),
                   spaced=normalized if spread == normalized else spread)

    def weighed(self, idf: Callable[[str], float]) -> Phrasing:
        """A copy carrying the idf mass of its tokens: how much it says, used for scores and ties."""
        return replace(self, weight=sum(map(idf, self.tokens)))


def similarity(query: Query, phrasing: Phrasing, query_idf: Mapping[str, float]) -> float:
    """How well ``phrasing`` says the same as ``query``, in [0, 1].

    ``query_idf`` maps each query token to its idf; ``phrasing`` must be weighed.
    """
    return similarities(query, [phrasing], query_idf)[0]


def similarities(query: Query, phrasings: Sequence[Phrasing], query_idf: Mapping[str, float]) -> list[float]:
    """:func:`similarity` of each of ``phrasings``, the edit ratios of all of them in one rapidfuzz call each."""
    query_weight = sum(query_idf.values())
    token_sets = process.cdist([query.spaced], [p.spaced for p in phrasings], scorer=fuzz.token_set_ratio,
                               dtype=np.float64)[0].tolist()
    ratios = process.cdist([query.normalized], [p.normalized for p in phrasings], scorer=fuzz.ratio,
                           dtype=np.float64)[0].tolist()
    scores = []
    for phrasing, token_set, ratio in zip(phrasings, token_sets, ratios, strict=True):
        shared = sum([query_idf[token] for token in phrasing.tokens if token in query_idf])
        coverage = shared / query_weight if query_weight else 0.0
        both = query_weight + phrasing.weight
        dice = 2 * shared / both if both else 0.0
        scores.append((coverage + dice + 2 * (token_set / 100) + ratio / 100) / 5)
    return scores


def entry_scores(scored: Iterable[tuple[Phrasing, float]]) -> dict[str, tuple[float, Phrasing]]:
    """Per entry: (confidence, best phrasing).

    The confidence is the best similarity, raised toward 1 by the second best:
    ``best + w * second * (1 - best)``. An exact match stays 1 and an entry with a
    single phrasing is not penalized, while two agreeing phrasings beat one.
    """
    per_entry: dict[str, list[tuple[float, Phrasing]]] = {}
    for phrasing, score in scored:
        per_entry.setdefault(phrasing.entry_id, []).append((score, phrasing))
    result = {}
    for entry_id, hits in per_entry.items():
        hits.sort(key=lambda hit: -hit[0])
        second = hits[1][0] if len(hits) > 1 else 0.0
        best = hits[0][0]
        combined = best + ENTRY_SECOND_WEIGHT * second * (1 - best)
        result[entry_id] = (combined, hits[0][1])
    return result
