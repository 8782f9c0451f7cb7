"""evaluate's notes (what the report holds that no rule reads) speak the reader's language: the plan's
title in that language, the report's own words as a quote."""

from __future__ import annotations

import pytest

import target_rules as tr
from target_rules.language import model as m
from target_rules.render.text import render as render_text
from tests.render.english_view import chinese_outside_quotes

PLAN = "plan: {title: {zh: 測試方案, en: Test plan}, calendar: gregorian}\nagencies: [{name: 甲部, en: Ministry A}]\n"
MEASURE = """
measure: 1
strategy: {number: 1, title: {zh: 策略, en: Strategy}}
title: {zh: 措施, en: Measure}
agencies: [甲部]
metrics:
  n: {label: {zh: 件數, en: Cases}, unit: 件}
  a: {label: {zh: 分子, en: Numerator}, unit: 件}
  b: {label: {zh: 分母, en: Denominator}, unit: 件}
years:
  2018:
    targets:
      - {id: "1.1", label: {zh: 件數, en: Cases}, kind: threshold, metric: n, at_least: 1}
      - {id: "1.2", label: {zh: 比率, en: Share}, kind: ratio, expression: a / b * 100, at_least: 50}
"""


@pytest.fixture
def rules(write, tmp_path):
    write("rules/plan.yaml", PLAN)
    write("rules/m1.yaml", MEASURE)
    return tr.load_rules(tmp_path / "rules")


def report(**fields) -> m.Report:
    return m.Report.model_validate({"year": 2018, "measures": {1: {"metrics": {"n": 3}}}, **fields})


def test_a_report_for_another_plan_is_noted_with_this_plans_title_in_each_language(rules):
    [note] = tr.evaluate(rules, report(plan="另一個方案")).notes
    en, zh = note.in_("en"), note.in_("zh")
    assert "'Test plan'" in en and "「另一個方案」" in en and "測試方案" not in en
    assert "「測試方案」" in zh and "「另一個方案」" in zh and "rules are for" not in zh
    assert rules.plan_file in en and rules.plan_file in zh
    assert not chinese_outside_quotes(en)


def test_a_report_naming_the_plan_in_either_language_gets_no_note(rules):
    assert tr.evaluate(rules, report(plan="Test plan")).notes == []
    assert tr.evaluate(rules, report(plan="測試方案")).notes == []


def test_a_left_out_submission_is_noted_in_each_language(rules):
    left = {"file": "b.yaml", "agencies": ["甲部"], "status": "left_out", "reason": "required field 'year'"}
    [note] = tr.evaluate(rules, report(submissions=[left])).notes
    assert note.in_("en") == "submission b.yaml was left out: required field 'year'"
    assert note.in_("zh").startswith("申報檔 b.yaml 未納入：")


def test_the_text_report_prints_the_notes_in_the_readers_language(rules):
    evaluation = tr.evaluate(rules, report(plan="另一個方案"))
    zh = render_text(evaluation, "zh")
    assert "報告寫的方案是「另一個方案」" in zh and "the report is for plan" not in zh
    en = render_text(evaluation, "en")
    assert "the report is for plan 「另一個方案」, but the rules are for 'Test plan'" in en
    assert not chinese_outside_quotes(en), chinese_outside_quotes(en)


def test_the_spreadsheet_writes_the_notes_in_the_readers_language(rules):
    pytest.importorskip("openpyxl")
    import io

    from openpyxl import load_workbook

    from target_rules.render import xlsx

    evaluation = tr.evaluate(rules, report(plan="另一個方案"))
    for lang, said in (
        ("zh", "報告寫的方案是「另一個方案」"),
        ("en", "the report is for plan 「另一個方案」"),
    ):
        book = load_workbook(io.BytesIO(xlsx.render(evaluation, lang)))
        cells = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c]
        assert any(said in c for c in cells), lang


def test_a_division_by_zero_is_explained_in_each_language_not_quoted_as_an_agencys_words(rules):
    data = {"year": 2018, "measures": {1: {"metrics": {"n": 3, "a": 0, "b": 0}}}}
    [v] = [v for v in tr.evaluate(rules, m.Report.model_validate(data)).verdicts if v.target_id == "1.2"]
    assert v.status == "missing" and "undefined" in v.flags
    assert "除以零" in v.explanation["zh"] and "division" not in v.explanation["zh"]
    assert "division by zero" in v.explanation["en"] and "「division by zero」" not in v.explanation["en"]
