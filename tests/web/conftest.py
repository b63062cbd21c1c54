"""A whole bot with its web console on a test server, a fake chat platform, and a settable clock."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
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


@pytest.fixture
async def desk(db_url: str, tmp_path: Path) -> AsyncIterator[Desk]:
    faq = tmp_path / "faq"
    faq.mkdir()
    for source in (ROOT / "faq" / "en").glob("*.yaml"):
        (faq / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    clock = SettableClock()
    settings = Settings(
        database_url=db_url, faq_dir=faq, learned_faq_dir=tmp_path / "learned",
        ops={"users": ["fake:olga"], "admins": ["fake:ada"]},
        web={"secret": "test-signing-key"},
    )
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
