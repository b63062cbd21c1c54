"""The FAQ the bot answers from, with the matcher built over it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import MatchDecision, Matcher
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry

__all__ = ["FaqCatalog", "MatcherBuilder"]

MatcherBuilder = Callable[[Sequence[FaqEntry]], Matcher]


class FaqCatalog:
    """Holds the current matcher; :meth:`load` swaps in a new FAQ atomically."""

    def __init__(
        self, build: MatcherBuilder, entries: Sequence[FaqEntry] = (), telemetry: Telemetry = NO_TELEMETRY
    ) -> None:
        self._telemetry = telemetry
        self._build = build
        self._matcher = build(entries)

    def load(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild the matcher over ``entries``; questions in flight keep the old one."""
        self._matcher = self._build(entries)

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
