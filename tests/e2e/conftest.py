"""Starting a whole bot on a test database, wired to a fake chat platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from groupbot.bootstrap import Bot, open_bot
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform

ROOT = Path(__file__).resolve().parents[2]


@asynccontextmanager
async def running_bot(db_url: str, **settings: object) -> AsyncIterator[tuple[Bot, FakeChatPlatform]]:
    """A bot on ``db_url`` with the bundled FAQ (unless ``faq_dir`` says otherwise), talking to a fake platform."""
    bot = await open_bot(Settings(database_url=db_url, **{"faq_dir": ROOT / "faq", **settings}))
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        yield bot, platform
    finally:
        await bot.close()
