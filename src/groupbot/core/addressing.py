"""Whether a group message is meant for the bot.

The bot must never spam a group: in ``mention`` mode it speaks only when
addressed; ``questions`` adds messages that look like questions; ``all`` takes
every message.
"""

from __future__ import annotations

import re

from groupbot.core.chats import AddressMode
from groupbot.core.messages import IncomingMessage

__all__ = ["is_addressed", "is_explicit", "looks_like_question"]

_EN_WORDS = (
    r"how|why|what|where|when|which|who|can'?t|cannot|can i|could|does|doesn'?t|is there|"
    r"error|fail(?:s|ed|ure)?|broken|unable|not working|won'?t|help"
)
_EN_QUESTION = re.compile(rf"\b(?:{_EN_WORDS})\b", re.IGNORECASE)
_ZH_QUESTION = re.compile(r"怎么|怎样|如何|为什么|为啥|吗|呢|么|哪|报错|错误|失败|无法|打不开|不能|不了|没法|异常|求助")
_QUESTION_MARK = re.compile(r"[?？]")


def looks_like_question(text: str) -> bool:
    """True for text with a question mark or a question/failure word (English or Chinese)."""
    return bool(_QUESTION_MARK.search(text) or _ZH_QUESTION.search(text) or _EN_QUESTION.search(text))


def is_explicit(message: IncomingMessage) -> bool:
    """True when the sender spoke to the bot itself: a private chat, a mention or a reply to it."""
    return message.is_direct or message.mentions_bot or message.reply_to_bot


def is_addressed(message: IncomingMessage, mode: AddressMode) -> bool:
    """True when the bot should treat ``message`` as a question to it."""
    if is_explicit(message):
        return True
    if mode is AddressMode.ALL:
        return True
    if mode is AddressMode.QUESTIONS:
        return looks_like_question(message.text)
    return False
