"""Several questions in one message: "钉钉能推送告警吗？还有企业微信呢？", "how do I export? can I schedule it?".

A message splits only after a question mark followed by more words, so a
sentence of context before a question ("I get 401. How do I fix it?") and a
pasted log with line breaks stay one question. The last part must end with a
question mark too or read like a question; otherwise it is context of the one
before, and the message is taken whole. At most :data:`MAX_QUESTIONS` parts:
a longer list is a survey, not a set of FAQ questions.
"""

from __future__ import annotations

import re

from groupbot.core.addressing import looks_like_question

__all__ = ["MAX_QUESTIONS", "split_questions"]

MAX_QUESTIONS = 3
# After one or more question marks (either width), where more text follows.
_BOUNDARY = re.compile(r"(?<=[?？])(?![?？])")
_MIN_CHARS = 4  # "why?" or "吗？" alone says nothing an FAQ entry could answer


def split_questions(text: str) -> list[str]:
    """The questions ``text`` asks, in order; ``[text]`` when it asks one (or too many to tell apart)."""
    parts = [part.strip() for part in _BOUNDARY.split(text)]
    parts = [part for part in parts if part]
    if not 2 <= len(parts) <= MAX_QUESTIONS:
        return [text]
    if any(len(part.rstrip("?？ ")) < _MIN_CHARS for part in parts):
        return [text]
    if not (parts[-1].endswith(("?", "？")) or looks_like_question(parts[-1])):
        return [text]
    return parts
