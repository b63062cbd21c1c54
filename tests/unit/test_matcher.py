"""The matcher answers clear questions, suggests on close calls and abstains on the rest."""

import pytest

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, Matcher, Thresholds
from groupbot.core.matching.index import PhrasingIndex
from groupbot.core.matching.score import Query

FAQ = [
    FaqEntry("reset", "How do I reset my password?", "a", ("forgot my password", "can't log in, password lost")),
    FaqEntry("invoice", "How do I get an invoice?", "a", ("download my invoice", "need a receipt for my order")),
    FaqEntry("refund", "How long does a refund take?", "a", ("when will I get my money back",), "billing"),
    FaqEntry("ship", "When will my order ship?", "a", ("has my order been sent", "delivery time of my order")),
    FaqEntry("cancel", "How do I cancel my subscription?", "a", ("stop my plan", "end subscription")),
    FaqEntry("zh-refund", "退款多久到账", "a", ("钱什么时候退回来", "退款还没到")),
    FaqEntry("zh-invoice", "怎么开发票", "a", ("能开发票吗", "发票怎么申请")),
    FaqEntry("zh-ship", "什么时候发货", "a", ("今天能发货吗", "几天发货")),
    FaqEntry("zh-size", "尺码怎么选", "a", ("我穿多大码", "身高170穿什么尺码")),
]
QUERIES = [
    "I forgot the password", "how to get invoice", "where is my refund", "when does my order ship",
    "cancel subscription please", "退款什么时候到", "可以开发票吗", "明天发货吗", "175穿多大尺码",
    "the weather is nice", "你们店在哪里", "order", "发票",
]


def test_clear_question_is_answered() -> None:
    decision = Matcher(FAQ).decide("Hello, I forgot my password!")
    assert decision.kind is DecisionKind.ANSWER
    assert decision.entry_id == "reset"


def test_traditional_chinese_full_width_question_is_answered() -> None:
    decision = Matcher(FAQ).decide("請問，能開發票嗎？")
    assert (decision.kind, decision.entry_id) == (DecisionKind.ANSWER, "zh-invoice")


def test_unrelated_question_abstains() -> None:
    decision = Matcher(FAQ).decide("what's the weather in Paris tomorrow")
    assert decision.kind is DecisionKind.ABSTAIN
    assert decision.entry_id is None


@pytest.mark.parametrize("text", ["", "   ", "!!!???", "的了吗"])
def test_nothing_to_match_abstains_with_reason(text: str) -> None:
    decision = Matcher(FAQ).decide(text)
    assert decision.kind is DecisionKind.ABSTAIN
    assert decision.reason


def test_huge_input_is_matched_on_its_start() -> None:
    decision = Matcher(FAQ).decide("I forgot my password. " + "log line 0xdeadbeef " * 50_000)
    assert decision.best is not None
    assert decision.best.entry_id == "reset"


def test_binary_garbage_abstains() -> None:
    decision = Matcher(FAQ).decide("\x00\x01\ufffd\x7f" * 100)
    assert decision.kind is DecisionKind.ABSTAIN


def test_two_close_entries_give_suggest_not_a_guess() -> None:
    twins = [
        FaqEntry("reset-web", "reset my password on the website", "a"),
        FaqEntry("reset-app", "reset my password in the app", "a"),
    ]
    matcher = Matcher(twins, Thresholds(answer=0.5, suggest=0.3, margin=0.1))
    decision = matcher.decide("reset my password")
    assert decision.kind is DecisionKind.SUGGEST
    assert {c.entry_id for c in decision.candidates} == {"reset-web", "reset-app"}
    assert "margin" in decision.reason


def test_same_entries_without_margin_answer() -> None:
    twins = [FaqEntry("reset-web", "reset my password on the website", "a"), FaqEntry("x", "reset my password", "a")]
    decision = Matcher(twins, Thresholds(answer=0.5, suggest=0.3, margin=0.0)).decide("reset my password")
    assert decision.kind is DecisionKind.ANSWER


def test_exact_duplicates_tie_goes_to_the_more_specific_entry() -> None:
    entries = [
        FaqEntry("short", "refund", "a", ("refund order",)),
        FaqEntry("long", "refund", "a", ("refund order for a cancelled subscription",)),
    ]
    candidates = Matcher(entries).rank(Query.of("refund"))
    assert candidates[0].score == candidates[1].score
    assert candidates[0].entry_id == "long"


def test_category_thresholds_override_the_default() -> None:
    strict = {"billing": Thresholds(answer=0.99, suggest=0.2, margin=0.0)}
    decision = Matcher(FAQ, category_thresholds=strict).decide("when do I get money back")
    assert decision.kind is DecisionKind.SUGGEST
    assert decision.candidates[0].entry_id == "refund"


def test_every_decision_carries_the_nearest_entries_and_the_thresholds_it_was_taken_with() -> None:
    strict = {"billing": Thresholds(answer=0.99, suggest=0.2, margin=0.0)}
    matcher = Matcher(FAQ, category_thresholds=strict)
    suggested = matcher.decide("when do I get money back")
    assert suggested.thresholds == strict["billing"]  # the best candidate's category's, not the default
    assert suggested.nearest[0].entry_id == "refund" and len(suggested.nearest) >= len(suggested.candidates)
    assert [c.score for c in suggested.nearest] == sorted((c.score for c in suggested.nearest), reverse=True)
    guarded = matcher.decide("order")  # one word: answered on its score, offered by the guard
    assert guarded.kind is DecisionKind.SUGGEST and "too few words" in guarded.reason
    assert guarded.thresholds is not None and guarded.nearest[0].entry_id == guarded.candidates[0].entry_id
    many = Matcher(FAQ, Thresholds(answer=0.99, suggest=0.01)).decide("password order invoice refund subscription")
    assert (many.kind, len(many.candidates), len(many.nearest)) == (DecisionKind.SUGGEST, 3, 5)  # three offered
    assert (matcher.decide("thanks!").nearest, matcher.decide("thanks!").thresholds) == ((), None)


def test_index_shortlist_agrees_with_scoring_every_entry() -> None:
    indexed, exhaustive = Matcher(FAQ), Matcher(FAQ, exhaustive=True)
    for text in QUERIES:
        fast, full = indexed.rank(Query.of(text)), exhaustive.rank(Query.of(text))
        if fast:  # no shared token at all: the index offers nothing, which is an abstain either way
            assert fast[0].entry_id == full[0].entry_id, text


def test_index_budget_keeps_the_rare_token_hits() -> None:
    docs = [["common", f"rare{i}"] for i in range(200)]
    index = PhrasingIndex(docs)
    full = index.search(["common", "rare7"], limit=1, budget=10_000)
    bounded = index.search(["common", "rare7"], limit=1, budget=50)
    assert full[0][0] == bounded[0][0] == 7


def test_matcher_exposes_entries_and_size() -> None:
    matcher = Matcher(FAQ)
    assert len(matcher) == len(FAQ)
    assert matcher.entry("ship") == FAQ[3]
    assert matcher.entry("nope") is None
