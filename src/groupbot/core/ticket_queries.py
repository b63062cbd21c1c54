"""A customer asking how their ticket is doing: "any update on ticket #1?", "工单 1 有进展吗", "#12 怎么样了".

Only a ticket reference ("ticket 12", "工单12", "#12") together with words that
ask for news counts, in a short message: error codes, versions and prices
("E1042 any update?", "v2.1 status", "¥12 怎么样") name no ticket, and a bare "#12" counts at the start or
after "on"/"about"/"for" ("any update on #12?"), not after another noun ("my order #123").
"""

from __future__ import annotations

import re

__all__ = ["asked_ticket_number"]

MAX_CHARS = 80
_REFERENCE = re.compile(
    r"(?:\b(?:ticket|case)\s*(?:no\.?|number)?\s*#?\s*|(?:工单|单号)\s*(?:号)?\s*[#＃]?\s*|(?:^|\b(?:on|about|for|of|with|and)\s+)[#＃]\s*)"
    r"(?P<number>[0-9]{1,7})(?![0-9.,])",
    re.IGNORECASE,
)
_ASKS_FOR_NEWS = re.compile(
    r"\b(?:status|update|updates|news|progress|eta|any word|how is|how's|what's happening|when)\b"
    r"|进展|进度|怎么样|如何了|状态|处理了吗|处理得|好了吗|结果|消息|多久|什么时候",
    re.IGNORECASE,
)


def asked_ticket_number(text: str) -> int | None:
    """The number of the ticket ``text`` asks about, or None when it asks about no ticket."""
    if len(text) > MAX_CHARS or _ASKS_FOR_NEWS.search(text) is None:
        return None
    references = {int(found["number"]) for found in _REFERENCE.finditer(text)}
    return references.pop() if len(references) == 1 else None
