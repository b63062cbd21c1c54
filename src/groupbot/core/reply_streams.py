"""Passive replies a platform polls for (WeCom's reply *stream*), as plain data.

A platform that calls the bot back per message may take the reply in its HTTP
response and, when the answer is not ready in time, poll for the rest with
follow-up callbacks. Behind a round-robin proxy a poll may reach another
instance than the one handling the message, so the stream lives in a
:class:`~groupbot.core.ports.ReplyStreamStore` every instance shares.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PARAGRAPH", "ReplyStream"]

PARAGRAPH = "\n\n"
"""What separates two replies said in one stream."""


@dataclass(frozen=True, slots=True)
class ReplyStream:
    """The passive reply to one message: what was said so far (None: nothing yet) and whether that is all."""

    message_id: str
    chat_id: str
    stream_id: str
    content: str | None = None
    done: bool = False

    def said(self, text: str) -> ReplyStream:
        """This stream with ``text`` said after what was said before."""
        joined = text if self.content is None else f"{self.content}{PARAGRAPH}{text}"
        return ReplyStream(self.message_id, self.chat_id, self.stream_id, joined, self.done)
