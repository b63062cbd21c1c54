"""A whole bot on a real database (SQLite and PostgreSQL), driven through a fake chat platform.

``olga`` is ops and ``ada`` an admin (by configured id); everyone else is a
customer. Announcements go to the ``ops-room`` chat. The FAQ is a copy of the
bundled one, because /learn and /faq add write to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from groupbot.bootstrap import Bot, open_bot
from groupbot.core.messages import Reply
from groupbot.core.tickets import Ticket
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform, SettableClock

ROOT = Path(__file__).resolve().parents[3]
OPS_ROOM = "ops-room"


class Desk:
    """The bot, its chat platform and its clock, with short ways to talk and look."""

    def __init__(self, bot: Bot, platform: FakeChatPlatform, clock: SettableClock, learned_dir: Path) -> None:
        self.bot = bot
        self.platform = platform
        self.clock = clock
        self.learned_dir = learned_dir

    async def say(self, text: str, user: str = "alice", chat: str = "groupA", **options: object) -> list[Reply]:
        """``user`` says ``text`` in ``chat`` (mentioning the bot unless told otherwise)."""
        return await self.platform.say(text, user=user, chat=chat, **options)

    async def ops(self, text: str, user: str = "olga") -> Reply:
        """An ops command in the ops room; returns the reply to the command itself."""
        replies = await self.say(text, user=user, chat=OPS_ROOM)
        own = [r for r in replies if r.chat.chat_id == OPS_ROOM]
        assert len(own) == 1, replies
        return own[0]

    async def count(self, sql: str) -> int:
        """One number from the database."""
        async with self.bot.engine.connect() as conn:
            return (await conn.execute(text(sql))).scalar_one()

    async def ticket(self, number: int) -> Ticket:
        """Ticket ``number`` as stored."""
        async with self.bot.uow_factory() as uow:
            found = await uow.tickets.get(number)
        assert found is not None
        return found

    async def event_kinds(self, number: int) -> list[str]:
        """The kinds of ticket ``number``'s events, oldest first."""
        async with self.bot.uow_factory() as uow:
            return [event.kind for event in await uow.tickets.events(number)]


@pytest.fixture
async def desk(db_url: str, tmp_path: Path, scenario_start: datetime) -> AsyncIterator[Desk]:
    learned_dir = tmp_path / "learned"
    settings = Settings(
        database_url=db_url,
        faq_dir=ROOT / "faq",  # read only: what the desk learns goes to learned_dir
        learned_faq_dir=learned_dir,
        ops={"users": ["fake:olga"], "admins": ["fake:ada"], "chat": f"fake:{OPS_ROOM}"},
    )
    clock = SettableClock(scenario_start)
    bot = await open_bot(settings, clock=clock)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    yield Desk(bot, platform, clock, learned_dir)
    await bot.close()
