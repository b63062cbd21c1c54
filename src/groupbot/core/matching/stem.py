"""A light English stemmer: enough to fold plurals and verb forms together.

Porter's full algorithm also strips derivations (``general``/``generate``) and
merges words that support questions keep apart; stripping a few inflections and
a final ``e`` folds ``set/sets/setting`` and ``make/making``, which is what
matching needs.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["stem"]

_VOWELS = frozenset("aeiouy")
_KEEP_S = ("ss", "us", "is", "ous")
_DOUBLES = frozenset("bdfgmnprt")


def _has_vowel(stem: str) -> bool:
    return any(ch in _VOWELS for ch in stem)


def _undouble(word: str) -> str:
    # "running" -> "runn" -> "run"; "setting" -> "sett" -> "set"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] in _DOUBLES:
        return word[:-1]
    return word


def _strip_inflection(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S) and len(word) > 3:
        return word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _has_vowel(base):
            return _undouble(base)
    if word.endswith("ly") and len(word) > 5:
        return word[:-2]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lower-case English word; non-alphabetic words come back unchanged."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    base = _strip_inflection(word)
    # Dropping a final "e" makes "make" and "mak(ing)" meet.
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]
    return base
