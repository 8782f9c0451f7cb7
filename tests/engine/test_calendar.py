"""A plan counted in Gregorian years is judged exactly as the same plan counted in ROC years.

Why the verdicts must be equal: a plan year is a stretch of dates, 1 January .. 31 December. ROC 113
and Gregorian 2024 are the same dates, and the copy changes nothing but how the years are written
(tests/gregorian.py), so every rule of judging sees the same inputs: bounds and rounding read the
same figures; a deadline is a date (2024-09-30 in both); a figure is provisional when its period
ends before the year's 31 December, which is 2024-12-31 in both. Only the year number on a verdict
differs, and it differs by the calendar's offset.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.calendar import Calendar
from target_rules.engine.verdict import Verdict
from tests.gregorian import gregorian_copy, to_gregorian, write_plan
from tests.test_example_plan import EXPECTED as EXAMPLE_EXPECTED

EXPECTED = {str(year): verdicts for year, verdicts in EXAMPLE_EXPECTED.items()}

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "city-cycling-plan"

# A report for ROC 113 whose lane figure covers January .. June only: 1.1's 12.4 km >= 12 km is still
# met, but provisional (the period ends before 2024-12-31). 3.1's plan approved on 2024-10-15 is after
# its deadline 2024-09-30: unmet, in either calendar.
PARTIAL = {
    "plan": "青禾市自行車友善城市行動計畫",
    "year": 113,
    "measures": {
        1: {
            "period": {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 6, 30)},
            "metrics": {"new_lane_km": {"value": 12.4, "unit": "公里"}},
        },
        3: {"metrics": {"network_master_plan": {"milestone": "approved", "date": dt.date(2024, 10, 15)}}},
    },
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the ROC example with the partial report added, its Gregorian copy)."""
    base = tmp_path_factory.mktemp("calendars")
    roc = base / "roc"
    shutil.copytree(EXAMPLE, roc)
    (roc / "data" / "partial").mkdir()
    text = yaml.safe_dump(PARTIAL, allow_unicode=True, sort_keys=False)
    (roc / "data" / "partial" / "report.yaml").write_text(text, encoding="utf-8")
    return roc, gregorian_copy(roc, base / "gregorian")


def facts(v: Verdict) -> tuple[Any, ...]:
    """Everything a verdict decides, with the year left out (the calendars write it differently)."""
    return (
        v.measure,
        v.target_id,
        str(v.status),
        v.actual,
        v.judged,
        v.target_value,
        v.margin,
        v.achievement_rate,
        v.flags,
        v.period_end,
        v.part_of,
        tuple(facts(p) for p in v.parts),
    )


def both(plans: tuple[Path, Path], report: str) -> tuple[tr.Evaluation, tr.Evaluation]:
    roc, greg = plans
    folder = report if not report.isdigit() else str(to_gregorian(int(report)))
    return (
        tr.evaluate(tr.load_rules(roc / "rules"), tr.load_report(roc / "data" / report)),
        tr.evaluate(tr.load_rules(greg / "rules"), tr.load_report(greg / "data" / folder)),
    )


@pytest.mark.parametrize("report", ["113", "114", "partial"])
def test_a_gregorian_copy_judges_every_target_as_the_roc_original(plans, report) -> None:
    roc, greg = both(plans, report)
    assert (roc.plan.calendar, greg.plan.calendar) == (Calendar.ROC, Calendar.GREGORIAN)
    assert greg.year == to_gregorian(roc.year) and {v.year for v in greg.verdicts} == {greg.year}
    assert [facts(v) for v in greg.verdicts] == [facts(v) for v in roc.verdicts]
    if report in EXPECTED:  # and they are the verdicts worked out in the example's report comments
        assert {v.target_id: str(v.status) for v in greg.verdicts if v.part_of is None} == EXPECTED[report]


def test_the_evaluate_many_path_agrees_too(plans) -> None:
    roc_dir, greg_dir = plans
    roc = next(tr.evaluate_many(tr.load_rules(roc_dir / "rules"), [tr.load_report(roc_dir / "data/partial")]))
    greg_rules = tr.load_rules(greg_dir / "rules")
    greg = next(tr.evaluate_many(greg_rules, [tr.load_report(greg_dir / "data/partial")]))
    assert [facts(v) for v in greg.verdicts] == [facts(v) for v in roc.verdicts]


def test_a_partial_year_is_provisional_and_a_late_milestone_unmet_in_both_calendars(plans) -> None:
    for ev in both(plans, "partial"):
        lanes, master_plan = ev.verdict("1.1"), ev.verdict("3.1")
        # 12.4 >= 12 but January .. June only; the plan approved 2024-10-15, deadline 2024-09-30
        assert (str(lanes.status), lanes.flags) == ("met", ("provisional",))
        assert str(master_plan.status) == "unmet" and master_plan.detail["date"] == dt.date(2024, 10, 15)


def test_a_whole_year_figure_is_not_provisional_in_a_gregorian_plan(plans) -> None:
    """2025's figures carry no period: the whole plan year, ending 2025-12-31, not 114-12-31's year."""
    _, greg = both(plans, "114")
    assert all("provisional" not in v.flags for v in greg.verdicts)
    assert greg.verdict("3.1").status == "met"  # published 2025-05-20, no deadline


def test_the_gregorian_rules_pass_their_own_examples(plans) -> None:
    from target_rules.cli import main

    assert main(["test", str(plans[1] / "rules"), "--require-coverage"]) == 0


# --- the property: any year, either calendar ------------------------------------------------------


def _plan(tmp: Path, calendar: str, year: int, deadline: dt.date) -> tr.RuleSet:
    return tr.load_rules(write_plan(tmp / calendar, calendar, year, deadline=deadline.isoformat()))


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(Calendar.ROC.first_year, Calendar.ROC.last_year),
    cases=st.integers(0, 20),
    deadline_day=st.integers(0, 364),
    reached_day=st.integers(0, 364),
    period_end_day=st.integers(0, 364),
)
def test_any_roc_year_and_its_gregorian_year_give_identical_verdicts(
    tmp_path_factory, year, cases, deadline_day, reached_day, period_end_day
) -> None:
    tmp = tmp_path_factory.mktemp("year")
    start = dt.date(to_gregorian(year), 1, 1)  # the same dates in both calendars
    deadline, reached = start + dt.timedelta(deadline_day), start + dt.timedelta(reached_day)
    period = {"start": start, "end": start + dt.timedelta(period_end_day)}
    metrics = {"cases": cases, "plan": {"milestone": "done", "date": reached}}
    out = []
    for calendar, plan_year in (("roc", year), ("gregorian", to_gregorian(year))):
        rules = _plan(tmp, calendar, plan_year, deadline)
        report = tr.Report.model_validate(
            {"year": plan_year, "measures": {1: {"period": period, "metrics": metrics}}}
        )
        out.append([facts(v) for v in tr.evaluate(rules, report).verdicts])
    assert out[0] == out[1]
    # and the verdicts are the ones the dates call for, worked out here without the program
    threshold, completion = out[0]
    ends_early = period["end"] < dt.date(to_gregorian(year), 12, 31)
    assert threshold[2] == ("met" if cases >= 10 else "unmet")
    assert ("provisional" in threshold[8]) == ends_early
    assert completion[2] == ("met" if reached <= deadline else "unmet")
