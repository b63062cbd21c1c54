"""Reading the ticket classification rules from YAML into :mod:`groupbot.core.classification` objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from groupbot.core.classification import CategoryRule, ClassificationRules, SeverityRule, TextRule
from groupbot.core.tickets import Category, Severity

__all__ = ["RulesError", "bundled_rules_text", "load_rules", "parse_rules"]


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the entry."""


def bundled_rules_text() -> str:
    """The rules shipped with groupbot (``groupbot/config/classification.yaml``)."""
    return (resources.files("groupbot") / "config" / "classification.yaml").read_text(encoding="utf-8")


def load_rules(path: Path | None = None) -> ClassificationRules:
    """Rules from ``path``, or the bundled ones when ``path`` is None."""
    if path is None:
        return parse_rules(bundled_rules_text(), "bundled classification.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot read {path}: {exc}") from None
    return parse_rules(text, str(path))


def parse_rules(text: str, source: str) -> ClassificationRules:
    """Parse a rules document; raise :class:`RulesError` naming ``source`` on any mistake."""
    try:
        data = yaml.safe_load(text) or {}
        if not isinstance(data, Mapping):
            raise TypeError("top level must be a mapping")
        return ClassificationRules(
            categories=tuple(_category(item) for item in data.get("categories") or ()),
            severities=tuple(_severity(item) for item in data.get("severities") or ()),
            fallback=Category(data.get("fallback", "other")),
            fallback_severity=Severity(data.get("fallback_severity", "normal")),
        )
    except (yaml.YAMLError, TypeError, ValueError, KeyError, re.error) as exc:
        raise RulesError(f"{source}: {exc}") from None


def _text_rule(item: Mapping[str, Any]) -> TextRule:
    keywords = tuple(str(word) for word in item.get("keywords") or ())
    patterns = tuple(re.compile(str(p), re.IGNORECASE) for p in item.get("patterns") or ())
    return TextRule(keywords, patterns)


def _category(item: Mapping[str, Any]) -> CategoryRule:
    return CategoryRule(Category(item["category"]), _text_rule(item), Severity(item.get("base_severity", "normal")))


def _severity(item: Mapping[str, Any]) -> SeverityRule:
    return SeverityRule(Severity(item["severity"]), _text_rule(item))
