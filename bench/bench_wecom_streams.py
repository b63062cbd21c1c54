"""WeCom stream state under a long stream of messages: does memory plateau?

Run: ``PYTHONPATH=src:. python bench/bench_wecom_streams.py [N]`` (N messages, default 150,000:
past the hour a stream is kept).
Messages arrive at 20 a second of virtual time; each opens a stream, gets an
answer and is finished, as the callback does, which purges expired streams once
a minute. The bot keeps streams in the database (``SqlReplyStreams``, purged the
same way); this measures the in-memory store a gateway built alone uses. The
baseline, in the same process, is that store never purged (what the code did
before: nothing was ever forgotten). Printed: streams held and traced memory at points
along the run, and the ratio of the last point to the first.
"""

from __future__ import annotations

import asyncio
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta

from groupbot.adapters.wecom.callback import PURGE_EVERY
from groupbot.adapters.wecom.streams import STREAM_LIFETIME, MemoryReplyStreams
from groupbot.core.reply_streams import ReplyStream

RATE = 20.0  # messages per second


async def run(count: int, purged: bool) -> list[tuple[int, int, float]]:
    """(messages so far, streams held, traced MB) at five points of the run."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    streams, purged_at = MemoryReplyStreams(), start
    points, marks = [], {count // 5 * k for k in range(1, 6)}
    tracemalloc.start()
    for n in range(1, count + 1):
        now = start + timedelta(seconds=n / RATE)
        if purged and now - purged_at >= PURGE_EVERY:
            purged_at = now
            await streams.purge(now)
        stream = ReplyStream(f"msg-{n}", f"group:{n % 50}", f"s-{n}")
        await streams.open(stream, None, now + STREAM_LIFETIME)
        await streams.say(stream.message_id, stream.chat_id, "Open Settings -> Account -> Reset password. " * 4, now)
        await streams.finish(stream.message_id)
        await streams.close(stream.message_id)
        if n in marks:
            points.append((n, len(streams), tracemalloc.get_traced_memory()[0] / 1e6))
    tracemalloc.stop()
    return points


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    runs = (("baseline (never forgotten)", False), (f"purged ({STREAM_LIFETIME} lifetime)", True))
    for name, purged in runs:
        points = asyncio.run(run(count, purged))
        print(name)
        for n, held, mb in points:
            print(f"  after {n:>6} messages: {held:>6} streams held, {mb:6.1f} MB traced")
        growth = points[-1][2] / points[0][2]
        print(f"  last/first traced memory: {growth:.2f}x")


if __name__ == "__main__":
    main()
