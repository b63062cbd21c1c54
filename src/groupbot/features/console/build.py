"""Signing in to the web console from the chat: /web."""

from __future__ import annotations

from collections.abc import Callable

from groupbot.core.sign_in import SignInLinks
from groupbot.features.console.commands import SignInCommand
from groupbot.features.feature import Feature

__all__ = ["build"]


def build(links: SignInLinks, base_url: Callable[[], str], staff: Callable[[str], bool]) -> Feature:
    """The /web command; ``base_url`` is read per link (the port is known once the server listens);
    ``staff`` says whether a ``platform:user_id`` may sign in (ops by configuration, not a group's admin)."""
    return Feature("console", commands=SignInCommand(links, base_url, staff=staff).commands())
