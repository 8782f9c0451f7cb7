"""target_rules: declarative yearly performance targets and a verdict engine.

import target_rules as tr
rules = tr.load_rules("rules/")
report = tr.load_report("data/107/")
result = tr.evaluate(rules, report, year=107)
for v in result.verdicts:
    print(v.measure, v.target_id, v.status, v.explanation["zh"])
"""

from __future__ import annotations

from .errors import Problem, ReportError, RuleError, TargetRulesError, best_match
from .evaluate import evaluate, evaluate_many
from .load import RuleSet, load_report, load_rules
from .model import Measure, Report
from .quantities import parse_quantity
from .verdict import Evaluation, MeasureStatus, Status, Verdict

__version__ = "0.1.0"

# Parts of the API that live in optional or heavier modules load on first use.
_LAZY = {
    "validate": "target_rules.validation",
    "ValidationReport": "target_rules.validation",
    "compare": "target_rules.comparison",
    "evaluate_columns": "target_rules.batch",
    "run_examples": "target_rules.examples",
    "lint": "target_rules.linting",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'target_rules' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


__all__ = [
    "Evaluation",
    "Measure",
    "MeasureStatus",
    "Problem",
    "Report",
    "ReportError",
    "RuleError",
    "RuleSet",
    "Status",
    "TargetRulesError",
    "Verdict",
    "__version__",
    "best_match",
    "evaluate",
    "evaluate_many",
    "load_report",
    "load_rules",
    "parse_quantity",
    *_LAZY,
]
