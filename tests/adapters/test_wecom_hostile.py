"""WeCom callbacks under hostile input, old timestamps, and many messages: 4xx or a logged drop, never a 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from pydantic import SecretStr

from groupbot.adapters.wecom.config import WeComSettings
from groupbot.adapters.wecom.gateway import WeComGateway
from groupbot.adapters.wecom.streams import STREAM_LIFETIME
from tests.adapters.support import AnsweringSink, VirtualTime
from tests.adapters.wecom_peer import AES_KEY, SIGNED_AT, TOKEN, FakeWeCom, text_callback
from tests.fakes import SettableClock

QUESTION = "how do i reset my password"
ANSWER = "Open Settings -> Account -> Reset password."


@pytest.fixture
async def robot(serve, vtime: VirtualTime):
    """A started smart robot on a served app (its clock at the fake's signing time), the fake, the URL."""
    clock = SettableClock(datetime.fromtimestamp(int(SIGNED_AT), UTC))
    settings = WeComSettings(token=SecretStr(TOKEN), encoding_aes_key=SecretStr(AES_KEY), robot_name="RobotA")
    gateway = WeComGateway(settings, monotonic=vtime.monotonic, sleep=vtime.sleep, clock=clock)
    sink = AnsweringSink({QUESTION: ANSWER})
    sink.gateway = gateway
    await gateway.start(sink)
    fake = FakeWeCom(vtime.monotonic)
    url = (await serve(gateway.web_routes())) + "/wecom/callback"
    yield gateway, sink, fake, url, clock
    await gateway.stop()


async def _post(url: str, body: bytes, query: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session, session.post(url, params=query, data=body) as response:
        return response.status


async def test_a_deeply_nested_unsigned_body_is_refused_before_it_is_parsed(robot) -> None:
    _gateway, sink, _fake, url, _clock = robot
    body = b'{"encrypt": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    assert await _post(url, body, {}) == 403
    assert await _post(url, body, {"msg_signature": "0" * 40, "timestamp": SIGNED_AT, "nonce": "n"}) in (400, 403)
    assert sink.received == []


async def test_a_signed_but_deeply_nested_plaintext_is_400(robot) -> None:
    _gateway, sink, fake, url, _clock = robot
    encrypted = fake.crypto.encrypt("[" * 100_000 + "]" * 100_000)

    status, _ = await fake.post_raw(url, {"encrypt": encrypted}, fake.signed_query(encrypted))

    assert status == 400 and sink.received == []


@pytest.mark.parametrize("create_time", [1e20, 10**20, -(10**20), float("nan"), "yesterday", None])
async def test_an_impossible_create_time_is_still_answered(robot, create_time) -> None:
    _gateway, sink, fake, url, _clock = robot

    status, reply = await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="t1", create_time=create_time))

    assert status == 200 and reply is not None and reply["stream"]["content"] == ANSWER
    assert [m.message_id for m in sink.received] == ["t1"]


@pytest.mark.parametrize("mixed", [[{"msgtype": "text"}], "text", 7, {"msg_item": "x"}, {"msg_item": [1, None]}])
async def test_a_mixed_message_of_the_wrong_shape_is_not_a_500(robot, mixed) -> None:
    _gateway, _sink, fake, url, _clock = robot
    payload = {**text_callback("@RobotA hi", msgid="x1"), "msgtype": "mixed", "mixed": mixed}

    status, _ = await fake.callback(url, payload)

    assert status in (200, 400)


async def test_a_correctly_signed_callback_from_2001_is_refused(robot, caplog) -> None:
    _gateway, sink, fake, url, clock = robot
    fake.signed_at = str(int(datetime(2001, 9, 9, tzinfo=UTC).timestamp()))

    status, _ = await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="old"))
    verify_status, _ = await fake.verify_url(url, "echo")

    assert (status, verify_status) == (403, 403)
    assert sink.received == [] and "timestamp" in caplog.text
    fake.signed_at = str(int((clock.now() - timedelta(seconds=60)).timestamp()))
    status, reply = await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="fresh"))
    assert status == 200 and reply is not None and reply["stream"]["content"] == ANSWER


async def test_stream_state_is_forgotten_once_wecom_can_no_longer_ask_for_it(robot) -> None:
    gateway, sink, fake, url, clock = robot
    for n in range(50):
        await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid=f"s{n}"))
    _, again = await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="s49"))
    assert again is not None and again["stream"]["content"] == ANSWER
    assert len(sink.received) == 50, "a retry within the window is recognised, not handled again"

    clock.current += STREAM_LIFETIME + timedelta(seconds=1)
    fake.signed_at = str(int(clock.now().timestamp()))
    await fake.callback(url, text_callback(f"@RobotA {QUESTION}", msgid="later"))

    assert len(gateway._streams) == 1, "only the newest message's stream is still held"


def test_the_fake_signs_with_its_signing_time() -> None:
    fake = FakeWeCom()
    fake.signed_at = "1"
    assert fake.signed_query(json.dumps("x"))["timestamp"] == "1"
