"""FAQ entries from spreadsheets (CSV, XLSX) and JSONL uploads, with a preview before anything is written.

A table's first row names the columns: ``id``, ``question`` and ``answer`` are
required; ``aliases``, ``category``, ``tags``, ``product``, ``version`` and
``locale`` are optional. Aliases and tags hold several values separated by
``|`` or new lines. Problems name the row (the header is row 1) and the column
(its letter and name), the way the person fixing the sheet sees it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.checks import cross_check
from groupbot.faqfiles.fields import FIELDS, RawField, build_entry
from groupbot.faqfiles.jsonl import JSONL_FIELDS, parse_jsonl_line
from groupbot.faqfiles.parsing import LocatedEntry
from groupbot.faqfiles.problems import FaqProblem

__all__ = ["TABLE_KINDS", "ImportPlan", "Upload", "plan_import", "read_upload"]

TABLE_KINDS = (".csv", ".xlsx", ".jsonl")
_REQUIRED = ("id", "question", "answer")
_LISTS = ("aliases", "tags")
_MAX_ROWS = 5000
_CARRIED = ("aliases", "category", "tags", "product", "version", "locale")
"""Optional fields an upload may leave out; the entry it replaces keeps them."""
_CODE_FIELDS = {"bad-id": "id", "bad-locale": "locale"}  # problems whose message does not quote the field


@dataclass(frozen=True, slots=True)
class Upload:
    """What an uploaded file holds: usable entries, problems, and the fields it has columns for."""

    located: list[LocatedEntry]
    problems: list[FaqProblem]
    columns: frozenset[str] = frozenset(FIELDS)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would do: entries to add, to change (old, new), already identical, and bad rows."""

    added: list[FaqEntry] = field(default_factory=list)
    changed: list[tuple[FaqEntry, FaqEntry]] = field(default_factory=list)
    unchanged: list[FaqEntry] = field(default_factory=list)
    problems: list[FaqProblem] = field(default_factory=list)

    @property
    def entries(self) -> list[FaqEntry]:
        """The entries to write (new and changed)."""
        return [*self.added, *(new for _old, new in self.changed)]


def read_upload(name: str, data: bytes) -> Upload:
    """Entries and problems from an uploaded file, chosen by its extension."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".xlsx", ".csv"):
        rows = _xlsx_rows(name, data) if suffix == ".xlsx" else _csv_rows(data)
        located, problems = _from_rows(name, rows)
        header = {str(cell or "").strip().lower() for cell in rows[0]} if rows else set()
        return Upload(located, problems, frozenset(header & set(FIELDS)))
    if suffix == ".jsonl":
        return Upload(*_from_jsonl(name, data), columns=frozenset(JSONL_FIELDS))
    raise ValueError(f"{name}: use a .csv, .xlsx or .jsonl file")


def plan_import(upload: Upload, existing: Sequence[LocatedEntry]) -> ImportPlan:
    """Sort good rows into added/changed/unchanged; rows clashing with each other or the FAQ become problems.

    A replaced entry keeps the fields the file has no column for (tags, product... from a JSONL file),
    as ``groupbot faq import`` does.
    """
    located, problems = upload.located, upload.problems
    incoming_ids = {item.entry.id for item in located}
    kept = [item for item in existing if item.entry.id not in incoming_ids]
    clashes = [p for p in cross_check([*located, *kept]) if p.file == (located[0].file if located else "")]
    bad_rows = {p.line for p in [*problems, *clashes]}
    old = {item.entry.id: item.entry for item in existing}
    plan = ImportPlan(problems=sorted([*problems, *clashes], key=lambda p: p.line))
    for item in located:
        if item.line in bad_rows:
            continue
        before = old.get(item.entry.id)
        entry = replace(item.entry, source="")
        if before is not None:
            kept = {name: getattr(before, name) for name in _CARRIED if name not in upload.columns}
            entry = replace(entry, **kept)
        if before is None:
            plan.added.append(entry)
        elif replace(before, source="") == entry:
            plan.unchanged.append(entry)
        else:
            plan.changed.append((before, entry))
    return plan


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")  # Excel in China saves CSV as GBK by default
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]


def _xlsx_rows(name: str, data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # only imports pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... for a file that is no workbook
        raise ValueError(f"{name}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for _, row in zip(range(_MAX_ROWS + 1), sheet.iter_rows(values_only=True), strict=False)]
    finally:
        book.close()


def _from_rows(name: str, rows: list[list[object]]) -> tuple[list[LocatedEntry], list[FaqProblem]]:
    if not rows:
        return [], [FaqProblem(name, 0, "empty", "the file has no rows")]
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    problems = _header_problems(name, header)
    if problems:
        return [], problems
    columns = {title: index for index, title in enumerate(header) if title}
    located: list[LocatedEntry] = []
    for number, row in enumerate(rows[1 : _MAX_ROWS + 1], start=2):
        if all(cell is None or not str(cell).strip() for cell in row):
            continue
        entry, row_problems = _row_entry(name, number, row, columns)
        problems += row_problems
        if entry is not None:
            located.append(LocatedEntry(entry, name, number, number, (number,) * len(entry.aliases)))
    if len(rows) > _MAX_ROWS + 1:
        problems.append(FaqProblem(name, _MAX_ROWS + 2, "too-many-rows", f"only the first {_MAX_ROWS} rows are read"))
    return located, problems


def _header_problems(name: str, header: list[str]) -> list[FaqProblem]:
    problems = [
        FaqProblem(name, 1, "missing-column", f"row 1: no column named {title!r} (needed: id, question, answer)")
        for title in _REQUIRED
        if title not in header
    ]
    for index, title in enumerate(header):
        if title and title not in FIELDS:
            where = f"row 1, column {_letter(index)}"
            problems.append(FaqProblem(name, 1, "unknown-column", f"{where}: unknown column {title!r}"))
    return problems


def _row_entry(
    name: str, number: int, row: Sequence[object], columns: dict[str, int]
) -> tuple[FaqEntry | None, list[FaqProblem]]:
    fields = {title: RawField(_cell(row, index, title), number) for title, index in columns.items()}
    fields = {title: raw for title, raw in fields.items() if raw.value is not None or title in _REQUIRED}
    entry, problems = build_entry(fields, file=name, line=number, source=f"{name}:{number}")
    return entry, [_with_column(problem, columns) for problem in problems]


def _cell(row: Sequence[object], index: int, title: str) -> object:
    value = row[index] if index < len(row) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or (isinstance(value, str) and not value.strip() and title not in _REQUIRED):
        return None
    if title in _LISTS:
        return [part.strip() for part in str(value).replace("｜", "|").replace("\n", "|").split("|") if part.strip()]
    return value if isinstance(value, str) else str(value)


def _with_column(problem: FaqProblem, columns: dict[str, int]) -> FaqProblem:
    named = _CODE_FIELDS.get(problem.code) or next((t for t in columns if f"{t!r}" in problem.message), "")
    title = named if named in columns else ""
    where = f"row {problem.line}, column {_letter(columns[title])} ({title})" if title else f"row {problem.line}"
    return replace(problem, message=f"{where}: {problem.message}")


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _from_jsonl(name: str, data: bytes) -> tuple[list[LocatedEntry], list[FaqProblem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [FaqProblem(name, 0, "encoding", "not UTF-8 text; save the file as UTF-8")]
    located: list[LocatedEntry] = []
    problems: list[FaqProblem] = []
    for number, raw in _numbered(text.split("\n")):
        entry, line_problems = parse_jsonl_line(raw, name, number)
        problems += [replace(p, message=f"line {number}: {p.message}") for p in line_problems]
        if entry is not None:
            located.append(LocatedEntry(entry, name, number, number, (number,) * len(entry.aliases)))
    return located, problems


def _numbered(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    return ((number, raw) for number, raw in enumerate(lines, start=1) if raw.strip())
