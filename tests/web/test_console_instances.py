"""Two bots on one database, each serving the console, behave as one: a round-robin proxy may send
the link's click, and each later page, to either."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from aiohttp import FormData

from tests.fakes import SettableClock
from tests.web.conftest import Desk, console_settings, desk_on


@pytest.fixture
async def pair(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[Desk, Desk]]:
    settings = console_settings(db_url, tmp_path)
    clock = SettableClock()
    async with AsyncExitStack() as stack:
        yield await stack.enter_async_context(desk_on(settings, clock)), await stack.enter_async_context(
            desk_on(settings, clock)
        )


def _session_cookie(response) -> dict[str, str]:
    return {"Cookie": f"groupbot_session={response.cookies['groupbot_session'].value}"}


async def test_a_link_from_one_instance_signs_in_on_the_other_once_and_the_session_holds_on_both(pair) -> None:
    a, b = pair
    link = await a.link_for()
    signed = await b.client.get(link, allow_redirects=False)
    assert signed.status == 303
    cookie = _session_cookie(signed)

    again = await a.client.get(link, allow_redirects=False)
    assert again.status == 403 and "used" in await again.text()

    for desk in (a, b):
        page = await desk.client.get("/", headers=cookie)
        assert page.status == 200, "signed in on every instance"
    page = await (await a.client.get("/", headers=cookie)).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    signed_out = await a.client.post("/signout", data={"csrf": csrf}, headers=cookie, allow_redirects=False)
    assert signed_out.status == 303
    assert (await b.client.get("/", headers=cookie)).status == 401, "signed out on every instance"


async def test_an_idle_session_lapses_on_every_instance(pair) -> None:
    a, b = pair
    cookie = _session_cookie(await a.client.get(await a.link_for(), allow_redirects=False))
    a.clock.advance(hours=11)
    assert (await b.client.get("/", headers=cookie)).status == 200, "a visit through B keeps it alive"
    a.clock.advance(hours=11)
    assert (await a.client.get("/", headers=cookie)).status == 200
    a.clock.advance(hours=12, seconds=1)
    assert (await b.client.get("/", headers=cookie)).status == 401


async def test_an_import_previewed_on_one_instance_is_applied_on_the_other_and_its_notice_shown_on_either(
    pair,
) -> None:
    a, b = pair
    cookie = _session_cookie(await a.client.get(await a.link_for(), allow_redirects=False))
    page = await (await a.client.get("/knowledge/import", headers=cookie)).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = FormData()
    form.add_field("csrf", csrf)
    line = {"id": "moon-aim", "question": "How do I aim the moon laser?", "aliases": ["aim it"], "answer": "Scope.",
            "category": "howto"}
    form.add_field("file", (json.dumps(line) + "\n").encode(), filename="faq.jsonl")
    preview = await (await a.client.post("/knowledge/import", data=form, headers=cookie)).text()
    found = re.search(r'action="/knowledge/import/([^"]+)"', preview)
    assert found, preview[-3000:]
    plan = found.group(1)

    applied = await b.client.post(f"/knowledge/import/{plan}", data={"csrf": csrf}, headers=cookie,
                                  allow_redirects=False)
    assert applied.status == 303
    assert b.bot.catalog.entry("moon-aim").aliases == ("aim it",)
    notice = await (await a.client.get(applied.headers["Location"], headers=cookie)).text()
    assert "1 added" in notice
    assert "1 added" not in await (await b.client.get("/knowledge", headers=cookie)).text(), "shown once"
