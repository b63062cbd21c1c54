"""Every command the bot registers runs something and explains itself in both languages."""

from __future__ import annotations

import inspect

import pytest

from groupbot.bootstrap import chat_commands, telegram_commands
from groupbot.core.clock import SystemClock
from groupbot.core.commands import spec
from groupbot.core.language import EN, ZH
from groupbot.core.messages import Role
from groupbot.core.permissions import PermissionPolicy
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.commands.router import CommandRouter
from groupbot.settings import Settings

REGISTERED = chat_commands(Settings())


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("command", REGISTERED, ids=lambda c: c.name)
def test_each_registered_command_has_a_handler_and_help_in_both_languages(command: ChatCommand) -> None:
    assert inspect.iscoroutinefunction(command.handler)
    assert command.help[EN].strip() and not _has_cjk(command.help[EN])
    assert command.help[ZH].strip() and _has_cjk(command.help[ZH])
    assert command.spec.usage.startswith(f"/{command.name}")


def test_the_commands_ops_rely_on_are_all_registered() -> None:
    names = {c.name for c in REGISTERED}
    assert {"help", "mytickets", "faq search", "tickets", "resolve", "learn", "outbox", "retry", "oncall"} <= names
    assert {c.name for c in REGISTERED if c.spec.role is Role.CUSTOMER} == {"help", "mytickets", "faq search"}


def test_menus_list_every_registered_command_once() -> None:
    heads = {c.name.split()[0] for c in REGISTERED}
    for menu in telegram_commands(REGISTERED).values():
        listed = [name for name, _ in (*menu.everyone, *menu.admins)]
        assert sorted(listed) == sorted(heads)


def test_declaring_a_name_twice_fails_at_start_up() -> None:
    async def handler(ctx, command):  # pragma: no cover - never run
        raise AssertionError

    ping = declare("ping", "", Role.OPS, handler, en="x", zh="某")
    twice = [ping, declare("ping", "", Role.OPS, handler, en="y", zh="另")]
    with pytest.raises(ValueError, match="/ping is declared twice"):
        CommandRouter(PermissionPolicy.from_ids([], [], False), SystemClock(), twice)
    assert spec("ping", "", Role.OPS).usage == "/ping"
