"""Public face of the rule authors' property checks (implemented in target_rules.authoring.strategies).

``from target_rules.testing import check_boundary_exact`` is the documented import; it needs
hypothesis (the ``test`` extra).
"""

from target_rules.authoring.strategies import (
    boundary_values,
    check_boundary_exact,
    check_explanations_mention_values,
    check_monotonic,
    check_never_raises,
    measure_values,
    reports,
)

__all__ = [
    "boundary_values",
    "check_boundary_exact",
    "check_explanations_mention_values",
    "check_monotonic",
    "check_never_raises",
    "measure_values",
    "reports",
]
