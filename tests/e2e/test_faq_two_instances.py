"""An FAQ entry taught through one ``groupbot run`` process is answered by another on the same PostgreSQL.

Two real processes, each with its own learned FAQ folder, behind fake NapCats as a
round-robin proxy would spread one group's messages: ``/faq add`` reaches instance
a; b notices the new FAQ revision within its check interval (its /metrics say which
revision it answers from), answers the question, writes the entry to its own files,
and still answers it after a restart.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text

from groupbot.db import create_engine
from groupbot.faqfiles import load_faq_dir
from tests.adapters.onebot_peer import FakeOneBot, group_message
from tests.e2e.test_qq_run import _free_port
from tests.e2e.test_two_instances import _ask, _said, instance, shared_setup

pytestmark = pytest.mark.postgres

OPS = 4242
QUESTION = "Why does the CSV export stop at 10000 rows?"
ANSWER = "Use the API for exports over 10000 rows."
SETTINGS = {
    "GROUPBOT_OPS__USERS": f"qq:{OPS}",
    "GROUPBOT_FAQ_CHECK_SECONDS": "0.5",
    "GROUPBOT_MATCHING__MODEL__ENABLED": "false",  # words are enough for a question asked as taught
}
_REVISION = re.compile(r"^groupbot_faq_revision (\S+)$", re.MULTILINE)


async def _served_revision(port: int) -> int:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
        found = _REVISION.search(await response.text())
    return int(float(found.group(1))) if found else -1


async def _until_served(port: int, revision: int) -> float:
    """Seconds until the instance on ``port`` answers from ``revision`` (a real process: poll, with a deadline)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while await _served_revision(port) != revision:
        assert loop.time() - started < 30, f"revision {revision} never served on port {port}"
        await asyncio.sleep(0.05)
    return loop.time() - started


async def _stored(database_url: str) -> tuple[int, set[str]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            number = (await conn.execute(text("SELECT number FROM faq_revision"))).scalar_one()
            ids = set((await conn.execute(text("SELECT id FROM faq_entries"))).scalars())
    finally:
        await engine.dispose()
    return number, ids


async def _reply(bot: FakeOneBot, words: str, message_id: int, *, seen: int, group_id: int = 555) -> str:
    await bot.push(_ask(words, message_id) | {"group_id": group_id})
    return _said((await bot.wait_calls("send_group_msg", seen + 1, patience=30))[-1])


async def test_an_entry_added_through_one_instance_is_answered_by_the_other_and_survives_its_restart(
    tmp_path: Path,
) -> None:
    database_url, faq = await shared_setup(tmp_path)
    a_port, b_port = _free_port(), _free_port()
    async with instance(tmp_path / "a", database_url, faq, SETTINGS, a_port) as a:
        async with instance(tmp_path / "b", database_url, faq, SETTINGS, b_port) as b:
            start, _ids = await _stored(database_url)
            assert await _served_revision(b_port) == start

            await a.push(group_message(f"/faq add {QUESTION} | {ANSWER}", message_id=1, user_id=OPS))
            [added] = await a.wait_calls("send_group_msg", patience=30)
            assert "Added FAQ entry chat-" in _said(added)
            taught, ids = await _stored(database_url)
            assert taught == start + 1 and any(i.startswith("chat-") for i in ids)
            assert await _served_revision(a_port) == taught

            waited = await _until_served(b_port, taught)
            print(f"instance b served revision {taught} {waited:.2f} s after a stored it")
            assert ANSWER in await _reply(b, QUESTION, 2, seen=0)
            learned = load_faq_dir(faq, tmp_path / "b" / "data" / "faq")
            assert any(entry.answer == ANSWER for entry in learned)  # in b's own files too

        async with instance(tmp_path / "b", database_url, faq, SETTINGS, b_port) as b:  # b restarts
            # another group: in the first, the question's cool-down (shared by every instance) holds
            assert ANSWER in await _reply(b, QUESTION, 3, seen=0, group_id=556)
            assert await _stored(database_url) == (taught, ids)  # b's start stored nothing: no edit undone
            assert await _served_revision(b_port) == taught
