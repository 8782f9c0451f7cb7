"""Submissions to a plan that counts Gregorian years: the year, periods and dates are checked against
the plan's own calendar, and the template shows the year as the plan counts it (no ROC anywhere)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.arguments import YearError
from target_rules.submissions.template import entries, render_csv, render_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "city-cycling-plan"


@pytest.fixture(scope="module")
def rules(gregorian: Path) -> tr.RuleSet:
    return tr.load_rules(gregorian / "rules")


def _submission(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "submission.yaml"
    path.write_text("year: 2025\nagency: 交通局\nmeasures:\n" + body, encoding="utf-8")
    return path


def _problems(rules: tr.RuleSet, path: Path) -> list[tuple[str, str, str]]:
    return [(p.code, p.severity, str(p.message)) for p in tr.validate(path, rules).problems]


def test_the_shipped_submissions_are_clean_in_gregorian_years(gregorian, rules) -> None:
    """The same submissions, years written 2025: clean, and 114-05-20 (an ROC date) is still read."""
    result = tr.validate(gregorian / "submissions", rules)
    assert result.ok and not [p for p in result.problems if p.severity == "error"]
    assert not [p for p in result.problems if p.code == "date_outside"]


def test_a_whole_year_is_2025_and_a_period_outside_it_says_so(tmp_path, rules) -> None:
    body = """\
  4:
    period: {start: 2024-01-01, end: 2024-12-31}
    metrics:
      safety_sessions: {value: 33, unit: 場次}
"""
    assert (
        "period_outside",
        "error",
        "period 2024-01-01..2024-12-31 is not inside year 2025 (2025-01-01..2025-12-31)",
    ) in _problems(rules, _submission(tmp_path, body))


def test_part_of_2025_is_provisional_and_not_of_a_roc_year(tmp_path, rules) -> None:
    body = """\
  4:
    period: {start: 2025-01-01, end: 2025-06-30}
    metrics:
      safety_sessions: {value: 33, unit: 場次}
"""
    found = _problems(rules, _submission(tmp_path, body))
    provisional = [m for c, _, m in found if c == "provisional"]
    assert provisional == [
        "period 2025-01-01..2025-06-30 covers part of year 2025: verdicts will be provisional"
    ]
    assert not [c for c, _, _ in found if c in ("period_outside", "period_overlaps")]


def test_a_milestone_date_in_another_year_is_named_without_a_second_calendar(tmp_path, rules) -> None:
    body = """\
  3:
    metrics:
      network_master_plan: {milestone: published, date: 2024-05-20}
"""
    assert ("date_outside", "warning", "date 2024-05-20 is outside year 2025") in _problems(
        rules, _submission(tmp_path, body)
    )


def test_an_roc_year_in_a_gregorian_submission_is_an_error_saying_what_it_meant(tmp_path, rules) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("year: 114\nmeasures: {}\n", encoding="utf-8")
    problems = tr.validate(path, rules).problems
    bad = [p for p in problems if p.code == "year_outside"]
    assert len(bad) == 1 and bad[0].path == ("year",) and bad[0].line == 1
    assert "the plan counts Gregorian years" in str(bad[0]) and "114 looks like an ROC year: 2025" in str(
        bad[0]
    )
    with pytest.raises(YearError, match="the plan counts Gregorian years"):
        tr.validate(path, rules, year=114)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_counts_the_plans_years_and_suggests_no_roc_date(rules, lang) -> None:
    items = entries(rules, 2025, "青禾市政府交通局")
    yaml_text, csv_text = (
        render_yaml(rules, items, 2025, "青禾市政府交通局", lang),
        render_csv(items, 2025, lang),
    )
    heading = yaml_text.splitlines()[0]
    assert heading.endswith("2025 年" if lang == "zh" else "year 2025"), heading
    for text in (yaml_text, csv_text):
        assert "ROC" not in text and "民國" not in text and "114" not in text
    assert "year: 2025" in yaml_text and "YYYY-MM-DD" in yaml_text


def test_a_roc_copy_of_the_template_still_names_both_years(tmp_path) -> None:
    """The ROC plan's template keeps its heading: year 114 (ROC; 2025)."""
    roc = shutil.copytree(EXAMPLE / "rules", tmp_path / "rules")
    rules = tr.load_rules(roc)
    text = render_yaml(rules, entries(rules, 114, "青禾市政府交通局"), 114, "青禾市政府交通局", "en")
    assert "year 114 (ROC; 2025)" in text.splitlines()[0]
