"""Why the bot could not start: raised by whatever found out, reported by the command line.

Each failure carries one sentence naming the problem and what to check, and
the process exit code: 2 when the configuration is wrong, 1 when a service the
configuration names is unreachable (running again later may work).
"""

from __future__ import annotations

__all__ = ["Misconfigured", "StartupFailure", "Unreachable"]


class StartupFailure(Exception):
    """The bot cannot start; ``str(self)`` is the line to print."""

    exit_code = 1


class Misconfigured(StartupFailure):
    """A setting is wrong: the service answered, but not as the setting promised (exit 2)."""

    exit_code = 2


class Unreachable(StartupFailure):
    """A service the settings name did not answer (exit 1)."""

    exit_code = 1
