"""Picture copies on every database: kept once per reference, found by it, binary-safe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from groupbot.bootstrap import open_bot
from groupbot.core.messages import Picture
from groupbot.db import SqlUnitOfWork
from groupbot.settings import Settings
from tests.fakes import SettableClock

Factory = Callable[[], SqlUnitOfWork]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PNG = Picture(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")  # every byte value survives
GIF = Picture(b"GIF89a" + b"\x00" * 8, "image/gif")
FAQ = Path(__file__).resolve().parents[2] / "faq"
LINK = "https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=Ej&rkey=CAQSK"


async def test_a_copy_is_kept_once_and_found_by_its_reference(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        await uow.pictures.keep(LINK, PNG, T0)
        await uow.pictures.keep(LINK, GIF, T0)  # taken twice (two instances, a redelivery): the first stays
        await uow.pictures.keep("telegram:AgAC-1", GIF, T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.pictures.get(LINK) == PNG
        assert await uow.pictures.get("telegram:AgAC-1") == GIF
        assert await uow.pictures.get(LINK + "x") is None
        assert await uow.pictures.copied([LINK, "telegram:other", "telegram:AgAC-1"]) == {LINK, "telegram:AgAC-1"}
        assert await uow.pictures.copied([]) == set()


async def test_copies_older_than_the_retention_are_deleted_by_the_job(db_url: str, tmp_path: Path) -> None:
    clock = SettableClock(T0)
    settings = Settings(database_url=db_url, faq_dir=FAQ,
                        learned_faq_dir=tmp_path / "learned", tickets={"picture_days": 30})
    bot = await open_bot(settings, clock=clock)
    try:
        [job] = [job for feature in bot.features for job in feature.jobs if job.name == "picture-copies-purge"]
        async with bot.uow_factory() as uow:
            await uow.pictures.keep("old", PNG, T0)
            await uow.pictures.keep("new", GIF, T0 + timedelta(days=20))
            await uow.commit()
        clock.advance(days=31)
        assert await job.run_once() == 1
        async with bot.uow_factory() as uow:
            assert await uow.pictures.copied(["old", "new"]) == {"new"}
    finally:
        await bot.close()
    kept_for_good = Settings(database_url=db_url, faq_dir=settings.faq_dir, learned_faq_dir=tmp_path / "learned",
                             tickets={"picture_days": 0})
    bot = await open_bot(kept_for_good, clock=clock)
    try:
        assert not [job for feature in bot.features for job in feature.jobs if job.name == "picture-copies-purge"]
    finally:
        await bot.close()
