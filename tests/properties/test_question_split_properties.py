"""Splitting a message into questions never loses or invents text, whatever the message."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from groupbot.core.question_split import MAX_QUESTIONS, split_questions

WORDS = st.sampled_from(["?", "？", "??", " ", "吗", "how do I", "\n", "呢？"])
PIECES = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=12)


@given(PIECES.map("".join))
def test_the_parts_are_the_message_in_order(text: str) -> None:
    parts = split_questions(text)
    assert 1 <= len(parts) <= MAX_QUESTIONS
    if len(parts) == 1:
        assert parts == [text]
        return
    rest = text  # each part is the next stretch of the message: only blanks are left out between them
    for part in parts:
        assert part and part == part.strip()
        skipped, found, rest = rest.partition(part)
        assert found and not skipped.strip()
    assert not rest.strip()
    assert all(part.endswith(("?", "？")) for part in parts[:-1])
