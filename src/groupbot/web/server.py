r"""The one aiohttp application: the routes gateways and features declare, /healthz, and the console.

Gateways that receive over HTTP (Telegram webhook, OneBot reverse WebSocket and
HTTP POST, WeCom callbacks) return aiohttp routes from ``web_routes()``;
features declare framework-free :class:`~groupbot.core.http.HttpRoute`\ s,
which :func:`mounted` adapts. Bootstrap serves them all on one port, with the support console
(``groupbot.web.console``) mounted as an extra.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiohttp import web

from groupbot.core.http import HttpRequest, HttpRoute
from groupbot.observability.malformed_requests import quiet_malformed_requests

__all__ = ["HealthReport", "build_app", "mounted"]

HealthReport = Callable[[], Mapping[str, Any]]


def build_app(
    routes: Sequence[web.AbstractRouteDef],
    health: Mapping[str, HealthReport],
    extras: Sequence[Callable[[web.Application], None]] = (),
) -> web.Application:
    """An application serving ``routes`` and ``GET /healthz``; each of ``extras`` mounts more (the console).

    ``health`` maps a component name to a function returning its state; the
    response is 200 when every component reports ``ok`` true (or no ``ok`` key).
    """
    app = web.Application(client_max_size=6 * 1024 * 1024)  # spreadsheet uploads to the console
    quiet_malformed_requests()

    async def healthz(_request: web.Request) -> web.Response:
        report = {name: dict(probe()) for name, probe in health.items()}
        healthy = all(part.get("ok", True) for part in report.values())
        return web.json_response({"ok": healthy, "components": report}, status=200 if healthy else 503)

    app.router.add_get("/healthz", healthz)
    app.add_routes(routes)
    for extra in extras:
        extra(app)
    return app


def mounted(route: HttpRoute) -> web.RouteDef:
    """A feature's framework-free route as an aiohttp route."""

    async def handle(request: web.Request) -> web.Response:
        plain = HttpRequest(request.method, request.path, dict(request.headers), await request.read(), request.remote)
        answer = await route.handler(plain)
        return web.Response(status=answer.status, body=answer.body, content_type=answer.content_type)

    return web.route(route.method, route.path, handle)
