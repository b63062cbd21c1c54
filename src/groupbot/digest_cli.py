"""``groupbot digest`` and ``groupbot demo seed``: the weekly digest on demand, and data to try it on."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from groupbot.core.clock import SystemClock
from groupbot.core.digest import Digest, IsoWeek
from groupbot.features.digest.render import FORMATS, render
from groupbot.settings import Settings

if TYPE_CHECKING:
    from groupbot.bootstrap import Bot

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``digest`` and ``demo`` on the ``groupbot`` parser."""
    digest = commands.add_parser("digest", help="print the weekly failure digest", description="the weekly digest")
    digest.add_argument("--week", type=_week, help="ISO week, e.g. 2026-W47 (default: the last complete week)")
    digest.add_argument("--format", choices=sorted(FORMATS), default="text")
    digest.add_argument("--locale", choices=["zh-CN", "en"], help="default: the [digest] locale setting")
    digest.add_argument("--chart", type=Path, metavar="FILE.png", help="also save the chart as PNG")
    digest.set_defaults(handler=_digest)
    demo = commands.add_parser("demo", help="demo data", description="fill the database with two weeks of demo data")
    demo.add_argument("action", choices=["seed"])
    demo.add_argument("--week", type=_week, help="the week to seed (default: the last complete week)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    demo.set_defaults(handler=_demo)


def _week(text: str) -> IsoWeek:
    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _with_bot(settings: Settings, work: Callable[[Bot, IsoWeek], Awaitable[str]], week: IsoWeek | None) -> str:
    from groupbot.bootstrap import open_bot

    async def run() -> str:
        bot = await open_bot(settings)
        try:
            return await work(bot, week or IsoWeek.containing(SystemClock().now(), settings.digest.timezone).previous())
        finally:
            await bot.close()

    return asyncio.run(run())


def _digest(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.features.digest.job import build_week, would_answer

    locale = args.locale or settings.digest.locale
    week, timezone = args.week, settings.digest.timezone
    if week is not None and not week.has_started(SystemClock().now(), timezone):
        # cli.main reports a ValueError as a usage error
        raise ValueError(f"week {week} has not started yet (it begins {week.start(timezone):%Y-%m-%d} in {timezone})")

    async def show(bot: Bot, week: IsoWeek) -> str:
        async with bot.uow_factory() as uow:
            digest = await build_week(uow, week, settings.digest.timezone, would_answer(bot.catalog))
        if args.chart is not None:
            _save_chart(digest, locale, args.chart)
        return render(digest, args.format, locale)

    print(_with_bot(settings, show, week))
    return 0


def _save_chart(digest: Digest, locale: str, path: Path) -> None:
    from groupbot.features.digest.chart import render_chart

    png = render_chart(digest, locale)
    if png is None:
        raise ValueError("cannot draw the chart: install the digest extra (pip install 'groupbot[digest]')")
    path.write_bytes(png)
    print(f"chart saved to {path}", file=sys.stderr)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.features.digest.demo_seed import seed_demo
    from groupbot.features.escalation.config import sla_policy_from

    async def seed(bot: Bot, week: IsoWeek) -> str:
        async with bot.uow_factory() as uow:
            summary = await seed_demo(uow, week, sla_policy_from(settings.sla), settings.digest.timezone, args.seed)
            await uow.commit()
        tickets, questions = sum(summary.opened.values()), sum(summary.questions.values())
        return f"seeded {week} and the week before: {tickets} tickets, {questions} questions"

    print(_with_bot(settings, seed, args.week), file=sys.stderr)
    return 0
