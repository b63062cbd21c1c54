"""Fold a chat message to the text that matching compares.

Customer messages arrive with full-width letters, traditional characters,
greetings, @mentions, emoji and links. None of that says *what* is asked, and
each of it makes two phrasings of one question look different, so it goes first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from groupbot.core.matching.t2s_table import SIMPLIFIED, TRADITIONAL

__all__ = ["normalize"]

_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"@\S+")
# Platform emoticon codes: Taobao/QQ ``/:018`` ``/:^_^`` and WeChat ``[微笑]``.
_EMOTICON = re.compile(r"/:\S{1,6}|\[[\u4e00-\u9fff]{1,4}\]")
_NON_WORD = re.compile(r"[\W_]+")

# Greetings and politeness that never change which answer is wanted.
_ZH_FILLERS = ("亲爱的", "你好", "您好", "请问", "在吗", "在不在", "在么", "一下", "麻烦", "谢谢", "打扰")
_ZH_EDGE_FILLERS = ("亲", "哈喽")
_EN_FILLERS = frozenset(
    {"hi", "hello", "hey", "please", "pls", "plz", "thanks", "thank", "thx", "dear", "kindly", "sir", "madam"}
)
_ZH_FILLER = re.compile("|".join(_ZH_FILLERS))
_ZH_EDGE = re.compile(rf"^(?:{'|'.join(_ZH_EDGE_FILLERS)})+|(?:{'|'.join(_ZH_EDGE_FILLERS)})+$")


@cache
def _t2s() -> dict[int, int]:
    """The traditional-to-simplified table, built on first use rather than at import."""
    return str.maketrans(TRADITIONAL, SIMPLIFIED)


# Letters, digits, spaces and ASCII punctuation never need a category lookup.
_MAYBE_SYMBOL = re.compile(r"[^\w\s!-/:-@\[-`{-~]")
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Cf", "Mn", "Co", "Cs"})


def _symbol_to_space(match: re.Match[str]) -> str:
    # Emoji and pictographs are "So"; joiners and variation selectors are "Cf"/"Mn".
    return " " if unicodedata.category(match.group()) in _SYMBOL_CATEGORIES else match.group()


def _drop_symbols(text: str) -> str:
    return _MAYBE_SYMBOL.sub(_symbol_to_space, text)


def _drop_fillers(chunk: str) -> str:
    if chunk in _EN_FILLERS:
        return ""
    chunk = _ZH_FILLER.sub("", chunk)
    return _ZH_EDGE.sub("", chunk)


def normalize(text: str) -> str:
    """NFKC, case-folded, simplified Chinese, without links, mentions, emoji, punctuation or fillers.

    Words are separated by single spaces; Chinese stays unsegmented.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_t2s())
    for pattern in (_URL, _MENTION, _EMOTICON):
        folded = pattern.sub(" ", folded)
    chunks = _NON_WORD.sub(" ", _drop_symbols(folded)).split()
    return " ".join(kept for kept in map(_drop_fillers, chunks) if kept)
