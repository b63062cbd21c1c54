"""A reply that picks one numbered line of a list the bot offered: "2", "２", "2️⃣", "#2", "2.", "选2",
"第二个", "the second one".

Customers answer a numbered list the way their keyboard and language make
easy: a Chinese keyboard types full-width digits, a phone offers keycap
emoji, and many people name the line ("第二个", "the second") rather than
type its number. Only a whole short reply counts: "2 users cannot log in"
is a report, not a pick.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["picked_number", "sounds_like_a_pick"]

_MAX_DIGITS = 3
_KEYCAP = re.compile("[\ufe0f\u20e3]")
# Full-width ASCII ("２", "＃３") as a Chinese keyboard types it; not all of NFKC, which makes "²" a 2.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
               "九": 9, "十": 10}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
# "#2", "2.", "no. 2", "option 2", "选2", "选第2个", "第二个", "二", "2号"
_NUMBERED = re.compile(
    r"(?:#|no\.?|number|option|choice|选择?|要|我选|第)?\s*(?:第)?\s*"
    rf"(?P<number>[0-9]{{1,{_MAX_DIGITS}}}|[{''.join(_CJK_DIGITS)}])\s*(?:个|项|条|种|号|个吧|吧)?"
)
# "second", "the second one", "the 2nd option please", "i'd like the first"
_ORDINAL = re.compile(
    r"(?:(?:i'?d like|i want|i'll take|i choose|i pick|give me|show me)\s+)?(?:the\s+)?"
    rf"(?P<ordinal>{'|'.join(_EN_ORDINALS)})(?:\s+(?:one|option|choice|answer|entry|line))?(?:\s+please)?"
)
_END = re.compile(r"[\s.。!！,，、)）]+$")


def picked_number(text: str) -> int | None:
    """The line number ``text`` picks (0 included: "none of these"), or None when it is not a pick."""
    folded = _KEYCAP.sub("", text.translate(_FULL_WIDTH)).casefold().strip()
    folded = _END.sub("", folded).strip()
    numbered = _NUMBERED.fullmatch(folded)
    if numbered is not None:
        number = numbered["number"]
        return int(number) if number.isascii() else _CJK_DIGITS[number]
    ordinal = _ORDINAL.fullmatch(folded)
    return None if ordinal is None else _EN_ORDINALS[ordinal["ordinal"]]


_PICK_WORDS = re.compile(
    r"\b(?:one|option|choice|number|no|this|that|last|top|above|below|item|entry)\b|[个选第条项这那哪号]"
)
_MAX_PICK_WORDS = 4
_MAX_PICK_CHARS = 12


def sounds_like_a_pick(text: str) -> bool:
    """Whether ``text`` reads as an attempt to pick a line that :func:`picked_number` cannot place ("the
    blue one", "这个", "选哪个"): a few words that name a line, and no question."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    if "?" in folded or len(folded) > _MAX_PICK_CHARS * 2 or len(folded.split()) > _MAX_PICK_WORDS:
        return False
    cjk = sum("\u3400" <= ch <= "\u9fff" for ch in folded)
    return cjk <= _MAX_PICK_CHARS and _PICK_WORDS.search(folded) is not None
