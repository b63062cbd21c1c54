"""The matcher: normalize, find candidates in the index, score them, decide.

The public seam is :class:`Matcher`: built once from the FAQ entries, then asked
:meth:`Matcher.decide` per question. Everything behind it may change.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from groupbot.core.faq import FaqEntry
from groupbot.core.matching.decide import choose
from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.index import PhrasingIndex
from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.score import Phrasing, Query, entry_scores, similarity
from groupbot.core.matching.semantic import SemanticModel

__all__ = ["CANDIDATE_PHRASINGS", "DEFAULT_THRESHOLDS", "Matcher", "normalize"]

# Chosen on the development sets; docs/matching.md has the sweep behind them.
DEFAULT_THRESHOLDS = Thresholds(answer=0.62, suggest=0.58, margin=0.02)
# Phrasings taken from the index per question; every phrasing of their entries is
# then re-scored exactly, so an entry's confidence never depends on the shortlist.
CANDIDATE_PHRASINGS = 20
# Entries added by meaning when a semantic model is in use.
CANDIDATE_ENTRIES = 10


class Matcher:
    """Decides, for one question, whether an FAQ entry answers it.

    ``exhaustive=True`` scores every phrasing instead of the index's shortlist;
    it exists to measure what the index loses (bench/match_bench.py).
    ``semantic`` (optional) blends a sentence-embedding cosine into each
    entry's confidence with ``semantic_weight`` and widens the shortlist with
    the entries nearest in meaning. The blend changes the confidence scale, so
    questions the model covers are decided with ``semantic_thresholds``.
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        category_thresholds: Mapping[str, Thresholds] | None = None,
        *,
        exhaustive: bool = False,
        semantic: SemanticModel | None = None,
        semantic_weight: float = 0.8,
        semantic_thresholds: Thresholds | None = None,
    ) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._thresholds = thresholds
        self._by_category = dict(category_thresholds or {})
        self._exhaustive = exhaustive
        phrasings = [
            Phrasing.of(entry.id, text) for entry in self._entries.values() for text in dict.fromkeys(entry.phrasings)
        ]
        self._index = PhrasingIndex([p.tokens for p in phrasings])
        self._phrasings = [p.weighed(self._index.idf) for p in phrasings]
        self._of_entry: dict[str, list[Phrasing]] = {}
        for phrasing in self._phrasings:
            self._of_entry.setdefault(phrasing.entry_id, []).append(phrasing)
        self._semantic = semantic
        self._semantic_weight = semantic_weight
        self._semantic_thresholds = semantic_thresholds or thresholds
        self._entry_ids = list(self._of_entry)
        if semantic is not None:
            semantic.prepare([[p.text for p in self._of_entry[entry_id]] for entry_id in self._entry_ids])

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
        meaning = self.meaning(query)
        limits_for = self.limits_for if meaning is None else self._semantic_limits
        return choose(self.rank(query, meaning), limits_for)

    def rank(self, query: Query, meaning: Mapping[str, float] | None = None) -> list[Candidate]:
        """Entries that share a token with ``query`` (or are near in ``meaning``), best first.

        Ties go to the more specific phrasing.
        """
        query_idf = {token: self._index.idf(token) for token in query.tokens}
        scored = [(p, similarity(query, p, query_idf)) for p in self._shortlist(query, meaning)]
        best = entry_scores(scored)
        if meaning is not None:
            best = self._blend(best, meaning)
        # Equal confidence: the entry whose phrasing says more (higher idf mass) is the specific one.
        ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 9), -item[1][1].weight, item[0]))
        return [Candidate(entry_id, round(score, 4), phrasing.text) for entry_id, (score, phrasing) in ranked]

    def limits_for(self, entry_id: str) -> Thresholds:
        """The thresholds that apply when ``entry_id`` is the best candidate (its category's, if set)."""
        entry = self._entries[entry_id]
        return self._by_category.get(entry.category, self._thresholds)

    def _semantic_limits(self, _entry_id: str) -> Thresholds:
        return self._semantic_thresholds

    def meaning(self, query: Query) -> dict[str, float] | None:
        """Semantic similarity per entry id, or None without a model or for a language it does not cover."""
        if self._semantic is None or not self._semantic.covers(query.text):
            return None
        return dict(zip(self._entry_ids, self._semantic.similarities(query.text), strict=True))

    def _blend(self, lexical: dict[str, tuple[float, Phrasing]], meaning: Mapping[str, float]) -> dict:
        weight = self._semantic_weight
        return {
            entry_id: ((1 - weight) * score + weight * max(meaning[entry_id], 0.0), phrasing)
            for entry_id, (score, phrasing) in lexical.items()
        }

    def _shortlist(self, query: Query, meaning: Mapping[str, float] | None) -> list[Phrasing]:
        if self._exhaustive:
            return self._phrasings
        hits = self._index.search(query.tokens, CANDIDATE_PHRASINGS)
        entry_ids = dict.fromkeys(self._phrasings[number].entry_id for number, _score in hits)
        if meaning is not None:  # entries asked in other words share no token: add the nearest in meaning
            entry_ids.update(dict.fromkeys(heapq.nlargest(CANDIDATE_ENTRIES, meaning, key=meaning.__getitem__)))
        return [phrasing for entry_id in entry_ids for phrasing in self._of_entry[entry_id]]
