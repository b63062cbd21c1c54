"""Command parsing: names, @bot suffixes, sub-commands, and a usage error for every bad argument."""

from __future__ import annotations

import pytest

from groupbot.bootstrap import chat_commands
from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command, CommandError, command_target, is_command
from groupbot.core.commands import parse_command as parse_against
from groupbot.core.messages import Role
from groupbot.core.tickets import Category
from groupbot.features.message_router import clean_text
from groupbot.features.texts import label, render
from groupbot.settings import Settings

# What the live bot registers; parsing never touches the collaborators, so none are given.
COMMANDS = {c.name: c.spec for c in chat_commands(Settings())}


def parse_command(text: str) -> Command:
    return parse_against(text, COMMANDS)


def test_bot_suffix_and_case_are_ignored() -> None:
    command = parse_command("/Assign@support_bot #12 @alice")
    assert (command.name, command.number(), command.text("user")) == ("assign", 12, "alice")
    assert command_target("/assign@support_bot 12 me") == "support_bot"


def test_text_arguments_take_the_rest_of_the_line() -> None:
    command = parse_command("/resolve 3  Restart the app;  then log in again ")
    assert command.text("text") == "Restart the app;  then log in again"


def test_a_line_break_separates_arguments_and_stays_inside_text() -> None:
    command = parse_command("/resolve 12\nStep 1: update.\nStep 2: restart.")
    assert (command.number(), command.text("text")) == (12, "Step 1: update.\nStep 2: restart.")


def test_optional_arguments_may_be_left_out() -> None:
    assert parse_command("/escalate 4 RD").values == {"number": 4, "team": "rd", "note": ""}
    assert parse_command("/stats").values == {"days": 7}
    assert parse_command("/tickets").values == {"filter": ()}
    assert parse_command("/tickets bug").values == {"filter": ("failure",)}
    assert parse_command("/tickets mine  研发 已解决").values == {"filter": ("mine", "rd", "resolved")}


def test_faq_sub_commands_and_bare_search() -> None:
    assert parse_command("/faq add 怎么导出 ｜ 点右上角导出").values == {"entry": ("怎么导出", "点右上角导出")}
    assert parse_command("/faq add (q? | a.)").values == {"entry": ("q?", "a.")}
    assert parse_command("/faq reload").name == "faq reload"
    assert parse_command("/faq how to export").text("text") == "how to export"
    assert parse_command("/reclassify 2 billing").values["category"] is Category.ACCOUNT


@pytest.mark.parametrize(
    ("text", "name", "values"),
    [
        ("/help", "help", {}),
        ("/mode all", "mode", {"mode": "all"}),
        ("/MODE@groupbot_bot questions", "mode", {"mode": "questions"}),
        ("  /faq   reload ", "faq reload", {}),
    ],
)
def test_argument_free_and_word_commands(text: str, name: str, values: dict[str, object]) -> None:
    command = parse_command(text)
    assert (command.name, dict(command.values)) == (name, values)


def test_shape_detection() -> None:
    assert is_command("/help") and is_command("  ／help")
    for text in ("help /me", "/ 12", "// comment", "/", "/123", "how do I /export", "path /usr/bin"):
        assert not is_command(text), text


def test_control_characters_are_removed_before_parsing() -> None:
    assert clean_text("\x00\x07hello\u200b world\x1b") == "hello  world"


@pytest.mark.parametrize(
    ("line", "name", "reason"),
    [
        ("/frobnicate 1", "frobnicate", "unknown"),
        ("/ticket", "ticket", "missing"),
        ("/ticket abc", "ticket", "number"),
        ("/ticket 0", "ticket", "number"),
        ("/ticket -3", "ticket", "number"),
        ("/ticket 99999999999", "ticket", "number"),
        ("/ticket 1 2", "ticket", "extra"),
        ("/assign 1", "assign", "missing"),
        ("/assign 1 @bad user!", "assign", "extra"),
        ("/assign 1 @!!", "assign", "user"),
        ("/escalate 1 ops", "escalate", "team"),
        ("/escalate 1", "escalate", "missing"),
        ("/resolve 1", "resolve", "missing"),
        ("/close x", "close", "number"),
        ("/dup 1", "dup", "missing"),
        ("/dup 1 two", "dup", "number"),
        ("/reclassify 1 weather", "reclassify", "category"),
        ("/note 1", "note", "missing"),
        ("/faq add only a question", "faq add", "qa"),
        ("/faq add | answer", "faq add", "qa"),
        ("/faq", "faq search", "missing"),
        ("/faq reload now", "faq reload", "extra"),
        ("/learn", "learn", "missing"),
        ("/stats 0", "stats", "days"),
        ("/stats 1000", "stats", "days"),
        ("/stats week", "stats", "days"),
        ("/stats ²", "stats", "days"),
        ("/stats ٣", "stats", "days"),
        ("/stats " + "9" * 5000, "stats", "days"),
        ("/ticket ²", "ticket", "number"),
        ("/mode loud", "mode", "mode"),
        ("/mode", "mode", "missing"),
        ("/tickets urgent", "tickets", "filter"),
        ("/help me", "help", "extra"),
    ],
)
def test_every_bad_call_names_what_is_wrong(line: str, name: str, reason: str) -> None:
    with pytest.raises(CommandError) as info:
        parse_command(line)
    assert (info.value.name, info.value.reason) == (name, reason)
    if reason != "unknown":
        assert info.value.spec is COMMANDS[name]


def test_usage_lines_and_roles() -> None:
    assert COMMANDS["assign"].usage == "/assign N @user|me"
    assert COMMANDS["faq reload"].usage == "/faq reload"
    customer_commands = {name for name, spec in COMMANDS.items() if spec.role is Role.CUSTOMER}
    assert customer_commands == {"help", "mytickets", "faq search"}


def test_typed_accessors_check_for_real_not_by_assert() -> None:
    # Handlers read arguments through these; python -O strips asserts, so the check must raise on its own.
    command = Command(COMMANDS["reclassify"], {"number": "12", "category": "bug"})
    with pytest.raises(TypeError, match="number"):
        command.number()
    with pytest.raises(TypeError, match="category"):
        command.category()
    with pytest.raises(TypeError, match="entry"):
        Command(COMMANDS["faq add"], {"entry": "q | a"}).question_and_answer()
    parsed = parse_command("/reclassify #3 故障")
    assert (parsed.number(), parsed.category()) == (3, Category.FAILURE)
    assert parse_command("/faq add q | a").question_and_answer() == ("q", "a")



# One acceptable word for each kind that is read as a word, to reach the arguments after it.
_GOOD_WORD = {ArgKind.NUMBER: "1", ArgKind.USER: "me", ArgKind.OPT_USER: "me", ArgKind.TEAM: "rd",
              ArgKind.CATEGORY: "bug", ArgKind.SEVERITY: "high", ArgKind.FILTER: "all", ArgKind.DAYS: "7",
              ArgKind.MODE: "all", ArgKind.ENTRY: "e1", ArgKind.FIELD: "answer", ArgKind.LANG: "en",
              ArgKind.POSITION: "1", ArgKind.OUTBOX_ID: "1"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_wrong_argument_of_every_command_is_explained_in_both_languages(name: str, locale: str) -> None:
    # What the command router says for a wrong call: the problem's text, naming a missing argument.
    args = COMMANDS[name].args
    explained = 0
    for position, (_, kind) in enumerate(args):
        before = [_GOOD_WORD[k] for _, k in args[:position] if k in _GOOD_WORD]
        if len(before) < position:
            break  # a text argument takes the rest of the line: nothing comes after it
        for wrong in ("", "\u2603" * 3):
            try:
                parse_command(" ".join([f"/{name}", *before, wrong]))
            except CommandError as error:
                value = label("argname", error.value, locale) if error.reason == "missing" else error.value
                assert render(f"arg_{error.reason}", locale, value=value).strip(), (name, kind, wrong)
                explained += 1
    assert explained or not args or all(kind in (ArgKind.OPT_TEXT, ArgKind.OPT_USER) for _, kind in args)
