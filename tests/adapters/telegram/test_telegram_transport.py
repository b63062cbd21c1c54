"""Our aiohttp transport under PTB's Bot, against the fake Bot API server and a closed port."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from groupbot.adapters.telegram.application import bot_for
from groupbot.adapters.telegram.transport import AiohttpRequest
from tests.adapters.telegram.fake_bot_api import TOKEN, FakeBotApi, Fault
from tests.adapters.telegram.harness import telegram_settings


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url, request=AiohttpRequest(4, read_timeout=0.3)) as bot:
        yield bot


async def test_form_fields_and_json_answers_round_trip(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(-100, "<b>a & b</b> 中文 🎉", parse_mode="HTML")
    assert sent.chat_id == -100
    call = api.sent()[-1]
    assert (call["chat_id"], call["text"], call["parse_mode"]) == ("-100", "<b>a & b</b> 中文 🎉", "HTML")


async def test_a_photo_goes_up_as_multipart(api: FakeBotApi, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    await bot.send_photo(-100, photo=png, caption="chart")
    assert api.photos == [png]


async def test_telegram_errors_are_ptbs_own(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", Fault(429, retry_after=7))
    with pytest.raises(RetryAfter):
        await bot.send_message(-100, "x")


async def test_a_slow_answer_is_timed_out(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", Fault(200, delay=1.0))
    with pytest.raises(TimedOut):
        await bot.send_message(-100, "x")
    assert (await bot.send_message(-100, "next")).text == "next", "the session is still usable"


async def test_an_unreachable_server_is_a_network_error_that_never_shows_the_token() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(1, connect_timeout=2)
    with pytest.raises(NetworkError) as failure:
        async with Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request):  # getMe on the way in
            pass
    assert "127.0.0.1" in str(failure.value) and TOKEN not in str(failure.value)
    assert "refused" in str(failure.value).lower() or "failed" in str(failure.value).lower(), "the OS reason is kept"
    assert TOKEN.split(":")[1] not in repr(failure.value)


async def test_the_cli_bot_uses_the_configured_transport(api: FakeBotApi) -> None:
    for client, expected in (("aiohttp", "AiohttpRequest"), ("httpx", "HTTPXRequest")):
        bot = bot_for(telegram_settings(api, http_client=client))
        async with bot:
            assert (await bot.get_me()).username
        assert type(bot.request).__name__ == expected


async def test_a_request_before_initialize_is_refused_plainly() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/bot/getMe", "POST")


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_the_environments_proxy_carries_the_requests(
    api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    # The fake server plays the proxy: the bot's own host does not even resolve, so only the proxy can answer.
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv(variable, api.base_url.rsplit("/bot", 1)[0])
    async with Bot(TOKEN, base_url="http://bot-api.invalid/bot", request=AiohttpRequest(1)) as bot:
        await bot.send_message(-100, "via the proxy")
    assert api.sent()[-1]["text"] == "via the proxy"


async def test_no_proxy_hosts_are_reached_directly(api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with Bot(TOKEN, base_url=api.base_url, request=AiohttpRequest(1)) as bot:
        await bot.send_message(-100, "direct")
    assert api.sent()[-1]["text"] == "direct"


async def test_a_redirect_is_returned_not_followed() -> None:
    # As PTB's httpx transport: the form is never re-sent to wherever a Location header points.
    hits: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        hits.append(request.path)
        if request.path.endswith("/sendMessage"):
            raise web.HTTPTemporaryRedirect("/elsewhere")
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("POST", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        status, _body = await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage", "POST")
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert status == 307 and hits == [f"/bot{TOKEN}/sendMessage"]
