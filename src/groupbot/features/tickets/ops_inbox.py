"""The ops inbox: new tickets and new reports announced in a configured ops chat."""

from __future__ import annotations

from dataclasses import replace

from groupbot.core.messages import ChatKind, ChatRef, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketReport
from groupbot.features.chats.language import spoken_in
from groupbot.features.texts import label, one_line, render
from groupbot.features.tickets.look_alikes import LookAlike
from groupbot.features.tickets.views import pictures

__all__ = ["OpsInbox", "parse_chat_key", "with_line"]

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


def with_line(notice: Reply, key: str, **params: object) -> Reply:
    """``notice`` (an announcement of this inbox) with one more line: ``key`` said in the notice's language."""
    return replace(notice, text=f"{notice.text}\n{render(key, notice.meta['locale'], **params)}")


class OpsInbox:
    """Builds the announcements for the ops chat; nothing when no ops chat is configured.

    A report that was made in the ops chat itself is not announced there again.
    """

    def __init__(self, chat: ChatRef | None, locale: str = "en") -> None:
        self.chat = chat
        self._locale = locale

    async def new_ticket(
        self, uow: UnitOfWork, ticket: Ticket, report: TicketReport, alike: LookAlike | None = None
    ) -> tuple[Reply, ...]:
        """The announcement of a freshly opened ticket, naming an open ``alike`` it may repeat."""
        announced = await self._announce(uow, "inbox_new", ticket, report)
        if alike is None:
            return announced
        quote = one_line(alike.phrasing, QUOTE_CHARS)
        return tuple(with_line(n, "inbox_look_alike", number=ticket.number, other=alike.number, quote=quote)
                     for n in announced)

    async def new_report(
        self, uow: UnitOfWork, ticket: Ticket, report: TicketReport, key: str = "inbox_report"
    ) -> tuple[Reply, ...]:
        """The announcement of another report on an existing ticket (``inbox_report``, with the counts
        so far), or of an asker's answer to an update (``inbox_answer``)."""
        return await self._announce(uow, key, ticket, report)

    async def _announce(self, uow: UnitOfWork, key: str, ticket: Ticket, report: TicketReport) -> tuple[Reply, ...]:
        if self.chat is None or report.chat.key == self.chat.key:
            return ()
        return (self.announcement(key, ticket, report, await spoken_in(uow, self.chat, self._locale)),)

    def announcement(self, key: str, ticket: Ticket, report: TicketReport, locale: str) -> Reply:
        """The ``inbox_new``, ``inbox_report`` or ``inbox_answer`` notice about ``report`` on ``ticket``."""
        assert self.chat is not None, "announcements need an ops chat"
        summary = ticket.summary
        text = render(
            key,
            locale,
            number=ticket.number,
            category=label("category", ticket.category, locale),
            severity=label("severity", ticket.severity, locale),
            asker=report.sender.name or report.sender.user_id,
            chat=report.chat.title or report.chat.chat_id,
            platform=report.chat.platform,
            message_id=report.message_id,
            quote=one_line(report.text, QUOTE_CHARS),
            reports=summary.reports,
            askers=summary.askers,
            groups=summary.groups,
        )
        text = "\n".join([text, *pictures(report, locale)])
        meta = {"ticket": str(ticket.number), "source_chat": report.chat.key, "source_message": report.message_id,
                "locale": locale}
        return Reply(self.chat, text, ReplyKind.ANNOUNCEMENT, meta=meta)
