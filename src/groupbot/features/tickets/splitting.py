"""``/split N K``: report K of ticket N was merged by mistake and becomes a ticket of its own.

The inverse of a wrong merge: the matcher took two problems for one, or a
reporter's second problem, said within minutes of their first, joined it as
details. Report K (counted from 1 in the order the reports came, as ``/ticket N``
and the ticket page number them) leaves N for a new ticket, classified afresh
from its text as a new report is, its sender in its chat the reporter. N keeps
its other reports, counted again; both tickets get a ``split`` event naming the
other, and the destinations N was escalated to are told.

Only an open ticket's reports are split off: a duplicate's reports live on its
original (split them off there), and the askers of a resolved, closed or
won't-fix ticket have had its outcome (``/reopen`` it first). The asker is not
messaged: like ``/dup``, a split is ops sorting their desk. So they still know
N's number (or the one N's merges told them), and the new ticket's answer names
both (:mod:`.told_numbers`). Unless another of their reports in that chat stays
on N, their words awaited on N are awaited on the new ticket instead
(:mod:`.customer_replies`), and a "solved?" question about N planned for them
before N was reopened no longer asks them.
"""

from __future__ import annotations

from dataclasses import replace

from groupbot.core.command_args import ArgKind as K
from groupbot.core.commands import Command
from groupbot.core.language import EN, reply_locale
from groupbot.core.messages import Role
from groupbot.core.tickets import ReportSummary, Ticket, TicketStatus
from groupbot.features.chats.language import spoken_in
from groupbot.features.commands.context import CommandContext, CommandRefused
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.handled import Handled
from groupbot.features.texts import label
from groupbot.features.tickets.commands import load_ticket, save_ticket
from groupbot.features.tickets.customer_replies import CustomerReplies
from groupbot.features.tickets.desk import TicketDesk, reporter_of, title_of
from groupbot.features.tickets.told_numbers import numbers_told

__all__ = ["TicketSplitting"]


class TicketSplitting:
    """The ``/split`` command: one report off its ticket and onto a new one, in the command's transaction."""

    def __init__(self, desk: TicketDesk, replies: CustomerReplies, escalation: EscalationDesk) -> None:
        self._desk = desk
        self._replies = replies
        self._escalation = escalation

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/split N K``, declared once: syntax, role, handler, help."""
        return (
            declare("split", "N K", Role.OPS, self.split, ("number", K.NUMBER), ("report", K.POSITION),
                    en="report K of ticket N becomes a ticket of its own (a wrong merge undone)",
                    zh="把工单 N 的第 K 条反馈拆分为新工单（撤销误合并）"),
        )

    async def split(self, ctx: CommandContext, command: Command) -> Handled:
        """``/split N K``: report K of ticket N onto a new ticket; N keeps the rest."""
        ticket = await load_ticket(ctx, command.number())
        position = command.number("report")
        _check(ctx, ticket, position)
        report = ticket.reports[position - 1]
        told = (await numbers_told(ctx.uow, ticket)).get((report.chat.key, report.message_id))
        where = {"report": str(position), "chat": report.chat.key, "message": report.message_id}
        try:
            counts = await ctx.uow.tickets.remove_report(ticket.number, report)
        except LookupError:  # split off by someone else a moment ago
            raise _no_report(ticket, position) from None
        origin = {"from": str(ticket.number), **where, "told": str(told.number if told else ticket.number)}
        # The new ticket's "solved?" is asked in its report's language, the chat's only for a report without words.
        locale = reply_locale(report.text, await spoken_in(ctx.uow, report.chat, EN)) or EN
        new = await self._desk.open_split(report, ctx.uow, locale, ctx.actor, origin)
        left = _without(ticket, position, counts, ctx)
        await save_ticket(ctx, left, "split", report.text[:200], {"to": str(new.number), **where})
        await self._escalation.tell_destinations(ctx.uow, left, "split", ctx.now, position=position,
                                                 new=new.number, quote=title_of(report))
        if not left.reported_by(report.chat.platform, report.sender.user_id, report.chat.key):
            # Their last report there: what the bot awaits or will ask of them about N is about the new one now.
            await self._replies.follow_split(ctx.uow, report, ticket.number, new.number, ctx.now)
            await ctx.uow.follow_ups.drop_asker(ticket.number, report.chat, report.sender.user_id)
        return ctx.say(
            "split", "ticket_split", number=ticket.number, position=position, new=new.number,
            category=label("category", new.category, ctx.locale), severity=label("severity", new.severity, ctx.locale),
            quote=title_of(report), reports=counts.reports,
        )


def _check(ctx: CommandContext, ticket: Ticket, position: int) -> None:
    """Refuse a split that means nothing: a merged or finished ticket, one report only, no report K."""
    if ticket.status is TicketStatus.DUPLICATE:
        raise CommandRefused("split_duplicate", "ticket_split_duplicate", number=ticket.number,
                             original=ticket.duplicate_of)
    if not ticket.is_open:
        status = label("status", ticket.status, ctx.locale)
        raise CommandRefused("split_not_open", "ticket_split_not_open", number=ticket.number, status=status)
    if len(ticket.reports) == 1:
        raise CommandRefused("split_single", "ticket_split_single", number=ticket.number)
    if position > len(ticket.reports):
        raise _no_report(ticket, position)


def _no_report(ticket: Ticket, position: int) -> CommandRefused:
    return CommandRefused("split_no_report", "ticket_split_no_report", number=ticket.number, position=position,
                          reports=len(ticket.reports))


def _without(ticket: Ticket, position: int, counts: ReportSummary, ctx: CommandContext) -> Ticket:
    """``ticket`` once report ``position`` left; named after its new first report if that one was the first."""
    reports = (*ticket.reports[: position - 1], *ticket.reports[position:])
    left = replace(ticket, reports=reports, counts=counts, updated_at=ctx.now)
    if position > 1:
        return left
    return replace(left, title=title_of(reports[0]), first_reporter=reporter_of(reports[0]))
