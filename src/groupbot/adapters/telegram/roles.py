"""Who is an owner or administrator of a group, from getChatMember, cached.

A message does not say whether its sender administers the group; asking
Telegram on every message would double our API traffic, so answers are kept
for ``ttl`` seconds. A failed lookup counts as a plain member (the safe side)
and is not cached, so the next message asks again.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from groupbot.core.messages import Role

__all__ = ["MemberRoles"]

_log = logging.getLogger(__name__)

_ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})


class MemberRoles:
    """Role of a user in a chat: ``ADMIN`` for owners and administrators, else ``CUSTOMER``."""

    def __init__(
        self, bot: Bot, ttl: float, *, monotonic: Callable[[], float] = time.monotonic, capacity: int = 10_000
    ) -> None:
        self._bot = bot
        self._ttl = ttl
        self._monotonic = monotonic
        self._capacity = capacity
        self._known: OrderedDict[tuple[int, int], tuple[float, Role]] = OrderedDict()

    async def role(self, chat_id: int, user_id: int) -> Role:
        """The user's role in the chat, from the cache or from Telegram."""
        key = (chat_id, user_id)
        cached = self._known.get(key)
        now = self._monotonic()
        if cached and cached[0] > now:
            return cached[1]
        try:
            member = await self._bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            _log.warning("getChatMember failed for chat %s user %s: %s; treating as member", chat_id, user_id, exc)
            return Role.CUSTOMER
        role = Role.ADMIN if member.status in _ADMIN_STATUSES else Role.CUSTOMER
        self._remember(key, now + self._ttl, role)
        return role

    def forget_chat(self, chat_id: int) -> None:
        """Drop what we know about ``chat_id`` (it migrated or we left it)."""
        for key in [key for key in self._known if key[0] == chat_id]:
            del self._known[key]

    def _remember(self, key: tuple[int, int], until: float, role: Role) -> None:
        self._known[key] = (until, role)
        self._known.move_to_end(key)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)
