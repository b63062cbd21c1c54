import pytest

from groupbot.service.commands import CommandCall, parse_command
from groupbot.service.router import clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/help", CommandCall("help")),
        ("/mode all", CommandCall("mode", "all")),
        ("/MODE@groupbot_bot questions", CommandCall("mode", "questions")),
        ("  /faq   reload ", CommandCall("faq", "reload")),
    ],
)
def test_commands_are_parsed(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["how do I /export", "/", "/123", "// comment", "path /usr/bin"])
def test_non_commands_are_not_parsed(text):
    assert parse_command(text) is None


def test_control_characters_are_removed():
    assert clean_text("\x00\x07hello\u200b world\x1b") == "hello  world"
