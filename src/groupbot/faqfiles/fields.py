"""Turning one entry's raw fields (from YAML or JSONL) into a checked :class:`FaqEntry`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.problems import FaqProblem

__all__ = ["FIELDS", "LOCALES", "REQUIRED", "RawField", "build_entry", "tidy_answer", "tidy_entry"]

FIELDS = ("id", "question", "aliases", "answer", "category", "tags", "product", "version", "locale")
"""Every field an entry may have, in the order files are written."""
REQUIRED = ("id", "question", "answer")
LOCALES = ("zh-CN", "en")
DEFAULT_CATEGORY = "other"
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class RawField:
    """A field's value as parsed, with the line it sits on (and each list item's line)."""

    value: object
    line: int
    item_lines: tuple[int, ...] = ()


def tidy_answer(text: str) -> str:
    """Answers lose trailing spaces per line and blank lines around them; chat shows nothing of either."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def tidy_entry(entry: FaqEntry) -> FaqEntry:
    """The entry as it reads back from a file: text trimmed, answer tidied, no source."""
    return replace(
        entry,
        id=entry.id.strip(),
        question=entry.question.strip(),
        aliases=tuple(alias.strip() for alias in entry.aliases),
        answer=tidy_answer(entry.answer),
        source="",
    )


def build_entry(
    fields: Mapping[str, RawField], *, file: str, line: int, source: str
) -> tuple[FaqEntry | None, list[FaqProblem]]:
    """Check ``fields`` and build the entry; None when a required field is unusable."""
    check = _FieldCheck(file, line)
    entry_id = check.identifier(fields.get("id"))
    question = check.text("question", fields.get("question"))
    answer = check.text("answer", fields.get("answer"))
    aliases = check.text_list("aliases", fields.get("aliases"))
    tags = check.text_list("tags", fields.get("tags"))
    category = check.optional_text("category", fields.get("category")) or DEFAULT_CATEGORY
    product = check.optional_text("product", fields.get("product"))
    version = check.optional_text("version", fields.get("version"))
    locale = check.locale(fields.get("locale"))
    if entry_id is None or question is None or answer is None:
        return None, check.problems
    entry = FaqEntry(
        id=entry_id,
        question=question,
        answer=tidy_answer(answer),
        aliases=aliases,
        category=category,
        tags=tags,
        product=product,
        version=version,
        locale=locale,
        source=source,
    )
    return entry, check.problems


class _FieldCheck:
    """Validates fields one by one, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, line: int) -> None:
        self.file = file
        self.line = line
        self.problems: list[FaqProblem] = []

    def report(self, line: int, code: str, message: str) -> None:
        self.problems.append(FaqProblem(self.file, line, code, message))

    def text(self, name: str, raw: RawField | None) -> str | None:
        if raw is None or raw.value is None:
            self.report(raw.line if raw else self.line, "missing-field", f"entry has no {name!r}")
            return None
        return self._nonempty(name, raw)

    def optional_text(self, name: str, raw: RawField | None) -> str | None:
        if raw is None or raw.value is None:
            return None
        return self._nonempty(name, raw)

    def identifier(self, raw: RawField | None) -> str | None:
        value = self.text("id", raw)
        if value is not None and raw is not None and _SPACE.search(value):
            self.report(raw.line, "bad-id", f"id {value!r} must not contain spaces (ops type it in commands)")
            return None
        return value

    def text_list(self, name: str, raw: RawField | None) -> tuple[str, ...]:
        if raw is None or raw.value is None:
            return ()
        if not isinstance(raw.value, list):
            self.report(raw.line, "wrong-type", f"{name!r} must be a list of strings, not {_kind(raw.value)}")
            return ()
        lines = raw.item_lines or (raw.line,) * len(raw.value)
        items = [self._item(name, value, line) for value, line in zip(raw.value, lines, strict=True)]
        return tuple(item for item in items if item is not None)

    def locale(self, raw: RawField | None) -> str | None:
        value = self.optional_text("locale", raw)
        if value is not None and raw is not None and value not in LOCALES:
            self.report(raw.line, "bad-locale", f"locale {value!r} is not one of {', '.join(LOCALES)}")
            return None
        return value

    def _nonempty(self, name: str, raw: RawField, label: str = "") -> str | None:
        label = label or repr(name)
        if not isinstance(raw.value, str):
            hint = " (put it in quotes)" if isinstance(raw.value, int | float) else ""
            self.report(raw.line, "wrong-type", f"{label} must be a string, not {_kind(raw.value)}{hint}")
            return None
        value = raw.value.strip()
        if not value:
            self.report(raw.line, "empty-field", f"{label} is empty")
            return None
        return value

    def _item(self, name: str, value: object, line: int) -> str | None:
        return self._nonempty(name, RawField(value, line), label=f"an item of {name!r}")


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
