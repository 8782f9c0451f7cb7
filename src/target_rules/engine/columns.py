"""Columnar evaluation: many submissions given as columns, per-target status/actual/rate columns out.

    res = tr.evaluate_columns(rules, {"1.risk_measures_rate": [72.69, 69.0], ...}, year=107)
    res.status["1:1.1"]            # status codes (see STATUS_CODES): 0 met, 1 unmet, 2 n/a, 3 missing
    res.statuses("1:1.1")          # [Status.MET, Status.UNMET]

Columns are named "<measure>.<metric>"; a value that is None or NaN was not reported. A milestone
metric's column holds milestone ids, and "<measure>.<metric>.date" the dates (datetime.date) where a
completion target has a deadline. A metric split by agency for a breakdown target may come as
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
import gc
import math
import os
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from typing import Any

from target_rules.arguments import check_year
from target_rules.engine.kernel import STATUS_CODES, Kernel, kernel
from target_rules.engine.verdict import Status
from target_rules.language import model as m
from target_rules.language.compile import Comparison
from target_rules.language.expression import Expression
from target_rules.suggest import did_you_mean

__all__ = ["ColumnResult", "evaluate_columns", "report_from_row"]

_CHUNK = 8192


@dataclass
class ColumnResult:
    """Per-target columns; keys are "<measure>:<target id>" in the order of Evaluation.verdicts."""

    year: int
    rows: int
    keys: list[str]
    status: dict[str, Any]
    actual: dict[str, Any]
    achievement_rate: dict[str, Any]
    flags: dict[str, list[tuple[str, ...]]] | None = None
    engine: str = "python"
    fallback: list[str] = field(default_factory=list)  # targets the numpy engine judged row by row

    def statuses(self, key: str) -> list[Status]:
        return [STATUS_CODES[int(c)] for c in self.status[key]]

    def __len__(self) -> int:
        return self.rows


def _key(measure: int, tid: str) -> str:
    return f"{measure}:{tid}"


def _kernel(rules: Any, year: int) -> Kernel:
    cache = rules.__dict__.setdefault("_kernels", {})
    k = cache.get(year)
    if k is None:
        k = cache[year] = kernel(rules, year)
    return k


def _length(columns: Mapping[str, Any]) -> int:
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def evaluate_columns(
    rules: Any, columns: Any, year: int, *, engine: str = "auto", flags: bool = False
) -> ColumnResult:
    """Judge every row of ``columns`` (a mapping of columns, a table or a CSV path) against ``year``."""
    check_year(year, optional=False)
    k = _kernel(rules, year)
    columns = _columns_of(columns, k)
    _check_names(columns, k)
    n = _length(columns)
    if engine == "auto":
        try:
            import numpy  # noqa: F401

            engine = "numpy"
        except ImportError:
            engine = "python"
    if engine == "numpy":
        res = _numpy(rules, k, columns, n)
    elif engine == "python":
        res = _python(k, columns, n)
    else:
        raise ValueError(f"engine must be auto, numpy or python, not {engine!r}")
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


def _columns_of(table: Any, k: Kernel) -> Mapping[str, Any]:
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
    import csv

    from target_rules.quantities import QuantityError, parse_quantity

    text_columns = k.milestone_columns | k.date_columns
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
        return col.to_pylist()
    if hasattr(col, "tolist"):  # numpy
        return col.tolist()
    return list(col)


def _date(d: Any) -> Any:
    if isinstance(d, str):
        import datetime as dt

        return dt.date.fromisoformat(d)
    if d is not None and hasattr(d, "date") and callable(d.date):  # datetime, pandas Timestamp
        return d.date()
    return d


# --- numpy: one vectorised pass per target -------------------------------------------------------


def _numpy(rules: Any, k: Kernel, columns: Mapping[str, Any], n: int) -> ColumnResult:
    import numpy as np

    from target_rules.language.compile import _tol

    def num(name: str) -> Any:
        col = columns.get(name)
        if col is None:
            return np.full(n, np.nan)
        if hasattr(col, "to_numpy") and not isinstance(col, np.ndarray):
            col = col.to_numpy()
        try:
            return np.asarray(col, dtype=np.float64)
        except (TypeError, ValueError):
            return np.array([np.nan if x is None else float(x) for x in col], dtype=np.float64)

    totals: dict[tuple[int, str], tuple[Any, Any]] = {}

    def total(measure: int, metric: str) -> tuple[Any, Any]:
        """(values with NaN = missing, summed mask or None)."""
        key = (measure, metric)
        if key not in totals:
            name = f"{measure}.{metric}"
            x = num(name)
            summed = None
            if name in k.part_columns:
                parts = np.stack([num(p) for p in k.part_columns[name][1]], axis=1)
                summed = ~np.isnan(parts).all(axis=1)
                x = np.where(summed, np.nansum(parts, axis=1), x)
            totals[key] = (x, summed)
        return totals[key]

    def decide(cmp: Comparison, x: Any) -> Any:
        """Boolean array: cmp.judge(x)[0] (False where x is NaN)."""
        c, p = cmp.comparator, cmp.precision
        lo = None if cmp.low is None else cmp.low - _tol(cmp.low)
        hi = None if cmp.high is None else cmp.high + _tol(cmp.high)
        if p is None:
            j = x
        else:
            # rounding half-up moves a value by at most half a unit: round only the values near a bound
            j = x.copy()
            unit = 10.0**-p
            near = np.zeros(n, dtype=bool)
            for b in (lo, hi, cmp.low):
                if b is not None:
                    near |= np.abs(x - b) <= unit
            from target_rules.engine.kernel import _judged

            idx = np.nonzero(near)[0]
            if len(idx):
                j[idx] = [_judged(float(v), p) for v in x[idx]]
        with np.errstate(invalid="ignore"):
            if c == "at_least":
                return j >= lo
            if c == "at_most":
                return j <= hi
            if c == "equal":
                return np.abs(j - cmp.low) <= _tol(cmp.low)  # type: ignore[arg-type]
            return (lo <= j) & (j <= hi)

    def rate(cmp: Comparison, x: Any) -> Any:
        bound = cmp.high if cmp.comparator == "at_most" else cmp.low
        if cmp.comparator == "between" or not bound:
            return np.full(n, np.nan)
        return x * 100 / bound

    keys: list[str] = []
    status: dict[str, Any] = {}
    actual: dict[str, Any] = {}
    rates: dict[str, Any] = {}
    fallback: list[str] = []
    scalar: ColumnResult | None = None
    nan_col = np.full(n, np.nan)
    for cm in rules:
        if year_not_in(cm, k.year):
            continue
        meas = cm.measure
        mno = meas.measure
        done: dict[str, Any] = {}
        for ct in cm.years[k.year]:
            t = ct.target
            key = _key(mno, t.id)
            s = a = r = None
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                if isinstance(t, m.NoTarget):
                    s, a, r = np.full(n, 2, dtype=np.int8), nan_col, nan_col
                elif isinstance(t, m.ThresholdTarget | m.FrequencyTarget):
                    cmp = (
                        Comparison.of(t)
                        if isinstance(t, m.ThresholdTarget)
                        else Comparison("at_least", float(t.required), None, None)
                    )
                    x, _ = total(mno, t.metric)
                    s = np.where(np.isnan(x), 3, np.where(decide(cmp, x), 0, 1)).astype(np.int8)
                    a, r = x, rate(cmp, x)
                elif isinstance(t, m.GrowthTarget):
                    cmp = Comparison.of(t)
                    x, _ = total(mno, t.metric)
                    b = total(mno, t.baseline_metric)[0] if t.baseline_metric else np.full(n, t.baseline)
                    bad = np.isnan(x) | np.isnan(b) | (b == 0)
                    g = np.where(bad, np.nan, (x - b) / np.where(b == 0, 1.0, b) * 100)
                    s = np.where(bad, 3, np.where(decide(cmp, g), 0, 1)).astype(np.int8)
                    a, r = g, nan_col  # growth carries no achievement rate
                elif isinstance(t, m.RatioTarget):
                    cmp = Comparison.of(t)
                    try:
                        env = {nm: total(mno, nm)[0] for nm in ct.metrics}
                        miss = np.zeros(n, dtype=bool)
                        for v in env.values():
                            miss |= np.isnan(v)
                        zero = np.zeros(n, dtype=bool)
                        g = _vector(Expression(t.expression).tree, env, zero)
                        g = np.broadcast_to(np.asarray(g, dtype=np.float64), (n,))
                        bad = miss | zero | ~np.isfinite(g)
                        g = np.where(bad, np.nan, g)
                        s = np.where(bad, 3, np.where(decide(cmp, g), 0, 1)).astype(np.int8)
                        a, r = g, rate(cmp, g)
                    except _NoVector:
                        s = None
                elif isinstance(t, m.CompletionTarget):
                    metric = meas.metrics[t.metric]
                    assert metric.milestones is not None
                    order = {ms.id: i for i, ms in enumerate(metric.milestones)}
                    col = columns.get(f"{mno}.{t.metric}")
                    ids = _as_list(col) if col is not None else [None] * n
                    rank = np.fromiter(
                        (-2 if x is None or x != x else order.get(x, -1) for x in ids),
                        dtype=np.int64,
                        count=n,
                    )
                    ok = rank >= order[t.reach]
                    if t.deadline is not None:
                        dcol = columns.get(f"{mno}.{t.metric}.date")
                        dates = [_date(d) for d in _as_list(dcol)] if dcol is not None else [None] * n
                        dl = t.deadline
                        ok &= np.fromiter((d is not None and d <= dl for d in dates), dtype=bool, count=n)
                    s = np.where(rank < 0, 3, np.where(ok, 0, 1)).astype(np.int8)
                    a, r = np.where(rank < 0, np.nan, rank + 1.0), nan_col
                elif isinstance(t, m.CompositeTarget):
                    need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
                    subs = [done[i] for i in t.of if i in done]
                    met = sum(((x == 0).astype(np.int64) for x in subs), np.zeros(n, dtype=np.int64))
                    mis = sum(((x == 3).astype(np.int64) for x in subs), np.zeros(n, dtype=np.int64))
                    s = np.where(met >= need, 0, np.where(met + mis >= need, 3, 1)).astype(np.int8)
                    a, r = met.astype(np.float64), nan_col
                elif isinstance(t, m.BreakdownTarget):
                    x, summed = total(mno, t.metric)
                    miss = np.isnan(x)
                    checks = []
                    if t.total is not None:
                        tc = Comparison("at_least", t.total, None, None)
                        if t.require in ("all", "total"):
                            checks.append(np.where(decide(tc, x), 0, 1))
                        r = rate(tc, x)
                    else:
                        goal = sum(t.parts.values())
                        r = x * 100 / goal if goal else nan_col
                    if t.require in ("all", "parts"):
                        for agency, goal_a in t.parts.items():
                            pv = num(f"{mno}.{t.metric}[{agency}]")
                            if summed is None:
                                pv = nan_col
                            else:
                                pv = np.where(summed, pv, np.nan)
                            pc = Comparison("at_least", goal_a, None, None)
                            checks.append(np.where(np.isnan(pv), 3, np.where(decide(pc, pv), 0, 1)))
                    if checks:
                        cs = np.stack(checks, axis=1)
                        st = np.where((cs == 3).any(axis=1), 3, np.where((cs == 0).all(axis=1), 0, 1))
                    else:
                        st = np.zeros(n)
                    s = np.where(miss, 3, st).astype(np.int8)
                    a, r = x, np.where(miss, np.nan, r)
            if s is None:  # not vectorisable: judge this target row by row
                if scalar is None:
                    scalar = _python(k, columns, n)
                fallback.append(key)
                s = np.frombuffer(scalar.status[key], dtype=np.int8)
                a = np.frombuffer(scalar.actual[key], dtype=np.float64)
                r = np.frombuffer(scalar.achievement_rate[key], dtype=np.float64)
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


def year_not_in(cm: Any, year: int) -> bool:
    return year not in cm.years


class _NoVector(Exception):
    pass


def _vector(node: ast.AST, env: Mapping[str, Any], zero: Any) -> Any:
    """Evaluate a ratio expression on arrays; ``zero`` collects rows that divide by zero."""
    import numpy as np

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


def report_from_row(rules: Any, year: int, row: Mapping[str, Any]) -> m.Report:
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
            parts = {p.split("[", 1)[1][:-1]: row.get(p) for p in k.part_columns[name][1]}
            parts = {a: float(v) for a, v in parts.items() if given(v)}
            if parts:
                put(name, {"by_agency": parts})
                continue
        x = row.get(name)
        if not given(x):
            continue
        if name in k.milestone_columns:
            d = row.get(name + ".date")
            put(name, {"milestone": x, **({"date": _date(d)} if d is not None else {})})
        else:
            put(name, {"value": float(x)})
    return m.Report.model_validate(
        {"year": year, "measures": {mn: {"metrics": metrics} for mn, metrics in measures.items()}}
    )
