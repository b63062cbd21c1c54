"""The knowledge base assembled: the FAQ catalog the matcher serves, kept in step with its files."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.feature import Feature
from groupbot.features.knowledge.catalog import FaqCatalog, MatcherBuilder
from groupbot.features.knowledge.commands import FaqCommands, FaqWriter
from groupbot.features.knowledge.sync import FaqSync, FileLoader

__all__ = ["Knowledge", "build"]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The catalog everyone matches against, its sync with the files, and the feature."""

    catalog: FaqCatalog
    sync: FaqSync
    feature: Feature


def build(
    load_files: FileLoader, write_entry: FaqWriter, matcher_builder: MatcherBuilder, telemetry: Telemetry = NO_TELEMETRY
) -> Knowledge:
    """The FAQ its files give; /faq search, add, reload and /learn."""
    catalog = FaqCatalog(matcher_builder, telemetry=telemetry)
    sync = FaqSync(load_files, catalog)
    commands = FaqCommands(catalog, sync, write_entry).commands()
    return Knowledge(catalog, sync, Feature("knowledge", commands=commands))
