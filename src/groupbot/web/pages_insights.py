"""Insights: answer rate per day, tickets by category week over week, unanswered questions, coverage,
SLA breaches, and the weekly digest archive with its chart (built by the weekly job's own code)."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from groupbot.core.digest import IsoWeek
from groupbot.core.repeats import similarity
from groupbot.features.digest.render import render_text
from groupbot.web.console import Console
from groupbot.web.guard import LOCALE, console_of, render, signed_in
from groupbot.web.texts import translate

__all__ = ["routes"]

ARCHIVE_WEEKS = 8
DAYS = 14


def routes() -> list[web.AbstractRouteDef]:
    """The insights page, a past week's digest, and its chart."""
    return [
        web.get("/insights", insights),
        web.get("/insights/{week:\\d{4}-W\\d{2}}", digest_page),
        web.get("/insights/{week:\\d{4}-W\\d{2}}.png", digest_chart),
    ]


@signed_in()
async def insights(request: web.Request) -> web.StreamResponse:
    """This week so far next to last week, and the daily answer rate of the last two weeks."""
    console = console_of(request)
    now = console.clock.now()
    week = IsoWeek.containing(now, console.timezone)
    digest, unanswered = await console.digest(week)
    last, unanswered_before = await console.digest(week.previous())
    days = await console.queries.answers_by_day(now - timedelta(days=DAYS), now, console.timezone)
    grouped = _grouped([*unanswered, *unanswered_before], console.merge_threshold)
    context = {
        "digest": digest, "last": last, "days": days, "unanswered": grouped,
        "archive": await _archive(console, week.previous()),
    }
    return render(request, "insights.html", context)


@signed_in()
async def digest_page(request: web.Request) -> web.StreamResponse:
    """One week's digest as the chat received it, with its chart."""
    week = _week(request)
    digest, _ = await console_of(request).digest(week)
    return render(request, "digest.html", {"week": week, "text": render_text(digest, request[LOCALE])})


@signed_in()
async def digest_chart(request: web.Request) -> web.StreamResponse:
    """The week's chart as PNG (drawn in the page's language)."""
    console = console_of(request)
    digest, _ = await console.digest(_week(request))
    png = console.chart(digest, request[LOCALE])
    if png is None:
        raise web.HTTPNotFound(text=translate("not_found", request[LOCALE]))
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})


def _week(request: web.Request) -> IsoWeek:
    """The week in the path; a week that has not begun has no digest (404), as ``groupbot digest`` refuses it."""
    try:
        week = IsoWeek.parse(request.match_info["week"])
    except ValueError:
        raise web.HTTPNotFound() from None
    console = console_of(request)
    if week.start(console.timezone) > console.clock.now():
        raise web.HTTPNotFound(text=translate("not_found", request[LOCALE]))
    return week


async def _archive(console: Console, latest: IsoWeek) -> list[IsoWeek]:
    """Up to :data:`ARCHIVE_WEEKS` weeks back from ``latest``, none from before the bot heard anything."""
    weeks: list[IsoWeek] = []
    async with console.uow_factory() as uow:
        week = latest
        while len(weeks) < ARCHIVE_WEEKS and await uow.digest.active_before(week.end(console.timezone)):
            weeks.append(week)
            week = week.previous()
    return weeks


def _grouped(texts: list[str], threshold: float, limit: int = 10) -> list[tuple[str, int, list[str]]]:
    """Unanswered questions grouped as tickets merge repeats (same similarity and threshold).

    Returns (example, how many, up to three other wordings), biggest groups first.
    """
    groups: list[list[str]] = []
    for text in texts:
        home = next((group for group in groups if similarity(text, group[0]) >= threshold), None)
        if home is None:
            groups.append([text])
        else:
            home.append(text)
    ranked = sorted(groups, key=len, reverse=True)[:limit]
    return [(group[0], len(group), [t for t in dict.fromkeys(group[1:]) if t != group[0]][:3]) for group in ranked]
