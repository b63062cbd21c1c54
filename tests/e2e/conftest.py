"""Starting a whole bot on a test database, wired to a fake chat platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from groupbot.bootstrap import Bot, open_bot
from groupbot.core.ports import Clock
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform, weeks_from_wall_clock

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, 17:00 in Shanghai


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The dates away from today run on SQLite; PostgreSQL runs the fixed date.

    What the far dates catch (wall time leaking in) does not depend on the database, and every
    scenario on both databases times three dates made the CI run longer than its 15 minutes.
    """
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        far_date = params.get("scenario_start", 0) != 0
        (dropped if far_date and params.get("db_url") == "postgresql" else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=[0, -2, 2], ids=["fixed-date", "2y-before-today", "2y-after-today"])
def scenario_start(request: pytest.FixtureRequest) -> datetime:
    """Where a scenario's settable clock starts: a fixed date, and the same weekday and hour about
    two years before and after the real date (the bot must never mix platform or wall time in)."""
    return SCENARIO_START if request.param == 0 else weeks_from_wall_clock(SCENARIO_START, request.param)


@asynccontextmanager
async def running_bot(
    db_url: str, *, clock: Clock | None = None, **settings: object
) -> AsyncIterator[tuple[Bot, FakeChatPlatform]]:
    """A bot on ``db_url`` with the bundled FAQ (unless ``faq_dir`` says otherwise), talking to a fake platform.

    ``clock``: a settable one for tests that step the bot's jobs through time.
    """
    bot = await open_bot(Settings(database_url=db_url, **{"faq_dir": ROOT / "faq", **settings}), clock=clock)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        yield bot, platform
    finally:
        await bot.close()


CLOSE_FAQ = """
- id: export-pdf
  question: How do I export a report as PDF?
  answer: Open the report, then Export > PDF.
- id: export-excel
  question: How do I export a report to Excel?
  answer: Open the report, then Export > Excel.
- id: invoice
  question: Where do I download my invoice?
  answer: Billing > Invoices.
"""


@asynccontextmanager
async def running_unsure_bot(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[Bot, FakeChatPlatform]]:
    """A bot that never answers outright, so every match becomes a did-you-mean between close entries."""
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "reports.yaml").write_text(CLOSE_FAQ, encoding="utf-8")
    matching = {"answer": 1.0, "suggest": 0.0}
    async with running_bot(db_url, faq_dir=tmp_path / "faq", matching=matching) as pair:
        yield pair
