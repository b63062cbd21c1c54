"""``POST /escalation/resolved``: the issue tracker tells us a ticket is resolved.

The tracker authenticates with the shared secret, either by signing the body
like our own webhooks (X-Groupbot-Timestamp / X-Groupbot-Signature) or, for
trackers that can only set a header, ``Authorization: Bearer <secret>``.
Repeated calls for a ticket already resolved answer 200 and change nothing,
so a tracker that retries does no harm.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from groupbot.core.http import HttpRequest, HttpResponse, HttpRoute
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.core.signing import SIGNATURE_HEADER, SignatureError, verify
from groupbot.core.tickets import TicketStatus, TransitionError
from groupbot.features.escalation.desk import EscalationDesk

__all__ = ["RESOLVED_PATH", "TrackerWebhook"]

log = logging.getLogger(__name__)
RESOLVED_PATH = "/escalation/resolved"
MAX_RESOLUTION_CHARS = 4000


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class TrackerWebhook:
    """The inbound webhook; the web server mounts its :meth:`routes`."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        desk: EscalationDesk,
        clock: Clock,
        secret: bytes,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._desk = desk
        self._clock = clock
        self._secret = secret
        self._on_queued = on_queued

    def routes(self) -> tuple[HttpRoute, ...]:
        """The one route this webhook serves."""
        return (HttpRoute("POST", RESOLVED_PATH, self.handle),)

    async def handle(self, request: HttpRequest) -> HttpResponse:
        """Authenticate, validate, resolve; errors are JSON ``{"error": ...}`` with a 4xx status."""
        body = request.body
        try:
            self._authenticate(request, body)
            number, resolution, actor = _parse(body)
            status = await self._resolve(number, resolution, actor)
        except _BadRequest as exc:
            log.warning("tracker webhook from %s refused: %s", request.remote, exc)
            return HttpResponse.json({"ok": False, "error": str(exc)}, status=exc.status)
        return HttpResponse.json({"ok": True, "ticket": number, "status": status})

    def _authenticate(self, request: HttpRequest, body: bytes) -> None:
        if request.header(SIGNATURE_HEADER):
            try:
                verify(self._secret, request.headers, body, self._clock.now())
            except SignatureError as exc:
                raise _BadRequest(401, str(exc)) from None
            return
        scheme, _, token = request.header("Authorization").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self._secret):
            raise _BadRequest(401, "missing or wrong shared secret")

    async def _resolve(self, number: int, resolution: str, actor: str) -> str:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            ticket = await uow.tickets.get(number)
            if ticket is None:
                raise _BadRequest(404, f"no ticket #{number}")
            if ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
                return f"already {ticket.status.value}"
            try:
                await self._desk.resolve(uow, ticket, resolution, actor, now)
            except TransitionError as exc:
                raise _BadRequest(409, str(exc)) from None
            await uow.commit()
        log.info("ticket #%d resolved by the tracker (%s)", number, actor)
        self._on_queued()
        return TicketStatus.RESOLVED.value


def _parse(body: bytes) -> tuple[int, str, str]:
    try:
        data: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _BadRequest(400, "body must be JSON") from None
    if not isinstance(data, dict):
        raise _BadRequest(400, "body must be a JSON object")
    number, resolution, actor = data.get("ticket"), data.get("resolution"), data.get("actor", "tracker")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise _BadRequest(400, "'ticket' must be a positive ticket number")
    if not isinstance(resolution, str) or not resolution.strip():
        raise _BadRequest(400, "'resolution' must be a non-empty string")
    if len(resolution) > MAX_RESOLUTION_CHARS:
        raise _BadRequest(400, f"'resolution' is longer than {MAX_RESOLUTION_CHARS} characters")
    if not isinstance(actor, str):
        raise _BadRequest(400, "'actor' must be a string")
    return number, resolution.strip(), f"tracker:{actor[:100]}"
