"""From pushed OneBot events to the message sink.

Each message is handled in its own task: the sink's answer goes out over the
same connection the event came in on, so handling it inline would block the
read loop that delivers the action's response.
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
    """Parses events, drops redeliveries, decides reply-to-bot, and calls the sink."""

    def __init__(self, accounts: Accounts, askers: Askers | None = None) -> None:
        self._accounts = accounts
        self._askers = askers or Askers()
        self._seen = RecentIds()
        self._tasks: set[asyncio.Task[None]] = set()
        self._sink: MessageSink | None = None
        self._early: list[MessageEvent] = []

    def start(self, sink: MessageSink) -> None:
        """Pass messages to ``sink`` from now on, starting with any that came before."""
        self._sink = sink
        early, self._early = self._early, []
        for event in early:
            self._spawn(event, sink)

    def push(self, frame: object) -> None:
        """Take one event frame; bad ones are logged and dropped."""
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
            self._accept(event)

    def _accept(self, event: MessageEvent) -> None:
        # implementations may push a message again after a reconnect
        if not self._seen.add(f"{event.self_id}:{event.chat_id}:{event.message_id}"):
            log.info("onebot: dropped redelivered message %s", event.message_id)
            return
        self._askers.note(event.chat_id, event.message_id, event.user_id)
        if self._sink is None:  # the web server may open before the gateway starts
            self._early.append(event)
            return
        self._spawn(event, self._sink)

    def _spawn(self, event: MessageEvent, sink: MessageSink) -> None:
        task = asyncio.create_task(self._deliver(event, sink))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, event: MessageEvent, sink: MessageSink) -> None:
        self._accounts.note_chat(event.chat_id, event.self_id)
        try:
            message = to_incoming(event, reply_to_bot=await self._replies_to_bot(event))
            await sink(message)
        except Exception:  # one bad message must not stop the others
            log.exception("onebot: handling message %s failed", event.message_id)

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
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def drain(self, grace: float) -> None:
        """Let messages in hand finish for up to ``grace`` seconds, then cancel the rest (shutdown)."""
        try:
            async with asyncio.timeout(grace):
                await self.settled()
        except TimeoutError:
            log.warning("onebot: %d messages still in hand at shutdown; cancelled", len(self._tasks))
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

def _id_param(value: str) -> int | str:
    return int(value) if value.lstrip("-").isascii() and value.lstrip("-").isdecimal() else value
