"""DuckDB: the rules' query run in-process on a table where it lies, no row copied into Python.

``evaluate_duckdb`` is ``evaluate_columns(engine="duckdb")``: the table may be a CSV or Parquet path,
a pyarrow Table, a polars or pandas DataFrame, a DuckDB relation, or a mapping of columns. DuckDB
scans Arrow, polars and pandas memory in place and files by streaming; the result comes back as
Arrow columns viewed as numpy arrays. ``write_table`` streams the result to Parquet or CSV.

Before the query runs, the table's columns are checked against what the rules read (sql.py's
``check_columns``): a missing or wrongly typed column is a TableError naming it, with a suggestion.
CSV files are read by DuckDB's reader, so numbers must be plain numbers there; numbers written as
people write them (1億, 72.69%) are for ``evaluate_columns(engine="numpy")``, which parses them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from target_rules.engine.column_result import ColumnResult
from target_rules.engine.sql import (
    OUTPUTS,
    ColumnType,
    Query,
    TableColumn,
    TableError,
    output_name,
    query_for_table,
    rule_columns,
)
from target_rules.errors import Problem
from target_rules.messages import Code, say
from target_rules.safe_text import FORMULA_PATTERN, PLAIN_NUMBER_PATTERN

__all__ = [
    "arrow_table",
    "column_class",
    "column_result",
    "connect",
    "evaluate_duckdb",
    "prepare",
    "relation",
    "write_table",
]

_VIEW = "submissions"


def _duckdb() -> Any:
    try:
        import duckdb
    except ModuleNotFoundError as exc:
        from target_rules.extras import missing_message

        raise ModuleNotFoundError(missing_message("duckdb", "the duckdb engine"), name="duckdb") from exc
    return duckdb


def column_class(type_name: str) -> ColumnType:
    """A DuckDB type name as the kind of value it holds."""
    t = type_name.upper().strip('"')
    if t == "NULL":
        return "null"
    if t in ("VARCHAR", "TEXT", "STRING") or t.startswith("ENUM"):
        return "text"
    if t == "DATE" or t.startswith("TIMESTAMP"):
        return "date"
    integers = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
    if t in integers or t in ("FLOAT", "DOUBLE", "REAL") or t[1:] in integers or t.startswith("DECIMAL"):
        return "number"
    return "other"


_BATCH = 1 << 17


def connect() -> Any:
    """A DuckDB connection for judging: statistics propagation off.

    DuckDB (seen in 2.0.1) takes a Parquet column's min/max statistics, which leave NaN out, as
    proof that the column holds no NaN, and folds the query's NaN tests (ISNAN, NULLIF(x, NaN), a
    threshold's x <= +Infinity) to constants: NaN, which means "not reported", would then be judged
    as a number above every bound.
    tests/engine/test_sql.py::test_nan_in_a_parquet_file_is_not_reported keeps this honest.
    """
    con = _duckdb().connect()
    con.execute("SET disabled_optimizers = 'statistics_propagation'")
    return con


def relation(table: Any, con: Any | None = None, columns: Sequence[TableColumn] = ()) -> Any:
    """A DuckDB relation over ``table`` (see the module docstring for what a table may be).

    ``columns``: what the rules read; a CSV file has no types, so they are declared for it (an
    empty column is then a column of numbers, and a cell that is no number an error naming its line).
    """
    duckdb = _duckdb()
    con = con if con is not None else connect()
    if isinstance(table, duckdb.DuckDBPyRelation):
        # streamed as Arrow batches into our connection (no row becomes a Python object), so the
        # query runs with the setting connect() explains, whatever the relation reads
        return con.from_arrow(table.to_arrow_reader(_BATCH))
    if isinstance(table, str | os.PathLike):
        path = Path(table)
        if not path.exists():
            raise TableError([Problem(say(Code.NO_FILE, path=str(path)), file=str(path), code=Code.NO_FILE)])
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            return con.read_parquet(str(path))
        if suffix in (".csv", ".tsv", ".txt"):
            header = set(con.read_csv(str(path), header=True).columns)
            kinds = {"number": "DOUBLE", "milestone": "VARCHAR", "date": "DATE"}
            declared = {c.name: kinds[c.kind] for c in columns if c.name in header}
            return con.read_csv(str(path), header=True, dtype=declared)
        raise TableError(
            [
                Problem(
                    say(Code.FILE_TYPE, name=path.name),
                    file=str(path),
                    code=Code.FILE_TYPE,
                    found=suffix or say("ui.no_suffix"),
                )
            ]
        )
    if isinstance(table, Mapping):
        table = arrow_table(table)
    if not (
        hasattr(table, "__arrow_c_stream__")
        or hasattr(table, "column_names")  # pyarrow
        or hasattr(table, "get_column")  # polars
        or hasattr(table, "iloc")  # pandas
    ):
        raise TypeError(
            "expected a CSV or Parquet path, a pyarrow Table, a polars or pandas DataFrame, a DuckDB "
            f"relation or a mapping of columns, not {type(table).__name__}"
        )
    con.register(_VIEW, table)
    return con.table(_VIEW)


def arrow_table(columns: Mapping[str, Any]) -> Any:
    """A pyarrow Table from a mapping of columns: numbers as float64 with None and NaN as null,
    a column of only None as the null type (it fits any kind of column), others as Arrow infers."""
    import pyarrow as pa

    return pa.table({k: _arrow_column(v) for k, v in columns.items()})


def _arrow_column(values: Any) -> Any:
    import pyarrow as pa

    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    if hasattr(values, "to_arrow"):  # polars Series
        return values.to_arrow()
    if hasattr(values, "dtype") and getattr(values.dtype, "kind", "") == "f":  # numpy floats: NaN is absent
        import numpy as np

        return pa.array(values, mask=np.isnan(values))
    values = list(values)
    given = [v for v in values if v is not None]
    if given and all(isinstance(v, int | float) and not isinstance(v, bool) for v in given):
        return pa.array([None if v is None or v != v else float(v) for v in values], pa.float64())
    return pa.array(values)


def prepare(
    rules: Any,
    table: Any,
    year: int,
    *,
    status: Literal["word", "code"] = "code",
    con: Any | None = None,
    outputs: Sequence[str] = OUTPUTS,
    nan: bool = False,
    only: Collection[str] | None = None,
) -> tuple[Any, Query]:
    """(relation, query) for ``table``, its columns checked against the rules first; ``only``:
    the target keys to judge (sql.compile_query), None for all."""
    needed = rule_columns(rules, year)
    rel = relation(table, con, needed)
    schema = {name: (column_class(str(t)), str(t)) for name, t in zip(rel.columns, rel.types, strict=True)}
    where = os.fspath(table) if isinstance(table, str | os.PathLike) else "table"
    q = query_for_table(
        rules, year, schema, where=where, table=_VIEW, status=status, outputs=outputs, nan=nan, only=only
    )
    return rel, q


@contextmanager
def _reading() -> Iterator[None]:
    """A value DuckDB cannot convert (a date column holding text that is no date) is a TableError."""
    duckdb = _duckdb()
    try:
        yield
    except (duckdb.ConversionException, duckdb.InvalidInputException) as exc:
        # DuckDB's first lines say where and what; the rest is advice about its type sniffing
        lines = [x.strip() for x in str(exc).splitlines() if x.strip()][:3]
        raise TableError(
            [
                Problem(
                    say(Code.CONVERSION, detail=" / ".join(lines)),
                    file="table",
                    code=Code.CONVERSION,
                    hint=say("hint.numpy_engine"),
                )
            ]
        ) from None


def evaluate_duckdb(rules: Any, table: Any, year: int, *, flags: bool = False) -> ColumnResult:
    """``evaluate_columns(..., engine="duckdb")``: status codes, actual and rate as numpy arrays
    viewing the Arrow result, flags when asked for."""
    wanted = OUTPUTS if flags else OUTPUTS[:3]  # flags are text: computed only when asked for
    rel, q = prepare(rules, table, year, status="code", outputs=wanted, nan=True)
    with _reading():
        result = rel.query(_VIEW, q.sql("duckdb", pretty=False)).to_arrow_table()
    return column_result(result, q.keys, year, flags, engine="duckdb")


def column_result(result: Any, keys: Sequence[str], year: int, flags: bool, *, engine: str) -> ColumnResult:
    """A ColumnResult viewing an Arrow table of the query's "code" columns (run with ``nan=True``)."""
    status: dict[str, Any] = {}
    actual: dict[str, Any] = {}
    rate: dict[str, Any] = {}
    fl: dict[str, list[tuple[str, ...]]] | None = {} if flags else None
    for key in keys:
        status[key] = result.column(output_name(key, "status")).to_numpy()
        actual[key] = result.column(output_name(key, "actual")).to_numpy(zero_copy_only=False)
        rate[key] = result.column(output_name(key, "rate")).to_numpy(zero_copy_only=False)
        if fl is not None:
            texts = result.column(output_name(key, "flags")).to_pylist()
            fl[key] = [tuple(f.split(",")) if f else () for f in texts]
    return ColumnResult(year, result.num_rows, list(keys), status, actual, rate, fl, engine)


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _formulas_as_text(rel: Any) -> Any:
    """The relation with every text cell a spreadsheet would run as a formula (OWASP: a leading
    = + - @ tab or CR, plain numbers excepted) prefixed with an apostrophe, as safe_text.csv_cell
    does for the CSV files Python writes; the copied id columns are the user's text."""
    cols = []
    for name, kind in zip(rel.columns, rel.types, strict=True):
        ident = '"' + name.replace('"', '""') + '"'
        if str(kind) == "VARCHAR":
            risky = (
                f"regexp_matches({ident}, {_sql_text(FORMULA_PATTERN)}) "
                f"AND NOT regexp_matches({ident}, {_sql_text(PLAIN_NUMBER_PATTERN)})"
            )
            cols.append(f"CASE WHEN {risky} THEN {_sql_text(chr(39))} || {ident} ELSE {ident} END AS {ident}")
        else:
            cols.append(ident)
    return rel.project(", ".join(cols))


def write_table(rules: Any, table: Any, year: int, out: str | os.PathLike[str]) -> int:
    """Judge ``table`` and write one row per submission to ``out`` (.parquet or .csv), atomically:
    DuckDB streams to a temporary sibling that replaces ``out`` only when complete. Returns rows."""
    out = Path(out)
    fmt = {".parquet": "parquet", ".csv": "csv"}.get(out.suffix.lower())
    if fmt is None:
        raise TableError(
            [
                Problem(
                    say("file_type.output"),
                    file=str(out),
                    code=Code.FILE_TYPE,
                    found=out.suffix or say("ui.no_suffix"),
                )
            ]
        )
    rel, q = prepare(rules, table, year, status="word")
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        with _reading():
            res = rel.query(_VIEW, q.sql("duckdb", pretty=False))
            if fmt == "parquet":
                res.to_parquet(str(tmp), overwrite=True)
            else:
                _formulas_as_text(res).to_csv(str(tmp), header=True, overwrite=True)
        con = _duckdb().connect()
        source = con.read_parquet(str(tmp)) if fmt == "parquet" else con.read_csv(str(tmp), header=True)
        rows = int(source.count("*").fetchall()[0][0])
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return rows
