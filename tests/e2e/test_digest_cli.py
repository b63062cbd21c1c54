"""``groupbot demo seed`` then ``groupbot digest`` as an ops lead runs them."""

from __future__ import annotations

import json

from tests.e2e.test_console_cli import groupbot, reader_gone


def test_seeded_demo_database_prints_a_digest_in_every_format(tmp_path):
    seeded = groupbot(tmp_path, "demo", "seed", "--week", "2026-W47")
    assert seeded.returncode == 0, seeded.stderr.decode()
    assert "seeded 2026-W47" in seeded.stderr.decode()
    data = json.loads(groupbot(tmp_path, "digest", "--week", "2026-W47", "--format", "json").stdout)
    assert data["week"] == "2026-W47"
    assert data["opened"]["current"] == sum(now for now, _ in data["opened_by_category"].values())
    assert data["top_failures"] and data["open_escalations"]
    assert 0 < data["coverage"]["now_answered"] <= data["coverage"]["unanswered"]
    text = groupbot(tmp_path, "digest", "--week", "2026-W47", "--locale", "en").stdout.decode()
    assert text.startswith("Weekly support digest 2026-W47 (11-16 – 11-22)")
    assert f"Opened {data['opened']['current']} (last week {data['opened']['previous']})" in text
    zh = groupbot(tmp_path, "digest", "--week", "2026-W47", "--format", "markdown").stdout.decode()
    assert zh.startswith("# 每周支持周报 2026-W47")


def test_bad_week_is_a_usage_error(tmp_path):
    result = groupbot(tmp_path, "digest", "--week", "last-week")
    assert result.returncode == 2
    assert "must look like 2026-W07" in result.stderr.decode()


def test_a_week_that_has_not_started_is_refused(tmp_path):
    result = groupbot(tmp_path, "digest", "--week", "2999-W01")
    assert result.returncode == 2
    assert "error: week 2999-W01 has not started yet" in result.stderr.decode()
    assert result.stdout == b""


def test_digest_into_a_closed_pipe_stops_quietly(tmp_path):
    with reader_gone() as pipe:
        result = groupbot(tmp_path, "digest", "--week", "2026-W47", stdout=pipe)
    assert (result.returncode, result.stderr.decode()) == (141, "")
