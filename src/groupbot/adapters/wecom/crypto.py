"""WeCom callback crypto, implemented from the published algorithm.

* ``msg_signature = sha1(concat(sorted([token, timestamp, nonce, encrypted])))``
* ``AESKey = base64_decode(EncodingAESKey + "=")`` (32 bytes), AES-256-CBC with
  ``IV = AESKey[:16]``, PKCS#7 padding to a multiple of 32 bytes
* plaintext = ``random(16) | len(msg) (4 bytes, big-endian) | msg | receive_id``

For a smart robot the receive id is the empty string.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = ["BadSignature", "CryptoError", "WeComCrypto"]

_BLOCK = 32


class CryptoError(ValueError):
    """A message that does not decrypt: bad base64, padding, length or receive id."""


class BadSignature(CryptoError):
    """``msg_signature`` does not match: the request is not from WeCom."""


class WeComCrypto:
    """Signs, verifies, encrypts and decrypts WeCom callback payloads."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str = "") -> None:
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error:
            key = b""
        if len(encoding_aes_key) != 43 or len(key) != 32:
            raise ValueError("EncodingAESKey must be 43 base64 characters")
        self._token = token
        self._key = key
        self._receive_id = receive_id.encode()

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        """The ``msg_signature`` WeCom computes for these values."""
        parts = sorted([self._token, timestamp, nonce, encrypted])
        # query values keep undecodable bytes as surrogates; hash them as the bytes they were
        return hashlib.sha1("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()  # noqa: S324 - the protocol's choice

    def verify(self, signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        """Raise :class:`BadSignature` unless ``signature`` is right (constant-time)."""
        expected = self.signature(timestamp, nonce, encrypted)
        if not hmac.compare_digest(signature.encode("utf-8", "surrogateescape"), expected.encode()):
            raise BadSignature("msg_signature does not match")

    def decrypt(self, encrypted: str) -> str:
        """The message inside ``encrypted`` (base64 ciphertext)."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise CryptoError("ciphertext is not base64") from None
        if not data or len(data) % 16:
            raise CryptoError("ciphertext is not whole AES blocks")
        decryptor = self._cipher().decryptor()
        plain = _unpad(decryptor.update(data) + decryptor.finalize())
        if len(plain) < 20:
            raise CryptoError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        message, receive_id = plain[20 : 20 + length], plain[20 + length :]
        if len(message) != length or not hmac.compare_digest(receive_id, self._receive_id):
            raise CryptoError("length or receive id does not match")
        try:
            return message.decode("utf-8")
        except UnicodeDecodeError:
            raise CryptoError("message is not UTF-8") from None

    def encrypt(self, message: str, random16: bytes | None = None) -> str:
        """``message`` encrypted and base64-encoded; ``random16`` only for test vectors."""
        body = message.encode("utf-8")
        prefix = random16 if random16 is not None else os.urandom(16)
        plain = _pad(prefix + struct.pack(">I", len(body)) + body + self._receive_id)
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))


def _pad(data: bytes) -> bytes:
    amount = _BLOCK - len(data) % _BLOCK
    return data + bytes([amount]) * amount


def _unpad(data: bytes) -> bytes:
    amount = data[-1]
    if not 1 <= amount <= _BLOCK or data[-amount:] != bytes([amount]) * amount:
        raise CryptoError("bad padding")
    return data[:-amount]
