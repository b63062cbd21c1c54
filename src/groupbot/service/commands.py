"""Chat commands: ``/name args``, checked against the sender's role."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import IncomingMessage, Reply, ReplyKind, Role
from groupbot.core.ports import UnitOfWork
from groupbot.service.access import AccessPolicy
from groupbot.service.handled import Handled
from groupbot.service.texts import render

__all__ = ["CommandCall", "CommandRouter", "FaqReload", "parse_command"]

_COMMAND = re.compile(r"^/([A-Za-z][A-Za-z0-9_]{0,31})(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)

FaqReload = Callable[[UnitOfWork], Awaitable[int]]
"""Reloads the FAQ from its files; returns the entry count, raises ValueError on bad files."""


@dataclass(frozen=True, slots=True)
class CommandCall:
    """A parsed command: ``/mode all`` is ``CommandCall("mode", "all")``."""

    name: str
    args: str = ""


def parse_command(text: str) -> CommandCall | None:
    """The command in ``text``, or None if it is not one (``/botname`` suffixes dropped)."""
    found = _COMMAND.match(text.strip())
    if found is None:
        return None
    return CommandCall(found.group(1).lower(), (found.group(2) or "").strip())


class CommandRouter:
    """Runs commands; ops commands from customers are refused and audited."""

    def __init__(self, access: AccessPolicy, reload_faq: FaqReload) -> None:
        self._access = access
        self._reload_faq = reload_faq

    async def handle(
        self, message: IncomingMessage, call: CommandCall, uow: UnitOfWork, chat: ChatSettings, locale: str
    ) -> Handled:
        """Run ``call`` for ``message``'s sender."""
        role = self._access.role_of(message)
        if call.name == "help":
            return _reply(message, "help", self._help(role, locale))
        if call.name not in ("mode", "faq"):
            return _reply(message, "unknown_command", render("unknown_command", locale, name=call.name))
        if role is Role.CUSTOMER:
            return await self._refuse(message, call, uow, locale)
        if call.name == "mode":
            return await self._mode(message, call, uow, chat, locale)
        return await self._faq(message, call, uow, locale)

    @staticmethod
    async def _refuse(message: IncomingMessage, call: CommandCall, uow: UnitOfWork, locale: str) -> Handled:
        await uow.audit.record(
            time=message.time,
            platform=message.platform,
            chat_id=message.chat.chat_id,
            actor=message.sender.user_id,
            action=f"/{call.name}",
            outcome="refused",
            detail=call.args[:200],
        )
        return _reply(message, "refused", render("not_permitted", locale, name=call.name))

    @staticmethod
    def _help(role: Role, locale: str) -> str:
        text = render("help_customer", locale)
        return text if role is Role.CUSTOMER else f"{text}\n\n{render('help_ops', locale)}"

    async def _mode(
        self, message: IncomingMessage, call: CommandCall, uow: UnitOfWork, chat: ChatSettings, locale: str
    ) -> Handled:
        try:
            mode = AddressMode(call.args.lower())
        except ValueError:
            return _reply(message, "usage", render("mode_usage", locale, mode=chat.mode.value))
        await uow.chats.save(ChatSettings(message.chat, mode, chat.locale))
        text = render("mode_set", locale, mode_text=render(f"mode_{mode.value}", locale))
        return _reply(message, "mode", text)

    async def _faq(self, message: IncomingMessage, call: CommandCall, uow: UnitOfWork, locale: str) -> Handled:
        if call.args.lower() != "reload":
            return _reply(message, "usage", render("help_ops", locale))
        try:
            count = await self._reload_faq(uow)
        except ValueError as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return _reply(message, "faq_reload_failed", render("faq_reload_failed", locale, problem=problem))
        return _reply(message, "faq_reload", render("faq_reloaded", locale, count=count))


def _reply(message: IncomingMessage, outcome: str, text: str) -> Handled:
    reply = Reply(message.chat, text, ReplyKind.COMMAND, reply_to_message_id=message.message_id)
    return Handled(f"command:{outcome}", (reply,))
