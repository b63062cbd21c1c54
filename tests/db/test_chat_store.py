"""ChatStore contract, on every database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef
from groupbot.db import SqlUnitOfWork, unit_of_work_factory
from groupbot.db.schema import chats
from tests.db.samples import GROUP, T0, ticket
from tests.fakes import SettableClock


async def _save(uow_factory: Callable[[], SqlUnitOfWork], settings: ChatSettings) -> None:
    async with uow_factory() as uow:
        await uow.chats.save(settings)
        await uow.commit()


async def test_get_of_an_unknown_chat_is_none(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    async with uow_factory() as uow:
        assert await uow.chats.get(GROUP) is None


async def test_saved_settings_come_back_equal(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    settings = ChatSettings(chat=GROUP, mode=AddressMode.QUESTIONS, locale="zh-CN")
    await _save(uow_factory, settings)
    async with uow_factory() as uow:
        assert await uow.chats.get(GROUP) == settings


async def test_saving_again_updates_the_same_chat(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    await _save(uow_factory, ChatSettings(chat=GROUP, mode=AddressMode.QUESTIONS, locale="zh-CN"))
    renamed = ChatRef(GROUP.platform, GROUP.chat_id, ChatKind.GROUP, "Acme customers (new)")
    await _save(uow_factory, ChatSettings(chat=renamed, mode=AddressMode.ALL))
    async with uow_factory() as uow:
        assert await uow.chats.get(GROUP) == ChatSettings(chat=renamed, mode=AddressMode.ALL, locale=None)


async def test_chats_are_told_apart_by_platform_and_id(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    direct = ChatRef("onebot", GROUP.chat_id, ChatKind.PRIVATE)
    await _save(uow_factory, ChatSettings(chat=GROUP, mode=AddressMode.ALL))
    await _save(uow_factory, ChatSettings(chat=direct, locale="en"))
    async with uow_factory() as uow:
        assert await uow.chats.get(GROUP) == ChatSettings(chat=GROUP, mode=AddressMode.ALL)
        assert await uow.chats.get(direct) == ChatSettings(chat=direct, locale="en")


async def test_saving_again_keeps_created_at_and_moves_updated_at(engine: AsyncEngine) -> None:
    clock = SettableClock(T0)
    new_uow = unit_of_work_factory(engine, clock=clock)
    await _save(new_uow, ChatSettings(chat=GROUP))
    clock.advance(hours=2)
    await _save(new_uow, ChatSettings(chat=GROUP, mode=AddressMode.ALL))
    async with engine.connect() as conn:
        row = (await conn.execute(select(chats.c.created_at, chats.c.updated_at))).one()
    assert tuple(row) == (T0, T0 + timedelta(hours=2))


async def test_move_carries_settings_and_ticket_reports_to_the_new_id(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    await _save(uow_factory, ChatSettings(chat=GROUP, mode=AddressMode.ALL, locale="en"))
    async with uow_factory() as uow:
        created = await uow.tickets.create(ticket())
        await uow.commit()
    new = ChatRef(GROUP.platform, "-100999", ChatKind.GROUP, "Acme customers (supergroup)")

    async with uow_factory() as uow:
        await uow.chats.move(GROUP, new)
        await uow.chats.move(new, new)  # moving onto itself changes nothing
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.chats.get(GROUP) is None
        moved = await uow.chats.get(new)
        assert moved is not None and (moved.mode, moved.locale) == (AddressMode.ALL, "en")
        kept = await uow.tickets.get(created.number)
        assert kept is not None and [r.chat.chat_id for r in kept.reports] == ["-100999"]
