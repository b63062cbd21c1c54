"""What the bot reports about its own work, as plain calls; the Prometheus side lives outside core.

Features and the router call a :class:`Telemetry`; bootstrap injects the real
one (``groupbot.observability.metrics``) with its own registry, tests a fresh
one each, and everything else gets :data:`NO_TELEMETRY`.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NO_TELEMETRY", "NoTelemetry", "Telemetry"]


class Telemetry(Protocol):
    """Counters and timings of the bot's work."""

    def message_handled(self, platform: str, outcome: str, seconds: float) -> None:
        """One inbound message ended with ``outcome`` (``error`` and ``duplicate`` included)."""
        ...

    def matched(self, decision: str, seconds: float) -> None:
        """The matcher decided ``answer``, ``suggest`` or ``abstain`` in ``seconds``."""
        ...

    def encoded(self, questions: int) -> None:
        """The sentence encoder embedded ``questions`` customers' questions in one call."""
        ...

    def reply(self, platform: str, *, sent: bool) -> None:
        """One reply was delivered, or failed (every failure, whatever raised)."""
        ...

    def outbox_attempt(self, destination: str, status: str) -> None:
        """One outbox delivery attempt ended ``delivered``, ``pending`` (a retry) or ``dead``."""
        ...

    def ticket(self, event: str) -> None:
        """A report ``opened`` a ticket or was ``merged`` into one."""
        ...

    def faq_served(self, revision: int, entries: int) -> None:
        """The matcher now serves the shared FAQ's ``revision``, of ``entries`` entries."""
        ...


class NoTelemetry:
    """Reports nowhere."""

    def message_handled(self, platform: str, outcome: str, seconds: float) -> None:
        """Ignored."""

    def matched(self, decision: str, seconds: float) -> None:
        """Ignored."""

    def encoded(self, questions: int) -> None:
        """Ignored."""

    def reply(self, platform: str, *, sent: bool) -> None:
        """Ignored."""

    def outbox_attempt(self, destination: str, status: str) -> None:
        """Ignored."""

    def ticket(self, event: str) -> None:
        """Ignored."""

    def faq_served(self, revision: int, entries: int) -> None:
        """Ignored."""


NO_TELEMETRY: Telemetry = NoTelemetry()
