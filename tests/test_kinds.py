"""Each target kind, at and around its boundary. Expected statuses follow the rule semantics in
docs/rule-language.md; the comment beside each case gives the arithmetic."""

from __future__ import annotations

import pytest

import target_rules as tr
from target_rules.language.model import Report

RULE = """
measure: 9
strategy: {number: 3, title: 持續指標研究}
title: test measure
agencies: [法務部]
metrics:
  audits: {label: {zh: 稽核件數, en: Audits}, unit: 件}
  rate: {label: 比率, unit: "%"}
  reviewed: {label: 檢討件數, unit: 件}
  indicted: {label: 起訴件數, unit: 件}
  meetings: {label: 會議次數, unit: 次}
  money: {label: 查扣金額, unit: 元}
  bill:
    label: 修正草案
    unit: milestone
    milestones:
      - {id: drafted, label: {zh: 擬具草案, en: drafted}}
      - {id: submitted_ey, label: {zh: 陳報行政院, en: submitted to the Executive Yuan}}
      - {id: passed_ly, label: {zh: 立法院三讀通過, en: passed by the Legislative Yuan}}
years:
  107:
    targets:
      - {id: t.audits, label: 稽核 280 件, kind: threshold, metric: audits, at_least: 280}
      - {id: t.rate, label: 比率 70%, kind: threshold, metric: rate, at_least: "70%", precision: 1}
      - {id: t.cap, label: 至多 5 件, kind: threshold, metric: audits, at_most: 300}
      - {id: t.band, label: 介於, kind: threshold, metric: rate, between: [60, 80]}
      - {id: t.eq, label: 等於 100%, kind: threshold, metric: rate, equal: 100}
      - {id: t.money, label: 1億元, kind: threshold, metric: money, at_least: 1億}
      - {id: t.ratio, label: 檢討比率 60%, kind: ratio, expression: reviewed / indicted * 100, at_least: 60, precision: 1, requires: ["reviewed <= indicted"]}
      - {id: t.growth, label: 年成長率 20%, kind: growth, metric: rate, baseline: 26.8, at_least: 20}
      - {id: t.bill, label: 陳報行政院, kind: completion, metric: bill, reach: submitted_ey, deadline: 2018-12-31}
      - {id: t.freq, label: 22 署每季 1 次, kind: frequency, metric: meetings, units: 22, times: 1, every: quarter}
      - {id: t.split, label: 分機關, kind: breakdown, metric: meetings, parts: {退輔會: 3, 經濟部: 1}, total: 4}
      - {id: t.both, label: 兩者, kind: composite, of: [t.audits, t.money]}
      - {id: t.any, label: 任一, kind: composite, of: [t.audits, t.money], mode: any}
      - {id: t.none, label: 無, kind: none}
"""


@pytest.fixture
def rules(write):
    return tr.load_rules(write("m09.yaml", RULE))


def judge(rules, **metrics):
    report = Report.model_validate({"year": 107, "measures": {9: {"metrics": metrics}}})
    return {v.target_id: v for v in tr.evaluate(rules, report).verdicts}


@pytest.mark.parametrize(
    ("audits", "status", "rate"),
    [(280, "met", 100.0), (287, "met", 102.5), (279, "unmet", 99.64285714285714)],  # 287/280 = 102.5%
)
def test_threshold_at_least(rules, audits, status, rate):
    v = judge(rules, audits=audits)["t.audits"]
    assert v.status == status
    assert v.achievement_rate == pytest.approx(rate)
    assert v.margin == audits - 280


def test_threshold_judged_at_precision(rules):
    # 69.95 rounds half-up to 70.0 at one decimal: met; 69.94 rounds to 69.9: unmet
    assert judge(rules, rate=69.95)["t.rate"].status == "met"
    assert judge(rules, rate=69.94)["t.rate"].status == "unmet"
    assert judge(rules, rate="72.69%")["t.rate"].status == "met"


def test_at_most_between_equal(rules):
    assert judge(rules, audits=300)["t.cap"].status == "met"
    assert judge(rules, audits=301)["t.cap"].status == "unmet"
    assert judge(rules, rate=60)["t.band"].status == "met"
    assert judge(rules, rate=80)["t.band"].status == "met"
    assert judge(rules, rate=80.01)["t.band"].status == "unmet"
    assert judge(rules, rate=100)["t.eq"].status == "met"
    assert judge(rules, rate=99.99)["t.eq"].status == "unmet"


def test_money_written_in_yi(rules):
    assert judge(rules, money="266,310,000")["t.money"].status == "met"  # measure 43
    assert judge(rules, money="9,999萬9,999")["t.money"].status == "unmet"


def test_ratio_measure_1_item_3(rules):
    # measure 1: 164 re-prevention cases over 271 indictments = 60.516...% -> 60.5% >= 60%
    v = judge(rules, reviewed=164, indicted=271)["t.ratio"]
    assert v.status == "met"
    assert v.judged == 60.5
    assert "inconsistent" not in v.flags
    # 162/271 = 59.78% -> 59.8 < 60
    assert judge(rules, reviewed=162, indicted=271)["t.ratio"].status == "unmet"


def test_ratio_requires_and_division_by_zero(rules):
    v = judge(rules, reviewed=300, indicted=271)["t.ratio"]
    assert "inconsistent" in v.flags
    z = judge(rules, reviewed=0, indicted=0)["t.ratio"]
    assert z.status == "missing" and "undefined" in z.flags


def test_growth_measure_44(rules):
    # (72 - 26.8) / 26.8 = 168.66% growth >= 20%
    v = judge(rules, rate=72)["t.growth"]
    assert v.status == "met"
    assert v.actual == pytest.approx(168.6567, rel=1e-4)
    # 26.8 * 1.2 = 32.16 is exactly 20% growth; just below is not
    assert judge(rules, rate=32.16)["t.growth"].status == "met"
    assert judge(rules, rate=32.15)["t.growth"].status == "unmet"


def test_completion_order_and_deadline(rules):
    assert judge(rules, bill={"milestone": "submitted_ey", "date": "2018-01-30"})["t.bill"].status == "met"
    assert judge(rules, bill={"milestone": "passed_ly", "date": "2018-05-22"})["t.bill"].status == "met"
    assert judge(rules, bill={"milestone": "drafted"})["t.bill"].status == "unmet"
    late = judge(rules, bill={"milestone": "submitted_ey", "date": "2019-01-02"})["t.bill"]
    assert late.status == "unmet"


def test_frequency_88_meetings(rules):
    # measure 34: 22 offices x 4 quarters = 88
    assert judge(rules, meetings=88)["t.freq"].status == "met"
    assert judge(rules, meetings=87)["t.freq"].status == "unmet"
    assert judge(rules, meetings=88)["t.freq"].target_value == 88


def test_breakdown_each_agency_and_total(rules):
    ok = judge(rules, meetings={"by_agency": {"退輔會": 3, "經濟部": 1}})["t.split"]
    assert ok.status == "met" and [p.status for p in ok.parts] == ["met", "met"]
    # total 4 reached, but 經濟部 short of its own 1
    short = judge(rules, meetings={"by_agency": {"退輔會": 5, "經濟部": 0}})["t.split"]
    assert short.status == "unmet"
    assert short.parts[1].status == "unmet"
    missing = judge(rules, meetings={"by_agency": {"退輔會": 5}})["t.split"]
    assert missing.status == "missing"


def test_composite_all_and_any(rules):
    vs = judge(rules, audits=290, money=1)
    assert vs["t.both"].status == "unmet"
    assert vs["t.any"].status == "met"
    assert vs["t.audits"].part_of in ("t.both", "t.any")
    undecided = judge(rules, audits=290)["t.both"]
    assert undecided.status == "missing"  # money unknown: could go either way
    # the explanation names the member still waiting for a value, and what is already met (audits)
    assert (
        "t.money 缺資料" in undecided.explanation["zh"] and "2 項中已達成 1 項" in undecided.explanation["zh"]
    )
    assert "(t.money missing; 1 of 2 parts met, 2 needed)" in undecided.explanation["en"]
    assert judge(rules, audits=1)["t.both"].status == "unmet"  # already decided


def test_none_is_not_applicable_never_unmet(rules):
    assert judge(rules)["t.none"].status == "not_applicable"


def test_missing_and_not_reported(rules):
    vs = judge(rules, money={"not_reported": "統計尚未完成"})
    assert vs["t.audits"].status == "missing"
    assert vs["t.money"].status == "missing"
    assert "not_reported" in vs["t.money"].flags
    assert "統計尚未完成" in vs["t.money"].explanation["zh"]


def test_provisional_when_period_is_partial(rules):
    v = judge(rules, audits={"value": 300, "period": {"start": "2018-01-01", "end": "2018-10-31"}})[
        "t.audits"
    ]
    assert v.status == "met"
    assert "provisional" in v.flags
    assert "2018-10-31" in v.explanation["en"]


def test_explanation_states_the_facts(rules):
    v = judge(rules, audits=287)["t.audits"]
    assert v.explanation["zh"] == "稽核件數 287 件，目標 280 件，達成率 102.5%，已達成"
    assert (
        v.explanation["en"] == "Audits: 287 cases against a target of 280 cases (102.5%): met"
    )  # 件 in English


def test_year_mismatch_is_an_error(rules):
    report = Report.model_validate({"year": 108, "measures": {}})
    with pytest.raises(tr.ReportError, match="year 108"):
        tr.evaluate(rules, report, year=107)
