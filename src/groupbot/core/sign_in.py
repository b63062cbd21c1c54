"""One-time sign-in links: signed, single-use, valid for ten minutes.

A token is ``<payload>.<signature>``: the payload names the user, the expiry and
a random nonce; the signature is HMAC-SHA256 with the console's secret key, so
``groupbot web link`` in another process issues links the running bot accepts.
That a link is used once is up to the caller: the web console claims the
nonce in the shared short memory until the link would have expired anyway, so
a link works once across every instance.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["LINK_LIFETIME", "SignInLinks", "SignInRefused", "SignInTicket"]

LINK_LIFETIME = timedelta(minutes=10)


class SignInRefused(ValueError):
    """A link that cannot sign anyone in; ``reason`` is ``malformed``, ``signature``, ``expired`` or ``used``."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"sign-in link refused: {reason}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignInTicket:
    """What a genuine, unexpired link says: who it signs in, and its nonce (to be used once) until when."""

    user: str
    nonce: str
    expires: datetime
    name: str = ""
    """The display name the user had in chat when asking for the link ("" if unknown)."""


class SignInLinks:
    """Issues and redeems sign-in tokens for ``platform:user_id`` keys."""

    def __init__(self, key: bytes | Callable[[], bytes], lifetime: timedelta = LINK_LIFETIME) -> None:
        # A callable is read at the first link: only a bot that signs someone in creates the key file.
        self._key_source = key
        self._lifetime = lifetime

    def issue(self, user: str, now: datetime, name: str = "") -> str:
        """A token signing ``user`` (shown as ``name``) in until ``now`` plus the lifetime."""
        payload: dict[str, object] = {"u": user, "e": int((now + self._lifetime).timestamp()),
                                      "n": secrets.token_urlsafe(12)}
        if name:
            payload["d"] = name
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def read(self, token: str, now: datetime) -> SignInTicket:
        """What ``token`` says; raises :class:`SignInRefused` if it is malformed, forged or expired."""
        body, _, signature = token.partition(".")
        if not body or not signature:
            raise SignInRefused("malformed")
        if not hmac.compare_digest(self._sign(body).encode(), signature.encode("ascii", "replace")):
            raise SignInRefused("signature")
        payload = _payload(body)
        expires = datetime.fromtimestamp(payload["e"], tz=now.tzinfo)
        if now >= expires:
            raise SignInRefused("expired")
        return SignInTicket(str(payload["u"]), str(payload["n"]), expires, str(payload.get("d") or ""))

    def _sign(self, body: str) -> str:
        if callable(self._key_source):
            self._key_source = self._key_source()
        return _b64(hmac.new(self._key_source, body.encode(), hashlib.sha256).digest())


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
