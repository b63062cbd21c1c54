"""Chats: every group and direct chat with its platform, mode, language and last activity; settings change here."""

from __future__ import annotations

from aiohttp import web

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef
from groupbot.features.chats.settings_change import change_chat_settings
from groupbot.web.guard import FORM, LOCALE, console_of, flash, render, session_of, signed_in
from groupbot.web.texts import LOCALES, translate

__all__ = ["routes"]


def routes() -> list[web.AbstractRouteDef]:
    """The list and the change form's target."""
    return [web.get("/groups", groups), web.post("/groups/{platform}/{chat_id:.+}", change)]


@signed_in()
async def groups(request: web.Request) -> web.StreamResponse:
    """Every chat the bot has seen or has settings for, most recently active first; ``?kind=`` groups or direct."""
    chats = await console_of(request).queries.chats()
    shown = request.query.get("kind", "")
    shown = shown if shown in set(ChatKind) else "all"
    counts = {"all": len(chats), **{kind.value: sum(chat.kind == kind for chat in chats) for kind in ChatKind}}
    listed = chats if shown == "all" else [chat for chat in chats if chat.kind == shown]
    modes = [mode.value for mode in AddressMode]
    context = {"chats": listed, "counts": counts, "shown": shown, "modes": modes, "locales": LOCALES,
               "default_mode": console_of(request).default_mode}
    return render(request, "groups.html", context)


@signed_in()
async def change(request: web.Request) -> web.StreamResponse:
    """Save the chat's mode and language (the same rule as ``/mode`` in the chat, audited the same way)."""
    console = console_of(request)
    form = request[FORM]
    platform, chat_id = request.match_info["platform"], request.match_info["chat_id"]
    mode = form.get("mode", "")
    locale = form.get("locale", "")
    if mode not in {m.value for m in AddressMode} or (locale and locale not in LOCALES):
        raise web.HTTPBadRequest(text="unknown mode or language")
    known = {(c.platform, c.chat_id): c for c in await console.queries.chats()}
    seen = known.get((platform, chat_id))
    if seen is None:
        raise web.HTTPNotFound()
    chat = ChatRef(platform, chat_id, ChatKind(seen.kind) if seen.kind in set(ChatKind) else ChatKind.GROUP, seen.title)
    current = ChatSettings(chat, AddressMode(seen.mode or console.default_mode(platform)), seen.locale)
    async with console.uow_factory() as uow:
        await change_chat_settings(uow, current, session_of(request).user, console.clock.now(),
                                   mode=AddressMode(str(mode)), locale=str(locale) or None, keep_locale=False)
        await uow.commit()
    flash(request, translate("group_saved", request[LOCALE], chat=seen.title or chat_id))
    raise web.HTTPSeeOther("/groups")
