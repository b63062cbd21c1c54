"""The chat around each report: what the customers said and what the bot did with each message."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.console_views import ChatLine
from groupbot.core.tickets import Ticket
from groupbot.web.console import Console
from groupbot.web.texts import CATALOG, translate

__all__ = ["AFTER", "BEFORE", "ConversationLine", "bot_did", "conversations"]

BEFORE = 6
AFTER = 4
"""Messages of the chat shown before and after a report: enough to see the question the report answers."""
_LINKED = frozenset({"answer", "choice", "suggest"})


@dataclass(frozen=True, slots=True)
class ConversationLine:
    """One logged message, what the bot did with it (a sentence), and whether it is the report itself."""

    line: ChatLine
    bot_did: str
    entry_id: str | None
    is_report: bool


async def conversations(console: Console, ticket: Ticket, locale: str) -> list[list[ConversationLine]]:
    """For each of ``ticket``'s reports, its chat around it (empty where the message was not logged)."""
    keys = [(report.chat.platform, report.chat.chat_id, report.message_id) for report in ticket.reports]
    found = await console.queries.around(keys, BEFORE, AFTER)
    return [[_line(line, key[2], locale) for line in lines] for key, lines in zip(keys, found, strict=True)]


def _line(line: ChatLine, report_id: str, locale: str) -> ConversationLine:
    entry = line.entry_id if line.outcome in _LINKED else None
    return ConversationLine(line, bot_did(line.outcome, locale), entry, line.message_id == report_id)


def bot_did(outcome: str | None, locale: str) -> str:
    """What the bot did, in ``locale``; ``command:assign`` is a command, an outcome without words is shown raw."""
    if not outcome:
        return ""
    for key in (f"did_{outcome.replace(':', '_')}", f"did_{outcome.partition(':')[0]}"):
        if key in CATALOG:
            return translate(key, locale)
    return outcome
