"""Telegram load: our whole pipeline against a minimal PTB echo bot, on the same fake Bot API.

Run: ``PYTHONPATH=src:. python bench/telegram_load.py [--groups 20] [--messages 50] [--no-model]``

N simulated groups (5 customers each) send questions, all queued on the fake
server at once: mostly ones the sample FAQ answers, one in ten a new problem
(a ticket). The fake server runs in this process; each bot runs in its own
process pinned to one core: first a minimal PTB echo bot, then the real
``groupbot run`` (SQLite, sample FAQ), with the same PTB concurrency and no
rate limiting (the fake server is not Telegram). So the ratio is what our
adapter, routing, matching and storage cost on top of PTB itself. ``--no-model``
also runs groupbot matching on words only (the sentence encoder off), to show
the rest of the pipeline on its own and what the encoder adds.

Reported per bot: inbound messages/s handled (wall clock), the bot process's
CPU milliseconds per message (steadier than wall time on a shared machine),
and p50/p99 from the moment the fake server handed out the update to the
moment it received the reply (queueing included: everything is sent at once).

Targets (docs/telegram.md): at most 2x the echo bot's per-message CPU time, and
at least 300 inbound messages/s on one core with SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.support.scrape import encoder_batches, mean_batch
from telegram import ReplyParameters, Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.adapters.telegram.fake_bot_api import TOKEN, FakeBotApi
from tests.adapters.telegram.tg_updates import asking, group, update, user

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 64
WORDS_ONLY = "words only"
KNOWN = (
    "how do I reset my password?",
    "how do I export a dashboard to PDF?",
    "where can I get an invoice?",
    "SSO login error",
    "export too big",
    "how do I turn off email notifications?",
    "密码忘了怎么重置？",
    "发票在哪里下载？",
)

@dataclass(frozen=True)
class Result:
    """What one run measured."""

    name: str
    messages: int
    wall: float
    cpu: float
    latencies: list[float]
    batches: str = ""

    @property
    def per_second(self) -> float:
        return self.messages / self.wall

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / self.messages

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self) -> str:
        return (f"{self.name:<12} {self.messages:>6} msgs  {self.per_second:>8.0f} msg/s  "
                f"{self.cpu_ms:>6.2f} ms CPU/msg  p50 {self.percentile(0.5):>7.1f} ms  "
                f"p99 {self.percentile(0.99):>7.1f} ms  {self.batches}").rstrip()


def _questions(groups: int, per_group: int, first_id: int) -> list[dict]:
    updates, message_id = [], first_id
    for n in range(per_group):
        for g in range(groups):
            message_id += 1
            text = f"widget {g}-{n} makes a grinding noise" if n % 10 == 9 else KNOWN[(g + n) % len(KNOWN)]
            sender = user(10_000 + g * 5 + n % 5, f"c{g}-{n % 5}")
            chat = group(-1_000_000_000 - g, f"customers {g}")
            updates.append(update(message=asking(f"@groupbot_test_bot {text}", chat=chat, sender=sender,
                                                 message_id=message_id)))
    return updates


async def _drive(api: FakeBotApi, updates: list[dict]) -> tuple[float, float, list[float]]:
    """Queue ``updates``, wait for one reply each; returns wall, CPU and latencies."""
    already = len(api.sent())
    keys = {(str(u["message"]["chat"]["id"]), u["message"]["message_id"]): u for u in updates}
    wall, cpu = time.perf_counter(), time.process_time()
    for body in updates:
        api.push_update(body)
    try:
        await api.wait_for("sendMessage", already + len(updates), patience=120)
    except TimeoutError:
        raise SystemExit(f"only {len(api.sent()) - already} of {len(updates)} questions got a reply") from None
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    received = {(c.params["chat_id"], int(c.params["reply_parameters"]["message_id"])): c.at
                for c in api.calls if c.method == "sendMessage" and "reply_parameters" in c.params}
    latencies = [received[key] - api.delivered_at[body["update_id"]] for key, body in keys.items()]
    return wall, cpu, latencies


def echo_bot(base_url: str) -> None:
    """The baseline, run as its own process: PTB polling, one handler that replies with the text."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await context.bot.send_message(message.chat_id, message.text,
                                       reply_parameters=ReplyParameters(message.message_id))

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(CONCURRENCY).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(timeout=1, stop_signals=(signal.SIGTERM,))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _groupbot_env(base_url: str, folder: Path, port: int, model: bool = True) -> dict[str, str]:
    """``groupbot run`` on a fresh SQLite file and the sample FAQ, polling the fake server."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith("GROUPBOT_")}
    environ.update(
        PYTHONPATH=str(ROOT / "src"),
        GROUPBOT_DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_LOG_LEVEL="WARNING",
        GROUPBOT_CONSOLE__ENABLED="false",
        GROUPBOT_WEB__PORT=str(port),  # /metrics: the encoder's batch sizes
        GROUPBOT_TELEGRAM__TOKEN=TOKEN,
        GROUPBOT_TELEGRAM__BASE_URL=base_url,
        GROUPBOT_TELEGRAM__POLL_TIMEOUT="1",
        GROUPBOT_TELEGRAM__CONCURRENT_UPDATES=str(CONCURRENCY),
        # The fake server is not Telegram: no pacing, and (like the echo bot) a reply to every question.
        GROUPBOT_TELEGRAM__LIMITS__ENABLED="false",
        GROUPBOT_TICKETS__COOLDOWN_SECONDS="0",
        GROUPBOT_MATCHING__MODEL__ENABLED=str(model).lower(),
    )
    return environ


async def _spawn(name: str, base_url: str, folder: Path, port: int) -> asyncio.subprocess.Process:
    if name == "ptb echo":
        command, env = [sys.executable, __file__, "--echo-bot", base_url], {**os.environ, "PYTHONPATH": str(ROOT)}
    else:
        command = [sys.executable, "-m", "groupbot", "run"]
        env = _groupbot_env(base_url, folder, port, name != WORDS_ONLY)
    process = await asyncio.create_subprocess_exec(*command, env=env, cwd=folder, stdin=asyncio.subprocess.DEVNULL)
    with contextlib.suppress(OSError, AttributeError):  # one core for the bot, the other for the fake server
        os.sched_setaffinity(process.pid, {0})
        os.sched_setaffinity(0, {1 % (os.cpu_count() or 1)})
    return process


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` (Linux /proc); 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(name: str, groups: int, per_group: int, folder: Path) -> Result:
    """Start the bot, warm up with one question per group, then time ``groups * per_group`` more."""
    async with FakeBotApi(privacy_mode=False) as api:
        port = _free_port()
        process = await _spawn(name, api.base_url, folder, port)
        try:
            await api.wait_for("getUpdates", patience=120)
            await _drive(api, _questions(groups, 1, 0))
            batches = await encoder_batches(port) if name == "groupbot" else None
            cpu = _cpu_seconds(process.pid)
            wall, _own_cpu, latencies = await _drive(api, _questions(groups, per_group, 1_000))
            cpu = _cpu_seconds(process.pid) - cpu
            if batches is not None:
                batches = mean_batch(batches, await encoder_batches(port))
        finally:
            process.terminate()
            await process.wait()
    return Result(name, groups * per_group, wall, cpu, latencies, batches or "")


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


async def main(groups: int, per_group: int, words_only: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        echo = await measure("ptb echo", groups, per_group, Path(tmp))
        words = await measure(WORDS_ONLY, groups, per_group, _folder(Path(tmp) / "words")) if words_only else None
        ours = await measure("groupbot", groups, per_group, Path(tmp))
    print(f"{groups} groups x {per_group} questions; each bot in its own process pinned to one core, "
          f"PTB concurrency {CONCURRENCY}; groupbot on SQLite with the sample FAQ")
    print(echo.line())
    if words is not None:
        print(f"{words.line()}  ({words.cpu_ms / echo.cpu_ms:.2f}x echo CPU; the encoder adds "
              f"{ours.cpu_ms - words.cpu_ms:.2f} ms a message)")
    print(ours.line())
    cpu_ratio, wall_ratio = ours.cpu_ms / echo.cpu_ms, echo.per_second / ours.per_second
    print(f"ratio groupbot/echo: {cpu_ratio:.2f}x CPU per message, {wall_ratio:.2f}x wall time per message, "
          f"p50 latency {ours.percentile(0.5) / echo.percentile(0.5):.2f}x")
    capacity = 1000 / ours.cpu_ms
    verdict = "met" if cpu_ratio <= 2 and ours.per_second >= 300 else "NOT met"
    print(f"groupbot CPU-bound capacity on one core: {capacity:.0f} msg/s; "
          f"targets (<= 2x echo CPU per message, >= 300 msg/s handled): {verdict}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--messages", type=int, default=50, help="questions per group")
    parser.add_argument("--no-model", action="store_true", help="also run groupbot matching on words only")
    parser.add_argument("--echo-bot", metavar="BASE_URL", help=argparse.SUPPRESS)  # the baseline's own process
    arguments = parser.parse_args()
    if arguments.echo_bot:
        echo_bot(arguments.echo_bot)
    else:
        asyncio.run(main(arguments.groups, arguments.messages, arguments.no_model))
