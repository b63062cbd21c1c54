"""Mapping between the ticket tables' rows and the core ticket dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from groupbot.core.messages import ChatKind, ChatRef, Role, Sender
from groupbot.core.repeats import remember_text
from groupbot.core.tickets import (
    Category,
    ReportSummary,
    Severity,
    Team,
    Ticket,
    TicketEvent,
    TicketReport,
    TicketStatus,
    summarize,
)

__all__ = [
    "REPORT_COLUMNS",
    "event_from_row",
    "event_values",
    "first_report_values",
    "report_from_row",
    "report_values",
    "ticket_from_row",
    "ticket_values",
]


def ticket_values(ticket: Ticket) -> dict[str, Any]:
    """The ``tickets`` columns for ``ticket``, without its number."""
    return {
        "title": ticket.title,
        "category": str(ticket.category),
        "severity": str(ticket.severity),
        "status": str(ticket.status),
        "team": str(ticket.team),
        "assignee": ticket.assignee,
        "product": ticket.product,
        "version": ticket.version,
        "locale": ticket.locale,
        "first_reporter": ticket.first_reporter,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "first_response_at": ticket.first_response_at,
        "resolved_at": ticket.resolved_at,
        "resolution": ticket.resolution,
        "duplicate_of": ticket.duplicate_of,
    }


def first_report_values(reports: Sequence[TicketReport]) -> dict[str, Any]:
    """The running counts and recent texts of a ``tickets`` row over ``reports``: a new ticket's first ones,
    or those a split left on it."""
    summary = summarize(reports)
    texts: tuple[str, ...] = ()
    for report in reports:
        texts = remember_text(texts, report.text)
    return {
        "report_count": summary.reports,
        "asker_count": summary.askers,
        "group_count": summary.groups,
        "recent_texts": list(texts),
    }


def ticket_from_row(row: Row[Any], reports: tuple[TicketReport, ...]) -> Ticket:
    """A :class:`Ticket` from a ``tickets`` row, its already loaded reports and its running counts."""
    return Ticket(
        counts=ReportSummary(row.report_count, row.asker_count, row.group_count),
        number=row.number,
        title=row.title,
        category=Category(row.category),
        status=TicketStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        first_reporter=row.first_reporter,
        severity=Severity(row.severity),
        team=Team(row.team),
        assignee=row.assignee,
        product=row.product,
        version=row.version,
        locale=row.locale,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        resolution=row.resolution,
        duplicate_of=row.duplicate_of,
        reports=reports,
    )


def report_values(number: int, report: TicketReport) -> dict[str, Any]:
    """The ``ticket_reports`` columns for ``report`` on ticket ``number``."""
    return {
        "ticket_number": number,
        "platform": report.chat.platform,
        "chat_id": report.chat.chat_id,
        "chat_kind": str(report.chat.kind),
        "chat_title": report.chat.title,
        "sender_id": report.sender.user_id,
        "sender_name": report.sender.name,
        "sender_role": str(report.sender.role),
        "sender_is_chat_admin": report.sender.is_chat_admin,
        "message_id": report.message_id,
        "text": report.text,
        "reported_at": report.time,
        "images": list(report.images),
    }


REPORT_COLUMNS = (
    "platform", "chat_id", "chat_kind", "chat_title", "sender_id", "sender_name", "sender_role",
    "sender_is_chat_admin", "message_id", "text", "reported_at", "images",
)
"""The ``ticket_reports`` columns :func:`report_from_row` reads, in its order."""


def report_from_row(row: Sequence[Any]) -> TicketReport:
    """A :class:`TicketReport` from the values of :data:`REPORT_COLUMNS`, in that order.

    Unpacked by position: a busy ticket has hundreds of reports, and each of a
    row's attributes costs a lookup by name.
    """
    platform, chat_id, kind, title, user_id, name, role, admin, message_id, text, time, images = row
    return TicketReport(
        _chat(platform, chat_id, kind, title), _sender(user_id, name, role, admin), message_id, text, time,
        tuple(images) if images else (),
    )


# A busy ticket's reports come from a few chats and askers: build each (immutable) once.
@lru_cache(maxsize=4096)
def _chat(platform: str, chat_id: str, kind: str, title: str | None) -> ChatRef:
    return ChatRef(platform, chat_id, ChatKind(kind), title)


@lru_cache(maxsize=4096)
def _sender(user_id: str, name: str | None, role: str, is_chat_admin: bool) -> Sender:
    return Sender(user_id, name, Role(role), is_chat_admin)


def event_values(event: TicketEvent) -> dict[str, Any]:
    """The ``ticket_events`` columns for ``event``."""
    return {
        "ticket_number": event.ticket_number,
        "actor": event.actor,
        "at": event.time,
        "kind": event.kind,
        "note": event.note,
        "data": dict(event.data),
    }


def event_from_row(row: Row[Any]) -> TicketEvent:
    """A :class:`TicketEvent` from a ``ticket_events`` row."""
    return TicketEvent(
        ticket_number=row.ticket_number,
        actor=row.actor,
        time=row.at,
        kind=row.kind,
        note=row.note,
        data=dict(row.data),
    )
