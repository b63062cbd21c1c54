"""PTB's HTTP transport on aiohttp, beside PTB's own on httpx.

python-telegram-bot takes any :class:`~telegram.request.BaseRequest`; this one
sends the same form-encoded and multipart requests as PTB's ``HTTPXRequest``
through aiohttp, which we already run as the web server and whose HTTP parser
is C. An answered message costs about 0.3 ms less CPU, a tenth of a busy
bot's budget (bench/telegram_load.py, docs/telegram.md). Everything
above the wire stays PTB's: status codes, 429 ``retry_after``, error types,
JSON. ``telegram.http_client = "httpx"`` switches back to PTB's transport
(for a SOCKS proxy, say, which needs ``python-telegram-bot[socks]``).

Timeouts keep PTB's meaning: ``connect`` bounds opening the connection,
``pool`` the wait for a free one, ``read`` the wait for the answer; aiohttp has
no separate write timeout, so for an upload ``write`` is added to the read
budget (the file is sent first; a text request is sent at once). Failures
become PTB's ``TimedOut`` or ``NetworkError``, whose messages never include
the URL: it holds the token. Redirects are not followed (as with httpx).
HTTP(S)_PROXY, ALL_PROXY and NO_PROXY are honoured, as httpx does; they are
read once per host, not aiohttp's ``trust_env`` way, which also reads ~/.netrc
on a worker thread for every request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

__all__ = ["AiohttpRequest"]

_FORM = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    """A :class:`BaseRequest` over one :class:`aiohttp.ClientSession` with at most ``connection_pool_size`` sockets."""

    __slots__ = ("_connect", "_media_write", "_pool", "_pool_size", "_proxies", "_read", "_session")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read, self._connect, self._pool = read_timeout, connect_timeout, pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout, in seconds."""
        return self._read

    async def initialize(self) -> None:
        """Open the session; it must be done inside the running event loop."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; returns the status code and the raw body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None
        timeout = self._timeout(files, read_timeout, write_timeout, connect_timeout, pool_timeout)
        try:
            body, headers = _body(fields, files), {"User-Agent": self.USER_AGENT}
            if isinstance(body, bytes):
                headers["Content-Type"] = _FORM
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy_for(url),
                allow_redirects=False,  # as PTB's transport: a 3xx is an answer, not a reason to resend the body
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts are asyncio's, which is TimeoutError since 3.11
            raise TimedOut(f"Timed out ({type(exc).__name__})") from None
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {_describe(exc)}") from None

    def _proxy_for(self, url: str) -> str | None:
        """The proxy the environment names for ``url``'s scheme and host, if any (remembered per host)."""
        parsed = urlsplit(url)
        key = (parsed.scheme, parsed.hostname or "")
        if key not in self._proxies:
            proxies = getproxies()
            proxy = proxies.get(key[0]) or proxies.get("all")
            self._proxies[key] = None if not proxy or proxy_bypass(key[1]) else proxy
        return self._proxies[key]

    def _timeout(self, files: Any, read: Any, write: Any, connect: Any, pool: Any) -> aiohttp.ClientTimeout:
        read = _given(read, self._read)
        if files:  # an upload: the socket's read timer runs while the file is still being sent
            write = _given(write, self._media_write)
            read = None if read is None or write is None else read + write
        connect, pool = _given(connect, self._connect), _given(pool, self._pool)
        return aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _body(fields: dict[str, str] | None, files: dict[str, Any] | None) -> Any:
    if not files:  # encoded here: aiohttp's FormData would build a multipart writer first
        return urlencode(fields).encode() if fields else None
    form = aiohttp.FormData()
    for name, value in (fields or {}).items():
        form.add_field(name, value)
    for name, (filename, content, mime) in files.items():
        form.add_field(name, content, filename=filename or name, content_type=mime)
    return form


def _describe(exc: aiohttp.ClientError) -> str:
    # Connection errors name host, port and the OS or TLS reason (refused, certificate
    # verify failed); anything else may carry the URL, which holds the token: type only.
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port}: {exc.os_error}"
    if isinstance(exc, aiohttp.ClientConnectionError):
        return "connection lost"
    return "request failed"
