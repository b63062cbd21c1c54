"""/oncall: who is on duty now and next, and putting someone on duty."""

from __future__ import annotations

from datetime import datetime, timedelta

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.core.rota import OnDutyShift
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled

__all__ = ["OnCallCommand"]


class OnCallCommand:
    """``/oncall [@user|me] [days]``; times are shown in the ops time zone, named."""

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/oncall``."""
        return (
            declare("oncall", "[@user|me] [days]", Role.OPS, self.oncall, ("user", ArgKind.OPT_USER),
                    ("days", ArgKind.DAYS),
                    en="who is on duty; set someone for N days", zh="查看或设置值班人员（N 天）"),
        )

    async def oncall(self, ctx: CommandContext, command: Command) -> Handled:
        """``/oncall``: who is on duty; ``/oncall @user|me [days]``: put someone on duty from now."""
        user = command.text("user")
        if not user:
            return ctx.reply("oncall", await self._who(ctx))
        person, name = (ctx.actor, ctx.handle) if user.lower() == "me" else (f"{ctx.message.platform}:{user}", user)
        until = ctx.now + timedelta(days=command.number("days"))
        await ctx.uow.rota.add(OnDutyShift(person, name, ctx.now, until, ctx.actor))
        return ctx.say("oncall", "oncall_set", name=name, until=_when(ctx, until))

    async def _who(self, ctx: CommandContext) -> str:
        current = await ctx.uow.rota.current(ctx.now)
        lines = [ctx.text("oncall_now", name=current.name, until=_when(ctx, current.ends_at)) if current
                 else ctx.text("oncall_none")]
        upcoming = [s for s in await ctx.uow.rota.upcoming(ctx.now) if s.starts_at > ctx.now]
        lines += [ctx.text("oncall_next", name=s.name, start=_when(ctx, s.starts_at)) for s in upcoming[:3]]
        return "\n".join(lines)



def _when(ctx: CommandContext, moment: datetime) -> str:
    return f"{moment.astimezone(ctx.zone):%m-%d %H:%M} ({ctx.zone.key})"
