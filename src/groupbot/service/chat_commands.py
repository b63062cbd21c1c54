"""/help (what the sender may use here) and /mode (when the bot answers in this chat)."""

from __future__ import annotations

from collections.abc import Callable

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.commands import COMMANDS, Command
from groupbot.core.messages import Role
from groupbot.service.chat_settings_change import change_chat_settings
from groupbot.service.command_context import CommandContext, HandlerTable
from groupbot.service.handled import Handled

__all__ = ["ChatCommands"]

CommandNames = Callable[[], tuple[str, ...]]


class ChatCommands:
    """Handlers for ``/help`` and ``/mode``; ``names`` lists the commands that are wired."""

    def __init__(self, names: CommandNames) -> None:
        self._names = names

    def handlers(self) -> HandlerTable:
        """The commands this group runs."""
        return {"help": self.help, "mode": self.mode}

    async def help(self, ctx: CommandContext, command: Command) -> Handled:
        """``/help``: the customer commands, and the support commands for ops."""
        specs = [COMMANDS[name] for name in self._names()]
        lines = [ctx.text("help_intro")]
        lines += [_line(ctx, spec.name, spec.usage) for spec in specs if spec.role is Role.CUSTOMER]
        if ctx.role is not Role.CUSTOMER:
            lines.append(ctx.text("help_ops_intro"))
            lines += [_line(ctx, spec.name, spec.usage) for spec in specs if spec.role is not Role.CUSTOMER]
        return ctx.reply("help", "\n".join(lines))

    async def mode(self, ctx: CommandContext, command: Command) -> Handled:
        """``/mode mention|questions|all``: saved per chat."""
        mode = AddressMode(command.text("mode"))
        current = ChatSettings(ctx.message.chat, ctx.chat.mode, ctx.chat.locale)
        await change_chat_settings(ctx.uow, current, ctx.actor, ctx.now, mode=mode)
        return ctx.say("mode", "mode_set", mode_text=ctx.text(f"mode_{mode.value}"))


def _line(ctx: CommandContext, name: str, usage: str) -> str:
    return f"{usage} — {ctx.text(f'cmd_{name}')}"
