"""What an encoder reads of a text: mentions and links removed, at most 1,000 characters.

The same cleaning the lexical matcher applies first: a mention or a link says
nothing about the question, and a wall of pasted log lines says no more after
its first thousand characters. Half a character (a lone surrogate) becomes U+FFFD.
"""

from __future__ import annotations

import re

from groupbot.core.unicode import well_formed

__all__ = ["MAX_CHARS", "encoder_input"]

_NOISE = re.compile(r"@\S+|(?:https?://|www\.)\S+")
MAX_CHARS = 1000


def encoder_input(text: str) -> str:
    """``text`` cleaned for an encoder; a text that is only noise stays as it was (cut to the limit).

    Lone surrogates become U+FFFD: neither encoder can read them, and one would fail its whole batch.
    """
    cut = well_formed(text[:MAX_CHARS])
    return _NOISE.sub(" ", cut).strip() or cut
