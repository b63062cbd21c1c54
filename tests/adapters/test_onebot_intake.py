"""OneBot intake: a fixed number of workers, a bounded queue, and back-pressure only where it is safe."""

from __future__ import annotations

import asyncio

from groupbot.adapters.onebot.accounts import Accounts
from groupbot.adapters.onebot.inbound import Inbound
from groupbot.core.messages import IncomingMessage
from tests.adapters.onebot_peer import group_message


class HeldSink:
    """A sink that holds every message until released, counting how many it holds at once."""

    def __init__(self, results: dict[str, bool] | None = None) -> None:
        self.release = asyncio.Event()
        self.holding = 0
        self.most = 0
        self.handled: list[str] = []
        self.results = results or {}

    async def __call__(self, message: IncomingMessage) -> bool:
        self.holding += 1
        self.most = max(self.most, self.holding)
        await self.release.wait()
        self.holding -= 1
        self.handled.append(message.message_id)
        return self.results.get(message.message_id, True)


async def test_workers_bound_the_messages_in_hand_and_a_full_queue_makes_a_pausable_push_wait() -> None:
    inbound, sink = Inbound(Accounts(), workers=2, queue_size=3), HeldSink()
    inbound.start(sink)
    for n in range(5):  # 2 in hand, 3 queued
        await inbound.push(group_message("hi", message_id=n))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(inbound.push(group_message("hi", message_id=5)))
    await asyncio.sleep(0)
    assert not waiting.done() and inbound.queued == 3  # no room: the channel is paused
    await inbound.push(group_message("hi", message_id=6), wait=False)  # a Universal socket is never paused
    assert inbound.queued == 4
    sink.release.set()
    await waiting
    await inbound.settled()
    assert sink.most == 2 and sorted(sink.handled) == [str(n) for n in range(7)]
    await inbound.drain(grace=1)


async def test_a_message_the_sink_could_not_handle_is_taken_again_when_redelivered() -> None:
    inbound, sink = Inbound(Accounts(), workers=1), HeldSink({"1": False})
    sink.release.set()
    inbound.start(sink)
    for n in (1, 2, 1, 2):  # the second 1 comes after the first failed; the second 2 is a duplicate
        await inbound.push(group_message("hi", message_id=n))
        await inbound.settled()
    assert sink.handled == ["1", "2", "1"]
    await inbound.drain(grace=1)
