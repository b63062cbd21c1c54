"""Print a :class:`Digest` as plain text, Markdown or JSON, in zh-CN or en."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from groupbot.core.digest import Breach, Digest, Metric, Recurring, Trend
from groupbot.features.texts import label
from groupbot.features.texts import render as text

__all__ = ["FORMATS", "render", "render_json", "render_markdown", "render_text"]

_ARROWS = {Trend.UP: "↑", Trend.DOWN: "↓", Trend.SAME: "=", Trend.NEW: ""}


def _duration(seconds: float | None, locale: str) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (mins, "m")]
    shown = [f"{value}{_word(unit, locale)}" for value, unit in parts if value] or [f"0{_word('m', locale)}"]
    return "".join(shown[:2]) if locale == "zh-CN" else " ".join(shown[:2])


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _count(value: float | None) -> str:
    return "—" if value is None else str(round(value))


HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL = 1, -1, 0


def _word(key: str, locale: str) -> str:
    return text(f"digest_{key}", locale)


def _compare(metric: Metric, show: Callable[[float | None], str], locale: str, better: int = NEUTRAL) -> str:
    if metric.trend is Trend.NEW:
        return show(metric.current)
    verdict = ""
    if better and metric.trend in (Trend.UP, Trend.DOWN):
        improved = (metric.trend is Trend.UP) == (better == HIGHER_IS_BETTER)
        verdict = _word("better" if improved else "worse", locale)
    return f"{show(metric.current)} ({_ARROWS[metric.trend]} {_word('vs', locale)} {show(metric.previous)}{verdict})"


def _recurring(row: Recurring, locale: str) -> str:
    people = text("digest_askers_groups", locale, askers=row.askers, groups=row.groups)
    tags = f"{label('status', row.status.value, locale)}, {label('severity', row.severity.value, locale)}"
    return f"#{row.number} {row.title} — {people} [{tags}]"


def _breach(breach: Breach, digest: Digest, locale: str) -> str:
    due = breach.due.astimezone(digest.week.start(digest.timezone).tzinfo)
    title = f" {breach.title}" if breach.title else ""
    what = f"{_word(breach.kind, locale)}, {label('severity', breach.severity.value, locale)}"
    return f"#{breach.ticket_number}{title} ({what}, {_word('due', locale)} {due:%m-%d %H:%M})"


def _headline(digest: Digest, locale: str) -> str:
    return text(
        "digest_headline",
        locale,
        opened=_count(digest.opened.current),
        opened_prev=_count(digest.opened.previous),
        resolved=_count(digest.resolved.current),
        breaches=_count(digest.breach_count.current),
        escalations=len(digest.open_escalations),
        rate=_percent(digest.answer_rate.current),
    )


def _pairs(kind: str, counts: dict[str, tuple[int, int]], locale: str) -> list[str]:
    last_week = _word("last_week", locale)
    return [f"{label(kind, name, locale)}: {now} ({last_week} {before})" for name, (now, before) in counts.items()]


def _sections(digest: Digest, locale: str) -> Iterable[tuple[str, list[str]]]:
    def dur(value: float | None) -> str:
        return _duration(value, locale)

    def line(key: str, metric: Metric, show: Callable[[float | None], str], better: int = NEUTRAL) -> str:
        return f"{_word(key, locale)}: {_compare(metric, show, locale, better)}"

    covered, total = digest.coverage
    yield "tickets", [line("opened", digest.opened, _count), line("resolved", digest.resolved, _count)]
    yield "opened_by_category", _pairs("category", digest.opened_by_category, locale)
    yield "opened_by_severity", _pairs("severity", digest.opened_by_severity, locale)
    yield "resolved_by_category", _pairs("category", digest.resolved_by_category, locale)
    yield "top_questions", [_recurring(row, locale) for row in digest.top_questions]
    yield "top_failures", [_recurring(row, locale) for row in digest.top_failures]
    yield "open_escalations", [_recurring(row, locale) for row in digest.open_escalations]
    yield "sla", [
        line("breaches", digest.breach_count, _count, LOWER_IS_BETTER),
        *(_breach(b, digest, locale) for b in digest.breaches[:10]),
    ]
    yield "faq", [
        line("answer_rate", digest.answer_rate, _percent, HIGHER_IS_BETTER),
        line("helpful_rate", digest.helpful_rate, _percent, HIGHER_IS_BETTER),
    ]
    yield "times", [
        line("median_first_response", digest.median_first_response, dur, LOWER_IS_BETTER),
        line("median_resolution", digest.median_resolution, dur, LOWER_IS_BETTER),
    ]
    yield "coverage", [text("digest_coverage_line", locale, covered=covered, total=total)]


def _title(digest: Digest, locale: str) -> str:
    start = digest.week.start(digest.timezone)
    end = digest.week.end(digest.timezone) - timedelta(days=1)
    return text("digest_title", locale, week=digest.week, start=f"{start:%m-%d}", end=f"{end:%m-%d}")


def render_text(digest: Digest, locale: str = "en") -> str:
    """Plain text for chats without formatting."""
    lines = [_title(digest, locale), "", _headline(digest, locale)]
    for section, rows in _sections(digest, locale):
        lines += ["", text("digest_section", locale, name=_word(section, locale))]
        lines += [f"• {row}" for row in rows] or [f"• {_word('none', locale)}"]
    return "\n".join(lines)


def render_markdown(digest: Digest, locale: str = "en") -> str:
    """Markdown for WeCom robots, trackers and README-style display."""
    lines = [f"# {_title(digest, locale)}", "", f"**{_headline(digest, locale)}**"]
    for section, rows in _sections(digest, locale):
        lines += ["", f"## {_word(section, locale)}", ""]
        lines += [f"- {row}" for row in rows] or [f"- {_word('none', locale)}"]
    return "\n".join(lines)


def _metric(metric: Metric) -> dict[str, Any]:
    return {"current": metric.current, "previous": metric.previous, "trend": metric.trend.value}


def _row(row: Recurring) -> dict[str, Any]:
    return {
        "ticket": row.number,
        "title": row.title,
        "askers": row.askers,
        "groups": row.groups,
        "status": row.status.value,
        "severity": row.severity.value,
    }


def _breach_dict(breach: Breach) -> dict[str, Any]:
    return {
        "ticket": breach.ticket_number,
        "title": breach.title,
        "kind": breach.kind,
        "severity": breach.severity.value,
        "due": breach.due.isoformat(),
    }


def as_dict(digest: Digest) -> dict[str, Any]:
    """The digest as JSON-ready data (durations in seconds, rates 0..1)."""
    return {
        "week": str(digest.week),
        "timezone": digest.timezone,
        "opened": _metric(digest.opened),
        "resolved": _metric(digest.resolved),
        "opened_by_category": {k: list(v) for k, v in digest.opened_by_category.items()},
        "opened_by_severity": {k: list(v) for k, v in digest.opened_by_severity.items()},
        "resolved_by_category": {k: list(v) for k, v in digest.resolved_by_category.items()},
        "top_questions": [_row(row) for row in digest.top_questions],
        "top_failures": [_row(row) for row in digest.top_failures],
        "open_escalations": [_row(row) for row in digest.open_escalations],
        "sla_breaches": _metric(digest.breach_count)
        | {"tickets": [_breach_dict(b) for b in digest.breaches]},
        "answer_rate": _metric(digest.answer_rate),
        "helpful_rate": _metric(digest.helpful_rate),
        "median_first_response_seconds": _metric(digest.median_first_response),
        "median_resolution_seconds": _metric(digest.median_resolution),
        "coverage": {"now_answered": digest.coverage[0], "unanswered": digest.coverage[1]},
    }


def render_json(digest: Digest, locale: str = "en") -> str:
    """Stable JSON (``locale`` is ignored: keys and values are not translated)."""
    del locale
    return json.dumps(as_dict(digest), ensure_ascii=False, indent=2, sort_keys=True)


FORMATS: dict[str, Callable[[Digest, str], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def render(digest: Digest, fmt: str = "text", locale: str = "en") -> str:
    """Render in ``fmt`` (text, markdown or json); ValueError for anything else."""
    try:
        return FORMATS[fmt](digest, locale)
    except KeyError:
        raise ValueError(f"unknown digest format {fmt!r}; use one of {', '.join(FORMATS)}") from None
