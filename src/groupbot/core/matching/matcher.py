"""Matching v1: rapidfuzz over every phrasing after light normalization.

The public seam is :class:`Matcher`: built once from the FAQ entries, then asked
:meth:`Matcher.decide` per question. Everything behind it may change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from groupbot.core.faq import FaqEntry
from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds

__all__ = ["DEFAULT_THRESHOLDS", "Matcher", "normalize"]

DEFAULT_THRESHOLDS = Thresholds(answer=0.80, suggest=0.55, margin=0.0)
SUGGEST_COUNT = 3
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC, lower case, punctuation to spaces, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCT.sub(" ", folded).split())


class Matcher:
    """Decides, for one question, whether an FAQ entry answers it."""

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        category_thresholds: Mapping[str, Thresholds] | None = None,
    ) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._thresholds = thresholds
        self._by_category = dict(category_thresholds or {})
        self._texts: list[str] = []
        self._owners: list[str] = []
        for entry in self._entries.values():
            for phrasing in entry.phrasings:
                self._texts.append(normalize(phrasing))
                self._owners.append(entry.id)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if the matcher knows it."""
        return self._entries.get(entry_id)

    def decide(self, text: str) -> MatchDecision:
        """Answer, suggest or abstain for ``text``."""
        query = normalize(text)
        if not query or not self._texts:
            return MatchDecision(DecisionKind.ABSTAIN, reason="nothing to match")
        candidates = self._rank(query)
        return self._decide(candidates)

    def _rank(self, query: str) -> tuple[Candidate, ...]:
        best: dict[str, Candidate] = {}
        hits = process.extract(query, self._texts, scorer=fuzz.token_set_ratio, limit=50)
        for _text, score, index in hits:
            owner = self._owners[index]
            if owner not in best or best[owner].score < score / 100:
                best[owner] = Candidate(owner, score / 100, self._texts[index])
        return tuple(sorted(best.values(), key=lambda c: -c.score))

    def _decide(self, candidates: tuple[Candidate, ...]) -> MatchDecision:
        top = candidates[0]
        limits = self._limits_for(top.entry_id)
        if top.score >= limits.answer:
            return MatchDecision(DecisionKind.ANSWER, candidates, f"{top.score:.2f} >= answer {limits.answer}")
        if top.score >= limits.suggest:
            shortlist = tuple(c for c in candidates if c.score >= limits.suggest)[:SUGGEST_COUNT]
            return MatchDecision(DecisionKind.SUGGEST, shortlist, f"{top.score:.2f} >= suggest {limits.suggest}")
        reason = f"{top.score:.2f} < suggest {limits.suggest}"
        return MatchDecision(DecisionKind.ABSTAIN, candidates[:SUGGEST_COUNT], reason)

    def _limits_for(self, entry_id: str) -> Thresholds:
        entry = self._entries[entry_id]
        return self._by_category.get(entry.category, self._thresholds)
