"""evaluate / evaluate_many: what the report holds that no rule reads is said, not dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.language.model import Report

RULES = tr.load_rules(Path(__file__).resolve().parents[1] / "rules" / "m04.yaml")


def _both(report: Report) -> list[tr.Evaluation]:
    return [tr.evaluate(RULES, report), next(tr.evaluate_many(RULES, [report]))]


@pytest.mark.parametrize("path", ["closures", "generated"])
def test_a_misspelt_metric_is_noted_with_a_suggestion(path) -> None:
    # 287 audits reported under 'procurement_audit': target 4.1 is missing, and the note says where
    # the value went, so a reader does not take 'missing' for 'not reported'.
    report = Report.model_validate(
        {
            "year": 107,
            "measures": {4: {"metrics": {"procurement_audit": 287, "construction_inspections": 110}}},
        }
    )
    ev = _both(report)[0 if path == "closures" else 1]
    assert {v.target_id: str(v.status) for v in ev.verdicts} == {"4.1": "missing", "4.2": "met"}
    [note] = ev.notes
    assert "'procurement_audit' is not in the rules" in note and "did you mean 'procurement_audits'?" in note


def test_a_measure_without_rules_is_noted() -> None:
    report = Report.model_validate({"year": 107, "measures": {99: {"metrics": {"x": 1}}}})
    for ev in _both(report):
        assert ev.notes == ["the report mentions measures with no rules: 99"]


def test_a_clean_report_has_no_notes() -> None:
    report = Report.model_validate(
        {
            "year": 107,
            "measures": {4: {"metrics": {"procurement_audits": 287, "construction_inspections": 110}}},
        }
    )
    for ev in _both(report):
        assert ev.notes == []
