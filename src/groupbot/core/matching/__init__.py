"""Matching questions against the FAQ: small talk, meaning, words, decide."""

from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.encoder import SentenceEncoder
from groupbot.core.matching.matcher import DEFAULT_THRESHOLDS, MODEL_THRESHOLDS, Matcher

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MODEL_THRESHOLDS",
    "Candidate",
    "DecisionKind",
    "MatchDecision",
    "Matcher",
    "SentenceEncoder",
    "Thresholds",
]
