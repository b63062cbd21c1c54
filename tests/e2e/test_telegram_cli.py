"""``groupbot run`` and ``groupbot telegram ...`` as an operator runs them, against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from groupbot.adapters.telegram import SECRET_HEADER
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.tg_updates import asking, update

ROOT = Path(__file__).resolve().parents[2]
SECRET = "cli-secret_42"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def environment(tmp_path: Path, api: FakeBotApi, **extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ.update(
        PYTHONPATH=str(ROOT / "src"),
        GROUPBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_TELEGRAM__TOKEN=api.token,
        GROUPBOT_TELEGRAM__BASE_URL=api.base_url,
        GROUPBOT_TELEGRAM__POLL_TIMEOUT="2",
        # Any free port: 8080 may be taken by another bot on this machine (tests pass web__port to pin one).
        GROUPBOT_WEB__PORT="0",
    )
    environ.update({f"GROUPBOT_{key.upper()}": value for key, value in extra.items()})
    return environ


async def groupbot(tmp_path: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "groupbot", *args, cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    async with asyncio.timeout(60):
        out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_set_and_delete_webhook_commands(tmp_path: Path, api: FakeBotApi) -> None:
    env = environment(tmp_path, api, telegram__mode="webhook", telegram__secret_token=SECRET,
                      telegram__webhook_url="https://bot.example.com/telegram/webhook")

    code, out, _err = await finished(await groupbot(tmp_path, env, "telegram", "set-webhook"))
    assert code == 0 and "https://bot.example.com/telegram/webhook" in out
    assert api.sent("setWebhook")[0]["secret_token"] == SECRET
    assert SECRET not in out

    code, out, _err = await finished(await groupbot(tmp_path, env, "telegram", "delete-webhook", "--drop-pending"))
    assert code == 0 and api.webhook_url == ""
    assert api.sent("deleteWebhook")[0]["drop_pending_updates"] == "true"


async def test_run_in_polling_mode_answers_and_stops_on_sigterm(tmp_path: Path, api: FakeBotApi) -> None:
    env = environment(tmp_path, api, console__enabled="false", log_level="DEBUG", web__port=str(free_port()))
    process = await groupbot(tmp_path, env, "run")
    api.push_update(update(message=asking("@groupbot_test_bot how do I reset my password?", message_id=7)))

    [sent] = await api.wait_for("sendMessage", patience=60)
    process.send_signal(signal.SIGTERM)
    code, _out, err = await finished(process)

    assert "Forgot password?" in sent["text"]
    assert code == 0, err
    assert api.token not in err, "the token never reaches the logs"


async def test_run_in_webhook_mode_serves_the_webhook(tmp_path: Path, api: FakeBotApi) -> None:
    port = free_port()
    env = environment(tmp_path, api, telegram__mode="webhook", telegram__secret_token=SECRET,
                      web__port=str(port), console__enabled="false")
    process = await groupbot(tmp_path, env, "run")
    body = update(update_id=1, message=asking("@groupbot_test_bot how do I reset my password?", message_id=8))
    url = f"http://127.0.0.1:{port}/telegram/webhook"

    async with aiohttp.ClientSession() as client:
        forged = await _post_when_up(client, url, body, "not-the-secret")
        accepted = await client.post(url, json=body, headers={SECRET_HEADER: SECRET})
    process.send_signal(signal.SIGTERM)
    code, _out, err = await finished(process)

    assert forged == 403 and accepted.status == 200, err
    [sent] = api.sent()
    assert "Forgot password?" in sent["text"] and code == 0, err
    assert SECRET not in err


async def test_polling_refused_while_a_webhook_is_set(tmp_path: Path, api: FakeBotApi) -> None:
    api.webhook_url = "https://elsewhere.example.com/hook"

    code, _out, err = await finished(await groupbot(tmp_path, environment(tmp_path, api), "run"))

    assert code == 1 and "delete-webhook" in err


async def _post_when_up(client: aiohttp.ClientSession, url: str, body: dict, secret: str) -> int:
    """POST once the server listens (the process needs a moment to start); returns the status."""
    async with asyncio.timeout(60):
        while True:
            try:
                async with client.post(url, json=body, headers={SECRET_HEADER: secret}) as response:
                    return response.status
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
