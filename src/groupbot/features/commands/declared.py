"""A chat command declared once, where it lives: syntax, role, handler and help text together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import CommandSpec, spec
from groupbot.core.language import EN, ZH
from groupbot.core.messages import Role
from groupbot.features.commands.context import CommandHandler

__all__ = ["ChatCommand", "declare"]


@dataclass(frozen=True, slots=True)
class ChatCommand:
    """One command a feature offers: what it looks like, who may run it, what runs, how /help names it."""

    spec: CommandSpec
    handler: CommandHandler
    help: Mapping[str, str]
    """One line per locale, shown by /help and in platform command menus."""

    @property
    def name(self) -> str:
        """``assign``, or ``faq add`` for a sub-command."""
        return self.spec.name

    def help_in(self, locale: str) -> str:
        """The help line in ``locale`` (English when that locale has none)."""
        return self.help.get(locale) or self.help[EN]


def declare(
    name: str, syntax: str, role: Role, handler: CommandHandler, *args: tuple[str, ArgKind], en: str, zh: str
) -> ChatCommand:
    """A :class:`ChatCommand`; ``args`` are ``(name, kind)`` pairs in typing order, ``en``/``zh`` its help."""
    return ChatCommand(spec(name, syntax, role, *args), handler, {EN: en, ZH: zh})
