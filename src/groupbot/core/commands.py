"""Chat commands: parsing ``/cmd[@bot] args`` and checking the arguments.

Platform neutral: adapters deliver the text as typed (a button press arrives as
the same text). Each feature declares its commands (a :class:`CommandSpec`:
syntax, the role it needs, argument kinds) next to their handlers;
:func:`parse_command` turns a line into a :class:`Command` with typed values
against the registered specs, or raises :class:`CommandError` saying which
argument is wrong, so the caller can answer with the usage line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from groupbot.core.command_args import ArgError, ArgKind, parse_args
from groupbot.core.messages import Role
from groupbot.core.tickets import Category, Severity

__all__ = [
    "ArgKind",
    "Command",
    "CommandError",
    "CommandSpec",
    "command_arguments",
    "command_name",
    "command_target",
    "is_command",
    "parse_command",
    "spec",
]

_HEAD = re.compile(r"^[/／]([A-Za-z][A-Za-z0-9_]*)(?:@(\S+))?(?:\s+|$)")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: its name (``faq add`` for a sub-command), syntax, role and arguments."""

    name: str
    syntax: str
    role: Role
    args: tuple[tuple[str, ArgKind], ...] = ()

    @property
    def usage(self) -> str:
        """The usage line shown on a wrong call: ``/assign N @user|me``."""
        return f"/{self.name} {self.syntax}".rstrip()


def spec(name: str, syntax: str, role: Role, *args: tuple[str, ArgKind]) -> CommandSpec:
    """A :class:`CommandSpec`; ``args`` are ``(name, kind)`` pairs in the order they are typed."""
    return CommandSpec(name, syntax, role, tuple(args))


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed, validated command; ``values`` holds each argument by name."""

    spec: CommandSpec
    values: Mapping[str, object]

    @property
    def name(self) -> str:
        """The command's name, e.g. ``assign`` or ``faq add``."""
        return self.spec.name

    def number(self, key: str = "number") -> int:
        """An integer argument (ticket numbers, days)."""
        return self._typed(key, int)

    def text(self, key: str) -> str:
        """A text argument; empty when an optional one was left out."""
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def words(self, key: str) -> tuple[str, ...]:
        """An argument of several words (``/tickets mine escalated``); empty when left out."""
        return self._typed(key, tuple)

    def category(self, key: str = "category") -> Category:
        """A category argument."""
        return self._typed(key, Category)

    def severity(self, key: str = "severity") -> Severity:
        """A severity argument."""
        return self._typed(key, Severity)

    def question_and_answer(self, key: str = "entry") -> tuple[str, str]:
        """A ``question | answer`` argument."""
        question, answer = self._typed(key, tuple)
        return str(question), str(answer)

    def _typed(self, key: str, kind: type[_T]) -> _T:
        # A real check, not an assert: python -O must not let a handler run on a wrong value.
        value = self.values.get(key)
        if not isinstance(value, kind):
            raise TypeError(f"/{self.name}: argument {key!r} is {type(value).__name__}, not {kind.__name__}")
        return value


class CommandError(ValueError):
    """A command that cannot run as typed.

    ``reason`` is a key: ``unknown`` (no such command), or the failed argument's
    kind (``number``, ``user``, ...), or ``missing``/``extra``. ``spec`` is None
    only for unknown commands.
    """

    def __init__(self, name: str, reason: str, spec: CommandSpec | None = None, value: str = "") -> None:
        super().__init__(f"/{name}: {reason} {value!r}".rstrip())
        self.name = name
        self.reason = reason
        self.spec = spec
        self.value = value


def is_command(text: str) -> bool:
    """True when ``text`` is shaped like a command (``/word`` at the very start)."""
    return _HEAD.match(text.lstrip()) is not None


def command_name(text: str) -> str | None:
    """The lower-case name of the command in ``text`` (``/Help@bot x`` -> ``help``), if any."""
    head = _HEAD.match(text.lstrip())
    return head.group(1).lower() if head else None


def command_arguments(text: str) -> str:
    """What follows the command's name in ``text`` (``/faq search 发票`` -> ``search 发票``)."""
    head = _HEAD.match(text.lstrip())
    return text.lstrip()[head.end() :].strip() if head else text


def command_target(text: str) -> str | None:
    """The ``@botname`` a command was addressed to, if any (``/help@mybot``)."""
    head = _HEAD.match(text.lstrip())
    return head.group(2) if head else None


def parse_command(text: str, specs: Mapping[str, CommandSpec]) -> Command:
    """Parse and validate one command line against ``specs``; raise :class:`CommandError` when it is wrong."""
    head = _HEAD.match(text.strip())
    if head is None:
        raise CommandError(text.strip()[:20], "unknown")
    name, rest = head.group(1).lower(), text.strip()[head.end() :]
    subcommands = _subcommands(specs, name)
    if subcommands:
        name, rest = _subcommand(name, rest, subcommands)
    found = specs.get(name)
    if found is None:
        raise CommandError(name, "unknown")
    try:
        values = parse_args(found.args, rest)
    except ArgError as exc:
        raise CommandError(name, exc.reason, found, exc.value) from None
    return Command(found, values)


def _subcommands(specs: Mapping[str, CommandSpec], group: str) -> tuple[str, ...]:
    """The sub-command words of ``group`` (``faq`` -> ``search``, ``add``, ...), in declared order."""
    return tuple(name.split(" ", 1)[1] for name in specs if name.startswith(group + " "))


def _subcommand(group: str, rest: str, subcommands: tuple[str, ...]) -> tuple[str, str]:
    word, _, tail = rest.partition(" ")
    if word.lower() in subcommands:
        return f"{group} {word.lower()}", tail.strip()
    # "/faq how do I reset" is a search: the friendliest reading of a bare /faq.
    return f"{group} {subcommands[0]}", rest
