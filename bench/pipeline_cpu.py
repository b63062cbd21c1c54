"""CPU per message of the whole bot but the platform: router, matching (encoder on and off), SQLite.

Run: ``PYTHONPATH=src:. python bench/pipeline_cpu.py [--rounds 6] [--per-round 500]``

The load benches (``onebot_load.py``, ``telegram_load.py``) measure the real
thing, but on a shared machine their figures swing by 15% and more from one
run to the next, and a change worth 5% drowns. Here one process delivers
messages straight to the bot's message router (the bot built by
``open_bot`` on a fresh SQLite file and the sample FAQ, a fake chat platform
taking the replies), 20 at a time from 20 groups, as the load benches offer
them: mostly questions the sample FAQ answers, one in ten a problem report
(each reported five times: one ticket, four repeats). Each round's CPU time
(the encoder's thread included) is divided by its messages; the first round
warms up and is not counted. The bot on words only runs first, then with the
sentence encoder, in the same process, and the ratio is printed. Pin it to one
core (``taskset -c 1``) and compare builds by the median and the minimum of
several runs, alternating them. The replies' digest shows two builds answered
alike (the digest is over the replies sorted, as concurrent messages finish in any order).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.support.load_mix import KNOWN, problem

from groupbot.bootstrap import open_bot
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform

ROOT = Path(__file__).resolve().parents[1]
GROUPS = 20


def _text(n: int) -> str:
    return problem(n // 50) if n % 10 == 9 else KNOWN[n % len(KNOWN)]  # each problem reported five times


async def measure(model: bool, rounds: int, per_round: int) -> tuple[list[float], int, str]:
    """CPU ms per message of each counted round, replies sent, and a digest of them."""
    os.environ["GROUPBOT_MATCHING__MODEL__ENABLED"] = str(model).lower()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", faq_dir=ROOT / "faq",
                            tickets={"cooldown_seconds": 0})
        bot = await open_bot(settings)
        platform = FakeChatPlatform()
        bot.outbound.register(platform)
        await platform.start(bot.router)
        sent, costs = 0, []
        try:
            for number in range(rounds + 1):
                started = time.process_time()
                for _wave in range(per_round // GROUPS):
                    await asyncio.gather(*(platform.say(_text(sent + k), chat=f"group-{(sent + k) % GROUPS}",
                                                        user=f"user-{(sent + k) % 97}", message_id=str(sent + k))
                                           for k in range(GROUPS)))
                    sent += GROUPS
                if number:  # the first round warms up
                    costs.append(1000 * (time.process_time() - started) / (per_round // GROUPS * GROUPS))
        finally:
            await bot.close()
    lines = "\n".join(sorted(f"{r.chat.chat_id}|{r.reply_to_message_id}|{r.text}" for r in platform.sent))
    return costs, len(platform.sent), hashlib.sha256(lines.encode()).hexdigest()[:12]


def _line(name: str, costs: list[float], replies: int, digest: str) -> str:
    rounds = " ".join(f"{cost:.2f}" for cost in costs)
    return (f"{name:<12} median {statistics.median(costs):.2f} ms  min {min(costs):.2f} ms CPU/msg  "
            f"(rounds {rounds})  {replies} replies, digest {digest}")


async def main(rounds: int, per_round: int) -> None:
    words = await measure(False, rounds, per_round)
    model = await measure(True, rounds, per_round)
    print(f"{per_round} messages a round, {GROUPS} at a time; SQLite, the sample FAQ, no platform")
    print(_line("words only", *words))
    print(_line("encoder on", *model))
    print(f"ratio encoder on / words only: {statistics.median(model[0]) / statistics.median(words[0]):.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="rounds counted (one more warms up)")
    parser.add_argument("--per-round", type=int, default=500, help="messages a round")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.per_round))
