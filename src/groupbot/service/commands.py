"""Chat commands: parse, check the sender's role, run the handler, answer wrong calls with usage.

Handlers come in groups (ticket commands, FAQ commands, ...) registered in
bootstrap; a command no group handles is unknown here. Refusals for lack of
permission change nothing and leave an audit record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from groupbot.core.addressing import is_explicit
from groupbot.core.chats import ChatSettings
from groupbot.core.commands import COMMANDS, CommandError, CommandSpec, command_name, command_target, parse_command
from groupbot.core.messages import IncomingMessage, Role
from groupbot.core.permissions import PermissionPolicy
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.service.command_context import CommandContext, CommandRefused, HandlerTable
from groupbot.service.handled import Handled
from groupbot.service.texts import label

__all__ = ["CommandRouter"]

log = logging.getLogger(__name__)


class CommandRouter:
    """Runs ``/commands`` for the message router."""

    def __init__(self, policy: PermissionPolicy, clock: Clock, tables: Iterable[HandlerTable]) -> None:
        self._policy = policy
        self._clock = clock
        self._handlers = {name: handler for table in tables for name, handler in table.items()}
        self._known = {name.split()[0] for name in self._handlers}

    def add(self, table: HandlerTable) -> None:
        """Run the commands in ``table`` too (for handlers that need the router, like /help)."""
        self._handlers.update(table)
        self._known.update(name.split()[0] for name in table)

    @property
    def names(self) -> tuple[str, ...]:
        """The commands that have a handler, in the order of :data:`COMMANDS`."""
        return tuple(name for name in COMMANDS if name in self._handlers)

    def wants(self, message: IncomingMessage, text: str) -> bool:
        """Whether the command in ``text`` is ours to answer, so groups are not spammed.

        ``/cmd@otherbot`` is another bot's (the adapter marks ``/cmd@us`` as a
        mention); an unknown ``/word`` is answered only when the bot was
        addressed, since "/tmp is full" in a group is not a command.
        """
        explicit = is_explicit(message)
        if command_target(text) is not None and not explicit:
            return False
        return explicit or command_name(text) in self._known

    async def handle(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, chat: ChatSettings, locale: str
    ) -> Handled:
        """Run the command in ``text`` for ``message``'s sender."""
        role = self._policy.role_of(message.sender, message.chat)
        ctx = CommandContext(message, uow, chat, locale, role, self._clock.now())
        try:
            command = parse_command(text)
        except CommandError as error:
            return await self._wrong_call(ctx, error)
        if not self._allowed(command.spec, role):
            return await self._refuse(ctx, command.spec, text)
        try:
            return await self._handlers[command.name](ctx, command)
        except CommandRefused as refusal:
            log.info("/%s refused: %s", command.name, refusal)
            return ctx.say(refusal.outcome, refusal.key, **refusal.params)

    def _allowed(self, spec: CommandSpec, role: Role) -> bool:
        return role.rank >= spec.role.rank

    async def _wrong_call(self, ctx: CommandContext, error: CommandError) -> Handled:
        if error.spec is None or error.spec.name not in self._handlers:
            return ctx.say("unknown_command", "unknown_command", name=error.name)
        if not self._allowed(error.spec, ctx.role):
            return await self._refuse(ctx, error.spec, ctx.message.text)
        value = label("argname", error.value, ctx.locale) if error.reason == "missing" else error.value
        problem = ctx.text(f"arg_{error.reason}", value=value)
        return ctx.say("usage", "usage", usage=error.spec.usage, problem=problem)

    @staticmethod
    async def _refuse(ctx: CommandContext, spec: CommandSpec, text: str) -> Handled:
        message = ctx.message
        log.warning("refused /%s from %s in %s", spec.name, ctx.actor, message.chat.key)
        await ctx.uow.audit.record(
            time=message.received,
            platform=message.platform,
            chat_id=message.chat.chat_id,
            actor=ctx.actor,
            action=f"/{spec.name}",
            outcome="refused",
            detail=text[:200],
        )
        return ctx.say("refused", "not_permitted", name=spec.name)
