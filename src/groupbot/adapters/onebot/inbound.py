"""From pushed OneBot events to the message sink, through a bounded queue.

A fixed number of workers take messages from a bounded queue, so a stalled
database holds at most ``workers`` messages (and connections) in hand instead
of one task per event; when the queue is full, :meth:`Inbound.push` waits,
which stops the read loop (or the HTTP POST handler) taking more: the
implementation feels the back-pressure instead of the bot's memory.

Workers, not the read loop, call the sink: its answer goes out over the same
connection the event came in on, whose read loop must keep delivering the
action's response. (On a Universal connection a full queue also holds back
those responses until a worker's action times out and frees it: the outbox
retries that send. Give busy accounts separate API and Event connections.)

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

    def __init__(self, accounts: Accounts, workers: int = 8, queue_size: int = 1000) -> None:
        self._accounts = accounts
        self._queue: asyncio.Queue[MessageEvent] = asyncio.Queue(queue_size)
        self._worker_count = workers
        self._workers: list[asyncio.Task[None]] = []
        self._seen = RecentIds()

    def start(self, sink: MessageSink) -> None:
        """Start the workers; messages queued before this (the web server opens first) go first."""
        self._workers = [asyncio.create_task(self._work(sink)) for _ in range(self._worker_count)]

    async def push(self, frame: object) -> None:
        """Take one event frame, waiting while the queue is full; bad ones are logged and dropped."""
        if not isinstance(frame, Mapping):
            log.warning("onebot: dropped a frame that is not a JSON object")
            return
        try:
            event = parse_event(frame)
        except MalformedEvent as exc:
            log.warning("onebot: dropped a malformed event: %s", exc)
            return
        if isinstance(event, MetaEvent):
            self._accounts.note_meta(event)
        elif isinstance(event, IgnoredEvent):
            log.debug("onebot: ignored event: %s", event.reason)
        else:
            await self._accept(event)

    async def _accept(self, event: MessageEvent) -> None:
        if not self._seen.add(_key(event)):
            log.info("onebot: dropped redelivered message %s", event.message_id)
            return
        self._accounts.note_chat(event.chat_id, event.self_id)
        await self._queue.put(event)

    @property
    def queued(self) -> int:
        """Messages waiting for a worker."""
        return self._queue.qsize()

    async def _work(self, sink: MessageSink) -> None:
        while True:
            event = await self._queue.get()
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
