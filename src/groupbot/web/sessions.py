"""Signed-in browsers: a random session id in an HttpOnly cookie, the rest in the database.

In the short memory every instance shares, so a browser signed in through one
instance is signed in on all of them, and a restart signs no one out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from groupbot.core.messages import Role
from groupbot.core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["COOKIE", "Session", "Sessions"]

COOKIE = "groupbot_session"
IDLE_LIMIT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Session:
    """Who is signed in, with which role, and the CSRF token every form of theirs carries."""

    user: str
    role: Role
    csrf: str
    last_seen: datetime
    name: str = ""
    """The user's display name in chat, as their sign-in link carried it ("" if it did not)."""

    @property
    def platform(self) -> str:
        """The chat platform the user signed in from."""
        return self.user.partition(":")[0]

    @property
    def user_id(self) -> str:
        """The user's id on that platform."""
        return self.user.partition(":")[2]

    @property
    def handle(self) -> str:
        """How the user is named in assignments, as in chat: the display name, else the id."""
        return self.name or self.user_id


class Sessions:
    """Session ids to sessions, in the shared short memory; idle ones lapse after :data:`IDLE_LIMIT`.

    The database holds a hash of each id, never the cookie itself.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, idle_limit: timedelta = IDLE_LIMIT) -> None:
        self._uow_factory = uow_factory
        self._idle_limit = idle_limit

    async def open(self, uow: UnitOfWork, user: str, role: Role, now: datetime, name: str = "") -> str:
        """Start a session in ``uow`` (committed with the sign-in); returns its id for the cookie."""
        session_id = secrets.token_urlsafe(32)
        await self._keep(uow, session_id, Session(user, role, secrets.token_urlsafe(24), now, name))
        return session_id

    async def get(self, session_id: str | None, now: datetime) -> Session | None:
        """The live session with ``session_id``, touched; None if unknown or idle too long."""
        if not session_id:
            return None
        key = _key(session_id)
        async with self._uow_factory() as uow:
            found = (await uow.memory.recall([key], now)).get(key)
            if found is None:
                return None
            session = Session(found["user"], Role(found["role"]), found["csrf"], datetime.fromisoformat(found["seen"]),
                              found.get("name", ""))
            if now - session.last_seen >= TOUCH_EVERY:  # not a write per page: once a minute is precise enough
                session = replace(session, last_seen=now)
                await self._keep(uow, session_id, session)
                await uow.commit()
        return session

    async def close(self, session_id: str | None) -> None:
        """Sign out."""
        if session_id:
            async with self._uow_factory() as uow:
                await uow.memory.forget(_key(session_id))
                await uow.commit()

    async def _keep(self, uow: UnitOfWork, session_id: str, session: Session) -> None:
        value = {"user": session.user, "role": session.role.value, "csrf": session.csrf,
                 "seen": session.last_seen.isoformat(), "name": session.name}
        await uow.memory.keep(_key(session_id), value, session.last_seen + self._idle_limit)


def _key(session_id: str) -> str:
    return "web:session:" + hashlib.sha256(session_id.encode()).hexdigest()
