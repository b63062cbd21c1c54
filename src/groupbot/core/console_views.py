"""What the console reads that no chat command needs: filtered ticket pages, chats, daily answer rates.

``db`` implements :class:`ConsoleQueries`; the web console (``groupbot.web``) sees plain data only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from groupbot.core.tickets import Ticket

__all__ = ["ChatActivity", "ChatLine", "ConsoleQueries", "DayAnswers", "TicketFilter", "TicketPage"]


@dataclass(frozen=True, slots=True)
class TicketFilter:
    """The queue's filters; empty means any. ``statuses`` empty and ``open_only`` set means the open ones."""

    statuses: tuple[str, ...] = ()
    category: str = ""
    team: str = ""
    owner: str = ""
    group: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class TicketPage:
    """One page of matching tickets, newest first, with the total and counts per status of all matches."""

    tickets: list[Ticket]
    total: int
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChatActivity:
    """A chat the bot is in: its settings (if saved) and when anyone last wrote there."""

    platform: str
    chat_id: str
    title: str
    kind: str
    mode: str | None
    locale: str | None
    last_activity: datetime | None


@dataclass(frozen=True, slots=True)
class DayAnswers:
    """Questions asked and answered on one day (in the console's timezone)."""

    day: date
    questions: int
    answered: int

    @property
    def rate(self) -> float | None:
        """Answered share, None on a day without questions."""
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True, slots=True)
class ChatLine:
    """A message the bot logged in a chat, with what the bot did with it (its outcome and FAQ entry),
    and the ticket it is a report on (one not merged into another), if any."""

    time: datetime
    sender_id: str
    sender_name: str
    text: str
    outcome: str | None
    entry_id: str | None
    message_id: str
    ticket_number: int | None = None


class ConsoleQueries(Protocol):
    """Read-only views for the console."""

    async def ticket_page(self, wanted: TicketFilter, offset: int, limit: int) -> TicketPage: ...

    async def chats(self) -> list[ChatActivity]: ...

    async def answers_by_day(self, start: datetime, end: datetime, timezone: str) -> list[DayAnswers]: ...

    async def around(self, messages: Sequence[tuple[str, str, str]], before: int, after: int) -> list[list[ChatLine]]:
        """For each (platform, chat id, message id): up to ``before`` messages of that chat before it, the
        message itself and up to ``after`` after it, oldest first; empty where the message was not logged."""
        ...
