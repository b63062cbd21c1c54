"""/outbox and /retry ID: what ops need to see and fix on the way out."""

from __future__ import annotations

from collections.abc import Callable

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.core.outbox import OutboxMessage, OutboxStatus
from groupbot.features.commands.context import CommandContext, CommandRefused
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled

__all__ = ["OutboxCommands"]

SHOWN = 10
ERROR_CHARS = 80


class OutboxCommands:
    """``/outbox`` and ``/retry``; ``wake`` nudges the sender after a retry."""

    def __init__(self, wake: Callable[[], None] = lambda: None) -> None:
        self._wake = wake

    def commands(self) -> tuple[ChatCommand, ...]:
        """The outbox commands."""
        return (
            declare("outbox", "", Role.OPS, self.outbox,
                    en="messages waiting, delivered and failed", zh="查看待发送、已送达和失败的消息"),
            declare("retry", "ID", Role.OPS, self.retry, ("number", ArgKind.OUTBOX_ID),
                    en="send a failed message again", zh="重新发送失败的消息"),
        )

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
