"""QQ load: ``groupbot run`` over a OneBot reverse WebSocket at a fixed offered rate, against a bare handler.

Run: ``PYTHONPATH=src:. python bench/onebot_load.py [--rate 400] [--seconds 60] [--instances 1]
[--postgres] [--soak] [--no-model]``

A fake NapCat (``tests/adapters/onebot_peer.py``) in this process connects to
each bot process and pushes group messages at ``--rate`` per second in total
(open loop: on schedule, whether or not replies keep up), spread over 20
groups: mostly questions the sample FAQ answers, one in ten a problem report (each
problem reported five times: one ticket, four repeats). With two instances every
message goes to one of them in turn (a round-robin proxy), and each problem
report goes to both at the same moment, so a split ticket or a doubled reply
would show.

The baseline, in the same run and under the same load, is a bare aiohttp
handler in its own process that answers every event with a ``send_group_msg``
frame: what any bot must do. Each bot process is pinned to one core
(``sched_setaffinity``), the load generator to the other.

Reported per run: messages offered and answered, answered per second over
the offered window, p50/p99 latency (event sent to reply received), replies
that came twice, the bot's CPU ms per message and RSS, and how long the
replies took to catch up after the last message was offered (the queue left
behind). ``--soak`` offers 50,000 messages at 200/s and prints RSS every 10 s.
``--no-model`` matches on words only (the sentence encoder off), to measure the
rest of the pipeline on its own.

Targets (issue 13): one instance on SQLite sustains 400 msg/s for 60 s with p99
<= 250 ms; two instances on one PostgreSQL >= 600 msg/s together with no
duplicate reply or ticket; the soak's RSS flat after warm-up (within 40 MB)
with no queue left behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.support.load_mix import KNOWN
from bench.support.load_mix import problem as problem_text
from bench.support.scrape import encoder_batches, mean_batch

from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.conftest import pg_admin, server_url

ROOT = Path(__file__).resolve().parents[1]
GROUPS = 20



@dataclass
class Run:
    """What one run measured."""

    name: str
    offered: int = 0
    window: float = 0.0
    sent_at: dict[str, float] = field(default_factory=dict)
    replies: dict[str, list[float]] = field(default_factory=dict)
    cpu: float = 0.0
    rss_mb: list[float] = field(default_factory=list)
    catch_up: float | None = None
    batches: str = ""

    def note_reply(self, frame: dict) -> None:
        if frame.get("action") != "send_group_msg":
            return
        first = frame["params"]["message"][0]
        if first.get("type") == "reply":
            self.replies.setdefault(str(first["data"]["id"]), []).append(time.perf_counter())

    @property
    def answered(self) -> int:
        return sum(1 for key in self.sent_at if key in self.replies)

    @property
    def doubled(self) -> int:
        return sum(1 for times in self.replies.values() if len(times) > 1)

    def in_window(self) -> int:
        """Replies that arrived while messages were still being offered (what was sustained)."""
        end = min(self.sent_at.values()) + self.window
        return sum(1 for times in self.replies.values() if times[0] <= end)

    def percentile(self, share: float) -> float:
        latencies = sorted(self.replies[key][0] - sent for key, sent in self.sent_at.items() if key in self.replies)
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))] if latencies else float("nan")

    def line(self) -> str:
        cpu_ms = 1000 * self.cpu / max(self.answered, 1)
        rss = f"{self.rss_mb[-1]:.0f} MB" if self.rss_mb else "-"
        catch_up = f"{self.catch_up:.1f} s" if self.catch_up is not None else "never"
        return (f"{self.name:<22} offered {self.offered:>6}  answered {self.answered:>6}  "
                f"{self.in_window() / self.window:>6.0f} msg/s sustained  p50 {self.percentile(0.5):>7.1f} ms  "
                f"p99 {self.percentile(0.99):>8.1f} ms  doubled {self.doubled}  {cpu_ms:5.2f} ms CPU/msg  "
                f"RSS {rss}  caught up {catch_up}  {self.batches}").rstrip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bare_bot(port: int) -> None:
    """The baseline, run as its own process: parse each event, answer it with one action frame."""
    from aiohttp import WSMsgType, web

    async def handle(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=8 * 1024 * 1024)
        await ws.prepare(request)
        echo = 0
        async for message in ws:
            if message.type is WSMsgType.TEXT:
                frame = json.loads(message.data)
                if frame.get("post_type") == "message":
                    echo += 1
                    reply = [{"type": "reply", "data": {"id": str(frame["message_id"])}},
                             {"type": "text", "data": {"text": "answer"}}]
                    params = {"group_id": frame["group_id"], "message": reply}
                    await ws.send_json({"action": "send_group_msg", "params": params, "echo": str(echo)})
        return ws

    app = web.Application()
    app.router.add_get("/onebot/v11/ws", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


def _env(folder: Path, port: int, database_url: str, model: bool) -> dict[str, str]:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("GROUPBOT_")}
    environ.update(
        PYTHONPATH=str(ROOT / "src"),
        GROUPBOT_DATABASE_URL=database_url,
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_LOG_LEVEL="WARNING",
        GROUPBOT_CONSOLE__ENABLED="false",
        GROUPBOT_WEB__PORT=str(port),
        GROUPBOT_ONEBOT__ENABLED="true",
        GROUPBOT_ONEBOT__ACCESS_TOKEN=TOKEN,
        # The fake peer is not QQ: no pacing, and a reply to every question (no cool-down).
        GROUPBOT_ONEBOT__PACE_INTERVAL="0",
        GROUPBOT_ONEBOT__PACE_PER_MINUTE=str(10**9),
        GROUPBOT_TICKETS__COOLDOWN_SECONDS="0",
        # --no-model: what the pipeline costs without the sentence encoder (words-only matching).
        GROUPBOT_MATCHING__MODEL__ENABLED=str(model).lower(),
    )
    return environ


async def _spawn(
    kind: str, folder: Path, port: int, database_url: str, core: int, model: bool = True
) -> asyncio.subprocess.Process:
    if kind == "bare":
        command = [sys.executable, __file__, "--bare-bot", str(port)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
    else:
        command, env = [sys.executable, "-m", "groupbot", "run"], _env(folder, port, database_url, model)
    process = await asyncio.create_subprocess_exec(*command, env=env, cwd=folder, stdin=asyncio.subprocess.DEVNULL)
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setaffinity(process.pid, {core % (os.cpu_count() or 1)})
    return process


def _proc(pid: int) -> tuple[float, float]:
    """(CPU seconds, RSS MB) of ``pid`` from /proc; zeros where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(fields[21])
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), rss_pages * os.sysconf("SC_PAGESIZE") / 2**20


async def _connect(port: int) -> FakeOneBot:
    peer = FakeOneBot(f"ws://127.0.0.1:{port}/onebot/v11/ws")
    for _attempt in range(600):
        try:
            await peer.connect()
            return peer
        except OSError:
            await asyncio.sleep(0.1)
    raise SystemExit(f"nothing accepted a WebSocket on port {port}")


def _event(n: int) -> tuple[dict, bool]:
    """Message ``n`` and whether it reports a problem (each is reported 5 times: one ticket, 4 repeats)."""
    group = n % GROUPS
    problem = n % 10 == 9
    words = problem_text(n // 50) if problem else KNOWN[n % len(KNOWN)]
    segments = [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": words}}]
    return group_message(segments, message_id=100_000 + n, group_id=700 + group, user_id=50_000 + n % 97), problem


async def _offer(peers: list[FakeOneBot], run: Run, rate: float, total: int, every: float, pids: list[int]) -> None:
    """Push ``total`` messages at ``rate``/s, round-robin over ``peers``; new problems go to all of them."""
    start = time.perf_counter()
    next_report = every
    for n in range(total):
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        event, problem = _event(n)
        run.sent_at[str(event["message_id"])] = time.perf_counter()
        targets = peers if problem else [peers[n % len(peers)]]
        await asyncio.gather(*(peer.push(event) for peer in targets))
        if every and time.perf_counter() - start >= next_report:
            next_report += every
            rss = sum(_proc(pid)[1] for pid in pids)
            run.rss_mb.append(rss)
            print(f"  {time.perf_counter() - start:6.0f} s  offered {n + 1:>6}  answered {run.answered:>6}  "
                  f"RSS {rss:6.1f} MB", flush=True)
    run.offered = total
    run.window = total / rate


async def _catch_up(run: Run, patience: float) -> None:
    """Wait for the replies still owed once offering stopped; how long they took is the queue left behind."""
    stopped = time.perf_counter()
    while time.perf_counter() - stopped < patience:
        if run.answered >= run.offered:
            run.catch_up = time.perf_counter() - stopped
            return
        await asyncio.sleep(0.05)


async def measure(kind: str, name: str, instances: int, args: argparse.Namespace, database_url: str) -> Run:
    """Start ``instances`` processes of ``kind``, offer the load, and collect what came back."""
    run = Run(name)
    total = int(args.rate * args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        processes, peers, ports = [], [], []
        try:
            for i in range(instances):
                port = _free_port()
                ports.append(port)
                folder = Path(tmp) / f"bot{i}"
                folder.mkdir()
                processes.append(await _spawn(kind, folder, port, database_url, core=i, model=not args.no_model))
                peer = await _connect(port)  # one after the other: each migrates the database at start
                peer.on_action = run.note_reply
                peers.append(peer)
            with contextlib.suppress(OSError, AttributeError):
                os.sched_setaffinity(0, {instances % (os.cpu_count() or 1)})
            await _warm_up(peers)
            batches = await encoder_batches(ports[0]) if kind == "groupbot" else None
            before = [_proc(p.pid) for p in processes]
            await _offer(peers, run, args.rate, total, 10.0 if args.soak else 0.0, [p.pid for p in processes])
            await _catch_up(run, patience=120.0)
            after = [_proc(p.pid) for p in processes]
            if batches is not None:  # the first instance's
                run.batches = mean_batch(batches, await encoder_batches(ports[0]))
            run.cpu = sum(a[0] - b[0] for a, b in zip(after, before, strict=True))
            run.rss_mb.append(sum(a[1] for a in after))
        finally:
            for peer in peers:
                await peer.close()
            for process in processes:
                process.terminate()
                await process.wait()
    return run


async def _warm_up(peers: list[FakeOneBot]) -> None:
    for i, peer in enumerate(peers):
        for n in range(len(KNOWN)):
            event, _problem = _event(n * 10)
            event["message_id"] = 90_000 + i * 100 + n
            await peer.push(event)
        await peer.wait_calls("send_group_msg", len(KNOWN), patience=60)


async def _tickets(database_url: str) -> tuple[int, int, int]:
    """(tickets, distinct problems reported, problems whose reports are split over several tickets)."""
    from sqlalchemy import text

    from groupbot.db import create_engine

    problem = "substring(text from 'broken [0-9]+')"
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            tickets = (await conn.execute(text("SELECT count(*) FROM tickets"))).scalar_one()
            problems = (await conn.execute(text(f"SELECT count(DISTINCT {problem}) FROM ticket_reports"))).scalar_one()
            split = (await conn.execute(text(
                f"SELECT count(*) FROM (SELECT {problem} FROM ticket_reports GROUP BY 1"
                " HAVING count(DISTINCT ticket_number) > 1) AS s"
            ))).scalar_one()
            return tickets, problems, split
    finally:
        await engine.dispose()


def _bench_database() -> str:
    return f"groupbot_bench_{os.getpid()}"


async def _fresh_postgres() -> str:
    await pg_admin(f'DROP DATABASE IF EXISTS "{_bench_database()}" WITH (FORCE)')
    await pg_admin(f'CREATE DATABASE "{_bench_database()}"')
    return server_url().rsplit("/", 1)[0] + f"/{_bench_database()}"


async def main(args: argparse.Namespace) -> None:
    if args.soak:
        args.rate, args.seconds = 200.0, 250.0
    database = "PostgreSQL" if args.postgres else "SQLite"
    model = "words-only matching (no sentence encoder)" if args.no_model else "sentence encoder on"
    print(f"{args.instances} instance(s) on {database}; {args.rate:.0f} msg/s offered for {args.seconds:.0f} s "
          f"over a reverse WebSocket each; every process pinned to one core; {model}")
    with tempfile.TemporaryDirectory() as tmp:
        bare = await measure("bare", "bare handler", args.instances, args, "")
        print(bare.line())
        database_url = await _fresh_postgres() if args.postgres else f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        ours = await measure("groupbot", "groupbot run", args.instances, args, database_url)
        print(ours.line())
    print(f"ratio groupbot/bare: p99 latency {ours.percentile(0.99) / bare.percentile(0.99):.1f}x, "
          f"sustained rate {ours.in_window() / max(bare.in_window(), 1):.2f}x")
    if args.postgres:
        tickets, problems, split = await _tickets(database_url)
        await pg_admin(f'DROP DATABASE IF EXISTS "{_bench_database()}" WITH (FORCE)')
        print(f"tickets {tickets} for {problems} distinct problems, {split} split over several tickets "
              "(each report sent to every instance at once)")
    if args.soak and len(ours.rss_mb) > 3:
        warm = ours.rss_mb[2]
        print(f"RSS after warm-up {warm:.1f} MB, at the end {ours.rss_mb[-1]:.1f} MB, "
              f"growth {ours.rss_mb[-1] - warm:+.1f} MB (target within 40 MB)")
    print(f"median RSS {statistics.median(ours.rss_mb):.1f} MB" if ours.rss_mb else "")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=400.0, help="messages offered per second, in total")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="one PostgreSQL database (GROUPBOT_TEST_PG_URL)")
    parser.add_argument("--soak", action="store_true", help="50,000 messages at 200/s, RSS every 10 s")
    parser.add_argument("--no-model", action="store_true", help="match on words only (sentence encoder off)")
    parser.add_argument("--bare-bot", type=int, metavar="PORT", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.bare_bot:
        bare_bot(arguments.bare_bot)
    else:
        asyncio.run(main(arguments))
