"""``groupbot run`` when a service it needs is not there: one line saying what to check, the right exit code.

Exit 2 means the configuration is wrong (a Bot API URL that answers something
else); exit 1 means a service is unreachable. Nothing may be left open: no
traceback and no "Unclosed client session" after the line.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from aiohttp import web

from tests.adapters.support import Served

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def run(tmp_path: Path, **settings: str) -> tuple[int, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ.update(
        PYTHONPATH=str(ROOT / "src"),
        GROUPBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_WEB__PORT=str(free_port()),
    )
    environ.update({f"GROUPBOT_{key.upper()}": value for key, value in settings.items()})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "groupbot", "run", cwd=tmp_path, env=environ,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(90):
        _out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


def the_error(stderr: str) -> str:
    """The one ``error:`` line; nothing after it, no traceback, nothing left open."""
    assert "Traceback" not in stderr, stderr
    assert "Unclosed" not in stderr, stderr
    assert "alembic" not in stderr, "Alembic's INFO lines are quiet unless log_level is DEBUG"
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert stderr.rstrip().splitlines()[-1] == errors[0], "the error is the last thing said"
    return errors[0]


async def test_an_unreachable_bot_api_is_one_line_and_exit_1(tmp_path) -> None:
    code, err = await run(tmp_path, telegram__token=TOKEN, telegram__base_url=f"http://127.0.0.1:{free_port()}/bot")
    line = the_error(err)
    assert code == 1
    assert "Telegram Bot API" in line and "telegram.base_url" in line
    assert TOKEN not in err


async def test_a_get_me_that_cannot_be_read_is_one_line_and_exit_2(tmp_path) -> None:
    async def nonsense(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": {"first_name": "no id, no username"}})

    async with Served() as serve:
        base = await serve([web.post("/bot{token}/{method}", nonsense)])
        code, err = await run(tmp_path, telegram__token=TOKEN, telegram__base_url=f"{base}/bot")
    line = the_error(err)
    assert code == 2
    assert "getMe" in line and "telegram.base_url" in line


async def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path) -> None:
    url = f"postgresql+asyncpg://groupbot:pw-secret@127.0.0.1:{free_port()}/groupbot"
    code, err = await run(tmp_path, database_url=url)
    line = the_error(err)
    assert code == 1
    assert "database" in line and "database_url" in line and "127.0.0.1" in line
    assert "pw-secret" not in err
