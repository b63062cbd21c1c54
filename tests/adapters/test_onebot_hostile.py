"""QQ under hostile input: a bad event is logged and dropped; the connection and the next event survive."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import aiohttp
import pytest
from pydantic import SecretStr

from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.onebot.gateway import OneBotGateway
from tests.adapters.onebot_api import FakeOneBotServer
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.adapters.support import AnsweringSink, VirtualTime

QUESTION = "where is the manual"
ASK = [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}]
SECRET = "post-secret"
# each of these made `events._time` raise, which closed the whole reverse WebSocket (1006)
IMPOSSIBLE_TIMES = [1e20, float("nan"), 9223372036854775808, 67768036191676800, -62135596801, float("inf")]


async def _gateway(vtime: VirtualTime, **changes: object) -> tuple[OneBotGateway, AnsweringSink]:
    options: dict[str, object] = {"enabled": True, "access_token": SecretStr(TOKEN), "action_timeout": 2.0}
    gateway = OneBotGateway(OneBotSettings(**{**options, **changes}), monotonic=vtime.monotonic, sleep=vtime.sleep)
    sink = AnsweringSink({QUESTION: "https://example.invalid/manual"})
    sink.gateway = gateway
    await gateway.start(sink)
    return gateway, sink


@pytest.mark.parametrize("when", IMPOSSIBLE_TIMES, ids=str)
async def test_reverse_ws_survives_an_impossible_time(serve, vtime, when) -> None:
    gateway, sink = await _gateway(vtime)
    base = await serve(gateway.web_routes())
    peer = FakeOneBot(base.replace("http", "ws") + "/onebot/v11/ws")
    await peer.connect()
    try:
        await peer.push({**group_message(ASK, message_id=1), "time": when})
        await peer.push(group_message(ASK, message_id=2))
        received = await sink.wait_messages(1)
        await gateway.settled()
        assert "2" in [m.message_id for m in received]
        assert gateway.health()["accounts"][SELF_ID]["connected"]
    finally:
        await peer.close()
        await gateway.stop()


async def test_reverse_ws_survives_deeply_nested_json(serve, vtime, caplog) -> None:
    gateway, sink = await _gateway(vtime)
    base = await serve(gateway.web_routes())
    peer = FakeOneBot(base.replace("http", "ws") + "/onebot/v11/ws")
    await peer.connect()
    try:
        assert peer._ws is not None
        await peer._ws.send_str("[" * 100_000 + "]" * 100_000)
        event = json.dumps({**group_message(ASK, message_id=3), "message": "@"})
        await peer._ws.send_str(event.replace('"@"', "[" * 5000 + "]" * 5000))
        await peer.push(group_message(ASK, message_id=4))
        received = await sink.wait_messages(1)
        await gateway.settled()
        assert [m.message_id for m in received] == ["4"]
        assert gateway.health()["accounts"][SELF_ID]["connected"]
    finally:
        await peer.close()
        await gateway.stop()


@pytest.mark.parametrize("when", IMPOSSIBLE_TIMES, ids=str)
async def test_http_post_answers_an_impossible_time_without_a_500(serve, vtime, when, caplog) -> None:
    fake = FakeOneBotServer()
    api_url = await serve(fake.routes())
    gateway, sink = await _gateway(
        vtime, mode="http_post", secret=SecretStr(SECRET), api_url=api_url
    )
    url = (await serve(gateway.web_routes())) + "/onebot/v11/post"
    try:
        async with aiohttp.ClientSession() as session:
            for event in ({**group_message(ASK, message_id=5), "time": when}, group_message(ASK, message_id=6)):
                body = json.dumps(event).encode()
                async with session.post(url, data=body, headers=_signed(body)) as response:
                    assert response.status in (204, 400)
        await gateway.settled()
        assert "6" in [m.message_id for m in sink.received]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    finally:
        await gateway.stop()


def _signed(body: bytes) -> dict[str, str]:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    return {"X-Signature": f"sha1={digest}", "X-Self-ID": SELF_ID, "Content-Type": "application/json"}
