"""The console chat gateway: each input line is a message in a simulated group.

Works interactively and with piped input: replies go to standard output, and
:meth:`ConsoleGateway.wait_closed` returns at end of input.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import threading
from typing import TextIO

from groupbot.adapters.console.config import ConsoleSettings
from groupbot.adapters.console.lines import ConsoleLine, parse_line
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Reply, Sender, SentReceipt
from groupbot.core.ports import ChatGateway, MessageSink

__all__ = ["ConsoleGateway"]

PLATFORM = "console"
DIRECT_CHAT = "dm"
_BANNER = (
    "groupbot console. Type a message, or 'alice: text' to speak as alice.\n"
    "/as NAME switches speaker, /in CHAT switches chat (/in dm for a direct chat), Ctrl-D quits.\n"
    "groupbot 控制台：直接输入消息，或用 'alice: 内容' 以 alice 的身份发言。\n"
    "/as 名字 切换发言人，/in 群名 切换群（/in dm 为私聊），Ctrl-D 退出。\n"
)


class ConsoleGateway(ChatGateway):
    """Reads messages from ``stdin``, prints the bot's replies to ``stdout``."""

    platform = PLATFORM

    def __init__(self, settings: ConsoleSettings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        self._stdin = stdin
        self._stdout = stdout
        self._chat = settings.chat
        self._user = settings.default_user
        self._run_id = secrets.token_hex(6)  # ids stay unique across runs on one database
        self._count = 0
        self._sent = 0
        self._reader: asyncio.Task[None] | None = None
        self._interactive = stdin.isatty()
        self._echo = settings.echo and not self._interactive

    async def start(self, sink: MessageSink) -> None:
        """Start reading lines; each message is handled before the next line is read."""
        self._print_banner()
        self._reader = asyncio.create_task(self._read_loop(sink), name="console-reader")

    async def wait_closed(self) -> None:
        """Return when the input has ended (or the reader stopped)."""
        if self._reader is not None:
            await asyncio.shield(self._reader)

    async def stop(self) -> None:
        """Stop reading."""
        if self._reader is not None and not self._reader.done():
            self._reader.cancel()

    async def send(self, reply: Reply) -> SentReceipt:
        """Print ``reply``, prefixed with the chat and the mentioned users."""
        self._sent += 1
        mentions = "".join(f"@{sender.name or sender.user_id} " for sender in reply.mentions)
        where = "" if reply.chat.chat_id == self._chat else f"[{reply.chat.chat_id}] "
        self._stdout.write(f"bot> {where}{mentions}{reply.text}\n")
        self._stdout.flush()
        return SentReceipt((f"bot-{self._run_id}-{self._sent}",))

    async def _read_loop(self, sink: MessageSink) -> None:
        lines = _feed_lines(self._stdin)
        while True:
            self._prompt()
            line = await lines.get()
            if not line:
                return
            if self._echo:  # a transcript of piped input reads like the interactive session
                self._stdout.write(f"{self._user}@{self._chat}> {line.rstrip()}\n")
            await self._handle_line(parse_line(line), sink)

    async def _handle_line(self, line: ConsoleLine, sink: MessageSink) -> None:
        if line.switch == "as" and line.target:
            self._user = line.target
        elif line.switch == "in" and line.target:
            self._chat = line.target
        elif line.switch:
            self._stdout.write(f"({self._user}@{self._chat})\n")
        elif line.text:
            await sink(self._message(line))

    def _message(self, line: ConsoleLine) -> IncomingMessage:
        self._count += 1
        user = line.speaker or self._user
        kind = ChatKind.PRIVATE if self._chat == DIRECT_CHAT else ChatKind.GROUP
        chat_id = f"{DIRECT_CHAT}:{user}" if kind is ChatKind.PRIVATE else self._chat
        return IncomingMessage(
            chat=ChatRef(PLATFORM, chat_id, kind, self._chat),
            sender=Sender(user, user),
            text=line.text,
            message_id=f"{self._run_id}-{self._count}",
            time=None,  # a console line has no platform time; the router stamps its own
            mentions_bot=line.mentions_bot,
        )

    def _print_banner(self) -> None:
        if self._interactive:
            self._stdout.write(_BANNER)

    def _prompt(self) -> None:
        if self._interactive:
            self._stdout.write(f"{self._user}@{self._chat}> ")
            self._stdout.flush()


def _feed_lines(stream: TextIO) -> asyncio.Queue[str]:
    """Lines of ``stream`` on a queue, ``""`` at the end.

    A daemon thread reads, so a blocked ``readline`` never keeps the process
    alive after SIGTERM (an executor thread would be joined at shutdown).
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        while True:
            try:
                line = stream.readline()
            except (OSError, ValueError):  # closed or unreadable input ends the session
                line = ""
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the loop has closed: nobody is listening any more
                return
            if not line:
                return

    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    return queue
