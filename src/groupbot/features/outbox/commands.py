"""/outbox, /retry ID and /oncall: what ops need to see and fix on the way out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.commands import Command
from groupbot.core.outbox import OutboxMessage, OutboxStatus
from groupbot.core.rota import OnDutyShift
from groupbot.features.commands.context import CommandContext, CommandRefused, HandlerTable
from groupbot.features.handled import Handled

__all__ = ["EscalationCommands"]

SHOWN = 10
ERROR_CHARS = 80


class EscalationCommands:
    """Handlers for the outbox and the on-duty rota; ``wake`` nudges the sender after a retry."""

    def __init__(self, timezone: str = "Asia/Shanghai", wake: Callable[[], None] = lambda: None) -> None:
        self._zone = ZoneInfo(timezone)
        self._wake = wake

    def handlers(self) -> HandlerTable:
        """The commands this group runs."""
        return {"outbox": self.outbox, "retry": self.retry, "oncall": self.oncall}

    async def outbox(self, ctx: CommandContext, command: Command) -> Handled:
        """``/outbox``: counts, then the dead messages and the ones still waiting."""
        counts = await ctx.uow.outbox.counts()
        lines = [ctx.text("outbox_summary", **{status.value: counts[status] for status in OutboxStatus})]
        troubled = await ctx.uow.outbox.find(OutboxStatus.DEAD, SHOWN)
        troubled += await ctx.uow.outbox.find(OutboxStatus.PENDING, SHOWN)
        lines += [self._line(ctx, message) for message in troubled[:SHOWN]]
        if counts[OutboxStatus.DEAD]:
            lines.append(ctx.text("outbox_hint"))
        return ctx.reply("outbox", "\n".join(lines))

    def _line(self, ctx: CommandContext, message: OutboxMessage) -> str:
        error = f" — {message.last_error[:ERROR_CHARS]}" if message.last_error else ""
        return ctx.text("outbox_line", id=message.id, kind=message.kind.value, destination=str(message.destination),
                        status=message.status.value, attempts=message.attempts, error=error)

    async def retry(self, ctx: CommandContext, command: Command) -> Handled:
        """``/retry ID``: a dead message gets a fresh set of attempts, same delivery id."""
        message_id = command.number()
        message = await ctx.uow.outbox.get(message_id)
        if message is None:
            raise CommandRefused("retry_missing", "retry_missing", id=message_id)
        if message.status is not OutboxStatus.DEAD:
            raise CommandRefused("retry_not_dead", "retry_not_dead", id=message_id, status=message.status.value)
        await ctx.uow.outbox.save(message.retried(ctx.now))
        self._wake()  # the sender's next round finds it once this command commits
        return ctx.say("retry", "retry_done", id=message_id)

    async def oncall(self, ctx: CommandContext, command: Command) -> Handled:
        """``/oncall``: who is on duty; ``/oncall @user|me [days]``: put someone on duty from now."""
        user = command.text("user")
        if not user:
            return ctx.reply("oncall", await self._who(ctx))
        person, name = (ctx.actor, ctx.handle) if user.lower() == "me" else (f"{ctx.message.platform}:{user}", user)
        until = ctx.now + timedelta(days=command.number("days"))
        await ctx.uow.rota.add(OnDutyShift(person, name, ctx.now, until, ctx.actor))
        return ctx.say("oncall", "oncall_set", name=name, until=self._when(until))

    async def _who(self, ctx: CommandContext) -> str:
        current = await ctx.uow.rota.current(ctx.now)
        lines = [ctx.text("oncall_now", name=current.name, until=self._when(current.ends_at)) if current
                 else ctx.text("oncall_none")]
        upcoming = [s for s in await ctx.uow.rota.upcoming(ctx.now) if s.starts_at > ctx.now]
        lines += [ctx.text("oncall_next", name=s.name, start=self._when(s.starts_at)) for s in upcoming[:3]]
        return "\n".join(lines)

    def _when(self, moment: datetime) -> str:
        return f"{moment.astimezone(self._zone):%m-%d %H:%M}"
