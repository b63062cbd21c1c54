"""The console's URLs, in one list."""

from __future__ import annotations

from importlib.resources import files

from aiohttp import web

from groupbot.web import pages_groups, pages_insights, pages_knowledge, pages_signin, pages_tickets

__all__ = ["console_routes"]


def console_routes() -> list[web.AbstractRouteDef]:
    """Every console page and the static files."""
    static = files("groupbot.web") / "static"
    return [
        *pages_signin.routes(),
        *pages_tickets.routes(),
        *pages_knowledge.routes(),
        *pages_insights.routes(),
        *pages_groups.routes(),
        web.static("/static", str(static)),
    ]
