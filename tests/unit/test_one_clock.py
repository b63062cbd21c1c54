"""Time has one source: nothing under src/ reads the wall clock except the clock module.

A platform's timestamp is data about a message; every decision about "now"
takes the injected Clock, so the tests can run the bot on any date.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "groupbot"
CLOCK_MODULE = SRC / "core" / "clock.py"
WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("time", "time"), ("time", "time_ns")}


def wall_clock_reads(source: str) -> list[str]:
    """Every ``datetime.now()``-like call in ``source``, as ``line: call``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if (owner_name, node.func.attr) in WALL_CLOCK:
            found.append(f"{node.lineno}: {owner_name}.{node.func.attr}()")
    return found


@pytest.mark.parametrize(
    "snippet",
    ["datetime.now(UTC)", "datetime.datetime.utcnow()", "date.today()", "time.time()", "int(time.time_ns())"],
)
def test_the_check_sees_each_kind_of_wall_clock_read(snippet: str) -> None:
    assert wall_clock_reads(snippet) != []


def test_the_check_leaves_clock_arithmetic_and_monotonic_timers_alone() -> None:
    assert wall_clock_reads("clock.now() + timedelta(days=1); time.monotonic(); datetime.fromtimestamp(1, UTC)") == []


def test_nothing_under_src_reads_the_wall_clock_but_the_clock_module() -> None:
    offenders = {
        str(path.relative_to(SRC)): reads
        for path in sorted(SRC.rglob("*.py"))
        if path != CLOCK_MODULE and (reads := wall_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert wall_clock_reads(CLOCK_MODULE.read_text(encoding="utf-8")) != []  # the one place it belongs
