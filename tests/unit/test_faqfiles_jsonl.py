"""JSONL interchange: exact line format, line-numbered errors, import/export round trip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles import (
    FaqFileError,
    export_jsonl,
    import_jsonl,
    load_faq_dir,
    read_jsonl,
    write_jsonl,
)

BUNDLED = Path(__file__).resolve().parents[2] / "faq"


def record(entry_id: str, question: str, *aliases: str, answer: str = "1. Do it.\n2. Done.") -> dict[str, object]:
    return {"id": entry_id, "question": question, "aliases": list(aliases), "answer": answer, "category": "misc"}


def write_lines(path: Path, *lines: object) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def contents(entries: list[FaqEntry]) -> set[tuple[object, ...]]:
    """What JSONL carries, order-insensitive."""
    return {(e.id, e.question, e.aliases, e.answer, e.category) for e in entries}


def test_write_uses_exactly_the_interchange_format(tmp_path: Path) -> None:
    entry = FaqEntry("zh-1", "怎么开发票？", "1. 打开账单。\n2. 申请。", ("开票",), "billing", ("t",), locale="zh-CN")
    write_jsonl(tmp_path / "out.jsonl", [entry])
    [line] = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert line == json.dumps(
        {
            "id": "zh-1",
            "question": "怎么开发票？",
            "aliases": ["开票"],
            "answer": "1. 打开账单。\n2. 申请。",
            "category": "billing",
        },
        ensure_ascii=False,
    )


def test_read_reports_each_malformed_line_by_number(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "in.jsonl",
        record("a", "A?"),
        "",
        '{"id": "b", "question": "B?",',
        "[1, 2]",
        {"id": "c", "question": "C?", "aliases": "not a list", "answer": "x", "category": "c"},
        {"id": "d", "question": "D?", "answer": "x", "category": "c"},
        {**record("e", "E?"), "locale": "en"},
        record("a", "A again?"),
    )
    with pytest.raises(FaqFileError) as caught:
        read_jsonl(path)
    found = [(problem.line, problem.code) for problem in caught.value.problems]
    assert found == [
        (3, "json"),
        (4, "not-an-object"),
        (5, "wrong-type"),
        (6, "missing-field"),
        (7, "unknown-field"),
        (1, "duplicate-id"),
        (8, "duplicate-id"),
    ]
    assert f"{path}:3: not valid JSON" in str(caught.value)


def test_read_keeps_line_sources_and_odd_unicode(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "in.jsonl", record("a", "line\u2028separator?"), record("b", "B?", "bee"))
    entries = read_jsonl(path)
    assert [(e.id, e.source) for e in entries] == [("a", f"{path}:1"), ("b", f"{path}:2")]
    assert entries[0].question == "line\u2028separator?"


def test_read_rejects_non_utf8_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(json.dumps(record("a", "A?")).encode() + b"\n\xff\xfe\n")
    with pytest.raises(FaqFileError) as caught:
        read_jsonl(path)
    assert [(p.line, p.code) for p in caught.value.problems] == [(2, "encoding")]


def test_export_then_import_into_an_empty_directory_round_trips(tmp_path: Path) -> None:
    exported = tmp_path / "all.jsonl"
    count = export_jsonl(BUNDLED, exported)
    result = import_jsonl(exported, tmp_path / "fresh")
    again = load_faq_dir(tmp_path / "fresh")
    original = load_faq_dir(BUNDLED)
    assert count == len(original) == len(result.added) == len(again)
    assert contents(again) == contents(original)
    export_jsonl(tmp_path / "fresh", tmp_path / "again.jsonl")
    assert sorted(exported.read_text(encoding="utf-8").splitlines()) == sorted(
        (tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines()
    )


def test_importing_an_unchanged_export_leaves_the_files_alone(tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(BUNDLED, faq)
    before = {path: path.read_bytes() for path in faq.rglob("*.yaml")}
    export_jsonl(faq, tmp_path / "all.jsonl")
    result = import_jsonl(tmp_path / "all.jsonl", faq)
    assert (result.added, result.replaced) == ((), ())
    assert len(result.unchanged) == len(load_faq_dir(BUNDLED))
    assert {path: path.read_bytes() for path in faq.rglob("*.yaml")} == before


def test_import_replaces_same_id_where_it_lives_and_keeps_extras(tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(BUNDLED, faq)
    changed = record(
        "en-invoices", "Where can I download our invoices?", "invoice pdf", answer="1. Billing.\n2. Invoices."
    )
    path = write_lines(tmp_path / "in.jsonl", changed, record("new-1", "Is there a mobile app?", "ios app"))
    result = import_jsonl(path, faq)
    assert (result.added, result.replaced) == (("new-1",), ("en-invoices",))
    entries = {entry.id: entry for entry in load_faq_dir(faq)}
    invoices = entries["en-invoices"]
    assert invoices.source.startswith(str(faq / "en" / "billing.yaml"))
    assert (invoices.aliases, invoices.answer) == (("invoice pdf",), "1. Billing.\n2. Invoices.")
    assert (invoices.locale, invoices.tags) == ("en", ("billing", "invoice"))
    file, line = entries["new-1"].source.rsplit(":", 1)
    assert file == str(faq / "imported.yaml")
    assert Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1] == "- id: new-1"


def test_import_that_would_break_the_store_writes_nothing(tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(BUNDLED, faq)
    before = {path: path.read_bytes() for path in faq.rglob("*.yaml")}
    clash = record("new-1", "Totally new?", "forgot my password")  # an alias of en-password-reset
    with pytest.raises(FaqFileError, match="forgot my password"):
        import_jsonl(write_lines(tmp_path / "in.jsonl", clash), faq)
    assert {path: path.read_bytes() for path in faq.rglob("*.yaml")} == before


def test_import_refuses_phrasings_shared_inside_the_jsonl(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "in.jsonl", record("a", "A?", "same"), record("b", "B?", "Same"))
    with pytest.raises(FaqFileError) as caught:
        import_jsonl(path, tmp_path / "faq")
    assert [(p.file, p.line, p.code) for p in caught.value.problems] == [(str(path), 2, "alias-is-alias")]
    assert not (tmp_path / "faq").exists()
