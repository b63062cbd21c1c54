"""Matching questions against the FAQ: normalize, find candidates, score, decide."""

from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.matcher import Matcher

__all__ = ["Candidate", "DecisionKind", "MatchDecision", "Matcher", "Thresholds"]
