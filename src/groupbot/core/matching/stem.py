"""English stemming with the Snowball (Porter 2) stemmer from ``snowballstemmer``.

A maintained, pure-Python implementation (BSD-3-Clause, no I/O), so it may sit
in core. It folds "setting/settings/set" and "use/used/using" together, which
the earlier hand-written suffix stripper did not (docs/matching.md).
"""

from __future__ import annotations

from functools import cache, lru_cache

import snowballstemmer

__all__ = ["stem"]


@cache
def _english() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lower-case English word; non-alphabetic words come back unchanged."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha():
        return word
    return _english().stemWord(word)
