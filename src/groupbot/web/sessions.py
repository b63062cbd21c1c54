"""Signed-in browsers: a random session id in an HttpOnly cookie, the rest in memory.

A restart signs everyone out, which is the safe direction: a new ``/web`` link
is one chat message away.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from groupbot.core.messages import Role

__all__ = ["COOKIE", "Session", "Sessions"]

COOKIE = "groupbot_session"
IDLE_LIMIT = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Session:
    """Who is signed in, with which role, and the CSRF token every form of theirs carries."""

    user: str
    role: Role
    csrf: str
    last_seen: datetime

    @property
    def platform(self) -> str:
        """The chat platform the user signed in from."""
        return self.user.partition(":")[0]

    @property
    def user_id(self) -> str:
        """The user's id on that platform."""
        return self.user.partition(":")[2]


class Sessions:
    """Session ids to sessions; idle ones lapse after :data:`IDLE_LIMIT`."""

    def __init__(self, idle_limit: timedelta = IDLE_LIMIT) -> None:
        self._idle_limit = idle_limit
        self._by_id: dict[str, Session] = {}

    def open(self, user: str, role: Role, now: datetime) -> str:
        """Start a session; returns its id for the cookie."""
        self._forget_idle(now)
        session_id = secrets.token_urlsafe(32)
        self._by_id[session_id] = Session(user, role, secrets.token_urlsafe(24), now)
        return session_id

    def get(self, session_id: str | None, now: datetime) -> Session | None:
        """The live session with ``session_id``, touched; None if unknown or idle too long."""
        session = self._by_id.get(session_id or "")
        if session is None:
            return None
        if now - session.last_seen > self._idle_limit:
            del self._by_id[session_id or ""]
            return None
        touched = replace(session, last_seen=now)
        self._by_id[session_id or ""] = touched
        return touched

    def close(self, session_id: str | None) -> None:
        """Sign out."""
        self._by_id.pop(session_id or "", None)

    def _forget_idle(self, now: datetime) -> None:
        for key in [key for key, s in self._by_id.items() if now - s.last_seen > self._idle_limit]:
            del self._by_id[key]
