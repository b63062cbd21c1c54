"""Fakes of the outside world (a chat platform, a clock) that drive the real core."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import numpy as np

from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Picture, Reply, Role, Sender, SentReceipt
from groupbot.core.ports import MessageSink

__all__ = ["BlindEncoder", "CountingEncoder", "FakeChatPlatform", "SettableClock"]


def weeks_from_wall_clock(start: datetime, years: int) -> datetime:
    """``start`` moved by whole weeks to about ``years`` from today: same weekday and time of day.

    The one wall-clock read in the tests: scenarios run with their clock well
    before and well after the real date, so nothing may mix the two.
    """
    target = datetime.now(UTC) + timedelta(days=round(365.25 * years))
    return start + timedelta(weeks=round((target - start) / timedelta(weeks=1)))


class BlindEncoder:
    """A sentence encoder to which every text means the same: what ranks FAQ entries is another view."""

    def encode(self, texts):
        return np.ones((len(texts), 8), np.float32) / np.sqrt(8)


class CountingEncoder:
    """A real encoder, with a record of its calls and the texts of each."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self.calls: list[list[str]] = []

    @property
    def texts(self) -> list[str]:
        """Every text encoded, in order."""
        return [text for call in self.calls for text in call]

    def encode(self, texts):
        self.calls.append(list(texts))
        return self._encoder.encode(texts)


class SettableClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class FakeChatPlatform:
    """A chat platform in memory: tests "say" things, the bot's replies are recorded."""

    def __init__(self, platform: str = "fake") -> None:
        self.platform = platform
        self.sent: list[Reply] = []
        self.unreachable: set[str] = set()
        """Chat ids whose sends fail, as when the bot was removed from a group."""
        self.pictures: dict[str, bytes] = {}
        """What ``picture(ref)`` fetches, by reference (a Telegram photo's ``telegram:<file_id>``)."""
        self._sink: MessageSink | None = None
        self._ids = itertools.count(1)

    async def start(self, sink: MessageSink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None

    async def send(self, reply: Reply) -> SentReceipt:
        if reply.chat.chat_id in self.unreachable:
            raise DeliveryError(reply, "the bot is not a member of this chat")
        self.sent.append(reply)
        return SentReceipt((f"sent-{len(self.sent)}",))

    async def picture(self, ref: str) -> Picture | None:
        data = self.pictures.get(ref)
        return Picture.of(data) if data is not None else None

    def message(
        self,
        text: str,
        *,
        chat: str = "group-1",
        user: str = "alice",
        mention: bool = True,
        reply_to_bot: bool = False,
        direct: bool = False,
        message_id: str | None = None,
        role: Role = Role.CUSTOMER,
        images: tuple[str, ...] = (),
    ) -> IncomingMessage:
        kind = ChatKind.PRIVATE if direct else ChatKind.GROUP
        return IncomingMessage(
            chat=ChatRef(self.platform, chat, kind, chat),
            sender=Sender(user, user.title(), role, role is not Role.CUSTOMER),
            text=text,
            message_id=message_id or str(next(self._ids)),
            time=None,  # like a button press or console line: the router dates it by the bot's clock
            mentions_bot=mention,
            reply_to_bot=reply_to_bot,
            images=images,
        )

    async def say(self, text: str, **options: object) -> list[Reply]:
        """Deliver a message to the bot; returns the replies it caused."""
        return await self.deliver(self.message(text, **options))  # type: ignore[arg-type]

    async def deliver(self, message: IncomingMessage) -> list[Reply]:
        """Deliver a prepared message (e.g. twice, to test redelivery)."""
        assert self._sink is not None, "platform not started"
        before = len(self.sent)
        await self._sink(message)
        return self.sent[before:]
