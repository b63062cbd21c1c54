"""Signing in with a one-time link from the chat, signing out, switching the language."""

from __future__ import annotations

from aiohttp import web

from groupbot.core.messages import Role
from groupbot.core.sign_in import SignInRefused
from groupbot.web.guard import LOCALE, console_of, locale_of, render, signed_in
from groupbot.web.sessions import COOKIE
from groupbot.web.texts import LANG_COOKIE, LOCALES, translate

__all__ = ["routes"]

_REFUSALS = {"expired": "link_refused_expired", "used": "link_refused_used"}


def routes() -> list[web.AbstractRouteDef]:
    """Sign-in, sign-out and the language switch."""
    return [web.get("/signin", sign_in), web.post("/signout", sign_out), web.get("/lang", switch_language)]


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Redeem the link's token, open a session and go to the ticket queue (dropping the token from the URL)."""
    console = console_of(request)
    now = console.clock.now()
    request[LOCALE] = locale = locale_of(request)
    if not console.sign_in_limit.allow(request.remote or "-", now):
        return render(request, "message.html", {"message": translate("too_many", locale)}, status=429)
    try:
        ticket = console.links.read(request.query.get("token", ""), now)
    except SignInRefused as refused:
        key = _REFUSALS.get(refused.reason, "link_refused_bad")
        return render(request, "message.html", {"message": translate(key, locale)}, status=403)
    user, role = ticket.user, console.policy.configured_role(ticket.user)
    if role is Role.CUSTOMER:
        return render(request, "message.html", {"message": translate("link_refused_role", locale)}, status=403)
    async with console.uow_factory() as uow:
        # In the database, so a link works once whichever instance the browser reaches.
        if not await uow.memory.claim(f"web:link:{ticket.nonce}", user, ticket.expires, now):
            return render(request, "message.html", {"message": translate("link_refused_used", locale)}, status=403)
        await uow.audit.record(time=now, platform=user.partition(":")[0], chat_id="web", actor=user,
                               action="web sign-in", outcome="done", detail=role.value)
        session_id = await console.sessions.open(uow, user, role, now, ticket.name)
        await uow.commit()
    response = web.HTTPSeeOther("/")
    # Lax: the link is opened from a chat app (a cross-site navigation); Strict would drop the cookie
    # on the redirect to the queue. Every form carries the CSRF token.
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="Lax",
                        secure=console.secure_cookies or request.secure, path="/")
    raise response


@signed_in()
async def sign_out(request: web.Request) -> web.StreamResponse:
    """End the session."""
    await console_of(request).sessions.close(request.cookies.get(COOKIE))
    response = web.HTTPSeeOther("/")
    response.del_cookie(COOKIE, path="/")
    raise response


async def switch_language(request: web.Request) -> web.StreamResponse:
    """Remember the chosen language and go back where the user was."""
    wanted = request.query.get("to", "")
    back = request.query.get("next", "/")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"  # never an open redirect
    response = web.HTTPSeeOther(back)
    if wanted in LOCALES:
        response.set_cookie(LANG_COOKIE, wanted, samesite="Lax", path="/", max_age=365 * 86400)
    raise response
