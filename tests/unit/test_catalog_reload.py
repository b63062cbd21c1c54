"""Retraining runs off the event loop; the old matcher answers until the new one is ready."""

import asyncio
import threading
from collections.abc import Sequence

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, Matcher
from groupbot.features.knowledge.catalog import FaqCatalog

OLD = [FaqEntry("old", "How do I reset my password?", "A", ("forgot my password",))]
NEW = [FaqEntry("new", "How do I export a report?", "B", ("export report",))]


class GatedBuilder:
    """Builds lexical matchers, but holds each build of ``NEW`` until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.threads: list[str] = []

    def __call__(self, entries: Sequence[FaqEntry]) -> Matcher:
        self.threads.append(threading.current_thread().name)
        if entries and entries[0].id == "new":
            assert self.gate.wait(timeout=30)
        return Matcher(entries)


async def test_questions_get_the_old_faq_while_the_new_one_trains() -> None:
    builder = GatedBuilder()
    catalog = FaqCatalog(builder, OLD)
    reload = asyncio.create_task(catalog.reload(NEW))
    await asyncio.sleep(0)  # the reload has started and waits in its worker thread
    for _ in range(100):
        if len(builder.threads) == 2:
            break
        await asyncio.sleep(0.01)
    assert catalog.decide("forgot my password").entry_id == "old"  # the loop is free and serves the old FAQ
    builder.gate.set()
    await reload
    assert catalog.decide("how to export a report").entry_id == "new"
    assert builder.threads[1] != threading.current_thread().name


async def test_when_reloads_overlap_the_last_requested_wins() -> None:
    builder = GatedBuilder()
    catalog = FaqCatalog(builder, ())
    slow = asyncio.create_task(catalog.reload(NEW))  # waits for the gate
    await asyncio.sleep(0)  # NEW is requested first
    await catalog.reload(OLD)  # requested later, finishes first
    builder.gate.set()
    await slow
    assert catalog.decide("forgot my password").kind is DecisionKind.ANSWER
    assert catalog.entry("new") is None
