"""The WeCom smart robot and group robots, against a fake WeCom over real HTTP."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from groupbot.adapters.splitting import utf8_size
from groupbot.adapters.wecom.config import WeComSettings
from groupbot.adapters.wecom.gateway import WeComGateway
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import ChatKind, ChatRef, Reply
from tests.adapters.support import AnsweringSink, VirtualTime
from tests.adapters.wecom_peer import AES_KEY, SIGNED_AT, TOKEN, FakeWeCom, text_callback
from tests.fakes import SettableClock

QUESTION = "how do i reset my password"
ANSWER = "Open Settings -> Account -> Reset password."


@pytest.fixture
async def wecom(serve, vtime: VirtualTime):
    """A started gateway on a served app, its answering sink, the fake WeCom, and the callback URL."""
    gateways: list[WeComGateway] = []

    async def _make(**changes: object):
        fake = FakeWeCom(vtime.monotonic)
        fake.base = await serve(fake.routes())
        options: dict[str, object] = {
            "token": SecretStr(TOKEN),
            "encoding_aes_key": SecretStr(AES_KEY),
            "robot_name": "RobotA",
            "webhooks": {"ops": SecretStr(fake.webhook_url("OPS-KEY"))},
        }
        settings = WeComSettings(**{**options, **changes})
        clock = SettableClock(datetime.fromtimestamp(int(SIGNED_AT), UTC))  # callbacks are signed "now"
        gateway = WeComGateway(settings, monotonic=vtime.monotonic, sleep=vtime.sleep, clock=clock)
        gateways.append(gateway)
        sink = AnsweringSink({QUESTION: ANSWER})
        sink.gateway = gateway
        await gateway.start(sink)
        url = (await serve(gateway.web_routes(), {"wecom": gateway.health})) + "/wecom/callback"
        return gateway, sink, fake, url

    yield _make
    for gateway in gateways:
        await gateway.stop()


async def test_url_verification_answers_the_decrypted_echostr(wecom, caplog) -> None:
    _gateway, _sink, fake, url = await wecom()
    assert await fake.verify_url(url, "1616140317555161061") == (200, "1616140317555161061")
    status, _ = await fake.verify_url(url, "x", forge=True)
    assert status == 403
    assert "bad msg_signature" in caplog.text


async def test_group_question_is_answered_in_the_passive_stream_reply(wecom) -> None:
    _gateway, sink, fake, url = await wecom()
    status, reply = await fake.callback(url, text_callback("@RobotA How do I reset my password", msgid="m1"))

    assert status == 200
    assert reply["msgtype"] == "stream"
    assert reply["stream"]["finish"] is True
    assert reply["stream"]["content"] == ANSWER
    [message] = sink.received
    assert message.chat == ChatRef("wecom", "group:wrkSFfCgAAxxxx", ChatKind.GROUP)
    assert message.text == "How do I reset my password" and message.mentions_bot
    assert message.sender.user_id == "zhangsan"


async def test_direct_message_and_unknown_robot_names_are_handled(wecom) -> None:
    _gateway, sink, fake, url = await wecom(robot_name="")
    await fake.callback(url, text_callback("how do I reset my password", msgid="d1", chat=None))
    await fake.callback(url, text_callback("@小助手 how do I reset my password", msgid="d2"))
    assert [(m.chat.chat_id, m.is_direct, m.text) for m in sink.received] == [
        ("single:zhangsan", True, "how do I reset my password"),
        ("group:wrkSFfCgAAxxxx", False, "how do I reset my password"),
    ]


async def test_slow_answer_streams_then_finishes_on_refresh(wecom) -> None:
    gateway, sink, fake, url = await wecom(reply_wait=0.05)
    release = asyncio.Event()

    async def slow(message):
        await release.wait()
        await gateway.send(Reply(message.chat, "done thinking", reply_to_message_id=message.message_id))

    gateway._callback.handle = slow
    _, first = await fake.callback(url, text_callback("@RobotA hard question", msgid="m2"))
    assert first["stream"]["finish"] is False and first["stream"]["content"] == ""

    release.set()
    await asyncio.sleep(0.05)
    _, refreshed = await fake.callback(
        url, {"msgtype": "stream", "stream": {"id": first["stream"]["id"]}, "msgid": "r"}
    )
    assert refreshed["stream"] == {"id": first["stream"]["id"], "finish": True, "content": "done thinking"}
    assert sink.received == []


async def test_later_reply_uses_the_response_url_once(wecom) -> None:
    gateway, _sink, fake, url = await wecom()
    callback = text_callback("@RobotA something new", msgid="m3", response_url=fake.response_url("RC1"))
    status, reply = await fake.callback(url, callback)
    assert (status, reply) == (200, None)  # nothing to say yet: an empty passive reply

    chat = ChatRef("wecom", "group:wrkSFfCgAAxxxx")
    await gateway.send(Reply(chat, "Ticket #4 is resolved: restart the router.", reply_to_message_id="m3"))
    [post] = fake.posts
    assert post["query"] == {"response_code": "RC1"}
    assert post["body"] == {
        "msgtype": "markdown",
        "markdown": {"content": "Ticket #4 is resolved: restart the router."},
    }
    with pytest.raises(DeliveryError, match="response_url"):
        await gateway.send(Reply(chat, "again", reply_to_message_id="m3"))


async def test_forged_or_broken_callbacks_are_refused_and_not_processed(wecom, caplog) -> None:
    _gateway, sink, fake, url = await wecom()
    status, _ = await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="f1"), forge=True)
    assert status == 403
    encrypted = fake.crypto.encrypt("{}")
    assert (await fake.post_raw(url, {"nothing": 1}, fake.signed_query(encrypted)))[0] == 400
    garbage = "A" * 44
    assert (await fake.post_raw(url, {"encrypt": garbage}, fake.signed_query(garbage)))[0] == 400
    assert (await fake.post_raw(url, {"encrypt": encrypted}, fake.signed_query(encrypted))) == (200, None)
    no_sender = fake.crypto.encrypt('{"msgtype": "text", "msgid": "f2", "text": {"content": "hi"}}')
    assert (await fake.post_raw(url, {"encrypt": no_sender}, fake.signed_query(no_sender)))[0] == 400
    not_json = fake.crypto.encrypt("not json")
    assert (await fake.post_raw(url, {"encrypt": not_json}, fake.signed_query(not_json)))[0] == 400
    assert sink.received == []
    assert "bad msg_signature" in caplog.text and "does not decrypt" in caplog.text
    assert TOKEN not in caplog.text and AES_KEY not in caplog.text


async def test_a_retried_callback_is_handled_once(wecom) -> None:
    _gateway, sink, fake, url = await wecom()
    callback = text_callback(f"@RobotA {QUESTION}", msgid="m5")
    _, first = await fake.callback(url, callback)
    _, again = await fake.callback(url, callback)
    assert len(sink.received) == 1
    assert first["stream"]["content"] == again["stream"]["content"] == ANSWER


async def test_group_robot_posts_are_markdown_split_and_paced(wecom) -> None:
    gateway, _sink, fake, _url = await wecom()
    ops = ChatRef("wecom", "webhook:ops")
    for n in range(24):
        await gateway.send(Reply(ops, f"**Ticket #{n}** escalated"))
    long_digest = "\n".join(["段" * 1000] * 3)  # 3000 bytes a line: no two lines fit in one message
    await gateway.send(Reply(ops, long_digest))

    assert all(post["query"] == {"key": "OPS-KEY"} for post in fake.posts)
    assert all(utf8_size(post["body"]["markdown"]["content"]) <= 4096 for post in fake.posts)
    assert len(fake.posts) == 24 + 3
    assert "\n".join(post["body"]["markdown"]["content"] for post in fake.posts[24:]) == long_digest
    stamps = [post["at"] for post in fake.posts]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(stamps))
    assert all(stamps[i + 20] - stamps[i] >= 60 for i in range(len(stamps) - 20))


async def test_group_robot_refusals_and_unknown_robots_are_delivery_errors(wecom, caplog) -> None:
    gateway, _sink, fake, _url = await wecom()
    fake.refuse_with = {"errcode": 45009, "errmsg": "api freq out of limit"}
    with pytest.raises(DeliveryError, match="45009"):
        await gateway.send(Reply(ChatRef("wecom", "webhook:ops"), "digest"))
    with pytest.raises(DeliveryError, match="no group robot named 'nope'"):
        await gateway.send(Reply(ChatRef("wecom", "webhook:nope"), "digest"))
    assert "OPS-KEY" not in caplog.text
    assert gateway.health() == {"ok": True, "smart_robot": True, "webhooks": ["ops"]}


async def test_group_robot_gets_the_digest_chart_after_the_text(wecom) -> None:
    gateway, _sink, fake, _url = await wecom()
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    await gateway.send(Reply(ChatRef("wecom", "webhook:ops"), "周报", image=png))
    await gateway.send(Reply(ChatRef("wecom", "webhook:ops"), "too big", image=b"x" * (2 * 1024 * 1024 + 1)))
    kinds = [post["body"]["msgtype"] for post in fake.posts]
    assert kinds == ["markdown", "image", "markdown"]
    image = fake.posts[1]["body"]["image"]
    assert base64.b64decode(image["base64"]) == png
    assert image["md5"] == hashlib.md5(png, usedforsecurity=False).hexdigest()
