"""Changing a chat's mode or language: one rule for ``/mode`` in the chat and the console's groups page."""

from __future__ import annotations

from datetime import datetime

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.ports import UnitOfWork

__all__ = ["change_chat_settings"]


async def change_chat_settings(
    uow: UnitOfWork, current: ChatSettings, actor: str, now: datetime, *,
    mode: AddressMode | None = None, locale: str | None = None, keep_locale: bool = True, action: str = "/mode",
) -> ChatSettings:
    """Save ``current`` with the new mode and/or locale (``keep_locale`` False: ``locale`` None means auto)."""
    changed = ChatSettings(
        current.chat,
        mode if mode is not None else current.mode,
        current.locale if keep_locale else locale,
    )
    await uow.chats.save(changed)
    await uow.audit.record(
        time=now, platform=actor.partition(":")[0], chat_id=current.chat.chat_id, actor=actor,
        action=action, outcome="done", detail=f"{current.chat.key} mode={changed.mode.value} locale={changed.locale}",
    )
    return changed
