"""Instances with their own FAQ files share one FAQ through the database, on every database.

Each instance here is what bootstrap builds for ``groupbot run``: a FaqSync over its
own files (real YAML in its own learned directory, real sync mark), its FaqWatch,
its matcher; all of them on one database. "Restarting" one builds it again over
the same folders.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, Matcher
from groupbot.db import SqlUnitOfWork
from groupbot.db.schema import faq_revision
from groupbot.faqfiles import load_faq_dir, upsert_entry
from groupbot.faqfiles.folder import FaqFolder
from groupbot.faqfiles.sync_marks import SyncMarkFile
from groupbot.features.knowledge.catalog import FaqCatalog, MatcherBuilder
from groupbot.features.knowledge.sync import FaqSync
from groupbot.features.knowledge.watch import FaqWatch

Uows = Callable[[], SqlUnitOfWork]

SHIPPED = """\
- id: password
  question: How do I reset my password?
  answer: Settings > Security.
- id: invoice
  question: Where do I download my invoice?
  answer: Billing > Invoices.
"""
TAUGHT = FaqEntry("ticket-7", "Why does the CSV export stop at 10000 rows?", "Use the API for larger exports.")
DIRECT = FaqEntry("vpn", "Does the app work over a VPN?", "Yes, allow app.example.com.")


@dataclass
class Instance:
    """One bot's FAQ side, over its own folders."""

    learned: Path
    catalog: FaqCatalog
    sync: FaqSync
    watch: FaqWatch

    def files(self, shipped: Path) -> dict[str, FaqEntry]:
        return {entry.id: entry for entry in load_faq_dir(shipped, self.learned)}

    def answers(self, question: str) -> str | None:
        decision = self.catalog.decide(question)
        return decision.entry_id if decision.kind is DecisionKind.ANSWER else None


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    folder.mkdir()
    (folder / "basics.yaml").write_text(SHIPPED, encoding="utf-8")
    return folder


async def _start(uows: Uows, shipped: Path, learned: Path, build: MatcherBuilder = Matcher) -> Instance:
    folder = FaqFolder(shipped, learned)
    catalog = FaqCatalog(build)
    sync = FaqSync(partial(load_faq_dir, shipped, learned), catalog, folder.mirror, SyncMarkFile(learned))
    async with uows() as uow:
        await sync(uow)
        await uow.commit()
    return Instance(learned, catalog, sync, FaqWatch(uows, sync))


async def _learn(uows: Uows, shipped: Path, instance: Instance, entry: FaqEntry, *, commit: bool = True) -> None:
    """What /learn does: write the entry to this instance's files, then reconcile, in one unit of work."""
    async with uows() as uow, instance.sync.lock:
        upsert_entry(shipped, entry, learned_dir=instance.learned)
        await instance.sync(uow)
        if commit:
            await uow.commit()


async def _shared(uows: Uows) -> dict[str, FaqEntry]:
    async with uows() as uow:
        return {entry.id: entry for entry in await uow.faq.all()}


async def _number(uows: Uows) -> int:
    async with uows() as uow:
        return (await uow.faq.revision()).number


async def test_an_entry_taught_through_one_instance_is_answered_by_the_other_after_its_check(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    b = await _start(uow_factory, shipped, tmp_path / "b")
    assert await b.watch.run_once() is False  # nothing changed: one look at the revision, nothing else
    await _learn(uow_factory, shipped, a, TAUGHT)
    assert b.answers(TAUGHT.question) is None

    assert await b.watch.run_once() is True
    assert b.answers(TAUGHT.question) == "ticket-7"
    assert b.files(shipped)["ticket-7"].answer == TAUGHT.answer  # written to b's own files
    assert await a.watch.run_once() is False  # a serves its own edit already
    assert await b.watch.run_once() is False

    number = await _number(uow_factory)
    b = await _start(uow_factory, shipped, tmp_path / "b")  # restart b
    assert b.answers(TAUGHT.question) == "ticket-7"
    assert "ticket-7" in await _shared(uow_factory)
    assert await _number(uow_factory) == number  # nothing to store: the restart changed nothing


async def test_an_instance_down_during_an_edit_takes_it_up_when_it_starts(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    await _start(uow_factory, shipped, tmp_path / "b")  # then stopped, before a's edit
    await _learn(uow_factory, shipped, a, TAUGHT)

    b = await _start(uow_factory, shipped, tmp_path / "b")  # its files are older than the shared copy
    assert b.answers(TAUGHT.question) == "ticket-7"
    assert "ticket-7" in await _shared(uow_factory)  # its stale files did not undo a's edit
    assert "ticket-7" in b.files(shipped)


async def test_a_direct_file_edit_and_another_instances_chat_edit_both_survive_a_restart(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    await _start(uow_factory, shipped, tmp_path / "b")
    await _learn(uow_factory, shipped, a, TAUGHT)  # while b is down...
    upsert_entry(shipped, DIRECT, learned_dir=tmp_path / "b")  # ...an admin edits b's files

    b = await _start(uow_factory, shipped, tmp_path / "b")
    assert {"ticket-7", "vpn"} <= set(await _shared(uow_factory))
    assert b.answers(TAUGHT.question) == "ticket-7"
    assert b.answers(DIRECT.question) == "vpn"
    assert await a.watch.run_once() is True
    assert a.answers(DIRECT.question) == "vpn"
    assert {"ticket-7", "vpn"} <= set(a.files(shipped))


async def test_a_file_edit_of_an_entry_another_instance_changed_wins(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    await _start(uow_factory, shipped, tmp_path / "b")
    password = a.catalog.entry("password")
    assert password is not None
    await _learn(uow_factory, shipped, a, FaqEntry("password", password.question, "From the chat."))
    upsert_entry(shipped, FaqEntry("password", password.question, "From the file."), learned_dir=tmp_path / "b")

    await _start(uow_factory, shipped, tmp_path / "b")
    assert (await _shared(uow_factory))["password"].answer == "From the file."


async def test_the_first_start_after_the_upgrade_publishes_the_files(
    uow_factory: Uows, engine: AsyncEngine, shipped: Path, tmp_path: Path
) -> None:
    async with uow_factory() as uow:  # a copy left by a version without revisions, older than the files
        await uow.faq.replace_all([TAUGHT])
        await uow.commit()
    async with engine.begin() as conn:
        await conn.execute(delete(faq_revision))
    await _start(uow_factory, shipped, tmp_path / "a")
    assert set(await _shared(uow_factory)) == {"password", "invoice"}
    assert await _number(uow_factory) == 1


async def test_a_new_instance_takes_the_shared_copy_into_its_empty_files(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    await _learn(uow_factory, shipped, a, TAUGHT)
    number = await _number(uow_factory)

    c = await _start(uow_factory, shipped, tmp_path / "c")
    assert c.answers(TAUGHT.question) == "ticket-7"
    assert "ticket-7" in c.files(shipped)
    assert await _number(uow_factory) == number


async def test_an_edit_whose_unit_of_work_failed_is_undone_by_the_next_check(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    await _learn(uow_factory, shipped, a, TAUGHT, commit=False)  # rolled back: the database never had it
    assert "ticket-7" in a.files(shipped)

    assert await a.watch.run_once() is True
    assert a.answers(TAUGHT.question) is None
    assert "ticket-7" not in a.files(shipped)
    assert "ticket-7" not in await _shared(uow_factory)


class HeldBuilder:
    """Builds matchers; once ``armed``, the next build waits for ``release`` (its unit of work still open)."""

    def __init__(self) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, entries: Sequence[FaqEntry]) -> Matcher:
        if self.armed:
            self.armed = False
            self.entered.set()
            assert self.release.wait(timeout=30)
        return Matcher(entries)


async def _someone_waits_for_a_lock(engine: AsyncEngine) -> bool:
    query = text("select count(*) from pg_stat_activity"
                 " where wait_event_type = 'Lock' and datname = current_database()")
    for _ in range(200):  # a real server: poll, with a deadline
        async with engine.connect() as conn:
            if (await conn.execute(query)).scalar_one():
                return True
        await asyncio.sleep(0.05)
    return False


async def test_edits_through_two_instances_at_once_both_land(
    uow_factory: Uows, engine: AsyncEngine, shipped: Path, tmp_path: Path
) -> None:
    held = HeldBuilder()
    a = await _start(uow_factory, shipped, tmp_path / "a", held)
    b = await _start(uow_factory, shipped, tmp_path / "b")
    held.armed = True
    learning_a = asyncio.create_task(_learn(uow_factory, shipped, a, TAUGHT))
    assert await asyncio.to_thread(held.entered.wait, 30)  # a has stored its copy, not committed it yet
    learning_b = asyncio.create_task(_learn(uow_factory, shipped, b, DIRECT))
    if engine.dialect.name == "postgresql":
        assert await _someone_waits_for_a_lock(engine)  # b waits for a's lock on the revision
    held.release.set()
    await asyncio.gather(learning_a, learning_b)

    assert {"ticket-7", "vpn"} <= set(await _shared(uow_factory))
    for instance in (a, b):
        await instance.watch.run_once()
        assert instance.answers(TAUGHT.question) == "ticket-7"
        assert instance.answers(DIRECT.question) == "vpn"


async def test_an_instance_with_broken_files_still_takes_up_the_others_edits(
    uow_factory: Uows, shipped: Path, tmp_path: Path
) -> None:
    a = await _start(uow_factory, shipped, tmp_path / "a")
    b = await _start(uow_factory, shipped, tmp_path / "b")
    (tmp_path / "b" / "broken.yaml").write_text("- id: x\n  question: [unclosed\n", encoding="utf-8")
    await _learn(uow_factory, shipped, a, TAUGHT)

    assert await b.watch.run_once() is True
    assert b.answers(TAUGHT.question) == "ticket-7"
    assert await b.watch.run_once() is False  # served: no retry every round
    assert "ticket-7" in await _shared(uow_factory)
