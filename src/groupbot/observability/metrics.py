"""The bot's metrics in the Prometheus text format, served as ``GET /metrics``.

Every metric lives in the :class:`~prometheus_client.CollectorRegistry` given to
:class:`PrometheusTelemetry` (bootstrap makes one per bot, tests one per test),
never in prometheus-client's global registry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["OutboxDepth", "PrometheusTelemetry", "metrics_route"]

OutboxDepth = Callable[[], Awaitable[Mapping[str, int]]]
"""Reads the outbox's messages by status (pending, delivered, dead) from the database."""

_CHIT_CHAT = {"ignored", "ask_me"}  # the router decided the message was not a question for the bot
_BATCH = (1, 2, 4, 8, 16, 32)
_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class PrometheusTelemetry:
    """:class:`~groupbot.core.telemetry.Telemetry` as Prometheus counters, histograms and gauges."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        on = {"registry": self.registry}
        self._inbound = Counter("groupbot_inbound_messages", "Inbound messages by platform and outcome",
                                ["platform", "outcome"], **on)
        self._decisions = Counter("groupbot_decisions", "Decisions about questions: answer, suggest, abstain, "
                                  "chit-chat", ["decision"], **on)
        self._matching = Histogram("groupbot_matching_seconds", "Time to match one question against the FAQ",
                                   buckets=_LATENCY, **on)
        self._batches = Histogram("groupbot_encoder_batch_size", "Customers' questions the sentence encoder "
                                  "embedded in one call", buckets=_BATCH, **on)
        self._handling = Histogram("groupbot_handling_seconds", "Time to handle one inbound message, replies "
                                   "included", ["platform"], buckets=_LATENCY, **on)
        self._replies = Counter("groupbot_replies", "Replies by platform and result (sent or failed)",
                                ["platform", "result"], **on)
        self._retries = Counter("groupbot_outbox_retries", "Outbox deliveries that failed and will be retried",
                                ["destination"], **on)
        self._dead = Counter("groupbot_outbox_dead_letters", "Outbox messages given up on", ["destination"], **on)
        self._delivered = Counter("groupbot_outbox_delivered", "Outbox messages delivered", ["destination"], **on)
        self._tickets = Counter("groupbot_tickets", "Reports that opened a ticket or merged into one", ["event"], **on)
        self._depth = Gauge("groupbot_outbox_depth", "Outbox messages by status, read at scrape time", ["status"],
                            **on)
        self._faq_revision = Gauge("groupbot_faq_revision", "The shared FAQ revision this instance answers from",
                                   **on)
        self._faq_entries = Gauge("groupbot_faq_entries", "FAQ entries this instance answers from", **on)

    def message_handled(self, platform: str, outcome: str, seconds: float) -> None:
        """Count the message by its outcome and time its handling."""
        self._inbound.labels(platform, outcome).inc()
        self._handling.labels(platform).observe(seconds)
        if outcome in _CHIT_CHAT:
            self._decisions.labels("chit-chat").inc()

    def matched(self, decision: str, seconds: float) -> None:
        """Count the matcher's decision and time it."""
        self._decisions.labels(decision).inc()
        self._matching.observe(seconds)

    def encoded(self, questions: int) -> None:
        """Observe one encoder call's batch size (its mean: ``_sum / _count``)."""
        self._batches.observe(questions)

    def reply(self, platform: str, *, sent: bool) -> None:
        """Count a reply as sent or failed."""
        self._replies.labels(platform, "sent" if sent else "failed").inc()

    def outbox_attempt(self, destination: str, status: str) -> None:
        """Count an outbox attempt as delivered, a retry or a dead letter."""
        counter = {"delivered": self._delivered, "pending": self._retries, "dead": self._dead}.get(status)
        if counter is not None:
            counter.labels(destination).inc()

    def ticket(self, event: str) -> None:
        """Count a ticket opened or a report merged."""
        self._tickets.labels(event).inc()

    def faq_served(self, revision: int, entries: int) -> None:
        """Set the FAQ gauges: instances answering from different revisions show here."""
        self._faq_revision.set(revision)
        self._faq_entries.set(entries)

    def outbox_depth(self, counts: Mapping[str, int]) -> None:
        """Set the outbox gauge from the database's counts."""
        for status, count in counts.items():
            self._depth.labels(status).set(count)

    def render(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


def metrics_route(telemetry: PrometheusTelemetry, outbox_depth: OutboxDepth | None = None) -> web.RouteDef:
    """``GET /metrics``: the outbox depth read now, then every metric."""

    async def metrics(_request: web.Request) -> web.Response:
        if outbox_depth is not None:
            telemetry.outbox_depth(await outbox_depth())
        response = web.Response(body=telemetry.render())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    return web.get("/metrics", metrics)
