"""Customers' photos: kept by reference (their links hold the bot's token) and fetched for the console."""

from __future__ import annotations

import logging

import pytest

from groupbot.adapters.telegram.pictures import MAX_PICTURE_BYTES
from tests.adapters.telegram.fake_bot_api import TOKEN, FakeBotApi
from tests.adapters.telegram.tg_updates import message, update

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def photo(file_id: str, *sizes: tuple[int, int]) -> list[dict[str, object]]:
    """A photo as Telegram sends it: one entry per size, each with its own file id."""
    return [{"file_id": f"{file_id}-{w}", "file_unique_id": f"u{w}", "width": w, "height": h} for w, h in sizes]


async def test_a_photo_without_a_caption_reaches_the_bot_as_a_picture_of_its_largest_size(api: FakeBotApi,
                                                                                           polling) -> None:
    _gateway, sink = await polling(respond=None)
    api.push_update(update(message=message(photo=photo("shot", (90, 60), (1280, 720), (320, 180)), message_id=70)))
    api.push_update(update(message=message("see the picture", message_id=71)))

    pictured, worded = await sink.wait_for(2)

    assert (pictured.text, pictured.images) == ("", ("telegram:shot-1280",))
    assert worded.images == ()


async def test_a_screenshot_sent_as_a_file_is_a_picture_and_other_files_are_not(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling(respond=None)
    screenshot = {"file_id": "doc-png", "file_unique_id": "d1", "mime_type": "image/png", "file_name": "err.png"}
    log_file = {"file_id": "doc-log", "file_unique_id": "d2", "mime_type": "text/plain", "file_name": "app.log"}
    api.push_update(update(message=message(document=screenshot, caption="export fails like this", message_id=80)))
    api.push_update(update(message=message(document=log_file, message_id=81)))  # no words, no picture: ignored
    api.push_update(update(message=message("last", message_id=82)))

    received = await sink.wait_for(2)

    assert [(m.message_id, m.images) for m in received] == [("80", ("telegram:doc-png",)), ("82", ())]


async def test_the_console_gets_the_picture_through_getfile_and_never_the_token(api: FakeBotApi, polling,
                                                                                caplog) -> None:
    gateway, _sink = await polling(respond=None)
    api.files["shot-1280"] = PNG
    api.files["jpeg-1"] = JPEG

    with caplog.at_level(logging.DEBUG):
        png = await gateway.picture("telegram:shot-1280")
        jpeg = await gateway.picture("telegram:jpeg-1")

    assert png is not None and (png.data, png.content_type) == (PNG, "image/png")
    assert jpeg is not None and jpeg.content_type == "image/jpeg"
    assert api.downloads == ["photos/shot-1280", "photos/jpeg-1"]
    assert TOKEN not in caplog.text


@pytest.mark.parametrize("ref, content", [
    ("telegram:gone", None),  # deleted or never ours: getFile refuses it
    ("telegram:page", b"<svg onload=alert(1)>"),  # not a picture: never served inline
    ("telegram:huge", b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_PICTURE_BYTES),
    ("https://example.com/a.png", None),  # a link is no Telegram reference
    ("onebot:abc", None),
])
async def test_what_is_no_fetchable_picture_gives_none_and_no_log_line_holds_the_token(
        api: FakeBotApi, polling, caplog, ref: str, content: bytes | None) -> None:
    gateway, _sink = await polling(respond=None)
    if content is not None:
        api.files[ref.removeprefix("telegram:")] = content

    with caplog.at_level(logging.DEBUG):
        assert await gateway.picture(ref) is None

    assert TOKEN not in caplog.text
    assert "huge" not in ref or api.downloads == []  # its size is known from getFile: not downloaded
