"""The ticket queue and the ticket page; every action is the chat command an ops user would type."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from aiohttp import web

from groupbot.core.console_views import TicketFilter
from groupbot.core.messages import is_link
from groupbot.core.sla import SlaCheck
from groupbot.core.tickets import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Category,
    Severity,
    Team,
    Ticket,
    TicketStatus,
)
from groupbot.web.console import Console
from groupbot.web.conversation import conversations
from groupbot.web.guard import FORM, LOCALE, console_of, flash, render, session_of, signed_in
from groupbot.web.texts import translate
from groupbot.web.timeline import timeline

__all__ = ["routes"]

PAGE_SIZE = 25
_ACTIONS = (
    "assign", "escalate", "reply", "resolve", "close", "reopen", "wontfix", "dup", "split", "reclassify", "severity",
    "note", "learn",
)
# The status an action moves a ticket to: offered only where the life cycle allows that move.
_MOVES = {"resolve": TicketStatus.RESOLVED, "close": TicketStatus.CLOSED, "reopen": TicketStatus.OPEN,
          "wontfix": TicketStatus.WONTFIX, "dup": TicketStatus.DUPLICATE}


def routes() -> list[web.AbstractRouteDef]:
    """The queue, one ticket, and its actions."""
    return [
        web.get("/", queue),
        web.get("/tickets/{number:\\d+}", ticket_page),
        web.get("/tickets/{number:\\d+}/pictures/{report:\\d+}/{index:\\d+}", ticket_picture),
        web.post("/tickets/{number:\\d+}/{action}", ticket_action),
    ]


@signed_in()
async def queue(request: web.Request) -> web.StreamResponse:
    """Tickets with filters, counts per status and paging; htmx asks for the results part only."""
    query = request.query
    status = query.get("status", "open")
    wanted = TicketFilter(
        statuses=_statuses(status),
        category=_member(query.get("category", ""), Category),
        team=_member(query.get("team", ""), Team),
        owner=query.get("owner", "").strip()[:64],
        group=query.get("group", "").strip()[:200],
        text=query.get("q", "").strip()[:200],
    )
    page = max(_int(query.get("page", "1")), 1)
    found = await console_of(request).queries.ticket_page(wanted, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = max(math.ceil(found.total / PAGE_SIZE), 1)
    context = {
        "page": found, "page_number": page, "pages": pages, "status": status, "query": query,
        "statuses": [s.value for s in TicketStatus], "categories": [c.value for c in Category],
        "teams": [t.value for t in Team], "page_size": PAGE_SIZE,
        "base_query": urlencode([(k, v) for k, v in query.items() if k != "page"]),
        "attention": _attention(console_of(request), found.tickets),
    }
    template = "_ticket_rows.html" if request.headers.get("HX-Request") else "tickets.html"
    return render(request, template, context)


@signed_in()
async def ticket_page(request: web.Request) -> web.StreamResponse:
    """One ticket: every report from every group, the timeline, the SLA state and the actions."""
    console = console_of(request)
    number = int(request.match_info["number"])
    async with console.uow_factory() as uow:
        ticket = await uow.tickets.get(number)
        events = await uow.tickets.events(number) if ticket else []
        shown = [ref for report in ticket.reports for ref in report.images] if ticket else []
        copied = await uow.pictures.copied(shown)
    if ticket is None:
        message = translate("not_found", request[LOCALE])
        return render(request, "message.html", {"message": f"#{number}: {message}"}, status=404)
    first, resolution = console.sla.check(ticket, console.clock.now())
    locale = request[LOCALE]
    # A ticket closed without an answer (merged, won't fix) no longer runs against its targets.
    counting = ticket.status in OPEN_STATUSES
    context = {"ticket": ticket, "timeline": timeline(events, locale), "sla": [first, resolution], "counting": counting,
               "teams": ["rd", "pm"], "offered": offered_actions(ticket), "categories": [c.value for c in Category],
               "conversations": await conversations(console, ticket, locale),
               "severities": [s.value for s in Severity], "copied": copied}
    return render(request, "ticket.html", context)


@signed_in()
async def ticket_picture(request: web.Request) -> web.StreamResponse:
    """Picture ``index`` of report ``report`` (both from 1): the copy taken when it arrived; else a link
    goes to its page, and a platform's own reference (a Telegram photo) is fetched by its adapter."""
    console = console_of(request)
    number, position, index = (int(request.match_info[key]) for key in ("number", "report", "index"))
    async with console.uow_factory() as uow:
        ticket = await uow.tickets.get(number)
        reports = ticket.reports if ticket else ()
        images = reports[position - 1].images if 0 < position <= len(reports) else ()
        if not 0 < index <= len(images):
            raise web.HTTPNotFound()
        ref = images[index - 1]
        picture = await uow.pictures.get(ref)
    if picture is None and is_link(ref):
        raise web.HTTPFound(ref)
    if picture is None:
        picture = await console.pictures(reports[position - 1].chat.platform, ref)
    if picture is None:
        message = translate("picture_gone", request[LOCALE])
        return render(request, "message.html", {"message": message}, status=404)
    return web.Response(body=picture.data, content_type=picture.content_type,
                        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})


@signed_in()
async def ticket_action(request: web.Request) -> web.StreamResponse:
    """Run the action as the user's chat command; its reply is shown on the ticket page."""
    number = request.match_info["number"]
    action = request.match_info["action"]
    if action not in _ACTIONS:
        raise web.HTTPNotFound()
    form = request[FORM]
    text = f"/{action} {number} {_arguments(action, form)}".strip()
    outcome = await console_of(request).commands.run(session_of(request), text, request[LOCALE])
    flash(request, outcome.text, outcome.done)
    raise web.HTTPSeeOther(f"/tickets/{number}")


def _attention(console: Console, tickets: list[Ticket]) -> dict[int, SlaCheck]:
    """The open tickets whose SLA is nearly due or breached: the most urgent of their two targets."""
    now = console.clock.now()
    urgent = {}
    for ticket in tickets:
        if ticket.status in OPEN_STATUSES:
            checks = [check for check in console.sla.check(ticket, now) if check.state.needs_reminder]
            if checks:
                urgent[ticket.number] = min(checks, key=lambda check: check.due)
    return urgent


def offered_actions(ticket: Ticket) -> frozenset[str]:
    """The actions that can succeed on ``ticket`` now; the page shows only these (the command still checks)."""
    allowed = ALLOWED_TRANSITIONS[ticket.status]
    offered = {action for action, status in _MOVES.items() if status in allowed}
    if ticket.status is not TicketStatus.DUPLICATE:  # its reports live on the original now: work on that one
        offered.update(("assign", "reclassify", "severity"))
    else:
        offered.discard("reopen")
    if ticket.status in OPEN_STATUSES:
        offered.update(("escalate", "reply"))  # /reply is for open tickets: reopen a resolved one first
        if len(ticket.reports) > 1:
            offered.add("split")  # one report off a ticket that keeps at least one
    if ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED) and ticket.resolution:
        offered.add("learn")
    return frozenset({*offered, "note"})


def _arguments(action: str, form: object) -> str:
    def field(name: str) -> str:
        value = form.get(name, "")  # type: ignore[attr-defined]
        return value.strip() if isinstance(value, str) else ""

    if action == "assign":
        return field("user") or "me"
    if action == "escalate":
        return f"{field('team')} {field('note')}"
    if action == "dup":
        return field("original")
    if action == "split":
        return field("report")
    if action in ("reply", "resolve", "note"):
        return field("text")
    if action in ("close", "reopen", "wontfix"):
        return field("note")
    if action == "reclassify":  # checked by the command, which says what is allowed
        return field("category")
    if action == "severity":
        return field("severity")
    return ""


def _statuses(choice: str) -> tuple[str, ...]:
    if choice == "open":
        return tuple(sorted(OPEN_STATUSES))
    if choice in {s.value for s in TicketStatus}:
        return (choice,)
    return ()


def _member(value: str, kind: type) -> str:
    return value if value in {member.value for member in kind} else ""


def _int(text: str) -> int:
    return int(text) if text.isascii() and text.isdecimal() and len(text) < 7 else 1
