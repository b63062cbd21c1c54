"""The FAQ the bot answers from, with the matcher built over it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

import numpy as np

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import MatchDecision, Matcher
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.knowledge.batching import QuestionBatcher

__all__ = ["FaqCatalog", "MatcherBuilder"]

MatcherBuilder = Callable[[Sequence[FaqEntry]], Matcher]


class FaqCatalog:
    """Holds the current matcher; :meth:`reload` builds a new one off the event loop and swaps it in.

    Building trains the classifier (seconds for a large FAQ), so it runs in a
    worker thread while the old matcher keeps answering. When reloads overlap,
    the last one requested wins, whichever finishes first. With ``questions``
    (the sentence encoder behind a :class:`QuestionBatcher`), :meth:`ask` embeds
    questions asked together in one encoder call.
    """

    def __init__(
        self,
        build: MatcherBuilder,
        entries: Sequence[FaqEntry] = (),
        telemetry: Telemetry = NO_TELEMETRY,
        questions: QuestionBatcher | None = None,
    ) -> None:
        self._telemetry = telemetry
        self._questions = questions
        self._build = build
        self._matcher = build(entries)
        self._requested = 0

    def load(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild the matcher over ``entries`` in this thread (scripts and tests without a loop)."""
        self._requested += 1
        self._matcher = self._build(entries)

    async def reload(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild over ``entries`` in a worker thread; questions meanwhile get the old matcher."""
        await self.reloading(entries)

    def reloading(self, entries: Sequence[FaqEntry]) -> Awaitable[None]:
        """:meth:`reload`, its place in line taken now (under the caller's lock), the build when awaited."""
        self._requested += 1
        return self._swap_in(self._requested, list(entries))

    async def _swap_in(self, ticket: int, entries: list[FaqEntry]) -> None:
        matcher = await asyncio.to_thread(self._build, entries)
        if ticket == self._requested:
            self._matcher = matcher

    def __len__(self) -> int:
        return len(self._matcher)

    def decide(self, text: str) -> MatchDecision:
        """The matcher's decision for ``text``, embedding it alone (commands, scripts)."""
        return self._timed(self._matcher, text, None)

    def foresee(self, text: str) -> asyncio.Future[np.ndarray] | None:
        """Reserve ``text`` a place in the next batch of questions; None when the matcher would not embed it.

        Hand the future to :meth:`ask` later (or cancel it): questions that
        queue for the database meanwhile are embedded in one encoder call.
        """
        if self._questions is None:
            return None
        wanted = self._matcher.question_text(text)
        return None if wanted is None else self._questions.reserve(wanted)

    async def embedded(self, foreseen: asyncio.Future[np.ndarray]) -> np.ndarray:
        """The vector of a :meth:`foresee` n text: its batch is encoded now unless one is under way."""
        if self._questions is None:  # foresee() reserves nothing then; a future from elsewhere is its own
            return await foreseen
        return await self._questions.vector(foreseen)

    async def ask(self, text: str, foreseen: asyncio.Future[np.ndarray] | None = None) -> MatchDecision:
        """The matcher's decision for a customer's ``text``; ``foreseen`` is its :meth:`foresee` future, if any."""
        matcher = self._matcher
        questions = self._questions if matcher.understands_meaning else None
        if questions is None:
            if foreseen is not None:  # a reload swapped in a matcher that reads words only
                foreseen.cancel()
            return self._timed(matcher, text, None)
        if foreseen is None:
            foreseen = self.foresee(text)
        vector = None if foreseen is None else await questions.vector(foreseen)
        return self._timed(matcher, text, vector)

    def _timed(self, matcher: Matcher, text: str, vector: np.ndarray | None) -> MatchDecision:
        started = time.perf_counter()  # a duration, not "now": the clock is not involved
        decision = matcher.decide(text, vector)
        self._telemetry.matched(decision.kind.value, time.perf_counter() - started)
        return decision

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if loaded."""
        return self._matcher.entry(entry_id)

    def entries(self) -> list[FaqEntry]:
        """Every entry served now, in FAQ order."""
        return self._matcher.entries()
