"""A customer asks how a ticket is doing: its status if it is theirs (or reported in this chat), else
nothing about it; never a new ticket. Ops see on the ticket's trail that the customer is waiting."""

from __future__ import annotations

from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketEvent
from groupbot.features.handled import Handled
from groupbot.features.texts import label, render

__all__ = ["TicketStatusQuestions"]


_MERGE_HOPS = 10
"""How far a chain of merges is followed (/dup refuses chains; this only bounds old data)."""


class TicketStatusQuestions:
    """Answers "any update on ticket #N?" from the ticket itself."""

    async def answer(self, message: IncomingMessage, number: int, uow: UnitOfWork, locale: str) -> Handled:
        """The status of ticket ``number`` for ``message``'s sender, or a polite "not found" when it is
        neither theirs nor this chat's (another customer's ticket is not shown, not even that it exists)."""
        ticket = await uow.tickets.get(number)
        if ticket is None or not _visible_to(ticket, message):
            return _notice(message, "ticket_status:unknown", render("ticket_status_unknown", locale, number=number))
        told = number
        for _ in range(_MERGE_HOPS):  # merged: the work goes on in the ticket it was merged into
            if ticket.duplicate_of is None or (original := await uow.tickets.get(ticket.duplicate_of)) is None:
                break
            ticket = original
        actor = f"{message.platform}:{message.sender.user_id}"
        await uow.tickets.add_event(TicketEvent(ticket.number, actor, message.received, "status_asked", ""))
        status = label("status", ticket.status, locale)
        key = "ticket_status_open" if ticket.is_open else "ticket_status_done"
        text = render(key, locale, number=ticket.number, status=status)
        if ticket.number != told:
            text = render("ticket_status_merged", locale, number=told, original=ticket.number) + " " + text
        return _notice(message, "ticket_status", text)


def _visible_to(ticket: Ticket, message: IncomingMessage) -> bool:
    """Whether the sender reported ``ticket`` (on this platform), or someone did in this chat."""
    here = message.chat.key
    return ticket.reported_by(message.platform, message.sender.user_id) or any(
        report.chat.key == here for report in ticket.reports
    )


def _notice(message: IncomingMessage, outcome: str, text: str) -> Handled:
    return Handled(outcome, (Reply(message.chat, text, ReplyKind.NOTICE, reply_to_message_id=message.message_id),))
