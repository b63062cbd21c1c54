"""The bot's stores stamp their bookkeeping columns with the bot's one clock, not the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from groupbot.bootstrap import open_bot
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform, SettableClock

ROOT = Path(__file__).resolve().parents[2]
FAR = datetime(2031, 5, 6, 7, 8, tzinfo=UTC)


async def test_faq_load_and_chat_rows_are_stamped_by_the_injected_clock(db_url: str) -> None:
    settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", ops={"users": ["fake:olga"]})
    bot = await open_bot(settings, clock=SettableClock(FAR))
    try:
        platform = FakeChatPlatform()
        bot.outbound.register(platform)
        await platform.start(bot.router)
        await platform.say("/mode all", user="olga", chat="group-7")
        async with bot.engine.connect() as conn:
            loaded = (await conn.execute(text("select distinct updated_at from faq_entries"))).scalars().all()
            stamps = (await conn.execute(text("select created_at, updated_at from chats"))).all()
    finally:
        await bot.close()
    assert [_utc(at) for at in loaded] == [FAR]
    assert {(_utc(created), _utc(updated)) for created, updated in stamps} == {(FAR, FAR)}


def _utc(value: datetime | str) -> datetime:
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
