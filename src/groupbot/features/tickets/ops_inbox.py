"""The ops inbox: new tickets and new reports announced in a configured ops chat."""

from __future__ import annotations

from groupbot.core.messages import ChatKind, ChatRef, Reply, ReplyKind
from groupbot.core.tickets import Ticket, TicketReport
from groupbot.features.texts import label, one_line, render

__all__ = ["OpsInbox", "parse_chat_key"]

QUOTE_CHARS = 200


def parse_chat_key(key: str | None) -> ChatRef | None:
    """``platform:chat_id`` as a group :class:`ChatRef`; None for an empty setting.

    Raises ValueError naming the setting when the key has no platform part.
    """
    if not key or not key.strip():
        return None
    platform, sep, chat_id = key.strip().partition(":")
    if not sep or not platform or not chat_id:
        raise ValueError(f"ops.chat must look like platform:chat_id, got {key!r}")
    return ChatRef(platform, chat_id, ChatKind.GROUP)


class OpsInbox:
    """Builds the announcements for the ops chat; nothing when no ops chat is configured.

    A report that was made in the ops chat itself is not announced there again.
    """

    def __init__(self, chat: ChatRef | None, locale: str = "en") -> None:
        self.chat = chat
        self._locale = locale

    def new_ticket(self, ticket: Ticket, report: TicketReport) -> tuple[Reply, ...]:
        """The announcement of a freshly opened ticket."""
        return self._announce("inbox_new", ticket, report)

    def new_report(self, ticket: Ticket, report: TicketReport) -> tuple[Reply, ...]:
        """The announcement of another report on an existing ticket, with the counts so far."""
        return self._announce("inbox_report", ticket, report)

    def _announce(self, key: str, ticket: Ticket, report: TicketReport) -> tuple[Reply, ...]:
        if self.chat is None or report.chat.key == self.chat.key:
            return ()
        summary = ticket.summary
        text = render(
            key,
            self._locale,
            number=ticket.number,
            category=label("category", ticket.category, self._locale),
            severity=label("severity", ticket.severity, self._locale),
            asker=report.sender.name or report.sender.user_id,
            chat=report.chat.title or report.chat.chat_id,
            platform=report.chat.platform,
            message_id=report.message_id,
            quote=one_line(report.text, QUOTE_CHARS),
            reports=summary.reports,
            askers=summary.askers,
            groups=summary.groups,
        )
        meta = {"ticket": str(ticket.number), "source_chat": report.chat.key, "source_message": report.message_id}
        return (Reply(self.chat, text, ReplyKind.ANNOUNCEMENT, meta=meta),)
