"""Checking that a request really comes from our OneBot implementation.

The access token arrives as ``Authorization: Bearer <token>`` (older go-cqhttp
builds say ``Token``) or as ``?access_token=``; HTTP POST events are signed with
``X-Signature: sha1=<HMAC-SHA1(secret, body)>``. Comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from aiohttp import web
from pydantic import SecretStr

__all__ = ["check_signature", "check_token"]

log = logging.getLogger(__name__)


def check_token(request: web.Request, expected: SecretStr | None) -> None:
    """Raise 401 (no token) or 403 (wrong token) unless the request carries ``expected``."""
    if expected is None:
        return
    given = _presented_token(request)
    if given is None:
        log.warning("onebot: rejected %s from %s: no access token", request.path, request.remote)
        raise web.HTTPUnauthorized(text="access token required")
    if not hmac.compare_digest(_raw(given), expected.get_secret_value().encode()):
        log.warning("onebot: rejected %s from %s: wrong access token", request.path, request.remote)
        raise web.HTTPForbidden(text="wrong access token")


def _presented_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    return request.query.get("access_token") or None


def check_signature(request: web.Request, body: bytes, secret: SecretStr | None) -> None:
    """Raise 401/403 unless ``X-Signature`` is the HMAC-SHA1 of ``body`` under ``secret``."""
    if secret is None:
        return
    given = request.headers.get("X-Signature", "")
    if not given:
        log.warning("onebot: rejected an unsigned event from %s", request.remote)
        raise web.HTTPUnauthorized(text="signature required")
    digest = hmac.new(secret.get_secret_value().encode(), body, hashlib.sha1).hexdigest()
    if not hmac.compare_digest(_raw(given), f"sha1={digest}".encode()):
        log.warning("onebot: rejected an event with a forged signature from %s", request.remote)
        raise web.HTTPForbidden(text="bad signature")


def _raw(header: str) -> bytes:
    """A header value as the bytes it arrived as (aiohttp keeps undecodable bytes as surrogates)."""
    return header.encode("utf-8", "surrogateescape")
