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

from rapidfuzz import fuzz

from groupbot.core.matching.matcher import normalize
from groupbot.core.tickets import Ticket

__all__ = ["DEFAULT_MERGE_THRESHOLD", "RepeatFinder", "RepeatMatch", "similarity"]

DEFAULT_MERGE_THRESHOLD = 0.75
_MIN_CHARS = 4
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_RUNS = re.compile(f"[{_CJK_CHARS}]+|[^\\s{_CJK_CHARS}]+")


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """The open ticket a new report repeats, and how close the closest report was."""

    ticket: Ticket
    score: float
    matched: str


def similarity(left: str, right: str) -> float:
    """How alike two report texts are, in [0, 1], after normalization."""
    a, b = normalize(left), normalize(right)
    if not a or not b:
        return 0.0
    if not (_CJK.search(a) or _CJK.search(b)):
        return _word_score(a, b)
    plain = fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) / 100
    return max(plain, _word_score(_pairs(a), _pairs(b)))


def _word_score(a: str, b: str) -> float:
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200


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

    def find(self, text: str, tickets: Iterable[Ticket]) -> RepeatMatch | None:
        """The best open ticket at or above the threshold; ties go to the older ticket."""
        if len(normalize(text)) < _MIN_CHARS:
            return None
        best: RepeatMatch | None = None
        for ticket in tickets:
            if not ticket.is_open:
                continue
            match = self._best_report(text, ticket)
            if match and (best is None or _better(match, best)):
                best = match
        return best

    def _best_report(self, text: str, ticket: Ticket) -> RepeatMatch | None:
        phrasings = [ticket.title, *(report.text for report in ticket.reports)]
        scored = max(((similarity(text, p), p) for p in phrasings), key=lambda pair: pair[0])
        return RepeatMatch(ticket, scored[0], scored[1]) if scored[0] >= self.threshold else None


def _better(candidate: RepeatMatch, best: RepeatMatch) -> bool:
    if candidate.score != best.score:
        return candidate.score > best.score
    return candidate.ticket.number < best.ticket.number
