"""Webhook mode: the secret token on every request, bad bodies, redelivery, set/delete."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from groupbot.adapters.telegram import SECRET_HEADER, TelegramGateway, delete_webhook, set_webhook
from groupbot.settings import ConfigError, load_settings
from groupbot.web import build_app
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.harness import RecordingSink, echo, telegram_settings
from tests.adapters.telegram.tg_updates import asking, message, update

Served = tuple[ClientSession, RecordingSink, TelegramGateway]
SECRET = "s3cret_token-XYZ"
PATH = "/telegram/webhook"


def webhook_settings(api: FakeBotApi, **overrides):
    return telegram_settings(api, mode="webhook", secret_token=SECRET, webhook_path=PATH,
                             webhook_url="https://bot.example.com/telegram/webhook", **overrides)


@pytest.fixture
async def served(api: FakeBotApi, fake_sleep, running) -> AsyncIterator[Served]:
    sink = RecordingSink(echo)
    gateway = TelegramGateway(webhook_settings(api), sleep=fake_sleep)
    await running(gateway, sink)
    server = TestServer(build_app(gateway.web_routes(), {"telegram": gateway.health}), host="127.0.0.1")
    await server.start_server()
    async with ClientSession(base_url=str(server.make_url("/"))) as client:
        yield client, sink, gateway
    await server.close()


async def test_update_with_the_right_secret_is_handled_before_200(api, served) -> None:
    client, sink, _gateway = served
    body = update(update_id=1, message=asking("@groupbot_test_bot where is my order?", message_id=5))

    response = await client.post(PATH, json=body, headers={SECRET_HEADER: SECRET})

    assert response.status == 200
    assert [m.text for m in sink.received] == ["where is my order?"]
    assert api.sent()[0]["reply_parameters"]["message_id"] == 5
    assert api.sent("getUpdates") == [], "no polling in webhook mode"


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}])
async def test_missing_or_wrong_secret_is_403_and_nothing_is_processed(api, served, headers) -> None:
    client, sink, gateway = served

    response = await client.post(PATH, json=update(update_id=2, message=message("hi")), headers=headers)

    assert response.status == 403
    assert sink.received == [] and api.sent() == []
    assert gateway.health()["webhook_rejected"] == 1


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"message": {}}', b"\xff\xfe"])
async def test_malformed_bodies_are_400(served, body) -> None:
    client, sink, _gateway = served

    response = await client.post(PATH, data=body, headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})

    assert response.status == 400 and sink.received == []


async def test_update_with_broken_fields_is_400_not_500(served) -> None:
    client, sink, _gateway = served
    broken = {"update_id": 9, "message": {"message_id": 1, "chat": {"id": 1}}}

    response = await client.post(PATH, json=broken, headers={SECRET_HEADER: SECRET})

    assert response.status == 400 and sink.received == []


async def test_redelivered_update_gives_one_reply(api, served) -> None:
    client, sink, _gateway = served
    body = update(update_id=3, message=asking("@groupbot_test_bot refund?", message_id=6))

    for _ in range(2):
        response = await client.post(PATH, json=body, headers={SECRET_HEADER: SECRET})
        assert response.status == 200

    assert len(sink.received) == 1 and len(api.sent()) == 1


async def test_health_reports_the_gateway(served) -> None:
    client, _sink, _gateway = served

    report = await (await client.get("/healthz")).json()

    telegram = report["components"]["telegram"]
    assert report["ok"] and telegram["mode"] == "webhook" and telegram["privacy_mode"] is True


async def test_set_and_delete_webhook(api) -> None:
    settings = webhook_settings(api, drop_pending_updates=True)

    url = await set_webhook(settings)
    [call] = api.sent("setWebhook")
    await delete_webhook(settings)

    assert url == "https://bot.example.com/telegram/webhook"
    assert call["secret_token"] == SECRET and call["drop_pending_updates"] == "true"
    assert call["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert api.sent("deleteWebhook") and api.webhook_url == ""


def test_webhook_mode_without_a_usable_secret_is_a_config_error() -> None:
    for secret in (None, "", "has space", "x" * 257):
        with pytest.raises(ConfigError, match="secret_token"):
            load_settings(telegram={"token": "1:a", "mode": "webhook", "secret_token": secret})


async def test_update_arriving_during_shutdown_is_503_so_telegram_retries(api, served) -> None:
    client, sink, gateway = served
    await gateway.stop()

    late = update(update_id=4, message=message("late"))
    response = await client.post(PATH, json=late, headers={SECRET_HEADER: SECRET})

    assert response.status == 503 and sink.received == []
