"""/help: built from the commands that are registered, so it can never list one that does not run."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled

__all__ = ["help_command"]


def help_command(registered: Callable[[], Sequence[ChatCommand]]) -> ChatCommand:
    """``/help``: the customer commands, and the support commands for ops."""

    async def show_help(ctx: CommandContext, command: Command) -> Handled:
        commands = registered()
        lines = [ctx.text("help_intro")]
        lines += [_line(ctx, c) for c in commands if c.spec.role is Role.CUSTOMER]
        if ctx.role is not Role.CUSTOMER:
            lines.append(ctx.text("help_ops_intro"))
            # Only what they may run: an admin's commands are not listed to ops.
            lines += [_line(ctx, c) for c in commands
                      if c.spec.role is not Role.CUSTOMER and ctx.role.rank >= c.spec.role.rank]
        return ctx.reply("help", "\n".join(lines))

    return declare("help", "", Role.CUSTOMER, show_help, en="this list", zh="查看本帮助")


def _line(ctx: CommandContext, command: ChatCommand) -> str:
    return f"{command.spec.usage} — {command.help_in(ctx.locale)}"
