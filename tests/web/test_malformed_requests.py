"""A malformed HTTP request gets aiohttp's 400 and one warning line, never an ERROR with a traceback."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp import web

from groupbot.web import build_app

MALFORMED = [
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", MALFORMED)
async def test_a_malformed_request_is_one_warning_line(request_bytes: bytes, caplog) -> None:
    runner = web.AppRunner(build_app([], {}))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        with caplog.at_level(logging.INFO):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_bytes)
            await writer.drain()
            answer = await reader.read(100)
            writer.close()
            # The next, well-formed request is served as usual.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            healthy = await reader.read()
            writer.close()
    finally:
        await runner.cleanup()
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer[:20]
    assert healthy.startswith(b"HTTP/1.1 200")
    server_lines = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert server_lines, "the malformed request should still be logged"
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in server_lines)
    assert all("malformed request" in r.getMessage() for r in server_lines)
