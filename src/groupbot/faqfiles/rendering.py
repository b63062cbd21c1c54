"""Writing entries as readable YAML: fields in a fixed order, answers as ``|`` blocks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from groupbot.core.faq import FaqEntry

__all__ = ["entry_fields", "render_entries"]


class _FaqDumper(yaml.SafeDumper):
    """Block style everywhere, list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FaqDumper.add_representer(str, _represent_text)


def entry_fields(entry: FaqEntry) -> dict[str, Any]:
    """The entry as the mapping a file holds; optional fields only when set."""
    fields: dict[str, Any] = {
        "id": entry.id,
        "question": entry.question,
        "aliases": list(entry.aliases),
        "answer": entry.answer,
        "category": entry.category,
    }
    if entry.tags:
        fields["tags"] = list(entry.tags)
    optional = {"product": entry.product, "version": entry.version, "locale": entry.locale}
    fields.update({name: value for name, value in optional.items() if value is not None})
    return fields


def render_entries(entries: Sequence[FaqEntry], indent: int = 0) -> str:
    """The YAML list items for ``entries``, a blank line between them, shifted right by ``indent``."""
    blocks = [_render_one(entry) for entry in entries]
    text = "\n".join(blocks)
    if indent:
        text = "".join(" " * indent + line if line.strip() else line for line in text.splitlines(keepends=True))
    return text


def _render_one(entry: FaqEntry) -> str:
    return yaml.dump(
        [entry_fields(entry)],
        Dumper=_FaqDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
