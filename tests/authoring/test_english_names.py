"""lint warns where English output would show Chinese: a unit with no English name, an agency of
plan.yaml without ``en``; the plan's ``units`` table is where a rule author names a unit."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.messages import UNIT_NAMES, unit_in, use_units
from tests.render.english_view import chinese_outside_quotes

PLAN = """\
plan:
  title: {{zh: 造林方案, en: Forest plan}}
  calendar: gregorian{units}
agencies:
  - {{name: 林業署, en: Forestry Agency}}
  - {{name: 水利署}}
"""
MEASURE = """\
measure: 1
strategy: {number: 1, title: {zh: 造林, en: Forests}}
title: {zh: 新植林地, en: New forest}
agencies: [林業署]
metrics:
  area: {label: {zh: 新植面積, en: Area planted}, unit: 公頃}
  trees: {label: {zh: 植樹株數, en: Trees planted}, unit: 株}
years:
  2020:
    targets:
      - {id: "1.1", label: {zh: 新植面積, en: Area planted}, kind: threshold, metric: area, at_least: 100}
      - {id: "1.2", label: {zh: 每公頃株數, en: Trees per area}, kind: ratio, expression: trees / area, at_least: 1000, unit: 株/公頃}
"""
REPORT = "plan: 造林方案\nyear: 2020\nmeasures:\n  1:\n    metrics:\n      area: 80\n      trees: 90000\n"


def where(text: str, line: int, written: str) -> int:
    """The 1-based column of the value of ``written`` (a ``key: value``) on ``line`` of ``text``."""
    row = text.splitlines()[line - 1]
    assert written in row
    return row.index(written) + written.index(": ") + 3


@pytest.fixture
def plan_dir(tmp_path: Path):
    def make(units: str = "") -> Path:
        rules = tmp_path / "rules"
        rules.mkdir(exist_ok=True)
        (rules / "plan.yaml").write_text(PLAN.format(units=units), encoding="utf-8")
        (rules / "m1.yaml").write_text(MEASURE, encoding="utf-8")
        (tmp_path / "report.yaml").write_text(REPORT, encoding="utf-8")
        return rules

    return make


def test_the_units_these_tests_use_are_not_common_counting_words():
    assert {"公頃", "株", "株/公頃"}.isdisjoint(UNIT_NAMES)


def test_a_unit_without_an_english_name_is_a_warning_at_its_place_with_the_fix(plan_dir):
    rules = plan_dir()
    warnings = [p for p in tr.lint(rules) if p.code == "no_english_unit"]
    assert [(Path(p.file).name, p.line, p.column) for p in warnings] == [
        ("m1.yaml", 6, where(MEASURE, 6, "unit: 公頃")),  # metrics.area.unit
        ("m1.yaml", 7, where(MEASURE, 7, "unit: 株")),  # metrics.trees.unit
        ("m1.yaml", 12, where(MEASURE, 12, "unit: 株/公頃")),  # years.2020.targets[1].unit
    ]
    first = warnings[0]
    assert first.severity == "warning"
    assert first.message_in("en") == "unit '公頃' has no English name, so English output shows it in Chinese"
    assert first.message_in("zh") == "單位「公頃」沒有英文名稱，英文輸出會照寫中文"
    assert "plan.yaml" in first.hint and "units: {公頃: <English name>}" in first.hint
    assert "units: {公頃: <英文名稱>}" in first.describe("zh")


def test_an_agency_of_the_plan_without_an_english_name_is_a_warning_at_its_line(plan_dir):
    rules = plan_dir()
    [warning] = [p for p in tr.lint(rules) if p.code == "no_english_agency"]
    plan = PLAN.format(units="")
    assert Path(warning.file).name == "plan.yaml" and (warning.line, warning.column) == (
        6,
        where(plan, 6, "name: 水利署"),
    )
    assert (
        warning.message_in("en")
        == "agency '水利署' has no English name, so English output shows it in Chinese"
    )
    assert "en:" in warning.hint and "機關「水利署」沒有英文名稱" in warning.describe("zh")


def test_the_plans_units_table_names_the_units_and_silences_the_warning(plan_dir):
    rules = plan_dir("\n  units: {公頃: hectares, 株: trees, 株/公頃: trees per hectare}")
    assert [p for p in tr.lint(rules) if p.code == "no_english_unit"] == []
    loaded = tr.load_rules(rules)
    assert loaded.plan.units == {"公頃": "hectares", "株": "trees", "株/公頃": "trees per hectare"}
    with use_units(loaded.plan.units):
        assert unit_in("公頃", "en") == "hectares" and unit_in("公頃", "zh") == "公頃"
        assert unit_in("件", "en") == "cases"  # the common words stay known
    assert unit_in("公頃", "en") == "公頃"  # outside the plan's context: as written


def test_english_output_names_the_plans_units(plan_dir, tmp_path, capsys):
    rules = plan_dir("\n  units: {公頃: hectares, 株: trees, 株/公頃: trees per hectare}")
    evaluation = tr.evaluate(tr.load_rules(rules), tr.load_report(tmp_path / "report.yaml"))
    from target_rules.render import render

    text = render(evaluation, "text", "en")
    assert "80 hectares" in text and "公頃" not in text, text
    main(["evaluate", "--rules", str(rules), "--report", str(tmp_path / "report.yaml"), "--lang", "en"])
    out = capsys.readouterr().out
    assert "hectares" in out and not chinese_outside_quotes(out), chinese_outside_quotes(out)


def test_without_the_table_english_output_shows_the_word_as_written(plan_dir, tmp_path):
    rules = plan_dir()
    evaluation = tr.evaluate(tr.load_rules(rules), tr.load_report(tmp_path / "report.yaml"))
    from target_rules.render import render

    assert "80 公頃" in render(evaluation, "text", "en")


def test_lint_given_a_loaded_rule_set_warns_the_same(plan_dir):
    rules = plan_dir()
    codes = sorted(p.code for p in tr.lint(tr.load_rules(rules)) if "english" in p.code)
    assert codes == ["no_english_agency", "no_english_unit", "no_english_unit", "no_english_unit"]


def test_the_shipped_plans_name_every_unit_and_agency_in_english():
    root = Path(__file__).resolve().parents[2]
    for rules in (root / "rules", root / "examples" / "city-cycling-plan" / "rules"):
        assert [str(p) for p in tr.lint(rules) if p.code.startswith("no_english")] == []
