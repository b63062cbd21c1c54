"""The console's pictures come through the outbound's gateways; a failing adapter costs a page, not the bot."""

from __future__ import annotations

import logging

from groupbot.core.messages import Picture, Reply, SentReceipt
from groupbot.core.ports import ChatGateway, MessageSink
from groupbot.features.outbox.outbound import Outbound

GIF = b"GIF89a" + b"\x00" * 16


class Gateway(ChatGateway):
    def __init__(self, platform: str, fetched: bytes | Exception | None = None) -> None:
        self.platform, self._fetched = platform, fetched

    async def start(self, sink: MessageSink) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, reply: Reply) -> SentReceipt:
        return SentReceipt()

    async def picture(self, ref: str) -> Picture | None:
        if isinstance(self._fetched, Exception):
            raise self._fetched
        return Picture.of(self._fetched) if self._fetched is not None else await super().picture(ref)


async def test_each_platform_fetches_its_own_and_a_broken_adapter_gives_none_with_a_log_line(caplog) -> None:
    outbound = Outbound()
    outbound.register(Gateway("telegram", GIF))
    outbound.register(Gateway("broken", RuntimeError("adapter bug")))
    outbound.register(Gateway("plain"))  # the protocol's default: it keeps no pictures by reference

    with caplog.at_level(logging.ERROR):
        fetched = await outbound.picture("telegram", "telegram:x")
        assert await outbound.picture("broken", "broken:x") is None
    assert fetched == Picture(GIF, "image/gif")
    assert "adapter broken failed to fetch a picture" in caplog.text
    assert await outbound.picture("plain", "x") is None
    assert await outbound.picture("nowhere", "x") is None


def test_only_png_jpeg_gif_and_webp_bytes_make_a_picture() -> None:
    assert Picture.of(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == Picture(b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp")
    for data in (b"<svg/>", b"RIFF\x10\x00\x00\x00WAVEfmt ", b"", b"\x89PN"):
        assert Picture.of(data) is None
