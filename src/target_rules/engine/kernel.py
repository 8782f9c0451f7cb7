"""Generated evaluators: a rule set compiled into Python source, one function per measure and year.

compile.py builds one closure per target; that is the reference semantics. This module turns the
same validated models into straight-line Python (constants inlined, no per-target call, no dispatch)
for the two hot paths:

* ``measure_function(cm, year)`` -> ``f(metrics, period_end, year_end) -> list[Verdict]``, the same
  verdicts ``CompiledMeasure.evaluate`` returns. The common case (a plain reported value) is inlined;
  anything rarer (per-agency splits, periods, breakdowns, division by zero ...) calls the target's
  closure, so both paths agree by construction there. Used by ``evaluate_many``.
* ``kernel(rules, year)`` -> a ``Kernel`` whose ``fn(row)`` judges one flat row of column values
  ("<measure>.<metric>") and returns per target (status code, actual, achievement rate, flags).
  Used by ``evaluate_columns`` on plain lists and as the scalar fallback of the numpy path.

Safety: the generated source contains only names we made up (``x3``, ``_K12``), metric identifiers
(validated against ``[A-Za-z_][A-Za-z0-9_]*`` again here), ``repr`` of finite ints/floats, and the
operators of a whitelisted expression AST. Every string that came from a rule file (ids, labels,
agencies, quotes) is passed in the namespace as a constant, never spliced into the source.
tests/test_codegen.py checks that both paths give the same facts.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import keyword
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from target_rules.engine.verdict import Status, Verdict
from target_rules.language import model as m
from target_rules.language.compile import Comparison, CompiledMeasure, MeasureValues, _tol
from target_rules.quantities import round_half_up

__all__ = ["STATUS_CODES", "Kernel", "kernel", "measure_function"]

# status codes used by the kernel and the columnar API
MET, UNMET, NOT_APPLICABLE, MISSING = 0, 1, 2, 3
STATUS_CODES: tuple[Status, ...] = (Status.MET, Status.UNMET, Status.NOT_APPLICABLE, Status.MISSING)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
_VERDICT_FIELDS = (
    "measure year target_id kind status label actual target_value comparator unit judged precision "
    "margin achievement_rate flags agency metric_label quotes period_end parts part_of decision detail"
).split()
_POSITIONAL = [f.name for f in dataclasses.fields(Verdict)][: len(_VERDICT_FIELDS)] == _VERDICT_FIELDS


class CodegenError(AssertionError):
    """Something that must never reach generated source tried to (a bug, not a user error)."""


def _judged(value: float, precision: int) -> float:
    """round_half_up, skipping Decimal when the value already has at most ``precision`` decimals."""
    return value if round(value, precision) == value else round_half_up(value, precision)


class _Source:
    """Accumulates lines and a namespace; the only ways to put text into the source are checked."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.ns: dict[str, Any] = {
            "_V": Verdict,
            "_MV": MeasureValues,
            "_MET": Status.MET,
            "_UNMET": Status.UNMET,
            "_NA": Status.NOT_APPLICABLE,
            "_MISSING": Status.MISSING,
            "_judged": _judged,
            "_isclose": math.isclose,
            "_isfinite": math.isfinite,
            "_PROV": ("provisional",),
            "_SUMMED": ("summed",),
            "_D": {},
        }
        self._consts: dict[int, str] = {}

    def const(self, obj: Any) -> str:
        """A namespace name bound to ``obj`` (any object, including user text)."""
        key = id(obj)
        if key in self._consts:
            return self._consts[key]
        name = f"_K{len(self._consts)}"
        self._consts[key] = name
        self.ns[name] = obj
        return name

    @staticmethod
    def num(x: Any) -> str:
        if isinstance(x, bool):
            x = int(x)
        if isinstance(x, int):
            return repr(x)
        if isinstance(x, float) and math.isfinite(x):
            return repr(x)
        raise CodegenError(f"not a finite number: {x!r}")

    def opt(self, x: float | None) -> str:
        return "None" if x is None else self.num(float(x))

    @staticmethod
    def ident(name: str) -> str:
        if not isinstance(name, str) or not _IDENT.match(name) or keyword.iskeyword(name):
            raise CodegenError(f"not an identifier: {name!r}")
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def build(self, name: str, filename: str) -> Callable[..., Any]:
        source = "\n".join(self.lines) + "\n"
        code = compile(source, filename, "exec")
        exec(code, self.ns)
        fn = self.ns[name]
        fn.__source__ = source  # kept for debugging and the tests
        return fn


# --- expressions (ratio targets) -----------------------------------------------------------------

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_CALLS = {"min", "max", "abs"}


class _Unsupported(Exception):
    pass


def _expr_source(node: ast.AST, names: Mapping[str, str], src: _Source, logic: bool) -> str:
    """Python source for a whitelisted expression tree; ``names`` maps metrics to local variables.

    Only operators whose Python meaning equals simpleeval's on numbers are translated; anything
    else raises _Unsupported and the caller keeps using simpleeval for that target.
    """
    if isinstance(node, ast.Expression | ast.Expr):
        return _expr_source(node.body if isinstance(node, ast.Expression) else node.value, names, src, logic)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return src.num(node.value)
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise _Unsupported
        return names[src.ident(node.id)]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left = _expr_source(node.left, names, src, False)
        right = _expr_source(node.right, names, src, False)
        return f"({left} {_BINOPS[type(node.op)]} {right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        op = "-" if isinstance(node.op, ast.USub) else "+"
        return f"({op}{_expr_source(node.operand, names, src, False)})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS:
        if node.keywords or not node.args:
            raise _Unsupported
        args = ", ".join(_expr_source(a, names, src, False) for a in node.args)
        return f"{node.func.id}({args})"
    if logic and isinstance(node, ast.Compare) and all(type(o) in _CMPOPS for o in node.ops):
        parts = [_expr_source(node.left, names, src, False)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            parts += [_CMPOPS[type(op)], _expr_source(right, names, src, False)]
        return "(" + " ".join(parts) + ")"
    if logic and isinstance(node, ast.BoolOp):
        op = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + op.join(_expr_source(v, names, src, True) for v in node.values) + ")"
    if logic and isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return f"(not {_expr_source(node.operand, names, src, True)})"
    raise _Unsupported


# --- comparisons ---------------------------------------------------------------------------------


def _tolerance(bound: float) -> float:
    """compile.py's tolerance around a bound (float noise of computed values)."""
    return _tol(bound)


def _ok_on_judged(cmp: Comparison, j: str, src: _Source) -> str:
    """A boolean expression on the judged (rounded) value ``j`` equal to ``cmp.judge(...)[0]``."""
    c = cmp.comparator
    if c == "at_least":
        assert cmp.low is not None
        return f"{j} >= {src.num(cmp.low - _tolerance(cmp.low))}"
    if c == "at_most":
        assert cmp.high is not None
        return f"{j} <= {src.num(cmp.high + _tolerance(cmp.high))}"
    if c == "equal":
        assert cmp.low is not None
        return f"abs({j} - {src.num(cmp.low)}) <= {src.num(_tolerance(cmp.low))}"
    assert cmp.low is not None and cmp.high is not None
    return f"{src.num(cmp.low - _tolerance(cmp.low))} <= {j} <= {src.num(cmp.high + _tolerance(cmp.high))}"


def _status_condition(cmp: Comparison, x: str, src: _Source) -> str:
    """A boolean expression on the raw value ``x`` equal to ``cmp.judge(x)[0]``.

    With a precision, rounding moves a value by at most half a unit of the last decimal, so a value
    more than one unit away from the bound is decided without rounding; only values near the bound
    pay for round_half_up.
    """
    p = cmp.precision
    if p is None:
        return _ok_on_judged(cmp, x, src)
    exact = _ok_on_judged(cmp, f"_judged({x}, {p})", src)
    unit = 10.0**-p
    if cmp.comparator == "at_least":
        bound = cmp.low - _tolerance(cmp.low)  # type: ignore[operator]
        return f"({x} >= {src.num(bound + unit)} or ({x} >= {src.num(bound - unit)} and {exact}))"
    if cmp.comparator == "at_most":
        bound = cmp.high + _tolerance(cmp.high)  # type: ignore[operator]
        return f"({x} <= {src.num(bound - unit)} or ({x} <= {src.num(bound + unit)} and {exact}))"
    return exact


def _rate(cmp: Comparison, x: str, src: _Source) -> str:
    c = cmp.comparator
    bound = cmp.high if c == "at_most" else cmp.low
    if c == "between" or not bound:
        return "None"
    return f"{x} * 100 / {src.num(bound)}"


def _judge_lines(cmp: Comparison, x: str, src: _Source, ind: int, rate: bool = True) -> None:
    """Emit ``j, ok, mg, rt`` = Comparison.judge(x)."""
    p = cmp.precision
    src.add(ind, f"j = {x}" if p is None else f"j = _judged({x}, {p})")
    src.add(ind, f"ok = {_ok_on_judged(cmp, 'j', src)}")
    c = cmp.comparator
    if c in ("at_least", "equal"):
        src.add(ind, f"mg = j - {src.num(cmp.low)}")
    elif c == "at_most":
        src.add(ind, f"mg = {src.num(cmp.high)} - j")
    else:
        lo, hi = src.num(cmp.low), src.num(cmp.high)
        src.add(ind, f"mg = min(j - {lo}, {hi} - j)")
    src.add(ind, f"rt = {_rate(cmp, x, src) if rate else 'None'}")


# --- verdicts: one function per measure and year ------------------------------------------------


def _label(text: m.Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en or text.zh}


def _verdict_call(src: _Source, **kw: str) -> str:
    """Source for Verdict(...): positional when the field order is the one we know."""
    defaults = {
        "actual": "None",
        "target_value": "None",
        "comparator": "None",
        "unit": "None",
        "judged": "None",
        "precision": "None",
        "margin": "None",
        "achievement_rate": "None",
        "flags": "()",
        "agency": "None",
        "metric_label": "None",
        "quotes": "()",
        "period_end": "None",
        "parts": "()",
        "part_of": "None",
        "decision": "None",
        "detail": "{}",
    }
    args = {**defaults, **kw}
    if _POSITIONAL:
        return "_V(" + ", ".join(args[f] for f in _VERDICT_FIELDS) + ")"
    return "_V(" + ", ".join(f"{f}={args[f]}" for f in _VERDICT_FIELDS) + ")"


def measure_function(
    cm: CompiledMeasure, year: int
) -> Callable[[Mapping[str, Any], dt.date, dt.date], list[Verdict]]:
    """Generate ``f(metrics, period_end, year_end) -> list[Verdict]`` for one measure and year."""
    src = _Source()
    meas = cm.measure
    compiled = cm.years.get(year, [])
    local = {ct.target.id: f"v{i}" for i, ct in enumerate(compiled)}
    src.add(0, "def measure(metrics, pe, ye):")
    src.add(1, "g = metrics.get")
    src.add(1, "mv = _MV(metrics, pe, ye)")
    src.add(1, "fl = _PROV if pe < ye else ()")
    for i, ct in enumerate(compiled):
        t = ct.target
        v = local[t.id]
        fallback = f"{v} = {src.const(ct.evaluate)}(mv, _D)"
        common = {
            "measure": src.num(meas.measure),
            "year": src.num(year),
            "target_id": src.const(t.id),
            "kind": src.const(t.kind),
            "label": f"{{'zh': {src.const(t.label.zh)}, 'en': {src.const(t.label.en or t.label.zh)}}}",
            "agency": src.const(t.agency),
            "decision": src.const(t.decision),
        }
        src.add(1, f"# target {i}: {t.kind}")
        if isinstance(t, m.NoTarget):
            src.add(1, f"{v} = " + _verdict_call(src, **common, status="_NA"))
        elif isinstance(t, m.ThresholdTarget | m.FrequencyTarget):
            metric = meas.metrics[t.metric]
            if isinstance(t, m.FrequencyTarget):
                cmp = Comparison("at_least", float(t.required), None, None)
                detail = f"{{'units': {src.num(t.units)}, 'times': {src.num(t.times)}, 'every': {src.const(t.every)}}}"
            else:
                cmp = Comparison.of(t)
                detail = (
                    "{}"
                    if cmp.comparator != "between"
                    else f"{{'between': [{src.num(cmp.low)}, {src.num(cmp.high)}]}}"
                )
            src.add(1, f"rv = g({src.const(src.ident(t.metric))})")
            src.add(1, "if rv is not None and rv.value is not None and rv.period is None:")
            src.add(2, "a = rv.value")
            _judge_lines(cmp, "a", src, 2)
            src.add(2, "q = rv.quote")
            call = _verdict_call(
                src,
                **common,
                status="_MET if ok else _UNMET",
                actual="a",
                target_value=src.opt(cmp.target),
                comparator=src.const(cmp.comparator),
                unit=src.const(metric.unit),
                judged="j",
                precision=src.const(cmp.precision),
                margin="mg",
                achievement_rate="rt",
                flags="fl",
                metric_label=src.const(_label(metric.label)),
                quotes="(q,) if q else ()",
                period_end="pe",
                detail=detail,
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, m.GrowthTarget):
            metric = meas.metrics[t.metric]
            cmp = Comparison.of(t)
            names = [t.metric] + ([t.baseline_metric] if t.baseline_metric else [])
            src.add(1, f"rv = g({src.const(src.ident(t.metric))})")
            cond = "rv is not None and rv.value is not None and rv.period is None"
            if t.baseline_metric:
                src.add(1, f"rb = g({src.const(src.ident(t.baseline_metric))})")
                cond += " and rb is not None and rb.value is not None and rb.period is None and rb.value != 0"
            src.add(1, f"if {cond}:")
            src.add(2, "c = rv.value")
            src.add(2, "b = rb.value" if t.baseline_metric else f"b = {src.num(t.baseline)}")
            src.add(2, "a = (c - b) / b * 100")
            _judge_lines(cmp, "a", src, 2, rate=False)  # growth verdicts carry no achievement rate
            quotes = " + ".join(f"(({r}.quote,) if {r}.quote else ())" for r in ["rv", "rb"][: len(names)])
            call = _verdict_call(
                src,
                **common,
                status="_MET if ok else _UNMET",
                actual="a",
                target_value=src.opt(cmp.target),
                comparator=src.const(cmp.comparator),
                unit=src.const("%"),
                judged="j",
                precision=src.const(cmp.precision),
                margin="mg",
                achievement_rate="rt",
                flags="fl",
                metric_label=src.const(_label(metric.label)),
                quotes=quotes,
                period_end="pe",
                detail=f"{{'current': c, 'baseline': b, 'metric_unit': {src.const(metric.unit)}}}",
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, m.RatioTarget):
            _ratio_verdict(src, t, ct, v, common, fallback)
        elif isinstance(t, m.CompletionTarget):
            metric = meas.metrics[t.metric]
            assert metric.milestones is not None
            order = {ms.id: i for i, ms in enumerate(metric.milestones)}
            labels = {ms.id: _label(ms.label) for ms in metric.milestones}
            need = order[t.reach]
            src.add(1, f"rv = g({src.const(src.ident(t.metric))})")
            src.add(1, f"if rv is not None and rv.milestone in {src.const(order)} and rv.period is None:")
            src.add(2, f"k = {src.const(order)}[rv.milestone]")
            src.add(2, "q = rv.quote")
            if t.deadline is None:
                src.add(2, "ok = k >= " + src.num(need))
                src.add(2, "f = fl")
            else:
                dl = src.const(t.deadline)
                src.add(2, f"ok = k >= {src.num(need)} and rv.date is not None and rv.date <= {dl}")
                src.add(2, "f = fl if rv.date is not None else fl + ('undated',)")
            detail = (
                f"{{'required': {src.const(t.reach)}, 'required_label': {src.const(labels[t.reach])}, "
                f"'deadline': {src.const(t.deadline)}, 'reached': rv.milestone, "
                f"'reached_label': {src.const(labels)}[rv.milestone], 'date': rv.date}}"
            )
            call = _verdict_call(
                src,
                **common,
                status="_MET if ok else _UNMET",
                actual="float(k + 1)",
                target_value=src.num(float(need + 1)),
                comparator=src.const("reach"),
                unit=src.const("milestone"),
                margin=f"float(k - {src.num(need)})",
                flags="f",
                metric_label=f"dict({src.const(_label(metric.label))})",
                quotes="(q,) if q else ()",
                period_end="pe",
                detail=detail,
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, m.CompositeTarget):
            need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
            subs = [local[i] for i in t.of if i in local]
            tup = "(" + "".join(f"{s}, " for s in subs) + ")"
            met = " + ".join(f"({s}.status is _MET)" for s in subs) or "0"
            miss = " + ".join(f"({s}.status is _MISSING)" for s in subs) or "0"
            prov = " or ".join(f"'provisional' in {s}.flags" for s in subs) or "False"
            src.add(1, f"n = {met}")
            src.add(1, f"nm = {miss}")
            call = _verdict_call(
                src,
                **common,
                status=f"_MET if n >= {need} else (_MISSING if n + nm >= {need} else _UNMET)",
                actual="float(n)",
                target_value=src.num(float(need)),
                comparator=src.const(t.mode),
                unit=src.const("targets"),
                margin=f"float(n - {need})",
                flags=f"_PROV if ({prov}) else ()",
                parts=tup,
                detail=f"{{'k': {src.num(need)}, 'of': list({src.const(tuple(t.of))})}}",
            )
            src.add(1, f"{v} = {call}")
        else:  # breakdown and anything new: the closure
            src.add(1, fallback)
    for tid, owner in cm.members.get(year, {}).items():
        if tid in local:
            src.add(1, f"{local[tid]}.part_of = {src.const(owner)}")
    order = [t.id for t in meas.years[year].targets] if year in meas.years else []
    src.add(1, "return [" + ", ".join(local[i] for i in order if i in local) + "]")
    return src.build("measure", f"<target_rules measure {meas.measure} year {year}>")


def _ratio_verdict(
    src: _Source, t: m.RatioTarget, ct: Any, v: str, common: dict[str, str], fallback: str
) -> None:
    cmp = Comparison.of(t)
    names = sorted(ct.metrics)
    locs = {n: f"i{k}" for k, n in enumerate(names)}
    try:
        from target_rules.language.expression import Expression

        expr = _expr_source(Expression(t.expression).tree, locs, src, False)
        reqs = [(_expr_source(Expression(r).tree, locs, src, True), r) for r in t.requires]
    except _Unsupported:
        src.add(1, fallback)
        return
    for n in names:
        src.add(1, f"r_{locs[n]} = g({src.const(src.ident(n))})")
    cond = " and ".join(
        f"r_{locs[n]} is not None and r_{locs[n]}.value is not None and r_{locs[n]}.period is None"
        for n in names
    )
    src.add(1, f"if {cond or 'True'}:")
    for n in names:
        src.add(2, f"{locs[n]} = r_{locs[n]}.value")
    src.add(2, "try:")
    src.add(3, f"a = float({expr})")
    src.add(2, "except ArithmeticError:")
    src.add(3, "a = None")
    src.add(1, "else:")
    src.add(2, "a = None")
    src.add(1, "if a is None or not _isfinite(a):")
    src.add(2, fallback)
    src.add(1, "else:")
    _judge_lines(cmp, "a", src, 2)
    src.add(2, "f = fl")
    inputs = "{" + ", ".join(f"{src.const(n)}: {locs[n]}" for n in names) + "}"
    detail_extra = ""
    if reqs:
        src.add(2, "br = []")
        for code, text in reqs:
            src.add(2, f"if not {code}:")
            src.add(3, f"br.append({src.const(text)})")
        src.add(2, "if br:")
        src.add(3, "f = f + ('inconsistent',)")
        detail_extra = ", 'inconsistent': br"
    # the closure sets 'inconsistent' after 'inputs'; only when something broke
    quotes = " + ".join(f"((r_{locs[n]}.quote,) if r_{locs[n]}.quote else ())" for n in names) or "()"
    detail = f"{{'expression': {src.const(t.expression)}, 'inputs': {inputs}}}"
    call = _verdict_call(
        src,
        **common,
        status="_MET if ok else _UNMET",
        actual="a",
        target_value=src.opt(cmp.target),
        comparator=src.const(cmp.comparator),
        unit=src.const(t.unit),
        judged="j",
        precision=src.const(cmp.precision),
        margin="mg",
        achievement_rate="rt",
        flags="f",
        quotes=quotes,
        period_end="pe",
        detail=detail,
    )
    src.add(2, f"{v} = {call}")
    if detail_extra:
        src.add(2, "if br:")
        src.add(3, f"{v}.detail['inconsistent'] = br")


# --- the flat-row kernel -------------------------------------------------------------------------


@dataclasses.dataclass
class Kernel:
    """``fn(row)`` judges one row; row[i] is the value of ``columns[i]``.

    Returns a flat tuple: for each target in ``keys`` (status code, actual, achievement rate, flags).
    ``keys`` are (measure, target id) in the order of ``Evaluation.verdicts``.
    """

    year: int
    columns: list[str]
    keys: list[tuple[int, str]]
    fn: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    milestone_columns: set[str]
    date_columns: set[str]
    part_columns: dict[str, tuple[str, list[str]]]  # "<m>.<metric>" -> (value column, part columns)


def column_name(measure: int, metric: str) -> str:
    return f"{measure}.{metric}"


def kernel(rules: Any, year: int) -> Kernel:
    """Generate the row kernel of every measure with targets in ``year`` (``rules`` is a RuleSet)."""
    src = _Source()
    columns: list[str] = []
    col_index: dict[str, int] = {}

    def col(name: str) -> str:
        if name not in col_index:
            col_index[name] = len(columns)
            columns.append(name)
        return f"r[{col_index[name]}]"

    keys: list[tuple[int, str]] = []
    out: list[str] = []
    milestone_cols: set[str] = set()
    date_cols: set[str] = set()
    part_cols: dict[str, tuple[str, list[str]]] = {}
    body: list[tuple[int, str]] = []
    src.add(0, "def kernel(r):")
    for mi, cm in enumerate(rules):
        if year not in cm.years:
            continue
        meas = cm.measure
        compiled = cm.years[year]
        # which metrics are read, and which are split by agency (breakdown targets)
        agencies: dict[str, list[str]] = {}
        used: list[str] = []
        for ct in compiled:
            for n in ct.metrics:
                if n not in used:
                    used.append(n)
            if isinstance(ct.target, m.BreakdownTarget):
                lst = agencies.setdefault(ct.target.metric, [])
                lst.extend(a for a in ct.target.parts if a not in lst)
        xs: dict[str, str] = {}
        us: dict[str, str | None] = {}
        for k, n in enumerate(used):
            x, u = f"x{mi}_{k}", f"u{mi}_{k}"
            xs[n] = x
            name = column_name(meas.measure, src.ident(n))
            if meas.metrics[n].unit == "milestone":
                milestone_cols.add(name)
                src.add(1, f"{x} = {col(name)}")
                src.add(1, f"if {x} != {x}: {x} = None")
                us[n] = None
                if any(
                    isinstance(ct.target, m.CompletionTarget) and ct.target.metric == n and ct.target.deadline
                    for ct in compiled
                ):
                    date_cols.add(name + ".date")
                    src.add(1, f"d{mi}_{k} = {col(name + '.date')}")
                continue
            if n in agencies:
                pcs = [f"{name}[{a}]" for a in agencies[n]]
                part_cols[name] = (name, pcs)
                # part column names hold agency text: they are looked up by index, never spliced
                refs = [col(p) for p in pcs]
                src.add(1, f"p{mi}_{k} = [p for p in ({', '.join(refs)},) if p is not None and p == p]")
                src.add(1, f"if p{mi}_{k}:")
                src.add(2, f"{x} = sum(p{mi}_{k})")
                src.add(2, f"{u} = True")
                src.add(1, "else:")
                src.add(2, f"{x} = {col(name)}")
                src.add(2, f"if {x} != {x}: {x} = None")
                src.add(2, f"{u} = False")
                us[n] = u
            else:
                src.add(1, f"{x} = {col(name)}")
                src.add(1, f"if {x} != {x}: {x} = None")
                us[n] = None
        status_of: dict[str, str] = {}
        for ti, ct in enumerate(compiled):
            t = ct.target
            s, a, q, f = (f"s{mi}_{ti}", f"a{mi}_{ti}", f"q{mi}_{ti}", f"f{mi}_{ti}")
            status_of[t.id] = s
            body.append((meas.measure, t.id))
            _kernel_target(src, cm, t, ct, xs, us, (s, a, q, f), status_of, f"d{mi}_", col)
        order = [t.id for t in meas.years[year].targets]
        by_id = {ct.target.id: ti for ti, ct in enumerate(compiled)}
        for tid in order:
            if tid in by_id:
                ti = by_id[tid]
                keys.append((meas.measure, tid))
                out.append(f"s{mi}_{ti}, a{mi}_{ti}, q{mi}_{ti}, f{mi}_{ti}")
    src.add(1, "return (" + "".join(o + ", " for o in out) + ")")
    fn = src.build("kernel", f"<target_rules kernel year {year}>")
    return Kernel(year, columns, keys, fn, milestone_cols, date_cols, part_cols)


def _flags_expr(names: list[str], us: Mapping[str, str | None]) -> str:
    summed = [us[n] for n in names if us.get(n)]
    return f"(_SUMMED if ({' or '.join(summed)}) else ())" if summed else "()"


def _kernel_target(
    src: _Source,
    cm: CompiledMeasure,
    t: Any,
    ct: Any,
    xs: Mapping[str, str],
    us: Mapping[str, str | None],
    out: tuple[str, str, str, str],
    status_of: Mapping[str, str],
    dprefix: str,
    col: Callable[[str], str],
) -> None:
    s, a, q, f = out
    ind = 1

    def missing(i: int) -> None:
        src.add(i, f"{s} = 3; {a} = None; {q} = None; {f} = ()")

    if isinstance(t, m.NoTarget):
        src.add(ind, f"{s} = 2; {a} = None; {q} = None; {f} = ()")
        return
    if isinstance(t, m.ThresholdTarget | m.FrequencyTarget):
        cmp = (
            Comparison.of(t)
            if isinstance(t, m.ThresholdTarget)
            else Comparison("at_least", float(t.required), None, None)
        )
        x = xs[t.metric]
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, "else:")
        src.add(ind + 1, f"{s} = 0 if {_status_condition(cmp, x, src)} else 1")
        src.add(ind + 1, f"{a} = {x}; {q} = {_rate(cmp, x, src)}; {f} = {_flags_expr([t.metric], us)}")
        return
    if isinstance(t, m.GrowthTarget):
        cmp = Comparison.of(t)
        x = xs[t.metric]
        names = [t.metric]
        cond = f"{x} is None"
        if t.baseline_metric:
            names.append(t.baseline_metric)
            base = xs[t.baseline_metric]
            cond += f" or {base} is None"
        else:
            base = src.num(t.baseline)
        src.add(ind, f"if {cond}:")
        missing(ind + 1)
        if t.baseline_metric:
            src.add(ind, f"elif {base} == 0:")
            src.add(
                ind + 1, f"{s} = 3; {a} = None; {q} = None; {f} = {_flags_expr(names, us)} + ('undefined',)"
            )
        src.add(ind, "else:")
        src.add(ind + 1, f"g = ({x} - {base}) / {base} * 100")
        src.add(ind + 1, f"{s} = 0 if {_status_condition(cmp, 'g', src)} else 1")
        src.add(ind + 1, f"{a} = g; {q} = None; {f} = {_flags_expr(names, us)}")  # growth: no rate
        return
    if isinstance(t, m.RatioTarget):
        from target_rules.language.expression import Expression

        cmp = Comparison.of(t)
        names = sorted(ct.metrics)
        locs = {n: xs[n] for n in names}
        cond = " or ".join(f"{xs[n]} is None" for n in names) or "False"
        src.add(ind, f"if {cond}:")
        missing(ind + 1)
        src.add(ind, "else:")
        src.add(ind + 1, f"fx = {_flags_expr(names, us)}")
        try:
            expr = _expr_source(Expression(t.expression).tree, locs, src, False)
        except _Unsupported:
            inputs = "{" + ", ".join(f"{src.const(n)}: {xs[n]}" for n in names) + "}"
            expr = f"{src.const(Expression(t.expression))}({inputs})"
        checks = []
        for r in t.requires:
            try:
                checks.append(_expr_source(Expression(r).tree, locs, src, True))
            except _Unsupported:
                inputs = "{" + ", ".join(f"{src.const(n)}: {xs[n]}" for n in names) + "}"
                checks.append(f"{src.const(Expression(r))}({inputs})")
        if checks:  # one flag however many requirements break
            src.add(
                ind + 1, "if " + " or ".join(f"not {c}" for c in checks) + ": fx = fx + ('inconsistent',)"
            )
        src.add(ind + 1, "try:")
        src.add(ind + 2, f"g = float({expr})")
        src.add(ind + 1, "except ZeroDivisionError:")
        src.add(ind + 2, "g = None")
        src.add(ind + 1, "if g is None or not _isfinite(g):")
        src.add(ind + 2, f"{s} = 3; {a} = None; {q} = None; {f} = fx + ('undefined',)")
        src.add(ind + 1, "else:")
        src.add(ind + 2, f"{s} = 0 if {_status_condition(cmp, 'g', src)} else 1")
        src.add(ind + 2, f"{a} = g; {q} = {_rate(cmp, 'g', src)}; {f} = fx")
        return
    if isinstance(t, m.CompletionTarget):
        metric = cm.measure.metrics[t.metric]
        assert metric.milestones is not None
        order = {ms.id: i for i, ms in enumerate(metric.milestones)}
        need = order[t.reach]
        x = xs[t.metric]
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, f"elif {x} not in {src.const(order)}:")
        src.add(ind + 1, f"{s} = 3; {a} = None; {q} = None; {f} = ('unknown_milestone',)")
        src.add(ind, "else:")
        src.add(ind + 1, f"k = {src.const(order)}[{x}]")
        if t.deadline is None:
            src.add(ind + 1, f"{s} = 0 if k >= {need} else 1; {f} = ()")
        else:
            d = dprefix + x.rsplit("_", 1)[1]
            dl = src.const(t.deadline)
            src.add(ind + 1, f"{s} = 0 if k >= {need} and {d} is not None and {d} <= {dl} else 1")
            src.add(ind + 1, f"{f} = () if {d} is not None else ('undated',)")
        src.add(ind + 1, f"{a} = float(k + 1); {q} = None")
        return
    if isinstance(t, m.CompositeTarget):
        need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
        subs = [status_of[i] for i in t.of if i in status_of]
        met = " + ".join(f"({x} == 0)" for x in subs) or "0"
        miss = " + ".join(f"({x} == 3)" for x in subs) or "0"
        src.add(ind, f"n = {met}")
        src.add(ind, f"{s} = 0 if n >= {need} else (3 if n + {miss} >= {need} else 1)")
        src.add(ind, f"{a} = float(n); {q} = None; {f} = ()")
        return
    if isinstance(t, m.BreakdownTarget):
        x = xs[t.metric]
        u = us.get(t.metric)
        agencies = list(t.parts)
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, "else:")
        i2 = ind + 1
        checks: list[str] = []
        if t.total is not None:
            tc = Comparison("at_least", t.total, None, None)
            if t.require in ("all", "total"):
                checks.append(f"(0 if {_ok_on_judged(tc, x, src)} else 1)")
            rate = _rate(tc, x, src)
        else:
            goal = sum(t.parts.values())
            rate = f"{x} * 100 / {src.num(goal)}" if goal else "None"
        if t.require in ("all", "parts") and agencies:
            # part values: only when the metric came split by agency
            for j, agency in enumerate(agencies):
                pv = f"pp{j}"
                ref = col(f"{cm.measure.measure}.{t.metric}[{agency}]")
                src.add(i2, f"{pv} = {ref} if {u or 'False'} else None")
                src.add(i2, f"if {pv} != {pv}: {pv} = None")
                pc = Comparison("at_least", t.parts[agency], None, None)
                checks.append(f"(3 if {pv} is None else (0 if {_ok_on_judged(pc, pv, src)} else 1))")
        if checks:
            src.add(i2, "cs = (" + "".join(c + ", " for c in checks) + ")")
            src.add(i2, f"{s} = 3 if 3 in cs else (0 if all(c == 0 for c in cs) else 1)")
        else:
            src.add(i2, f"{s} = 0")
        src.add(i2, f"{a} = {x}; {q} = {rate}; {f} = {_flags_expr([t.metric], us)}")
        return
    raise CodegenError(f"no kernel for target kind {t.kind!r}")


# --- whole evaluations ---------------------------------------------------------------------------


def _generated(rules: Any, year: int) -> tuple[list[tuple[Any, Callable[..., list[Verdict]]]], list[str]]:
    """The generated measure functions of ``year``, built once per RuleSet and cached on it."""
    cache = rules.__dict__.setdefault("_generated", {})
    entry = cache.get(year)
    if entry is None:
        fns = []
        notes = []
        for cm in rules:
            if year not in cm.years:
                notes.append(f"measure {cm.measure.measure} has no targets for year {year}")
                continue
            fns.append((cm, measure_function(cm, year)))
        entry = cache[year] = (fns, notes)
    return entry


def evaluate_report(rules: Any, report: m.Report, year: int) -> Any:
    """``evaluate(rules, report, year)`` through the generated functions (the year is checked by the caller)."""
    from target_rules.engine.evaluate import _EMPTY, report_notes
    from target_rules.engine.verdict import Evaluation, MeasureResult, measure_status

    fns, notes = _generated(rules, year)
    default_end = (report.period or report.full_period).end
    year_end = dt.date(year + 1911, 12, 31)
    verdicts: list[Verdict] = []
    measures = []
    reported = report.measures
    for cm, fn in fns:
        meas = cm.measure
        mr = reported.get(meas.measure, _EMPTY)
        vs = fn(mr.metrics, mr.period.end if mr.period is not None else default_end, year_end)
        verdicts.extend(vs)
        measures.append(
            MeasureResult(
                measure=meas.measure,
                strategy=meas.strategy.number,
                strategy_title=_label(meas.strategy.title),
                title=_label(meas.title),
                agencies=tuple(meas.agencies),
                status=measure_status(vs),
                verdicts=vs,
            )
        )
    notes = [*notes, *report_notes(rules, report)]
    return Evaluation(year=year, verdicts=verdicts, measures=measures, notes=notes)
