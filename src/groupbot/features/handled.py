"""What handling one message produced: the replies, what to log, and what to remember once it is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from groupbot.core.messages import Reply

__all__ = ["AfterCommit", "Handled"]

AfterCommit = Callable[[], None]
"""A change to the bot's memory (an offer, a cool-down) that only holds if the message's work was saved."""


@dataclass(frozen=True, slots=True)
class Handled:
    """Replies to send after the commit, the outcome for the message log, and steps to run after the commit.

    ``after_commit`` keeps in-memory state in step with the database: if the
    commit fails, nothing is remembered, so the asker's retry is handled afresh
    instead of meeting a cool-down or a consumed offer.
    """

    outcome: str
    replies: tuple[Reply, ...] = ()
    entry_id: str | None = None
    score: float | None = None
    after_commit: tuple[AfterCommit, ...] = ()

    def then(self, *steps: AfterCommit) -> Handled:
        """The same result with ``steps`` to run after the commit, after the ones it has."""
        return replace(self, after_commit=(*self.after_commit, *steps))
