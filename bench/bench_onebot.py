"""QQ round trip over a reverse WebSocket: event in, reply out, against a bare WebSocket handler.

Run: ``PYTHONPATH=src:. python bench/bench_onebot.py [N]`` (N questions, default 500; the fake
peer comes from ``tests/``).
A fake OneBot peer pushes N group messages one at a time and waits for each
``send_group_msg``. The baseline, in the same process over the same loopback,
is a bare aiohttp handler that parses the event and sends the action frame
itself; the ratio is what the gateway adds (segment parsing, @ detection, the
per-message task, echo matching, pacing bookkeeping). Pacing is configured
off so the numbers are about the code, not the spam guard.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aiohttp import WSMsgType, web
from pydantic import SecretStr

from groupbot.adapters.onebot import OneBotGateway
from groupbot.core.messages import IncomingMessage, Reply
from groupbot.settings import OneBotSettings
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.adapters.support import Served

ASK = [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": "how do I reset my password?"}}]


async def _bare(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for message in ws:
        if message.type is WSMsgType.TEXT:
            frame = json.loads(message.data)
            if frame.get("post_type") == "message":
                params = {"group_id": frame["group_id"], "message": [{"type": "text", "data": {"text": "answer"}}]}
                await ws.send_json({"action": "send_group_msg", "params": params, "echo": "1"})
    return ws


async def _round_trips(peer: FakeOneBot, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        await peer.push(group_message(ASK, message_id=i + 1))
        await peer.wait_calls("send_group_msg", i + 1)
    return time.perf_counter() - start


async def _measure(routes: list[web.RouteDef], n: int) -> float:
    async with Served() as serve:
        peer = FakeOneBot((await serve(routes)).replace("http", "ws") + "/ws")
        await peer.connect()
        try:
            return await _round_trips(peer, n)
        finally:
            await peer.close()


async def main(n: int) -> None:
    settings = OneBotSettings(
        enabled=True, access_token=SecretStr(TOKEN), ws_path="/ws", pace_interval=0, pace_per_minute=10**9
    )
    gateway = OneBotGateway(settings)

    async def sink(message: IncomingMessage) -> None:
        await gateway.send(Reply(message.chat, "answer", reply_to_message_id=message.message_id))

    await gateway.start(sink)
    baseline = await _measure([web.get("/ws", _bare)], n)
    adapter = await _measure(list(gateway.web_routes()), n)
    await gateway.stop()
    print(f"{n} round trips: bare handler {baseline * 1e6 / n:.0f} us each, gateway {adapter * 1e6 / n:.0f} us each")
    print(f"ratio gateway/bare: {adapter / baseline:.2f}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
