"""Which language a text is in, as far as choosing the reply language goes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from groupbot.core.commands import is_command

__all__ = ["EN", "ZH", "conversation_locale", "detect_locale", "follow_up_locale", "reply_locale"]

ZH = "zh-CN"
EN = "en"


# Counted by regex: it runs on every message, and a per-character Python loop cost ~0.1 ms a question.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z]")


def detect_locale(text: str, default: str = EN) -> str:
    """``zh-CN`` when the text has Chinese characters, ``en`` when it has Latin letters.

    A single Han character outweighs a few Latin ones ("导出PDF怎么弄" is Chinese);
    text with neither (emoji, digits) gives ``default``.
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0 and latin == 0:
        return default
    return ZH if han * 4 >= latin else EN


def reply_locale(text: str, chat_locale: str | None) -> str | None:
    """The language to answer the message ``text`` in: its own when it has words, else the chat's.

    Customers of one group write Chinese or English, and each is answered in theirs;
    ``chat_locale`` (what /lang set, else the configured one) is only the default, for
    what says nothing: "1", 👍, "2024", and commands, whose names are English whatever
    the chat speaks. None when neither tells (no words, no chat language).
    """
    if is_command(text):
        return chat_locale
    return detect_locale(text, default="") or chat_locale


def follow_up_locale(text: str, current: str, earlier: str | None) -> str:
    """The locale to answer ``text`` in when it continues a conversation held in ``earlier``.

    A bare "1", "2" or 👎 says nothing about the language: the reply to it (the picked
    answer, the ticket it opens) stays in the conversation's language, not the default.
    """
    if earlier and detect_locale(text, default="") == "":
        return earlier
    return current


def conversation_locale(recent: Sequence[tuple[str, str]], sender_id: str, default: str = EN) -> str:
    """The language a chat speaks, from its ``recent`` (sender id, text) messages, newest first.

    For a reply whose own text says nothing (``/mytickets``): the sender's latest message
    with words decides; without one, the language most of the chat's recent messages are
    in (the newest breaks a tie); with none, ``default``.
    """
    spoken = [(sender, locale) for sender, text in recent if (locale := detect_locale(text, default=""))]
    own = next((locale for sender, locale in spoken if sender == sender_id), None)
    if own or not spoken:
        return own or default
    counts = Counter(locale for _, locale in spoken)
    newest_first = dict.fromkeys(locale for _, locale in spoken)
    return max(newest_first, key=counts.__getitem__)  # max keeps the first of equals: the newest
