"""What a running bot's ``/metrics`` says, for the load benchmarks that start ``groupbot run``."""

from __future__ import annotations

import aiohttp


async def encoder_batches(port: int) -> tuple[float, int]:
    """(questions embedded, encoder calls) so far, from the bot listening on ``port``; zeros if none."""
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
        text = await response.text()
    found = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in ("groupbot_encoder_batch_size_sum", "groupbot_encoder_batch_size_count"):
            found[name.rsplit("_", 1)[1]] = float(value)
    return found.get("sum", 0.0), int(found.get("count", 0))


def mean_batch(before: tuple[float, int], after: tuple[float, int]) -> str:
    """The mean encoder batch between two :func:`encoder_batches` readings, as printed."""
    calls = after[1] - before[1]
    return f"{(after[0] - before[0]) / calls:.1f} questions/encoder call" if calls else "no encoder calls"
