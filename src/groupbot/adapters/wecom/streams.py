"""Where a WeCom reply can go: the open passive-reply stream, or the message's response_url.

A callback is answered in its HTTP response with a *stream*; when the answer
is not ready in time the stream is left unfinished and WeCom polls for it with
stream-refresh callbacks. After the stream is finished, a later reply (say, a
ticket's resolution) uses the message's ``response_url``: usable once, for one
hour.

Both are kept in a :class:`~groupbot.core.ports.ReplyStreamStore`: the bot
passes the database's, which every instance shares. :class:`MemoryReplyStreams`
serves a gateway built alone (one process, tests, benches).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from groupbot.core.reply_streams import ReplyStream

__all__ = ["STREAM_LIFETIME", "MemoryReplyStreams"]

STREAM_LIFETIME = timedelta(hours=1)
"""How long a message's stream and response_url are kept: the response_url is usable for an hour, and
WeCom stops polling a stream and retrying its callback well within that; after it they only cost space."""


@dataclass(slots=True)
class _Held:
    stream: ReplyStream
    address: str | None
    until: datetime
    closed: bool = False


class MemoryReplyStreams:
    """A :class:`~groupbot.core.ports.ReplyStreamStore` in this process's memory (one instance only)."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}  # by message id, in order of opening: the newest come last

    def __len__(self) -> int:
        """Streams held (open, or kept for WeCom's retries and later replies)."""
        return len(self._held)

    async def open(self, stream: ReplyStream, address: str | None, until: datetime) -> tuple[ReplyStream, bool]:
        """See :meth:`ReplyStreamStore.open <groupbot.core.ports.ReplyStreamStore.open>`."""
        held = self._held.get(stream.message_id)
        if held is not None:
            return held.stream, False
        self._held[stream.message_id] = _Held(stream, address, until)
        return stream, True

    async def get(self, message_id: str, now: datetime) -> ReplyStream | None:
        """The live stream of ``message_id``."""
        held = self._live(message_id, now)
        return held.stream if held is not None else None

    async def polled(self, stream_id: str, now: datetime) -> ReplyStream | None:
        """The live, unclosed stream with ``stream_id``."""
        found = (h for h in self._held.values() if h.stream.stream_id == stream_id and not h.closed and h.until > now)
        held = next(found, None)
        return held.stream if held is not None else None

    async def say(self, message_id: str | None, chat_id: str, text: str, now: datetime) -> bool:
        """Add ``text`` to the message's unfinished stream, else to the chat's newest unfinished one."""
        held = self._live(message_id, now) if message_id is not None else None
        if held is None or held.stream.done:
            open_here = [h for h in self._held.values() if h.stream.chat_id == chat_id and not h.stream.done
                         and h.until > now]
            held = open_here[-1] if open_here else None
        if held is None:
            return False
        held.stream = held.stream.said(text)
        return True

    async def finish(self, message_id: str) -> None:
        """Mark the stream of ``message_id`` finished."""
        held = self._held.get(message_id)
        if held is not None:
            held.stream = replace(held.stream, done=True)

    async def close(self, message_id: str) -> None:
        """Later polls of this stream get nothing."""
        held = self._held.get(message_id)
        if held is not None:
            held.closed = True

    async def take_address(self, message_id: str | None, chat_id: str, now: datetime) -> str | None:
        """The message's live response_url, else the chat's newest; used up."""
        held = self._live(message_id, now) if message_id is not None else None
        if held is None or held.address is None:
            in_chat = [h for h in self._held.values() if h.stream.chat_id == chat_id and h.address and h.until > now]
            held = in_chat[-1] if in_chat else None
        if held is None:
            return None
        address, held.address = held.address, None
        return address

    async def purge(self, now: datetime) -> int:
        """Forget what expired by ``now``."""
        gone = [key for key, held in self._held.items() if held.until <= now]
        for key in gone:
            del self._held[key]
        return len(gone)

    def _live(self, message_id: str, now: datetime) -> _Held | None:
        held = self._held.get(message_id)
        return held if held is not None and held.until > now else None
