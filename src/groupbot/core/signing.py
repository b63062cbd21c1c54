"""Webhook signatures: HMAC-SHA256 over ``"<timestamp>.<body>"``.

Signing the timestamp with the body means a captured request cannot be replayed
later with a fresh timestamp; the verifier rejects timestamps outside a window.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta

__all__ = [
    "DELIVERY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SignatureError",
    "sign",
    "signature_headers",
    "verify",
]

TIMESTAMP_HEADER = "X-Groupbot-Timestamp"
SIGNATURE_HEADER = "X-Groupbot-Signature"
DELIVERY_HEADER = "X-Groupbot-Delivery"
_PREFIX = "sha256="
DEFAULT_WINDOW = timedelta(minutes=5)


class SignatureError(ValueError):
    """A request whose signature is missing, malformed, wrong or too old."""


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, ``b"<timestamp>." + body``)."""
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def signature_headers(secret: bytes, body: bytes, delivery_id: str, now: datetime) -> dict[str, str]:
    """The headers that make ``body`` verifiable by the receiver."""
    timestamp = int(now.timestamp())
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        DELIVERY_HEADER: delivery_id,
    }


def _header(headers: Mapping[str, str], name: str) -> str:
    # aiohttp's headers are case-insensitive already; plain dicts from tests may not be
    value = headers.get(name) or {key.lower(): val for key, val in headers.items()}.get(name.lower())
    if not value:
        raise SignatureError(f"missing {name} header")
    return value


def verify(
    secret: bytes, headers: Mapping[str, str], body: bytes, now: datetime, window: timedelta = DEFAULT_WINDOW
) -> None:
    """Raise :class:`SignatureError` unless ``body`` was signed with ``secret`` within ``window`` of ``now``."""
    raw_timestamp = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    try:
        timestamp = int(raw_timestamp)
    except ValueError:
        raise SignatureError(f"{TIMESTAMP_HEADER} is not a unix timestamp") from None
    if abs(now.timestamp() - timestamp) > window.total_seconds():
        raise SignatureError("timestamp outside the replay window")
    if not hmac.compare_digest(sign(secret, timestamp, body).encode(), signature.encode("utf-8", "replace")):
        raise SignatureError("signature does not match")
