"""Recognizing a repeat: is a new report the same problem as an open ticket?

Same matcher family as FAQ matching (rapidfuzz over normalized text) with its
own threshold. The score averages ``token_set_ratio`` (word overlap, order-free)
with ``token_sort_ratio`` (which penalizes length differences), so a two-word
message does not merge into every long report that happens to contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from groupbot.core.matching.matcher import normalize
from groupbot.core.tickets import Ticket

__all__ = ["DEFAULT_MERGE_THRESHOLD", "RepeatFinder", "RepeatMatch", "similarity"]

DEFAULT_MERGE_THRESHOLD = 0.72
_MIN_CHARS = 4
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


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
    score = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200
    if _CJK.search(a) or _CJK.search(b):
        # Chinese has no word spaces, so compare characters with spaces dropped.
        score = max(score, fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) / 100)
    return score


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
