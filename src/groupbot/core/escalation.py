"""What an escalation says: the webhook JSON document and the chat notice text.

Both are built when the ticket changes and stored in the outbox with it, so a
later delivery sends exactly what was true at that moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from groupbot.core.messages import ChatKind, ChatRef, Reply, ReplyKind, Sender
from groupbot.core.routing import Route
from groupbot.core.tickets import Ticket, TicketEvent, TicketReport

__all__ = ["PAYLOAD_VERSION", "chat_payload", "reply_from_payload", "reply_payload", "ticket_document"]

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
            "duplicate_of": ticket.duplicate_of,
        },
        "rule": route.rule if route else None,
        "report_count": len(ticket.reports),
        "askers": len({(r.chat.platform, r.sender.user_id) for r in ticket.reports}),
        "groups": sorted({r.chat.key for r in ticket.reports}),
        "reports": [_report(report) for report in reports],
        "links": dict(links or {}),
        "history": [_event(item) for item in history],
    }


def chat_payload(
    text: str, *, mentions: Sequence[tuple[str, str]] = (), kind: str = "notice", reply_to: str | None = None
) -> dict[str, Any]:
    """What a chat destination needs: the text, who to @-mention (user id, name), the reply kind and
    the message it answers, if any."""
    return {"text": text, "mentions": [list(pair) for pair in mentions], "kind": kind, "reply_to": reply_to}


def reply_payload(reply: Reply) -> dict[str, Any]:
    """``reply`` as a chat payload for the outbox (its chat becomes the destination)."""
    mentions = [(sender.user_id, sender.name) for sender in reply.mentions]
    payload = chat_payload(reply.text, mentions=mentions, kind=reply.kind.value, reply_to=reply.reply_to_message_id)
    payload["chat_kind"] = reply.chat.kind.value
    payload["meta"] = dict(reply.meta)
    return payload


def reply_from_payload(platform: str, chat_id: str, payload: Mapping[str, Any], image: bytes | None = None) -> Reply:
    """The :class:`Reply` a stored chat payload describes; unknown kinds become notices."""
    kind = payload.get("kind", "notice")
    chat_kind = payload.get("chat_kind", "group")
    return Reply(
        chat=ChatRef(platform, chat_id, ChatKind(chat_kind) if chat_kind in _CHAT_KINDS else ChatKind.GROUP),
        text=str(payload.get("text", "")),
        kind=ReplyKind(kind) if kind in _REPLY_KINDS else ReplyKind.NOTICE,
        reply_to_message_id=payload.get("reply_to"),
        mentions=tuple(Sender(str(user_id), str(name)) for user_id, name in payload.get("mentions", [])),
        meta={str(k): str(v) for k, v in dict(payload.get("meta") or {}).items()},
        image=image,
    )


_REPLY_KINDS = frozenset(kind.value for kind in ReplyKind)
_CHAT_KINDS = frozenset(kind.value for kind in ChatKind)
