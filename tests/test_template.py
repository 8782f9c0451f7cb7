"""target-rules template: exactly what the rules ask of an agency, and it round-trips through validate."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.language.load import load_rules
from target_rules.submissions.template import entries

RULES = Path(__file__).parent / "fixtures" / "validate" / "rules"


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def run_template(*args: str) -> None:
    """``target-rules template --rules <these rules> --year 107 <args>``, which must succeed."""
    assert main(["template", "--rules", str(RULES), "--year", "107", *args]) == 0


def test_entries_per_agency(rules):
    every = [(e.measure, e.metric, e.agency) for e in entries(rules, 107)]
    assert every == [
        (45, "wiretap_cases_approved", None),
        (45, "wiretap_cases_received", None),
        (45, "corruption_cases_via_wiretap", None),
        (70, "approval_rate", "法務部(廉政署)"),
        (70, "recovered", "法務部(廉政署)"),
        (70, "act", "監察院"),
        (70, "seminars", "法務部(廉政署)"),
        (70, "seminars", "監察院"),
    ]
    cy = [(e.metric, e.agency) for e in entries(rules, 107, agency="監察院")]
    assert cy == [("act", "監察院"), ("seminars", "監察院")]
    moj = {e.metric for e in entries(rules, 107, agency="法務部")}
    assert "act" not in moj and {"wiretap_cases_received", "approval_rate", "seminars"} <= moj


def test_nothing_owed_or_unknown_is_usage_error(rules, capsys):
    with pytest.raises(tr.RuleError):
        entries(rules, 108, measure=70)  # kind none: nothing to report
    assert main(["template", "--rules", str(RULES), "--year", "111", "--format", "csv"]) == 2
    assert main(["template", "--rules", str(RULES), "--year", "107", "--measure", "3"]) == 2
    assert main(["template", "--rules", str(RULES), "--year", "107", "--format", "xlsx"]) == 2


def test_csv_template_round_trip(tmp_path, rules):
    out = tmp_path / "t.csv"
    run_template("--agency", "監察院", "--format", "csv", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["metric"] for r in rows] == ["act", "seminars"] and rows[0]["unit"] == "milestone"
    blank = tr.validate(out, rules, agency="監察院")
    assert [p.code for p in blank.errors] == ["missing_value", "missing_value"]  # both rows, one each
    rows[0]["milestone"] = "submitted_ey"
    rows[1]["value"] = "4"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = tr.validate(out, rules, agency="監察院")
    assert r.ok and not r.problems, [str(p) for p in r.problems]
    assert r.report.measures[70].metrics["seminars"].by_agency["監察院"].value == 4


def test_xlsx_template_round_trip(tmp_path, rules):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "t.xlsx"
    run_template("--measure", "45", "--format", "xlsx", "-o", str(out), "--lang", "zh")
    wb = openpyxl.load_workbook(out)
    ws = wb["submission"]
    header = [c.value for c in ws[1]]
    # headers in the chosen language, each naming its column for the reader
    assert wb.sheetnames == ["submission", "targets"] and header[:5] == [
        "年度 (year)",
        "執行措施序次 (measure)",
        "統計項目代碼 (metric)",
        "統計項目 (label)",
        "填報值 (value)",
    ]
    assert [ws.cell(r, 3).value for r in (2, 3, 4)] == [
        "wiretap_cases_approved",
        "wiretap_cases_received",
        "corruption_cases_via_wiretap",
    ]
    for r, v in zip((2, 3, 4), (699, 929, 14), strict=True):
        ws.cell(r, 5).value = v
    wb.save(out)
    assert tr.validate(out, rules).ok
    ws.cell(2, 5).value = 930
    wb.save(out)
    p = next(p for p in tr.validate(out, rules).problems if p.code == "inconsistent")
    assert (p.sheet, p.cell) == ("submission", "E2")


def _m70_yaml(capsys) -> str:
    run_template("--measure", "70", "--format", "yaml", "--lang", "zh")
    return capsys.readouterr().out


def _fill_m70(text: str, tmp_path, part_value: str) -> Path:
    """The measure-70 YAML template filled in: every blank gets a value, per-agency parts ``part_value``."""
    filled = (
        text.replace("value:              # %", "value: 93.5")
        .replace("value:              # 元", "value: 1億")
        .replace("milestone:          # 下列之一：drafted, submitted_ey", "milestone: drafted")
        .replace("            value:\n", f"            value: {part_value}\n")
    )
    p = tmp_path / "t.yaml"
    p.write_text(filled, encoding="utf-8")
    return p


def test_yaml_template_has_labels_and_round_trips(tmp_path, rules, capsys):
    text = _m70_yaml(capsys)
    assert "# 授權比例（%）——用於目標 70.1 授權比例 70%" in text
    assert "milestone:          # 下列之一：drafted, submitted_ey" in text
    r = tr.validate(_fill_m70(text, tmp_path, "5"), rules)
    assert r.ok, [str(x) for x in r.problems]


def test_a_quote_with_a_comma_fits_the_yaml_template(tmp_path, rules, capsys):
    # the per-agency lines used to be flow maps, {value: , quote: }: a quote like "共 1,200 人參加"
    # split at its comma into an unknown field '200 人參加'. Every quote is now a quoted scalar.
    text = _m70_yaml(capsys)
    assert "{value: , quote: }" not in text
    p = _fill_m70(text.replace('quote: ""', 'quote: "共 1,200 人參加, 座談 5 場"'), tmp_path, "1,200")
    r = tr.validate(p, rules)
    assert r.ok, [str(x) for x in r.problems]
    report = tr.load_report(p)
    quotes = [
        a.quote
        for m in report.measures.values()
        for rv in m.metrics.values()
        for a in (rv.by_agency or {}).values()
    ]
    assert quotes and all(q == "共 1,200 人參加, 座談 5 場" for q in quotes)
