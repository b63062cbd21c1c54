"""ChatStore contract, on every database."""

from __future__ import annotations

from collections.abc import Callable

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef
from groupbot.db import SqlUnitOfWork
from tests.db.samples import GROUP


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
