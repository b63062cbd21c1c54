"""Every console page goes through :func:`signed_in`: a live session, the role, and the CSRF token on posts."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from groupbot.core.messages import Role
from groupbot.features.texts import label
from groupbot.web.console import CONSOLE, Console
from groupbot.web.sessions import COOKIE, Session
from groupbot.web.texts import LANG_COOKIE, choose_locale, translate

__all__ = [
    "FORM", "LOCALE", "SESSION", "Handler", "console_of", "flash", "locale_of", "render", "session_of", "signed_in",
]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _request_key(name: str, kind: type) -> Any:
    # typed keys where aiohttp has them (3.13+), plain strings before
    key_type = getattr(web, "RequestKey", None)
    return key_type(name, kind) if key_type else name


LOCALE = _request_key("groupbot_locale", str)
SESSION = _request_key("groupbot_session", Session)
FORM = _request_key("groupbot_form", object)
_FLASH_IN = _request_key("groupbot_flash_in", tuple)
_FLASH_OUT = _request_key("groupbot_flash_out", tuple)
FLASH_LIFETIME = timedelta(minutes=10)
"""How long a notice waits for the page after the redirect (which any instance may serve)."""
_HEADERS = {
    # Scripts only from our own static folder: a <script> that slipped into a page would not run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def console_of(request: web.Request) -> Console:
    """The console the request's app serves."""
    return request.app[CONSOLE]


def session_of(request: web.Request) -> Session:
    """The signed-in session (only inside a :func:`signed_in` handler)."""
    return request[SESSION]


def locale_of(request: web.Request) -> str:
    """The page language: the switch's cookie, else the browser's Accept-Language."""
    return choose_locale(request.cookies.get(LANG_COOKIE), request.headers.get("Accept-Language"))


def signed_in(role: Role = Role.OPS) -> Callable[[Handler], Handler]:
    """Refuse the handler to visitors without a session, with too small a role, or posting without the token."""

    def wrap(handler: Handler) -> Handler:
        async def guarded(request: web.Request) -> web.StreamResponse:
            console = console_of(request)
            request[LOCALE] = locale = locale_of(request)
            session = await console.sessions.get(request.cookies.get(COOKIE), console.clock.now())
            if session is None:
                return render(request, "signin_needed.html", {}, status=401)
            request[SESSION] = session
            request[_FLASH_IN] = await _take_flash(console, session)
            if session.role.rank < role.rank:
                return render(request, "message.html", {"message": translate("forbidden_role", locale)}, status=403)
            if request.method == "POST":
                form = await request.post()
                sent = form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
                if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                    message = translate("forbidden_csrf", locale)
                    return render(request, "message.html", {"message": message}, status=403)
                request[FORM] = form
            try:
                return await handler(request)
            finally:  # the handler usually raises its redirect right after flash()
                if _FLASH_OUT in request:
                    await _keep_flash(console, session, request[_FLASH_OUT])

        return guarded

    return wrap


def flash(request: web.Request, text: str, done: bool = True) -> None:
    """A message for the next page this session sees (after a redirect, on whichever instance)."""
    request[_FLASH_OUT] = (text, done)


async def _take_flash(console: Console, session: Session) -> tuple[str, bool] | None:
    key = f"web:flash:{session.csrf}"
    async with console.uow_factory() as uow:
        found = (await uow.memory.recall([key], console.clock.now())).get(key)
        if found is None:
            return None
        await uow.memory.forget(key)
        await uow.commit()
    return str(found[0]), bool(found[1])


async def _keep_flash(console: Console, session: Session, message: tuple[str, bool]) -> None:
    async with console.uow_factory() as uow:
        await uow.memory.keep(f"web:flash:{session.csrf}", list(message), console.clock.now() + FLASH_LIFETIME)
        await uow.commit()


def _local_time(zone: str) -> Callable[..., str]:
    """Times as the team reads them: in the console's timezone (``digest.timezone``), not the database's UTC."""
    local = ZoneInfo(zone)

    def when(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
        if moment is None:
            return "-"
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(local).strftime(pattern)

    return when


def render(
    request: web.Request, template: str, context: Mapping[str, Any], status: int = 200
) -> web.Response:
    """``template`` with the page helpers, and headers that keep the page to itself."""
    locale = request.get(LOCALE) or locale_of(request)
    session: Session | None = request.get(SESSION)
    message = request.get(_FLASH_IN)
    helpers = {
        "t": lambda key, **params: translate(key, locale, **params),
        "label": lambda kind, value: label(kind, str(value), locale),
        "locale": locale,
        "session": session,
        "csrf": session.csrf if session else "",
        "path": request.path_qs,
        "section": request.path.split("/")[1] or "tickets",
        "flash": message,
        "when": _local_time(console_of(request).timezone),
        "zone": console_of(request).timezone,
    }
    response = aiohttp_jinja2.render_template(template, request, {**helpers, **context}, status=status)
    response.headers.update(_HEADERS)
    return response
