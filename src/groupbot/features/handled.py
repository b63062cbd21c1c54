"""What handling one message produced: the replies, what to log, and what to remember with it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from groupbot.core.messages import Reply
from groupbot.core.ports import UnitOfWork

__all__ = ["Handled", "Remember"]

Remember = Callable[[UnitOfWork], Awaitable[None]]
"""A change to the bot's short memory (an offer, a cool-down), written in the message's unit of work."""


@dataclass(frozen=True, slots=True)
class Handled:
    """Replies to send after the commit, the outcome for the message log, and what to remember.

    The router writes ``remember`` in the message's unit of work just before it
    commits, so the memory holds exactly when the rest does: if the commit
    fails, nothing is remembered, and the asker's retry is handled afresh
    instead of meeting a cool-down or a consumed offer.
    """

    outcome: str
    replies: tuple[Reply, ...] = ()
    entry_id: str | None = None
    score: float | None = None
    remember: tuple[Remember, ...] = ()

    def then(self, *steps: Remember) -> Handled:
        """The same result with ``steps`` to remember, after the ones it has."""
        return replace(self, remember=(*self.remember, *steps))
