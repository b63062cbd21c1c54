"""ShortMemory contract and the answering state kept in it, on every database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender
from groupbot.db import SqlUnitOfWork
from groupbot.features.answering.choices import PendingChoices
from groupbot.features.answering.cooldown import QuestionCooldown

Factory = Callable[[], SqlUnitOfWork]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _message(chat: str, minutes: float, text: str = "q") -> IncomingMessage:
    at = T0 + timedelta(minutes=minutes)
    sender = Sender("u", "Ann 安", Role.CUSTOMER)
    return IncomingMessage(ChatRef("fake", chat, ChatKind.GROUP, "客户群"), sender, text, "1", at, received_at=at)


async def test_values_are_kept_until_they_expire_then_purged(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        await uow.memory.keep("a", {"entries": ["x", "y"], "n": 1}, T0 + timedelta(minutes=5))
        await uow.memory.keep("b", True, T0 + timedelta(minutes=1))
        await uow.memory.keep("b", "again", T0 + timedelta(minutes=10))  # replaced, with its new expiry
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.memory.recall(["a", "b", "c"], T0) == {"a": {"entries": ["x", "y"], "n": 1}, "b": "again"}
        assert await uow.memory.recall(["a", "b"], T0 + timedelta(minutes=5)) == {"b": "again"}
        assert await uow.memory.purge(T0 + timedelta(minutes=6)) == 1
        await uow.memory.forget("b")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.memory.recall(["a", "b"], T0) == {}


async def test_same_reply_to_the_same_question_cools_down_per_chat_and_window(uow_factory: Factory) -> None:
    cooldown = QuestionCooldown(timedelta(minutes=5))
    async with uow_factory() as uow:
        assert not await cooldown.cooling(_message("a", 0), "How do I export?", "answer:x", uow)
        await cooldown.remember(_message("a", 0), "How do I export?", "answer:x")(uow)
        await uow.commit()
    async with uow_factory() as uow:
        assert await cooldown.cooling(_message("a", 4), "how do i export", "answer:x", uow)
        assert not await cooldown.cooling(_message("a", 4), "how do i export", "answer:y", uow)
        assert not await cooldown.cooling(_message("b", 4), "how do i export", "answer:x", uow)
        assert not await cooldown.cooling(_message("a", 10), "how do i export", "answer:x", uow)


async def test_zero_window_never_cools(uow_factory: Factory) -> None:
    cooldown = QuestionCooldown(timedelta(0))
    async with uow_factory() as uow:
        await cooldown.remember(_message("a", 0), "q", "k")(uow)
        assert not await cooldown.cooling(_message("a", 0), "q", "k", uow)


async def test_an_offer_comes_back_with_its_question_until_taken(uow_factory: Factory) -> None:
    choices = PendingChoices(timedelta(minutes=10))
    question = _message("a", 0, "how do I export a report?")
    async with uow_factory() as uow:
        await choices.offer(question, "how do i export a report", ("export-pdf", "export-excel"), "en")(uow)
        await uow.commit()
    async with uow_factory() as uow:
        offer = await choices.pending(_message("a", 2, "2"), uow)
        assert offer is not None
        assert (offer.question, offer.entry_ids) == (question, ("export-pdf", "export-excel"))
        assert await choices.pending(_message("a", 11, "2"), uow) is None  # expired
        await choices.take(_message("a", 3, "2"))(uow)
        assert await choices.pending(_message("a", 3, "2"), uow) is None


async def test_a_key_is_claimed_once_while_its_value_lives(uow_factory: Factory) -> None:
    async def claim(key: str, minutes: float) -> bool:
        async with uow_factory() as uow:
            at = T0 + timedelta(minutes=minutes)
            kept = await uow.memory.claim(key, {"by": minutes}, T0 + timedelta(minutes=10), at)
            await uow.commit()
            return kept

    assert await claim("nonce", 0)
    assert not await claim("nonce", 1)
    assert await claim("nonce", 10), "an expired claim is taken over"
    async with uow_factory() as uow:
        assert await uow.memory.recall(["nonce"], T0) == {"nonce": {"by": 10}}


async def test_an_amended_value_keeps_its_expiry_and_an_expired_one_is_not_amended(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        await uow.memory.keep("wait", {"ticket": 1}, T0 + timedelta(minutes=10))
        assert await uow.memory.amend("wait", {"ticket": 2}, T0 + timedelta(minutes=3))
        assert not await uow.memory.amend("none", {"ticket": 2}, T0)
        assert not await uow.memory.amend("wait", {"ticket": 3}, T0 + timedelta(minutes=10))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.memory.recall(["wait", "none"], T0 + timedelta(minutes=9)) == {"wait": {"ticket": 2}}
        assert await uow.memory.recall(["wait"], T0 + timedelta(minutes=10)) == {}


async def test_expired_values_under_a_prefix_are_taken_once_oldest_first(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        for key, minutes in [("offer:b", 2), ("offer:a", 1), ("offer:c", 20), ("cool:x", 1), ("offers", 1)]:
            await uow.memory.keep(key, {"k": key}, T0 + timedelta(minutes=minutes))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.memory.lapse("offer:", T0 + timedelta(minutes=5), 1) == [("offer:a", {"k": "offer:a"})]
        assert await uow.memory.lapse("offer:", T0 + timedelta(minutes=5), 10) == [("offer:b", {"k": "offer:b"})]
        assert await uow.memory.lapse("offer:", T0 + timedelta(minutes=5), 10) == []
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.memory.recall(["offer:c"], T0) == {"offer:c": {"k": "offer:c"}}
        assert await uow.memory.purge(T0 + timedelta(minutes=30), spare="offer:") == 2, "other keys are purged"
        assert await uow.memory.lapse("offer:", T0 + timedelta(minutes=30), 10) == [("offer:c", {"k": "offer:c"})]


async def test_racing_takers_never_take_the_same_lapsed_value(uow_factory: Factory) -> None:
    keys = [f"offer:{n}" for n in range(30)]
    async with uow_factory() as uow:
        for n, key in enumerate(keys):
            await uow.memory.keep(key, n, T0 + timedelta(seconds=n))
        await uow.commit()
    both_took = asyncio.Event()
    taken: list[list[str]] = []

    async def take() -> None:
        async with uow_factory() as uow:
            mine = [key for key, _value in await uow.memory.lapse("offer:", T0 + timedelta(hours=1), 20)]
            taken.append(mine)
            if len(taken) == 2:
                both_took.set()
            with contextlib.suppress(TimeoutError):  # SQLite: the other waits for this commit
                await asyncio.wait_for(both_took.wait(), 0.5)
            await uow.commit()

    await asyncio.gather(take(), take())
    first, second = taken
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(keys)


async def test_an_expired_offer_that_cannot_be_read_is_dropped_with_a_log_line(uow_factory: Factory, caplog) -> None:
    choices = PendingChoices(timedelta(minutes=10))
    question = _message("a", 0, "how do I export a report?")
    async with uow_factory() as uow:
        await choices.offer(question, "how do i export a report", ("export-pdf",), "en")(uow)
        await uow.memory.keep("offer:fake:b:u", {"entries": "no question"}, T0 + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        [unreadable, offer] = await choices.lapsed(uow, T0 + timedelta(minutes=11), 10)
        assert unreadable is None and offer is not None
        assert (offer.question, offer.entry_ids, offer.locale) == (question, ("export-pdf",), "en")
        assert await uow.memory.lapse("offer:", T0 + timedelta(minutes=11), 10) == []
    assert "offer:fake:b:u" in caplog.text
