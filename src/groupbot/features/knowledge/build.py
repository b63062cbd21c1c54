"""The knowledge base assembled: the FAQ catalog the matcher serves, kept in step with its files."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.feature import Feature
from groupbot.features.knowledge.batching import QuestionBatcher
from groupbot.features.knowledge.catalog import FaqCatalog, MatcherBuilder
from groupbot.features.knowledge.commands import FaqCommands, FaqWriter
from groupbot.features.knowledge.edit_commands import FaqEditCommands
from groupbot.features.knowledge.editor import FaqEditor, FaqFiles
from groupbot.features.knowledge.sync import FaqSync, FileLoader

__all__ = ["Knowledge", "build"]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The catalog everyone matches against, its sync with the files, and the feature."""

    catalog: FaqCatalog
    sync: FaqSync
    editor: FaqEditor
    feature: Feature


def build(
    load_files: FileLoader,
    write_entry: FaqWriter,
    matcher_builder: MatcherBuilder,
    files: FaqFiles,
    telemetry: Telemetry = NO_TELEMETRY,
    questions: QuestionBatcher | None = None,
) -> Knowledge:
    """The FAQ its files give; /faq search, add, reload, show, edit, alias, delete and /learn.

    ``files`` is the FAQ directory the editor (``/faq edit``, the web console) writes to;
    ``questions`` embeds customers' questions in batches (see :class:`FaqCatalog`).
    """
    catalog = FaqCatalog(matcher_builder, telemetry=telemetry, questions=questions)
    sync = FaqSync(load_files, catalog)
    editor = FaqEditor(files, sync)
    commands = (*FaqCommands(catalog, sync, write_entry, files_lock=editor.lock).commands(),
                *FaqEditCommands(catalog, editor).commands())
    return Knowledge(catalog, sync, editor, Feature("knowledge", commands=commands))
