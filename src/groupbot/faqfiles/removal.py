"""Deleting an entry from the FAQ files, leaving every other entry and comment where it was."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from groupbot.faqfiles.atomic import write_atomically
from groupbot.faqfiles.directory import scan_faq_dir
from groupbot.faqfiles.parsing import LocatedEntry, ParsedFile, parse_faq_text
from groupbot.faqfiles.problems import FaqFileError
from groupbot.faqfiles.rendering import render_entries

__all__ = ["remove_entry"]

_HEADER = "# FAQ entries written by groupbot; edit freely (format: docs/faq.md).\n"
_TOLERATED = {"no-directory", "no-files"}
_BLANK_RUN = re.compile(r"\n{3,}")


def remove_entry(faq_dir: Path | str, entry_id: str, learned_dir: Path | str | None = None) -> bool:
    """Delete entry ``entry_id`` from the file it lives in; False if there is none.

    With ``learned_dir`` only that directory is written, as for every other edit: an entry that
    lives only in the shipped ``faq_dir`` is refused with a ValueError saying where to delete it,
    and deleting a learned entry that overrides a shipped one brings the shipped one back.
    Raises :class:`FaqFileError` (writing nothing) when the directories are broken.
    A file left without entries is removed.
    """
    scan = scan_faq_dir(faq_dir, learned_dir)
    problems = [problem for problem in scan.problems if problem.code not in _TOLERATED]
    if problems:
        raise FaqFileError(problems)
    writable = scan.learned if learned_dir is not None else scan.files
    for parsed in writable:
        for located in parsed.entries:
            if located.entry.id == entry_id:
                _rewrite_without(parsed, located)
                return True
    shipped = next((item for item in scan.entries if item.entry.id == entry_id), None)
    if shipped is not None:
        raise ValueError(f"{entry_id} is part of the shipped FAQ ({shipped.file}); delete it there, in the checkout")
    return False


def _rewrite_without(parsed: ParsedFile, gone: LocatedEntry) -> None:
    path = Path(parsed.file)
    kept = [located.entry for located in parsed.entries if located is not gone]
    if not kept:
        path.unlink()
        return
    text = _spliced(parsed.text, gone)
    again = parse_faq_text(text, parsed.file) if text is not None else None
    if again is None or again.problems or _bare([item.entry for item in again.entries]) != _bare(kept):
        text = _HEADER + render_entries(kept)
    write_atomically(path, text)


def _spliced(text: str, gone: LocatedEntry) -> str | None:
    if gone.span is None:
        return None
    start, end = gone.span
    line_start = text.rfind("\n", 0, start) + 1  # the item's indentation goes with it
    return _BLANK_RUN.sub("\n\n", text[:line_start] + text[end:].lstrip(" ").removeprefix("\n"))


def _bare(entries: list) -> list:
    return [replace(entry, source="") for entry in entries]
