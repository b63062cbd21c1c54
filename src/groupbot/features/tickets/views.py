"""How tickets are shown in chat: one line in a list, a detail card, the answer posted back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.language import detect_locale
from groupbot.core.messages import Reply, ReplyKind, Sender, is_link
from groupbot.core.tickets import Ticket, TicketReport
from groupbot.features.texts import label, render
from groupbot.features.tickets.told_numbers import ReportKey, Told

__all__ = ["LIST_LIMIT", "answer_posts", "format_span", "pictures", "ticket_card", "ticket_lines"]

LIST_LIMIT = 20
RECENT_REPORTS = 3


def ticket_lines(tickets: Sequence[Ticket], locale: str) -> str:
    """A compact list, one ticket per line, newest first (at most :data:`LIST_LIMIT`)."""
    lines = [_line(ticket, locale) for ticket in tickets[:LIST_LIMIT]]
    if len(tickets) > LIST_LIMIT:
        lines.append(render("tickets_more", locale, count=len(tickets) - LIST_LIMIT))
    return "\n".join(lines)


def _line(ticket: Ticket, locale: str) -> str:
    summary = ticket.summary
    return render(
        "ticket_line",
        locale,
        number=ticket.number,
        status=label("status", ticket.status, locale),
        category=label("category", ticket.category, locale),
        severity=label("severity", ticket.severity, locale),
        reports=summary.reports,
        groups=summary.groups,
        assignee=ticket.assignee or "-",
        title=ticket.title,
    )


def ticket_card(ticket: Ticket, locale: str, zone: ZoneInfo) -> str:
    """Everything ops need about one ticket, in a few lines; times in ``zone``, which the card names."""
    summary = ticket.summary
    chats = sorted({report.chat.title or report.chat.chat_id for report in ticket.reports})
    lines = [
        render("ticket_card_head", locale, number=ticket.number, title=ticket.title),
        render(
            "ticket_card_state",
            locale,
            status=label("status", ticket.status, locale),
            category=label("category", ticket.category, locale),
            severity=label("severity", ticket.severity, locale),
            team=label("team", ticket.team, locale),
            assignee=ticket.assignee or "-",
        ),
        render(
            "ticket_card_reach",
            locale,
            reports=summary.reports,
            askers=summary.askers,
            groups=summary.groups,
            chats=", ".join(chats),
        ),
        render("ticket_card_times", locale, created=_when(ticket.created_at, zone),
               updated=_when(ticket.updated_at, zone), zone=zone.key),
    ]
    if ticket.first_response_at or ticket.resolved_at:
        lines.append(_response_line(ticket, locale))
    first_shown = max(len(ticket.reports) - RECENT_REPORTS, 0)
    lines += [_report_line(position, report, zone, locale)
              for position, report in enumerate(ticket.reports[first_shown:], start=first_shown + 1)]
    if ticket.duplicate_of:
        lines.append(render("ticket_card_duplicate", locale, original=ticket.duplicate_of))
    if ticket.resolution:
        lines.append(render("ticket_card_resolution", locale, resolution=ticket.resolution))
    return "\n".join(lines)


def _response_line(ticket: Ticket, locale: str) -> str:
    return render(
        "ticket_card_sla",
        locale,
        first_response=format_span(_since(ticket.created_at, ticket.first_response_at)),
        resolution=format_span(_since(ticket.created_at, ticket.resolved_at)),
    )


def _since(start: datetime, end: datetime | None) -> timedelta | None:
    return None if end is None else max(end - start, timedelta(0))


def format_span(span: timedelta | None) -> str:
    """A duration as ``45m`` or ``3h05m``; ``-`` when there is none."""
    if span is None:
        return "-"
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def _report_line(position: int, report: TicketReport, zone: ZoneInfo, locale: str) -> str:
    """One report, numbered as ``/split N K`` counts (from 1, in the order they came)."""
    who = report.sender.name or report.sender.user_id
    where = report.chat.title or report.chat.chat_id
    line = f"  {position}. {who} @ {where} {_when(report.time, zone)}: {report.text[:120]}"
    return "\n".join([line, *pictures(report, locale)])


def pictures(report: TicketReport, locale: str) -> list[str]:
    """One line per picture that came with ``report``: 🖼 and its link, or where to see one the platform
    keeps by reference (a Telegram photo's link would hold the bot's token)."""
    elsewhere = render("picture_in_console", locale)
    return [f"    🖼 {ref if is_link(ref) else elsewhere}" for ref in report.images]


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def answer_posts(
    ticket: Ticket, answer: str, key: str = "ticket_answer", told: Mapping[ReportKey, Told] | None = None,
) -> tuple[Reply, ...]:
    """The answer (or with ``key="ticket_update"``, an update) posted back into every chat that reported the ticket.

    One message per chat, replying to that chat's first report and mentioning
    every asker there, in the language they asked in: a busy group gets one
    message, not one per asker. ``told`` gives the number a merged-in report's
    asker was told (:func:`~.told_numbers.numbers_told`): that chat hears "ticket #2
    (merged into #1)", or for a split-off report "ticket #1 (now #3)", the number it knows first.
    """
    by_chat: dict[str, list[TicketReport]] = {}
    for report in ticket.reports:
        by_chat.setdefault(report.chat.key, []).append(report)
    told = told or {}
    return tuple(_post(ticket.number, reports, answer, key, told) for reports in by_chat.values())


def _post(
    number: int, reports: list[TicketReport], answer: str, key: str, told: Mapping[ReportKey, Told],
) -> Reply:
    first = reports[0]
    askers: dict[str, Sender] = {}
    for report in reports:
        askers.setdefault(report.sender.user_id, report.sender)
    locale = detect_locale(first.text)
    known = told.get((first.chat.key, first.message_id))
    name = f"#{number}"
    if known is not None:
        told_name = "ticket_split_name" if known.split else "ticket_merged_name"
        name = render(told_name, locale, told=known.number, number=number)
    text = render(key, locale, ticket=name, answer=answer)
    meta = {"ticket": str(number)}
    return Reply(first.chat, text, ReplyKind.ANSWER, first.message_id, tuple(askers.values()), meta=meta)
