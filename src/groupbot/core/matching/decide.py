"""Turn ranked candidates into answer / suggest / abstain.

A wrong answer in a customer group costs more than "logged as a ticket", so an
answer needs both a high confidence and a clear lead over the runner-up; two
close entries become a "did you mean" instead of a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds

__all__ = ["SUGGEST_COUNT", "choose"]

SUGGEST_COUNT = 3
EXPLAIN_COUNT = 5


def choose(candidates: Sequence[Candidate], limits_for: Callable[[str], Thresholds]) -> MatchDecision:
    """Decide from ``candidates`` (best first) with the thresholds of the best one's category."""
    if not candidates:
        return MatchDecision(DecisionKind.ABSTAIN, reason="no FAQ entry shares a word with the question")
    limits = limits_for(candidates[0].entry_id)
    decision = _decide(candidates, limits)
    return replace(decision, nearest=tuple(candidates[:EXPLAIN_COUNT]), thresholds=limits)


def _decide(candidates: Sequence[Candidate], limits: Thresholds) -> MatchDecision:
    top = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    lead = top.score - runner_up
    if top.score >= limits.answer and lead >= limits.margin:
        reason = f"{top.score:.3f} >= answer {limits.answer:g}, lead {lead:.3f} >= margin {limits.margin:g}"
        return MatchDecision(DecisionKind.ANSWER, tuple(candidates[:EXPLAIN_COUNT]), reason)
    if top.score >= limits.suggest:
        return _suggest(candidates, limits, lead)
    reason = f"{top.score:.3f} < suggest {limits.suggest:g}"
    return MatchDecision(DecisionKind.ABSTAIN, tuple(candidates[:EXPLAIN_COUNT]), reason)


def _suggest(candidates: Sequence[Candidate], limits: Thresholds, lead: float) -> MatchDecision:
    top = candidates[0]
    shortlist = tuple(c for c in candidates if c.score >= limits.suggest)[:SUGGEST_COUNT]
    if top.score >= limits.answer:
        reason = f"{top.score:.3f} >= answer {limits.answer:g} but lead {lead:.3f} < margin {limits.margin:g}"
    else:
        reason = f"suggest {limits.suggest:g} <= {top.score:.3f} < answer {limits.answer:g}"
    return MatchDecision(DecisionKind.SUGGEST, shortlist, reason)
