"""MessageLog contract: each (platform, chat, message id) is handled once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.db import SqlUnitOfWork
from groupbot.db.schema import inbound_messages
from tests.db.samples import T0, message


async def _logged(engine: AsyncEngine) -> list[tuple[object, ...]]:
    c = inbound_messages.c
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(c.chat_id, c.message_id, c.text, c.outcome, c.entry_id, c.score).order_by(c.id)
        )
        return [tuple(row) for row in rows]


async def test_record_is_true_first_and_false_for_a_redelivery(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is False
    assert len(await _logged(engine)) == 1


async def test_a_duplicate_leaves_the_transaction_usable(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True
        assert await uow.messages.record(message("m1")) is False
        assert await uow.messages.record(message("m2")) is True
        await uow.commit()
    assert [row[1] for row in await _logged(engine)] == ["m1", "m2"]


async def test_the_same_message_id_in_another_chat_is_a_different_message(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    other = ChatRef("telegram", "-100999")
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True
        assert await uow.messages.record(message("m1", chat=other)) is True
        await uow.commit()
    assert len(await _logged(engine)) == 2


async def test_set_outcome_remembers_what_the_bot_did(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    async with uow_factory() as uow:
        await uow.messages.record(message("m1"))
        await uow.messages.record(message("m2"))
        await uow.messages.set_outcome(message("m1"), "answer", entry_id="password-reset", score=0.91)
        await uow.messages.set_outcome(message("m2"), "ticket")
        await uow.commit()
    rows = await _logged(engine)
    assert [row[3:] for row in rows] == [("answer", "password-reset", 0.91), ("ticket", None, None)]


async def test_a_message_logged_as_failed_is_recorded_again_until_it_is_handled(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True
        await uow.messages.set_outcome(message("m1"), "error")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True  # the redelivery of a failed message
        await uow.messages.set_outcome(message("m1"), "answer", "password-reset", 0.9)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is False  # handled now: a plain redelivery
    [(_, _, _, outcome, entry, _)] = await _logged(engine)
    assert (outcome, entry) == ("answer", "password-reset")


async def test_latest_lists_every_chats_newest_messages_first(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    other = ChatRef("telegram", "-100999")
    async with uow_factory() as uow:
        await uow.messages.record(message("m1", text="first"))
        await uow.messages.record(message("m2", text="second", chat=other))
        await uow.messages.record(message("m3", text="third"))
        assert await uow.messages.latest(2) == [(message().chat.key, "42", "third"), (other.key, "42", "second")]


async def test_outcomes_after_are_the_senders_later_handled_messages_in_that_chat(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    def later(message_id: str, minutes: int, **changes: object) -> IncomingMessage:
        at = T0 + timedelta(minutes=minutes)
        return replace(message(message_id), time=at, received_at=at, **changes)

    asked = later("q", 0)
    async with uow_factory() as uow:
        for logged, outcome in [
            (asked, "suggest"),
            (later("old", -1), "answer"),  # before the question
            (later("a", 1), "small_talk"),
            (later("b", 2, chat=ChatRef("telegram", "-100999")), "answer"),  # another chat
            (later("c", 3, sender=Sender("43", "Bob")), "ticket"),  # someone else
            (later("d", 4), "answer"),
            (later("e", 5), None),  # still being handled
            (later("f", 6), "ticket"),
        ]:
            await uow.messages.record(logged)
            if outcome is not None:
                await uow.messages.set_outcome(logged, outcome)
        assert await uow.messages.outcomes_after(asked, 10) == ["small_talk", "answer", "ticket"]
        assert await uow.messages.outcomes_after(asked, 1) == ["small_talk"]
