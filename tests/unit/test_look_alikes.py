"""Look-alike tickets across languages, with the real packaged encoder and reports in our own words."""

from __future__ import annotations

from groupbot.core.repeats import RepeatCandidate
from groupbot.features.tickets.look_alikes import LookAlikes
from tests.fakes import CountingEncoder

SCANNER = RepeatCandidate.phrased(1, "扫码枪在最新版本更新后一扫就卡死", ["扫码枪在最新版本更新后一扫就卡死"])
MAP = RepeatCandidate.phrased(2, "the map page keeps spinning and never loads", [])
INVOICE = RepeatCandidate.phrased(3, "发票抬头填错了，能重新开一张吗", [])
SCANNER_EN = RepeatCandidate.phrased(4, "the barcode scanner freezes after every scan since the update", [])


async def test_the_same_failure_told_in_english_finds_the_chinese_ticket(encoder) -> None:
    counting = CountingEncoder(encoder)
    alikes = LookAlikes(counting.encode)
    report = "the barcode scanner freezes after every scan since the latest update"
    found = await alikes.find(report, [SCANNER, MAP, INVOICE])
    assert found is not None and (found.number, found.phrasing) == (1, SCANNER.phrasings[0])
    assert 0.6 <= found.score <= 1.0
    assert MAP.phrasings[0] not in counting.texts, "tickets in the report's own language are left to words"

    counting.calls.clear()
    again = "since the latest update the barcode scanner freezes every time I scan"
    found = await alikes.find(again, [SCANNER, INVOICE])
    assert found is not None and found.number == 1
    assert counting.texts == [again], "the tickets' phrasings are not encoded again"


async def test_an_unrelated_report_or_one_without_words_finds_nothing(encoder) -> None:
    alikes = LookAlikes(encoder.encode)
    assert await alikes.find("how do I change the invoice title on my bill", [SCANNER, MAP]) is None
    assert await alikes.find("👍👍 123", [SCANNER, MAP]) is None
    assert await alikes.find("地图页面一直转圈加载不出来", [SCANNER, INVOICE]) is None, "only other languages"
    assert await alikes.find("地图页面一直转圈加载不出来", []) is None


async def test_a_chinese_report_finds_the_english_ticket(encoder) -> None:
    found = await LookAlikes(encoder.encode).find("地图页面一直转圈，怎么都加载不出来", [MAP, INVOICE, SCANNER_EN])
    assert found is not None and found.number == 2
