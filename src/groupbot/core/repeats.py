"""Recognizing a repeat: is a new report the same problem as an open ticket?

Same matcher family as FAQ matching (rapidfuzz over normalized text) with its
own threshold. The score averages ``token_set_ratio`` (word overlap, order-free)
with ``token_sort_ratio`` (which penalizes length differences), so a two-word
message does not merge into every long report that happens to contain it.
Chinese has no spaces between words, so runs of CJK characters are split into
overlapping character pairs (``扫码后闪退`` -> ``扫码 码后 后闪 闪退``) to act as
words, and plain character similarity is taken when it is higher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from groupbot.core.matching.matcher import normalize
from groupbot.core.tickets import Ticket

__all__ = ["DEFAULT_MERGE_THRESHOLD", "RepeatCandidate", "RepeatFinder", "RepeatMatch", "similarity"]

DEFAULT_MERGE_THRESHOLD = 0.75
_MIN_CHARS = 4
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_RUNS = re.compile(f"[{_CJK_CHARS}]+|[^\\s{_CJK_CHARS}]+")


@dataclass(frozen=True, slots=True)
class RepeatCandidate:
    """An open ticket as repeat finding sees it: its number and the ways it has been put."""

    number: int
    phrasings: tuple[str, ...]

    @classmethod
    def phrased(cls, number: int, title: str, texts: Iterable[str]) -> RepeatCandidate:
        """Ticket ``number`` put as its title, then each distinct text in ``texts``."""
        return cls(number, tuple(dict.fromkeys([title, *texts])))

    @classmethod
    def of(cls, ticket: Ticket) -> RepeatCandidate:
        """``ticket``'s title and the distinct texts of its reports."""
        return cls.phrased(ticket.number, ticket.title, (report.text for report in ticket.reports))


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """The open ticket a new report repeats, and how close the closest phrasing was."""

    number: int
    score: float
    matched: str


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A text made ready for scoring once, however many texts it is compared with."""

    words: str
    compact: str
    cjk: bool

    def score(self, other: _Prepared) -> float:
        """Similarity in [0, 1] (see the module docstring)."""
        if not self.words or not other.words:
            return 0.0
        words = (fuzz.token_set_ratio(self.words, other.words) + fuzz.token_sort_ratio(self.words, other.words)) / 200
        if not (self.cjk or other.cjk):
            return words
        return max(words, fuzz.ratio(self.compact, other.compact) / 100)


@lru_cache(maxsize=8192)
def _prepare(text: str) -> _Prepared:
    # Cached: the same open tickets' reports are compared with every new question.
    normalized = normalize(text)
    cjk = bool(_CJK.search(normalized))
    return _Prepared(_pairs(normalized) if cjk else normalized, normalized.replace(" ", ""), cjk)


def similarity(left: str, right: str) -> float:
    """How alike two report texts are, in [0, 1], after normalization."""
    return _prepare(left).score(_prepare(right))


def _pairs(text: str) -> str:
    words: list[str] = []
    for run in _RUNS.findall(text):
        if _CJK.match(run) and len(run) > 1:
            words += [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            words.append(run)
    return " ".join(words)


class RepeatFinder:
    """Finds the open ticket whose reports are closest to a new text, above a threshold."""

    def __init__(self, threshold: float = DEFAULT_MERGE_THRESHOLD) -> None:
        self.threshold = threshold

    def find(self, text: str, candidates: Iterable[RepeatCandidate]) -> RepeatMatch | None:
        """The best candidate at or above the threshold; ties go to the older ticket."""
        query = _prepare(text)
        if len(query.compact) < _MIN_CHARS:
            return None
        best: RepeatMatch | None = None
        for candidate in candidates:
            match = self._best_phrasing(query, candidate)
            if match and (best is None or _better(match, best)):
                best = match
        return best

    def _best_phrasing(self, query: _Prepared, candidate: RepeatCandidate) -> RepeatMatch | None:
        if not candidate.phrasings:
            return None
        score, matched = max((query.score(_prepare(p)), p) for p in candidate.phrasings)
        return RepeatMatch(candidate.number, score, matched) if score >= self.threshold else None


def _better(candidate: RepeatMatch, best: RepeatMatch) -> bool:
    if candidate.score != best.score:
        return candidate.score > best.score
    return candidate.number < best.number
