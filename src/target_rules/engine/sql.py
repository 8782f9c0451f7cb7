"""SQL: a year's rule set compiled to ONE query over a table with one row per submission.

    q = compile_query(rules, 107)                 # a sqlglot expression tree, built once
    print(q.sql("duckdb"))                         # or "spark", "postgres", "trino", "bigquery"

The table has the columns of ``evaluate_columns`` ("<measure>.<metric>", milestone ids as text,
"<measure>.<metric>.date" for deadlines, "<measure>.<metric>[<agency>]" for per-agency splits).
The query keeps every other column (ids, agency names) and adds, per target, four columns named
"<measure>:<target id>:status|actual|rate|flags": the status ('met', 'unmet', 'not_applicable',
'missing', or the codes 0-3 of ``STATUS_CODES``), the actual value judged (NULL where the verdict
has none), the achievement rate and the flags, comma-separated (NULL for none).

The tree is built with sqlglot nodes, never by pasting text: identifiers and literals are quoted
by the generator for each dialect, and rule text reaches the SQL only inside sanitised comments.

Exactness, and why values stay DOUBLE (not DECIMAL). The Python engines judge IEEE doubles; the
actual values, rates, ratios and growth they report are double arithmetic in a fixed order. The
query does the same operations, in the same order, on DOUBLE, so those columns are identical bit
for bit. Rounding half-up at a precision is the one place where doubles and SQL disagree: DuckDB's
ROUND(2.675, 2) is 2.67 (the double is 2.67499...), while the report rounds the printed 2.675 up to
2.68, and each dialect's ROUND and DECIMAL casts round differently. The query never rounds. Judging
is monotone in the value (a larger value never rounds to a smaller one), so the values a comparison
accepts form one interval of doubles; ``met_interval`` finds its two ends once, at compile time, by
bisection over the doubles with the Python judge itself, and the query compares the raw value with
those two constants. The SQL verdict is then the Python verdict by construction, in every dialect,
and costs two comparisons a row. Constants are written so every dialect reads back the same double.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sqlglot import exp

from target_rules.engine.kernel import STATUS_CODES
from target_rules.errors import Problem, ReportError, RuleError
from target_rules.language import model as m
from target_rules.language.compile import Comparison
from target_rules.language.expression import Expression
from target_rules.suggest import did_you_mean

__all__ = [
    "DIALECTS",
    "Query",
    "TableColumn",
    "TableError",
    "check_columns",
    "compile_query",
    "met_interval",
]

DIALECTS = ("duckdb", "spark", "postgres", "trino", "bigquery")
MET, UNMET, NOT_APPLICABLE, MISSING = 0, 1, 2, 3
_MAX = 1.7976931348623157e308


class TableError(ReportError, ValueError):
    """The table cannot be judged: a column a rule needs is missing or has the wrong type."""


@dataclass(frozen=True)
class TableColumn:
    """A column the query reads. ``kind`` decides the type it must have."""

    name: str
    kind: Literal["number", "milestone", "date"]
    required: bool = True  # part columns ("m.metric[agency]") are optional
    parts_of: str | None = None  # a part column: the value column it splits
    needed_by: str = ""  # the first target that reads it, for error messages


@dataclass
class Query:
    """One query for a rule set and year, as a sqlglot tree; ``sql(dialect)`` prints it."""

    year: int
    tree: exp.Expression
    keys: list[str]  # "<measure>:<target id>" in the order of Evaluation.verdicts
    columns: list[TableColumn]  # every column the rules can read
    outputs: list[str]  # output column names, 4 per key
    passthrough: list[str] = field(default_factory=list)

    def sql(self, dialect: str = "duckdb", *, pretty: bool = True) -> str:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
        return self.tree.sql(dialect=dialect, pretty=pretty, comments=True)


def output_name(key: str, what: str) -> str:
    return f"{key}:{what}"


# --- exact bounds --------------------------------------------------------------------------------


def _ordinal(x: float) -> int:
    """Doubles in order as integers (-0.0 and 0.0 share 0)."""
    b = struct.unpack("<q", struct.pack("<d", x))[0]
    return b if b >= 0 else -(b & 0x7FFFFFFFFFFFFFFF)


def _double(i: int) -> float:
    b = i if i >= 0 else (-i) | -0x8000000000000000
    return float(struct.unpack("<d", struct.pack("<q", b))[0])


def _judges_met(cmp: Comparison, x: float) -> bool:
    """``cmp.judge(x)[0]`` as the row kernel computes it: a value already at the precision is
    judged as it is (round_half_up would only reproduce it, and fails beyond 28 digits)."""
    if cmp.precision is not None and round(x, cmp.precision) == x:
        cmp = dataclasses.replace(cmp, precision=None)
    return cmp.judge(x)[0]


def _lowest(pred: Any, lo: float, hi: float) -> float | None:
    """The lowest double in [lo, hi] where the increasing predicate holds, or None."""
    a, b = _ordinal(lo), _ordinal(hi)
    if not pred(_double(b)):
        return None
    while a < b:
        mid = (a + b) // 2
        if pred(_double(mid)):
            b = mid
        else:
            a = mid + 1
    return _double(a)


def _highest(pred: Any, lo: float, hi: float) -> float | None:
    """The highest double in [lo, hi] where the decreasing predicate holds, or None."""
    a, b = _ordinal(lo), _ordinal(hi)
    if not pred(_double(a)):
        return None
    while a < b:
        mid = (a + b + 1) // 2
        if pred(_double(mid)):
            a = mid
        else:
            b = mid - 1
    return _double(a)


def met_interval(cmp: Comparison) -> tuple[float | None, float | None] | None:
    """The doubles ``cmp`` judges met, as [low, high] (None: unbounded), or None when none is.

    Judging is monotone in the value, so the set is an interval; its ends are found by bisection
    with the judge itself, so a comparison with them decides exactly as ``Comparison.judge``.
    """
    c = cmp.comparator

    def at_least(x: float) -> bool:
        return _judges_met(Comparison("at_least", cmp.low, None, cmp.precision), x)

    def at_most(x: float) -> bool:
        return _judges_met(Comparison("at_most", None, cmp.high, cmp.precision), x)

    if c == "at_least":
        lo = _lowest(at_least, -_MAX, _MAX)
        return None if lo is None else (None if lo == -_MAX else lo, None)
    if c == "at_most":
        hi = _highest(at_most, -_MAX, _MAX)
        return None if hi is None else (None, None if hi == _MAX else hi)
    if c == "between":
        lo, hi = _lowest(at_least, -_MAX, _MAX), _highest(at_most, -_MAX, _MAX)
        if lo is None or hi is None or lo > hi:
            return None
        return (lo, hi)
    assert c == "equal" and cmp.low is not None
    mid = cmp.low

    def equal(x: float) -> bool:
        return _judges_met(cmp, x)

    if not equal(mid):  # the bound itself does not round onto the bound: nothing does
        return None
    return (_lowest(equal, -_MAX, mid), _highest(equal, mid, _MAX))


# --- sqlglot helpers -----------------------------------------------------------------------------

DOUBLE = exp.DataType.build("double")
TEXT = exp.DataType.build("text")


def num(x: float) -> exp.Expression:
    """A DOUBLE constant that every dialect reads back as exactly ``x``.

    Up to 15 significant digits a decimal literal is exact everywhere (DuckDB turns DECIMAL into
    DOUBLE by one correctly rounded division); longer ones are written in exponent notation, which
    DuckDB, Spark, Trino and BigQuery read as a double and PostgreSQL casts exactly.
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    text = repr(x)
    digits = Decimal(text).as_tuple().digits
    if "e" in text or len(digits) > 15:
        text = f"{x:.16e}"
        if float(text) != x:  # pragma: no cover - 17 significant digits always round-trip
            raise AssertionError(text)
    lit: exp.Expression = exp.Literal.number(text.lstrip("-"))
    if text.startswith("-"):
        lit = exp.Neg(this=lit)
    return exp.cast(lit, DOUBLE)


def _col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _null(kind: exp.DataType = DOUBLE) -> exp.Expression:
    return exp.cast(exp.Null(), kind)


def _case(*whens: tuple[exp.Expression, exp.Expression], default: exp.Expression | None = None) -> exp.Case:
    c = exp.Case()
    for cond, value in whens:
        c = c.when(cond, value)
    return c.else_(default) if default is not None else c


def _int(i: int) -> exp.Expression:
    return exp.Literal.number(i)


def _str(s: str) -> exp.Expression:
    return exp.Literal.string(s)


def _paren(e: exp.Expression) -> exp.Expression:
    return exp.Paren(this=e)


def _finite(e: exp.Expression) -> exp.Expression:
    """Finite in every dialect: NaN is above every number in DuckDB, Spark and PostgreSQL and
    unordered in Trino and BigQuery; either way it is outside this range, as are infinities."""
    return exp.Between(this=e, low=num(-_MAX), high=num(_MAX))


def _judge(cmp: Comparison, x: exp.Expression) -> exp.Expression:
    """A boolean: ``cmp`` judges the value ``x`` (not NULL) met."""
    span = met_interval(cmp)
    if span is None:
        return exp.false()
    lo, hi = span
    if lo is not None and hi is not None:
        if lo == hi:
            return exp.EQ(this=x, expression=num(lo))
        return exp.and_(exp.GTE(this=x, expression=num(lo)), exp.LTE(this=x, expression=num(hi)))
    if lo is not None:
        return exp.GTE(this=x, expression=num(lo))
    if hi is not None:
        return exp.LTE(this=x, expression=num(hi))
    return exp.true()


def _rate(cmp: Comparison, x: exp.Expression) -> exp.Expression:
    """``x * 100 / bound`` as compile.py computes the achievement rate (NULL where it has none)."""
    bound = cmp.high if cmp.comparator == "at_most" else cmp.low
    if cmp.comparator == "between" or not bound:
        return _null()
    return exp.Div(this=_paren(exp.Mul(this=x, expression=num(100.0))), expression=num(bound))


def _flags(parts: Sequence[tuple[exp.Expression, str]]) -> exp.Expression:
    """Comma-separated flags in their fixed order, NULL for none: a CASE over the combinations,
    which every dialect reads (no arrays, no CONCAT_WS that skips NULLs in some and not others)."""
    if not parts:
        return _null(TEXT)
    whens = []
    n = len(parts)
    for mask in range((1 << n) - 1, 0, -1):
        conds = [parts[i][0] if mask >> (n - 1 - i) & 1 else exp.not_(parts[i][0]) for i in range(n)]
        names = [parts[i][1] for i in range(n) if mask >> (n - 1 - i) & 1]
        whens.append((exp.and_(*conds), _str(",".join(names))))
    return _case(*whens, default=_null(TEXT))


def _comment(text: str) -> str:
    return " ".join(text.split())


# --- ratio expressions ---------------------------------------------------------------------------


class _Unsupported(Exception):
    pass


class _Translator:
    """Python-float arithmetic of an expression as SQL on DOUBLE, with every division guarded.

    ``zero`` collects one condition per division (its divisor is 0): Python raises there, which
    makes the target missing and 'undefined'; Spark (ANSI) would raise too, DuckDB would give inf.
    """

    def __init__(self, env: Mapping[str, exp.Expression]) -> None:
        self.env = env
        self.zero: list[exp.Expression] = []

    def value(self, node: ast.AST) -> exp.Expression:
        if isinstance(node, ast.Expression):
            return self.value(node.body)
        if isinstance(node, ast.Expr):
            return self.value(node.value)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return num(node.value)
        if isinstance(node, ast.Name) and node.id in self.env:
            return self.env[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return exp.Neg(this=_paren(self.value(node.operand)))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return self.value(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = _paren(self.value(node.left)), _paren(self.value(node.right))
            if isinstance(node.op, ast.Add):
                return exp.Add(this=left, expression=right)
            if isinstance(node.op, ast.Sub):
                return exp.Sub(this=left, expression=right)
            if isinstance(node.op, ast.Mult):
                return exp.Mul(this=left, expression=right)
            if isinstance(node.op, ast.Div | ast.Mod):
                is_zero = exp.EQ(this=right.copy(), expression=num(0.0))
                self.zero.append(is_zero)
                if isinstance(node.op, ast.Div):
                    op: exp.Expression = exp.Div(this=left, expression=right.copy())
                else:
                    # Python's float % takes the divisor's sign: fmod, then shifted by the divisor
                    r = exp.Mod(this=left, expression=right.copy())
                    shift = exp.and_(
                        exp.NEQ(this=r.copy(), expression=num(0.0)),
                        exp.NEQ(
                            this=_paren(exp.LT(this=right.copy(), expression=num(0.0))),
                            expression=_paren(exp.LT(this=r.copy(), expression=num(0.0))),
                        ),
                    )
                    op = _case((shift, exp.Add(this=r.copy(), expression=right.copy())), default=r)
                return _case((is_zero.copy(), _null()), default=op)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords and node.args:
            args = [self.value(a) for a in node.args]
            f = node.func.id
            if f == "abs" and len(args) == 1:
                return exp.Abs(this=args[0])
            if f in ("min", "max") and len(args) >= 2:
                cls = exp.Least if f == "min" else exp.Greatest
                return cls(this=args[0], expressions=args[1:])
        raise _Unsupported(ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__)

    def truth(self, node: ast.AST) -> exp.Expression:
        """Python truthiness of a requires-expression."""
        if isinstance(node, ast.Expression):
            return self.truth(node.body)
        if isinstance(node, ast.Expr):
            return self.truth(node.value)
        if isinstance(node, ast.BoolOp):
            parts = [_paren(self.truth(v)) for v in node.values]
            return exp.and_(*parts) if isinstance(node.op, ast.And) else exp.or_(*parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return exp.not_(_paren(self.truth(node.operand)))
        if isinstance(node, ast.Compare):
            ops = {
                ast.Lt: exp.LT,
                ast.LtE: exp.LTE,
                ast.Gt: exp.GT,
                ast.GtE: exp.GTE,
                ast.Eq: exp.EQ,
                ast.NotEq: exp.NEQ,
            }
            terms = []
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) not in ops:
                    raise _Unsupported(type(op).__name__)
                terms.append(
                    ops[type(op)](this=_paren(self.value(left)), expression=_paren(self.value(right)))
                )
                left = right
            return exp.and_(*terms)
        return exp.NEQ(this=_paren(self.value(node)), expression=num(0.0))


# --- the query -----------------------------------------------------------------------------------


def _isnull(e: exp.Expression) -> exp.Expression:
    return exp.Is(this=e, expression=exp.Null())


def _notnull(e: exp.Expression) -> exp.Expression:
    return exp.Not(this=exp.Is(this=e, expression=exp.Null()))


@dataclass
class _Inputs:
    """Normalised inputs: value columns as DOUBLE with NaN as NULL, splits summed, milestones, dates."""

    present: set[str] | None
    select: dict[str, exp.Expression] = field(default_factory=dict)  # alias -> expression
    split: dict[str, exp.Expression] = field(default_factory=dict)  # second stage: sums of parts
    numbers: dict[str, str] = field(default_factory=dict)  # column -> alias of its value
    summed: dict[str, str] = field(default_factory=dict)  # column -> alias of "its split was given"
    parts: dict[str, str] = field(default_factory=dict)  # part column -> alias
    texts: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.present is None or name in self.present

    def _number(self, name: str) -> exp.Expression:
        if not self.has(name):
            return _null()
        v = exp.cast(_col(name), DOUBLE)
        # NaN is not reported. NaN = NaN holds in DuckDB, Spark and PostgreSQL; NaN <> NaN in
        # Trino and BigQuery: together the test is portable.
        nan = exp.or_(
            exp.NEQ(this=v.copy(), expression=v.copy()),
            exp.EQ(this=v.copy(), expression=exp.cast(_str("NaN"), DOUBLE)),
        )
        return _case((nan, _null()), default=v)

    def number(self, name: str, parts: Sequence[str] = ()) -> str:
        if name in self.numbers:
            return self.numbers[name]
        alias = f"__x{len(self.numbers)}"
        self.numbers[name] = alias
        given = [p for p in parts if self.has(p)]
        for p in parts:
            self.parts.setdefault(p, "")  # "": absent from the table, never given
        if not given:
            self.select[alias] = self._number(name)
            return alias
        # split by agency: the parts and the value in the first stage, their sum in the second
        palias = []
        for p in given:
            pa = f"__p{len(self.parts)}_{len(palias)}"
            self.parts[p] = pa
            self.select[pa] = self._number(p)
            palias.append(pa)
        valias = f"__v{len(self.numbers)}"
        self.select[valias] = self._number(name)
        ualias = f"__u{len(self.summed)}"
        self.summed[name] = ualias
        self.split[ualias] = exp.or_(*(_notnull(exp.column(pa)) for pa in palias))
        # sum(...) in Python starts at 0 and adds the given parts left to right; so does this
        total: exp.Expression = num(0.0)
        for pa in palias:
            total = exp.Add(this=total, expression=exp.Coalesce(this=exp.column(pa), expressions=[num(0.0)]))
        self.split[alias] = _case((self.split[ualias].copy(), total), default=exp.column(valias))
        return alias

    def text(self, name: str) -> str:
        if name not in self.texts:
            alias = f"__m{len(self.texts)}"
            self.texts[name] = alias
            self.select[alias] = exp.cast(_col(name), TEXT) if self.has(name) else _null(TEXT)
        return self.texts[name]

    def date(self, name: str) -> str:
        if name not in self.dates:
            alias = f"__d{len(self.dates)}"
            self.dates[name] = alias
            kind = exp.DataType.build("date")
            self.select[alias] = exp.cast(_col(name), kind) if self.has(name) else _null(kind)
        return self.dates[name]


@dataclass
class _Target:
    key: str
    comment: str
    status: exp.Expression
    actual: exp.Expression
    rate: exp.Expression
    flags: exp.Expression
    level: int = 0  # composites of composites come later


def rule_columns(rules: Any, year: int) -> list[TableColumn]:
    """Every column the year's rules read, in first-use order (the kernel's columns)."""
    cols: dict[str, TableColumn] = {}

    def add(c: TableColumn) -> None:
        if c.name not in cols:
            cols[c.name] = c

    for cm in rules:
        if year not in cm.years:
            continue
        meas = cm.measure
        agencies = _agencies(cm, year)
        for ct in cm.years[year]:
            key = f"{meas.measure}:{ct.target.id}"
            for n in ct.metrics:
                name = f"{meas.measure}.{n}"
                if meas.metrics[n].unit == "milestone":
                    add(TableColumn(name, "milestone", needed_by=key))
                    t = ct.target
                    if isinstance(t, m.CompletionTarget) and t.deadline is not None:
                        add(TableColumn(name + ".date", "date", needed_by=key))
                    continue
                add(TableColumn(name, "number", needed_by=key))
                for a in agencies.get(n, ()):
                    add(TableColumn(f"{name}[{a}]", "number", required=False, parts_of=name, needed_by=key))
    return list(cols.values())


def _agencies(cm: Any, year: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ct in cm.years[year]:
        if isinstance(ct.target, m.BreakdownTarget):
            lst = out.setdefault(ct.target.metric, [])
            lst.extend(a for a in ct.target.parts if a not in lst)
    return out


def compile_query(
    rules: Any,
    year: int,
    *,
    table: str | exp.Expression = "submissions",
    present: Iterable[str] | None = None,
    passthrough: Sequence[str] = (),
    status: Literal["word", "code"] = "word",
) -> Query:
    """The query judging every row of ``table`` against ``year``'s targets.

    ``present``: the table's columns, when known (absent optional columns read as NULL; None means
    all are there). ``passthrough``: columns copied to the output first (e.g. a submission id).
    ``status``: the status as a word, or as its code (0 met, 1 unmet, 2 not_applicable, 3 missing).
    """
    inputs = _Inputs(None if present is None else set(present))
    targets: list[_Target] = []
    problems: list[Problem] = []
    for cm in rules:
        if year not in cm.years:
            continue
        meas = cm.measure
        agencies = _agencies(cm, year)
        done: dict[str, _Target] = {}
        for ct in cm.years[year]:
            try:
                tg = _target(cm, ct, inputs, agencies, done)
            except _Unsupported as exc:
                problems.append(
                    Problem(
                        f"target {meas.measure}:{ct.target.id}: the expression part {exc} has no exact SQL "
                        "counterpart (SQL supports + - * / %, unary -, min, max, abs and comparisons)",
                        file=cm.file,
                        code="sql_unsupported",
                    )
                )
                continue
            done[ct.target.id] = tg
        order = [t.id for t in meas.years[year].targets]
        targets.extend(done[i] for i in order if i in done)
    if problems:
        raise RuleError(problems)
    return _assemble(year, targets, inputs, rule_columns(rules, year), table, passthrough, status)


def _target(
    cm: Any, ct: Any, inputs: _Inputs, agencies: Mapping[str, list[str]], done: Mapping[str, _Target]
) -> _Target:
    meas = cm.measure
    t = ct.target
    key = f"{meas.measure}:{t.id}"
    mno = meas.measure

    def number(metric: str) -> tuple[exp.Expression, exp.Expression | None]:
        name = f"{mno}.{metric}"
        alias = inputs.number(name, [f"{name}[{a}]" for a in agencies.get(metric, ())])
        u = inputs.summed.get(name)
        return exp.column(alias), (exp.column(u) if u else None)

    missing = _int(MISSING)
    if isinstance(t, m.NoTarget):
        return _Target(key, f"{key} none (目標值「無」)", _int(NOT_APPLICABLE), _null(), _null(), _null(TEXT))
    if isinstance(t, m.ThresholdTarget | m.FrequencyTarget):
        if isinstance(t, m.FrequencyTarget):
            cmp = Comparison("at_least", float(t.required), None, None)
            what = f"frequency: {mno}.{t.metric} >= {t.required:g} ({t.units} x {t.times} per {t.every})"
        else:
            cmp = Comparison.of(t)
            what = f"threshold: {mno}.{t.metric} {_describe(cmp)}"
        x, u = number(t.metric)
        status = _case((_isnull(x), missing), (_judge(cmp, x), _int(MET)), default=_int(UNMET))
        flags = _flags([(exp.and_(_notnull(x), u), "summed")]) if u is not None else _null(TEXT)
        return _Target(key, f"{key} {what}", status, x, _rate(cmp, x), flags)
    if isinstance(t, m.GrowthTarget):
        cmp = Comparison.of(t)
        x, ux = number(t.metric)
        gone = [_isnull(x)]
        summed = [ux] if ux is not None else []
        if t.baseline_metric:
            b, ub = number(t.baseline_metric)
            gone.append(_isnull(b))
            if ub is not None:
                summed.append(ub)
            base_text = f"{mno}.{t.baseline_metric}"
        else:
            b = num(t.baseline)  # type: ignore[arg-type]
            base_text = f"{t.baseline:g}"
        absent = exp.or_(*gone)
        zero = exp.EQ(this=b.copy(), expression=num(0.0)) if t.baseline_metric else exp.false()
        growth = exp.Mul(
            this=_paren(exp.Div(this=_paren(exp.Sub(this=x, expression=b.copy())), expression=b.copy())),
            expression=num(100.0),
        )
        g = _case((absent.copy(), _null()), (zero.copy(), _null()), default=growth)
        status = _case(
            (absent.copy(), missing),
            (zero.copy(), missing),
            (_judge(cmp, g.copy()), _int(MET)),
            default=_int(UNMET),
        )
        parts = []
        if summed:
            parts.append((exp.and_(exp.not_(_paren(absent.copy())), _paren(exp.or_(*summed))), "summed"))
        if t.baseline_metric:
            parts.append((exp.and_(exp.not_(_paren(absent.copy())), zero.copy()), "undefined"))
        what = f"growth: ({mno}.{t.metric} - {base_text}) / {base_text} * 100 {_describe(cmp)}"
        return _Target(key, f"{key} {what}", status, g, _null(), _flags(parts))
    if isinstance(t, m.RatioTarget):
        cmp = Comparison.of(t)
        names = sorted(ct.metrics)
        env: dict[str, exp.Expression] = {}
        summed = []
        for n in names:
            x, u = number(n)
            env[n] = x
            if u is not None:
                summed.append(u)
        tr = _Translator(env)
        value = tr.value(Expression(t.expression).tree)
        zero = exp.or_(*tr.zero) if tr.zero else exp.false()
        checks = [tr.truth(Expression(r).tree) for r in t.requires]
        absent = exp.or_(*(_isnull(env[n].copy()) for n in names)) if names else exp.false()
        # undefined: a division by zero, or a value that is not finite
        undefined = exp.or_(_paren(zero), exp.not_(_paren(_finite(value.copy()))))
        g = _case((absent.copy(), _null()), (undefined.copy(), _null()), default=value)
        status = _case(
            (absent.copy(), missing),
            (undefined.copy(), missing),
            (_judge(cmp, g.copy()), _int(MET)),
            default=_int(UNMET),
        )
        present = exp.not_(_paren(absent.copy()))
        parts = []
        if summed:
            parts.append((exp.and_(present.copy(), _paren(exp.or_(*summed))), "summed"))
        if checks:
            broken = exp.or_(*(exp.not_(_paren(c)) for c in checks))
            parts.append(
                (exp.and_(present.copy(), exp.func("COALESCE", _paren(broken), exp.false())), "inconsistent")
            )
        parts.append((exp.and_(present.copy(), _paren(undefined.copy())), "undefined"))
        what = f"ratio: {t.expression} {_describe(cmp)}"
        return _Target(key, f"{key} {what}", status, g, _rate(cmp, g.copy()), _flags(parts))
    if isinstance(t, m.CompletionTarget):
        metric = meas.metrics[t.metric]
        assert metric.milestones is not None
        ids = [ms.id for ms in metric.milestones]
        need = ids.index(t.reach)
        name = f"{mno}.{t.metric}"
        x = exp.column(inputs.text(name))
        rank = _case(*((exp.EQ(this=x.copy(), expression=_str(i)), _int(k)) for k, i in enumerate(ids)))
        reached = exp.GTE(this=rank.copy(), expression=_int(need))
        unknown = exp.and_(_notnull(x.copy()), _isnull(rank.copy()))
        if t.deadline is not None:
            d = exp.column(inputs.date(name + ".date"))
            dl = exp.cast(_str(t.deadline.isoformat()), exp.DataType.build("date"))
            on_time = exp.and_(_notnull(d), exp.LTE(this=d.copy(), expression=dl))
            met = exp.and_(reached, on_time)
            flags = _flags(
                [
                    (unknown.copy(), "unknown_milestone"),
                    (exp.and_(_notnull(rank.copy()), _isnull(d.copy())), "undated"),
                ]
            )
        else:
            met = reached
            flags = _flags([(unknown.copy(), "unknown_milestone")])
        status = _case((_isnull(rank.copy()), missing), (met, _int(MET)), default=_int(UNMET))
        actual = exp.cast(exp.Add(this=rank.copy(), expression=_int(1)), DOUBLE)
        what = f"completion: {name} reaches {t.reach}" + (
            f" by {t.deadline.isoformat()}" if t.deadline else ""
        )
        return _Target(key, f"{key} {what}", status, actual, _null(), flags)
    if isinstance(t, m.CompositeTarget):
        need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
        subs = [done[i] for i in t.of if i in done]
        level = 1 + max((s.level for s in subs), default=0)

        def count(code: int) -> exp.Expression:
            terms = [
                _case(
                    (
                        exp.EQ(this=exp.column(_alias("s", s.key), quoted=True), expression=_int(code)),
                        _int(1),
                    ),
                    default=_int(0),
                )
                for s in subs
            ]
            total: exp.Expression = _int(0)
            for term in terms:
                total = exp.Add(this=total, expression=term)
            return _paren(total)

        n, mis = count(MET), count(MISSING)
        status = _case(
            (exp.GTE(this=n, expression=_int(need)), _int(MET)),
            (exp.GTE(this=exp.Add(this=n.copy(), expression=mis), expression=_int(need)), missing),
            default=_int(UNMET),
        )
        what = f"composite: {t.mode} ({need} of {', '.join(t.of)})"
        return _Target(key, f"{key} {what}", status, exp.cast(n.copy(), DOUBLE), _null(), _null(TEXT), level)
    if isinstance(t, m.BreakdownTarget):
        x, u = number(t.metric)
        checks_ok: list[exp.Expression] = []
        checks_missing: list[exp.Expression] = []
        if t.total is not None:
            tc = Comparison("at_least", t.total, None, None)
            if t.require in ("all", "total"):
                checks_ok.append(_judge(tc, x))
            rate = _rate(tc, x)
        else:
            goal = sum(t.parts.values())
            rate = (
                exp.Div(this=_paren(exp.Mul(this=x, expression=num(100.0))), expression=num(goal))
                if goal
                else _null()
            )
        if t.require in ("all", "parts"):
            for agency, goal_a in t.parts.items():
                pname = f"{mno}.{t.metric}[{agency}]"
                pa = inputs.parts.get(pname, "")
                if not pa or u is None:
                    checks_missing.append(exp.true())
                    continue
                pv = exp.column(pa)
                checks_missing.append(exp.or_(exp.not_(u.copy()), _isnull(pv)))
                checks_ok.append(_judge(Comparison("at_least", goal_a, None, None), pv.copy()))
        whens = [(_isnull(x.copy()), missing)]
        if checks_missing:
            whens.append((exp.or_(*checks_missing), missing))
        ok = exp.and_(*checks_ok) if checks_ok else exp.true()
        status = _case(*whens, (ok, _int(MET)), default=_int(UNMET))
        flags = _flags([(exp.and_(_notnull(x.copy()), u.copy()), "summed")]) if u is not None else _null(TEXT)
        parts_text = ", ".join(f"{a} >= {g:g}" for a, g in t.parts.items())
        what = f"breakdown: {mno}.{t.metric}" + (f" total >= {t.total:g}" if t.total is not None else "")
        what += f"; parts {parts_text}; require {t.require}"
        return _Target(key, f"{key} {what}", status, x.copy(), rate, flags)
    raise _Unsupported(f"target kind {t.kind!r}")


def _describe(cmp: Comparison) -> str:
    c = cmp.comparator
    if c == "at_least":
        text = f">= {cmp.low:g}"
    elif c == "at_most":
        text = f"<= {cmp.high:g}"
    elif c == "equal":
        text = f"= {cmp.low:g}"
    else:
        text = f"between {cmp.low:g} and {cmp.high:g}"
    return text + (f" (half-up at {cmp.precision} decimals)" if cmp.precision is not None else "")


def _alias(kind: str, key: str) -> str:
    return f"__{kind}_{key}"


def _assemble(
    year: int,
    targets: list[_Target],
    inputs: _Inputs,
    columns: list[TableColumn],
    table: str | exp.Expression,
    passthrough: Sequence[str],
    status_as: str,
) -> Query:
    source = exp.to_table(table) if isinstance(table, str) else table
    # stage 1: inputs normalised; stage 2..: judged targets, composites after their members
    stage: exp.Select = exp.select(exp.Star(), *(exp.alias_(e, a) for a, e in inputs.select.items())).from_(
        source
    )
    if inputs.split:
        stage = exp.select(exp.Star(), *(exp.alias_(e, a) for a, e in inputs.split.items())).from_(
            stage.subquery("__inputs")
        )
    levels = sorted({t.level for t in targets})
    for lv in levels:
        cols = []
        for t in targets:
            if t.level != lv:
                continue
            cols += [
                exp.alias_(t.status, _alias("s", t.key), quoted=True),
                exp.alias_(t.actual, _alias("a", t.key), quoted=True),
                exp.alias_(t.rate, _alias("r", t.key), quoted=True),
                exp.alias_(t.flags, _alias("f", t.key), quoted=True),
            ]
        stage = exp.select(exp.Star(), *cols).from_(stage.subquery(f"__level{lv}"))
    words = [s.value for s in STATUS_CODES]
    final: list[exp.Expression] = [_col(p) for p in passthrough]
    outputs: list[str] = []
    for t in targets:
        s = exp.column(_alias("s", t.key), quoted=True)
        if status_as == "word":
            sv: exp.Expression = _case(
                *((exp.EQ(this=s.copy(), expression=_int(i)), _str(w)) for i, w in enumerate(words))
            )
        else:
            sv = exp.cast(s, exp.DataType.build("tinyint"))
        first = exp.alias_(sv, output_name(t.key, "status"), quoted=True)
        first.add_comments([_comment(t.comment)])
        final += [
            first,
            exp.alias_(
                exp.column(_alias("a", t.key), quoted=True), output_name(t.key, "actual"), quoted=True
            ),
            exp.alias_(exp.column(_alias("r", t.key), quoted=True), output_name(t.key, "rate"), quoted=True),
            exp.alias_(exp.column(_alias("f", t.key), quoted=True), output_name(t.key, "flags"), quoted=True),
        ]
        outputs += [output_name(t.key, w) for w in ("status", "actual", "rate", "flags")]
    tree = exp.select(*final).from_(stage.subquery("__judged"))
    return Query(year, tree, [t.key for t in targets], columns, outputs, list(passthrough))


# --- checking a table's columns before the query runs --------------------------------------------

ColumnType = Literal["number", "text", "date", "null", "other"]


def check_columns(
    columns: Sequence[TableColumn], schema: Mapping[str, tuple[ColumnType, str]], where: str = "table"
) -> None:
    """Raise TableError naming every needed column that is missing or of the wrong type.

    ``schema``: the table's columns -> (type class, the engine's type name). A value column may be
    left out only where the table splits it by agency ("<m>.<metric>[<agency>]" columns).
    """
    problems: list[Problem] = []
    names = list(schema)
    present = set(names)
    has_parts = {c.parts_of for c in columns if c.parts_of and c.name in present}
    accept: dict[str, set[str]] = {
        "number": {"number", "null"},
        "milestone": {"text", "null"},
        "date": {"date", "text", "null"},
    }
    expected = {
        "number": "a numeric column (integer, decimal or floating point)",
        "milestone": "a text column of milestone ids",
        "date": "a DATE or TIMESTAMP column (or ISO dates as text)",
    }
    for c in columns:
        if c.name not in present:
            if not c.required or c.name in has_parts:
                continue
            problems.append(
                Problem(
                    f"column {c.name!r} is missing; target {c.needed_by} reads it",
                    file=where,
                    code="missing_column",
                    expected=f"a column {c.name!r}: {expected[c.kind]}",
                    found=f"{len(names)} columns"
                    + (f" ({', '.join(names[:6])}{' ...' if len(names) > 6 else ''})" if names else ""),
                    hint=did_you_mean(c.name, names),
                )
            )
            continue
        cls, type_name = schema[c.name]
        if cls not in accept[c.kind]:
            problems.append(
                Problem(
                    f"column {c.name!r} has type {type_name}; target {c.needed_by} needs {expected[c.kind]}",
                    file=where,
                    code="column_type",
                    expected=expected[c.kind],
                    found=type_name,
                    hint=(
                        "numbers written as people write them (1億, 72.69%) are read by "
                        "evaluate_columns(engine='numpy'); convert the column to a number first"
                        if c.kind == "number" and cls == "text"
                        else None
                    ),
                )
            )
    if problems:
        raise TableError(problems)
