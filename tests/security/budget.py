"""The fuzz budget: small in CI, larger when TARGET_RULES_FUZZ_EXAMPLES is set (e.g. 2000 overnight)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("TARGET_RULES_FUZZ_EXAMPLES", "30"))


def fuzz(scale: float = 1.0) -> settings:
    """Hypothesis settings for one fuzz test; ``scale`` shrinks the budget of the slow ones."""
    return settings(
        max_examples=max(5, int(EXAMPLES * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
