"""target_rules: declarative yearly performance targets and a verdict engine.

import target_rules as tr
rules = tr.load_rules("rules/")
report = tr.load_report("data/107/")
result = tr.evaluate(rules, report, year=107)
for v in result.verdicts:
    print(v.measure, v.target_id, v.status, v.explanation["zh"])
"""

from __future__ import annotations

from typing import Any

from target_rules.engine.evaluate import evaluate, evaluate_many
from target_rules.engine.verdict import Evaluation, MeasureStatus, Status, Verdict
from target_rules.errors import Problem, ReportError, RuleError, TargetRulesError, best_match
from target_rules.language.load import RuleSet, load_rules
from target_rules.language.model import Measure, Report
from target_rules.quantities import parse_quantity

__version__ = "0.1.0"

# Parts of the API that live in optional or heavier modules load on first use.
_LAZY = {
    "validate": "target_rules.submissions.validation",
    "consolidate": "target_rules.submissions.collect",
    "Collection": "target_rules.submissions.collect",
    "status_board": "target_rules.submissions.status",
    "ValidationReport": "target_rules.submissions.validation",
    "compare": "target_rules.render.comparison",
    "evaluate_columns": "target_rules.engine.columns",
    "evaluate_spark": "target_rules.engine.spark",
    "run_examples": "target_rules.authoring.examples",
    "lint": "target_rules.authoring.lint",
}


def load_report(paths: Any, rules: Any = None, year: int | None = None, **kw: Any) -> Report:
    """A report from report files, or from any mix of agencies' submissions (YAML, JSON, CSV, XLSX).

    Report fragments are merged as they are; spreadsheets, and one metric's figures spread over
    several files, are consolidated against ``rules`` (see ``consolidate``). Raises ReportError with
    every problem of every file."""
    from target_rules.submissions.collect import load_report as load

    return load(paths, rules, year, **kw)


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
