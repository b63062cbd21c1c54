"""Adding or replacing entries in the FAQ files without disturbing the rest.

An entry whose id already exists is replaced where it lives; new entries are
appended to one target file (``learned.yaml`` for ``/learn``). Edits are made
to the text, so comments and layout elsewhere survive; the result is parsed
back and must hold exactly the intended entries, otherwise the file is
rewritten whole. Nothing is written unless the whole directory still checks clean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.atomic import write_atomically
from groupbot.faqfiles.directory import FaqScan, scan_faq_dir
from groupbot.faqfiles.fields import tidy_entry
from groupbot.faqfiles.parsing import LocatedEntry, ParsedFile, parse_faq_text
from groupbot.faqfiles.problems import FaqFileError
from groupbot.faqfiles.rendering import render_entries

__all__ = ["UpsertResult", "upsert_entries", "upsert_entry"]

_HEADER = "# FAQ entries written by groupbot; edit freely (format: docs/faq.md).\n"
_TOLERATED = {"no-directory", "no-files"}  # an empty store is fine to start filling


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """Ids added (to the target file), replaced (where they lived) and already identical."""

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...] = ()


def upsert_entry(
    faq_dir: Path | str, entry: FaqEntry, file_name: str = "learned.yaml", learned_dir: Path | str | None = None
) -> UpsertResult:
    """Add ``entry`` to ``file_name``, or replace the entry with its id wherever it lives.

    With ``learned_dir`` only that directory is written: ``faq_dir`` (the shipped
    FAQ) is read for the checks, and an entry with a shipped entry's id is
    written to the learned directory, where it overrides the shipped one.
    Raises :class:`FaqFileError` (writing nothing) when the directory is broken
    already or the entry would break it, e.g. by repeating another entry's alias.
    """
    return upsert_entries(faq_dir, [entry], file_name, learned_dir)


def upsert_entries(
    faq_dir: Path | str, entries: Sequence[FaqEntry], file_name: str, learned_dir: Path | str | None = None
) -> UpsertResult:
    """Add or replace several entries at once, all or nothing (see :func:`upsert_entry`)."""
    faq_dir = Path(faq_dir)
    home = Path(learned_dir) if learned_dir is not None else faq_dir
    target = str(home / _relative(file_name))
    scan = _clean_scan(faq_dir, learned_dir)
    writable = scan.learned if learned_dir is not None else scan.files
    incoming = [tidy_entry(entry) for entry in entries]
    _refuse_repeated_ids(incoming)
    existing = {located.entry.id: located for parsed in writable for located in parsed.entries}
    shipped = {located.entry.id: located for located in scan.entries} if learned_dir is not None else {}
    plan = _Plan(writable, target)
    for entry in incoming:
        plan.put(entry, existing.get(entry.id), shipped.get(entry.id))
    new_files = plan.files()
    _check_result(scan, new_files, layered=learned_dir is not None)
    for parsed in new_files.values():
        write_atomically(Path(parsed.file), parsed.text)
    return UpsertResult(tuple(plan.added), tuple(plan.replaced), tuple(plan.unchanged))


class _Plan:
    """The edits to make, grouped per file, and the text each file ends up with."""

    def __init__(self, writable: Sequence[ParsedFile], target: str) -> None:
        self.originals = {parsed.file: parsed for parsed in writable}
        self.target = target
        self.replacements: dict[str, list[tuple[LocatedEntry, FaqEntry]]] = {}
        self.appended: list[FaqEntry] = []
        self.added: list[str] = []
        self.replaced: list[str] = []
        self.unchanged: list[str] = []

    def put(self, entry: FaqEntry, old: LocatedEntry | None, shipped: LocatedEntry | None = None) -> None:
        if old is None and shipped is not None and replace(shipped.entry, source="") == entry:
            self.unchanged.append(entry.id)  # the shipped entry says it already; no override needed
        elif old is None:
            self.appended.append(entry)
            self.added.append(entry.id)
        elif replace(old.entry, source="") == entry:
            self.unchanged.append(entry.id)  # rewriting it would only churn a hand-written file
        else:
            self.replacements.setdefault(old.file, []).append((old, entry))
            self.replaced.append(entry.id)

    def files(self) -> dict[str, ParsedFile]:
        names = set(self.replacements) | ({self.target} if self.appended else set())
        return {name: self._edit(name) for name in sorted(names)}

    def _edit(self, name: str) -> ParsedFile:
        original = self.originals.get(name, ParsedFile(name, text=_HEADER))
        swaps = {old.entry.id: new for old, new in self.replacements.get(name, [])}
        appended = self.appended if name == self.target else []
        wanted = [swaps.get(located.entry.id, located.entry) for located in original.entries] + appended
        text = _spliced(original, swaps, appended)
        parsed = parse_faq_text(text, name) if text is not None else None
        if parsed is None or parsed.problems or _bare(parsed.entries) != _bare_entries(wanted):
            parsed = parse_faq_text(_HEADER + render_entries(wanted), name)
        return parsed


def _spliced(original: ParsedFile, swaps: dict[str, FaqEntry], appended: list[FaqEntry]) -> str | None:
    """The original text with entries replaced in place and new ones appended; None if not possible."""
    text = original.text
    replaced = [located for located in original.entries if located.entry.id in swaps]
    for located in sorted(replaced, key=lambda loc: loc.line, reverse=True):
        if located.span is None:
            return None
        start, end = located.span
        item = render_entries([swaps[located.entry.id]], located.indent).rstrip("\n")
        text = text[:start] + item + text[end:]
    if appended:
        text = text.rstrip("\n") + "\n\n" if text.strip() else text
        text += render_entries(appended)
    return text


def _bare(located: Sequence[LocatedEntry]) -> list[FaqEntry]:
    return [replace(item.entry, source="") for item in located]


def _bare_entries(entries: Sequence[FaqEntry]) -> list[FaqEntry]:
    return [replace(entry, source="") for entry in entries]


def _clean_scan(faq_dir: Path, learned_dir: Path | str | None) -> FaqScan:
    scan = scan_faq_dir(faq_dir, learned_dir)
    problems = [problem for problem in scan.problems if problem.code not in _TOLERATED]
    if problems:
        raise FaqFileError(problems)
    return scan


def _check_result(scan: FaqScan, new_files: dict[str, ParsedFile], *, layered: bool) -> None:
    """Check the directories as they would be after the edit; raise rather than write a broken store."""
    after = FaqScan(scan.files, learned=_edited(scan.learned, new_files)) if layered else FaqScan(
        _edited(scan.files, new_files)
    )
    problems = after.check()
    if problems:
        raise FaqFileError(problems)


def _edited(files: Sequence[ParsedFile], new_files: dict[str, ParsedFile]) -> list[ParsedFile]:
    known = {parsed.file for parsed in files}
    edited = [new_files.get(parsed.file, parsed) for parsed in files]
    return edited + [parsed for name, parsed in new_files.items() if name not in known]


def _refuse_repeated_ids(entries: Sequence[FaqEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"entry id {entry.id!r} given twice")
        seen.add(entry.id)


def _relative(file_name: str) -> Path:
    path = Path(file_name)
    hidden = any(part.startswith(".") for part in path.parts)  # the loader skips hidden files
    if path.is_absolute() or hidden or path.suffix not in {".yaml", ".yml"}:
        raise ValueError(f"FAQ file name must be a relative *.yaml path inside the FAQ directory: {file_name!r}")
    return path
