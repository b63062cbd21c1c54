"""``/web``: an ops user gets a one-time sign-in link to the console in a direct message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from groupbot.core.commands import Command
from groupbot.core.messages import ChatKind, ChatRef, Reply, ReplyKind, Role
from groupbot.core.rate_limit import RateLimit
from groupbot.core.sign_in import SignInLinks
from groupbot.features.commands.context import CommandContext
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled

__all__ = ["SignInCommand", "direct_chat", "sign_in_url"]

DIRECT_DELIVERY = {"deliver": "direct"}
"""Reply meta: send right after the commit, never through the outbox (a sign-in link is not stored)."""


def sign_in_url(base_url: str, token: str) -> str:
    """The link a token signs in with."""
    return f"{base_url.rstrip('/')}/signin?token={token}"


def direct_chat(platform: str, user_id: str) -> ChatRef:
    """The private chat with a user (the console adapter names it ``dm:USER``)."""
    return ChatRef(platform, f"dm:{user_id}" if platform == "console" else user_id, ChatKind.PRIVATE)


class SignInCommand:
    """The ``/web`` handler; a few links per user per ten minutes."""

    def __init__(
        self,
        links: SignInLinks,
        base_url: Callable[[], str],
        limit: RateLimit | None = None,
        staff: Callable[[str], bool] = lambda _user: True,
    ) -> None:
        self._links = links
        self._base_url = base_url
        self._staff = staff
        self._limit = limit or RateLimit(3, timedelta(minutes=10))

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/web``."""
        return (
            declare("web", "", Role.OPS, self.web, en="get a sign-in link to the web console",
                    zh="获取网页控制台的登录链接"),
        )

    async def web(self, ctx: CommandContext, command: Command) -> Handled:
        """Issue a link for the sender, in a direct message (the reply in a group only says it was sent)."""
        if not self._staff(ctx.actor):  # ops in this group only (a group admin): the console shows every group
            return ctx.say("web_staff_only", "web_link_staff_only")
        if not self._limit.allow(ctx.actor, ctx.now):
            return ctx.say("web_limited", "web_link_limited")
        url = sign_in_url(self._base_url(), self._links.issue(ctx.actor, ctx.now, ctx.message.sender.name))
        text = ctx.text("web_link", url=url)
        message = ctx.message
        if message.chat.kind is ChatKind.PRIVATE:
            return ctx.reply("web", text)
        private = Reply(direct_chat(message.platform, message.sender.user_id), text, ReplyKind.NOTICE,
                        meta=dict(DIRECT_DELIVERY))
        return ctx.reply("web", ctx.text("web_link_sent"), private)
