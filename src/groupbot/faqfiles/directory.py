"""The FAQ directory: every ``*.yaml`` file below it, checked together."""

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

    @property
    def entries(self) -> list[LocatedEntry]:
        """Every usable entry, file by file in file order."""
        return [located for parsed in self.files for located in parsed.entries]


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


def scan_faq_dir(faq_dir: Path | str) -> FaqScan:
    """Read and check every file below ``faq_dir``; never raises for bad content."""
    faq_dir = Path(faq_dir)
    scan = FaqScan()
    if not faq_dir.is_dir():
        scan.problems.append(FaqProblem(str(faq_dir), 0, "no-directory", "FAQ directory does not exist"))
        return scan
    paths = faq_files(faq_dir)
    if not paths:
        scan.problems.append(FaqProblem(str(faq_dir), 0, "no-files", "no *.yaml files in the FAQ directory"))
    scan.files = [read_faq_file(path) for path in paths]
    scan.problems = [*scan.problems, *(p for parsed in scan.files for p in parsed.problems), *cross_check(scan.entries)]
    return scan


def check_faq_dir(faq_dir: Path | str) -> list[FaqProblem]:
    """Every problem in the FAQ directory (empty when it is fine to load)."""
    return scan_faq_dir(faq_dir).problems


def load_faq_dir(faq_dir: Path | str) -> list[FaqEntry]:
    """All entries below ``faq_dir``; raises :class:`FaqFileError` listing every problem.

    Loading is all or nothing: a broken entry stops the load rather than
    silently leaving the bot without that answer.
    """
    scan = scan_faq_dir(faq_dir)
    if scan.problems:
        raise FaqFileError(scan.problems)
    return [located.entry for located in scan.entries]
