"""The XLSX template guides the clerk: what to fill in is yellow and unlocked, the rest locked; value
takes numbers only; milestones come from a drop-down; headers speak the plan's language."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.submissions.tabular import header_name
from target_rules.submissions.template import HEADER, INPUT_COLUMNS
from tests.test_template import RULES, run_template

openpyxl = pytest.importorskip("openpyxl")


def template(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "t.xlsx"
    # a rules directory without a plan file: the language is --lang's, else the locale's (zh here)
    run_template("--format", "xlsx", "-o", str(out), "--lang", "zh", *extra)
    return out


def column(name: str) -> int:
    return HEADER.index(name) + 1


def test_only_the_cells_to_fill_in_are_unlocked(tmp_path):
    ws = openpyxl.load_workbook(template(tmp_path))["submission"]
    assert ws.protection.sheet
    for r in range(2, ws.max_row + 1):
        for name in HEADER:
            cell = ws.cell(r, column(name))
            assert cell.protection.locked == (name not in INPUT_COLUMNS), (name, r)
            if name in INPUT_COLUMNS:
                assert cell.fill.fgColor.rgb.endswith("FFF2CC")
    assert all(c.protection.locked for c in ws[1])  # the header too


def test_value_takes_numbers_and_milestones_come_from_a_drop_down(tmp_path):
    ws = openpyxl.load_workbook(template(tmp_path))["submission"]
    validations = ws.data_validations.dataValidation
    value_col = openpyxl.utils.get_column_letter(column("value"))
    numbers = [v for v in validations if v.type == "decimal"]
    assert len(numbers) == 1 and str(numbers[0].sqref) == f"{value_col}2:{value_col}{ws.max_row}"
    # measure 70's act metric lists the milestones drafted and submitted_ey (fixture rule file)
    act_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, column("metric")).value == "act")
    milestone_cell = f"{openpyxl.utils.get_column_letter(column('milestone'))}{act_row}"
    lists = [v for v in validations if v.type == "list"]
    assert [str(v.sqref) for v in lists] == [milestone_cell]
    assert lists[0].formula1 == '"drafted,submitted_ey"'


def test_the_help_sheet_is_protected_and_says_what_to_do(tmp_path):
    wb = openpyxl.load_workbook(template(tmp_path))
    help_ws = wb["targets"]
    assert help_ws.protection.sheet
    assert help_ws["A1"].value == "填報說明"
    assert any("target-rules validate" in str(c.value) for c in help_ws["A"])


def test_english_headers_on_request_and_the_filled_template_still_validates(tmp_path):
    out = template(tmp_path, "--measure", "45", "--lang", "en")
    wb = openpyxl.load_workbook(out)
    ws = wb["submission"]
    assert [c.value for c in ws[1]][:5] == ["Year (year)", "Measure (measure)", "Metric id (metric)",
                                            "Metric (label)", "Value (value)"]  # fmt: skip
    assert wb["targets"]["A1"].value == "How to fill in"
    for r, v in zip((2, 3, 4), (699, 929, 14), strict=True):
        ws.cell(r, column("value")).value = v
    wb.save(out)
    assert tr.validate(out, tr.load_rules(RULES), year=107).ok


@pytest.mark.parametrize(
    ("cell", "name"),
    [("value", "value"), ("Value", "value"), ("填報值 (value)", "value"), ("統計起日（period_start）", "period_start"),
     ("Period start (period start)", "period_start"), ("72 (%)", "72_(%)")],
)  # fmt: skip
def test_a_labelled_header_names_its_column_in_parentheses(cell, name):
    assert header_name(cell) == name
