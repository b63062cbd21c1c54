"""Telegram HTML escaping and splitting of long texts."""

from __future__ import annotations

import pytest

from groupbot.adapters.telegram.formatting import MESSAGE_LIMIT, escape, render_html, split_text, utf16_len
from groupbot.core.messages import Sender


def test_escape_covers_what_telegram_html_needs() -> None:
    assert escape("if a < b && c > d") == "if a &lt; b &amp;&amp; c &gt; d"
    assert escape('"quotes" stay') == '"quotes" stay'


def test_short_text_is_one_piece() -> None:
    assert render_html("hello <world>") == ["hello &lt;world&gt;"]


def test_empty_text_gives_nothing_but_mentions_alone_are_sent() -> None:
    assert render_html("   ") == []
    assert render_html("", [Sender("7", "Bo")]) == ['<a href="tg://user?id=7">Bo</a>']


def test_non_numeric_sender_is_named_not_linked() -> None:
    assert render_html("hi", [Sender("ops", "A&B")]) == ["A&amp;B hi"]


def test_5000_characters_split_at_the_paragraph_boundary() -> None:
    first, second = "a" * 3000, "b" * 2000
    pieces = split_text(f"{first}\n\n{second}")
    assert pieces == [first, second]


def test_paragraphs_are_packed_not_split_one_by_one() -> None:
    paragraphs = [f"p{n} " + "x" * 100 for n in range(60)]
    pieces = split_text("\n\n".join(paragraphs))
    assert len(pieces) == 2
    assert "\n\n".join(pieces) == "\n\n".join(paragraphs)
    assert all(utf16_len(piece) <= MESSAGE_LIMIT for piece in pieces)


def test_one_huge_line_falls_back_to_words_then_hard_cuts() -> None:
    words = " ".join(["word"] * 2000)
    assert all(utf16_len(p) <= MESSAGE_LIMIT and not p.startswith(" ") for p in split_text(words))
    blob = "z" * 9000
    assert [len(p) for p in split_text(blob)] == [4096, 4096, 808]


def test_emoji_count_double_and_are_never_cut_in_half() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    pieces = split_text(text)
    assert [utf16_len(p) for p in pieces] == [4096, 1904]
    assert "".join(pieces) == text


def test_escaping_cannot_push_a_piece_over_the_limit() -> None:
    text = "<&>" * 3000
    pieces = render_html(text)
    assert len(pieces) == 3
    assert "".join(p.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for p in pieces) == text


def test_mentions_take_room_from_the_first_piece_only() -> None:
    name = "N" * 96
    pieces = render_html("y" * 5000, [Sender("5", name)])
    visible_first = len(name) + 1 + len(pieces[0].split("</a> ", 1)[1])
    assert visible_first <= MESSAGE_LIMIT and len(pieces[1]) <= MESSAGE_LIMIT


def test_chinese_sentences_split_after_the_full_stop() -> None:
    text = "这是一个句子。" * 800
    pieces = split_text(text, 1000)
    assert all(p.endswith("。") for p in pieces) and "".join(pieces) == text


def test_limit_must_leave_room() -> None:
    with pytest.raises(ValueError, match="limit"):
        split_text("abc", 1)
