"""The bot as a user runs it: ``groupbot run`` with piped input, on its defaults."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def groupbot(tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None, stdout=subprocess.PIPE):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_") or k.endswith("MODEL__CACHE_DIR")}
    environ["GROUPBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    environ["GROUPBOT_FAQ_DIR"] = str(ROOT / "faq")
    environ["PYTHONPATH"] = str(ROOT / "src")
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "groupbot", *args],
        input=stdin.encode(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=environ,
        timeout=120,
        check=False,
    )


@contextmanager
def reader_gone() -> Iterator[int]:
    """A pipe whose reading end is already closed, as after ``groupbot ... | head -2`` has its lines."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


def tickets(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "bot.db") as db:
        return db.execute("select number, status, title from tickets order by number").fetchall()


def test_piped_question_gets_the_faq_answer(tmp_path):
    result = groupbot(tmp_path, "run", stdin="how do I reset my password?\n")
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert out.startswith("bot> ")
    assert re.search(r"reset", out, re.IGNORECASE)
    assert "ticket" not in out.lower()


def test_unknown_question_opens_a_ticket_in_the_database(tmp_path):
    question = "the quantum flux capacitor on my yacht keeps humming in B flat"
    result = groupbot(tmp_path, "run", stdin=f"dave: {question}\n")
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    number = int(re.search(r"#(\d+)", out).group(1))
    assert tickets(tmp_path) == [(number, "open", question)]


def test_chinese_question_gets_a_chinese_reply(tmp_path):
    result = groupbot(tmp_path, "run", stdin="量子通量电容器在游艇上一直嗡嗡响怎么办\n")
    assert "工单" in result.stdout.decode()


def test_invalid_configuration_names_the_key_and_exits_2(tmp_path):
    result = groupbot(tmp_path, "run", env={"GROUPBOT_MATCHING__ANSWER": "high"})
    assert result.returncode == 2
    assert "GROUPBOT_MATCHING__ANSWER" in result.stderr.decode()


def test_ops_users_may_be_set_as_a_plain_value(tmp_path):
    result = groupbot(tmp_path, "ask", "x", env={"GROUPBOT_OPS__USERS": "telegram:42"})
    assert result.returncode == 0, result.stderr.decode()


def test_bad_value_in_groupbot_toml_is_reported_under_the_file(tmp_path):
    (tmp_path / "groupbot.toml").write_text("[web]\nport = 99999\n", encoding="utf-8")
    result = groupbot(tmp_path, "ask", "x")
    assert result.returncode == 2
    assert "invalid configuration: web.port (in groupbot.toml)" in result.stderr.decode()


def test_unknown_setting_is_rejected(tmp_path):
    result = groupbot(tmp_path, "ask", "x", env={"GROUPBOT_TELEGRAM__TOKN": "123"})
    assert result.returncode == 2
    assert "telegram.TOKN" in result.stderr.decode() or "TOKN" in result.stderr.decode()


def test_ask_prints_the_decision(tmp_path):
    result = groupbot(tmp_path, "ask", "how do I reset my password?")
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "decision: answer" in out and "score:" in out


def test_ask_into_a_closed_pipe_stops_quietly(tmp_path):
    with reader_gone() as pipe:
        result = groupbot(tmp_path, "ask", "how do I reset my password?", "--explain", stdout=pipe)
    assert (result.returncode, result.stderr.decode()) == (141, "")  # 128 + SIGPIPE, like head's other writers


def test_db_upgrade_says_what_it_did(tmp_path):
    first = groupbot(tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr.decode()
    assert re.fullmatch(r"database upgraded from an empty database to revision \w+\n", first.stdout.decode())
    head = first.stdout.decode().split()[-1]
    again = groupbot(tmp_path, "db", "upgrade").stdout.decode()
    assert again == f"database already up to date (revision {head})\n"


def test_faq_export_then_import_round_trips(tmp_path):
    faq_dir = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", faq_dir)
    env = {"GROUPBOT_FAQ_DIR": str(faq_dir)}
    exported = groupbot(tmp_path, "faq", "export", "x.jsonl", env=env)
    assert exported.returncode == 0, exported.stderr.decode()
    first = (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    imported = groupbot(tmp_path, "faq", "import", "x.jsonl", env=env)
    assert imported.returncode == 0, imported.stderr.decode()
    again = groupbot(tmp_path, "faq", "export", "y.jsonl", env=env)
    assert again.returncode == 0
    assert sorted(first.splitlines()) == sorted((tmp_path / "y.jsonl").read_text(encoding="utf-8").splitlines())
    assert groupbot(tmp_path, "faq", "check", env=env).returncode == 0


@pytest.mark.parametrize("action", ["import", "export"])
def test_faq_import_export_need_a_file(tmp_path, action):
    result = groupbot(tmp_path, "faq", action)
    assert result.returncode == 2 and "FILE" in result.stderr.decode()


def test_sigterm_stops_the_console_while_input_is_still_open(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_") or k.endswith("MODEL__CACHE_DIR")}
    environ |= {
        "GROUPBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "GROUPBOT_FAQ_DIR": str(ROOT / "faq"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "groupbot", "run"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=environ,
    )
    try:
        process.stdin.write(b"how do I reset my password?\n")
        process.stdin.flush()
        assert process.stdout.readline().startswith(b"bot> ")  # it is up and answering
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.stdin.close()
