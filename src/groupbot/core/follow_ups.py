"""Closing the loop: after a resolution, ask the group "solved?" and record the answer."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from groupbot.core.messages import ChatRef

__all__ = ["FollowUp", "FollowUpAnswer", "read_answer"]


class FollowUpAnswer(enum.StrEnum):
    """What the group said."""

    SOLVED = "solved"
    NOT_SOLVED = "not_solved"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One "solved?" question for one ticket in one chat."""

    id: int
    ticket_number: int
    chat: ChatRef
    askers: tuple[tuple[str, str], ...]
    """(user id, name) of the people who reported the problem in this chat"""
    due_at: datetime
    asked_at: datetime | None = None
    answer: FollowUpAnswer | None = None
    answered_by: str | None = None


_SOLVED = re.compile(r"^(?:1|y|yes|solved|fixed|ok|好了|解决了|已解决|可以了|是|👍)[!！.。]*$", re.IGNORECASE)
_NOT_SOLVED = re.compile(r"^(?:2|n|no|not yet|still broken|没有|没好|未解决|还不行|否|👎)[!！.。]*$", re.IGNORECASE)


def read_answer(text: str) -> FollowUpAnswer | None:
    """The answer ``text`` gives to "solved?", or None when it is not an answer."""
    cleaned = " ".join(text.split())
    if _SOLVED.match(cleaned):
        return FollowUpAnswer.SOLVED
    if _NOT_SOLVED.match(cleaned):
        return FollowUpAnswer.NOT_SOLVED
    return None
