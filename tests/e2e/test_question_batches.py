"""Questions arriving together share sentence-encoder calls through the whole bot, with unchanged replies."""

from __future__ import annotations

import asyncio
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from groupbot.bootstrap import open_bot
from groupbot.observability import PrometheusTelemetry
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ("how do I reset my password?", "where can I get an invoice?", "how do I export a dashboard to PDF?",
             "SSO login error", "密码忘了怎么重置？", "发票在哪里下载？")


def _batches(telemetry: PrometheusTelemetry) -> tuple[float, float]:
    """(questions embedded, encoder calls) so far."""
    found = {sample.name: sample.value for family in text_string_to_metric_families(telemetry.render().decode())
             for sample in family.samples if sample.name.startswith("groupbot_encoder_batch_size_")}
    return found["groupbot_encoder_batch_size_sum"], found["groupbot_encoder_batch_size_count"]


async def test_questions_from_many_chats_at_once_share_one_encoder_call(db_url) -> None:
    telemetry = PrometheusTelemetry()
    bot = await open_bot(Settings(database_url=db_url, faq_dir=ROOT / "faq"), telemetry=telemetry)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        await asyncio.gather(*(platform.say(text, chat=f"together-{n}") for n, text in enumerate(QUESTIONS)))
        assert _batches(telemetry) == (len(QUESTIONS), 1)
        for n, text in enumerate(QUESTIONS):
            await platform.say(text, chat=f"alone-{n}")
        assert _batches(telemetry) == (2 * len(QUESTIONS), 1 + len(QUESTIONS))  # a lone question: its own call
    finally:
        await bot.close()
    together, alone = ([_texts(platform, f"{how}-{n}") for n in range(len(QUESTIONS))] for how in ("together", "alone"))
    assert together == alone and all(together)


def _texts(platform: FakeChatPlatform, chat: str) -> list[str]:
    return [reply.text for reply in platform.sent if reply.chat.chat_id == chat]
