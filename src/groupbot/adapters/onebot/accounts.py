"""The bot accounts connected to groupbot, keyed by self id (the bot's QQ number).

Several accounts may be connected at once; each chat is answered from the
account it was seen on. An account's connection comes and goes; a send waits a
while for it to come back instead of failing at once.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from groupbot.adapters.onebot.actions import ActionCaller
from groupbot.adapters.onebot.events import MetaEvent

__all__ = ["Account", "Accounts", "RecentIds"]


class RecentIds:
    """A bounded set of recently seen ids (oldest forgotten first)."""

    def __init__(self, size: int = 2048) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def add(self, item: str) -> bool:
        """Remember ``item``; False if it was already there."""
        if item in self._ids:
            self._ids.move_to_end(item)
            return False
        self._ids[item] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

    def discard(self, item: str) -> None:
        """Forget ``item``, so that it counts as new when it comes again."""
        self._ids.pop(item, None)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


@dataclass(eq=False)
class Account:
    """One bot account: its action channel (while connected) and what it reported."""

    self_id: str
    caller: ActionCaller | None = None
    last_heartbeat: float | None = None
    online: bool | None = None
    sent: RecentIds = field(default_factory=RecentIds)
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_caller(self, patience: float) -> ActionCaller | None:
        """The action channel, waiting up to ``patience`` seconds for a reconnect."""
        if self.caller is None and patience > 0:
            try:
                async with asyncio.timeout(patience):
                    await self.ready.wait()
            except TimeoutError:
                return None
        return self.caller


class Accounts:
    """Every account seen, which chat belongs to which, and their health."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._accounts: dict[str, Account] = {}
        self._chats: dict[str, str] = {}
        self._monotonic = monotonic

    def get(self, self_id: str) -> Account:
        """The account ``self_id``, created on first sight."""
        return self._accounts.setdefault(self_id, Account(self_id))

    def attach(self, self_id: str, caller: ActionCaller) -> None:
        """``self_id`` can now run actions through ``caller``."""
        account = self.get(self_id)
        account.caller = caller
        account.ready.set()

    def detach(self, self_id: str, caller: ActionCaller) -> None:
        """``caller``'s connection closed (a newer connection is left alone)."""
        account = self.get(self_id)
        if account.caller is caller:
            account.caller = None
            account.ready.clear()

    def note_meta(self, event: MetaEvent) -> None:
        """Remember a heartbeat or lifecycle event."""
        account = self.get(event.self_id)
        account.last_heartbeat = self._monotonic()
        if event.online is not None:
            account.online = event.online
        elif event.kind == "lifecycle":
            account.online = event.sub_type != "disable"

    def note_chat(self, chat_id: str, self_id: str) -> None:
        """``chat_id`` was seen on account ``self_id``; answer it from there."""
        self._chats[chat_id] = self_id

    def for_chat(self, chat_id: str) -> Account | None:
        """The account that serves ``chat_id``: where it was seen, else any connected one."""
        if chat_id in self._chats:
            return self.get(self._chats[chat_id])
        connected = [a for a in self._accounts.values() if a.caller is not None]
        candidates = connected or list(self._accounts.values())
        return candidates[0] if candidates else None

    def health(self) -> dict[str, Any]:
        """Connection state per account; ``ok`` while at least one account is connected."""
        now = self._monotonic()
        accounts = {
            a.self_id: {
                "connected": a.caller is not None,
                "online": a.online,
                "heartbeat_age_s": None if a.last_heartbeat is None else round(now - a.last_heartbeat, 1),
            }
            for a in self._accounts.values()
        }
        return {"ok": any(a["connected"] for a in accounts.values()), "accounts": accounts}
