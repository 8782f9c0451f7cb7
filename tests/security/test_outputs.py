"""Output files: no formula cells in any spreadsheet we write, and no output over an input."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from target_rules.cli import main
from target_rules.outputs import OutputError, check_output, csv_row, sheet_row
from target_rules.safe_text import FORMULA_START
from tests.security.budget import fuzz

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "fixtures" / "report" / "rules"
DATA = ROOT / "tests" / "fixtures" / "report" / "data" / "107"
FORMULAS = st.one_of(
    st.builds(lambda c, t: c + t, st.sampled_from(FORMULA_START), st.text(max_size=30)),
    st.sampled_from(
        ['=HYPERLINK("http://evil","click")', "=1+1", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"]
    ),
    st.text(max_size=30),
)


def _formula_cells(book: bytes) -> list[str]:
    """Every <f> element in every sheet of a workbook: what a spreadsheet would compute."""
    z = zipfile.ZipFile(io.BytesIO(book))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
    return [n for n in sheets if b"<f>" in z.read(n) or b"<f " in z.read(n)]


@fuzz()
@given(texts=st.lists(FORMULAS, min_size=1, max_size=6))
def test_sheet_rows_never_hold_a_formula(texts: list[str]) -> None:
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    sheet_row(wb.active, texts)
    buf = io.BytesIO()
    wb.save(buf)
    assert _formula_cells(buf.getvalue()) == []
    back = load_workbook(io.BytesIO(buf.getvalue()))
    for cell in back.active[1]:
        assert cell.data_type != "f"


@fuzz()
@given(texts=st.lists(FORMULAS, min_size=1, max_size=6))
def test_csv_cells_never_start_a_formula(texts: list[str]) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row(texts))
    (row,) = csv.reader(io.StringIO(buf.getvalue()))
    for cell in row:
        if cell.startswith(FORMULA_START):
            float(cell.replace(",", "").rstrip("%"))  # only plain numbers such as -5 start with - or +


def _hostile_rules(tmp: Path) -> Path:
    rule = yaml.safe_load((RULES / sorted(os.listdir(RULES))[0]).read_text(encoding="utf-8"))
    rule["title"] = {"zh": '=HYPERLINK("http://evil","標題")', "en": "@SUM(A1)"}
    for t in rule["years"][107]["targets"]:
        t["label"] = {"zh": "=1+1", "en": '+cmd|" /C calc"!A0'}
    for metric in rule["metrics"].values():
        metric["label"] = {"zh": "-2+3", "en": "=2"}
    d = tmp / "rules"
    d.mkdir()
    (d / "m.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    return d


def test_the_xlsx_report_and_templates_hold_no_formula_from_hostile_rules(tmp_path) -> None:
    rules = _hostile_rules(tmp_path)
    measure = yaml.safe_load(next(rules.iterdir()).read_text(encoding="utf-8"))["measure"]
    common = ["--rules", str(rules), "--year", "107"]
    template = ["template", *common, "--measure", str(measure), "--format"]
    report, book, sheet = tmp_path / "report.xlsx", tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert main(["report", *common, "--report", str(DATA), "--format", "xlsx", "-o", str(report)]) == 0
    assert main([*template, "xlsx", "-o", str(book)]) == 0
    assert main([*template, "csv", "-o", str(sheet)]) == 0
    assert _formula_cells(report.read_bytes()) == []
    assert _formula_cells(book.read_bytes()) == []
    for row in csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(("=", "@")) and not cell.startswith("+cmd")


def _inputs_of(tmp: Path) -> dict[str, list[str]]:
    sub = tmp / "submission.yaml"
    sub.write_text("year: 107\nmeasures: {}\n", encoding="utf-8")
    rule = next(RULES.iterdir())
    table = tmp / "table.csv"
    table.write_text("1.a\n1\n", encoding="utf-8")
    return {
        "submission": ["validate", str(sub), "--rules", str(RULES), "--year", "107", "-o", str(sub)],
        "rule file": ["validate", str(sub), "--rules", str(RULES), "-o", str(rule)],
        "report data": [
            "evaluate",
            "--rules",
            str(RULES),
            "--report",
            str(DATA),
            "-o",
            str(next(DATA.iterdir())),
        ],
        "report data (report)": [
            "report",
            "--rules",
            str(RULES),
            "--report",
            str(DATA),
            "--format",
            "markdown",
            "-o",
            str(next(DATA.iterdir())),
        ],
        "table (evaluate-table)": [
            "evaluate-table",
            str(table),
            "--rules",
            str(RULES),
            "--year",
            "107",
            "-o",
            str(table),
        ],
        "rule file (template)": [
            "template",
            "--rules",
            str(RULES),
            "--year",
            "107",
            "--format",
            "yaml",
            "-o",
            str(rule),
        ],
    }


@pytest.mark.parametrize(
    "case",
    [
        "submission",
        "rule file",
        "report data",
        "report data (report)",
        "rule file (template)",
        "table (evaluate-table)",
    ],
)
def test_an_output_equal_to_an_input_exits_2_and_touches_nothing(tmp_path, capsys, case) -> None:
    argv = _inputs_of(tmp_path)[case]
    target = Path(argv[argv.index("-o") + 1])
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    assert main(argv) == 2
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before
    err = capsys.readouterr().err.strip()
    assert "over an input file" in err and "\n" not in err


@pytest.mark.parametrize("where", ["directory", "missing parent", "parent is a file"])
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys, where) -> None:
    out = {
        "directory": tmp_path,
        "missing parent": tmp_path / "no" / "r.md",
        "parent is a file": tmp_path / "f" / "r.md",
    }[where]
    (tmp_path / "f").write_text("x")
    assert main(["evaluate", "--rules", str(RULES), "--report", str(DATA), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("target-rules: error:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # no temporary or empty file left


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_directory_is_refused_before_writing(tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            check_output(locked / "r.md")
    finally:
        locked.chmod(0o700)
