"""FaqStore contract, on every database."""

from __future__ import annotations

from collections.abc import Callable

from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import NO_REVISION, FaqRevision, faq_digest
from groupbot.db import SqlUnitOfWork

RESET = FaqEntry(
    id="password-reset",
    question="How do I reset my password?",
    answer="1. Open Settings\n2. Tap *Security*\n3. Reset 🔑 — https://example.com/reset",
    aliases=("forgot password", "忘记密码怎么办"),
    category="account",
    tags=("login", "password"),
    product="acme-cloud",
    version=">=2.0",
    locale="en",
    source="faq/account.yaml:3",
)
EXPORT = FaqEntry(id="export-csv", question="如何导出 CSV?", answer="点击 导出 按钮。")


async def _replace(uow_factory: Callable[[], SqlUnitOfWork], entries: list[FaqEntry]) -> None:
    async with uow_factory() as uow:
        await uow.faq.replace_all(entries)
        await uow.commit()


async def test_replace_all_then_all_returns_the_entries_in_the_given_order(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    await _replace(uow_factory, [RESET, EXPORT])
    async with uow_factory() as uow:
        assert await uow.faq.all() == [RESET, EXPORT]


async def test_get_finds_an_entry_by_id_and_none_for_unknown(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    await _replace(uow_factory, [RESET, EXPORT])
    async with uow_factory() as uow:
        assert await uow.faq.get("export-csv") == EXPORT
        assert await uow.faq.get("no-such-entry") is None


async def test_replace_all_drops_entries_no_longer_given(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    await _replace(uow_factory, [RESET, EXPORT])
    await _replace(uow_factory, [EXPORT])
    async with uow_factory() as uow:
        assert await uow.faq.all() == [EXPORT]
        assert await uow.faq.get("password-reset") is None


async def test_replace_all_with_nothing_empties_the_store(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    await _replace(uow_factory, [RESET])
    await _replace(uow_factory, [])
    async with uow_factory() as uow:
        assert await uow.faq.all() == []


async def test_the_revision_is_none_before_the_first_copy_and_counts_each_one(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    async with uow_factory() as uow:
        assert await uow.faq.revision() == NO_REVISION
    await _replace(uow_factory, [RESET])
    await _replace(uow_factory, [RESET, EXPORT])
    async with uow_factory() as uow:
        revision = await uow.faq.revision()
    assert revision == FaqRevision(2, faq_digest([RESET, EXPORT]))


async def test_a_copy_rolled_back_leaves_the_revision_as_it_was(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    await _replace(uow_factory, [RESET])
    async with uow_factory() as uow:
        assert await uow.faq.replace_all([EXPORT]) == FaqRevision(2, faq_digest([EXPORT]))
    async with uow_factory() as uow:
        assert await uow.faq.revision() == FaqRevision(1, faq_digest([RESET]))
        assert await uow.faq.all() == [RESET]


async def test_hold_seeds_an_empty_revision_and_returns_the_current_one(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    async with uow_factory() as uow:
        assert await uow.faq.hold() == NO_REVISION
        await uow.commit()
    await _replace(uow_factory, [EXPORT])
    async with uow_factory() as uow:
        assert await uow.faq.hold() == FaqRevision(1, faq_digest([EXPORT]))
