"""JSONL interchange with the eval tooling: one entry a line.

Each line is exactly ``{"id": str, "question": str, "aliases": [str],
"answer": str, "category": str}``. Fields the format does not carry (tags,
product, version, locale) are kept from the entry an import replaces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.atomic import write_atomically
from groupbot.faqfiles.checks import cross_check
from groupbot.faqfiles.directory import load_faq_dir, scan_faq_dir
from groupbot.faqfiles.editing import UpsertResult, upsert_entries
from groupbot.faqfiles.fields import RawField, build_entry
from groupbot.faqfiles.parsing import LocatedEntry
from groupbot.faqfiles.problems import FaqFileError, FaqProblem

__all__ = ["JSONL_FIELDS", "export_jsonl", "import_jsonl", "parse_jsonl_line", "read_jsonl", "write_jsonl"]

JSONL_FIELDS = ("id", "question", "aliases", "answer", "category")


def write_jsonl(path: Path | str, entries: Sequence[FaqEntry]) -> None:
    """Write ``entries`` one JSON object a line (UTF-8, not ASCII-escaped)."""
    lines = [json.dumps(_record(entry), ensure_ascii=False) + "\n" for entry in entries]
    write_atomically(Path(path), "".join(lines))


def read_jsonl(path: Path | str) -> list[FaqEntry]:
    """Read entries from a JSONL file; raises :class:`FaqFileError` naming each bad line."""
    located, problems = _read_located(Path(path))
    problems += [problem for problem in cross_check(located) if problem.code == "duplicate-id"]
    if problems:
        raise FaqFileError(problems)
    return [item.entry for item in located]


def export_jsonl(faq_dir: Path | str, path: Path | str, learned_dir: Path | str | None = None) -> int:
    """Write every entry of ``faq_dir`` (and ``learned_dir``) to ``path``; returns how many. Refuses a broken one."""
    entries = load_faq_dir(faq_dir, learned_dir)
    write_jsonl(path, entries)
    return len(entries)


def import_jsonl(
    path: Path | str, faq_dir: Path | str, file_name: str = "imported.yaml", learned_dir: Path | str | None = None
) -> UpsertResult:
    """Bring a JSONL file's entries into the YAML files, which stay the source of truth.

    An entry whose id exists is replaced where it lives (keeping its tags,
    product, version and locale); new ones go to ``file_name`` in ``learned_dir``
    (or in ``faq_dir`` without one).
    All or nothing: any problem raises :class:`FaqFileError` and writes nothing.
    """
    located, problems = _read_located(Path(path))
    problems += cross_check(located)
    if problems:
        raise FaqFileError(problems)
    existing = {item.entry.id: item.entry for item in scan_faq_dir(faq_dir, learned_dir).entries}
    entries = [_keep_extras(item.entry, existing.get(item.entry.id)) for item in located]
    return upsert_entries(faq_dir, entries, file_name, learned_dir)


def _keep_extras(entry: FaqEntry, old: FaqEntry | None) -> FaqEntry:
    if old is None:
        return entry
    return replace(entry, tags=old.tags, product=old.product, version=old.version, locale=old.locale)


def _record(entry: FaqEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "question": entry.question,
        "aliases": list(entry.aliases),
        "answer": entry.answer,
        "category": entry.category,
    }


def _read_located(path: Path) -> tuple[list[LocatedEntry], list[FaqProblem]]:
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return [], [FaqProblem(name, 0, "unreadable", f"cannot read file: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return [], [FaqProblem(name, line, "encoding", "not UTF-8 text; save the file as UTF-8")]
    located: list[LocatedEntry] = []
    problems: list[FaqProblem] = []
    # Split on "\n" only: JSON strings may hold U+2028 and friends, which splitlines() would cut.
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            entry, line_problems = parse_jsonl_line(raw, name, number)
            problems += line_problems
            if entry is not None:
                located.append(LocatedEntry(entry, name, number, number, (number,) * len(entry.aliases)))
    return located, problems


def parse_jsonl_line(raw: str, name: str, number: int) -> tuple[FaqEntry | None, list[FaqProblem]]:
    """One JSONL line as an entry, or the problems that keep it from being one."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [FaqProblem(name, number, "json", f"not valid JSON: {exc.msg} (column {exc.colno})")]
    except RecursionError:  # found by tests/properties: deep nesting is not a JSONDecodeError
        return None, [FaqProblem(name, number, "json", "not valid JSON: nested too deep")]
    if not isinstance(record, dict):
        return None, [FaqProblem(name, number, "not-an-object", "each line must be a JSON object")]
    problems = _key_problems(record, name, number)
    if problems:
        return None, problems
    fields = {key: RawField(value, number) for key, value in record.items()}
    return build_entry(fields, file=name, line=number, source=f"{name}:{number}")


def _key_problems(record: dict[str, object], name: str, number: int) -> list[FaqProblem]:
    missing = [key for key in JSONL_FIELDS if key not in record]
    unknown = [key for key in record if key not in JSONL_FIELDS]
    problems = [FaqProblem(name, number, "missing-field", f"missing key {key!r}") for key in missing]
    problems += [FaqProblem(name, number, "unknown-field", f"unknown key {key!r}") for key in unknown]
    return problems
