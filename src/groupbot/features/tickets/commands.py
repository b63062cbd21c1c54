"""Ops commands on tickets: list, show, assign, escalate, reply, resolve, close, reopen, dup, reclassify, note."""

from __future__ import annotations

from dataclasses import replace

from groupbot.core.command_args import ArgKind as K
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.core.routing import Destination
from groupbot.core.tickets import (
    OPEN_STATUSES,
    Category,
    Team,
    Ticket,
    TicketEvent,
    TicketStatus,
    TransitionError,
    change_status,
)
from groupbot.features.commands.context import CommandContext, CommandHandler, CommandRefused
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.handled import Handled
from groupbot.features.texts import label
from groupbot.features.tickets.customer_replies import AWAITING, CustomerReplies
from groupbot.features.tickets.told_numbers import numbers_told
from groupbot.features.tickets.views import answer_posts, ticket_card, ticket_lines

__all__ = ["TicketCommands", "load_ticket", "save_ticket"]

OPS = Role.OPS
FIND_LIMIT = 200
_ANSWERED = (TicketStatus.RESOLVED, TicketStatus.CLOSED)
# What escalation destinations hear when ops move a ticket to a status by hand (docs/escalation.md).
_TOLD = {TicketStatus.OPEN: "reopened", TicketStatus.CLOSED: "closed", TicketStatus.WONTFIX: "wontfix"}


async def load_ticket(ctx: CommandContext, number: int) -> Ticket:
    """Ticket ``number``, or refuse the command politely."""
    ticket = await ctx.uow.tickets.get(number)
    if ticket is None:
        raise CommandRefused("no_ticket", "ticket_missing", number=number)
    return ticket


class TicketCommands:
    """Handlers for the ticket commands; every change is saved with its event.

    With an :class:`EscalationDesk`, ``/escalate`` also routes the ticket to the
    team's destinations and ``/resolve`` tells them and plans the follow-ups,
    all in the command's transaction.
    """

    def __init__(self, escalation: EscalationDesk | None = None, replies: CustomerReplies | None = None) -> None:
        self._escalation = escalation
        self._replies = replies

    def commands(self) -> tuple[ChatCommand, ...]:
        """The ticket commands, declared once: syntax, role, handler, help."""
        number, note = ("number", K.NUMBER), ("note", K.OPT_TEXT)
        return (
            declare("tickets", "[status|category|team|mine|all …]", OPS, self.list_tickets, ("filter", K.FILTER),
                    en="list tickets (open ones by default); filters combine: /tickets mine escalated",
                    zh="工单列表（默认未完结的）；筛选条件可组合：/tickets 我的 已升级"),
            declare("ticket", "N", OPS, self.show, number, en="one ticket in detail", zh="查看工单详情"),
            declare("assign", "N @user|me", OPS, self.assign, number, ("user", K.USER),
                    en="give a ticket an owner", zh="指派处理人"),
            declare("escalate", "N rd|pm [note]", OPS, self.escalate, number, ("team", K.TEAM), note,
                    en="hand over to R&D or product", zh="升级给研发或产品"),
            declare("reply", "N text", OPS, self.reply, number, ("text", K.TEXT),
                    en="write to the askers, ticket stays open; their answers join it",
                    zh="给提问人发进展（工单不关闭），他们的回复会记到工单里"),
            declare("resolve", "N text", OPS, self.resolve, number, ("text", K.TEXT),
                    en="answer it; posted to every chat that asked", zh="解决并把答复发回所有提问的会话"),
            declare("close", "N [note]", OPS, self._status_command(TicketStatus.CLOSED), number, note,
                    en="close a ticket", zh="关闭工单"),
            declare("reopen", "N [note]", OPS, self._status_command(TicketStatus.OPEN), number, note,
                    en="reopen a ticket", zh="重新打开工单"),
            declare("wontfix", "N [note]", OPS, self._status_command(TicketStatus.WONTFIX), number, note,
                    en="mark as won't fix", zh="标记为不处理"),
            declare("dup", "N M", OPS, self.duplicate, number, ("original", K.NUMBER),
                    en="N duplicates M; N's askers get M's answer", zh="N 是 M 的重复，N 的提问人将收到 M 的答复"),
            declare("reclassify", "N category", OPS, self.reclassify, number, ("category", K.CATEGORY),
                    en="change the category", zh="修改分类"),
            declare("severity", "N low|normal|high|critical", OPS, self.set_severity, number,
                    ("severity", K.SEVERITY), en="change how urgent a ticket is (its SLA targets follow)",
                    zh="修改工单严重程度（SLA 时限随之变化）"),
            declare("note", "N text", OPS, self.note, number, ("text", K.TEXT),
                    en="add an internal note", zh="添加内部备注"),
        )

    async def list_tickets(self, ctx: CommandContext, command: Command) -> Handled:
        """``/tickets [status|category|team|mine|all]``: open ones by default."""
        tickets = await ctx.uow.tickets.find(**_filters(command.words("filter"), ctx), limit=FIND_LIMIT)
        if not tickets:
            return ctx.say("tickets", "tickets_none")
        return ctx.reply("tickets", ticket_lines(tickets, ctx.locale))

    async def show(self, ctx: CommandContext, command: Command) -> Handled:
        """``/ticket N``: the detail card."""
        return ctx.reply("ticket", ticket_card(await load_ticket(ctx, command.number()), ctx.locale, ctx.zone))

    async def assign(self, ctx: CommandContext, command: Command) -> Handled:
        """``/assign N @user|me``: an open ticket becomes triaged when it gets an owner."""
        ticket = await load_ticket(ctx, command.number())
        user = command.text("user")
        assignee = ctx.handle if user.lower() == "me" else user
        changed = replace(ticket, assignee=assignee, updated_at=ctx.now)
        if ticket.status is TicketStatus.OPEN:
            changed = await self._move(ctx, changed, TicketStatus.TRIAGED)
        await save_ticket(ctx, changed, "assign", "", {"from": ticket.assignee or "", "to": assignee})
        return ctx.say("assign", "ticket_assigned", number=ticket.number, assignee=assignee)

    async def escalate(self, ctx: CommandContext, command: Command) -> Handled:
        """``/escalate N rd|pm [note]``: hand the ticket to R&D or product."""
        ticket = await load_ticket(ctx, command.number())
        team = Team(command.text("team"))
        changed = replace(ticket, team=team, updated_at=ctx.now)
        if ticket.status is not TicketStatus.ESCALATED:
            changed = await self._move(ctx, changed, TicketStatus.ESCALATED, command.text("note"))
        destinations, note = self._destinations(command.text("note"))
        await save_ticket(ctx, changed, "escalate", note, {"from": ticket.team.value, "to": team.value})
        said = ctx.text("ticket_escalated", number=ticket.number, team=label("team", team, ctx.locale))
        if self._escalation is not None:
            route = await self._escalation.escalated_by_ops(ctx.uow, changed, team, ctx.now, destinations)
            where = ", ".join(map(str, route.destinations))
            routed = ctx.text("escalation_routed", destinations=where) if where else ctx.text("escalation_unrouted")
            said = f"{said}\n{routed}"
        return ctx.reply("escalate", said)

    def _destinations(self, note: str) -> tuple[list[Destination], str]:
        """Leading ``chat:...``/``webhook:...`` words of the note choose the destinations themselves."""
        chosen: list[Destination] = []
        words = note.split()
        while words and words[0].split(":")[0] in ("chat", "webhook") and self._escalation is not None:
            try:
                chosen.append(self._escalation.check_destination(words.pop(0)))
            except ValueError as exc:
                raise CommandRefused("bad_destination", "escalation_bad_destination", problem=str(exc)) from None
        return chosen, " ".join(words) if chosen else note

    async def reply(self, ctx: CommandContext, command: Command) -> Handled:
        """``/reply N text``: post an update (or a question) in every chat that asked, the ticket still open.

        An open ticket becomes "being handled"; the askers' answers join the ticket (:mod:`.customer_replies`).
        """
        ticket = await load_ticket(ctx, command.number())
        if ticket.duplicate_of is not None:  # its askers are on the original now, and it cannot be reopened
            raise CommandRefused("reply_not_open", "ticket_reply_merged", number=ticket.number,
                                 original=ticket.duplicate_of)
        if not ticket.is_open:
            status = label("status", ticket.status, ctx.locale)
            raise CommandRefused("reply_not_open", "ticket_reply_not_open", number=ticket.number, status=status)
        update = command.text("text")
        changed = replace(ticket, updated_at=ctx.now)
        if ticket.status is TicketStatus.OPEN:
            changed = await self._move(ctx, changed, TicketStatus.TRIAGED)
        await save_ticket(ctx, changed, "reply", update)
        posts = answer_posts(changed, update, "ticket_update", await numbers_told(ctx.uow, changed))
        hours = int(AWAITING.total_seconds() // 3600)
        said = ctx.text("ticket_updated", number=ticket.number, groups=len(posts), askers=changed.summary.askers,
                        hours=hours)
        handled = ctx.reply("reply", said, *posts)
        if self._replies is None:
            return handled
        return handled.then(self._replies.await_askers(ticket.number, posts, ctx.now))

    async def resolve(self, ctx: CommandContext, command: Command) -> Handled:
        """``/resolve N text``: record the answer and post it back in every chat that asked."""
        ticket = await load_ticket(ctx, command.number())
        answer = command.text("text")
        changed = await self._move(ctx, ticket, TicketStatus.RESOLVED, answer)
        await save_ticket(ctx, changed, "resolve", answer)
        if self._escalation is not None:
            await self._escalation.resolved(ctx.uow, changed, ctx.now)
        posts = answer_posts(changed, answer, told=await numbers_told(ctx.uow, changed))
        summary = changed.summary
        text = ctx.text("ticket_resolved", number=ticket.number, groups=len(posts), askers=summary.askers)
        return ctx.reply("resolve", text, *posts)

    def _status_command(self, wanted: TicketStatus) -> CommandHandler:
        """``/close``, ``/reopen``, ``/wontfix``: a plain status change with an optional note."""

        async def run(ctx: CommandContext, command: Command) -> Handled:
            ticket = await load_ticket(ctx, command.number())
            if wanted is TicketStatus.OPEN and ticket.status is TicketStatus.DUPLICATE:
                # Its reports live on the original now; reopening would leave an empty shell.
                raise CommandRefused(
                    "reopen_duplicate", "ticket_reopen_duplicate", number=ticket.number, original=ticket.duplicate_of
                )
            changed = await self._move(ctx, ticket, wanted, command.text("note"))
            await save_ticket(ctx, changed)
            # R&D hears that work on it starts again or stops; closing what it heard was resolved says nothing new.
            event = _TOLD.get(wanted) if ticket.status not in _ANSWERED or wanted is TicketStatus.OPEN else None
            if event is not None and self._escalation is not None:
                await self._escalation.tell_destinations(ctx.uow, changed, event, ctx.now, note=command.text("note"))
            status = label("status", wanted, ctx.locale)
            return ctx.say(wanted.value, "ticket_status_set", number=ticket.number, status=status)

        return run

    async def duplicate(self, ctx: CommandContext, command: Command) -> Handled:
        """``/dup N M``: N is a duplicate of M; N's reports move onto M so M's answer reaches them.

        When M is already answered, its answer goes to N's askers at once.
        """
        number, original_number = command.number(), command.number("original")
        if number == original_number:
            raise CommandRefused("dup_self", "ticket_dup_self", number=number)
        ticket = await load_ticket(ctx, number)
        original = await load_ticket(ctx, original_number)
        if original.status is TicketStatus.DUPLICATE:
            chained = original.duplicate_of
            raise CommandRefused("dup_chain", "ticket_dup_chain", number=original.number, original=chained)
        changed = await self._move(ctx, ticket, TicketStatus.DUPLICATE, f"#{original.number}")
        merged = replace(changed, duplicate_of=original.number)
        await save_ticket(ctx, merged)
        known = {(r.chat.key, r.message_id) for r in original.reports}
        moved = tuple(r for r in ticket.reports if (r.chat.key, r.message_id) not in known)
        for report in moved:
            await ctx.uow.tickets.add_report(original.number, report)
        data = {"from": str(ticket.number), "reports": str(len(ticket.reports))}
        await ctx.uow.tickets.add_event(TicketEvent(original.number, ctx.actor, ctx.now, "merged", "", data))
        if self._escalation is not None:
            await self._escalation.tell_destinations(ctx.uow, merged, "merged", ctx.now, original=original.number,
                                                     original_title=original.title)
            if moved:  # the original's destinations: more customers are waiting on it now
                grown = await load_ticket(ctx, original.number)
                await self._escalation.tell_destinations(ctx.uow, grown, "joined", ctx.now, duplicate=number,
                                                         reports=len(moved), total=grown.summary.reports)
        if original.status in _ANSWERED and original.resolution:
            told = await numbers_told(ctx.uow, original)
            posts = answer_posts(replace(original, reports=moved), original.resolution, told=told)
            text = ctx.text("ticket_duplicate_answered", number=number, original=original.number, groups=len(posts))
            return ctx.reply("dup", text, *posts)
        return ctx.say("dup", "ticket_duplicate", number=number, original=original.number)

    async def reclassify(self, ctx: CommandContext, command: Command) -> Handled:
        """``/reclassify N category``: recorded with the text so the rules can be reviewed."""
        ticket = await load_ticket(ctx, command.number())
        category = command.category()
        data = {"from": ticket.category.value, "to": category.value, "text": ticket.title}
        await save_ticket(ctx, replace(ticket, category=category, updated_at=ctx.now), "reclassify", "", data)
        name = label("category", category, ctx.locale)
        return ctx.say("reclassify", "ticket_reclassified", number=ticket.number, category=name)

    async def set_severity(self, ctx: CommandContext, command: Command) -> Handled:
        """``/severity N level``: ops overrule the guessed severity; the SLA targets are read from it."""
        ticket = await load_ticket(ctx, command.number())
        severity = command.severity()
        name = label("severity", severity, ctx.locale)
        if severity is ticket.severity:
            return ctx.say("severity_unchanged", "ticket_severity_unchanged", number=ticket.number, severity=name)
        data = {"from": ticket.severity.value, "to": severity.value}
        await save_ticket(ctx, replace(ticket, severity=severity, updated_at=ctx.now), "severity", "", data)
        return ctx.say("severity", "ticket_severity_set", number=ticket.number, severity=name)

    async def note(self, ctx: CommandContext, command: Command) -> Handled:
        """``/note N text``: an internal note on the ticket's trail."""
        ticket = await load_ticket(ctx, command.number())
        await save_ticket(ctx, replace(ticket, updated_at=ctx.now), "note", command.text("text"))
        return ctx.say("note", "ticket_noted", number=ticket.number)

    @staticmethod
    async def _move(ctx: CommandContext, ticket: Ticket, wanted: TicketStatus, note: str = "") -> Ticket:
        try:
            changed, event = change_status(ticket, wanted, ctx.actor, ctx.now, note)
        except TransitionError:
            raise CommandRefused(
                "bad_transition",
                "ticket_bad_transition",
                number=ticket.number,
                status=label("status", ticket.status, ctx.locale),
                wanted=label("status", wanted, ctx.locale),
            ) from None
        await ctx.uow.tickets.add_event(event)
        return changed


async def save_ticket(
    ctx: CommandContext, ticket: Ticket, kind: str = "", note: str = "", data: dict[str, str] | None = None
) -> None:
    """Save ``ticket``, stamping the first response, and record one event of ``kind`` if given."""
    if ticket.first_response_at is None:
        ticket = replace(ticket, first_response_at=ctx.now)
    await ctx.uow.tickets.save(ticket)
    if kind:
        await ctx.uow.tickets.add_event(TicketEvent(ticket.number, ctx.actor, ctx.now, kind, note, data or {}))


def _filters(words: tuple[str, ...], ctx: CommandContext) -> dict[str, object]:
    """Every word narrows the list; statuses named add up; without one, the open ones (``all``: any status)."""
    wanted: dict[str, object] = {}
    statuses = [word.value for word in words if isinstance(word, TicketStatus)]
    for word in words:
        if isinstance(word, Category):
            wanted["category"] = word.value
        elif isinstance(word, Team):
            wanted["team"] = word.value
        elif word == "mine":
            wanted["assignee"] = ctx.handle
    if statuses:
        wanted["statuses"] = tuple(statuses)
    elif "all" not in words:
        wanted["statuses"] = tuple(OPEN_STATUSES)
    return wanted
