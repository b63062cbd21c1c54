"""Telegram webhook under hostile input: every bad request is a 4xx or a logged drop, never a 500."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from groupbot.adapters.telegram import SECRET_HEADER, TelegramGateway
from groupbot.web import build_app
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.harness import RecordingSink, echo, telegram_settings
from tests.adapters.telegram.tg_updates import asking, update

SECRET = "s3cret_token-XYZ"
PATH = "/telegram/webhook"
Served = tuple[ClientSession, RecordingSink, TelegramGateway]


@pytest.fixture
async def served(api: FakeBotApi, fake_sleep, running) -> AsyncIterator[Served]:
    settings = telegram_settings(api, mode="webhook", secret_token=SECRET, webhook_path=PATH,
                                 webhook_url="https://bot.example.com/telegram/webhook")
    sink = RecordingSink(echo)
    gateway = TelegramGateway(settings, sleep=fake_sleep)
    await running(gateway, sink)
    server = TestServer(build_app(gateway.web_routes(), {"telegram": gateway.health}), host="127.0.0.1")
    await server.start_server()
    async with ClientSession(base_url=str(server.make_url("/"))) as client:
        yield client, sink, gateway
    await server.close()


async def _post_raw_header(client: ClientSession, body: bytes, secret: bytes) -> int:
    """POST over a bare socket, so the secret header carries exactly these bytes (no client re-encodes them)."""
    url = client._base_url
    assert url is not None and url.host is not None and url.port is not None
    reader, writer = await asyncio.open_connection(url.host, url.port)
    head = (f"POST {PATH} HTTP/1.1\r\nHost: {url.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n").encode()
    writer.write(head + SECRET_HEADER.encode() + b": " + secret + b"\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


async def test_a_secret_header_of_undecodable_bytes_is_403(served) -> None:
    client, sink, gateway = served

    status = await _post_raw_header(client, b'{"update_id": 1}', b"\xff\xfe")

    assert status == 403
    assert sink.received == [] and gateway.health()["webhook_rejected"] == 1


async def test_deeply_nested_json_after_the_secret_is_400(served) -> None:
    client, sink, _gateway = served
    body = b'{"update_id": 5, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    async with client.post(PATH, data=body, headers={SECRET_HEADER: SECRET}) as response:
        assert response.status == 400
    assert sink.received == []


@pytest.mark.parametrize("date", [1e20, 10**20, -(10**19), 67768036191676800, "soon"])
async def test_an_impossible_date_is_400_and_the_next_update_still_works(served, date) -> None:
    client, sink, _gateway = served
    broken = update(update_id=6, message={**asking("@groupbot_test_bot refund?", message_id=3), "date": date})

    async with client.post(PATH, json=broken, headers={SECRET_HEADER: SECRET}) as response:
        assert response.status in (200, 400)
    good = update(update_id=7, message=asking("@groupbot_test_bot refund?", message_id=4))
    async with client.post(PATH, json=good, headers={SECRET_HEADER: SECRET}) as response:
        assert response.status == 200
    assert [m.message_id for m in sink.received] == ["4"]


async def test_a_message_without_chat_is_dropped_with_one_line_no_traceback(served, caplog) -> None:
    client, sink, gateway = served
    message = asking("@groupbot_test_bot refund?", message_id=8)
    del message["chat"]

    with caplog.at_level(logging.INFO):
        async with client.post(PATH, json=update(update_id=8, message=message),
                               headers={SECRET_HEADER: SECRET}) as response:
            assert response.status in (200, 400)

    assert sink.received == []
    assert gateway.health()["handler_errors"] == 0
    assert not [r for r in caplog.records if r.exc_info], "a bad update is a log line, not a traceback"
    assert any("update 8" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "broken",
    [{"text": True}, {"caption": True, "text": None}, {"entities": [{"type": "mention", "offset": 0, "length": None}]},
     {"entities": [{"type": "mention", "offset": "0", "length": 3}]}, {"from": {"id": "x", "is_bot": False,
                                                                              "first_name": "A"}}],
    ids=["text-bool", "caption-bool", "entity-length-none", "entity-offset-str", "sender-id-str"],
)
async def test_fields_of_the_wrong_type_are_400_not_a_traceback(served, caplog, broken) -> None:
    """Found by bench/fuzz_parsers.py: PTB checks no types, and the mapping raised on each of these."""
    client, sink, gateway = served
    message = {**asking("@groupbot_test_bot refund?", message_id=9), **broken}

    async with client.post(PATH, json=update(update_id=9, message=message), headers={SECRET_HEADER: SECRET}) as answer:
        assert answer.status == 400
    assert sink.received == [] and gateway.health()["handler_errors"] == 0
    assert not [r for r in caplog.records if r.exc_info]
