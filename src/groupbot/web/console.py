"""The support console: what its pages need, and how they are mounted on the bot's aiohttp app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from groupbot.core.console_views import ConsoleQueries
from groupbot.core.digest import Digest, IsoWeek
from groupbot.core.messages import Picture, is_link
from groupbot.core.permissions import PermissionPolicy
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.core.rate_limit import RateLimit
from groupbot.core.sign_in import SignInLinks
from groupbot.core.sla import SlaPolicy
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.knowledge.editor import FaqEditor
from groupbot.web.actions import ConsoleCommands
from groupbot.web.sessions import Sessions

__all__ = ["CONSOLE", "Console", "DigestSource", "PictureSource", "install"]

DigestSource = Callable[[IsoWeek], Awaitable[tuple[Digest, list[str]]]]
"""A week's digest built by the weekly job's own code, and the texts of that week's unanswered questions."""
ChartDrawer = Callable[[Digest, str], bytes | None]
PictureSource = Callable[[str, str], Awaitable[Picture | None]]
"""``(platform, reference)`` to the picture, or None when that platform cannot fetch it."""


async def _no_pictures(_platform: str, _ref: str) -> Picture | None:
    return None


@dataclass
class Console:
    """Everything the pages use; bootstrap builds it from the running bot's parts."""

    clock: Clock
    uow_factory: UnitOfWorkFactory
    queries: ConsoleQueries
    commands: ConsoleCommands
    catalog: FaqCatalog
    editor: FaqEditor
    faq_dirs: tuple[Path, Path | None]
    """The shipped FAQ directory and the learned one (where edits go), for import previews."""
    links: SignInLinks
    policy: PermissionPolicy
    sla: SlaPolicy
    digest: DigestSource
    chart: ChartDrawer
    timezone: str
    merge_threshold: float = 0.75
    default_mode: Callable[[str], str] = lambda _platform: "mention"
    """The mode a chat without saved settings has, by platform (the console chat answers everything)."""
    secure_cookies: bool = False
    pictures: PictureSource = _no_pictures
    """Fetches a picture a platform keeps by reference (a Telegram photo): its adapter, through the outbound."""
    sessions: Sessions = field(init=False)
    sign_in_limit: RateLimit = field(default_factory=lambda: RateLimit(10, timedelta(minutes=1)))


    def __post_init__(self) -> None:
        self.sessions = Sessions(self.uow_factory)


CONSOLE = web.AppKey("console", Console)


def install(app: web.Application, console: Console) -> None:
    """Mount the console's pages, templates and static files on ``app``."""
    from groupbot.web.routes import console_routes  # the pages import this module for CONSOLE

    app[CONSOLE] = console
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.PackageLoader("groupbot.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    aiohttp_jinja2.get_env(app).tests["link"] = is_link  # {% if ref is link %}: a picture anyone may open
    app.add_routes(console_routes())
