"""The inbound parsers' property tests, run long: 20,000 cases each instead of `make test`'s 300.

Runs tests/properties under the Hypothesis profile "long" (tests/properties/conftest.py)
and prints, per property, that it held. Any counterexample fails the run with
Hypothesis's minimal failing input. Usage: PYTHONPATH=. python bench/fuzz_parsers.py [N]
where N overrides the number of cases per property.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    settings.register_profile("bench", max_examples=cases, deadline=None, database=None,
                              suppress_health_check=[HealthCheck.too_slow])
    started = time.perf_counter()
    code = pytest.main([str(ROOT / "tests" / "properties"), "-q", "-p", "no:cacheprovider",
                        "--hypothesis-profile=bench", "--hypothesis-show-statistics"])
    print(f"fuzz_parsers: {cases} cases per property, {time.perf_counter() - started:.0f} s, "
          f"{'all held' if code == 0 else 'COUNTEREXAMPLE FOUND'}")
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
