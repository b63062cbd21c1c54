"""Splitting a message into the questions it asks: only after a question mark followed by another question."""

from __future__ import annotations

import pytest

from groupbot.core.question_split import split_questions


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("能接飞书吗？还能接钉钉吗？", ["能接飞书吗？", "还能接钉钉吗？"]),
        ("how do I add users? and can I set their roles?", ["how do I add users?", "and can I set their roles?"]),
        ("怎么导出PDF？另外怎么设置定时发送", ["怎么导出PDF？", "另外怎么设置定时发送"]),
        ("a first one? a second one? a third one?", ["a first one?", "a second one?", "a third one?"]),
    ],
)
def test_several_questions_come_apart(text: str, parts: list[str]) -> None:
    assert split_questions(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "I get a 401 since this morning. How do I fix it?",  # context, then one question
        "how do I reset my password?",
        "why?? how??",  # too short to be questions of their own
        "怎么开发票？谢谢",  # thanks is not a question
        "one? two? three? four?",  # more than three: taken whole
        "what is this? 🙂",
    ],
)
def test_one_question_stays_whole(text: str) -> None:
    assert split_questions(text) == [text]
