"""From a :class:`Reply` to the OneBot messages that carry it.

QQ has no buttons, so choices become numbered lines. A long reply is split;
only the first piece quotes the original message and @-mentions people (the
asker first, in groups). An
image (the digest chart) follows as a message of its own.
"""

from __future__ import annotations

from typing import Any

from groupbot.adapters.onebot import segments as seg
from groupbot.adapters.plaintext import text_with_choices
from groupbot.adapters.splitting import split_text
from groupbot.core.messages import Reply

__all__ = ["render", "send_params"]


def render(reply: Reply, max_chars: int, asker: str | None = None) -> list[list[seg.Segment]]:
    """The messages to send for ``reply``, in order; ``asker`` (who sent the quoted message) is @-mentioned."""
    pieces = split_text(text_with_choices(reply), max_chars)
    messages = [[seg.text(piece)] for piece in pieces]
    head: list[seg.Segment] = []
    if reply.reply_to_message_id:
        head.append(seg.reply(reply.reply_to_message_id))
    people = [person.user_id for person in reply.mentions]
    if asker is not None and reply.reply_to_message_id and asker not in people:
        people.insert(0, asker)  # reply, then at, as NoneBot's at_sender and QQ clients do
    for person in people:
        head += [seg.at(person), seg.text(" ")]
    messages[0] = head + messages[0]
    if reply.image:  # the digest chart, as its own message after the text
        messages.append([seg.image(reply.image)])
    return messages


def send_params(chat_id: str, message: list[seg.Segment], message_format: str) -> tuple[str, dict[str, Any]]:
    """The action and parameters that post ``message`` to ``chat_id``.

    Raises ValueError for a chat id that is not ``group:<n>`` or ``private:<n>``.
    """
    kind, _, number = chat_id.partition(":")
    if kind not in ("group", "private") or not (number.isascii() and number.isdecimal()):
        raise ValueError(f"not a QQ chat id: {chat_id!r}")
    body: object = seg.to_cq(message) if message_format == "string" else message
    if kind == "group":
        return "send_group_msg", {"group_id": int(number), "message": body}
    return "send_msg", {"message_type": "private", "user_id": int(number), "message": body}
