"""SQL: a year's rule set compiled to ONE query over a table with one row per submission.

    q = compile_query(rules, 107)                 # a sqlglot expression tree, built once
    print(q.sql("duckdb"))                         # or "spark", "postgres", "trino", "bigquery"

The table has the columns of ``evaluate_columns`` ("<measure>.<metric>", milestone ids as text,
"<measure>.<metric>.date" for deadlines, "<measure>.<metric>[<agency>]" for per-agency splits, and
optionally "period_end", the date a row's figures run to: a value judged from a row whose period ends
before the year does is flagged provisional, as judging.provisional says for a report's period).
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
bisection over the doubles with judging.judged and judging.window themselves, and the query
compares the raw value with those two constants. The SQL verdict is then the Python verdict by construction, in every dialect,
and costs two comparisons a row. Constants are written so every dialect reads back the same double.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import struct
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

try:
    from sqlglot import exp
except ModuleNotFoundError as _exc:  # pragma: no cover - depends on what is installed
    from target_rules.extras import missing_message

    raise ModuleNotFoundError(missing_message("sqlglot", "compiling rules to SQL"), name="sqlglot") from _exc

from target_rules.engine.judging import (
    MET,
    MISSING,
    NOT_APPLICABLE,
    STATUS_CODES,
    UNMET,
    final_from,
    judged,
    window,
)
from target_rules.engine.kernel import PERIOD_END
from target_rules.errors import Problem, ReportError, RuleError
from target_rules.language import spec as sp
from target_rules.language.spec import Bounds, MeasureSpec, TargetSpec
from target_rules.messages import Code, say
from target_rules.suggest import did_you_mean

__all__ = [
    "DIALECTS",
    "OUTPUTS",
    "Query",
    "TableColumn",
    "TableError",
    "check_columns",
    "compile_query",
    "met_interval",
    "query_for_table",
    "rule_columns",
    "target_keys",
]

DIALECTS = ("duckdb", "spark", "postgres", "trino", "bigquery")
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
    float_mod: list[tuple[str, str | None]] = field(default_factory=list)  # (key, rule file) using %

    def sql(self, dialect: str = "duckdb", *, pretty: bool = True) -> str:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
        if dialect in _NO_FLOAT_MOD and self.float_mod:
            raise RuleError(
                [
                    Problem(
                        say("sql_unsupported.modulo", target=key, dialect=_DIALECT_NAMES[dialect]),
                        file=file,
                        code=Code.SQL_UNSUPPORTED,
                    )
                    for key, file in self.float_mod
                ]
            )
        limit = _NAME_BYTES.get(dialect)
        if limit is not None:
            _check_names(self.tree, limit, dialect)
        tree = self.tree
        if dialect in _IEEE_NAN:
            tree = tree.transform(_nan_to_null_ieee)
        return tree.sql(dialect=dialect, pretty=pretty, comments=True)


_IEEE_NAN = ("trino", "bigquery")  # dialects where NaN = NaN is false, as IEEE 754 says
# Dialects with no floating-point remainder: PostgreSQL's % and MOD take integers and NUMERIC only,
# BigQuery's MOD integers and NUMERIC only, and a double converts to NUMERIC rounded to 15 digits
# (0.3 % 0.1 would be 0, where Python's is 0.09999999999999998). No exact query exists there.
_NO_FLOAT_MOD = ("postgres", "bigquery")
_DIALECT_NAMES = {
    "duckdb": "DuckDB",
    "spark": "Spark SQL",
    "postgres": "PostgreSQL",
    "trino": "Trino",
    "bigquery": "BigQuery",
}
# PostgreSQL cuts a longer name to its first 63 bytes (NAMEDATALEN - 1): two columns could become one
_NAME_BYTES = {"postgres": 63}


def _check_names(tree: exp.Expression, limit: int, dialect: str) -> None:
    """Raise TableError naming each identifier (a column the query reads or writes) longer than
    the dialect keeps, before a warehouse silently shortens it."""
    long = sorted({i.name for i in tree.find_all(exp.Identifier) if len(i.name.encode()) > limit})
    if long:
        raise TableError(
            [
                Problem(
                    say(
                        "name_too_long",
                        name=name,
                        n=len(name.encode()),
                        limit=limit,
                        dialect=_DIALECT_NAMES[dialect],
                    ),
                    code=Code.NAME_TOO_LONG,
                    found=str(len(name.encode())),
                )
                for name in long
            ]
        )


def _nan() -> exp.Expression:
    return exp.cast(exp.Literal.string("NaN"), DOUBLE)


def _nan_to_null_ieee(node: exp.Expression) -> exp.Expression:
    """NULLIF(v, NaN) -> CASE WHEN IS_NAN(v) THEN NULL ELSE v END, for dialects where NaN <> NaN."""
    if isinstance(node, exp.Nullif) and node.expression == _nan():
        v = node.this
        return exp.Case(
            ifs=[exp.If(this=exp.IsNan(this=v.copy()), true=exp.cast(exp.Null(), DOUBLE))], default=v.copy()
        )
    return node


OUTPUTS = ("status", "actual", "rate", "flags")  # per target, in this order
_KINDS = ("s", "a", "r", "f")  # their internal aliases


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


def met_interval(bounds: Bounds) -> tuple[float | None, float | None] | None:
    """The raw doubles ``bounds`` judges met, as [low, high] (None: open), or None when none is.

    judging.py accepts a value when its judged (rounded) value lies in the window. Rounding is
    monotone, so each side of the window accepts an interval of raw values; its end is found by
    bisection over the doubles with judging.judged itself, so comparing a raw value with the ends
    decides exactly as judging.judge does.
    """
    w = window(bounds)
    p = bounds.precision
    lo = hi = None
    if w.lo is not None:
        wlo = w.lo
        lo = _lowest(lambda x: judged(x, p) >= wlo, -_MAX, _MAX)
        if lo is None:
            return None
    if w.hi is not None:
        whi = w.hi
        hi = _highest(lambda x: judged(x, p) <= whi, -_MAX, _MAX)
        if hi is None:
            return None
    if lo is not None and hi is not None and lo > hi:
        return None
    return (None if lo == -_MAX else lo, None if hi == _MAX else hi)


# --- sqlglot helpers -----------------------------------------------------------------------------

DOUBLE = exp.DataType.build("double")
TEXT = exp.DataType.build("text")
TINYINT = exp.DataType.build("tinyint")


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
        c = c.when(cond, value, copy=False)  # callers copy what they reuse; sqlglot's copies cost most
    return c.else_(default, copy=False) if default is not None else c


def _int(i: int) -> exp.Expression:
    return exp.Literal.number(i)


def _code(status: int) -> exp.Expression:
    """A status code as a TINYINT constant: each status CASE is then TINYINT itself, which the
    output's CAST keeps as it is (DuckDB judged 1M rows ~20% faster than casting INTEGER CASEs)."""
    return exp.cast(_int(status), TINYINT)


def _str(s: str) -> exp.Expression:
    return exp.Literal.string(s)


def _paren(e: exp.Expression) -> exp.Expression:
    """Parentheses where precedence needs them (the tree prints as it is built)."""
    if isinstance(
        e, exp.Column | exp.Literal | exp.Cast | exp.Paren | exp.Null | exp.Boolean | exp.Case | exp.Func
    ):
        return e
    return exp.Paren(this=e)


def _finite(e: exp.Expression) -> exp.Expression:
    """Finite in every dialect: NaN is above every number in DuckDB, Spark and PostgreSQL and
    unordered in Trino and BigQuery; either way it is outside this range, as are infinities."""
    return exp.Between(this=e, low=num(-_MAX), high=num(_MAX))


def _judge(bounds: Bounds, x: exp.Expression) -> exp.Expression:
    """A boolean: ``bounds`` judges the value ``x`` (not NULL) met."""
    span = met_interval(bounds)
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
        self.mod = False  # a % was translated (no exact counterpart in some dialects, see _NO_FLOAT_MOD)

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
                self.mod = self.mod or isinstance(node.op, ast.Mod)
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
    final_from: dt.date | None = None  # judging.final_from of the year, where the table has period_end

    def has(self, name: str) -> bool:
        return self.present is None or name in self.present

    def provisional(self, judged: exp.Expression) -> list[tuple[Any, str]]:
        """The provisional flag of a value judged where ``judged`` holds: the row's period_end is
        before judging.final_from (none without a period_end column), first of the flags."""
        if self.final_from is None:
            return []
        if "__prov" not in self.select:
            end = exp.cast(_col(PERIOD_END), exp.DataType.build("date"))
            final = exp.cast(_str(self.final_from.isoformat()), exp.DataType.build("date"))
            self.select["__prov"] = exp.Coalesce(
                this=exp.LT(this=end, expression=final), expressions=[exp.false()]
            )
        return [(exp.and_(_paren(judged.copy()), exp.column("__prov")), "provisional")]

    def _number(self, name: str) -> exp.Expression:
        if not self.has(name):
            return _null()
        # NaN is not reported: NULLIF(v, NaN), since NaN = NaN holds in DuckDB, Spark and
        # PostgreSQL; Query.sql rewrites it for Trino and BigQuery, where NaN <> NaN.
        return exp.Nullif(this=exp.cast(_col(name), DOUBLE), expression=_nan())

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
    pre: dict[str, exp.Expression] = field(default_factory=dict)  # values computed one stage before
    mod: bool = False  # computes a floating-point % (see _NO_FLOAT_MOD)
    provisional: exp.Expression | None = None  # when its flags say provisional (composites read it)


def _specs(rules: Any, year: int) -> list[MeasureSpec]:
    return [cm.specs[year] for cm in rules if year in cm.specs]


def target_keys(rules: Any, year: int) -> list[str]:
    """ "<measure>:<target id>" of every target of ``year``, in report order (the query's order)."""
    return [f"{ms.measure}:{tid}" for ms in _specs(rules, year) for tid in ms.order]


def rule_columns(rules: Any, year: int) -> list[TableColumn]:
    """Every column the year's rules read, in first-use order (the kernel's columns)."""
    cols: dict[str, TableColumn] = {}
    for ms in _specs(rules, year):
        split = dict(ms.split)
        for t in ms.targets:
            key = f"{ms.measure}:{t.id}"
            for n in t.inputs:
                name = f"{ms.measure}.{n}"
                found: list[TableColumn] = []
                if ms.metric(n).milestones:
                    found.append(TableColumn(name, "milestone", needed_by=key))
                    if isinstance(t, sp.CompletionSpec) and t.deadline is not None:
                        found.append(TableColumn(name + ".date", "date", needed_by=key))
                else:
                    found.append(TableColumn(name, "number", needed_by=key))
                    found += [
                        TableColumn(f"{name}[{a}]", "number", required=False, parts_of=name, needed_by=key)
                        for a in split.get(n, ())
                    ]
                for c in found:
                    cols.setdefault(c.name, c)
    if cols:  # a row that reports anything may say when its period ends (see kernel.PERIOD_END)
        first = next(iter(cols.values())).needed_by
        cols[PERIOD_END] = TableColumn(PERIOD_END, "date", required=False, needed_by=first)
    return list(cols.values())


def compile_query(
    rules: Any,
    year: int,
    *,
    table: str | exp.Expression = "submissions",
    present: Iterable[str] | None = None,
    passthrough: Sequence[str] = (),
    status: Literal["word", "code"] = "word",
    outputs: Sequence[str] = OUTPUTS,
    nan: bool = False,
    only: Collection[str] | None = None,
    period_end: bool | None = None,
) -> Query:
    """The query judging every row of ``table`` against ``year``'s targets (``rules``: a RuleSet).

    ``present``: the table's columns, when known (absent optional columns read as NULL; None means
    all are there). ``passthrough``: columns copied to the output first (e.g. a submission id).
    ``status``: the status as a word, or as its code (0 met, 1 unmet, 2 not_applicable, 3 missing).
    ``outputs``: which of status, actual, rate and flags to return per target (default: all four).
    ``nan``: NaN instead of NULL where there is no actual or rate (numpy's convention: the columns
    then convert to float arrays without a copy).
    ``only``: the "<measure>:<target id>" keys to judge (None: all). The query then reads, plans
    and computes just those (a composite's members are judged for it but not returned), so a caller
    that wants a few targets does not pay for the rest; each one's expressions are the same.
    ``period_end``: the table has a "period_end" DATE column (kernel.PERIOD_END); a value judged
    from a row whose period ends before the year does is flagged provisional. None: whether
    ``present`` lists it (no, when ``present`` is None).
    """
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise ValueError(f"outputs are {', '.join(OUTPUTS)}, not {', '.join(unknown)}")
    wanted = None if only is None else set(only)
    if wanted is not None:
        missing = sorted(wanted - set(target_keys(rules, year)))
        if missing:
            raise ValueError(f"no such target in {year}: {', '.join(missing)}")
    inputs = _Inputs(None if present is None else set(present))
    if period_end or (period_end is None and inputs.present is not None and PERIOD_END in inputs.present):
        inputs.final_from = final_from(rules.plan.calendar.year_end(year))  # the plan's calendar
    targets: list[_Target] = []
    problems: list[Problem] = []
    files = {cm.measure.measure: cm.file for cm in rules}
    for ms in _specs(rules, year):
        done: dict[str, _Target] = {}
        needed = _needed(ms, wanted)
        for t in ms.targets:
            if t.id not in needed:
                continue
            try:
                done[t.id] = _target(ms, t, inputs, done)
            except _Unsupported as exc:
                problems.append(
                    Problem(
                        say("sql_unsupported.judges", target=f"{ms.measure}:{t.id}", detail=str(exc)),
                        file=files.get(ms.measure),
                        code=Code.SQL_UNSUPPORTED,
                    )
                )
        targets.extend(done[i] for i in ms.order if i in done)
    if problems:
        raise RuleError(problems)
    read = [c for c in rule_columns(rules, year) if c.name != PERIOD_END or inputs.final_from is not None]
    q = _assemble(year, targets, inputs, read, table, passthrough, status, outputs, nan, wanted)
    q.float_mod = [(t.key, files.get(int(t.key.split(":", 1)[0]))) for t in targets if t.mod]
    return q


def _needed(ms: MeasureSpec, wanted: set[str] | None) -> set[str]:
    """Ids of ``ms``'s targets to build: the wanted ones and, for a composite, its members."""
    if wanted is None:
        return {t.id for t in ms.targets}
    members = {t.id: t.members if isinstance(t, sp.CompositeSpec) else () for t in ms.targets}
    todo = [tid for tid in members if f"{ms.measure}:{tid}" in wanted]
    needed: set[str] = set()
    while todo:
        tid = todo.pop()
        if tid not in needed:
            needed.add(tid)
            todo.extend(members.get(tid, ()))
    return needed


def _target(ms: MeasureSpec, t: TargetSpec, inputs: _Inputs, done: Mapping[str, _Target]) -> _Target:
    """One target's status, actual, rate and flags as SQL expressions over the normalised inputs."""
    mno = ms.measure
    key = f"{mno}:{t.id}"
    split = dict(ms.split)

    def number(metric: str) -> tuple[exp.Expression, exp.Expression | None]:
        name = f"{mno}.{metric}"
        alias = inputs.number(name, [f"{name}[{a}]" for a in split.get(metric, ())])
        u = inputs.summed.get(name)
        return exp.column(alias), (exp.column(u) if u else None)

    def rate(b: Bounds | None, x: exp.Expression, base: float | None = None) -> exp.Expression:
        base = b.rate_base if b is not None else base
        if not base:
            return _null()
        return exp.Div(this=_paren(exp.Mul(this=x.copy(), expression=num(100.0))), expression=num(base))

    missing = _code(MISSING)
    prov: list[tuple[Any, str]]  # the provisional flag, where a period_end column says
    if isinstance(t, sp.NoTargetSpec):
        return _Target(
            key, f"{key} none: not applicable", _code(NOT_APPLICABLE), _null(), _null(), _null(TEXT)
        )
    if isinstance(t, sp.ThresholdSpec | sp.FrequencySpec):
        b = t.bounds
        if isinstance(t, sp.FrequencySpec):
            what = f"frequency: {mno}.{t.metric.name} {_describe(b)} ({t.units} x {t.times} per {t.every})"
        else:
            what = f"threshold: {mno}.{t.metric.name} {_describe(b)}"
        x, u = number(t.metric.name)
        status = _case((_isnull(x), missing), (_judge(b, x), _code(MET)), default=_code(UNMET))
        prov = inputs.provisional(_notnull(x))
        summed_flag: list[tuple[Any, str]] = []
        if u is not None:
            summed_flag.append((exp.and_(_notnull(x), u), "summed"))
        flags = _flags(prov + summed_flag)
        return _Target(key, f"{key} {what}", status, x.copy(), rate(b, x), flags, provisional=_when(prov))
    if isinstance(t, sp.GrowthSpec):
        x, ux = number(t.metric.name)
        gone = [_isnull(x)]
        summed = [ux] if ux is not None else []
        if t.baseline_metric is not None:
            base, ub = number(t.baseline_metric)
            gone.append(_isnull(base))
            summed += [ub] if ub is not None else []
            base_text = f"{mno}.{t.baseline_metric}"
            zero: exp.Expression = exp.EQ(this=base.copy(), expression=num(0.0))
        else:
            assert t.baseline is not None
            base, base_text, zero = num(t.baseline), f"{t.baseline:g}", exp.false()
        absent = exp.or_(*gone)
        growth = exp.Mul(
            this=_paren(
                exp.Div(this=_paren(exp.Sub(this=x.copy(), expression=base.copy())), expression=base.copy())
            ),
            expression=num(100.0),
        )
        v = _ref("v", key)  # NULL when absent or over a zero baseline
        pre = {v.name: _case((zero.copy(), _null()), default=growth) if t.baseline_metric else growth}
        status = _case(
            (absent.copy(), missing),
            (zero.copy(), missing),
            (_judge(t.bounds, v), _code(MET)),
            default=_code(UNMET),
        )
        present = exp.not_(_paren(absent.copy()))
        prov = inputs.provisional(present)
        flags = list(prov)
        if summed:
            flags.append((exp.and_(present.copy(), _paren(exp.or_(*summed))), "summed"))
        if t.baseline_metric is not None:
            flags.append((exp.and_(present.copy(), zero.copy()), "undefined"))
        what = f"growth: ({mno}.{t.metric.name} - {base_text}) / {base_text} * 100 {_describe(t.bounds)}"
        actual_rate = rate(t.bounds, v) if t.rate else _null()
        return _Target(
            key,
            f"{key} {what}",
            status,
            v.copy(),
            actual_rate,
            _flags(flags),
            pre=pre,
            provisional=_when(prov),
        )
    if isinstance(t, sp.RatioSpec):
        env: dict[str, exp.Expression] = {}
        summed = []
        for n in t.inputs:
            x, u = number(n)
            env[n] = x
            summed += [u] if u is not None else []
        tr = _Translator(env)
        value = tr.value(t.expression.tree)
        checks = [tr.truth(r.tree) for r in t.requires]
        v, z, inc = _ref("v", key), _ref("z", key), _ref("i", key)
        pre = {v.name: value, z.name: exp.or_(*tr.zero) if tr.zero else exp.false()}
        if checks:
            broken = exp.or_(*(exp.not_(_paren(c)) for c in checks))
            pre[inc.name] = exp.Coalesce(this=_paren(broken), expressions=[exp.false()])
        absent = exp.or_(*(_isnull(env[n].copy()) for n in t.inputs)) if t.inputs else exp.false()
        # undefined: a division by zero (v is NULL then), or a value that is not finite
        undefined = exp.or_(z, exp.not_(_paren(_finite(v.copy()))))
        status = _case(
            (absent.copy(), missing),
            (undefined.copy(), missing),
            (_judge(t.bounds, v.copy()), _code(MET)),
            default=_code(UNMET),
        )
        actual = _case((exp.or_(absent.copy(), undefined.copy()), _null()), default=v.copy())
        present = exp.not_(_paren(absent.copy()))
        prov = inputs.provisional(present)
        flags = list(prov)
        if summed:
            flags.append((exp.and_(present.copy(), _paren(exp.or_(*summed))), "summed"))
        if checks:
            flags.append((exp.and_(present.copy(), inc), "inconsistent"))
        flags.append((exp.and_(present.copy(), _paren(undefined.copy())), "undefined"))
        what = f"ratio: {t.expression.text} {_describe(t.bounds)}"
        target = _Target(key, f"{key} {what}", status, actual, rate(t.bounds, actual), _flags(flags), pre=pre)
        target.mod, target.provisional = tr.mod, _when(prov)
        return target
    if isinstance(t, sp.CompletionSpec):
        ids = t.metric.milestones
        name = f"{mno}.{t.metric.name}"
        x = exp.column(inputs.text(name))
        rank = _ref("k", key)  # the milestone's position, NULL when none or unknown
        pre = {
            rank.name: _case(
                *((exp.EQ(this=x.copy(), expression=_str(i)), _int(k)) for k, i in enumerate(ids))
            )
        }
        reached = exp.GTE(this=rank.copy(), expression=_int(t.need))
        unknown = exp.and_(_notnull(x.copy()), _isnull(rank.copy()))
        prov = inputs.provisional(_notnull(x.copy()))
        flags = [*prov, (unknown.copy(), "unknown_milestone")]
        if t.deadline is not None:
            d = exp.column(inputs.date(name + ".date"))
            deadline = exp.cast(_str(t.deadline.isoformat()), exp.DataType.build("date"))
            met = exp.and_(reached, _notnull(d), exp.LTE(this=d.copy(), expression=deadline))
            flags.append((exp.and_(_notnull(rank.copy()), _isnull(d.copy())), "undated"))
        else:
            met = reached
        status = _case((_isnull(rank.copy()), missing), (met, _code(MET)), default=_code(UNMET))
        actual = exp.cast(exp.Add(this=rank.copy(), expression=_int(1)), DOUBLE)
        what = f"completion: {name} reaches {t.reach}" + (
            f" by {t.deadline.isoformat()}" if t.deadline else ""
        )
        return _Target(
            key, f"{key} {what}", status, actual, _null(), _flags(flags), pre=pre, provisional=_when(prov)
        )
    if isinstance(t, sp.CompositeSpec):
        subs = [done[i] for i in t.members if i in done]
        level = 1 + max((s.level for s in subs), default=0)

        def count(code: int) -> exp.Expression:
            total: exp.Expression = _int(0)
            for s in subs:
                is_code = exp.EQ(this=exp.column(_alias("s", s.key), quoted=True), expression=_int(code))
                total = exp.Add(this=total, expression=_case((is_code, _int(1)), default=_int(0)))
            return _paren(total)

        n = count(MET)
        status = _case(
            (exp.GTE(this=n, expression=_int(t.need)), _code(MET)),
            (
                exp.GTE(this=exp.Add(this=n.copy(), expression=count(MISSING)), expression=_int(t.need)),
                missing,
            ),
            default=_code(UNMET),
        )
        what = f"composite: {t.mode}, {t.need} of {', '.join(t.members)} met"
        # provisional when a member is (judging a composite reads no figure of its own)
        members = [s.provisional.copy() for s in subs if s.provisional is not None]
        prov = [(exp.or_(*members), "provisional")] if members else []
        flags = _flags(prov)
        return _Target(
            key,
            f"{key} {what}",
            status,
            exp.cast(n.copy(), DOUBLE),
            _null(),
            flags,
            level,
            provisional=_when(prov),
        )
    if isinstance(t, sp.BreakdownSpec):
        x, u = number(t.metric.name)
        ok: list[exp.Expression] = []
        gone: list[exp.Expression] = [_isnull(x)]
        if t.total is not None and t.require in ("all", "total"):
            ok.append(_judge(t.total, x))
        if t.require in ("all", "parts"):
            for part in t.parts:
                pa = inputs.parts.get(f"{mno}.{t.metric.name}[{part.agency}]", "")
                if not pa or u is None:
                    gone.append(exp.true())  # no column for this agency: its part is never given
                    continue
                pv = exp.column(pa)
                gone.append(exp.or_(exp.not_(u.copy()), _isnull(pv)))
                ok.append(_judge(part.bounds, pv.copy()))
        status = _case(
            (exp.or_(*gone), missing), (exp.and_(*ok) if ok else exp.true(), _code(MET)), default=_code(UNMET)
        )
        prov = inputs.provisional(_notnull(x.copy()))
        summed_flag = [(exp.and_(_notnull(x.copy()), u.copy()), "summed")] if u is not None else []
        flags = _flags(prov + summed_flag)
        parts_text = ", ".join(f"{p.agency} >= {p.bounds.low:g}" for p in t.parts)
        what = f"breakdown: {mno}.{t.metric.name}" + (f" total {_describe(t.total)}" if t.total else "")
        what += f"; parts {parts_text or 'none'}; require {t.require}"
        actual_rate = rate(t.total, x, t.rate_base)
        return _Target(key, f"{key} {what}", status, x.copy(), actual_rate, flags, provisional=_when(prov))
    raise _Unsupported(f"target kind {t.kind!r}")


def _when(flags: Sequence[tuple[exp.Expression, str]]) -> exp.Expression | None:
    """The condition of the provisional flag among ``flags`` (Inputs.provisional puts it first)."""
    return flags[0][0].copy() if flags and flags[0][1] == "provisional" else None


def _describe(b: Bounds) -> str:
    c = b.comparator
    if c == "at_least":
        text = f">= {b.low:g}"
    elif c == "at_most":
        text = f"<= {b.high:g}"
    elif c == "equal":
        text = f"= {b.low:g}"
    else:
        text = f"between {b.low:g} and {b.high:g}"
    return text + (f" (half-up at {b.precision} decimals)" if b.precision is not None else "")


def _alias(kind: str, key: str) -> str:
    return f"__{kind}_{key}"


def _ref(kind: str, key: str) -> exp.Column:
    return exp.column(_alias(kind, key), quoted=True)


def _assemble(
    year: int,
    targets: list[_Target],
    inputs: _Inputs,
    columns: list[TableColumn],
    table: str | exp.Expression,
    passthrough: Sequence[str],
    status_as: str,
    what: Sequence[str],
    nan: bool,
    returned: set[str] | None = None,
) -> Query:
    source = exp.to_table(table) if isinstance(table, str) else table
    # stage 1: inputs normalised; stage 2..: judged targets, composites after their members
    stage: exp.Select = exp.select(exp.Star(), *(exp.alias_(e, a) for a, e in inputs.select.items())).from_(
        source
    )
    if inputs.split:
        stage = exp.select(exp.Star(), *(exp.alias_(e, a) for a, e in inputs.split.items())).from_(
            stage.subquery("__inputs", copy=False), copy=False
        )
    pre = {a: e for t in targets for a, e in t.pre.items()}
    if pre:
        stage = exp.select(exp.Star(), *(exp.alias_(e, a, quoted=True) for a, e in pre.items())).from_(
            stage.subquery("__values", copy=False), copy=False
        )
    levels = sorted({t.level for t in targets})
    for lv in levels:
        cols = []
        for t in targets:
            if t.level != lv:
                continue
            for kind, e in (("s", t.status), ("a", t.actual), ("r", t.rate), ("f", t.flags)):
                if kind == "s" or OUTPUTS[_KINDS.index(kind)] in what:  # composites read statuses
                    cols.append(exp.alias_(e, _alias(kind, t.key), quoted=True))
        stage = exp.select(exp.Star(), *cols).from_(stage.subquery(f"__level{lv}", copy=False), copy=False)
    words = [s.value for s in STATUS_CODES]
    final: list[exp.Expression] = [_col(p) for p in passthrough]
    outputs: list[str] = []
    shown = [t for t in targets if returned is None or t.key in returned]
    for t in shown:
        s = exp.column(_alias("s", t.key), quoted=True)
        if status_as == "word":
            sv: exp.Expression = exp.Case(
                this=s.copy(), ifs=[exp.If(this=_int(i), true=_str(w)) for i, w in enumerate(words)]
            )
        else:
            sv = exp.cast(s, TINYINT)
        named: list[exp.Expression] = []
        for kind, name in zip(_KINDS, OUTPUTS, strict=True):
            if name not in what:
                continue
            value = sv if kind == "s" else exp.column(_alias(kind, t.key), quoted=True)
            if nan and kind in ("a", "r"):
                value = exp.Coalesce(this=value, expressions=[_nan()])
            named.append(exp.alias_(value, output_name(t.key, name), quoted=True))
            outputs.append(output_name(t.key, name))
        if named:
            named[0].add_comments([_comment(t.comment)])
        final += named
    tree = exp.select(*final).from_(stage.subquery("__judged", copy=False), copy=False)
    return Query(year, tree, [t.key for t in shown], columns, outputs, list(passthrough))


def query_for_table(
    rules: Any,
    year: int,
    schema: Mapping[str, tuple[ColumnType, str]],
    *,
    where: str,
    table: str,
    status: Literal["word", "code"] = "word",
    outputs: Sequence[str] = OUTPUTS,
    nan: bool = False,
    only: Collection[str] | None = None,
) -> Query:
    """The query for a table whose columns are known: checked first (TableError), then compiled
    with every column the rules do not read kept in front (ids, agency names)."""
    needed = rule_columns(rules, year)
    check_columns(needed, schema, where)
    read = {c.name for c in needed}
    return compile_query(
        rules,
        year,
        table=table,
        present=schema,
        passthrough=[c for c in schema if c not in read],
        status=status,
        outputs=outputs,
        nan=nan,
        only=only,
    )


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
    expected = {kind: say(f"ui.column.{kind}") for kind in ("number", "milestone", "date")}
    for c in columns:
        if c.name not in present:
            if not c.required or c.name in has_parts:
                continue
            problems.append(
                Problem(
                    say("missing_column.table", name=c.name, target=c.needed_by),
                    file=where,
                    code=Code.MISSING_COLUMN,
                    expected=say("ui.column_of", name=c.name, kind=expected[c.kind]),
                    found=say(
                        "ui.n_columns_named",
                        n=len(names),
                        names=", ".join(names[:6]) + (" ..." if len(names) > 6 else ""),
                    )
                    if names
                    else say("ui.n_columns", n=0),
                    hint=did_you_mean(c.name, names),
                )
            )
            continue
        cls, type_name = schema[c.name]
        if cls not in accept[c.kind]:
            problems.append(
                Problem(
                    say(
                        Code.COLUMN_TYPE,
                        name=c.name,
                        type=type_name,
                        target=c.needed_by,
                        expected=expected[c.kind],
                    ),
                    file=where,
                    code=Code.COLUMN_TYPE,
                    expected=expected[c.kind],
                    found=type_name,
                    hint=say("hint.numpy_engine.convert") if c.kind == "number" and cls == "text" else None,
                )
            )
    if problems:
        raise TableError(problems)
