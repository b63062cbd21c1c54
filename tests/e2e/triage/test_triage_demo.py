"""The scripted console session of docs/demo-triage.in, run through ``groupbot run`` as a user would.

Two customers in two groups report the same failure -> one ticket with two
reports; ops list, assign, escalate and resolve it; both askers get the
answer; /learn makes it an FAQ entry; the next customer gets that answer.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "docs" / "demo-triage.in"
ANSWER = "请升级到 5.2.1 版本，扫码闪退的问题已修复。"


def run_demo(tmp_path: Path) -> str:
    """Run the demo script on a fresh SQLite database and the checkout's own FAQ, as the README suggests.

    The data directory is ``tmp_path/data`` (the working directory's ``data/``), so
    what /learn writes lands there and never in the checkout.
    """
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ.update(
        GROUPBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        GROUPBOT_FAQ_DIR=str(ROOT / "faq"),
        GROUPBOT_OPS__CHAT="console:ops-room",
        GROUPBOT_CONSOLE__ECHO="true",
        PYTHONPATH=str(ROOT / "src"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "groupbot", "run"],
        input=SCRIPT.read_bytes(),
        capture_output=True,
        cwd=tmp_path,
        env=environ,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def after(transcript: str, prompt: str) -> str:
    """The bot's output between the line typed at ``prompt`` and the next typed line."""
    _, _, rest = transcript.partition(prompt + "\n")
    lines = []
    for line in rest.splitlines():
        if "> " in line and not line.startswith("bot> ") and "@" in line.split("> ", 1)[0]:
            break
        lines.append(line)
    return "\n".join(lines)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_scripted_triage_session(tmp_path):
    shipped = _snapshot(ROOT / "faq")
    transcript = run_demo(tmp_path)
    assert "工单 #1" in after(transcript, "alice@groupA> 扫码之后安卓App闪退")
    merged = after(transcript, "bob@groupB> 安卓App扫码后闪退了")
    assert "工单 #1" in merged and "2 reports from 2 people in 2 chats" in merged
    assert after(transcript, "ops@ops-room> /tickets").startswith("bot> #1 open [failure/")  # ops type English here
    assert "assigned to ops" in after(transcript, "ops@ops-room> /assign 1 me")
    assert "escalated to R&D" in after(
        transcript, "ops@ops-room> /escalate 1 rd Android 14 scanner crash, see logs from Bob"
    )
    resolved = after(transcript, f"ops@ops-room> /resolve 1 {ANSWER}")
    assert f"bot> [groupA] @alice 工单 #1 有答复了：\n{ANSWER}" in resolved
    assert f"bot> [groupB] @bob 工单 #1 有答复了：\n{ANSWER}" in resolved
    assert "ticket-1" in after(transcript, "ops@ops-room> /learn 1")
    assert ANSWER in after(transcript, "carol@groupC> 安卓App一扫码就闪退")

    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("select number, status, team, assignee from tickets").fetchall() == [
            (1, "resolved", "rd", "ops")
        ]
        assert db.execute("select count(*) from ticket_reports").fetchone() == (2,)
        assert db.execute("select outcome from audit_events where action = 'feedback'").fetchall() == [("helpful",)]
    [entry] = yaml.safe_load((tmp_path / "data" / "faq" / "learned.yaml").read_text(encoding="utf-8"))
    assert _snapshot(ROOT / "faq") == shipped, "the demo changed nothing in the checkout's faq/"
    assert (entry["id"], entry["aliases"], entry["answer"].strip()) == ("ticket-1", ["安卓App扫码后闪退了"], ANSWER)
