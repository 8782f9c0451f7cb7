"""Spreadsheets: every row present is read whatever range the sheet declares, and nothing past
the column limit is dropped silently."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from target_rules.submissions.tabular import TableLimits, read_csv, read_xlsx
from tests.security.budget import fuzz

HEADER = ["year", "measure", "metric", "value"]


def _workbook(rows: int, declared: str | None, wide: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "submission"
    ws.append(HEADER)
    for i in range(rows):
        ws.append([107, 45, "wiretap_cases_received", i, *(["x"] * 70 if wide else [])])
    buf = io.BytesIO()
    wb.save(buf)
    if declared is None:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            dst.writestr(info, data)
    return out.getvalue()


@fuzz(scale=0.5)
@given(rows=st.integers(0, 60), declared=st.sampled_from(["A1", "A1:D2", "A1:B1", "A1:A1000", "Z9", None]))
def test_every_row_present_is_read_whatever_the_declared_dimension(tmp_path_factory, rows, declared) -> None:
    p: Path = tmp_path_factory.mktemp("dim") / "s.xlsx"
    p.write_bytes(_workbook(rows, declared))
    table = read_xlsx(p)
    assert not [x for x in table.problems if x.severity == "error"], table.problems
    assert [r.cells["value"][0] for r in table.rows] == list(range(rows))[: len(table.rows)]
    assert len(table.rows) == rows


def test_a_cell_past_the_column_limit_is_an_error_not_dropped(tmp_path) -> None:
    p = tmp_path / "wide.xlsx"
    p.write_bytes(_workbook(2, None, wide=True))
    table = read_xlsx(p, table_limits=TableLimits(max_columns=64))
    (problem,) = [x for x in table.problems if x.code == "too_many"]
    assert problem.cell == "BM2"  # column 65, the first past the limit


@fuzz()
@given(quote=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
def test_control_characters_in_csv_cells_are_replaced_with_a_warning(tmp_path_factory, quote) -> None:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([*HEADER, "quote"])
    w.writerow([107, 45, "wiretap_cases_received", 1, quote])
    p = tmp_path_factory.mktemp("cc") / "s.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    table = read_csv(p)
    from target_rules.safe_text import CONTROL

    for row in table.rows:
        for value, _ in row.cells.values():
            assert not (isinstance(value, str) and CONTROL.search(value))
    if CONTROL.search(quote.strip()) and table.rows:
        assert any(x.code == "control_character" and x.severity == "warning" for x in table.problems)
