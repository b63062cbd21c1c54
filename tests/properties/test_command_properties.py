"""Command lines: parsed, or refused with a CommandError that names the problem; nothing else."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from groupbot.bootstrap import chat_commands
from groupbot.core.commands import CommandError, parse_command
from groupbot.settings import Settings

COMMANDS = {c.name: c.spec for c in chat_commands(Settings())}  # what the live bot registers

NAMES = st.sampled_from([*sorted({name.split()[0] for name in COMMANDS}), "nope", "FAQ", "learn@bot"])
WORDS = st.lists(
    st.one_of(st.text(max_size=12), st.integers(-(10**20), 10**20).map(str), st.sampled_from(["me", "@alice", "|"])),
    max_size=5,
)


@given(NAMES, WORDS)
def test_a_command_line_parses_or_is_a_command_error(name, words) -> None:
    try:
        command = parse_command(f"/{name} " + " ".join(words), COMMANDS)
    except CommandError as exc:
        assert exc.args
        return
    assert command.name in COMMANDS


@given(st.text(max_size=80))
def test_any_text_after_a_slash_parses_or_is_a_command_error(text) -> None:
    with contextlib.suppress(CommandError):
        parse_command("/" + text, COMMANDS)
