"""Problems only visible across entries: duplicate ids and phrasings two entries share."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from groupbot.faqfiles.parsing import LocatedEntry
from groupbot.faqfiles.problems import FaqProblem

__all__ = ["cross_check", "phrasing_key"]


def phrasing_key(text: str) -> str:
    """Light normalization for comparing phrasings: NFKC, casefold, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def cross_check(entries: Sequence[LocatedEntry]) -> list[FaqProblem]:
    """Duplicate ids (reported at every place) and phrasings claimed by two entries."""
    return [*_duplicate_ids(entries), *_shared_phrasings(entries)]


def _duplicate_ids(entries: Sequence[LocatedEntry]) -> list[FaqProblem]:
    by_id: dict[str, list[LocatedEntry]] = defaultdict(list)
    for located in entries:
        by_id[located.entry.id].append(located)
    problems = []
    for entry_id, places in by_id.items():
        if len(places) < 2:
            continue
        for here in places:
            others = ", ".join(f"{other.file}:{other.line}" for other in places if other is not here)
            problems.append(
                FaqProblem(here.file, here.line, "duplicate-id", f"duplicate id {entry_id!r} (also at {others})")
            )
    return problems


@dataclass(frozen=True, slots=True)
class _Phrasing:
    owner: LocatedEntry
    kind: str  # "question" or "alias"
    text: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.owner.file}:{self.line}"


def _shared_phrasings(entries: Sequence[LocatedEntry]) -> list[FaqProblem]:
    """Report each phrasing at its later place, naming the entry that claimed it first.

    Questions are registered before aliases so an alias that repeats another
    entry's question is always reported at the alias, whatever the file order.
    """
    first: dict[str, _Phrasing] = {}
    problems = []
    for phrasing in _phrasings(entries):
        key = phrasing_key(phrasing.text)
        earlier = first.setdefault(key, phrasing)
        if earlier.owner.entry.id == phrasing.owner.entry.id:
            continue  # repeats inside one entry are harmless, and same-id entries are reported already
        problems.append(_conflict(phrasing, earlier))
    return problems


def _phrasings(entries: Sequence[LocatedEntry]) -> list[_Phrasing]:
    questions = [_Phrasing(e, "question", e.entry.question, e.question_line) for e in entries]
    aliases = [
        _Phrasing(e, "alias", alias, line)
        for e in entries
        for alias, line in zip(e.entry.aliases, e.alias_lines, strict=True)
    ]
    return questions + aliases


def _conflict(phrasing: _Phrasing, earlier: _Phrasing) -> FaqProblem:
    code = "shared-question" if phrasing.kind == "question" else f"alias-is-{earlier.kind}"
    message = (
        f"{phrasing.kind} {phrasing.text!r} of {phrasing.owner.entry.id!r} is also the {earlier.kind} "
        f"of {earlier.owner.entry.id!r} ({earlier.where}); a match could not tell them apart"
    )
    return FaqProblem(phrasing.owner.file, phrasing.line, code, message)
