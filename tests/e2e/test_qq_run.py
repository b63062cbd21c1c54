"""``groupbot run`` with QQ on, as deployed: a fake NapCat connects to the real process."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _healthz(base: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        for _attempt in range(300):
            try:
                async with session.get(f"{base}/healthz") as response:
                    return response.status, await response.json()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError("groupbot never served /healthz")


async def test_groupbot_run_serves_qq_over_reverse_websocket(tmp_path) -> None:
    port = _free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ |= {
        "PYTHONPATH": str(ROOT / "src"),
        "GROUPBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "GROUPBOT_FAQ_DIR": str(ROOT / "faq"),
        "GROUPBOT_WEB__PORT": str(port),
        "GROUPBOT_ONEBOT__ENABLED": "true",
        "GROUPBOT_ONEBOT__ACCESS_TOKEN": TOKEN,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "groupbot",
        "run",
        cwd=tmp_path,
        env=environ,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    peer = FakeOneBot(f"ws://127.0.0.1:{port}/onebot/v11/ws")
    try:
        status, health = await _healthz(base)
        assert (status, health["components"]["qq"]["ok"]) == (503, False)  # no QQ account yet

        await peer.connect()
        ask = [
            {"type": "at", "data": {"qq": SELF_ID}},
            {"type": "text", "data": {"text": "how do I reset my password?"}},
        ]
        await peer.push(group_message(ask, message_id=9001))
        [call] = await peer.wait_calls("send_group_msg", patience=30)
        assert call["params"]["message"][0] == {"type": "reply", "data": {"id": "9001"}}
        status, health = await _healthz(base)
        assert status == 200 and health["components"]["qq"]["accounts"][SELF_ID]["connected"] is True
    finally:
        await peer.close()
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()
