"""Matching questions against the FAQ: normalize, find candidates, score, decide."""

from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.matcher import Matcher
from groupbot.core.matching.semantic import SemanticModel

__all__ = ["Candidate", "DecisionKind", "MatchDecision", "Matcher", "SemanticModel", "Thresholds"]
