"""``groupbot faq check|export|import`` and startup refusing broken FAQ files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from groupbot.cli import main
from groupbot.faqfiles import load_faq_dir, read_jsonl

BUNDLED = Path(__file__).resolve().parents[2] / "faq"


@pytest.fixture
def faq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled FAQ, with the CLI pointed at it and at a scratch database."""
    for name in [name for name in os.environ if name.startswith("GROUPBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "faq"
    shutil.copytree(BUNDLED, folder)
    monkeypatch.setenv("GROUPBOT_FAQ_DIR", str(folder))
    monkeypatch.setenv("GROUPBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    return folder


def break_one_file(faq: Path) -> Path:
    broken = faq / "en" / "billing.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  answer: |", "\tanswer: |", 1), encoding="utf-8")
    return broken


def test_check_passes_on_the_bundled_faq(faq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "check"]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def test_check_lists_problems_by_file_and_line(faq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = break_one_file(faq)
    assert main(["faq", "check"]) == 1
    assert f"{broken}:11: invalid YAML" in capsys.readouterr().err


def test_startup_refuses_broken_files_with_exit_2(faq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = break_one_file(faq)
    assert main(["ask", "how do I reset my password?"]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:11:" in err
    assert "Traceback" not in err


def test_export_then_import_round_trips(faq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "faq.jsonl"
    assert main(["faq", "export", str(exported)]) == 0
    assert len(read_jsonl(exported)) == len(load_faq_dir(BUNDLED))
    assert main(["faq", "import", str(exported)]) == 0
    assert f"0 added, 0 replaced, {len(load_faq_dir(BUNDLED))} unchanged" in capsys.readouterr().out


def test_import_of_a_malformed_file_names_its_line(
    faq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "A?", "aliases": [], "answer": "x", "category": "c"}\n{oops\n')
    assert main(["faq", "import", str(bad)]) == 2
    assert f"{bad}:2: not valid JSON" in capsys.readouterr().err
    assert not (faq / "imported.yaml").exists()
