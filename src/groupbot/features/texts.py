"""Every text a chat user sees, in zh-CN and en: the features' tables in one catalog.

Each feature owns its table (``features/<name>/texts.py``); a key defined in
two tables fails at import. A test checks that every key has both locales with
the same placeholders.
"""

from __future__ import annotations

from groupbot.core.texts import Catalog
from groupbot.features.answering.texts import TEXTS as ANSWERING
from groupbot.features.chats.texts import TEXTS as CHATS
from groupbot.features.commands.texts import TEXTS as COMMANDS
from groupbot.features.console.texts import TEXTS as CONSOLE
from groupbot.features.digest.texts import TEXTS as DIGEST
from groupbot.features.escalation.texts import TEXTS as ESCALATION
from groupbot.features.knowledge.texts import TEXTS as KNOWLEDGE
from groupbot.features.outbox.texts import TEXTS as OUTBOX
from groupbot.features.tickets.texts import TEXTS as TICKETS

__all__ = ["CATALOG", "label", "one_line", "render"]

CATALOG = Catalog(COMMANDS, ANSWERING, TICKETS, KNOWLEDGE, CHATS, OUTBOX, ESCALATION, DIGEST, CONSOLE)


def render(key: str, locale: str, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English if that locale is missing)."""
    return CATALOG.render(key, locale, **params)


def label(kind: str, value: str, locale: str) -> str:
    """The name of an enum value shown in chat: ``label("status", "open", "zh-CN")`` is 待处理.

    ``kind`` is ``status``, ``category``, ``severity``, ``team`` or ``argname``;
    raw values like ``open`` or ``rd`` never reach a reply unexplained.
    """
    return render(f"{kind}_{value}", locale)


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
