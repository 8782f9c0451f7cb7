"""CSV and XLSX submissions: one row per metric (or per metric and agency), read with positions.

The layout (docs/submissions.md): a header row naming the columns in COLUMNS (any order, ``label``
and ``target`` are for people and ignored), then one row per metric. Rows become a report document
(the same data a YAML submission holds) whose every value remembers its line (CSV) or cell (XLSX),
so later checks point at the cell to fix. Every limit is checked before the cost is paid: file size
before reading, zip entry sizes before unzipping, rows and sheets while reading. Every row present in
a sheet is read, whatever range the sheet declares; a cell past the column limit is an error, never
dropped silently. Control characters in cells are replaced, with a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language.source import DEFAULT_LIMITS, Document, Limits, decode, read_bytes
from target_rules.safe_text import CONTROL, find_controls, normalise_controls, printable_name
from target_rules.suggest import did_you_mean

__all__ = [
    "COLUMNS",
    "INFO_COLUMNS",
    "Row",
    "Table",
    "TableLimits",
    "TabularDocument",
    "column_letter",
    "read_csv",
    "read_table",
    "read_xlsx",
    "to_document",
]

COLUMNS = (
    "year",
    "measure",
    "metric",
    "value",
    "unit",
    "agency",
    "period_start",
    "period_end",
    "quote",
    "milestone",
    "date",
    "not_reported",
)
INFO_COLUMNS = ("label", "target")  # written by the template for people; the reader ignores them
REQUIRED = ("measure", "metric")
TABULAR_SUFFIXES = (".csv", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class TableLimits:
    """Bounds for spreadsheets, on top of source.Limits (whose max_bytes caps the file itself)."""

    max_rows: int = 20_000
    max_sheets: int = 32
    max_columns: int = 64
    max_cell_chars: int = 10_000
    max_uncompressed: int = 100 * 1024 * 1024  # sum of the zip entries' declared sizes
    max_ratio: int = 250  # compression ratio of any sizeable zip entry


DEFAULT_TABLE_LIMITS = TableLimits()


@dataclass
class Row:
    line: int  # CSV: first physical line of the record; XLSX: the row number
    cells: dict[str, tuple[Any, int | None]]  # column -> (value, column position), non-empty only
    where: dict[str, int | None] = field(default_factory=dict)  # column -> position, also empty ones


@dataclass
class Table:
    file: str
    kind: str  # "csv" or "xlsx"
    sheet: str | None = None
    header_line: int = 1
    columns: dict[str, int] = field(default_factory=dict)  # column name -> 1-based column number
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, line: int | None, col: int | None = None, **kw: Any) -> Problem:
        p = Problem(message, file=self.file, line=line, column=col, **kw)
        return place(p, self.kind, self.sheet)


def column_letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out or "A"


def place(p: Problem, kind: str, sheet: str | None) -> Problem:
    """For spreadsheets, name the sheet and cell (A1 style) of a line/column position."""
    if kind != "xlsx" or p.cell is not None:
        return p
    cell = f"{column_letter(p.column)}{p.line}" if p.line and p.column else None
    return replace(p, sheet=sheet, cell=cell if cell else (f"row {p.line}" if p.line else None))


class TabularDocument(Document):
    """A Document read from a table: positions are (line, column) or (row, column number)."""

    def __init__(self, file: str, kind: str, sheet: str | None) -> None:
        super().__init__(file)
        self.kind = kind
        self.sheet = sheet
        # (measure, metric) -> (stated total as written, path of that cell)
        self.totals: dict[tuple[int, str], tuple[Any, DocPath]] = {}

    def problem(self, message: str, path: DocPath = (), *, key: bool = False, **kw: Any) -> Problem:
        return self.place(super().problem(message, path, key=key, **kw))

    def place(self, p: Problem) -> Problem:
        return place(p, self.kind, self.sheet)


def read_table(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, table_limits: TableLimits = DEFAULT_TABLE_LIMITS
) -> Table:
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(p, limits, table_limits)
    return read_csv(p, limits, table_limits)


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, table_limits: TableLimits = DEFAULT_TABLE_LIMITS
) -> Table:
    name = printable_name(str(path))
    raw, problems = read_bytes(path, limits)
    if raw is None:
        return Table(name, "csv", problems=problems)
    text, problems = decode(raw, name)
    if text is None:
        return Table(name, "csv", problems=problems)
    return parse_csv(text, name, table_limits)


def _field_columns(line: str, delim: str) -> list[int]:
    """1-based character columns where each field of a one-line record starts."""
    cols = [1]
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"':
            quoted = True
        elif ch == delim:
            cols.append(i + 2)
        i += 1
    return cols


def _clean(table: Table, value: str, line: int, col: int | None) -> str:
    """A cell's text with control characters replaced, and a warning at the cell when there were any."""
    if not CONTROL.search(value):
        return value
    table.problems.append(
        table.problem(
            "control characters in text ("
            + ", ".join(find_controls(value)[:5])
            + ") were replaced by spaces",
            line,
            col,
            code="control_character",
            severity="warning",
        )
    )
    return normalise_controls(value)


def parse_csv(text: str, name: str, table_limits: TableLimits = DEFAULT_TABLE_LIMITS) -> Table:
    table = Table(name, "csv")
    lines = list(io.StringIO(text, newline=""))
    first = lines[0] if lines else ""
    delim = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    prev = 0
    header: list[str] | None = None
    records = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.problems.append(
                table.problem(f"CSV syntax error: {exc}", reader.line_num or prev + 1, code="syntax")
            )
            return table
        start, prev = prev + 1, reader.line_num
        if not any(c.strip() for c in record):
            continue
        one_line = prev == start and start - 1 < len(lines)
        positions = _field_columns(lines[start - 1].rstrip("\r\n"), delim) if one_line else []
        if header is None:
            header = record
            table.header_line = start
            if not _header(table, record, positions, table_limits):
                return table
            continue
        records += 1
        if records > table_limits.max_rows:
            table.problems.append(
                table.problem(
                    f"more than {table_limits.max_rows:,} rows",
                    start,
                    code="too_many",
                    hint="split the submission, or raise the row limit (--max-rows)",
                )
            )
            return table
        cells: dict[str, tuple[Any, int | None]] = {}
        where: dict[str, int | None] = {}
        for colname, idx in table.columns.items():
            col = positions[idx - 1] if idx - 1 < len(positions) else None
            where[colname] = col
            if idx - 1 < len(record):
                value = _clean(table, record[idx - 1].strip(), start, col)
                if value:
                    cells[colname] = (value, col)
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            col = positions[len(header)] if len(header) < len(positions) else None
            table.problems.append(
                table.problem(
                    f"row has {len(record)} fields but the header names {len(header)}",
                    start,
                    col,
                    code="syntax",
                    hint="a value containing a comma must be quoted",
                )
            )
        table.rows.append(Row(start, cells, where))
    if header is None:
        table.problems.append(table.problem("file is empty: no header row", 1, 1, code="empty"))
    return table


def header_name(raw: Any) -> str:
    """A header cell's column name: ``value``, ``Value``, or a template's ``填報值 (value)``."""
    text = str(raw).strip()
    m = _LABELLED_HEADER.fullmatch(text)
    if m:
        text = m.group(1)
    return text.lower().replace(" ", "_")


_LABELLED_HEADER = re.compile(r".*[(（]\s*([A-Za-z_][A-Za-z_ ]*?)\s*[)）]")


def _header(table: Table, record: list[Any], positions: list[int], table_limits: TableLimits) -> bool:
    """Map header names to column numbers; report unknown, repeated and missing columns."""
    if len(record) > table_limits.max_columns:
        table.problems.append(
            table.problem(f"more than {table_limits.max_columns} columns", table.header_line, code="too_many")
        )
        return False
    known = set(COLUMNS) | set(INFO_COLUMNS)
    for i, raw in enumerate(record, 1):
        col = (
            positions[i - 1]
            if table.kind == "csv" and i - 1 < len(positions)
            else (i if table.kind == "xlsx" else None)
        )
        if raw is None or str(raw).strip() == "":
            continue
        name = header_name(raw)
        if name in table.columns:
            table.problems.append(
                table.problem(
                    f"column {name!r} appears twice", table.header_line, col, code="duplicate_column"
                )
            )
            continue
        if name not in known:
            table.problems.append(
                table.problem(
                    f"unknown column {str(raw).strip()!r}",
                    table.header_line,
                    col,
                    code="unknown_column",
                    expected=", ".join(COLUMNS),
                    hint=did_you_mean(name, COLUMNS),
                )
            )
            continue
        if name in INFO_COLUMNS:
            continue
        table.columns[name] = i
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        table.problems.append(
            table.problem(
                f"the header row lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                table.header_line,
                1,
                code="missing_column",
                expected=", ".join(COLUMNS),
                hint="the first non-empty row must name the columns (see docs/submissions.md)",
            )
        )
        return False
    if not any(c in table.columns for c in ("value", "milestone", "not_reported")):
        table.problems.append(
            table.problem(
                "the header row has no value, milestone or not_reported column",
                table.header_line,
                1,
                code="missing_column",
            )
        )
        return False
    return True


# --- XLSX ----------------------------------------------------------------------------------------


def read_xlsx(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, table_limits: TableLimits = DEFAULT_TABLE_LIMITS
) -> Table:
    name = printable_name(str(path))
    raw, problems = read_bytes(path, limits)
    if raw is None:
        return Table(name, "xlsx", problems=problems)
    p = io.BytesIO(raw)  # read once: what is checked below is what openpyxl reads
    table = Table(name, "xlsx")
    not_xlsx = "not an XLSX workbook"
    hint = "save the file from Excel or LibreOffice as .xlsx (or export CSV, UTF-8)"
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            if len(infos) > 10_000:
                table.problems.append(
                    Problem(f"{not_xlsx}: {len(infos):,} zip entries", file=name, code="xlsx")
                )
                return table
            total = sum(i.file_size for i in infos)
            if total > table_limits.max_uncompressed:
                table.problems.append(
                    Problem(
                        f"workbook unpacks to {total:,} bytes, more than the limit of "
                        f"{table_limits.max_uncompressed:,} (a zip bomb?)",
                        file=name,
                        code="too_large",
                    )
                )
                return table
            for i in infos:
                if i.file_size > 1_000_000 and i.file_size > table_limits.max_ratio * max(i.compress_size, 1):
                    table.problems.append(
                        Problem(
                            f"zip entry {i.filename!r} is compressed {i.file_size // max(i.compress_size, 1):,}"
                            " times: refusing to unpack (a zip bomb?)",
                            file=name,
                            code="too_large",
                        )
                    )
                    return table
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                table.problems.append(
                    Problem(
                        f"{not_xlsx}: a zip file without xl/workbook.xml", file=name, code="xlsx", hint=hint
                    )
                )
                return table
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        table.problems.append(Problem(f"{not_xlsx} ({exc})", file=name, code="xlsx", hint=hint))
        return table
    try:
        import openpyxl  # lazily: only spreadsheets need it
    except ImportError:
        table.problems.append(
            Problem(
                "reading .xlsx needs openpyxl",
                file=name,
                code="io",
                hint="pip install 'target-rules[xlsx]', or save the sheet as CSV (UTF-8)",
            )
        )
        return table
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        table.problems.append(
            Problem(f"{not_xlsx}: {type(exc).__name__}: {exc}"[:300], file=name, code="xlsx", hint=hint)
        )
        return table
    try:
        _read_sheet(wb, table, table_limits)
    except Exception as exc:
        table.problems.append(
            Problem(f"cannot read the workbook: {type(exc).__name__}: {exc}"[:300], file=name, code="xlsx")
        )
    finally:
        wb.close()
    return table


def _read_sheet(wb: Any, table: Table, table_limits: TableLimits) -> None:
    names = wb.sheetnames
    if len(names) > table_limits.max_sheets:
        table.problems.append(
            Problem(
                f"workbook has {len(names)} sheets, more than the limit of {table_limits.max_sheets}",
                file=table.file,
                code="too_many",
            )
        )
        return
    sheet = "submission" if "submission" in names else names[0]
    table.sheet = sheet
    ws = wb[sheet]
    # Read-only mode trusts the sheet's declared <dimension>: rows past a short range would never
    # be read. Forget it, so every row present is read (the row limit still bounds the cost).
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    header: list[Any] | None = None
    rows_seen = 0
    wide = False
    for r, row in enumerate(ws.iter_rows(max_col=table_limits.max_columns + 1), 1):
        if len(row) > table_limits.max_columns:
            extra = row[table_limits.max_columns]
            if not wide and getattr(extra, "value", None) not in (None, ""):
                wide = True
                table.problems.append(
                    table.problem(
                        f"more than {table_limits.max_columns} columns: cells past column "
                        f"{column_letter(table_limits.max_columns)} are not read",
                        r,
                        table_limits.max_columns + 1,
                        code="too_many",
                        hint="move the data into the submission's columns",
                    )
                )
            row = row[: table_limits.max_columns]
        rows_seen += 1
        if rows_seen > table_limits.max_rows + 1:
            table.problems.append(
                table.problem(
                    f"more than {table_limits.max_rows:,} rows",
                    r,
                    1,
                    code="too_many",
                    hint="split the submission, or raise the row limit (--max-rows)",
                )
            )
            return
        values: list[Any] = []
        for c, cell in enumerate(row, 1):
            v = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(v, str) and v.startswith("=")):
                table.problems.append(
                    table.problem(
                        f"cell holds a formula ({str(v)[:60]}): values must be typed in, not computed",
                        r,
                        c,
                        code="formula",
                        hint="copy the cell and paste it as a value",
                    )
                )
                v = None
            elif isinstance(v, str) and len(v) > table_limits.max_cell_chars:
                table.problems.append(
                    table.problem(
                        f"cell holds {len(v):,} characters, more than {table_limits.max_cell_chars:,}",
                        r,
                        c,
                        code="too_large",
                    )
                )
                v = None
            values.append(v)
        if not any(v is not None and str(v).strip() != "" for v in values):
            continue
        if header is None:
            header = values
            table.header_line = r
            if not _header(table, values, [], table_limits):
                return
            continue
        cells: dict[str, tuple[Any, int | None]] = {}
        for colname, idx in table.columns.items():
            if idx - 1 < len(values):
                v = values[idx - 1]
                if isinstance(v, str):
                    v = _clean(table, v.strip(), r, idx)
                if v is not None and v != "":
                    cells[colname] = (v, idx)
        table.rows.append(Row(r, cells, dict(table.columns)))
    if header is None:
        table.problems.append(table.problem("sheet is empty: no header row", 1, 1, code="empty"))


# --- rows -> report document ---------------------------------------------------------------------


def _as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        s = v.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if s.isdigit() and len(s) < 10:
            return int(s)
        try:
            f = float(s)
        except ValueError:
            return None
        return int(f) if f.is_integer() and abs(f) < 1e9 else None
    return None


def _as_date(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def to_document(
    table: Table, split: Callable[[int, str], bool] = lambda measure, metric: False
) -> TabularDocument:
    """Rows -> the data of a report (year, measures.N.metrics.NAME ...) with every cell's position.

    Rows for one metric with different agencies become a ``by_agency`` split; so does a single row
    for a metric ``split(measure, metric)`` says is judged per agency. A row with an empty agency
    next to such rows states the total (checked against the parts, not used).
    """
    doc = TabularDocument(table.file, table.kind, table.sheet)
    doc.problems.extend(table.problems)
    doc.values[()] = (table.header_line, 1)
    data: dict[str, Any] = {}
    doc.data = data
    if not table.columns:
        doc.data = None
        return doc
    years: dict[int, tuple[int, int | None]] = {}
    seen: dict[tuple[int, str, str | None], int] = {}
    groups: dict[tuple[int, str], list[tuple[Row, str | None]]] = {}
    where: dict[tuple[int, str], tuple[int, int | None]] = {}
    for row in table.rows:
        c = row.cells
        bad = False
        if "year" in c:
            y = _as_int(c["year"][0])
            if y is None:
                doc.problems.append(
                    table.problem(
                        f"year {_text(c['year'][0])!r} is not a whole number",
                        row.line,
                        c["year"][1],
                        path=("year",),
                        code="int_parsing",
                        expected="an ROC year such as 107",
                    )
                )
            elif years and y not in years:
                first = next(iter(years))
                doc.problems.append(
                    table.problem(
                        f"year {y} differs from year {first} of line {years[first][0]}",
                        row.line,
                        c["year"][1],
                        path=("year",),
                        code="year_mismatch",
                        hint="one submission covers one year",
                    )
                )
            else:
                years.setdefault(y, (row.line, c["year"][1]))
        for col in REQUIRED:
            if col not in c:
                doc.problems.append(
                    table.problem(
                        f"row has no {col}",
                        row.line,
                        table.columns.get(col) if table.kind == "xlsx" else None,
                        code="missing",
                        path=(),
                    )
                )
                bad = True
        if bad:
            continue
        measure = _as_int(c["measure"][0])
        if measure is None:
            doc.problems.append(
                table.problem(
                    f"measure {_text(c['measure'][0])!r} is not a number",
                    row.line,
                    c["measure"][1],
                    code="int_parsing",
                    expected="the measure's 序次, e.g. 45",
                )
            )
            continue
        metric = _text(c["metric"][0]).strip()
        agency = _text(c["agency"][0]).strip() if "agency" in c else None
        key = (measure, metric, agency)
        if key in seen:
            doc.problems.append(
                table.problem(
                    f"duplicate row for measure {measure}, metric {metric!r}"
                    + (f", agency {agency!r}" if agency else "")
                    + f" (first at {'row' if table.kind == 'xlsx' else 'line'} {seen[key]})",
                    row.line,
                    c["metric"][1],
                    path=("measures", measure, "metrics", metric),
                    code="duplicate_row",
                    hint="each metric (and agency) may appear once; delete or merge one of the rows",
                )
            )
            continue
        seen[key] = row.line
        groups.setdefault((measure, metric), []).append((row, agency))
        where.setdefault((measure, metric), (row.line, c["metric"][1]))
        doc.values.setdefault(("measures", measure), (row.line, c["measure"][1]))
        doc.keys.setdefault(("measures", measure), (row.line, c["measure"][1]))
    if years:
        y, pos = next(iter(years.items()))
        data["year"] = y
        doc.values[("year",)] = pos
    measures: dict[int, Any] = {}
    for (measure, metric), rows in groups.items():
        base: DocPath = ("measures", measure, "metrics", metric)
        doc.values[base] = where[(measure, metric)]
        doc.keys[base] = where[(measure, metric)]
        with_agency = [(r, a) for r, a in rows if a]
        total_rows = [r for r, a in rows if not a]
        entry: dict[str, Any]
        if len(with_agency) >= 2 or (with_agency and total_rows) or (with_agency and split(measure, metric)):
            entry = _split_entry(doc, table, base, with_agency, total_rows, measure, metric)
        else:
            row = rows[0][0]
            entry = {}
            _fill(doc, table, base, row, entry, single=True)
        measures.setdefault(measure, {"metrics": {}})["metrics"][metric] = entry
    if measures:
        data["measures"] = measures
    return doc


_SIMPLE = ("value", "unit", "agency", "quote", "milestone", "not_reported")


def _fill(
    doc: TabularDocument, table: Table, base: DocPath, row: Row, entry: dict[str, Any], single: bool
) -> None:
    c = row.cells
    if "value" not in c and "value" in row.where:
        doc.values[(*base, "value")] = (row.line, row.where["value"])
    for col in _SIMPLE:
        if col in c:
            v, pos = c[col]
            entry[col] = v if col == "value" and not isinstance(v, str) else _text(v)
            doc.values[(*base, col)] = (row.line, pos)
            doc.keys[(*base, col)] = (row.line, pos)
    if "date" in c:
        entry["date"] = _as_date(c["date"][0])
        doc.values[(*base, "date")] = (row.line, c["date"][1])
    _period(doc, table, base, row, entry)


def _period(doc: TabularDocument, table: Table, base: DocPath, row: Row, entry: dict[str, Any]) -> None:
    c = row.cells
    if "period_start" in c or "period_end" in c:
        period: dict[str, Any] = {}
        for col, f in (("period_start", "start"), ("period_end", "end")):
            if col in c:
                period[f] = _as_date(c[col][0])
                doc.values[(*base, "period", f)] = (row.line, c[col][1])
        first = c.get("period_start", c.get("period_end"))
        assert first is not None
        doc.values[(*base, "period")] = (row.line, first[1])
        entry["period"] = period


def _split_entry(
    doc: TabularDocument,
    table: Table,
    base: DocPath,
    with_agency: list[tuple[Row, str | None]],
    total_rows: list[Row],
    measure: int,
    metric: str,
) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    parts: dict[str, Any] = {}
    units: dict[str, Row] = {}
    for row in total_rows[:1]:
        c = row.cells
        if "value" in c:
            doc.totals[(measure, metric)] = (c["value"][0], (*base, "total"))
            doc.values[(*base, "total")] = (row.line, c["value"][1])
        if "quote" in c:
            entry["quote"] = _text(c["quote"][0])
            doc.values[(*base, "quote")] = (row.line, c["quote"][1])
        if "unit" in c:
            units[_text(c["unit"][0])] = row
            entry["unit"] = _text(c["unit"][0])
            doc.values[(*base, "unit")] = (row.line, c["unit"][1])
        for col in ("milestone", "not_reported", "date"):
            if col in c:
                doc.problems.append(
                    table.problem(
                        f"{col} cannot be given on the total row of a per-agency split",
                        row.line,
                        c[col][1],
                        path=base,
                        code="extra_forbidden",
                    )
                )
    for row, agency in with_agency:
        assert agency is not None
        c = row.cells
        p: DocPath = (*base, "by_agency", agency)
        doc.values[p] = (row.line, c["agency"][1])
        doc.keys[p] = (row.line, c["agency"][1])
        part: dict[str, Any] = {}
        if "value" not in c and "value" in row.where:
            doc.values[(*p, "value")] = (row.line, row.where["value"])
        if "value" in c:
            part["value"] = c["value"][0]
            doc.values[(*p, "value")] = (row.line, c["value"][1])
        if "quote" in c:
            part["quote"] = _text(c["quote"][0])
        _period(doc, table, p, row, part)
        if "unit" in c:
            u = _text(c["unit"][0])
            if units and u not in units:
                other = next(iter(units.values()))
                doc.problems.append(
                    table.problem(
                        f"unit {u!r} differs from unit {next(iter(units))!r} of line {other.line}",
                        row.line,
                        c["unit"][1],
                        path=(*base, "unit"),
                        code="unit_mismatch",
                    )
                )
            elif not units:
                units[u] = row
                entry["unit"] = u
                doc.values[(*base, "unit")] = (row.line, c["unit"][1])
        for col in ("milestone", "not_reported", "date"):
            if col in c:
                doc.problems.append(
                    table.problem(
                        f"{col} cannot be given for one agency of a per-agency split; give each agency a value",
                        row.line,
                        c[col][1],
                        path=p,
                        code="extra_forbidden",
                    )
                )
        parts[agency] = part
    entry["by_agency"] = parts
    doc.values.setdefault((*base, "by_agency"), doc.values[base])
    return entry
