"""The plan's calendar: ROC or Gregorian years, the dates a plan year spans, and the years it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.arguments import YearError, check_year
from target_rules.calendar import Calendar
from target_rules.quantities import MAX_YEAR, MIN_YEAR
from tests.gregorian import write_plan


def test_roc_113_and_gregorian_2024_are_the_same_dates() -> None:
    assert Calendar.ROC.year_start(113) == Calendar.GREGORIAN.year_start(2024) == dt.date(2024, 1, 1)
    assert Calendar.ROC.year_end(113) == Calendar.GREGORIAN.year_end(2024) == dt.date(2024, 12, 31)
    assert Calendar.ROC.gregorian(107) == 2018 and Calendar.GREGORIAN.gregorian(2018) == 2018


def test_each_calendar_holds_the_years_whose_dates_exist_and_no_other_calendars() -> None:
    # ROC 8088 is 9999, the last year a date can hold; a Gregorian plan's years have four digits
    assert (Calendar.ROC.first_year, Calendar.ROC.last_year) == (1, 8088)
    assert (Calendar.GREGORIAN.first_year, Calendar.GREGORIAN.last_year) == (1000, 9999)
    assert (MIN_YEAR, MAX_YEAR) == (1, 9999)  # what a file may hold before its plan is known
    assert Calendar.ROC.year_end(8088) == dt.date(9999, 12, 31)
    assert not Calendar.GREGORIAN.holds(114) and not Calendar.ROC.holds(8089)


@given(st.integers(Calendar.ROC.first_year, Calendar.ROC.last_year))
def test_a_roc_year_and_its_gregorian_year_span_the_same_dates(year: int) -> None:
    gregorian = Calendar.ROC.gregorian(year)
    assert Calendar.GREGORIAN.holds(gregorian) or gregorian < Calendar.GREGORIAN.first_year
    assert Calendar.ROC.plan_year(gregorian) == year
    assert Calendar.ROC.year_end(year) == dt.date(gregorian, 12, 31)
    assert Calendar.ROC.year_start(year).year == Calendar.ROC.year_end(year).year == gregorian


def test_a_year_of_the_other_calendar_is_refused_with_what_it_meant() -> None:
    with pytest.raises(YearError) as roc_in_gregorian:
        check_year(114, calendar=Calendar.GREGORIAN)
    assert str(roc_in_gregorian.value) == (
        "year 114 is outside the Gregorian years 1000..9999: the plan counts Gregorian years"
        " (calendar: gregorian in plan.yaml); 114 looks like an ROC year: 2025"
    )
    with pytest.raises(
        YearError, match=r"outside the ROC years 1\.\.8088; 9000 looks like a calendar year: ROC 7089"
    ):
        check_year(9000, calendar="roc")
    assert check_year(2025, calendar="gregorian") == 2025 and check_year(114, calendar="roc") == 114
    assert check_year(9000) == 9000  # no plan given: either calendar's year


def test_the_plan_file_names_the_calendar(tmp_path) -> None:
    rules = tr.load_rules(write_plan(tmp_path, "gregorian", 2025, deadline="2025-09-30"))
    assert rules.plan.calendar is Calendar.GREGORIAN and rules.years == [2025]


def test_a_rule_year_the_plan_does_not_count_is_an_error_at_the_year(tmp_path) -> None:
    with pytest.raises(tr.RuleError) as err:
        tr.load_rules(write_plan(tmp_path, "gregorian", 114))
    found = {(p.path, p.line, p.code) for p in err.value.problems if p.code == "year_outside"}
    # tests/gregorian.RULE writes the year's key on line 13 and the example's year on line 18
    assert found == {(("years", 114), 13, "year_outside"), (("examples", 0, "year"), 18, "year_outside")}
    assert all(
        "looks like an ROC year: 2025" in str(p) for p in err.value.problems if p.code == "year_outside"
    )


def test_a_plan_without_a_calendar_counts_roc_years_as_before(tmp_path) -> None:
    with pytest.raises(tr.RuleError, match="9000 looks like a calendar year: ROC 7089"):
        tr.load_rules(write_plan(tmp_path, None, 9000, example=113))
    assert tr.load_rules(write_plan(tmp_path, None, 113)).plan.calendar is Calendar.ROC


def test_a_report_year_the_plan_does_not_count_is_a_report_error(tmp_path) -> None:
    rules = tr.load_rules(write_plan(tmp_path, "gregorian", 2025, deadline="2025-09-30"))
    report = tr.Report.model_validate({"year": 114, "measures": {1: {"metrics": {"cases": 12}}}})
    with pytest.raises(tr.ReportError, match="114 looks like an ROC year: 2025") as err:
        tr.evaluate(rules, report)
    assert err.value.problems[0].path == ("year",) and err.value.problems[0].code == "year_outside"
    with pytest.raises(tr.ReportError, match="114 looks like an ROC year"):
        list(tr.evaluate_many(rules, [report]))
    good = report.model_copy(update={"year": 2025})
    assert str(tr.evaluate(rules, good).verdict("1.1").status) == "met"
