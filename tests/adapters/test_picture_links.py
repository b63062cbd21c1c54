"""Downloading a screenshot by its link: only a picture, never too large, the link's key never logged."""

from __future__ import annotations

import logging

from aiohttp import web

from groupbot.adapters.picture_links import PictureLinks
from groupbot.core.messages import MAX_PICTURE_BYTES
from tests.adapters.support import Served

JPEG = b"\xff\xd8\xff\xe0" + b"\x04" * 40


async def _huge(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse()  # chunked: no Content-Length to refuse it by
    await response.prepare(request)
    chunk = b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024)
    for _ in range(MAX_PICTURE_BYTES // len(chunk) + 2):
        await response.write(chunk)
    return response


async def _picture(_request: web.Request) -> web.Response:
    return web.Response(body=JPEG)


async def _gone(_request: web.Request) -> web.Response:
    return web.Response(status=404)


async def _moved(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/ok.jpg")


async def test_a_picture_is_fetched_and_anything_else_is_not(caplog) -> None:
    links = PictureLinks()
    routes = [web.get("/ok.jpg", _picture), web.get("/huge", _huge), web.get("/gone", _gone), web.get("/moved", _moved)]
    try:
        async with Served() as serve:
            host = await serve(routes)
            with caplog.at_level(logging.INFO):
                fetched = await links.fetch(f"{host}/ok.jpg?rkey=SECRETKEY")
                moved = await links.fetch(f"{host}/moved?rkey=SECRETKEY")
                refused = [await links.fetch(f"{host}/{name}?rkey=SECRETKEY") for name in ("huge", "gone")]
            assert await links.fetch("telegram:abc") is None and await links.fetch("file:///etc/passwd") is None
    finally:
        await links.close()
    assert fetched is not None and (fetched.data, fetched.content_type) == (JPEG, "image/jpeg")
    assert moved == fetched
    assert refused == [None, None]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("groupbot"))  # not the server's
    assert "HTTP 404" in ours and "over" in ours and "SECRETKEY" not in ours


async def test_an_unreachable_host_gives_none_and_a_line() -> None:
    links = PictureLinks()
    try:
        assert await links.fetch("http://127.0.0.1:9/x.png") is None
    finally:
        await links.close()
