"""The FAQ the bot answers from, with the matcher built over it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import MatchDecision, Matcher
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry

__all__ = ["FaqCatalog", "MatcherBuilder"]

MatcherBuilder = Callable[[Sequence[FaqEntry]], Matcher]


class FaqCatalog:
    """Holds the current matcher; :meth:`reload` builds a new one off the event loop and swaps it in.

    Building trains the classifier (seconds for a large FAQ), so it runs in a
    worker thread while the old matcher keeps answering. When reloads overlap,
    the last one requested wins, whichever finishes first.
    """

    def __init__(
        self, build: MatcherBuilder, entries: Sequence[FaqEntry] = (), telemetry: Telemetry = NO_TELEMETRY
    ) -> None:
        self._telemetry = telemetry
        self._build = build
        self._matcher = build(entries)
        self._requested = 0

    def load(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild the matcher over ``entries`` in this thread (scripts and tests without a loop)."""
        self._requested += 1
        self._matcher = self._build(entries)

    async def reload(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild over ``entries`` in a worker thread; questions meanwhile get the old matcher."""
        self._requested += 1
        ticket = self._requested
        matcher = await asyncio.to_thread(self._build, list(entries))
        if ticket == self._requested:
            self._matcher = matcher

    def __len__(self) -> int:
        return len(self._matcher)

    def decide(self, text: str) -> MatchDecision:
        """The matcher's decision for ``text``."""
        started = time.perf_counter()  # a duration, not "now": the clock is not involved
        decision = self._matcher.decide(text)
        self._telemetry.matched(decision.kind.value, time.perf_counter() - started)
        return decision

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if loaded."""
        return self._matcher.entry(entry_id)
