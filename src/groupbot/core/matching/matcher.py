"""The matcher: small talk first, then meaning (a classifier over sentence embeddings) or words.

The public seam is :class:`Matcher`: built once from the FAQ entries, then asked
:meth:`Matcher.decide` per question. Everything behind it may change.

With a sentence encoder the entries are ranked by a classifier trained on their
phrasings (:mod:`meaning`), and the lexical score stays as a second signal for
exact wordings (error codes, product names, ids). Without one (the model is
not installed) the lexical ranking decides alone, on its own threshold scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from groupbot.core.faq import FaqEntry
from groupbot.core.matching.decide import choose
from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.encoder import SentenceEncoder
from groupbot.core.matching.index import PhrasingIndex
from groupbot.core.matching.meaning import EntryMeaning
from groupbot.core.matching.negation import is_negated
from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.score import Phrasing, Query, entry_scores, similarity
from groupbot.core.matching.smalltalk import small_talk

__all__ = ["CANDIDATE_PHRASINGS", "DEFAULT_THRESHOLDS", "MODEL_THRESHOLDS", "Matcher", "normalize"]

# Lexical scale (no model installed). docs/matching.md has the sweep behind them.
DEFAULT_THRESHOLDS = Thresholds(answer=0.62, suggest=0.58, margin=0.02)
# Model scale: the logistic of the winning entry's classifier lead (docs/matching.md).
MODEL_THRESHOLDS = Thresholds(answer=0.965, suggest=0.88, margin=0.0)
# Phrasings taken from the index per question; every phrasing of their entries is
# then re-scored exactly, so an entry's confidence never depends on the shortlist.
CANDIDATE_PHRASINGS = 20
# Entries the meaning ranking hands to the decision (answer, did-you-mean, explain).
CANDIDATE_ENTRIES = 10
# A lexical similarity this high is a (near) verbatim phrasing: it wins even
# where the embedding is vague (error codes, product names, ids).
LEXICAL_SURE = 0.9
# A lexical answer needs two content words (or four Chinese characters) unless it is
# near-verbatim: one shared word ("everyone" in "require 2fa for everyone") only suggests.
# Meaning needs one content word: "refund?" is a fine question for a classifier.
MIN_LEXICAL_CONTENT = 2.0
MIN_MEANING_CONTENT = 1.0


class Matcher:
    """Decides, for one question, whether an FAQ entry answers it.

    ``exhaustive=True`` scores every phrasing instead of the index's shortlist;
    it exists to measure what the index loses (bench/match_bench.py).
    ``encoder`` (optional) turns on the meaning ranking; ``thresholds`` then
    default to :data:`MODEL_THRESHOLDS`, else to :data:`DEFAULT_THRESHOLDS`. A
    one-entry FAQ has nothing to classify: words decide with ``lexical_thresholds``.
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        thresholds: Thresholds | None = None,
        category_thresholds: Mapping[str, Thresholds] | None = None,
        *,
        exhaustive: bool = False,
        encoder: SentenceEncoder | None = None,
        lexical_thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._thresholds = thresholds or (DEFAULT_THRESHOLDS if encoder is None else MODEL_THRESHOLDS)
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
        self._polarities = {
            entry_id: frozenset(is_negated(p.text) for p in found) for entry_id, found in self._of_entry.items()
        }
        self._meaning: EntryMeaning | None = None
        if encoder is not None and len(self._of_entry) > 1:  # one entry: nothing to tell apart, words decide
            pairs = [(entry_id, [p.text for p in found]) for entry_id, found in self._of_entry.items()]
            self._meaning = EntryMeaning.train(encoder, pairs)
        elif encoder is not None:  # given model-scale thresholds, but words decide: use the lexical scale
            self._thresholds, self._by_category = lexical_thresholds, {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def understands_meaning(self) -> bool:
        """True when a sentence encoder ranks the entries (else words alone do)."""
        return self._meaning is not None

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if the matcher knows it."""
        return self._entries.get(entry_id)

    def decide(self, text: str) -> MatchDecision:
        """Small talk, answer, suggest or abstain for ``text``."""
        talk = small_talk(text)
        if talk is not None:
            return MatchDecision(DecisionKind.SMALL_TALK, reason=f"small talk: {talk}", talk=talk.value)
        query = Query.of(text)
        if not query.tokens:
            return MatchDecision(DecisionKind.ABSTAIN, reason="nothing left to match after normalization")
        if self._meaning is None:
            return self._guard(query, choose(self.rank(query), self.limits_for))
        return self._guard(query, choose(self.rank_by_meaning(query), self.limits_for))

    def rank(self, query: Query) -> list[Candidate]:
        """Entries that share a token with ``query``, best first, by lexical similarity.

        Ties go to the more specific phrasing.
        """
        query_idf = {token: self._index.idf(token) for token in query.tokens}
        scored = [(p, similarity(query, p, query_idf)) for p in self._shortlist(query)]
        best = entry_scores(scored)
        # Equal confidence: the entry whose phrasing says more (higher idf mass) is the specific one.
        ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 9), -item[1][1].weight, item[0]))
        return [Candidate(entry_id, round(score, 4), phrasing.text) for entry_id, (score, phrasing) in ranked]

    def rank_by_meaning(self, query: Query) -> list[Candidate]:
        """The entries the classifier rates highest for ``query``, best first (needs an encoder).

        A near-verbatim lexical match (similarity >= ``LEXICAL_SURE``) is put first.
        """
        assert self._meaning is not None
        leads = self._meaning.leads(query.text[:1000])
        ids = self._meaning.entry_ids
        lexical = {c.entry_id: c for c in self.rank(query)[:CANDIDATE_ENTRIES]}
        top = np.argsort(-leads)[:CANDIDATE_ENTRIES]
        candidates = [
            Candidate(ids[i], round(_logistic(float(leads[i])), 4), _matched(lexical.get(ids[i]))) for i in top
        ]
        sure = next(iter(lexical.values()), None)
        if sure is None or sure.score < LEXICAL_SURE:
            return candidates
        # Both scales read as a confidence in [0, 1]: a near-verbatim phrasing keeps the higher one.
        model = next((c.score for c in candidates if c.entry_id == sure.entry_id), 0.0)
        rest = [c for c in candidates if c.entry_id != sure.entry_id]
        first = Candidate(sure.entry_id, max(model, sure.score), sure.matched)
        return sorted([first, *rest], key=lambda c: -c.score)

    def limits_for(self, entry_id: str) -> Thresholds:
        """The thresholds that apply when ``entry_id`` is the best candidate (its category's, if set)."""
        entry = self._entries[entry_id]
        return self._by_category.get(entry.category, self._thresholds)

    def _guard(self, query: Query, decision: MatchDecision) -> MatchDecision:
        """An answer needs enough words, and the same polarity as one of the entry's phrasings."""
        if decision.kind is not DecisionKind.ANSWER:
            return decision
        best = decision.candidates[0]
        entry_id = best.entry_id
        needed = MIN_LEXICAL_CONTENT if self._meaning is None else MIN_MEANING_CONTENT
        if _content(query) < needed and not (self._meaning is None and best.score >= LEXICAL_SURE):
            why = "too few words to be sure"
        elif is_negated(query.text) not in self._polarities.get(entry_id, frozenset({False, True})):
            why = "negated where the entry is not (or the other way round)"
        else:
            return decision
        return MatchDecision(DecisionKind.SUGGEST, decision.candidates[:3], f"{decision.reason}; suggest: {why}")

    def _shortlist(self, query: Query) -> list[Phrasing]:
        if self._exhaustive:
            return self._phrasings
        hits = self._index.search(query.tokens, CANDIDATE_PHRASINGS)
        entry_ids = dict.fromkeys(self._phrasings[number].entry_id for number, _score in hits)
        return [phrasing for entry_id in entry_ids for phrasing in self._of_entry[entry_id]]


def _logistic(logit: float) -> float:
    return 1 / (1 + math.exp(-max(min(logit, 50.0), -50.0)))


def _matched(lexical: Candidate | None) -> str:
    return lexical.matched if lexical is not None else ""


def _content(query: Query) -> float:
    """English content words plus half the Chinese content characters."""
    words = [t for t in query.tokens if not _is_cjk(t[0])]
    chinese = [t for t in query.tokens if len(t) == 1 and _is_cjk(t)]
    return len(words) + len(chinese) / 2


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
