"""The knowledge base assembled: the FAQ catalog the matcher serves, in step with its files and other instances."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.ports import UnitOfWorkFactory
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.feature import Feature, Job
from groupbot.features.knowledge.batching import QuestionBatcher
from groupbot.features.knowledge.catalog import FaqCatalog, MatcherBuilder
from groupbot.features.knowledge.commands import FaqCommands, FaqWriter
from groupbot.features.knowledge.edit_commands import FaqEditCommands
from groupbot.features.knowledge.editor import FaqEditor, FaqFiles
from groupbot.features.knowledge.sync import FaqSync, FileLoader, FileMirror, SyncMarks
from groupbot.features.knowledge.watch import FaqWatch

__all__ = ["WATCH_JOB", "Knowledge", "SharedFaq", "build"]

WATCH_JOB = "faq-watch"


@dataclass(frozen=True, slots=True)
class SharedFaq:
    """How this instance shares its FAQ: the database, its files' mirror and sync mark, how often to look."""

    uow_factory: UnitOfWorkFactory
    mirror: FileMirror
    marks: SyncMarks
    check_seconds: float


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
    shared: SharedFaq | None = None,
) -> Knowledge:
    """The FAQ its files give; /faq search, add, reload, show, edit, alias, delete and /learn.

    ``files`` is the FAQ directory the editor (``/faq edit``, the web console) writes to;
    ``questions`` embeds customers' questions in batches (see :class:`FaqCatalog`);
    ``shared``: the job that catches up with other instances' edits (none without it).
    """
    catalog = FaqCatalog(matcher_builder, telemetry=telemetry, questions=questions)
    mirror, marks = (shared.mirror, shared.marks) if shared else (None, None)
    sync = FaqSync(load_files, catalog, mirror, marks, telemetry)
    editor = FaqEditor(files, sync, sync.lock)
    commands = (*FaqCommands(catalog, sync, write_entry, files_lock=sync.lock).commands(),
                *FaqEditCommands(catalog, editor).commands())
    jobs = (Job(WATCH_JOB, shared.check_seconds, FaqWatch(shared.uow_factory, sync).run_once),) if shared else ()
    return Knowledge(catalog, sync, editor, Feature("knowledge", commands=commands, jobs=jobs))
