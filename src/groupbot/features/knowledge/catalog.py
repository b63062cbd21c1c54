"""The FAQ the bot answers from, with the matcher built over it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import MatchDecision, Matcher

__all__ = ["FaqCatalog", "MatcherBuilder"]

MatcherBuilder = Callable[[Sequence[FaqEntry]], Matcher]


class FaqCatalog:
    """Holds the current matcher; :meth:`load` swaps in a new FAQ atomically."""

    def __init__(self, build: MatcherBuilder, entries: Sequence[FaqEntry] = ()) -> None:
        self._build = build
        self._matcher = build(entries)

    def load(self, entries: Sequence[FaqEntry]) -> None:
        """Rebuild the matcher over ``entries``; questions in flight keep the old one."""
        self._matcher = self._build(entries)

    def __len__(self) -> int:
        return len(self._matcher)

    def decide(self, text: str) -> MatchDecision:
        """The matcher's decision for ``text``."""
        return self._matcher.decide(text)

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if loaded."""
        return self._matcher.entry(entry_id)
