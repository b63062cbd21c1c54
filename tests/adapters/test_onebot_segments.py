"""CQ codes and segment arrays, and splitting long text."""

from __future__ import annotations

import pytest

from groupbot.adapters.onebot.outgoing import render
from groupbot.adapters.onebot.segments import MalformedMessage, escape, normalize, parse_cq, to_cq, unescape
from groupbot.adapters.splitting import split_text, utf8_size
from groupbot.core.messages import ChatRef, Reply


def test_cq_string_parses_into_segments_with_unescaping() -> None:
    message = "hi &#91;x&#93; &amp; [CQ:at,qq=123][CQ:image,file=a&#44;b.png,url=http://x/?a=1&amp;b=2]end"
    assert parse_cq(message) == [
        {"type": "text", "data": {"text": "hi [x] & "}},
        {"type": "at", "data": {"qq": "123"}},
        {"type": "image", "data": {"file": "a,b.png", "url": "http://x/?a=1&b=2"}},
        {"type": "text", "data": {"text": "end"}},
    ]


def test_escaping_round_trips_and_keeps_literal_entities() -> None:
    tricky = "a [b] & c, &#91; d"
    assert escape(tricky) == "a &#91;b&#93; &amp; c, &amp;#91; d"
    assert unescape(escape(tricky)) == tricky
    assert unescape(escape(tricky, in_param=True)) == tricky
    segments = [{"type": "text", "data": {"text": tricky}}, {"type": "face", "data": {"id": "1,2"}}]
    assert parse_cq(to_cq(segments)) == segments


def test_text_that_only_looks_like_cq_stays_text() -> None:
    assert parse_cq("[CQ:at qq=1] [not cq]") == [{"type": "text", "data": {"text": "[CQ:at qq=1] [not cq]"}}]
    assert parse_cq("") == []


@pytest.mark.parametrize("bad", [42, None, [{"data": {}}], [{"type": "text", "data": "x"}], ["text"]])
def test_malformed_messages_are_rejected(bad: object) -> None:
    with pytest.raises(MalformedMessage):
        normalize(bad)


def test_a_lone_segment_object_is_accepted() -> None:
    assert normalize({"type": "text", "data": {"text": "x"}}) == [{"type": "text", "data": {"text": "x"}}]


def test_split_prefers_line_breaks_and_hard_cuts_long_lines() -> None:
    text = "line one\nline two\n" + "x" * 25
    pieces = split_text(text, 10)
    assert pieces == ["line one", "line two", "x" * 10, "x" * 10, "x" * 5]
    assert split_text("short", 10) == ["short"]


def test_split_by_utf8_bytes_never_cuts_a_character() -> None:
    text = "答" * 2000 + "\n" + "🙂" * 10
    pieces = split_text(text, 4096, utf8_size)
    assert all(utf8_size(piece) <= 4096 for piece in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert len(pieces) == 2


def test_choices_become_numbered_lines_unless_the_text_lists_them() -> None:
    from groupbot.adapters.plaintext import text_with_choices
    from groupbot.core.messages import ChatRef, Choice, Reply

    chat = ChatRef("qq", "group:1")
    bare = Reply(chat, "Which one?", choices=(Choice("Yes", "1"), Choice("2. No", "2")))
    assert text_with_choices(bare) == "Which one?\n1. Yes\n2. No"
    listed = Reply(
        chat,
        "Did you mean:\n1. Reset password\n2. Change email",
        choices=(Choice("1. Reset password", "1"), Choice("2. Change email", "2")),
    )
    assert text_with_choices(listed) == listed.text


def test_a_reply_with_an_image_sends_the_picture_after_the_text() -> None:
    png = b"\x89PNG\r\n\x1a\nchart"
    text, picture = render(Reply(ChatRef("qq", "group:1"), "周报", image=png), 4000)
    assert text == [{"type": "text", "data": {"text": "周报"}}]
    assert picture == [{"type": "image", "data": {"file": "base64://iVBORw0KGgpjaGFydA=="}}]
    assert to_cq(picture) == "[CQ:image,file=base64://iVBORw0KGgpjaGFydA==]"


def test_a_reply_to_a_group_question_quotes_it_then_ats_the_asker_once_in_both_formats() -> None:
    from groupbot.adapters.onebot.outgoing import render
    from groupbot.adapters.onebot.segments import to_cq
    from groupbot.core.messages import ChatRef, Reply, Sender

    reply = Reply(ChatRef("qq", "group:5"), "answer", reply_to_message_id="11")
    [message] = render(reply, 1000, asker="77")
    assert to_cq(message) == "[CQ:reply,id=11][CQ:at,qq=77] answer"
    mentioned = Reply(ChatRef("qq", "group:5"), "answer", reply_to_message_id="11", mentions=(Sender("77", "A"),))
    assert render(mentioned, 1000, asker="77") == [message], "the asker is @-mentioned once"
    assert to_cq(render(Reply(ChatRef("qq", "group:5"), "notice"), 1000, asker="77")[0]) == "notice"
