"""Webhook signatures: HMAC-SHA256 over timestamp.body with a replay window."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from groupbot.core.signing import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    signature_headers,
    verify,
)

SECRET = b"s3cret"
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
BODY = '{"ticket": 12, "title": "登录失败 🙈"}'.encode()


def test_signature_is_plain_hmac_sha256_over_timestamp_dot_body():
    headers = signature_headers(SECRET, BODY, "d-1", NOW)
    ts = headers[TIMESTAMP_HEADER]
    expected = hmac.new(SECRET, ts.encode() + b"." + BODY, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == "sha256=" + expected
    assert headers[DELIVERY_HEADER] == "d-1"
    assert ts == str(int(NOW.timestamp()))


def test_valid_signature_verifies_even_with_lowercase_header_names():
    headers = {k.lower(): v for k, v in signature_headers(SECRET, BODY, "d-1", NOW).items()}
    verify(SECRET, headers, BODY, NOW + timedelta(seconds=30))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda h, b: (h, b + b" "), "does not match"),
        (lambda h, b: ({**h, SIGNATURE_HEADER: "sha256=00"}, b), "does not match"),
        (lambda h, b: ({**h, SIGNATURE_HEADER: "ünïcode"}, b), "does not match"),
        (lambda h, b: ({k: v for k, v in h.items() if k != SIGNATURE_HEADER}, b), "missing"),
        (lambda h, b: ({k: v for k, v in h.items() if k != TIMESTAMP_HEADER}, b), "missing"),
        (lambda h, b: ({**h, TIMESTAMP_HEADER: "yesterday"}, b), "unix timestamp"),
    ],
)
def test_forged_or_broken_requests_are_rejected(tamper, message):
    headers, body = tamper(signature_headers(SECRET, BODY, "d-1", NOW), BODY)
    with pytest.raises(SignatureError, match=message):
        verify(SECRET, headers, body, NOW)


def test_wrong_secret_is_rejected():
    with pytest.raises(SignatureError):
        verify(b"other", signature_headers(SECRET, BODY, "d", NOW), BODY, NOW)


def test_replayed_request_outside_the_window_is_rejected():
    headers = signature_headers(SECRET, BODY, "d-1", NOW)
    with pytest.raises(SignatureError, match="replay window"):
        verify(SECRET, headers, BODY, NOW + timedelta(minutes=6))
