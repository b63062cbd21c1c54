"""Replies for platforms without buttons (QQ, WeCom robots): choices as numbered lines.

The service usually lists the choices in the text already; then nothing is
added, so the list never appears twice.
"""

from __future__ import annotations

from groupbot.core.messages import Choice, Reply

__all__ = ["text_with_choices"]


def text_with_choices(reply: Reply) -> str:
    """``reply.text`` plus a numbered line for each choice it does not already show."""
    lines = [_line(choice) for choice in reply.choices]
    missing = [line for line in lines if line not in reply.text]
    return "\n".join([reply.text, *missing]) if missing else reply.text


def _line(choice: Choice) -> str:
    # labels often carry their number already ("1. How do I ...")
    return choice.label if choice.label.startswith(f"{choice.value}.") else f"{choice.value}. {choice.label}"
