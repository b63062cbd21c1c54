"""One-time sign-in links: signed, single-use, valid for ten minutes.

A token is ``<payload>.<signature>``: the payload names the user, the expiry and
a random nonce; the signature is HMAC-SHA256 with the console's secret key, so
``groupbot web link`` in another process issues links the running bot accepts.
A redeemed nonce is remembered until the link would have expired anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

__all__ = ["LINK_LIFETIME", "SignInLinks", "SignInRefused"]

LINK_LIFETIME = timedelta(minutes=10)


class SignInRefused(ValueError):
    """A link that cannot sign anyone in; ``reason`` is ``malformed``, ``signature``, ``expired`` or ``used``."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"sign-in link refused: {reason}")
        self.reason = reason


class SignInLinks:
    """Issues and redeems sign-in tokens for ``platform:user_id`` keys."""

    def __init__(self, key: bytes | Callable[[], bytes], lifetime: timedelta = LINK_LIFETIME) -> None:
        # A callable is read at the first link: only a bot that signs someone in creates the key file.
        self._key_source = key
        self._lifetime = lifetime
        self._used: dict[str, datetime] = {}

    def issue(self, user: str, now: datetime) -> str:
        """A token signing ``user`` in until ``now`` plus the lifetime."""
        payload = {"u": user, "e": int((now + self._lifetime).timestamp()), "n": secrets.token_urlsafe(12)}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def redeem(self, token: str, now: datetime) -> str:
        """The user ``token`` signs in; raises :class:`SignInRefused` if forged, expired or used before."""
        body, _, signature = token.partition(".")
        if not body or not signature:
            raise SignInRefused("malformed")
        if not hmac.compare_digest(self._sign(body).encode(), signature.encode("ascii", "replace")):
            raise SignInRefused("signature")
        payload = _payload(body)
        expires = datetime.fromtimestamp(payload["e"], tz=now.tzinfo)
        if now >= expires:
            raise SignInRefused("expired")
        self._forget_expired(now)
        if payload["n"] in self._used:
            raise SignInRefused("used")
        self._used[payload["n"]] = expires
        return str(payload["u"])

    def _sign(self, body: str) -> str:
        if callable(self._key_source):
            self._key_source = self._key_source()
        return _b64(hmac.new(self._key_source, body.encode(), hashlib.sha256).digest())

    def _forget_expired(self, now: datetime) -> None:
        for nonce in [nonce for nonce, expires in self._used.items() if expires <= now]:
            del self._used[nonce]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(body: str) -> dict[str, object]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        raise SignInRefused("malformed") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), int) or not payload.get("n"):
        raise SignInRefused("malformed")
    return payload
