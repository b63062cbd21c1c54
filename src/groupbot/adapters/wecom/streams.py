"""Where a WeCom reply can go: the open passive-reply stream, or the message's response_url.

A callback is answered in its HTTP response with a *stream*; when the answer
is not ready in time the stream is left unfinished and WeCom polls for it with
stream-refresh callbacks. After the stream is finished, a later reply (say, a
ticket's resolution) uses the message's ``response_url``: usable once, for one
hour.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["STREAM_LIFETIME", "ResponseUrls", "Stream", "Streams"]

RESPONSE_URL_LIFETIME = 3600.0
STREAM_LIFETIME = 600.0
"""Seconds a stream is kept after its message arrived: WeCom stops polling a stream and retrying
its callback well within this, so after it the stream only costs memory."""


@dataclass(eq=False)
class Stream:
    """The passive reply to one message, filled by ``send`` while the message is handled."""

    msgid: str
    chat_id: str
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    texts: list[str] = field(default_factory=list)
    done: bool = False
    opened_at: float = 0.0
    finished: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def content(self) -> str:
        """Everything said so far."""
        return "\n\n".join(self.texts)

    def finish(self) -> None:
        """Nothing more will be said in this stream; the waiting callback may answer now."""
        self.done = True
        self.finished.set()

    def payload(self) -> dict[str, object]:
        """The stream reply WeCom expects (before encryption)."""
        return {"msgtype": "stream", "stream": {"id": self.id, "finish": self.done, "content": self.content}}


class Streams:
    """Streams still open to new text, by message id and by stream id."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, lifetime: float = STREAM_LIFETIME) -> None:
        self._by_msgid: dict[str, Stream] = {}  # in order of opening, so the oldest come first
        self._by_id: dict[str, Stream] = {}
        self._monotonic = monotonic
        self._lifetime = lifetime

    def __len__(self) -> int:
        """Streams held (open, or kept to answer WeCom's retries)."""
        return len(self._by_msgid)

    def open(self, msgid: str, chat_id: str) -> Stream:
        """A new stream for message ``msgid`` (or the one a WeCom retry refers to)."""
        self._forget_old()
        if msgid in self._by_msgid:
            return self._by_msgid[msgid]
        stream = Stream(msgid, chat_id, opened_at=self._monotonic())
        self._by_msgid[msgid] = self._by_id[stream.id] = stream
        return stream

    def _forget_old(self) -> None:
        cutoff = self._monotonic() - self._lifetime
        while self._by_msgid:
            oldest = next(iter(self._by_msgid.values()))
            if oldest.opened_at > cutoff:
                return
            del self._by_msgid[oldest.msgid]
            self._by_id.pop(oldest.id, None)

    def seen(self, msgid: str) -> bool:
        """True when ``msgid`` already has a stream (a WeCom retry)."""
        self._forget_old()
        return msgid in self._by_msgid

    def for_message(self, msgid: str) -> Stream | None:
        """The stream of message ``msgid``, if it is still held."""
        return self._by_msgid.get(msgid)

    def by_id(self, stream_id: str) -> Stream | None:
        """The stream a refresh callback asks about."""
        return self._by_id.get(stream_id)

    def writable(self, msgid: str | None, chat_id: str) -> Stream | None:
        """The unfinished stream for ``msgid``, else the newest unfinished one in ``chat_id``."""
        if msgid is not None and msgid in self._by_msgid and not self._by_msgid[msgid].done:
            return self._by_msgid[msgid]
        open_here = [s for s in self._by_msgid.values() if s.chat_id == chat_id and not s.done]
        return open_here[-1] if open_here else None

    def close(self, stream: Stream) -> None:
        """Forget ``stream`` once WeCom has its final content (the msgid stays known)."""
        self._by_id.pop(stream.id, None)


@dataclass
class _Url:
    url: str
    chat_id: str
    expires: float


class ResponseUrls:
    """Each message's one-shot response_url, until used or an hour old."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._urls: dict[str, _Url] = {}
        self._monotonic = monotonic

    def remember(self, msgid: str, chat_id: str, url: str) -> None:
        """Keep ``url`` for replies to ``msgid`` (or, failing that, to its chat)."""
        self._urls[msgid] = _Url(url, chat_id, self._monotonic() + RESPONSE_URL_LIFETIME)

    def take(self, msgid: str | None, chat_id: str) -> str | None:
        """A live URL for ``msgid``, else the newest live one in ``chat_id``; it is used up."""
        now = self._monotonic()
        for key in [k for k, v in self._urls.items() if v.expires <= now]:
            del self._urls[key]
        if msgid is not None and msgid in self._urls:
            return self._urls.pop(msgid).url
        in_chat = [k for k, v in self._urls.items() if v.chat_id == chat_id]
        return self._urls.pop(in_chat[-1]).url if in_chat else None
