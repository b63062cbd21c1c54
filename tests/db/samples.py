"""Sample domain objects for the storage tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender
from groupbot.core.tickets import Category, Severity, Team, Ticket, TicketReport, TicketStatus

T0 = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
GROUP = ChatRef("telegram", "-100123", ChatKind.GROUP, "Acme customers 客户群")
ALICE = Sender("42", "Alice 🌸", Role.CUSTOMER)


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + timedelta(minutes=minutes)


def message(
    message_id: str = "m1", text: str = "how do I reset my password?", chat: ChatRef = GROUP
) -> IncomingMessage:
    """A customer message in the sample group."""
    return IncomingMessage(chat=chat, sender=ALICE, text=text, message_id=message_id, time=T0)


def report(message_id: str = "m1", text: str = "the export button does nothing", minutes: int = 0) -> TicketReport:
    """A customer report in the sample group."""
    return TicketReport(chat=GROUP, sender=ALICE, message_id=message_id, text=text, time=at(minutes))


def ticket(title: str = "export fails", minutes: int = 0, **fields: object) -> Ticket:
    """A new (unnumbered) ticket with one report, created ``minutes`` after T0."""
    values: dict[str, object] = {
        "number": 0,
        "title": title,
        "category": Category.FAILURE,
        "status": TicketStatus.OPEN,
        "created_at": at(minutes),
        "updated_at": at(minutes),
        "first_reporter": "telegram:42",
        "severity": Severity.HIGH,
        "team": Team.RD,
        "product": "acme-cloud",
        "version": "2.3",
        "locale": "en",
        "reports": (report(minutes=minutes),),
    }
    values.update(fields)
    return Ticket(**values)  # type: ignore[arg-type]
