"""The FAQ directory: every ``*.yaml`` file below it, checked together.

A second, writable directory may hold what the bot learned or imported (by
default under the data directory, not in the checkout). Its entries are read
after the shipped ones, and an entry there replaces a shipped entry with the
same id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.checks import cross_check
from groupbot.faqfiles.parsing import LocatedEntry, ParsedFile, parse_faq_text
from groupbot.faqfiles.problems import FaqFileError, FaqProblem

__all__ = ["FaqScan", "check_faq_dir", "faq_files", "load_faq_dir", "read_faq_file", "scan_faq_dir"]

PATTERNS = ("*.yaml", "*.yml")


@dataclass(slots=True)
class FaqScan:
    """Everything read from an FAQ directory: files in order, their entries, all problems."""

    files: list[ParsedFile] = field(default_factory=list)
    problems: list[FaqProblem] = field(default_factory=list)
    learned: list[ParsedFile] = field(default_factory=list)
    """The files of the learned directory, when one was scanned."""

    @property
    def entries(self) -> list[LocatedEntry]:
        """Every usable entry, file by file in file order; a learned entry overrides a shipped one."""
        mine = [located for parsed in self.learned for located in parsed.entries]
        overridden = {located.entry.id for located in mine}
        shipped = [located for parsed in self.files for located in parsed.entries]
        return [located for located in shipped if located.entry.id not in overridden] + mine

    def check(self) -> list[FaqProblem]:
        """The problems of every file, and those only visible across entries."""
        return [*(p for parsed in [*self.files, *self.learned] for p in parsed.problems), *cross_check(self.entries)]


def faq_files(faq_dir: Path) -> list[Path]:
    """The FAQ files below ``faq_dir``, sorted; hidden files and folders are skipped."""
    found = {path for pattern in PATTERNS for path in faq_dir.rglob(pattern) if path.is_file()}
    visible = [path for path in found if not any(part.startswith(".") for part in path.relative_to(faq_dir).parts)]
    return sorted(visible, key=lambda path: path.relative_to(faq_dir).as_posix())


def read_faq_file(path: Path) -> ParsedFile:
    """Parse one file; unreadable or non-UTF-8 content becomes a problem, not an exception."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ParsedFile(name, problems=[FaqProblem(name, 0, "unreadable", f"cannot read file: {exc.strerror}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); save the file as UTF-8"
        return ParsedFile(name, problems=[FaqProblem(name, line, "encoding", message)])
    return parse_faq_text(text, name)


def scan_faq_dir(faq_dir: Path | str, learned_dir: Path | str | None = None) -> FaqScan:
    """Read and check every file below ``faq_dir`` (and ``learned_dir``, which may not exist yet).

    Never raises for bad content.
    """
    faq_dir = Path(faq_dir)
    scan = FaqScan()
    if not faq_dir.is_dir():
        scan.problems.append(FaqProblem(str(faq_dir), 0, "no-directory", "FAQ directory does not exist"))
        return scan
    paths = faq_files(faq_dir)
    if not paths:
        scan.problems.append(FaqProblem(str(faq_dir), 0, "no-files", "no *.yaml files in the FAQ directory"))
    scan.files = [read_faq_file(path) for path in paths]
    learned = Path(learned_dir) if learned_dir is not None else None
    if learned is not None and learned.is_dir() and learned.resolve() != faq_dir.resolve():
        scan.learned = [read_faq_file(path) for path in faq_files(learned)]
    scan.problems = [*scan.problems, *scan.check()]
    return scan


def check_faq_dir(faq_dir: Path | str, learned_dir: Path | str | None = None) -> list[FaqProblem]:
    """Every problem in the FAQ directories (empty when they are fine to load)."""
    return scan_faq_dir(faq_dir, learned_dir).problems


def load_faq_dir(faq_dir: Path | str, learned_dir: Path | str | None = None) -> list[FaqEntry]:
    """All entries below ``faq_dir`` and ``learned_dir``; raises :class:`FaqFileError` listing every problem.

    Loading is all or nothing: a broken entry stops the load rather than
    silently leaving the bot without that answer.
    """
    scan = scan_faq_dir(faq_dir, learned_dir)
    if scan.problems:
        raise FaqFileError(scan.problems)
    return [located.entry for located in scan.entries]
