"""OneBot events, segments and CQ codes: any input is parsed or refused with MalformedEvent, never more."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from groupbot.adapters.onebot.accounts import Accounts
from groupbot.adapters.onebot.events import MAX_IMAGES, MalformedEvent, MessageEvent, parse_event, to_incoming
from groupbot.adapters.onebot.inbound import Inbound
from groupbot.adapters.onebot.segments import MalformedMessage, normalize, parse_cq, to_cq
from tests.properties.strategies import JSON, TIMESTAMPS, sometimes

SEGMENT = st.fixed_dictionaries(
    {"type": sometimes(st.sampled_from(["text", "at", "reply", "face", "image"])),
     "data": sometimes(st.dictionaries(st.sampled_from(["text", "qq", "id", "name", "url", "file"]),
                                       st.one_of(JSON, st.sampled_from(["https://x.test/a.png", "base64://AA=="])),
                                       max_size=3))}
)
MESSAGE = st.one_of(st.text(max_size=60), st.lists(SEGMENT, max_size=5), SEGMENT, JSON)
EVENTS = st.fixed_dictionaries(
    {
        "post_type": sometimes(st.sampled_from(["message", "meta_event", "notice", "message_sent"])),
        "message_type": sometimes(st.sampled_from(["group", "private"])),
        "self_id": sometimes(st.integers(1, 10**10)),
        "user_id": sometimes(st.integers(1, 10**10)),
        "group_id": sometimes(st.integers(1, 10**10)),
        "message_id": sometimes(st.integers(-(2**31), 2**31)),
        "message": MESSAGE,
        "time": TIMESTAMPS,
        "sender": sometimes(st.fixed_dictionaries({"card": JSON, "nickname": JSON, "role": JSON})),
    },
    optional={"meta_event_type": JSON, "status": JSON, "interval": JSON, "raw_message": JSON},
)


@given(EVENTS)
def test_an_event_is_parsed_or_refused_as_malformed(event) -> None:
    try:
        parsed = parse_event(event)
    except MalformedEvent:
        return
    if isinstance(parsed, MessageEvent):
        message = to_incoming(parsed, reply_to_bot=False)
        assert isinstance(message.text, str) and message.message_id
        assert len(message.images) <= MAX_IMAGES
        assert all(link.startswith(("http://", "https://")) for link in message.images)


@given(st.one_of(EVENTS, JSON))
def test_inbound_drops_what_it_cannot_read_and_never_raises(frame) -> None:
    async def push() -> int:
        inbound = Inbound(Accounts())
        await inbound.push(frame, wait=False)  # before start(): messages wait, nothing is spawned
        return inbound.queued

    waiting = asyncio.run(push())
    assert waiting in (0, 1)  # taken (a message) or dropped, never more


@given(MESSAGE)
def test_a_message_normalizes_to_segments_or_is_malformed(message) -> None:
    try:
        segments = normalize(message)
    except MalformedMessage:
        return
    assert all(isinstance(segment["type"], str) and isinstance(segment["data"], dict) for segment in segments)


@given(st.text(max_size=200))
def test_any_string_parses_as_cq_codes(text) -> None:
    assert all(isinstance(segment["type"], str) for segment in parse_cq(text))


@given(st.text(min_size=1, max_size=30), st.text(max_size=20), st.text(min_size=1, max_size=30))
def test_cq_escaping_round_trips(before, mentioned, after) -> None:
    segments = [{"type": "text", "data": {"text": before}}, {"type": "at", "data": {"qq": mentioned}},
                {"type": "text", "data": {"text": after}}]
    assert parse_cq(to_cq(segments)) == segments
