"""The bot's short memory: entries expire after their time and the oldest make room when it is full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from groupbot.features.answering.expiring import ExpiringMap

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_value_lives_for_its_ttl() -> None:
    kept: ExpiringMap[str, int] = ExpiringMap(timedelta(minutes=10))
    kept.put("a", 1, _at(0))
    assert kept.get("a", _at(9)) == 1
    assert kept.get("a", _at(10)) is None
    assert kept.get("b", _at(0)) is None


def test_putting_again_replaces_and_restarts_the_clock() -> None:
    kept: ExpiringMap[str, int] = ExpiringMap(timedelta(minutes=10))
    kept.put("a", 1, _at(0))
    kept.put("a", 2, _at(5))
    assert kept.get("a", _at(12)) == 2


def test_when_full_the_oldest_go_first_not_everything() -> None:
    kept: ExpiringMap[int, int] = ExpiringMap(timedelta(hours=1), max_entries=3)
    for key in range(5):
        kept.put(key, key, _at(key))
    assert len(kept) == 3
    assert [kept.get(key, _at(5)) for key in range(5)] == [None, None, 2, 3, 4]


def test_expired_entries_are_dropped_as_new_ones_arrive() -> None:
    kept: ExpiringMap[int, int] = ExpiringMap(timedelta(minutes=1))
    for key in range(100):
        kept.put(key, key, _at(key))
    assert len(kept) == 1


def test_pop_forgets() -> None:
    kept: ExpiringMap[str, int] = ExpiringMap(timedelta(minutes=1))
    kept.put("a", 1, _at(0))
    kept.pop("a")
    kept.pop("never there")
    assert kept.get("a", _at(0)) is None
