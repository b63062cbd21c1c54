"""Questions waiting together are embedded in one encoder call, with the same decisions as one at a time."""

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from groupbot.core.matching import Matcher
from groupbot.faqfiles import load_faq_dir
from groupbot.features.knowledge.batching import QuestionBatcher
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.observability.metrics import PrometheusTelemetry
from groupbot.semantic.universal import UniversalSentenceEncoder
from groupbot.semantic.wordvectors import load_word_vectors
from tests.fakes import CountingEncoder

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = (
    "I forgot the password for my account, how can I set a new one?",
    "where do I get the invoices for last year?",
    "我们的API调用老是返回429，限额是多少？",
    "can I pay with a credit card?",
    "hello everyone",  # small talk: never embedded
    "收到",
)


@pytest.fixture(scope="module")
def matcher(encoder: UniversalSentenceEncoder) -> Matcher:
    return Matcher(load_faq_dir(ROOT / "faq"), encoder=encoder, word_vectors=load_word_vectors())


async def test_questions_reserved_together_share_one_encoder_call(
    encoder: UniversalSentenceEncoder, matcher: Matcher
) -> None:
    counting = CountingEncoder(encoder)
    catalog = FaqCatalog(lambda _entries: matcher, questions=QuestionBatcher(counting.encode))
    reserved = [catalog.foresee(text) for text in QUESTIONS]
    decisions = await asyncio.gather(*(catalog.ask(text, r) for text, r in zip(QUESTIONS, reserved, strict=True)))
    assert counting.calls == [list(QUESTIONS[:4])]  # one call, small talk left out
    assert reserved[4] is None and reserved[5] is None
    assert decisions == [matcher.decide(text) for text in QUESTIONS]  # as if embedded one at a time


async def test_a_lone_question_is_encoded_at_once_and_never_cached(
    encoder: UniversalSentenceEncoder, matcher: Matcher
) -> None:
    counting = CountingEncoder(encoder)
    catalog = FaqCatalog(lambda _entries: matcher, questions=QuestionBatcher(counting.encode))
    first = await catalog.ask(QUESTIONS[0])
    again = await catalog.ask(QUESTIONS[0])
    assert first == again == matcher.decide(QUESTIONS[0])
    assert counting.calls == [[QUESTIONS[0]], [QUESTIONS[0]]]


async def test_a_cancelled_reservation_is_not_encoded(encoder: UniversalSentenceEncoder) -> None:
    counting = CountingEncoder(encoder)
    batcher = QuestionBatcher(counting.encode)
    dropped = batcher.reserve("not a question after all")
    kept = batcher.reserve("how do I export a report?")
    dropped.cancel()
    vector = await batcher.vector(kept)
    assert counting.calls == [["how do I export a report?"]]
    assert np.allclose(vector, encoder.encode(["how do I export a report?"])[0], atol=1e-5)


async def test_questions_arriving_during_an_encoding_form_the_next_batch(encoder: UniversalSentenceEncoder) -> None:
    counting = CountingEncoder(encoder)
    batcher = QuestionBatcher(counting.encode, limit=2)
    texts = ["reset password", "export report", "invoice download", "delete account", "change email"]
    vectors = await asyncio.gather(*(batcher.embed(text) for text in texts))
    assert [len(call) for call in counting.calls] == [2, 2, 1]
    assert [text for call in counting.calls for text in call] == texts
    assert np.allclose(np.stack(vectors), encoder.encode(texts), atol=1e-5)


async def test_an_encoder_failure_reaches_every_asker_of_the_batch() -> None:
    def broken(_texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("encoder down")

    batcher = QuestionBatcher(broken)
    results = await asyncio.gather(batcher.embed("a"), batcher.embed("b"), return_exceptions=True)
    assert [str(result) for result in results] == ["encoder down", "encoder down"]


async def test_a_text_the_encoder_cannot_read_fails_only_its_own_question(caplog) -> None:
    calls: list[list[str]] = []

    def picky(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        if "unreadable" in texts:
            raise ValueError("cannot encode")
        return np.ones((len(texts), 4), np.float32)

    batcher = QuestionBatcher(picky)
    results = await asyncio.gather(*(batcher.embed(text) for text in ("reset", "unreadable", "export")),
                                   return_exceptions=True)
    assert isinstance(results[1], ValueError)
    assert [r.shape for r in (results[0], results[2])] == [(4,), (4,)]  # the others got their vectors
    assert calls == [["reset", "unreadable", "export"], ["reset"], ["unreadable"], ["export"]]
    assert "encoding them one by one" in caplog.text


async def test_half_a_character_in_a_question_is_read_as_a_replacement_character(
    encoder: UniversalSentenceEncoder,
) -> None:
    # JSON can escape half of an emoji ("\ud83d"); UTF-8 refuses it, and both encoders read UTF-8.
    batcher = QuestionBatcher(encoder.encode)
    vectors = await asyncio.gather(batcher.embed("reset my password \ud83d"), batcher.embed("export report"))
    assert np.allclose(vectors[0], encoder.encode(["reset my password \ufffd"])[0], atol=1e-5)
    words = load_word_vectors()
    assert words is not None
    assert np.allclose(words.encode(["\udc00 reset"]), words.encode(["\ufffd reset"]))


async def test_a_faq_matched_on_words_embeds_nothing(encoder: UniversalSentenceEncoder) -> None:
    counting = CountingEncoder(encoder)
    words_only = Matcher(load_faq_dir(ROOT / "faq"))
    catalog = FaqCatalog(lambda _entries: words_only, questions=QuestionBatcher(counting.encode))
    assert catalog.foresee(QUESTIONS[0]) is None
    stale = QuestionBatcher(counting.encode).reserve(QUESTIONS[0])  # reserved before a reload to words only
    assert await catalog.ask(QUESTIONS[0], stale) == words_only.decide(QUESTIONS[0])
    assert stale.cancelled() and counting.calls == []


async def test_each_encoder_call_is_counted_with_its_batch_size(encoder: UniversalSentenceEncoder) -> None:
    telemetry = PrometheusTelemetry()
    batcher = QuestionBatcher(encoder.encode, limit=2, telemetry=telemetry)
    await asyncio.gather(*(batcher.embed(text) for text in ("reset password", "export report", "invoice")))
    metrics = telemetry.render().decode()
    assert "groupbot_encoder_batch_size_count 2.0" in metrics
    assert "groupbot_encoder_batch_size_sum 3.0" in metrics
    assert 'groupbot_encoder_batch_size_bucket{le="1.0"} 1.0' in metrics


async def test_handlers_ready_to_run_reserve_before_the_encoder_starts(encoder: UniversalSentenceEncoder) -> None:
    counting = CountingEncoder(encoder)
    batcher = QuestionBatcher(counting.encode)

    async def later(text: str, turns: int) -> np.ndarray:
        for _turn in range(turns):  # a handler still busy with other steps (e.g. reading the database)
            await asyncio.sleep(0)
        return await batcher.embed(text)

    texts = ["reset password", "export report", "invoice download"]
    await asyncio.gather(batcher.embed(texts[0]), later(texts[1], 3), later(texts[2], 10))
    assert counting.calls == [texts]


async def test_questions_reserved_while_an_encoding_runs_share_the_next_call(
    encoder: UniversalSentenceEncoder,
) -> None:
    started, release = threading.Event(), threading.Event()
    counting = CountingEncoder(encoder)

    def held_first(texts: Sequence[str]) -> np.ndarray:
        if not counting.calls:
            started.set()
            release.wait()
        return counting.encode(texts)

    batcher = QuestionBatcher(held_first)
    first = asyncio.ensure_future(batcher.embed("reset password"))
    await asyncio.to_thread(started.wait)  # the first call is under way
    during = [asyncio.ensure_future(batcher.embed(text)) for text in ("export report", "invoice", "delete account")]
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(first, *during)
    assert counting.calls == [["reset password"], ["export report", "invoice", "delete account"]]
