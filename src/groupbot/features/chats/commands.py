"""/mode: when the bot answers in this chat."""

from __future__ import annotations

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled

__all__ = ["ChatCommands"]


class ChatCommands:
    """Per-chat settings ops change from the chat itself."""

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/mode``."""
        return (
            declare("mode", "mention|questions|all", Role.OPS, self.mode, ("mode", ArgKind.MODE),
                    en="when I answer in this chat", zh="设置本群的应答方式"),
        )

    async def mode(self, ctx: CommandContext, command: Command) -> Handled:
        """``/mode mention|questions|all``: saved per chat."""
        mode = AddressMode(command.text("mode"))
        await ctx.uow.chats.save(ChatSettings(ctx.message.chat, mode, ctx.chat.locale))
        return ctx.say("mode", "mode_set", mode_text=ctx.text(f"mode_{mode.value}"))
