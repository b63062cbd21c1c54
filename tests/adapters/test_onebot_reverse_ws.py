"""QQ over a reverse WebSocket: a fake OneBot implementation connects to our real aiohttp app."""

from __future__ import annotations

import asyncio
import itertools

import aiohttp
import pytest
from pydantic import SecretStr

from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.onebot.gateway import OneBotGateway
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import ChatKind, ChatRef, Reply, Role
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message, heartbeat
from tests.adapters.support import AnsweringSink, VirtualTime

QUESTION = "how do i reset my password"
ANSWER = "Open Settings -> Account -> Reset password."


def settings(**changes: object) -> OneBotSettings:
    base: dict[str, object] = {"enabled": True, "access_token": SecretStr(TOKEN), "action_timeout": 2.0}
    return OneBotSettings(**{**base, **changes})


@pytest.fixture
async def qq(serve, vtime: VirtualTime):
    """A started gateway on a served app, an answering sink, and a connected fake peer."""
    made: list[FakeOneBot] = []

    async def _make(**changes: object) -> tuple[OneBotGateway, AnsweringSink, FakeOneBot]:
        gateway = OneBotGateway(settings(**changes), monotonic=vtime.monotonic, sleep=vtime.sleep)
        sink = AnsweringSink({QUESTION: ANSWER})
        sink.gateway = gateway
        await gateway.start(sink)
        base = await serve(gateway.web_routes(), {"qq": gateway.health})
        peer = FakeOneBot(base.replace("http", "ws") + "/onebot/v11/ws")
        made.append(peer)
        await peer.connect()
        return gateway, sink, peer

    yield _make
    for peer in made:
        await peer.close()


async def test_question_in_a_group_is_answered_as_a_reply_with_a_mention(qq) -> None:
    gateway, sink, peer = await qq()
    await peer.push(
        group_message(
            [
                {"type": "at", "data": {"qq": SELF_ID}},
                {"type": "text", "data": {"text": " How do I reset my password "}},
            ],
            message_id=7001,
        )
    )

    [call] = await peer.wait_calls("send_group_msg")
    assert call["params"]["group_id"] == 555
    assert call["params"]["message"] == [
        {"type": "reply", "data": {"id": "7001"}},
        {"type": "at", "data": {"qq": "4242"}},
        {"type": "text", "data": {"text": " "}},
        {"type": "text", "data": {"text": ANSWER}},
    ]
    [message] = sink.received
    assert message.chat == ChatRef("qq", "group:555")
    assert message.text == "How do I reset my password"
    assert message.mentions_bot and message.message_id == "7001"
    [receipt] = await sink.wait_receipts(1)
    assert receipt.message_ids == ("90001",)
    await gateway.stop()


async def test_cq_string_events_are_parsed_and_string_replies_are_escaped(qq) -> None:
    gateway, sink, peer = await qq(message_format="string")
    sink.answers = {QUESTION: "Use [Settings] & then, reset"}
    await peer.push(group_message(f"[CQ:at,qq={SELF_ID}] how do I reset&#44; my password", message_id=7002))
    await peer.push(group_message(f"[CQ:at,qq={SELF_ID}] How do I reset my password", message_id=7003))

    [call] = await peer.wait_calls("send_group_msg")
    assert call["params"]["message"] == "[CQ:reply,id=7003][CQ:at,qq=4242] Use &#91;Settings&#93; &amp; then, reset"
    assert [m.text for m in sink.received] == ["how do I reset, my password", "How do I reset my password"]
    await gateway.stop()


@pytest.mark.parametrize(
    ("segments", "mentioned"),
    [
        ([{"type": "text", "data": {"text": "hello "}}, {"type": "at", "data": {"qq": SELF_ID}}], True),
        (
            [
                {"type": "text", "data": {"text": "a "}},
                {"type": "at", "data": {"qq": SELF_ID}},
                {"type": "text", "data": {"text": " b"}},
            ],
            False,
        ),
        ([{"type": "at", "data": {"qq": "999"}}, {"type": "text", "data": {"text": " hi"}}], False),
        (
            [
                {"type": "reply", "data": {"id": "1"}},
                {"type": "at", "data": {"qq": SELF_ID}},
                {"type": "text", "data": {"text": "x"}},
            ],
            True,
        ),
    ],
)
async def test_at_the_bot_counts_only_first_or_last(qq, segments, mentioned) -> None:
    gateway, sink, peer = await qq()
    await peer.push(group_message(segments, message_id=7100))
    [message] = await sink.wait_messages(1)
    assert message.mentions_bot is mentioned
    await gateway.stop()


async def test_pictures_come_through_as_links_in_both_formats(qq) -> None:
    gateway, sink, peer = await qq()
    shot = "https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=abc&rkey=xyz"
    await peer.push(group_message([
        {"type": "text", "data": {"text": "如图，导出报错"}},
        {"type": "image", "data": {"file": "abc.image", "url": shot}},
        {"type": "image", "data": {"file": "base64://iVBORw0KGgo="}},  # no link to keep
        {"type": "image", "data": {"file": "http://gchat.qpic.cn/x.png"}},  # the link is the file
    ], message_id=7201))
    await peer.push(group_message(f"[CQ:image,file=a.image,url={shot.replace('&', '&amp;')}]", message_id=7202))
    await peer.push(group_message([{"type": "image", "data": {"url": f"https://x/{i}.png"}} for i in range(12)],
                                  message_id=7203))
    first, second, many = await sink.wait_messages(3)
    assert first.text == "如图，导出报错" and first.images == (shot, "http://gchat.qpic.cn/x.png")
    assert second.text == "" and second.images == (shot,)
    assert len(many.images) == 9  # a screenshot or a few, not an album
    await gateway.stop()


async def test_reply_to_the_bot_is_detected_from_sent_ids_and_get_msg(qq) -> None:
    gateway, sink, peer = await qq()
    await peer.push(
        group_message(
            [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}], message_id=7200
        )
    )
    [receipt] = await sink.wait_receipts(1)
    bot_message = receipt.message_ids[0]
    peer.messages["6000"] = {"message_id": 6000, "sender": {"user_id": int(SELF_ID)}}
    peer.messages["6001"] = {"message_id": 6001, "sender": {"user_id": 777}}

    for message_id, quoted in [(7201, bot_message), (7202, "6000"), (7203, "6001")]:
        await peer.push(
            group_message(
                [{"type": "reply", "data": {"id": quoted}}, {"type": "text", "data": {"text": "thanks"}}],
                message_id=message_id,
            )
        )
    received = await sink.wait_messages(4)

    by_id = {m.message_id: m for m in received}  # each message is handled in its own task
    assert [by_id[i].reply_to_bot for i in ("7201", "7202", "7203")] == [True, True, False]
    assert sorted(c["params"]["message_id"] for c in peer.calls("get_msg")) == [6000, 6001]
    assert by_id["7201"].reply_to_message_id == bot_message
    await gateway.stop()


async def test_group_owner_and_admin_are_reported_as_chat_admins(qq) -> None:
    gateway, sink, peer = await qq()
    for message_id, role in [(7301, "owner"), (7302, "admin"), (7303, "member")]:
        await peer.push(group_message("hi", message_id=message_id, role=role))
    received = await sink.wait_messages(3)
    assert [(m.sender.role, m.sender.is_chat_admin) for m in received] == [
        (Role.ADMIN, True),
        (Role.ADMIN, True),
        (Role.CUSTOMER, False),
    ]
    await gateway.stop()


async def test_own_messages_and_bad_frames_are_dropped_and_the_connection_survives(qq) -> None:
    gateway, sink, peer = await qq()
    await peer.push({**group_message("echo", message_id=7401), "post_type": "message_sent"})
    await peer.push(group_message("mine", message_id=7402, user_id=int(SELF_ID)))
    await peer.push({"post_type": "message", "message_type": "group"})  # no ids
    await peer.push({**group_message("x", message_id=7403), "message": 42})
    await peer._ws.send_str("{not json")
    await peer._ws.send_str('["a list"]')
    await peer.push(group_message("still here 🙂", message_id=7404))

    [message] = await sink.wait_messages(1)
    assert message.text == "still here 🙂"
    await gateway.stop()


async def test_wrong_or_missing_token_and_missing_self_id_are_refused(serve) -> None:
    gateway = OneBotGateway(settings())
    url = (await serve(gateway.web_routes())) + "/onebot/v11/ws"
    async with aiohttp.ClientSession() as session:
        for headers, status in [
            ({"X-Self-ID": SELF_ID, "Authorization": "Bearer wrong"}, 403),
            ({"X-Self-ID": SELF_ID}, 401),
            ({"Authorization": f"Bearer {TOKEN}"}, 400),
            ({"X-Self-ID": "²³", "Authorization": f"Bearer {TOKEN}"}, 400),
            ({"X-Self-ID": SELF_ID, "X-Client-Role": "Spy", "Authorization": f"Bearer {TOKEN}"}, 400),
        ]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url, headers=headers)
            assert refused.value.status == status
        async with session.ws_connect(f"{url}?access_token={TOKEN}", headers={"X-Self-ID": SELF_ID}) as ws:
            assert not ws.closed
    assert list(gateway.health()["accounts"]) == [SELF_ID]  # only the accepted connection registered


async def test_dropped_socket_reply_arrives_once_after_reconnect(qq) -> None:
    gateway, sink, peer = await qq(reconnect_wait=5.0)
    question = group_message(
        [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}], message_id=7500
    )
    peer.drop_on = "send_group_msg"  # the first attempt dies with the socket
    await peer.push(question)
    await peer.wait_calls("send_group_msg")
    await peer.drop()
    assert gateway.health()["ok"] is False

    await peer.connect()
    await peer.push(question)  # implementations may push it again after reconnecting
    await peer.push(
        group_message(
            [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}], message_id=7501
        )
    )
    calls = await peer.wait_calls("send_group_msg", 2)

    assert [c["params"]["message"][0]["data"]["id"] for c in calls] == ["7500", "7501"]
    assert len(sink.received) == 2
    assert gateway.health()["ok"] is True
    await gateway.stop()


async def test_reply_while_disconnected_waits_for_the_reconnect(qq) -> None:
    gateway, _sink, peer = await qq(reconnect_wait=5.0)
    await peer.drop()
    reply = Reply(ChatRef("qq", "group:555"), "hello again")
    sending = asyncio.create_task(gateway.send(reply))
    await asyncio.sleep(0.05)
    assert not sending.done()
    await peer.connect()
    receipt = await sending
    [call] = await peer.wait_calls("send_group_msg")
    assert call["params"]["message"] == [{"type": "text", "data": {"text": "hello again"}}]
    assert receipt.message_ids == ("90001",)
    await gateway.stop()


async def test_retcode_errors_and_timeouts_surface_as_delivery_errors(qq, caplog) -> None:
    gateway, _sink, peer = await qq(action_timeout=0.2)
    peer.failures["send_group_msg"] = (1200, "group muted")
    with pytest.raises(DeliveryError, match=r"retcode 1200.*group muted"):
        await gateway.send(Reply(ChatRef("qq", "group:555"), "hi"))
    assert "group muted" in caplog.text

    del peer.failures["send_group_msg"]
    peer.silent.add("send_group_msg")
    with pytest.raises(DeliveryError, match="no response within"):
        await gateway.send(Reply(ChatRef("qq", "group:555"), "hi"))
    with pytest.raises(DeliveryError, match="not a QQ chat id"):
        await gateway.send(Reply(ChatRef("qq", "telegram-ish"), "hi"))
    await gateway.stop()


async def test_long_answers_are_split_and_choices_become_numbered_lines(qq) -> None:
    from groupbot.core.messages import Choice

    gateway, _sink, peer = await qq(max_chars=60)
    text = "\n".join(f"Step {n}: do the thing number {n}." for n in range(1, 6))
    reply = Reply(
        ChatRef("qq", "group:555"), text, reply_to_message_id="42", choices=(Choice("Yes", "1"), Choice("No", "2"))
    )
    receipt = await gateway.send(reply)

    calls = peer.calls("send_group_msg")
    assert len(calls) == len(receipt.message_ids) > 1
    texts = ["".join(s["data"].get("text", "") for s in c["params"]["message"]) for c in calls]
    assert all(len(t) <= 60 for t in texts)
    assert "\n".join(texts).endswith("1. Yes\n2. No")
    assert calls[0]["params"]["message"][0] == {"type": "reply", "data": {"id": "42"}}
    assert all(c["params"]["message"][0]["type"] == "text" for c in calls[1:])
    await gateway.stop()


async def test_sends_to_one_group_are_paced(qq, vtime: VirtualTime) -> None:
    gateway, _sink, peer = await qq()
    stamps: list[float] = []
    peer.on_action = lambda frame: stamps.append(vtime.now)
    for n in range(25):
        await gateway.send(Reply(ChatRef("qq", "group:555"), f"message {n}"))
    await gateway.send(Reply(ChatRef("qq", "group:556"), "another group goes at once"))

    gaps = [b - a for a, b in itertools.pairwise(stamps[:25])]
    assert min(gaps) >= 1.5
    assert all(stamps[i + 20] - stamps[i] >= 60 for i in range(5))
    assert stamps[25] == stamps[24]
    await gateway.stop()


async def test_heartbeat_and_connection_state_show_in_healthz(qq, serve) -> None:
    gateway, sink, peer = await qq()
    await peer.push(heartbeat())
    await peer.push(group_message("sync", message_id=7600))
    await sink.wait_messages(1)
    health = gateway.health()
    assert health["ok"] is True and health["mode"] == "reverse_ws"
    assert health["accounts"][SELF_ID]["connected"] is True
    assert health["accounts"][SELF_ID]["online"] is True
    assert health["accounts"][SELF_ID]["heartbeat_age_s"] == 0
    await gateway.stop()


async def test_messages_arriving_before_start_are_handled_once_started(serve) -> None:
    gateway = OneBotGateway(settings())
    url = (await serve(gateway.web_routes())).replace("http", "ws") + "/onebot/v11/ws"
    peer = FakeOneBot(url)
    await peer.connect()
    await peer.push(
        group_message(
            [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": QUESTION}}], message_id=7700
        )
    )
    await peer.push(heartbeat())  # frames are read in order: the message is in hand after this
    for _ in range(500):
        if gateway.health()["accounts"].get(SELF_ID, {}).get("heartbeat_age_s") is not None:
            break
        await asyncio.sleep(0.01)
    assert gateway.health()["accounts"][SELF_ID]["online"] is True
    sink = AnsweringSink({QUESTION: ANSWER})
    sink.gateway = gateway
    await gateway.start(sink)
    [call] = await peer.wait_calls("send_group_msg")
    assert call["params"]["message"][0] == {"type": "reply", "data": {"id": "7700"}}
    await gateway.stop()
    await peer.close()


async def test_private_message_is_direct_and_answered_with_send_msg(qq) -> None:
    gateway, sink, peer = await qq()
    event = {**group_message(QUESTION, message_id=7800), "message_type": "private", "sub_type": "friend"}
    del event["group_id"]
    await peer.push(event)
    [call] = await peer.wait_calls("send_msg")
    assert call["params"]["message_type"] == "private" and call["params"]["user_id"] == 4242
    [message] = sink.received
    assert message.is_direct and message.chat == ChatRef("qq", "private:4242", ChatKind.PRIVATE)
    await gateway.stop()


async def test_lifecycle_disable_marks_the_account_offline(qq) -> None:
    gateway, sink, peer = await qq()
    lifecycle = {"time": 1, "self_id": int(SELF_ID), "post_type": "meta_event", "meta_event_type": "lifecycle"}
    await peer.push({**lifecycle, "sub_type": "connect"})
    await peer.push({**lifecycle, "sub_type": "disable"})
    await peer.push(group_message("sync", message_id=7900))
    await sink.wait_messages(1)
    assert gateway.health()["accounts"][SELF_ID]["online"] is False
    await gateway.stop()
