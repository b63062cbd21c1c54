"""/mode (when the bot answers in this chat) and /lang (its language where no message's words decide)."""

from __future__ import annotations

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.messages import Role
from groupbot.features.chats.settings_change import change_chat_settings
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled
from groupbot.features.texts import render

__all__ = ["ChatCommands"]


class ChatCommands:
    """Per-chat settings ops change from the chat itself."""

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/mode`` and ``/lang``."""
        return (
            declare("mode", "mention|questions|all", Role.OPS, self.mode, ("mode", ArgKind.MODE),
                    en="when I answer in this chat", zh="设置本会话的应答方式"),
            declare("lang", "zh-CN|en|auto", Role.OPS, self.lang, ("lang", ArgKind.LANG),
                    en="this chat's language, for commands and wordless messages",
                    zh="设置本会话的默认语言（命令与无文字消息）"),
        )

    async def mode(self, ctx: CommandContext, command: Command) -> Handled:
        """``/mode mention|questions|all``: saved per chat."""
        mode = AddressMode(command.text("mode"))
        current = ChatSettings(ctx.message.chat, ctx.chat.mode, ctx.chat.locale)
        await change_chat_settings(ctx.uow, current, ctx.actor, ctx.now, mode=mode)
        return ctx.say("mode", "mode_set", mode_text=ctx.text(f"mode_{mode.value}"))

    async def lang(self, ctx: CommandContext, command: Command) -> Handled:
        """``/lang zh-CN|en|auto``: saved per chat; ``auto`` follows each message's script again.

        Everything said in this chat that no customer's words decide follows it: command
        replies, ops notices, escalations, SLA reminders, the digest, and the replies to
        messages without words; a question is still answered in its own language.
        """
        chosen = command.text("lang")
        locale = None if chosen == "auto" else chosen
        current = ChatSettings(ctx.message.chat, ctx.chat.mode, ctx.chat.locale)
        await change_chat_settings(ctx.uow, current, ctx.actor, ctx.now, locale=locale, keep_locale=False,
                                   action="/lang")
        reply_in = locale or ctx.locale
        return ctx.reply("lang", render(f"lang_set_{chosen.replace('-', '_').lower()}", reply_in))
