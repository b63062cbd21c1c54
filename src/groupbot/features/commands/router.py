"""Chat commands: parse, check the sender's role, run the handler, answer wrong calls with usage.

Each feature declares its commands (spec, role, handler, help) and bootstrap
registers them here; a command nobody registered is unknown. Refusals for lack of
permission change nothing and leave an audit record.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from groupbot.core.addressing import is_explicit
from groupbot.core.chats import ChatSettings
from groupbot.core.commands import CommandError, CommandSpec, command_name, command_target, parse_command
from groupbot.core.messages import IncomingMessage, Role
from groupbot.core.permissions import PermissionPolicy
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.features.commands.context import CommandContext, CommandRefused
from groupbot.features.commands.declared import ChatCommand
from groupbot.features.handled import Handled
from groupbot.features.texts import label

__all__ = ["CommandRouter"]

log = logging.getLogger(__name__)


class CommandRouter:
    """Runs ``/commands`` for the message router."""

    def __init__(
        self, policy: PermissionPolicy, clock: Clock, commands: Iterable[ChatCommand] = (), timezone: str = "UTC"
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._zone = ZoneInfo(timezone)
        self._commands: dict[str, ChatCommand] = {}
        self._specs: dict[str, CommandSpec] = {}
        self._known: set[str] = set()
        self.add(*commands)

    def add(self, *commands: ChatCommand) -> None:
        """Register ``commands``; a name registered twice is a wiring bug and raises at start-up."""
        for command in commands:
            if command.name in self._commands:
                raise ValueError(f"/{command.name} is declared twice")
            self._commands[command.name] = command
            self._specs[command.name] = command.spec
            self._known.add(command.name.split()[0])

    @property
    def commands(self) -> tuple[ChatCommand, ...]:
        """Every registered command, in registration order."""
        return tuple(self._commands.values())

    def wants(self, message: IncomingMessage, text: str) -> bool:
        """Whether the command in ``text`` is ours to answer, so groups are not spammed.

        ``/cmd@otherbot`` is another bot's (the adapter marks ``/cmd@us`` as a
        mention); an unknown ``/word`` from a customer is answered only when
        the bot was addressed, since "/tmp is full" in a group is not a
        command. Support staff get a hint for a mistyped command anywhere.
        """
        explicit = is_explicit(message)
        if command_target(text) is not None and not explicit:
            return False
        if explicit or command_name(text) in self._known:
            return True
        return self._policy.role_of(message.sender, message.chat) is not Role.CUSTOMER

    async def handle(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, chat: ChatSettings, locale: str
    ) -> Handled:
        """Run the command in ``text`` for ``message``'s sender."""
        role = self._policy.role_of(message.sender, message.chat)
        ctx = CommandContext(message, uow, chat, locale, role, self._clock.now(), self._zone)
        try:
            command = parse_command(text, self._specs)
        except CommandError as error:
            return await self._wrong_call(ctx, error)
        if not self._allowed(command.spec, role):
            return await self._refuse(ctx, command.spec, text)
        try:
            return await self._commands[command.name].handler(ctx, command)
        except CommandRefused as refusal:
            log.info("/%s refused: %s", command.name, refusal)
            return ctx.say(refusal.outcome, refusal.key, **refusal.params)

    def _unknown(self, ctx: CommandContext, name: str) -> Handled:
        """Name the command that was not understood; staff also get the closest one they may use."""
        if ctx.role is Role.CUSTOMER:
            return ctx.say("unknown_command", "unknown_command", name=name)
        mine = [c.name.split()[0] for c in self._commands.values() if self._allowed(c.spec, ctx.role)]
        close = difflib.get_close_matches(name, mine, n=1, cutoff=0.6)
        if close:
            return ctx.say("unknown_command", "unknown_command_close", name=name, close=close[0])
        return ctx.say("unknown_command", "unknown_command", name=name)

    def _allowed(self, spec: CommandSpec, role: Role) -> bool:
        return role.rank >= spec.role.rank

    async def _wrong_call(self, ctx: CommandContext, error: CommandError) -> Handled:
        if error.spec is None:
            return self._unknown(ctx, error.name)
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
        key = "not_permitted_admin" if spec.role is Role.ADMIN and ctx.role is not Role.CUSTOMER else "not_permitted"
        return ctx.say("refused", key, name=spec.name)
