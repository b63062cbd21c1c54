import pytest

from groupbot.core.commands import is_command, parse_command
from groupbot.service.router import clean_text


@pytest.mark.parametrize(
    ("text", "name", "values"),
    [
        ("/help", "help", {}),
        ("/mode all", "mode", {"mode": "all"}),
        ("/MODE@groupbot_bot questions", "mode", {"mode": "questions"}),
        ("  /faq   reload ", "faq reload", {}),
    ],
)
def test_commands_are_parsed(text, name, values):
    command = parse_command(text)
    assert (command.name, dict(command.values)) == (name, values)


@pytest.mark.parametrize("text", ["how do I /export", "/", "/123", "// comment", "path /usr/bin"])
def test_non_commands_are_not_parsed(text):
    assert not is_command(text)


def test_control_characters_are_removed():
    assert clean_text("\x00\x07hello\u200b world\x1b") == "hello  world"
