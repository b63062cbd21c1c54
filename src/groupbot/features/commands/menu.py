"""Command menus for platforms that show one (Telegram's "/" menu).

One line per top-level command; sub-commands (``faq search``, ``faq add``)
fold into their group, described by the first of them and needing the least
role among them. Customers' commands are for everyone, the rest for staff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from groupbot.core.messages import Role
from groupbot.features.commands.declared import ChatCommand

__all__ = ["CommandsMenu", "MenuLine", "command_menu"]

MenuLine = tuple[str, str]


@dataclass(frozen=True, slots=True)
class CommandsMenu:
    """``(command, description)`` lines: for everyone, and the extra ones for support staff."""

    everyone: tuple[MenuLine, ...]
    staff: tuple[MenuLine, ...]


def command_menu(commands: Sequence[ChatCommand], locale: str) -> CommandsMenu:
    """The menu of the registered ``commands`` in ``locale``, in their registration order."""
    lines: dict[str, tuple[Role, str]] = {}
    for command in commands:
        head = command.name.split()[0]
        known = lines.get(head)
        role = command.spec.role if known is None or command.spec.role.rank < known[0].rank else known[0]
        description = known[1] if known else command.help_in(locale)
        lines[head] = (role, description)
    everyone = tuple((name, text) for name, (role, text) in lines.items() if role is Role.CUSTOMER)
    staff = tuple((name, text) for name, (role, text) in lines.items() if role is not Role.CUSTOMER)
    return CommandsMenu(everyone, staff)
