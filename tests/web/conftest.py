"""A whole bot with its web console on a test server, a fake chat platform, and a settable clock."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from groupbot.bootstrap import Bot, open_bot, web_console
from groupbot.settings import Settings
from groupbot.web import build_app
from groupbot.web.console import install
from tests.fakes import FakeChatPlatform, SettableClock

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"https?://\S+/signin\?token=\S+")


@dataclass
class Desk:
    """The pieces a console test drives."""

    bot: Bot
    platform: FakeChatPlatform
    clock: SettableClock
    client: TestClient

    async def link_for(self, user: str = "olga", chat: str = "group-1") -> str:
        """Send /web as ``user`` in a group; the link from the direct message, as a path."""
        replies = await self.platform.say("/web", user=user, chat=chat)
        links = [LINK.search(reply.text) for reply in replies]
        found = [match.group(0) for match in links if match]
        assert found, [reply.text for reply in replies]
        return found[0].split("/", 3)[3].join(["/", ""])

    async def sign_in(self, user: str = "olga") -> str:
        """Sign in through a /web link; returns the CSRF token of the session."""
        response = await self.client.get(await self.link_for(user), allow_redirects=False)
        assert response.status == 303, await response.text()
        page = await (await self.client.get("/")).text()
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def console_settings(db_url: str, tmp_path: Path) -> Settings:
    """A bot with ops olga and admin ada on the fake platform, its FAQ a copy of the English one."""
    faq = tmp_path / "faq"
    faq.mkdir(exist_ok=True)
    for source in (ROOT / "faq" / "en").glob("*.yaml"):
        (faq / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return Settings(
        database_url=db_url, faq_dir=faq, learned_faq_dir=tmp_path / "learned",
        ops={"users": ["fake:olga"], "admins": ["fake:ada"]},
        web={"secret": "test-signing-key"},
    )


@asynccontextmanager
async def desk_on(settings: Settings, clock: SettableClock) -> AsyncIterator[Desk]:
    """A bot on ``settings`` with its console served on a test server."""
    bot = await open_bot(settings, clock=clock)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    app = build_app([], {}, [partial(install, console=web_console(bot))])
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield Desk(bot, platform, clock, client)
    finally:
        await client.close()
        await bot.close()


@pytest.fixture
async def desk(db_url: str, tmp_path: Path) -> AsyncIterator[Desk]:
    async with desk_on(console_settings(db_url, tmp_path), SettableClock()) as built:
        yield built
