"""What an escalation says: the webhook JSON document and the chat notice text.

Both are built when the ticket changes and stored in the outbox with it, so a
later delivery sends exactly what was true at that moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from groupbot.core.routing import Route
from groupbot.core.tickets import Ticket, TicketEvent, TicketReport

__all__ = ["PAYLOAD_VERSION", "chat_payload", "ticket_document"]

PAYLOAD_VERSION = 1
MAX_REPORTS = 50  # a ticket hit by hundreds keeps the newest; the count says how many there were


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _report(report: TicketReport) -> dict[str, Any]:
    return {
        "platform": report.chat.platform,
        "chat_id": report.chat.chat_id,
        "chat_title": report.chat.title,
        "user_id": report.sender.user_id,
        "user_name": report.sender.name,
        "message_id": report.message_id,
        "text": report.text,
        "time": _time(report.time),
    }


def _event(event: TicketEvent) -> dict[str, Any]:
    return {"time": _time(event.time), "actor": event.actor, "kind": event.kind, "note": event.note, **event.data}


def ticket_document(
    event: str,
    ticket: Ticket,
    history: Sequence[TicketEvent] = (),
    route: Route | None = None,
    links: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON document sent to trackers: ticket, reports, links and history (see docs/escalation.md)."""
    reports = sorted(ticket.reports, key=lambda r: r.time)[-MAX_REPORTS:]
    return {
        "version": PAYLOAD_VERSION,
        "event": event,
        "ticket": {
            "number": ticket.number,
            "title": ticket.title,
            "category": ticket.category.value,
            "severity": ticket.severity.value,
            "status": ticket.status.value,
            "team": (route.team if route else ticket.team).value,
            "product": ticket.product,
            "version": ticket.version,
            "assignee": ticket.assignee,
            "created_at": _time(ticket.created_at),
            "first_response_at": _time(ticket.first_response_at),
            "resolved_at": _time(ticket.resolved_at),
            "resolution": ticket.resolution,
        },
        "rule": route.rule if route else None,
        "report_count": len(ticket.reports),
        "askers": len({(r.chat.platform, r.sender.user_id) for r in ticket.reports}),
        "groups": sorted({r.chat.key for r in ticket.reports}),
        "reports": [_report(report) for report in reports],
        "links": dict(links or {}),
        "history": [_event(item) for item in history],
    }


def chat_payload(text: str, *, mentions: Sequence[tuple[str, str]] = (), kind: str = "notice") -> dict[str, Any]:
    """What a chat destination needs: the text, who to @-mention (user id, name) and the reply kind."""
    return {"text": text, "mentions": [list(pair) for pair in mentions], "kind": kind}
