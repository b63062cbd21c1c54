"""Test doubles shared by the adapter and e2e tests: a served app, virtual time, a tiny answering sink."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType

from aiohttp import web

from groupbot.core.messages import IncomingMessage, Reply, ReplyKind, SentReceipt
from groupbot.web import HealthReport, build_app

Serve = Callable[..., Awaitable[str]]


class Served:
    """Serves apps on 127.0.0.1 (free ports) until the ``async with`` ends; calling it returns the base URL."""

    def __init__(self) -> None:
        self._runners: list[web.AppRunner] = []

    async def __call__(
        self, routes: Sequence[web.AbstractRouteDef], health: Mapping[str, HealthReport] | None = None
    ) -> str:
        runner = web.AppRunner(build_app(routes, health or {}))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    async def __aenter__(self) -> Served:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for runner in self._runners:
            await runner.cleanup()


class VirtualTime:
    """A monotonic clock whose sleep advances time at once (tests never wait)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0)
        await asyncio.sleep(0)


class AnsweringSink:
    """A small real sink: answers known questions addressed to the bot through a gateway."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers
        self.gateway: object = None
        self.received: list[IncomingMessage] = []
        self.receipts: list[SentReceipt] = []
        self.errors: list[Exception] = []
        self.arrived = asyncio.Event()

    async def __call__(self, message: IncomingMessage) -> None:
        self.received.append(message)
        self.arrived.set()
        addressed = message.mentions_bot or message.reply_to_bot or message.is_direct
        answer = self.answers.get(message.text.strip().lower())
        if not addressed or answer is None:
            return
        reply = Reply(
            message.chat, answer, ReplyKind.ANSWER, reply_to_message_id=message.message_id, mentions=(message.sender,)
        )
        try:
            self.receipts.append(await self.gateway.send(reply))  # type: ignore[attr-defined]
        except Exception as exc:
            self.errors.append(exc)
        finally:
            self.arrived.set()

    async def wait_messages(self, count: int, patience: float = 5.0) -> list[IncomingMessage]:
        await self._wait(lambda: len(self.received) >= count, patience)
        return self.received

    async def wait_receipts(self, count: int, patience: float = 5.0) -> list[SentReceipt]:
        await self._wait(lambda: len(self.receipts) + len(self.errors) >= count, patience)
        return self.receipts

    async def _wait(self, done: Callable[[], bool], patience: float) -> None:
        async with asyncio.timeout(patience):
            while not done():
                self.arrived.clear()
                await self.arrived.wait()
