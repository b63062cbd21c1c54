"""GET /metrics, JSON log lines and the console-mode web server, through the real bot."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from groupbot.bootstrap import open_bot
from groupbot.observability import PrometheusTelemetry, metrics_route
from groupbot.settings import Settings
from tests.adapters.support import Served
from tests.fakes import FakeChatPlatform, SettableClock

ROOT = Path(__file__).resolve().parents[2]
FAILURE = "仓库扫码枪在最新版本更新后一扫就卡死"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text page, by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_what_the_bot_did(db_url) -> None:
    telemetry = PrometheusTelemetry()  # its own registry: nothing another test did shows here
    bot = await open_bot(Settings(database_url=db_url, faq_dir=ROOT / "faq", ops={"chat": "fake:ops"}),
                         telemetry=telemetry)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        await platform.say("how do I reset my password?")
        await platform.say(FAILURE, user="ann")
        await platform.say(FAILURE, user="bob", chat="group-2")
        await platform.say("nice weather today", mention=False)
        platform.unreachable.add("group-3")
        await platform.say("how do I reset my password?", chat="group-3")
        message = platform.message("how do I reset my password?", chat="group-4")
        await platform.deliver(message)
        await platform.deliver(message)
        async with Served() as serve:
            base = await serve([metrics_route(telemetry, _outbox_depth(bot))])
            async with aiohttp.ClientSession() as session, session.get(base + "/metrics") as response:
                assert response.status == 200 and response.content_type == "text/plain"
                page = samples(await response.text())
    finally:
        await bot.close()

    assert page[("groupbot_inbound_messages_total", (("outcome", "answer"), ("platform", "fake")))] == 3
    assert page[("groupbot_inbound_messages_total", (("outcome", "ticket"), ("platform", "fake")))] == 1
    assert page[("groupbot_inbound_messages_total", (("outcome", "ticket_merged"), ("platform", "fake")))] == 1
    assert page[("groupbot_inbound_messages_total", (("outcome", "duplicate"), ("platform", "fake")))] == 1
    assert page[("groupbot_decisions_total", (("decision", "answer"),))] == 3
    assert page[("groupbot_decisions_total", (("decision", "abstain"),))] == 2
    assert page[("groupbot_decisions_total", (("decision", "chit-chat"),))] == 1
    assert page[("groupbot_tickets_total", (("event", "opened"),))] == 1
    assert page[("groupbot_tickets_total", (("event", "merged"),))] == 1
    assert page[("groupbot_replies_total", (("platform", "fake"), ("result", "failed")))] == 1
    assert page[("groupbot_replies_total", (("platform", "fake"), ("result", "sent")))] >= 4
    assert page[("groupbot_matching_seconds_count", ())] == 5
    assert page[("groupbot_handling_seconds_count", (("platform", "fake"),))] == 7
    assert page[("groupbot_outbox_depth", (("status", "delivered"),))] >= 2, "ops notices went out"


async def test_outbox_retries_and_dead_letters_are_counted_by_destination(db_url) -> None:
    telemetry = PrometheusTelemetry()
    settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", ops={"chat": "fake:ops"},
                        escalation={"outbox": {"max_attempts": 2}})
    clock = SettableClock()
    bot = await open_bot(settings, telemetry=telemetry, clock=clock)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    platform.unreachable.add("ops")
    try:
        await platform.say(FAILURE)
        for _ in range(3):
            clock.advance(hours=2)  # past any backoff
            await bot.outbox.sender.run_once()
    finally:
        await bot.close()
    page = samples(telemetry.render().decode())
    destination = (("destination", "chat:fake:ops"),)
    assert page[("groupbot_outbox_retries_total", destination)] >= 1
    assert page[("groupbot_outbox_dead_letters_total", destination)] == 1


def _outbox_depth(bot):
    async def depth() -> dict[str, int]:
        async with bot.uow_factory() as uow:
            return {status.value: count for status, count in (await uow.outbox.counts()).items()}

    return depth


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_console_mode_serves_healthz_and_metrics_and_logs_json(tmp_path) -> None:
    port = _free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ.update(
        PYTHONPATH=str(ROOT / "src"),
        GROUPBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_WEB__PORT=str(port),
        GROUPBOT_LOG__FORMAT="json",
        GROUPBOT_LOG_LEVEL="INFO",
        GROUPBOT_OPS__CHAT="console:ops-room",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "groupbot", "run", cwd=tmp_path, env=environ,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    try:
        process.stdin.write(f"{FAILURE}\n".encode())
        await process.stdin.drain()
        page = await _scrape_when_handled(f"http://127.0.0.1:{port}")
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200
    finally:
        process.stdin.close()
        async with asyncio.timeout(60):
            _out, err = await process.communicate()
    assert process.returncode == 0
    assert page[("groupbot_tickets_total", (("event", "opened"),))] == 1

    text = err.decode()
    assert all(line.startswith("{") for line in text.splitlines() if line.strip()), text
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    handled = [line for line in lines if line["message"].endswith("-> ticket")]
    assert handled and handled[0]["chat"] == "console:demo-group" and handled[0]["message_id"]
    assert handled[0]["ticket"] == "1"


async def _scrape_when_handled(base: str) -> dict:
    async with asyncio.timeout(60), aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(base + "/metrics") as response:
                    page = samples(await response.text())
                if page.get(("groupbot_handling_seconds_count", (("platform", "console"),)), 0) >= 1:
                    return page
            except aiohttp.ClientConnectionError:
                pass  # not listening yet
            await asyncio.sleep(0.1)
