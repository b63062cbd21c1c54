"""The one aiohttp application: webhook routes the adapters declare, and /healthz.

Adapters that receive over HTTP (Telegram webhook, OneBot reverse WebSocket and
HTTP POST, WeCom callbacks) implement :class:`WebRoutes`; bootstrap collects
their routes and health reports here and serves them on one port.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from aiohttp import web

from groupbot.core.http import HttpRequest, HttpRoute

__all__ = ["HealthProbe", "HealthReport", "WebRoutes", "build_app", "mounted"]

HealthReport = Callable[[], Mapping[str, Any]]


@runtime_checkable
class WebRoutes(Protocol):
    """An adapter that needs HTTP endpoints on the shared server."""

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """The routes to mount, e.g. ``web.post("/telegram/webhook", handler)``."""
        ...


@runtime_checkable
class HealthProbe(Protocol):
    """An adapter that reports its connection state on ``/healthz``."""

    platform: str

    def health(self) -> Mapping[str, Any]:
        """A JSON-able state; ``ok`` false marks the bot unhealthy."""
        ...


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
