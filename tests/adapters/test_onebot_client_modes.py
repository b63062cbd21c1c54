"""QQ over HTTP POST + HTTP API, over forward WebSocket, and with split or several connections."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

import aiohttp
import pytest
from pydantic import SecretStr

from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.onebot.gateway import OneBotGateway
from groupbot.core.messages import ChatRef, Reply
from tests.adapters.onebot_api import FakeOneBotServer
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.adapters.support import AnsweringSink, VirtualTime

SECRET = "post-secret"
QUESTION = "where is the manual"
ANSWER = "https://example.invalid/manual"
ASK = [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}]


def _signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {"X-Signature": f"sha1={digest}", "X-Self-ID": SELF_ID, "Content-Type": "application/json"}


async def _started(settings: OneBotSettings, vtime: VirtualTime) -> tuple[OneBotGateway, AnsweringSink]:
    gateway = OneBotGateway(settings, monotonic=vtime.monotonic, sleep=vtime.sleep)
    sink = AnsweringSink({QUESTION: ANSWER})
    sink.gateway = gateway
    await gateway.start(sink)
    return gateway, sink


async def test_http_post_events_are_verified_and_answered_through_the_http_api(serve, vtime, caplog) -> None:
    fake = FakeOneBotServer()
    api_url = await serve(fake.routes())
    settings = OneBotSettings(
        enabled=True, mode="http_post", access_token=SecretStr(TOKEN), secret=SecretStr(SECRET), api_url=api_url
    )
    gateway, sink = await _started(settings, vtime)
    url = (await serve(gateway.web_routes())) + "/onebot/v11/post"
    body = json.dumps(group_message(ASK, message_id=11)).encode()

    async with aiohttp.ClientSession() as session:
        forged = {**_signed(body, "guess"), "X-Signature": _signed(body, "guess")["X-Signature"]}
        async with session.post(url, data=body, headers=forged) as response:
            assert response.status == 403
        async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as response:
            assert response.status == 401
        async with session.post(url, data=b"{oops", headers=_signed(b"{oops")) as response:
            assert response.status == 400
        assert sink.received == []
        async with session.post(url, data=body, headers=_signed(body)) as response:
            assert response.status == 204

    await sink.wait_receipts(1)
    [call] = fake.calls("send_group_msg")
    assert call["params"]["message"][-1] == {"type": "text", "data": {"text": ANSWER}}
    await gateway.send(Reply(ChatRef("qq", "group:9"), "announcement to a group never seen"))
    assert fake.calls("send_group_msg")[-1]["params"]["group_id"] == 9
    assert "forged signature" in caplog.text and SECRET not in caplog.text
    await gateway.stop()


async def test_forward_ws_connects_answers_and_reconnects_with_backoff(serve, vtime) -> None:
    fake = FakeOneBotServer()
    ws_url = (await serve(fake.routes())).replace("http", "ws") + "/"
    settings = OneBotSettings(
        enabled=True, mode="forward_ws", access_token=SecretStr(TOKEN), ws_url=ws_url, backoff_min=0.5, backoff_max=4
    )
    gateway, sink = await _started(settings, vtime)
    async with asyncio.timeout(5):
        await fake.connected.wait()
        await gateway.accounts.get(SELF_ID).ready.wait()
    await fake.push(group_message(ASK, message_id=21))
    await sink.wait_receipts(1)

    await fake.drop()
    async with asyncio.timeout(5):
        await fake.connected.wait()  # the old connection was detached before this one opened
        await gateway.accounts.get(SELF_ID).ready.wait()
    await fake.push(group_message(ASK, message_id=22))
    await sink.wait_receipts(2)

    assert [c["params"]["message"][0]["data"]["id"] for c in fake.calls("send_group_msg")] == ["21", "22"]
    assert vtime.slept[:1] == [0.5]
    assert gateway.forward.connections == 2
    await gateway.stop()


async def test_forward_ws_learns_the_account_from_events_when_login_info_fails(serve, vtime) -> None:
    fake = FakeOneBotServer()
    fake.fail_login = True
    ws_url = (await serve(fake.routes())).replace("http", "ws") + "/"
    settings = OneBotSettings(enabled=True, mode="forward_ws", access_token=SecretStr(TOKEN), ws_url=ws_url)
    gateway, sink = await _started(settings, vtime)
    async with asyncio.timeout(5):
        await fake.connected.wait()
    await fake.push(group_message(ASK, message_id=23))
    await sink.wait_receipts(1)
    assert fake.calls("send_group_msg")[0]["params"]["group_id"] == 555
    assert gateway.health()["accounts"][SELF_ID]["connected"] is True
    await gateway.stop()


async def test_split_api_and_event_connections(serve, vtime) -> None:
    settings = OneBotSettings(enabled=True, access_token=SecretStr(TOKEN))
    gateway, _sink = await _started(settings, vtime)
    url = (await serve(gateway.web_routes())).replace("http", "ws") + "/onebot/v11/ws"
    events, api = FakeOneBot(url), FakeOneBot(url)
    await events.connect("Event")
    await api.connect("API")
    await events.push(group_message(ASK, message_id=31))
    [call] = await api.wait_calls("send_group_msg")
    assert call["params"]["group_id"] == 555
    assert events.actions == []
    await gateway.stop()
    await events.close()
    await api.close()


async def test_each_chat_is_answered_from_the_account_it_was_seen_on(serve, vtime) -> None:
    settings = OneBotSettings(enabled=True, access_token=SecretStr(TOKEN))
    gateway, sink = await _started(settings, vtime)
    url = (await serve(gateway.web_routes())).replace("http", "ws") + "/onebot/v11/ws"
    first, second = FakeOneBot(url, self_id="10001"), FakeOneBot(url, self_id="20002")
    await first.connect()
    await second.connect()
    await second.push(group_message(ASK[1:], message_id=41, group_id=777, self_id="20002"))
    await sink.wait_messages(1)

    await gateway.send(Reply(ChatRef("qq", "group:777"), "from the second account"))
    assert second.calls("send_group_msg")[0]["params"]["group_id"] == 777
    assert first.calls("send_group_msg") == []
    assert set(gateway.health()["accounts"]) == {"10001", "20002"}
    await gateway.stop()
    await first.close()
    await second.close()


@pytest.mark.parametrize(("mode", "missing"), [("http_post", "api_url"), ("forward_ws", "ws_url")])
async def test_client_modes_need_their_url(mode, missing) -> None:
    gateway = OneBotGateway(OneBotSettings(enabled=True, mode=mode))
    with pytest.raises(ValueError, match=missing):
        await gateway.start(AnsweringSink({}))
    await gateway.stop()
