"""/stats for ops and /mytickets for askers: read-only views over the tickets."""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.core.ticket_stats import ticket_stats
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled
from groupbot.features.texts import label
from groupbot.features.tickets.views import format_span

__all__ = ["TicketOverview"]

SCAN_LIMIT = 5000
MY_TICKETS = 10


class TicketOverview:
    """``/stats [days]`` and ``/mytickets``: read-only views."""

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/mytickets`` for everyone, ``/stats`` for ops."""
        return (
            declare("mytickets", "", Role.CUSTOMER, self.my_tickets,
                    en="the status of tickets you reported", zh="查看我反馈的工单状态"),
            declare("stats", "[days]", Role.OPS, self.stats, ("days", ArgKind.DAYS),
                    en="ticket figures for the last days", zh="最近几天的工单统计"),
        )

    async def stats(self, ctx: CommandContext, command: Command) -> Handled:
        """``/stats [days]``: tickets opened in the last N days (7 by default)."""
        days = command.number("days")
        tickets = await ctx.uow.tickets.find(limit=SCAN_LIMIT)
        figures = ticket_stats(tickets, ctx.now - timedelta(days=days), ctx.now + timedelta(seconds=1))
        text = ctx.text(
            "stats",
            days=days,
            opened=figures.opened,
            still_open=figures.still_open,
            reports=figures.reports,
            groups=figures.groups,
            categories=_counts("category", figures.by_category, ctx.locale),
            statuses=_counts("status", figures.by_status, ctx.locale),
            first_response=format_span(figures.median_first_response),
            resolution=format_span(figures.median_resolution),
        )
        return ctx.reply("stats", text)

    async def my_tickets(self, ctx: CommandContext, command: Command) -> Handled:
        """``/mytickets``: the tickets the sender reported, on this platform, newest first."""
        tickets = await ctx.uow.tickets.find(limit=SCAN_LIMIT)
        mine = [t for t in tickets if t.reported_by(ctx.message.platform, ctx.message.sender.user_id)]
        if not mine:
            return ctx.say("mytickets", "mytickets_none")
        lines = [ctx.text("mytickets_intro")]
        lines += [
            ctx.text("mytickets_line", number=t.number, status=label("status", t.status, ctx.locale), title=t.title)
            for t in mine
        ]
        return ctx.reply("mytickets", "\n".join(lines[: MY_TICKETS + 1]))


def _counts(kind: str, counts: dict[str, int], locale: str) -> str:
    return ", ".join(f"{label(kind, name, locale)} {count}" for name, count in counts.items()) or "-"
