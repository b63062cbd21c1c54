"""WeCom stream state under a long stream of messages: does memory plateau?

Run: ``PYTHONPATH=src:. python bench/bench_wecom_streams.py [N]`` (N messages, default 50,000).
Messages arrive at 20 a second of virtual time; each opens a stream, gets an
answer and is finished, as the callback does. The baseline, in the same process,
is the same ``Streams`` with an infinite lifetime (what the code did before:
nothing was ever forgotten). Printed: streams held and traced memory at points
along the run, and the ratio of the last point to the first.
"""

from __future__ import annotations

import sys
import tracemalloc

from groupbot.adapters.wecom.streams import STREAM_LIFETIME, Streams

RATE = 20.0  # messages per second


def run(count: int, lifetime: float) -> list[tuple[int, int, float]]:
    """(messages so far, streams held, traced MB) at five points of the run."""
    now = [0.0]
    streams = Streams(lambda: now[0], lifetime=lifetime)
    points, marks = [], {count // 5 * k for k in range(1, 6)}
    tracemalloc.start()
    for n in range(1, count + 1):
        now[0] = n / RATE
        stream = streams.open(f"msg-{n}", f"group:{n % 50}")
        stream.texts.append("Open Settings -> Account -> Reset password. " * 4)
        stream.finish()
        streams.close(stream)
        if n in marks:
            points.append((n, len(streams), tracemalloc.get_traced_memory()[0] / 1e6))
    tracemalloc.stop()
    return points


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    runs = (("baseline (never forgotten)", float("inf")), (f"pruned ({STREAM_LIFETIME:.0f} s)", STREAM_LIFETIME))
    for name, lifetime in runs:
        points = run(count, lifetime)
        print(name)
        for n, held, mb in points:
            print(f"  after {n:>6} messages: {held:>6} streams held, {mb:6.1f} MB traced")
        growth = points[-1][2] / points[0][2]
        print(f"  last/first traced memory: {growth:.2f}x")


if __name__ == "__main__":
    main()
