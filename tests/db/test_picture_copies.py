"""Picture copies on every database: kept once per reference, found by it, binary-safe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from groupbot.core.messages import Picture
from groupbot.db import SqlUnitOfWork

Factory = Callable[[], SqlUnitOfWork]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PNG = Picture(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")  # every byte value survives
GIF = Picture(b"GIF89a" + b"\x00" * 8, "image/gif")
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
