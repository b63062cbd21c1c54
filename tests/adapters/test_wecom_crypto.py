"""WeCom message crypto against wechatpy's published test vectors, and a round trip."""

from __future__ import annotations

import base64

import pytest

from groupbot.adapters.wecom.crypto import BadSignature, CryptoError, WeComCrypto

# From wechatpy's tests/test_crypto.py (WeCom "work" crypto).
TOKEN = "123456"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
CORP_ID = "wx49f0ab532d5d035a"
ECHO = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="
REPLY = """<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>"""
REPLY_ENCRYPTED = (
    "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObv"
    "esEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NR"
    "rrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oaz"
    "PoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3"
)
MESSAGE_ENCRYPTED = (
    "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzx"
    "h6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQq"
    "Gp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7F"
    "S709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0="
)


@pytest.fixture
def crypto() -> WeComCrypto:
    return WeComCrypto(TOKEN, AES_KEY, CORP_ID)


def test_url_verification_vector(crypto: WeComCrypto) -> None:
    crypto.verify("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425", ECHO)
    assert crypto.decrypt(ECHO) == "5927782489442352469"
    with pytest.raises(BadSignature):
        crypto.verify("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374424", ECHO)


def test_encrypt_vector_with_the_published_random_prefix(crypto: WeComCrypto) -> None:
    encrypted = crypto.encrypt(REPLY, random16=b"1234567890123456")
    assert encrypted == REPLY_ENCRYPTED
    assert crypto.signature("1411525903", "461056294", encrypted) == "407518b7649e86ef23978113f92d27afa9296533"


def test_decrypt_vector(crypto: WeComCrypto) -> None:
    crypto.verify("74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294", MESSAGE_ENCRYPTED)
    plain = crypto.decrypt(MESSAGE_ENCRYPTED)
    assert "<Content><![CDATA[test]]></Content>" in plain
    assert "<FromUserName><![CDATA[messense]]></FromUserName>" in plain


def test_round_trip_with_the_smart_robot_empty_receive_id() -> None:
    robot = WeComCrypto("tok", AES_KEY)
    message = '{"msgtype":"text","text":{"content":"你好 🙂"}}' * 7
    assert robot.decrypt(robot.encrypt(message)) == message
    assert robot.encrypt(message) != robot.encrypt(message)  # a fresh random prefix each time


def test_wrong_receive_id_bad_padding_and_garbage_are_refused(crypto: WeComCrypto) -> None:
    with pytest.raises(CryptoError, match="receive id"):
        WeComCrypto(TOKEN, AES_KEY).decrypt(MESSAGE_ENCRYPTED)
    raw = bytearray(base64.b64decode(MESSAGE_ENCRYPTED))
    raw[-1] ^= 0x55  # corrupts the last block, hence its padding
    with pytest.raises(CryptoError):
        crypto.decrypt(base64.b64encode(bytes(raw)).decode())
    for garbage in ["", "not base64!!", base64.b64encode(b"short").decode()]:
        with pytest.raises(CryptoError):
            crypto.decrypt(garbage)


@pytest.mark.parametrize("key", ["short", AES_KEY + "x", "!" * 43])
def test_bad_encoding_aes_key_is_a_configuration_error(key: str) -> None:
    with pytest.raises(ValueError, match="EncodingAESKey"):
        WeComCrypto(TOKEN, key)
