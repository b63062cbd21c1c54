"""The digest chart is a real PNG, and its absence never breaks the digest."""

import sys

from test_digest import DIGEST, WEEK

from groupbot.core.digest import AnswerStats, DigestInput, build_digest
from groupbot.features.digest.chart import render_chart


def test_chart_is_a_png_in_both_locales():
    for locale in ("en", "zh-CN"):
        png = render_chart(DIGEST, locale)
        assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000


def test_chart_of_an_empty_week_still_draws():
    empty = build_digest(DigestInput(WEEK, "Asia/Shanghai", [], AnswerStats(), AnswerStats()), lambda _: False)
    assert render_chart(empty).startswith(b"\x89PNG")


def test_missing_matplotlib_means_no_image(monkeypatch):
    # simulate the optional extra not being installed: the import machinery refuses it
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert render_chart(DIGEST) is None
