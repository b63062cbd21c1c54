from groupbot.adapters.console.lines import parse_line


def test_speaker_prefix_sets_the_speaker():
    line = parse_line("alice: how do I export a report?\n")
    assert (line.speaker, line.text, line.mentions_bot) == ("alice", "how do I export a report?", False)


def test_plain_line_keeps_the_current_speaker():
    line = parse_line("如何导出报表？")
    assert line.speaker is None and line.text == "如何导出报表？"


def test_switches():
    assert (parse_line("/as bob").switch, parse_line("/as bob").target) == ("as", "bob")
    assert (parse_line("/in groupB").switch, parse_line("/in groupB").target) == ("in", "groupB")


def test_at_bot_is_a_mention_and_is_removed():
    line = parse_line("carol: @bot why does login fail")
    assert line.mentions_bot and line.text == "why does login fail" and line.speaker == "carol"


def test_commands_pass_through_as_text():
    line = parse_line("ops: /mode questions")
    assert line.speaker == "ops" and line.text == "/mode questions" and line.switch is None
