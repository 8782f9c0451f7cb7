"""The Excel report: one row per target with the agreed columns, summary sheet, frozen header, filter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.render import xlsx

openpyxl = pytest.importorskip("openpyxl")

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report"


@pytest.fixture(scope="module")
def years() -> tuple[tr.Evaluation, tr.Evaluation]:
    rules = tr.load_rules(FIXTURE / "rules")
    prev = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "106"), year=106)
    cur = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "107"), year=107)
    return prev, cur


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_by_target(ws) -> dict[str, dict[str, object]]:
    head = [c.value for c in ws[1]]
    return {str(r[2]): dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}


def test_one_row_per_target_with_the_columns(years) -> None:
    cur = years[1]
    wb = load(xlsx.render(cur, lang="en"))
    assert wb.sheetnames == ["Summary", "Targets"]
    ws = wb["Targets"]
    head = [c.value for c in ws[1]]
    assert head[:14] == [
        "Measure",
        "Strategy",
        "Target",
        "Label (zh)",
        "Label (en)",
        "Status",
        "Actual",
        "Target value",
        "Unit",
        "Achievement rate",
        "Flags",
        "Explanation (zh)",
        "Explanation (en)",
        "Source quote",
    ]
    rows = rows_by_target(ws)
    expected = [v.target_id for v in cur.verdicts] + [
        p.target_id for v in cur.verdicts for p in v.parts if v.kind == "breakdown"
    ]
    assert sorted(rows) == sorted(expected)
    r = rows["5.1"]
    assert r["Measure"] == 5 and r["Strategy"] == 5 and r["Status"] == "unmet"
    assert r["Actual"] == pytest.approx(50) and r["Target value"] == 60 and r["Unit"] == "%"
    # the rate as shown, one decimal, so Excel cannot round it across 100%: 50/60 = 83.3%
    assert r["Achievement rate"] == pytest.approx(0.833)
    assert r["Explanation (en)"] == cur.verdict("5.1").explanation["en"]
    assert r["Explanation (zh)"] == cur.verdict("5.1").explanation["zh"]
    assert r["Label (zh)"] == "檢討因應比率達 60%"
    assert sorted(str(r["Source quote"]).split("\n")) == sorted(cur.verdict("5.1").quotes)
    assert rows["8.1"]["Flags"] == "provisional"
    assert rows["7.1"]["Status"] == "missing" and rows["7.1"]["Actual"] is None
    assert rows["3.1"]["Actual"] == "Submitted to the Executive Yuan"
    assert rows["4.1[交通部]"]["Part of"] == "4.1" and rows["4.1[交通部]"]["Agency"] == "交通部"
    # the quote with markup is kept verbatim: Excel is not HTML
    assert '<script>alert("x")</script>' in rows["1.1"]["Source quote"]


def test_frozen_header_autofilter_and_formats(years) -> None:
    ws = load(xlsx.render(years[1]))["目標"]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == f"A1:R{ws.max_row}"
    rate_col = [c.value for c in ws[1]].index("達成率") + 1
    assert ws.cell(row=2, column=rate_col).number_format == "0.0%"
    assert [c.value for c in ws[1]][5] == "判定" and ws.cell(row=2, column=6).value == "達成"


def first_rows(ws) -> dict[object, tuple]:
    out: dict[object, tuple] = {}
    for r in ws.iter_rows(values_only=True):
        if r and r[0] is not None:
            out.setdefault(r[0], r[1:])
    return out


def test_summary_sheet(years) -> None:
    cur = years[1]
    ws = load(xlsx.render(cur, lang="en"))["Summary"]
    values = first_rows(ws)
    s = cur.summary
    assert values["Measures"][0] == s["measures"] == 9
    assert values["Targets"][0] == s["targets"]
    assert values["met"][0] == s["by_status"]["met"] == 5
    assert values["unmet"][0] == 2 and values["missing"][0] == 1 and values["provisional"][0] == 1
    assert ws.freeze_panes == "A4"


def test_previous_year_columns(years) -> None:
    prev, cur = years
    wb = load(xlsx.render(cur, lang="en", previous=prev))
    assert wb.sheetnames == ["Summary", "Targets", "Year over year"]
    rows = rows_by_target(wb["Targets"])
    r = rows["5.1"]
    # rates as shown (70/60 = 116.7%, 50/60 = 83.3%); the change is their difference, -33.4 points
    assert r["106 status"] == "met" and r["106 rate"] == pytest.approx(1.167)
    assert r["Change (pp)"] == pytest.approx(-33.4)
    assert rows["2.1a"]["106 status"] is None and rows["2.1a"]["Change (pp)"] is None
    summary = first_rows(wb["Summary"])
    assert summary["met"][:2] == (5, 8)  # 107, 106
    yoy = list(wb["Year over year"].iter_rows(min_row=2, values_only=True))
    # columns: measure, target, label, then actual/target/status/rate of each year, change, moved, presence
    assert ("2.9", "dropped") in {(r[1], "dropped" if r[13] == "only_a" else r[13]) for r in yoy}
    [r51] = [r for r in yoy if r[1] == "5.1"]
    assert r51[3:11] == ("70.0%", "≥ 60%", "met", 1.167, "50.0%", "≥ 60%", "unmet", 0.833)
    [r81] = [r for r in yoy if r[1] == "8.1"]
    assert r81[12] == "yes"  # 30 signatories asked in 106, 40 in 107
    assert wb["Year over year"].auto_filter.ref == f"A1:N{len(yoy) + 1}"


def test_write(tmp_path, years) -> None:
    p = xlsx.write(years[1], tmp_path / "r.xlsx")
    assert load(p.read_bytes())["摘要"]["A1"].value == "107 年績效目標判定"  # no plan.yaml: neutral
