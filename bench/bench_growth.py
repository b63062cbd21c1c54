"""Does a message cost more as the data grows? Small against large, each against a bare unit of work.

Run: ``PYTHONPATH=src python bench/bench_growth.py [--quick]``.

Three measurements, each at a small and a large size, on a SQLite file:

* unanswered question: the message's unit of work (log it, find the open
  ticket it repeats or open one, roll back so the data stays the same size)
  with 100, 1,000 and 10,000 open tickets of 3 report texts each, of which the
  newest 10 (typical) or the newest 200 (worst case: every ticket the search
  compares) carry 50 distinct texts.  The search compares the newest 200 open
  tickets, so in the worst case 100 open tickets cost half the comparisons of
  200 or more: that part of the growth is the design's cap being reached.
* repeat joining a busy ticket: the same, committed, for a report that joins a
  ticket with 10 and with 10,000 reports.
* FAQ file: parsing one YAML file of 1,000 and of 20,000 entries, per entry
  (with the cyclic GC off for both: see ``_timed``).

The baseline, in the same process and on the same database, is a bare unit of
work (log the message, roll back) for the first two and ``yaml.load`` of the same
file for the third. Each line prints the ratio to its baseline, and the
``growth`` line the large ratio over the small one: the target is at most 1.5.
Times are the process's CPU time (SQLite's driver thread included), the median
of the rounds: on a shared machine wall time mostly measures the neighbours.

Only APIs that predate this bench are used, so it runs against an older
checkout too (``PYTHONPATH=/path/to/old/src``) for before/after figures.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from groupbot.core.faq import FaqEntry
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender
from groupbot.core.repeats import RepeatFinder
from groupbot.core.tickets import Category, Ticket, TicketReport, TicketStatus
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.faqfiles.parsing import parse_faq_text
from groupbot.faqfiles.rendering import render_entries
from groupbot.features.tickets.classification_rules import load_rules
from groupbot.features.tickets.desk import TicketDesk
from groupbot.features.tickets.ops_inbox import OpsInbox

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CHAT = ChatRef("bench", "g1", ChatKind.GROUP, "bench group")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WORDS = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
]
BUSY_TEXTS = 50
NEWEST = 200


class _Clock:
    def now(self) -> datetime:
        return T0 + timedelta(days=30)


def _phrase(i: int, j: int) -> str:
    """A distinct, unrelated sentence per (ticket, variant): no two tickets repeat each other."""
    picks = [WORDS[(i * 7 + j * 3 + k * 5) % len(WORDS)] for k in range(5)]
    return f"ticket {i} variant {j}: the {picks[0]} {picks[1]} screen shows {picks[2]} {picks[3]} {picks[4]} code {i}"


def _report(i: int, j: int, text: str) -> TicketReport:
    return TicketReport(CHAT, Sender(f"u{j % 97}", f"user {j % 97}", Role.CUSTOMER), f"t{i}-r{j}", text, T0)


def _ticket(i: int, texts: list[str]) -> Ticket:
    created = T0 + timedelta(seconds=i)
    reports = tuple(_report(i, j, text) for j, text in enumerate(texts))
    return Ticket(0, texts[0][:80], Category.FAILURE, TicketStatus.OPEN, created, created, "bench:u0",
                  reports=reports)


def _message(n: int, text: str) -> IncomingMessage:
    now = T0 + timedelta(days=30)
    # received_at: stamped by the router since the structure change; absent from older checkouts.
    stamped = {"received_at": now} if "received_at" in IncomingMessage.__dataclass_fields__ else {}
    return IncomingMessage(chat=CHAT, sender=Sender("asker", "Asker", Role.CUSTOMER), text=text,
                           message_id=f"q{n}", time=now, **stamped)


async def _database(folder: Path, name: str):
    url = f"sqlite+aiosqlite:///{folder / name}"
    await upgrade(url)
    engine = create_engine(url)
    return engine, unit_of_work_factory(engine, _Clock())


async def _fill_open(factory, count: int, busy: int) -> None:
    """``count`` open tickets with 3 distinct report texts each, the newest ``busy`` with 50."""
    async with factory() as uow:
        for i in range(count):
            texts = [_phrase(i, j) for j in range(BUSY_TEXTS if i >= count - busy else 3)]
            await uow.tickets.create(_ticket(i, texts))
        await uow.commit()


async def _per_message(
    run: Callable[[int], Awaitable[None]], bare: Callable[[int], Awaitable[None]], rounds: int
) -> tuple[float, float]:
    """Median CPU time of ``run`` and of ``bare`` per message, taken in turns so both see the same machine."""
    for n in range(5):  # warm caches and the pool
        await run(-1 - n)
        await bare(-1 - n)
    ours, base = [], []
    for n in range(rounds):
        for action, times in ((run, ours), (bare, base)):
            start = time.process_time()
            await action(n)
            times.append(time.process_time() - start)
    return statistics.median(ours), statistics.median(base)


def _bare(factory) -> Callable[[int], Awaitable[None]]:
    async def run(n: int) -> None:
        async with factory() as uow:
            await uow.messages.record(_message(n + 1_000_000, "bare"))
    return run


def _desk() -> TicketDesk:
    return TicketDesk(_Clock(), load_rules(), RepeatFinder(), OpsInbox(None))


async def _unanswered(folder: Path, open_tickets: int, busy: int, rounds: int) -> tuple[float, float]:
    engine, factory = await _database(folder, f"open-{open_tickets}-{busy}.db")
    try:
        await _fill_open(factory, open_tickets, busy)
        desk = _desk()

        async def run(n: int) -> None:
            message = _message(n, f"my {WORDS[n % 16]} widget number {n} keeps crashing when I press save")
            async with factory() as uow:
                await uow.messages.record(message)
                await desk.open_or_merge(message, message.text, uow, "en")
            # rolled back: the next question sees as many open tickets

        return await _per_message(run, _bare(factory), rounds)
    finally:
        await engine.dispose()


async def _joining(folder: Path, reports: int, rounds: int) -> tuple[float, float]:
    engine, factory = await _database(folder, f"reports-{reports}.db")
    try:
        base = "the payment page shows error 502 after I enter my card number"
        async with factory() as uow:
            await uow.tickets.create(_ticket(0, [f"{base} (report {j})" for j in range(reports)]))
            await uow.commit()
        desk = _desk()

        async def run(n: int) -> None:
            message = _message(n + 10, f"{base} again {n}")
            async with factory() as uow:
                await uow.messages.record(message)
                outcome = await desk.open_or_merge(message, message.text, uow, "en")
                await uow.commit()
            assert outcome.merged, "the bench's repeat should join the busy ticket"

        return await _per_message(run, _bare(factory), rounds)
    finally:
        await engine.dispose()


def _faq(entries: int) -> tuple[float, float]:
    text = render_entries([
        FaqEntry(id=f"e{i}", question=f"How do I configure feature {i}?", answer=f"Open settings {i}, click Save.",
                 aliases=(f"feature {i} setup",), locale="en")
        for i in range(entries)
    ])
    ours = min(_timed(lambda: parse_faq_text(text, "bench.yaml")) for _ in range(3)) / entries
    base = min(_timed(lambda: yaml.load(text, Loader=LOADER)) for _ in range(3)) / entries
    return ours, base


def _timed(action: Callable[[], object]) -> float:
    # Without the cyclic GC: its passes grow with every live object, yaml.load's as much as
    # ours, and at 20,000 entries they hide what the parser itself does per entry.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        action()
        return time.process_time() - start
    finally:
        gc.enable()


def _line(label: str, ours: float, base: float) -> float:
    ratio = ours / base
    print(f"  {label:<34} {ours * 1e3:9.3f} ms   baseline {base * 1e3:8.3f} ms   ratio {ratio:6.2f}")
    return ratio


def _growth(small: float, large: float) -> None:
    verdict = "ok" if large / small <= 1.5 else "MISSED"
    print(f"  growth (large ratio / small ratio) {large / small:6.2f}   target <= 1.5: {verdict}")


async def main(quick: bool) -> None:
    rounds = 40 if quick else 150
    sizes = {"open": (100, 1000, 2000 if quick else 10_000), "reports": (10, 2000 if quick else 10_000),
             "faq": (1000, 5000 if quick else 20_000)}
    for busy, mix in ((10, "the newest 10 busy"), (NEWEST, f"the newest {NEWEST} busy: worst case")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            print(f"unanswered question, per message (SQLite; open tickets with 3 texts, {mix} with 50)")
            ratios = [
                _line(f"{n} open tickets", *await _unanswered(folder, n, busy, rounds)) for n in sizes["open"]
            ]
            _growth(ratios[0], ratios[-1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("repeat joining a busy ticket, per message (SQLite)")
        ratios = [_line(f"ticket with {n} reports", *await _joining(folder, n, rounds)) for n in sizes["reports"]]
        _growth(*ratios)
    print("FAQ file parsing, per entry")
    ratios = [_line(f"{n} entries in one file", *_faq(n)) for n in sizes["faq"]]
    _growth(*ratios)


if __name__ == "__main__":
    asyncio.run(main("--quick" in sys.argv[1:]))
