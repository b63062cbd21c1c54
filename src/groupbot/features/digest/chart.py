"""The digest's chart: tickets opened by category, this week next to last week, as PNG.

matplotlib is an optional extra (``groupbot[digest]``); without it, or if
drawing fails, the digest simply goes out without an image.
"""

from __future__ import annotations

import io
import logging
import warnings
from types import ModuleType

from groupbot.core.digest import Digest
from groupbot.features.texts import label, render

__all__ = ["render_chart"]

log = logging.getLogger(__name__)
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC")


def _cjk_font(font_manager: ModuleType) -> str | None:
    available = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in available), None)


def render_chart(digest: Digest, locale: str = "en") -> bytes | None:
    """A PNG bar chart, or None when matplotlib is missing or cannot draw."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display on servers; must precede pyplot
        # "findfont: Failed to find font weight normal for ..." is about a font we chose on purpose;
        # on the console, stderr is where the chat is, so keep such notes out of it.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        from matplotlib import font_manager
        from matplotlib import pyplot as plt
    except ImportError:
        log.info("matplotlib is not installed; the digest goes out without a chart")
        return None
    try:
        return _draw(plt, font_manager, digest, locale)
    except Exception:  # a chart is a nicety; never lose the digest over it
        log.exception("could not draw the digest chart")
        return None


def _draw(plt: ModuleType, font_manager: ModuleType, digest: Digest, locale: str) -> bytes:
    """The chart in ``locale``, its fonts and styles confined to this one drawing."""
    font = _cjk_font(font_manager) if locale == "zh-CN" else None
    # Chinese labels without a CJK font render as boxes; English is better than boxes
    locale = locale if locale != "zh-CN" or font else "en"
    # rc_context: the CJK font stays with this chart (it used to leak into the next English one);
    # CJK fonts lack U+2212, so ASCII minus keeps "Glyph 8722 missing" warnings out of the logs and chat.
    style = {"axes.unicode_minus": False, **({"font.sans-serif": [font, "DejaVu Sans"]} if font else {})}
    with plt.rc_context(style), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        return _bars(plt, digest, locale)


def _bars(plt: ModuleType, digest: Digest, locale: str) -> bytes:
    names = list(digest.opened_by_category) or ["failure"]
    current = [digest.opened_by_category.get(name, (0, 0))[0] for name in names]
    previous = [digest.opened_by_category.get(name, (0, 0))[1] for name in names]
    positions = range(len(names))
    fig, axes = plt.subplots(figsize=(7, 3.6), dpi=100)
    try:
        last, this = render("digest_last_week", locale), render("digest_this_week", locale)
        axes.bar([p - 0.2 for p in positions], previous, width=0.4, label=last, color="#b0b7c3")
        axes.bar([p + 0.2 for p in positions], current, width=0.4, label=this, color="#2f6fde")
        axes.set_xticks(list(positions), [label("category", name, locale) for name in names])
        axes.set_title(f"{render('digest_chart_title', locale)} · {digest.week}")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylim(bottom=0, top=max([*current, *previous, 1]) * 1.15)  # counts: no axis below zero
        axes.legend()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)
