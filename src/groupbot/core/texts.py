"""One mechanism for every text a chat user sees: tables of key -> locale -> template.

Each feature owns a table; :class:`Catalog` joins them (a key defined twice is
an error) and renders. Templates are ``str.format`` strings with one addition
for plurals: ``{reports:report|reports}`` renders the number and the word in
the right form ("1 report", "3 reports"); Chinese needs no plural forms and
writes ``{reports} 次``. A test checks every key has zh-CN and en with the
same placeholders.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

from groupbot.core.language import EN

__all__ = ["Catalog", "TextTable", "placeholders"]

TextTable = Mapping[str, Mapping[str, str]]
"""``key -> locale -> template``."""


class _PluralFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            one, other = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else other}"
        return super().format_field(value, format_spec)


_FORMATTER = _PluralFormatter()


def placeholders(template: str) -> frozenset[str]:
    """The names a template fills in (``{reports:report|reports}`` counts as ``reports``)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Catalog:
    """The union of the features' text tables."""

    def __init__(self, *tables: TextTable) -> None:
        self._texts: dict[str, Mapping[str, str]] = {}
        for table in tables:
            for key, variants in table.items():
                if key in self._texts:
                    raise ValueError(f"text {key!r} is defined twice")
                self._texts[key] = variants

    def render(self, key: str, locale: str, **params: object) -> str:
        """The text ``key`` in ``locale`` (English where that locale has none); KeyError for an unknown key."""
        variants = self._texts[key]
        return _FORMATTER.format(variants.get(locale) or variants[EN], **params)

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def variants(self, key: str) -> Mapping[str, str]:
        """Every locale's template of ``key``."""
        return self._texts[key]
