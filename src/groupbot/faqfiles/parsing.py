"""Reading one FAQ YAML file into entries that remember their file and line.

The text is *composed* (not just loaded) so every entry, field and alias keeps
the line it came from: problems point at ``faq/login.yaml:12``, and editing can
replace one entry's text in place without disturbing comments elsewhere.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.fields import FIELDS, RawField, build_entry
from groupbot.faqfiles.problems import FaqProblem

__all__ = ["LocatedEntry", "ParsedFile", "parse_faq_text"]

# libyaml parses about 3-4x faster and gives the same marks; pure Python where it is not built in.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_AnyLoader = Any  # SafeLoader or CSafeLoader: the same methods, no common base class


@dataclass(frozen=True, slots=True)
class LocatedEntry:
    """An entry with where it lives: line numbers for problems, a text span for edits.

    ``span`` is the ``(start, end)`` character range of the entry's list item
    (from the line holding ``- `` to the end of its last value) and ``indent``
    the column of its ``-``; ``span`` is None when the item is laid out in a
    way that cannot be replaced in place.
    """

    entry: FaqEntry
    file: str
    line: int
    question_line: int
    alias_lines: tuple[int, ...]
    span: tuple[int, int] | None = None
    indent: int = 0


@dataclass(slots=True)
class ParsedFile:
    """What one file holds: its usable entries and every problem found in it."""

    file: str
    entries: list[LocatedEntry] = field(default_factory=list)
    problems: list[FaqProblem] = field(default_factory=list)
    text: str = ""


def parse_faq_text(text: str, file: str) -> ParsedFile:
    """Parse the text of one FAQ file (a YAML list of entries); never raises on bad input."""
    parsed = ParsedFile(file, text=text)
    loader = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        _read_root(loader, root, text, parsed)
    except yaml.YAMLError as exc:
        parsed.problems.append(_yaml_problem(exc, text, file))
    finally:
        if loader is not None:
            loader.dispose()
    return parsed


def _read_root(loader: _AnyLoader, root: Node | None, text: str, parsed: ParsedFile) -> None:
    if root is None:
        return  # an empty file (or only comments) holds no entries
    if not isinstance(root, SequenceNode):
        message = f"the file must be a list of entries (each starting with '- id:'), not {_node_kind(root)}"
        parsed.problems.append(FaqProblem(parsed.file, _line(root), "not-a-list", message))
        return
    for item in root.value:
        if not isinstance(item, MappingNode):
            message = f"an entry must be a mapping with id, question and answer, not {_node_kind(item)}"
            parsed.problems.append(FaqProblem(parsed.file, _line(item), "not-a-mapping", message))
            continue
        _read_entry(loader, item, text, parsed)


def _read_entry(loader: _AnyLoader, item: MappingNode, text: str, parsed: ParsedFile) -> None:
    line = _line(item)
    fields = _fields(loader, item, parsed)
    if fields is None:
        return  # a value could not be read at all; its problem is reported, the rest would only be noise
    entry, problems = build_entry(fields, file=parsed.file, line=line, source=f"{parsed.file}:{line}")
    parsed.problems.extend(problems)
    if entry is None:
        return
    question_line = fields["question"].line
    aliases = fields.get("aliases")
    alias_lines = _valid_item_lines(aliases) if aliases else ()
    span, indent = _span(item, text)
    parsed.entries.append(LocatedEntry(entry, parsed.file, line, question_line, alias_lines, span, indent))


def _fields(loader: _AnyLoader, item: MappingNode, parsed: ParsedFile) -> dict[str, RawField] | None:
    fields: dict[str, RawField] = {}
    readable = True
    for key_node, value_node in item.value:
        name = key_node.value if isinstance(key_node, ScalarNode) else None
        line = _line(key_node)
        if not isinstance(name, str) or name not in FIELDS:
            parsed.problems.append(FaqProblem(parsed.file, line, "unknown-field", _unknown_field(name)))
        elif name in fields:
            message = f"field {name!r} appears twice (first on line {fields[name].line})"
            parsed.problems.append(FaqProblem(parsed.file, line, "duplicate-field", message))
        else:
            raw = _construct(loader, value_node, parsed)
            readable = readable and raw is not None
            if raw is not None:
                fields[name] = raw
    return fields if readable else None


def _construct(loader: _AnyLoader, node: Node, parsed: ParsedFile) -> RawField | None:
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:  # e.g. a !!python tag, which the safe loader refuses
        parsed.problems.append(_yaml_problem(exc, "", parsed.file, _line(node)))
        return None
    item_lines = tuple(_line(child) for child in node.value) if isinstance(node, SequenceNode) else ()
    return RawField(value, _line(node), item_lines)


def _valid_item_lines(raw: RawField) -> tuple[int, ...]:
    """Lines of the list items that became aliases (the same filter as ``build_entry``)."""
    if not isinstance(raw.value, list):
        return ()
    pairs = zip(raw.value, raw.item_lines, strict=True)
    return tuple(line for value, line in pairs if isinstance(value, str) and value.strip())


def _span(item: MappingNode, text: str) -> tuple[tuple[int, int] | None, int]:
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    prefix = text[start : item.start_mark.index]
    if prefix.strip() != "-":
        return None, 0
    # A mapping's own end mark runs into the comments before the next entry, so end at its last value instead.
    end = _rstrip_index(text, max(node.end_mark.index for pair in item.value for node in pair))
    line_end = text.find("\n", end)
    return (start, len(text) if line_end < 0 else line_end), prefix.index("-")


def _rstrip_index(text: str, end: int) -> int:
    """Where ``text[:end].rstrip()`` would end, without copying the text up to ``end`` (per entry: quadratic)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _yaml_problem(exc: yaml.YAMLError, text: str, file: str, fallback_line: int = 0) -> FaqProblem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else fallback_line
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and exc.problem:
            message += f" ({exc.context} on line {exc.context_mark.line + 1})"
        if "\\t" in message or "tab character" in message:
            message += "; indent with spaces, not tabs"
        return FaqProblem(file, line, "yaml", message)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return FaqProblem(
            file, line, "yaml", f"invalid YAML: character {exc.character:#x} is not allowed ({exc.reason})"
        )
    return FaqProblem(file, fallback_line, "yaml", f"invalid YAML: {exc}")


def _unknown_field(name: object) -> str:
    if not isinstance(name, str):
        return f"field names must be plain words, not {name!r}"
    close = difflib.get_close_matches(name, FIELDS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown field {name!r}{hint}; fields are {', '.join(FIELDS)}"


def _node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"a single value ({str(node.value)[:40]!r})"


def _line(node: Node) -> int:
    return node.start_mark.line + 1
