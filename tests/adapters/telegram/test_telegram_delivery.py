"""Sending when Telegram pushes back: 429, 5xx, slow answers, refusals, migrated groups."""

from __future__ import annotations

import pytest

from groupbot.adapters.telegram import TelegramGateway
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import ChatRef, Choice, Reply
from tests.adapters.support import VirtualTime
from tests.adapters.telegram.fake_bot_api import FakeBotApi, Fault
from tests.adapters.telegram.harness import FakeSleep, telegram_settings
from tests.adapters.telegram.tg_updates import GROUP_ID

GROUP = ChatRef("telegram", str(GROUP_ID))


@pytest.fixture(params=["aiohttp", "httpx"])
async def gateway(request: pytest.FixtureRequest, api: FakeBotApi, fake_sleep: FakeSleep, running) -> TelegramGateway:
    # Every push-back case on both HTTP transports: ours (the default) and PTB's own.
    settings = telegram_settings(api, max_retries=3, retry_backoff=0.5, http_client=request.param)
    gateway = TelegramGateway(settings, sleep=fake_sleep)
    await running(gateway, sink=_Nobody())
    return gateway


class _Nobody:
    gateway = None

    async def __call__(self, _message: object) -> None:
        raise AssertionError("no message expected")


async def test_429_is_waited_out_and_the_reply_is_not_lost(api, gateway, fake_sleep) -> None:
    api.fail_next("sendMessage", Fault(429, retry_after=7), times=2)

    receipt = await gateway.send(Reply(GROUP, "answer"))

    assert len(receipt.message_ids) == 1
    assert fake_sleep.delays == [7, 7]
    assert [p["text"] for p in api.sent()] == ["answer"] * 3, "two refused attempts, then the delivered one"


async def test_server_errors_are_retried_with_growing_backoff(api, gateway, fake_sleep) -> None:
    api.fail_next("sendMessage", Fault(502), times=2)

    receipt = await gateway.send(Reply(GROUP, "answer"))

    assert receipt.message_ids
    assert fake_sleep.delays == [0.5, 1.0]


async def test_reply_that_finally_fails_raises_delivery_error_and_shows_in_health(api, gateway) -> None:
    api.fail_next("sendMessage", Fault(500, description="Internal Server Error"), times=4)
    reply = Reply(GROUP, "answer")

    with pytest.raises(DeliveryError) as failed:
        await gateway.send(reply)

    assert failed.value.reply is reply and not failed.value.permanent
    assert "gave up after 4 attempts" in failed.value.reason
    health = gateway.health()
    assert health["failed"] == 1 and "not delivered" in health["last_failure"]


async def test_bot_removed_from_group_is_a_permanent_failure_without_retries(api, gateway, fake_sleep) -> None:
    api.fail_next("sendMessage", Fault(403, description="Forbidden: bot was kicked from the supergroup chat"))

    with pytest.raises(DeliveryError) as failed:
        await gateway.send(Reply(GROUP, "answer"))

    assert failed.value.permanent and "kicked" in failed.value.reason
    assert fake_sleep.delays == [] and len(api.sent()) == 1


async def test_half_sent_long_reply_reports_what_arrived(api, gateway) -> None:
    text = "\n\n".join(["a" * 3000, "b" * 3000])
    api.fail_next("sendMessage", Fault(200))  # the first piece goes through
    api.fail_next("sendMessage", Fault(400, description="Bad Request: chat not found"))

    with pytest.raises(DeliveryError) as failed:
        await gateway.send(Reply(GROUP, text))

    assert len(failed.value.sent.message_ids) == 1 and failed.value.permanent


async def test_slow_answer_past_the_timeout_is_retried(api, fake_sleep, running) -> None:
    gateway = TelegramGateway(telegram_settings(api, request_timeout=0.2), sleep=fake_sleep)
    await running(gateway, _Nobody())
    api.fail_next("sendMessage", Fault(200, delay=0.4))

    receipt = await gateway.send(Reply(GROUP, "answer"))

    assert receipt.message_ids
    # At-least-once: the slow attempt may also have been delivered (see docs/telegram.md).
    assert len(api.sent()) == 2 and fake_sleep.delays == [0.5]


async def test_group_upgraded_to_supergroup_is_followed(api, gateway) -> None:
    old = ChatRef("telegram", "-4242")
    api.fail_next("sendMessage", Fault(400, description="Bad Request: group chat was upgraded to a supergroup chat",
                                       migrate_to_chat_id=GROUP_ID))

    await gateway.send(Reply(old, "first"))
    await gateway.send(Reply(old, "second"))

    assert [(p["chat_id"], p["text"]) for p in api.sent()] == [
        ("-4242", "first"), (str(GROUP_ID), "first"), (str(GROUP_ID), "second")
    ]


async def test_html_refused_by_telegram_falls_back_to_plain_text(api, gateway) -> None:
    api.fail_next("sendMessage", Fault(400, description="Bad Request: can't parse entities: unexpected end tag"))

    await gateway.send(Reply(GROUP, "a < b & c"))

    first, second = api.sent()
    assert first["text"] == "a &lt; b &amp; c" and first["parse_mode"] == "HTML"
    assert second["text"] == "a < b & c" and "parse_mode" not in second


async def test_choice_values_too_long_for_buttons_become_text(api, gateway) -> None:
    choices = (Choice("1. How to pay", "1"), Choice("2. Refunds", "x" * 65))

    await gateway.send(Reply(GROUP, "Did you mean:", choices=choices))

    [sent] = api.sent()
    assert "reply_markup" not in sent
    assert sent["text"] == "Did you mean:\n1. How to pay\n2. Refunds"


async def test_empty_reply_sends_nothing(api, gateway) -> None:
    receipt = await gateway.send(Reply(GROUP, "  "))

    assert receipt.message_ids == () and api.sent() == []


async def test_pacing_spaces_replies_to_one_chat(api, running) -> None:
    clock = VirtualTime()
    settings = telegram_settings(api, limits={"enabled": True})
    gateway = TelegramGateway(settings, sleep=clock.sleep, monotonic=clock.monotonic)
    await running(gateway, _Nobody())

    for n in range(3):
        await gateway.send(Reply(GROUP, f"part {n}"))

    assert [p["text"] for p in api.sent()] == ["part 0", "part 1", "part 2"]
    assert clock.slept == [1.0, 1.0]


async def test_an_image_follows_the_text_as_a_photo(api, gateway, fake_sleep) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
    api.fail_next("sendPhoto", Fault(502))

    receipt = await gateway.send(Reply(GROUP, "weekly digest", image=png))

    assert len(receipt.message_ids) == 2
    assert [p["text"] for p in api.sent()] == ["weekly digest"]
    assert api.photos == [png] and fake_sleep.delays == [0.5], "one retried 502, then the photo"


async def test_a_refused_photo_is_a_permanent_delivery_error(api, gateway) -> None:
    api.fail_next("sendPhoto", Fault(400, description="Bad Request: IMAGE_PROCESS_FAILED"))
    with pytest.raises(DeliveryError, match="refused the picture") as info:
        await gateway.send(Reply(GROUP, "digest", image=b"not a png"))
    assert info.value.permanent and len(info.value.sent.message_ids) == 1


async def test_a_reply_whose_answer_cannot_be_read_counts_as_failed(api, gateway) -> None:
    api.date_scale = 1000  # a Bot API server that sends dates in milliseconds: PTB cannot build the Message

    with pytest.raises(DeliveryError) as failed:
        await gateway.send(Reply(GROUP, "answer"))

    assert failed.value.permanent, "it may have been posted: retrying could say it twice"
    health = gateway.health()
    assert (health["sent"], health["failed"]) == (0, 1)
    assert "could not be read" in health["last_failure"]
