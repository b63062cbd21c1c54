"""The outcome of matching one question against the FAQ."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Candidate", "DecisionKind", "MatchDecision", "Thresholds"]


class DecisionKind(enum.StrEnum):
    """Answer directly, offer a few entries, or admit that nothing fits."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    ABSTAIN = "abstain"
    SMALL_TALK = "small_talk"
    """Greetings, thanks, "ok": no answer, no suggestion, no ticket (``MatchDecision.talk`` says which)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An FAQ entry considered for a question, with its confidence in [0, 1]."""

    entry_id: str
    score: float
    matched: str = ""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence cut-offs: answer at or above ``answer``, suggest from ``suggest``."""

    answer: float
    suggest: float
    margin: float = 0.0


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """What to do with a question.

    ``candidates`` are best first; for ``SUGGEST`` the first few are offered,
    for ``ANSWER`` the first is the answer; ``SMALL_TALK`` has none. ``reason`` explains the decision
    in one line for ``groupbot ask --explain`` and logs.
    """

    kind: DecisionKind
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    talk: str | None = None
    """For ``SMALL_TALK``: greeting, presence, thanks, ack, laughter, goodbye or resolved."""
    nearest: tuple[Candidate, ...] = ()
    """The entries ranked closest, best first (up to five), whatever was decided: what explains it."""
    thresholds: Thresholds | None = None
    """The cut-offs the decision was taken with (the best candidate's category's); None with no candidate."""

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def entry_id(self) -> str | None:
        """The answered entry's id, or None unless this is an answer."""
        if self.kind is DecisionKind.ANSWER and self.candidates:
            return self.candidates[0].entry_id
        return None

    @property
    def score(self) -> float:
        """The top candidate's confidence, 0 when there is none."""
        return self.candidates[0].score if self.candidates else 0.0
