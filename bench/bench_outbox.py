"""Cost of the transactional outbox against bare signed webhook POSTs to the same receiver.

Run: ``PYTHONPATH=src python bench/bench_outbox.py [N]`` (N messages, default 500).
The baseline, in the same process against the same receiver on 127.0.0.1, is N
signed ``aiohttp`` POSTs and nothing else; the outbox run writes N rows (one
transaction each, as escalations do), then lets the sender claim, deliver and
record them. The ratio is what "nothing lost, nothing sent twice" costs per message.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from aiohttp import web

from groupbot.core.outbox import Backoff, OutboxKind, new_message
from groupbot.core.routing import Destination, DestinationKind
from groupbot.core.signing import signature_headers
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.features.outbox.delivery import WebhookDelivery, WebhookEndpoint
from groupbot.features.outbox.sender import OutboxSender

SECRET = b"bench"


class _Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def _receiver() -> tuple[web.AppRunner, str]:
    async def accept(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=202)

    app = web.Application()
    app.router.add_post("/hook", accept)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/hook"


async def _baseline(url: str, n: int) -> float:
    body = b'{"event": "escalated", "ticket": {"number": 1}}'
    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        for i in range(n):
            headers = signature_headers(SECRET, body, f"d-{i}", _Clock().now())
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
        return time.perf_counter() - start


async def _outbox(url: str, n: int, folder: Path) -> float:
    db_url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await upgrade(db_url)
    engine = create_engine(db_url)
    factory = unit_of_work_factory(engine)
    webhooks = WebhookDelivery({"hook": WebhookEndpoint(url, SECRET)}, _Clock())
    sender = OutboxSender(factory, {DestinationKind.WEBHOOK: webhooks}, _Clock(), Backoff(), batch=50)
    target = Destination(DestinationKind.WEBHOOK, "hook")
    try:
        start = time.perf_counter()
        for _ in range(n):
            async with factory() as uow:
                payload = {"event": "escalated", "ticket": {"number": 1}}
                await uow.outbox.add(new_message(OutboxKind.ESCALATION, target, payload, _Clock().now()))
                await uow.commit()
        delivered = 0
        while delivered < n:
            delivered += (await sender.run_once()).delivered
        return time.perf_counter() - start
    finally:
        await webhooks.close()
        await engine.dispose()


async def main(n: int) -> None:
    runner, url = await _receiver()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            base = await _baseline(url, n)
            outbox = await _outbox(url, n, Path(tmp))
    finally:
        await runner.cleanup()
    print(f"{n} messages: bare signed POSTs {base * 1000 / n:.2f} ms each, "
          f"through the outbox (SQLite) {outbox * 1000 / n:.2f} ms each, ratio {outbox / base:.1f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
