"""The matcher: normalize, find candidates in the index, score them, decide.

The public seam is :class:`Matcher`: built once from the FAQ entries, then asked
:meth:`Matcher.decide` per question. Everything behind it may change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from groupbot.core.faq import FaqEntry
from groupbot.core.matching.decide import choose
from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.index import PhrasingIndex
from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.score import Phrasing, Query, entry_scores, similarity

__all__ = ["CANDIDATE_PHRASINGS", "DEFAULT_THRESHOLDS", "Matcher", "normalize"]

# Chosen on the development sets; docs/matching.md has the sweep behind them.
DEFAULT_THRESHOLDS = Thresholds(answer=0.62, suggest=0.45, margin=0.03)
# Phrasings taken from the index per question; every phrasing of their entries is
# then re-scored exactly, so an entry's confidence never depends on the shortlist.
CANDIDATE_PHRASINGS = 20


class Matcher:
    """Decides, for one question, whether an FAQ entry answers it.

    ``exhaustive=True`` scores every phrasing instead of the index's shortlist;
    it exists to measure what the index loses (bench/match_bench.py).
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        category_thresholds: Mapping[str, Thresholds] | None = None,
        *,
        exhaustive: bool = False,
    ) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._thresholds = thresholds
        self._by_category = dict(category_thresholds or {})
        self._exhaustive = exhaustive
        phrasings = [
            Phrasing.of(entry.id, text) for entry in self._entries.values() for text in dict.fromkeys(entry.phrasings)
        ]
        self._index = PhrasingIndex([sorted(p.token_set) for p in phrasings])
        self._phrasings = [p.weighed(self._index.idf) for p in phrasings]
        self._of_entry: dict[str, list[Phrasing]] = {}
        for phrasing in self._phrasings:
            self._of_entry.setdefault(phrasing.entry_id, []).append(phrasing)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if the matcher knows it."""
        return self._entries.get(entry_id)

    def decide(self, text: str) -> MatchDecision:
        """Answer, suggest or abstain for ``text``."""
        query = Query.of(text)
        if not query.tokens:
            return MatchDecision(DecisionKind.ABSTAIN, reason="nothing left to match after normalization")
        return choose(self.rank(query), self.limits_for)

    def rank(self, query: Query) -> list[Candidate]:
        """Entries that share a token with ``query``, best first; ties go to the more specific phrasing."""
        query_idf = {token: self._index.idf(token) for token in query.tokens}
        scored = [(p, similarity(query, p, query_idf)) for p in self._shortlist(query)]
        best = entry_scores(scored)
        # Equal confidence: the entry whose phrasing says more (higher idf mass) is the specific one.
        ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 9), -item[1][1].weight, item[0]))
        return [Candidate(entry_id, round(score, 4), phrasing.text) for entry_id, (score, phrasing) in ranked]

    def limits_for(self, entry_id: str) -> Thresholds:
        """The thresholds that apply when ``entry_id`` is the best candidate (its category's, if set)."""
        entry = self._entries[entry_id]
        return self._by_category.get(entry.category, self._thresholds)

    def _shortlist(self, query: Query) -> list[Phrasing]:
        if self._exhaustive:
            return self._phrasings
        hits = self._index.search(query.tokens, CANDIDATE_PHRASINGS)
        entry_ids = dict.fromkeys(self._phrasings[number].entry_id for number, _score in hits)
        return [phrasing for entry_id in entry_ids for phrasing in self._of_entry[entry_id]]
