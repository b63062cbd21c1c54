"""Command menus for platforms that show one (Telegram's "/" menu).

One line per top-level command; sub-commands (``faq search``, ``faq add``)
fold into their group, described by the first of them and needing the least
role among them. Customers' commands are for everyone, the rest for staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.commands import COMMANDS
from groupbot.core.messages import Role
from groupbot.features.texts import render

__all__ = ["CommandsMenu", "MenuLine", "command_menu"]

MenuLine = tuple[str, str]


@dataclass(frozen=True, slots=True)
class CommandsMenu:
    """``(command, description)`` lines: for everyone, and the extra ones for support staff."""

    everyone: tuple[MenuLine, ...]
    staff: tuple[MenuLine, ...]


def command_menu(locale: str) -> CommandsMenu:
    """The menu in ``locale``, in the order of :data:`~groupbot.core.commands.COMMANDS`."""
    lines: dict[str, tuple[Role, str]] = {}
    for spec in COMMANDS.values():
        head = spec.name.split()[0]
        known = lines.get(head)
        role = spec.role if known is None or spec.role.rank < known[0].rank else known[0]
        description = known[1] if known else render(f"cmd_{spec.name}", locale)
        lines[head] = (role, description)
    everyone = tuple((name, text) for name, (role, text) in lines.items() if role is Role.CUSTOMER)
    staff = tuple((name, text) for name, (role, text) in lines.items() if role is not Role.CUSTOMER)
    return CommandsMenu(everyone, staff)
