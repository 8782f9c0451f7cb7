"""The public API, checked the way httpx checks its own: ``__all__`` against a list written here.

A name added to or dropped from ``target_rules`` must be added to or dropped from this list in the
same change, on purpose; moving modules around (the refactor into language/, engine/ ...) must not
change what ``import target_rules as tr`` offers.
"""

from __future__ import annotations

import target_rules as tr

PUBLIC = [
    "Collection",  # issue 10: collecting many agencies' submissions (tr.consolidate)
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
    "ValidationReport",
    "Verdict",
    "__version__",
    "best_match",
    "compare",
    "consolidate",
    "evaluate",
    "evaluate_columns",
    "evaluate_many",
    "evaluate_spark",
    "lint",
    "load_report",
    "load_rules",
    "parse_quantity",
    "run_examples",
    "status_board",
    "validate",
]


def test_all_is_the_public_list() -> None:
    assert sorted(tr.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in PUBLIC:
        assert getattr(tr, name) is not None, name


def test_status_is_one_enum_wherever_it_is_imported_from() -> None:
    from target_rules.engine.verdict import Status as FromVerdict
    from target_rules.status import Status

    assert tr.Status is Status is FromVerdict
