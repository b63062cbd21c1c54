"""From pushed OneBot events to the message sink, through a bounded queue.

A fixed number of workers take messages from a queue, so a stalled database
holds at most ``workers`` messages (and connections) in hand instead of one
task per event.

Where events and action responses arrive on different channels (an Event
connection, HTTP POST), a full queue makes :meth:`Inbound.push` wait, which
stops that channel taking more: the implementation feels the back-pressure
instead of the bot's memory. A Universal connection (reverse or forward
WebSocket) also carries the responses to the workers' own actions, so its read
loop must never wait: there the queue grows past ``queue_size`` (with a warning)
rather than hold back the responses the workers are waiting for. Give a busy
account separate API and Event connections to get back-pressure there too.

A message pushed again (as implementations do after a reconnect) is dropped
here unless the sink said it could not handle it the first time: then the
redelivery is handled again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from groupbot.adapters.onebot.accounts import Accounts, RecentIds
from groupbot.adapters.onebot.actions import ActionError
from groupbot.adapters.onebot.askers import Askers
from groupbot.adapters.onebot.events import (
    IgnoredEvent,
    MalformedEvent,
    MessageEvent,
    MetaEvent,
    parse_event,
    replied_id,
    to_incoming,
)
from groupbot.core.ports import MessageSink

__all__ = ["Inbound"]

log = logging.getLogger(__name__)


class Inbound:
    """Parses events, queues messages, and has ``workers`` tasks hand them to the sink."""

    def __init__(
        self, accounts: Accounts, askers: Askers | None = None, workers: int = 16, queue_size: int = 1000
    ) -> None:
        self._accounts = accounts
        self._askers = askers or Askers()
        self._queue: asyncio.Queue[MessageEvent] = asyncio.Queue()  # the limit binds waiting pushes only
        self._limit = queue_size
        self._room = asyncio.Condition()
        self._over = False
        self._worker_count = workers
        self._workers: list[asyncio.Task[None]] = []
        self._seen = RecentIds()

    def start(self, sink: MessageSink) -> None:
        """Start the workers; messages queued before this (the web server opens first) go first."""
        self._workers = [asyncio.create_task(self._work(sink)) for _ in range(self._worker_count)]

    async def push(self, frame: object, *, wait: bool = True) -> None:
        """Take one event frame; bad ones are logged and dropped.

        With ``wait`` (the caller's channel carries no action responses) a full
        queue makes this wait for room; without, the queue grows past its size.
        """
        if not isinstance(frame, Mapping):
            log.warning("onebot: dropped a frame that is not a JSON object")
            return
        try:
            event = parse_event(frame)
        except MalformedEvent as exc:
            log.warning("onebot: dropped a malformed event: %s", exc)
            return
        except Exception as exc:  # a parser bug or an input we never imagined: lose the event, not the connection
            log.warning("onebot: dropped an event that could not be read: %s: %s", type(exc).__name__, exc)
            return
        if isinstance(event, MetaEvent):
            self._accounts.note_meta(event)
        elif isinstance(event, IgnoredEvent):
            log.debug("onebot: ignored event: %s", event.reason)
        else:
            await self._accept(event, wait)

    async def _accept(self, event: MessageEvent, wait: bool) -> None:
        if not self._seen.add(_key(event)):
            log.info("onebot: dropped redelivered message %s", event.message_id)
            return
        self._askers.note(event.chat_id, event.message_id, event.user_id)
        self._accounts.note_chat(event.chat_id, event.self_id)
        if wait and self._queue.qsize() >= self._limit:
            async with self._room:
                await self._room.wait_for(lambda: self._queue.qsize() < self._limit)
        elif self._queue.qsize() >= self._limit and not self._over:
            log.warning("onebot: %d messages queued on a Universal connection; it cannot be paused", self._limit)
        self._over = self._queue.qsize() >= self._limit
        self._queue.put_nowait(event)

    @property
    def queued(self) -> int:
        """Messages waiting for a worker."""
        return self._queue.qsize()

    async def _work(self, sink: MessageSink) -> None:
        while True:
            event = await self._queue.get()
            if self._queue.qsize() < self._limit:
                async with self._room:
                    self._room.notify()
            try:
                if not await self._deliver(event, sink):
                    self._seen.discard(_key(event))  # not handled: a redelivery gets another chance
            finally:
                self._queue.task_done()

    async def _deliver(self, event: MessageEvent, sink: MessageSink) -> bool:
        try:
            message = to_incoming(event, reply_to_bot=await self._replies_to_bot(event))
            return await sink(message) is not False
        except Exception:  # one bad message must not stop the others
            log.exception("onebot: handling message %s failed", event.message_id)
            return False

    async def _replies_to_bot(self, event: MessageEvent) -> bool:
        quoted = replied_id(event.segments)
        if quoted is None:
            return False
        account = self._accounts.get(event.self_id)
        if quoted in account.sent:
            return True
        if account.caller is None:
            return False
        try:
            data: Any = await account.caller.call("get_msg", {"message_id": _id_param(quoted)})
        except ActionError as exc:
            log.info("onebot: get_msg %s failed, treating as not a reply to the bot: %s", quoted, exc)
            return False
        sender = data.get("sender") if isinstance(data, Mapping) else None
        return isinstance(sender, Mapping) and str(sender.get("user_id")) == event.self_id

    async def settled(self) -> None:
        """Wait until every message taken so far has been handled."""
        await self._queue.join()

    async def drain(self, grace: float) -> None:
        """Let queued messages finish for up to ``grace`` seconds, then stop the workers (shutdown)."""
        try:
            async with asyncio.timeout(grace):
                await self.settled()
        except TimeoutError:
            log.warning("onebot: shutting down with %d messages still queued; they stay unhandled",
                        self._queue.qsize())
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []


def _key(event: MessageEvent) -> str:
    return f"{event.self_id}:{event.chat_id}:{event.message_id}"


def _id_param(value: str) -> int | str:
    return int(value) if value.lstrip("-").isascii() and value.lstrip("-").isdecimal() else value
