"""What handling one message produced: the replies and what to log about it."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.messages import Reply

__all__ = ["Handled"]


@dataclass(frozen=True, slots=True)
class Handled:
    """Replies to send after the commit, and the outcome for the message log."""

    outcome: str
    replies: tuple[Reply, ...] = ()
    entry_id: str | None = None
    score: float | None = None
