"""Columnar evaluation: many submissions given as columns, per-target status/actual/rate columns out.

    res = tr.evaluate_columns(rules, {"1.risk_measures_rate": [72.69, 69.0], ...}, year=107)
    res.status["1:1.1"]            # status codes (see STATUS_CODES): 0 met, 1 unmet, 2 n/a, 3 missing
    res.statuses("1:1.1")          # [Status.MET, Status.UNMET]

Columns are named "<measure>.<metric>"; a value that is None or NaN was not reported. A milestone
metric's column holds milestone ids, and "<measure>.<metric>.date" the dates (datetime.date) where a
completion target has a deadline. An optional "period_end" column gives the date a row's figures run
to, as a report's ``period``: where it is before the plan year's last day, every verdict judged from
the row is flagged provisional (statuses do not change); empty means the whole year. A metric split by agency for a breakdown target may come as
"<measure>.<metric>[<agency>]" columns: if any of them has a value in a row, the row's metric is
that split (summed), as ``by_agency`` in a report. ``report_from_row`` spells this out: every row is
judged exactly as ``evaluate`` judges the report built from it (tests/test_batch.py checks that).

``columns`` may also be a whole table: a polars DataFrame, a pyarrow Table, or the path of a CSV file
with a header row of column names and one submission per row (numbers written as people write them,
``1億`` or ``72.69%``; an empty cell is not reported; a cell that is not a number raises ValueError
naming its line and column).

Two engines: "numpy" (vectorised per target; numpy arrays, polars or pyarrow columns, or lists) and
"python" (the generated row kernel of codegen.py; no dependencies). "auto" picks numpy if it is
installed. Statuses are int8 arrays (numpy) or ``array('b')``; actual and achievement rate are float
arrays with NaN where the verdict has None. Flags are computed on request (``flags=True``, lists of
tuples) and always by the row kernel.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gc
import math
import os
import stat
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice, repeat
from typing import Any, Literal, Protocol

from target_rules.arguments import check_year
from target_rules.engine import judging
from target_rules.engine.column_result import ColumnResult
from target_rules.engine.kernel import PERIOD_END, Kernel, column_name, kernel
from target_rules.language import model as m
from target_rules.language import spec as sp
from target_rules.language.compile import CompiledMeasure
from target_rules.language.load import RuleSet
from target_rules.language.spec import Bounds, MeasureSpec, TargetSpec
from target_rules.quantities import QuantityError, parse_quantity
from target_rules.suggest import did_you_mean

__all__ = ["ColumnResult", "evaluate_columns", "report_from_row"]

_CHUNK = 8192


def _key(measure: int, tid: str) -> str:
    return f"{measure}:{tid}"


def _kernel(rules: RuleSet, year: int) -> Kernel:
    """The row kernel of ``year``, generated once per RuleSet and kept on it."""
    return rules.per_year("_kernels", year, lambda: kernel(rules, year))


def _length(columns: Mapping[str, Any]) -> int:
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: {sorted(lengths)}")
    return lengths.pop() if lengths else 0


class ArrowTable(Protocol):
    """A pyarrow.Table, as far as evaluate_columns reads it."""

    @property
    def column_names(self) -> list[str]: ...

    def column(self, name: str) -> Any: ...


class DataFrame(Protocol):
    """A polars.DataFrame, as far as evaluate_columns reads it."""

    @property
    def columns(self) -> list[str]: ...

    def get_column(self, name: str) -> Any: ...


# A column: a list or tuple of values, a numpy array, a pyarrow or polars column (anything iterable).
Columns = Mapping[str, Iterable[Any]]
Table = Columns | str | os.PathLike[str] | ArrowTable | DataFrame
Engine = Literal["auto", "numpy", "python", "duckdb", "spark"]


def evaluate_columns(
    rules: RuleSet, columns: Table, year: int, *, engine: Engine = "auto", flags: bool = False
) -> ColumnResult:
    """Judge every row of ``columns`` (a mapping of columns, a table or a CSV path) against ``year``."""
    check_year(year, optional=False, calendar=rules.plan.calendar if isinstance(rules, RuleSet) else None)
    if engine == "duckdb":  # the query runs where the table lies, no row read into Python
        from target_rules.engine.duck import evaluate_duckdb  # needs the sql extra: imported on use

        return evaluate_duckdb(rules, columns, year, flags=flags)
    if engine == "spark":  # a Spark DataFrame, judged by Spark; the result collected as Arrow
        from target_rules.engine.spark import spark_columns  # needs the spark extra: imported on use

        return spark_columns(rules, columns, year, flags=flags)
    k = _kernel(rules, year)
    columns = _columns_of(columns, k)
    _check_names(columns, k)
    n = _length(columns)
    if engine == "auto":
        try:
            import numpy  # noqa: F401  # optional (extra "columnar"): only probed here

            engine = "numpy"
        except ImportError:
            engine = "python"
    if engine == "numpy":
        res = _numpy(rules, k, columns, n)
    elif engine == "python":
        res = _python(k, columns, n)
    else:
        raise ValueError(f"engine must be auto, numpy, python, duckdb or spark, not {engine!r}")
    if flags:
        res.flags = _python(k, columns, n, want_flags=True).flags
    return res


# --- python: the generated row kernel ------------------------------------------------------------


def _python(k: Kernel, columns: Mapping[str, Any], n: int, want_flags: bool = False) -> ColumnResult:
    keys = [_key(*kk) for kk in k.keys]
    status = {key: array("b") for key in keys}
    actual = {key: array("d") for key in keys}
    rate = {key: array("d") for key in keys}
    fl: dict[str, list[tuple[str, ...]]] | None = {key: [] for key in keys} if want_flags else None
    nan = math.nan
    cols = [_as_list(columns[c]) if c in columns else repeat(None, n) for c in k.columns]
    if k.date_columns:
        for i, c in enumerate(k.columns):
            if c in k.date_columns and c in columns:
                cols[i] = [_date(d) for d in cols[i]]
    rows = zip(*cols, strict=True) if cols else repeat((), n)
    fn = k.fn
    with _collector_paused():
        while True:
            out = [fn(r) for r in islice(rows, _CHUNK)]
            if not out:
                break
            by_col = list(zip(*out, strict=True))
            for i, key in enumerate(keys):
                status[key].extend(by_col[4 * i])
                actual[key].extend([nan if x is None else x for x in by_col[4 * i + 1]])
                rate[key].extend([nan if x is None else x for x in by_col[4 * i + 2]])
                if fl is not None:
                    fl[key].extend(by_col[4 * i + 3])
    return ColumnResult(k.year, n, keys, status, actual, rate, fl, "python")


def _check_names(names: Iterable[str], k: Kernel, where: str = "") -> None:
    unknown = sorted(set(names) - set(k.columns))
    if unknown:
        hint = did_you_mean(unknown[0], k.columns)
        raise ValueError(
            f"{where}unknown columns: {', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}"
            f"{f' ({hint})' if hint else ''}; columns are named "
            f"'<measure>.<metric>', e.g. {k.columns[0]!r}"
        )


def _columns_of(table: Table, k: Kernel) -> Mapping[str, Any]:
    """name -> column, from whatever shape the table arrives in."""
    if isinstance(table, Mapping):
        return table
    if isinstance(table, str | os.PathLike):
        return _read_csv(os.fspath(table), k)
    names = getattr(table, "column_names", None)
    if names is not None and hasattr(table, "column"):  # pyarrow.Table
        return {n: table.column(n) for n in names}
    if hasattr(table, "get_column") and hasattr(table, "columns"):  # polars.DataFrame
        return {n: table.get_column(n) for n in table.columns}
    raise TypeError(
        f"expected a mapping of columns, a polars DataFrame, a pyarrow Table or a CSV path, "
        f"not {type(table).__name__}"
    )


def _read_csv(path: str, k: Kernel) -> dict[str, list[Any]]:
    """A CSV of submissions, one per row, read strictly: a bad cell is an error, never a silent gap."""
    text_columns = k.milestone_columns | k.date_columns
    if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
        # a FIFO, device or socket would block or never end: refused, as the gate's reader does
        raise ValueError(
            f"{path}: not a regular file; evaluate_columns reads a CSV file, or pass the columns"
        )
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = [h.strip() for h in next(reader, [])]
            if not header:
                raise ValueError(f"{path}: empty file; expected a header row of column names")
            _check_names(header, k, f"{path}:1: ")
            seen: set[str] = set()
            for h in header:
                if h in seen:
                    raise ValueError(f"{path}:1: column {h!r} appears twice in the header")
                seen.add(h)
            cols: dict[str, list[Any]] = {h: [] for h in header}
            lists = [cols[h] for h in header]
            for row in reader:
                line = reader.line_num
                if not any(c.strip() for c in row):
                    continue  # a blank line is no submission
                if len(row) != len(header):
                    raise ValueError(f"{path}:{line}: {len(row)} cells, but the header has {len(header)}")
                for h, out, cell in zip(header, lists, row, strict=True):
                    cell = cell.strip()
                    if not cell:
                        out.append(None)
                    elif h in text_columns:
                        out.append(cell)
                    else:
                        try:
                            out.append(parse_quantity(cell).value)
                        except QuantityError as exc:
                            raise ValueError(f"{path}:{line}: column {h}: {exc.reason} ({cell!r})") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    return cols


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The row loop makes millions of short-lived tuples and no reference cycles: the cyclic garbage
    collector's passes over them cost a quarter of the time at 400k rows, growing with the row count."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _as_list(col: Any) -> Sequence[Any]:
    if isinstance(col, list | tuple):
        return col
    if hasattr(col, "to_pylist"):  # pyarrow, polars
        return list(col.to_pylist())
    if hasattr(col, "tolist"):  # numpy
        return list(col.tolist())
    return list(col)


def _date(d: Any) -> Any:
    if isinstance(d, str):
        return dt.date.fromisoformat(d)
    if d is not None and hasattr(d, "date") and callable(d.date):  # datetime, pandas Timestamp
        return d.date()
    return d


# --- numpy: one vectorised pass per target -------------------------------------------------------


class _Columns:
    """The row values of a table as float arrays, totals of split metrics included (numpy path)."""

    def __init__(self, np: Any, k: Kernel, columns: Mapping[str, Any], n: int) -> None:
        self.np, self.k, self.columns, self.n = np, k, columns, n
        self.nan = np.full(n, np.nan)
        self._totals: dict[str, tuple[Any, Any]] = {}

    def num(self, name: str) -> Any:
        np = self.np
        col = self.columns.get(name)
        if col is None:
            return np.full(self.n, np.nan)
        if hasattr(col, "to_numpy") and not isinstance(col, np.ndarray):
            col = col.to_numpy()
        try:
            return np.asarray(col, dtype=np.float64)
        except (TypeError, ValueError):
            return np.array([np.nan if x is None else float(x) for x in col], dtype=np.float64)

    def total(self, measure: int, metric: str) -> tuple[Any, Any]:
        """(values with NaN = missing, summed mask or None)."""
        np = self.np
        name = column_name(measure, metric)
        if name not in self._totals:
            x = self.num(name)
            summed = None
            if name in self.k.part_columns:
                parts = np.stack([self.num(p) for p in self.k.part_columns[name][1]], axis=1)
                summed = ~np.isnan(parts).all(axis=1)
                x = np.where(summed, np.nansum(parts, axis=1), x)
            self._totals[name] = (x, summed)
        return self._totals[name]

    def decide(self, bounds: Bounds, x: Any) -> Any:
        """Boolean array: ``judging.judge(bounds, x).met`` per value (False where x is NaN)."""
        np = self.np
        w = judging.window(bounds)
        p = bounds.precision
        j = x
        if p is not None:
            # round only the values judging.shortcut does not decide without rounding
            sc = judging.shortcut(bounds)
            assert sc is not None
            with np.errstate(invalid="ignore"):
                near = self.within(x, sc.maybe_lo, sc.maybe_hi) & ~self.within(x, sc.sure_lo, sc.sure_hi)
            idx = np.nonzero(near)[0]
            if len(idx):
                j = x.copy()
                j[idx] = [judging.judged(float(v), p) for v in x[idx]]
        with np.errstate(invalid="ignore"):
            return self.within(j, w.lo, w.hi)

    def within(self, x: Any, lo: float | None, hi: float | None) -> Any:
        """Boolean array: lo <= x <= hi, a None side open; False where x is NaN."""
        if lo is not None and hi is not None:
            return (x >= lo) & (x <= hi)
        if lo is not None:
            return x >= lo
        if hi is not None:
            return x <= hi
        return ~self.np.isnan(x)

    def rate(self, base: float | None, x: Any) -> Any:
        """judging.rate(base, x) per value."""
        return x * 100 / base if base else self.nan

    def judged(self, bounds: Bounds, x: Any) -> Any:
        """int8 status codes: missing where x is NaN, else met / unmet."""
        np = self.np
        return np.where(
            np.isnan(x), judging.MISSING, np.where(self.decide(bounds, x), judging.MET, judging.UNMET)
        )


def _numpy(rules: Iterable[CompiledMeasure], k: Kernel, columns: Mapping[str, Any], n: int) -> ColumnResult:
    import numpy as np  # optional (extra "columnar"): imported only when this engine runs

    cols = _Columns(np, k, columns, n)
    status: dict[str, Any] = {}
    actual: dict[str, Any] = {}
    rates: dict[str, Any] = {}
    fallback: list[str] = []
    scalar: ColumnResult | None = None
    for cm in rules:
        spec = cm.specs.get(k.year)
        if spec is None:
            continue
        done: dict[str, Any] = {}
        for t in spec.targets:
            key = _key(spec.measure, t.id)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                sar = _numpy_target(cols, spec, t, done)
            if sar is None:  # not vectorisable: judge this target row by row
                if scalar is None:
                    scalar = _python(k, columns, n)
                fallback.append(key)
                sar = (
                    np.frombuffer(scalar.status[key], dtype=np.int8),
                    np.frombuffer(scalar.actual[key], dtype=np.float64),
                    np.frombuffer(scalar.achievement_rate[key], dtype=np.float64),
                )
            s, a, r = sar
            s = s.astype(np.int8, copy=False)
            done[t.id] = s
            status[key], actual[key], rates[key] = s, a, r
    keys = [_key(*kk) for kk in k.keys]
    return ColumnResult(
        k.year,
        n,
        keys,
        {x: status[x] for x in keys},
        {x: actual[x] for x in keys},
        {x: rates[x] for x in keys},
        None,
        "numpy",
        fallback,
    )


def _numpy_target(
    cols: _Columns, spec: MeasureSpec, t: TargetSpec, done: Mapping[str, Any]
) -> tuple[Any, Any, Any] | None:
    """(status codes, actuals, rates) of one target over all rows; None when not vectorisable."""
    np, n, nan_col, mno = cols.np, cols.n, cols.nan, spec.measure
    if isinstance(t, sp.NoTargetSpec):
        return np.full(n, judging.NOT_APPLICABLE, dtype=np.int8), nan_col, nan_col
    if isinstance(t, sp.ThresholdSpec | sp.FrequencySpec):
        x, _ = cols.total(mno, t.metric.name)
        return cols.judged(t.bounds, x), x, cols.rate(t.bounds.rate_base, x)
    if isinstance(t, sp.GrowthSpec):
        x, _ = cols.total(mno, t.metric.name)
        b = cols.total(mno, t.baseline_metric)[0] if t.baseline_metric else np.full(n, t.baseline)
        zero = b == 0  # judging.growth: undefined over a zero base
        g = np.where(zero, np.nan, (x - b) / np.where(zero, 1.0, b) * 100)
        return cols.judged(t.bounds, g), g, cols.rate(t.bounds.rate_base, g) if t.rate else nan_col
    if isinstance(t, sp.RatioSpec):
        try:
            env = {nm: cols.total(mno, nm)[0] for nm in t.inputs}
            miss = np.zeros(n, dtype=bool)
            for v in env.values():
                miss |= np.isnan(v)
            zero = np.zeros(n, dtype=bool)
            g = _vector(t.expression.tree, env, zero)
        except _NoVector:
            return None
        g = np.broadcast_to(np.asarray(g, dtype=np.float64), (n,))
        g = np.where(miss | zero | ~np.isfinite(g), np.nan, g)
        return cols.judged(t.bounds, g), g, cols.rate(t.bounds.rate_base, g)
    if isinstance(t, sp.CompletionSpec):
        order = {ms: i for i, ms in enumerate(t.metric.milestones)}
        col = cols.columns.get(column_name(mno, t.metric.name))
        ids = _as_list(col) if col is not None else [None] * n
        rank = np.fromiter(
            (-2 if x is None or x != x else order.get(x, -1) for x in ids),
            dtype=np.int64,
            count=n,
        )
        ok = rank >= t.need
        if t.deadline is not None:
            dcol = cols.columns.get(column_name(mno, t.metric.name) + ".date")
            dates = [_date(d) for d in _as_list(dcol)] if dcol is not None else [None] * n
            dl = t.deadline
            ok &= np.fromiter((d is not None and d <= dl for d in dates), dtype=bool, count=n)
        s = np.where(rank < 0, judging.MISSING, np.where(ok, judging.MET, judging.UNMET))
        return s, np.where(rank < 0, np.nan, rank + 1.0), nan_col
    if isinstance(t, sp.CompositeSpec):
        subs = [done[i] for i in t.members if i in done]
        met = sum(((x == judging.MET).astype(np.int64) for x in subs), np.zeros(n, dtype=np.int64))
        mis = sum(((x == judging.MISSING).astype(np.int64) for x in subs), np.zeros(n, dtype=np.int64))
        return judging.composite_code(met, mis, t.need, np.where), met.astype(np.float64), nan_col
    if isinstance(t, sp.BreakdownSpec):
        x, summed = cols.total(mno, t.metric.name)
        checks = []
        if t.total is not None and t.require in ("all", "total"):
            checks.append(np.where(cols.decide(t.total, x), judging.MET, judging.UNMET))
        if t.require in ("all", "parts"):
            for part in t.parts:
                pv = cols.num(f"{column_name(mno, t.metric.name)}[{part.agency}]")
                pv = nan_col if summed is None else np.where(summed, pv, np.nan)
                checks.append(cols.judged(part.bounds, pv))
        if checks:
            cs = np.stack(checks, axis=1)
            st = np.where(
                (cs == judging.MISSING).any(axis=1),
                judging.MISSING,
                np.where((cs == judging.MET).all(axis=1), judging.MET, judging.UNMET),
            )
        else:
            st = np.full(n, judging.MET)
        miss = np.isnan(x)
        return np.where(miss, judging.MISSING, st), x, np.where(miss, np.nan, cols.rate(t.rate_base, x))
    return None


class _NoVector(Exception):
    pass


def _vector(node: ast.AST, env: Mapping[str, Any], zero: Any) -> Any:
    """Evaluate a ratio expression on arrays; ``zero`` collects rows that divide by zero."""
    import numpy as np  # optional (extra "columnar"): imported only when this engine runs

    if isinstance(node, ast.Expression):
        return _vector(node.body, env, zero)
    if isinstance(node, ast.Expr):
        return _vector(node.value, env, zero)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _vector(node.left, env, zero), _vector(node.right, env, zero)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            zero |= np.asarray(right) == 0
            return left / right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_vector(node.operand, env, zero)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return _vector(node.operand, env, zero)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords and node.args:
        args = [_vector(a, env, zero) for a in node.args]
        if node.func.id == "abs" and len(args) == 1:
            return np.abs(args[0])
        if node.func.id in ("min", "max") and len(args) >= 2:
            f = np.minimum if node.func.id == "min" else np.maximum
            out = args[0]
            for x in args[1:]:
                out = f(out, x)
            return out
    raise _NoVector


# --- the report a row stands for -----------------------------------------------------------------


def report_from_row(rules: RuleSet, year: int, row: Mapping[str, Any]) -> m.Report:
    """The Report one row of columns means (the reference semantics of evaluate_columns)."""
    k = _kernel(rules, year)
    measures: dict[int, dict[str, Any]] = {}

    def put(name: str, value: Any) -> None:
        measure, metric = name.split(".", 1)
        measures.setdefault(int(measure), {})[metric] = value

    def given(x: Any) -> bool:
        return x is not None and not (isinstance(x, float) and math.isnan(x))

    for name in k.columns:
        if name in k.date_columns or "[" in name:
            continue
        if name in k.part_columns:
            cells = {p.split("[", 1)[1][:-1]: row.get(p) for p in k.part_columns[name][1]}
            parts = {a: float(v) for a, v in cells.items() if v is not None and given(v)}
            if parts:
                put(name, {"by_agency": parts})
                continue
        x = row.get(name)
        if x is None or not given(x):
            continue
        if name in k.milestone_columns:
            d = row.get(name + ".date")
            put(name, {"milestone": x, **({"date": _date(d)} if d is not None else {})})
        else:
            put(name, {"value": float(x)})
    report: dict[str, Any] = {"year": year, "measures": {mn: {"metrics": m_} for mn, m_ in measures.items()}}
    end = _date(row.get(PERIOD_END))
    if end is not None and end == end:  # the report's period: from the year's first day (or the end)
        report["period"] = {"start": min(rules.plan.calendar.year_start(year), end), "end": end}
    return m.Report.model_validate(report)
