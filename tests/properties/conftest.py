"""Hypothesis profiles: a few hundred cases per parser in `make test`, many more under bench/.

No example database: a run never depends on what an earlier run left in the
working tree (``.hypothesis/``).
"""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches (the constants it mined from our source) under .hypothesis/; keep them
# out of the working tree, so no run reads what another left there.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="groupbot-hypothesis-"))

settings.register_profile(
    "default", max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")
