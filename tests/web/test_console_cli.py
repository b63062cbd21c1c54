"""`groupbot web link`, `groupbot faq import` of spreadsheets, `groupbot digest --chart`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.e2e.test_console_cli import groupbot

ROOT = Path(__file__).resolve().parents[2]


def test_web_link_prints_a_link_for_ops_only(tmp_path: Path) -> None:
    env = {"GROUPBOT_WEB__SECRET_FILE": str(tmp_path / "key"), "GROUPBOT_OPS__USERS": '["telegram:42"]'}
    printed = groupbot(tmp_path, "web", "link", "telegram:42", env=env)
    assert printed.returncode == 0, printed.stderr.decode()
    assert re.fullmatch(r"http://127\.0\.0\.1:8080/signin\?token=[\w-]+\.[\w-]+\n", printed.stdout.decode())
    assert (tmp_path / "key").stat().st_mode & 0o077 == 0
    refused = groupbot(tmp_path, "web", "link", "telegram:7", env=env)
    assert refused.returncode == 2 and "not in ops.users" in refused.stderr.decode()
    malformed = groupbot(tmp_path, "web", "link", "42", env=env)
    assert malformed.returncode == 2


def test_faq_import_reads_a_csv_and_names_bad_rows(tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(ROOT / "faq" / "en", faq)
    env = {"GROUPBOT_FAQ_DIR": str(faq)}
    bad = tmp_path / "bad.csv"
    bad.write_text("id,question,answer\nmoon,How to aim?,Scope.\nbroken,Why?,\n", encoding="utf-8")
    refused = groupbot(tmp_path, "faq", "import", str(bad), env=env)
    assert refused.returncode == 2
    assert "row 3, column C (answer)" in refused.stderr.decode()
    good = tmp_path / "good.csv"
    good.write_text("id,question,answer\nmoon,How do I aim the moon laser?,Use the scope.\n", encoding="utf-8")
    imported = groupbot(tmp_path, "faq", "import", str(good), env=env)
    assert imported.returncode == 0, imported.stderr.decode()
    assert "1 added" in imported.stdout.decode()
    asked = groupbot(tmp_path, "ask", "how do I aim the moon laser", env=env)
    assert "entry: moon" in asked.stdout.decode()


def test_digest_chart_is_saved_from_the_command_line(tmp_path: Path) -> None:
    groupbot(tmp_path, "demo", "seed", "--week", "2026-W47")
    chart = tmp_path / "chart.png"
    result = groupbot(tmp_path, "digest", "--week", "2026-W47", "--chart", str(chart))
    assert result.returncode == 0, result.stderr.decode()
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "Glyph" not in result.stderr.decode()
