"""CSV and XLSX submissions: the layout, positions (line / sheet+cell) and the hostile cases."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.language.load import load_rules
from target_rules.submissions.tabular import TableLimits, column_letter, read_csv

RULES = Path(__file__).parent / "fixtures" / "validate" / "rules"
HEADER = "year,measure,metric,value,unit,agency,period_start,period_end,quote,milestone,date,not_reported\n"
ROWS = [
    "107,45,wiretap_cases_received,929,件,,,,,,,",
    "107,45,wiretap_cases_approved,699,件,,,,,,,",
    "107,45,corruption_cases_via_wiretap,14,件,,,,,,,",
]


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def csv_text(rows=ROWS) -> str:
    return HEADER + "\n".join(rows) + "\n"


def only(result, code):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def test_column_letter():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_csv_clean_and_bom(write, rules):
    r = tr.validate(write("s.csv", "\ufeff" + csv_text()), rules)
    assert r.ok and not r.problems
    assert r.report.measures[45].metrics["wiretap_cases_received"].value == 929


def test_csv_positions(write, rules):
    rows = [*ROWS[:2], "107,45,corruption_cases_via_wiretap,-2,件,,,,,,,"]
    p = only(tr.validate(write("s.csv", csv_text(rows)), rules), "negative")
    assert (p.line, p.column) == (4, 37) and p.cell is None


def test_csv_quoted_and_money(write, rules):
    t = read_csv(write("s.csv", HEADER + '107,70,recovered,"1億2,000萬",元,,,,"a, b",,,\n'))
    row = t.rows[0]
    assert row.cells["value"] == ("1億2,000萬", 18) and row.cells["quote"][0] == "a, b"


def test_csv_duplicate_row(write, rules):
    r = tr.validate(write("s.csv", csv_text([*ROWS, ROWS[2].replace(",14,", ",15,")])), rules)
    p = only(r, "duplicate_row")
    assert p.line == 5 and "first at line 4" in p.message and not r.ok


def test_csv_header_problems(write, rules):
    r = tr.validate(write("s.csv", HEADER.replace("metric", "metirc") + "\n".join(ROWS)), rules)
    assert only(r, "unknown_column").hint == "did you mean 'metric'?"
    assert only(r, "missing_column").line == 1


def test_csv_by_agency_and_stated_total(write, rules):
    rows = [
        "107,70,seminars,12,場次,,,,合計 12 場,,,",
        "107,70,seminars,6,場次,法務部(廉政署),,,,,,",
        "107,70,seminars,5,場次,監察院,,,,,,",
    ]
    r = tr.validate(write("s.csv", csv_text(rows)), rules, agency="監察院")
    p = only(r, "total_mismatch")
    assert p.line == 2 and "add up to 11" in p.message and "says 12" in p.message
    ok = tr.validate(
        write("t.csv", csv_text([rows[0].replace(",12,", ",11,"), *rows[1:]])), rules, agency="監察院"
    )
    seminars = [p for p in ok.problems if "seminars" in str(p.path)]
    assert seminars == []


def test_csv_bad_syntax_and_encoding(write, rules):
    r = tr.validate(write("s.csv", HEADER + '107,45,"unterminated\n'), rules)
    assert not r.ok and any(p.code == "syntax" for p in r.problems)
    big5 = (HEADER + "107,45,wiretap_cases_received,929,件,,,,,,,\n").encode("big5")
    p = only(tr.validate(write("b.csv", big5), rules), "encoding")
    assert p.line == 2 and "Big5" in (p.hint or "")


def test_csv_row_limit(write, rules):
    text = csv_text([f"107,45,m{i},1,件,,,,,,," for i in range(50)])
    r = tr.validate(write("s.csv", text), rules, table_limits=TableLimits(max_rows=10))
    assert only(r, "too_many").line == 12


def test_csv_year_column_optional(write, rules):
    text = HEADER.replace("year,", "") + "\n".join(row.removeprefix("107,") for row in ROWS) + "\n"
    assert tr.validate(write("s.csv", text), rules, year=107).ok
    assert not tr.validate(write("s.csv", text), rules).ok  # no year anywhere


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "submission"
    ws.append(HEADER.strip().split(","))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def row(metric, value, **kw):
    cols = HEADER.strip().split(",")
    out = dict.fromkeys(cols)
    out.update(year=107, measure=45, metric=metric, value=value, unit="件", **kw)
    return [out[c] for c in cols]


def test_xlsx_clean_with_typed_dates(tmp_path, rules):
    d = {"period_start": dt.datetime(2018, 1, 1), "period_end": dt.datetime(2018, 12, 31)}
    p = xlsx(
        tmp_path / "s.xlsx",
        [
            row("wiretap_cases_received", 929, **d),
            row("wiretap_cases_approved", 699),
            row("corruption_cases_via_wiretap", 14),
        ],
    )
    r = tr.validate(p, rules)
    assert r.ok and not r.problems, [str(x) for x in r.problems]


def test_xlsx_cells_named(tmp_path, rules):
    p = xlsx(
        tmp_path / "s.xlsx",
        [
            row("wiretap_cases_received", 929),
            row("wiretap_cases_aproved", 699),
            row("corruption_cases_via_wiretap", 1.5),
        ],
    )
    r = tr.validate(p, rules)
    u = only(r, "unknown_metric")
    assert (u.sheet, u.cell) == ("submission", "C3") and u.location.endswith("s.xlsx:submission!C3")
    assert only(r, "not_integer").cell == "D4"


def test_xlsx_formula_is_an_error(tmp_path, rules):
    p = xlsx(
        tmp_path / "s.xlsx",
        [
            row("wiretap_cases_received", 929),
            row("wiretap_cases_approved", "=D2*0.75"),
            row("corruption_cases_via_wiretap", 14),
        ],
    )
    r = tr.validate(p, rules)
    f = only(r, "formula")
    assert f.cell == "D3" and "=D2*0.75" in f.message and not r.ok


def test_xlsx_not_a_workbook(write, rules):
    r = tr.validate(write("s.xlsx", b"\x00\x01garbage" * 100), rules)
    assert only(r, "xlsx").message.startswith("not an XLSX workbook")
    z = write("z.xlsx", b"")
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "without xl/workbook.xml" in only(tr.validate(z, rules), "xlsx").message


def test_xlsx_zip_bomb_refused_before_unpacking(tmp_path, rules):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (120 * 1024 * 1024))
    assert p.stat().st_size < 1_000_000
    r = tr.validate(p, rules)
    assert only(r, "too_large").message.startswith("workbook unpacks to")


def test_xlsx_sheet_limit(tmp_path, rules):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for i in range(5):
        wb.create_sheet(f"s{i}")
    wb.save(tmp_path / "s.xlsx")
    r = tr.validate(tmp_path / "s.xlsx", rules, table_limits=TableLimits(max_sheets=3))
    assert "6 sheets" in only(r, "too_many").message
