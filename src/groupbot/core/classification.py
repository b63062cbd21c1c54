"""Guessing a new ticket's category and severity from its text.

The rules are plain data (keywords and regular expressions, English and
Chinese) that the caller loads from a configuration file; this module only
applies them. A guess is a starting point: ops reclassify, and every
reclassification is recorded so the rules can be reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from groupbot.core.matching.matcher import normalize
from groupbot.core.matching.stem import stem
from groupbot.core.tickets import Category, Severity

__all__ = [
    "CategoryRule",
    "Classification",
    "ClassificationRules",
    "SeverityRule",
    "TextRule",
    "classify",
    "guess_version",
    "is_urgent",
]

_SEVERITY_ORDER = (Severity.LOW, Severity.NORMAL, Severity.HIGH, Severity.CRITICAL)
_ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")
_ENDING = 2
"""Letters a keyword's stem may drop (-s, -es, -ed, -e) for other forms to match it: a stem that cuts deeper
("exception" -> "except") would match other words."""
_VERSION = re.compile(r"(?:\bv|\bversion\s*|版本\s*)(\d+(?:\.\d+){0,3})\b|\b(\d+\.\d+\.\d+)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TextRule:
    """Keywords (matched on normalized text) and regular expressions (on the raw text).

    An ASCII keyword must match whole words (``down`` does not hit ``download``),
    as written or in another form of the same English words (``crash`` hits
    "crashing"); other keywords (Chinese) match anywhere, since Chinese has no
    word spaces.
    """

    keywords: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()

    def hits(self, raw: str, normalized: str) -> list[str]:
        """Every keyword and pattern that occurs in the text."""
        words = _words(normalized)
        found, stems = [], set()
        for keyword in filter(words.has, self.keywords):
            forms = _keyword(keyword)[2] or keyword  # crash / crashes / crashed: one hit, not three
            if forms not in stems:
                stems.add(forms)
                found.append(keyword)
        found += [p.pattern for p in self.patterns if p.search(raw)]
        return found


class _Words:
    """A normalized text as keywords look for it: as is, and (English) as word stems, so that
    ``freeze`` finds "freezes" and ``fails`` finds "failing"."""

    def __init__(self, normalized: str) -> None:
        self.normalized = normalized
        self.padded = f" {normalized} "

    @cached_property
    def stemmed(self) -> str:
        """The words as stems, padded; worked out only when a keyword is not there as written."""
        return f" {_stems(self.normalized)} "

    def has(self, keyword: str) -> bool:
        word, whole, stemmed = _keyword(keyword)
        if not word:
            return False
        if not whole:
            return word in self.normalized
        return whole in self.padded or stemmed in self.stemmed


@lru_cache(maxsize=256)
def _words(normalized: str) -> _Words:
    """One text's words for every rule that looks at it (a classification consults several)."""
    return _Words(normalized)


def _stems(words: str) -> str:
    return " ".join(stem(word) for word in words.split())


@cache
def _keyword(keyword: str) -> tuple[str, str, str]:
    """``keyword`` normalized; padded with spaces if it must match whole words ("" if not); and so
    padded as stems.

    Cached: every new ticket is classified against every rule's keywords, a few hundred of them.
    """
    word = normalize(keyword)
    if not word or not _ASCII_WORD.match(word):
        return word, "", ""
    stems = _stems(word)
    if any(len(whole) - len(stemmed) > _ENDING for whole, stemmed in zip(word.split(), stems.split(), strict=True)):
        return word, f" {word} ", f" {word} "  # "exception" would stem to "except": as written only
    return word, f" {word} ", f" {stems} "


@dataclass(frozen=True, slots=True)
class CategoryRule:
    """What makes a text fall into ``category``, and the severity it starts at."""

    category: Category
    text: TextRule
    base_severity: Severity = Severity.NORMAL


@dataclass(frozen=True, slots=True)
class SeverityRule:
    """Words that raise a guess to at least ``severity`` (全部, 所有人, down, data loss...)."""

    severity: Severity
    text: TextRule


@dataclass(frozen=True, slots=True)
class ClassificationRules:
    """The whole rule set; earlier category rules win ties."""

    categories: tuple[CategoryRule, ...] = ()
    severities: tuple[SeverityRule, ...] = ()
    fallback: Category = Category.OTHER
    fallback_severity: Severity = Severity.NORMAL


@dataclass(frozen=True, slots=True)
class Classification:
    """The guess, with the keywords that led to it (for logs and rule reviews)."""

    category: Category
    severity: Severity
    reasons: tuple[str, ...] = ()


def classify(text: str, rules: ClassificationRules) -> Classification:
    """Category by the rule with the most hits, then severity raised by any severity rule."""
    normalized = normalize(text)
    category, severity, reasons = rules.fallback, rules.fallback_severity, []
    best = 0
    for rule in rules.categories:
        hits = rule.text.hits(text, normalized)
        if len(hits) > best:
            best, category, severity, reasons = len(hits), rule.category, rule.base_severity, hits
    raised, why = _raise_severity(text, normalized, severity, rules.severities)
    return Classification(category, raised, tuple(reasons + why))


def is_urgent(text: str, rules: ClassificationRules) -> bool:
    """Whether ``text`` is plainly a failure report, at high severity or above ("down", "all users", 宕机...).

    The severity rules (a short list) are tried first: most texts stop there,
    without the category rules.
    """
    normalized = normalize(text)
    severity, _why = _raise_severity(text, normalized, Severity.LOW, rules.severities)
    if _SEVERITY_ORDER.index(severity) < _SEVERITY_ORDER.index(Severity.HIGH):
        return False
    # Severity words alone are not a failure ("how do I export all data", "scroll down"): the failure rule
    # must outweigh reading the text as a question or a request, not tie with it ("do you send an outage
    # notification?"). An account word does not count against it: "nobody can log in" is an outage.
    hits = {rule.category: len(rule.text.hits(text, normalized)) for rule in rules.categories}
    failure = hits.get(Category.FAILURE, 0)
    return failure > 0 and all(failure > hits.get(other, 0) for other in (Category.HOWTO, Category.FEATURE))


def _raise_severity(
    text: str, normalized: str, severity: Severity, rules: Iterable[SeverityRule]
) -> tuple[Severity, list[str]]:
    reasons: list[str] = []
    for rule in rules:
        hits = rule.text.hits(text, normalized)
        if hits and _SEVERITY_ORDER.index(rule.severity) > _SEVERITY_ORDER.index(severity):
            severity = rule.severity
        reasons += hits
    return severity, reasons


def guess_version(text: str) -> str | None:
    """A product version the text mentions (``v5.2``, ``version 3``, ``版本 5.2.1``, ``5.2.1``), if any."""
    found = _VERSION.search(text)
    return (found.group(1) or found.group(2)) if found else None
