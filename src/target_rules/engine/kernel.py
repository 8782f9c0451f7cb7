"""Generated evaluators: a rule set's specs compiled into Python source, one function per measure and year.

evaluator.py builds one closure per target spec; that is the reference semantics. This module turns
the same specs (language/spec.py) into straight-line Python (constants inlined, no per-target
dispatch) for the two hot paths. Every constant it inlines (the accepted window, the rate's base,
the rounding shortcut) comes from judging.py; the rarer rules (growth, composite, breakdown,
judging with a margin) are calls into judging.py, so no rule is written here a second time:

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
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from target_rules.calendar import Calendar
from target_rules.engine import judging
from target_rules.engine.evaluator import MeasureValues, target_evaluator
from target_rules.engine.judging import STATUS_CODES
from target_rules.engine.verdict import Status, Verdict
from target_rules.language import spec as sp
from target_rules.language.compile import CompiledMeasure
from target_rules.language.load import RuleSet

__all__ = ["PERIOD_END", "STATUS_CODES", "Kernel", "column_name", "generated", "kernel", "measure_function"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
_VERDICT_FIELDS = (
    "measure year target_id kind status label actual target_value comparator unit judged precision "
    "margin achievement_rate flags agency metric_label quotes period_end parts part_of decision detail"
).split()
_POSITIONAL = [f.name for f in dataclasses.fields(Verdict)][: len(_VERDICT_FIELDS)] == _VERDICT_FIELDS


class CodegenError(AssertionError):
    """Something that must never reach generated source tried to (a bug, not a user error)."""


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
            "_judged": judging.judged,
            "_margin": judging.margin,
            "_growth": judging.growth,
            "_composite": judging.composite_code,
            "_combine": judging.combine,
            "_isclose": math.isclose,
            "_isfinite": math.isfinite,
            "_PROV": ("provisional",),
            "_provisional": judging.provisional,
            "_SUMMED": ("summed",),
            "_D": {},
            "_STATUS": STATUS_CODES,
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
        fn: Callable[..., Any] = self.ns[name]
        fn.__source__ = source  # type: ignore[attr-defined]  # kept for debugging and the tests
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
        for cmp_op, operand in zip(node.ops, node.comparators, strict=True):
            parts += [_CMPOPS[type(cmp_op)], _expr_source(operand, names, src, False)]
        return "(" + " ".join(parts) + ")"
    if logic and isinstance(node, ast.BoolOp):
        op = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + op.join(_expr_source(v, names, src, True) for v in node.values) + ")"
    if logic and isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return f"(not {_expr_source(node.operand, names, src, True)})"
    raise _Unsupported


# --- comparisons: judging.py's window and shortcut as source ------------------------------------


def _ok_on_judged(bounds: sp.Bounds, j: str, src: _Source) -> str:
    """A boolean expression: the judged value ``j`` lies in judging.window(bounds)."""
    w = judging.window(bounds)
    return _between(w.lo, j, w.hi, src)


def _status_condition(bounds: sp.Bounds, x: str, src: _Source) -> str:
    """A boolean expression on the raw value ``x`` equal to ``judging.judge(bounds, x).met``;
    rounds only the values judging.shortcut says need it."""
    p = bounds.precision
    if p is None:
        return _ok_on_judged(bounds, x, src)
    exact = _ok_on_judged(bounds, f"_judged({x}, {p})", src)
    sc = judging.shortcut(bounds)
    assert sc is not None
    sure = _between(sc.sure_lo, x, sc.sure_hi, src)
    maybe = _between(sc.maybe_lo, x, sc.maybe_hi, src)
    return f"({sure} or ({maybe} and {exact}))"


def _between(lo: float | None, x: str, hi: float | None, src: _Source) -> str:
    if lo is not None and hi is not None:
        return f"{src.num(lo)} <= {x} <= {src.num(hi)}"
    if lo is not None:
        return f"{x} >= {src.num(lo)}"
    assert hi is not None
    return f"{x} <= {src.num(hi)}"


def _rate(base: float | None, x: str, src: _Source) -> str:
    """judging.rate(base, x) as source."""
    return "None" if not base else f"{x} * 100 / {src.num(base)}"


# --- verdicts: one function per measure and year ------------------------------------------------


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


def _judge_lines(bounds: sp.Bounds, x: str, src: _Source, ind: int, rate: bool = True) -> None:
    """Emit ``j, ok, mg, rt`` = judging.judge(bounds, x): judged value, met, margin, rate."""
    p = bounds.precision
    src.add(ind, f"j = {x}" if p is None else f"j = _judged({x}, {p})")
    src.add(ind, f"ok = {_ok_on_judged(bounds, 'j', src)}")
    src.add(ind, f"mg = _margin({src.const(bounds)}, j)")
    src.add(ind, f"rt = {_rate(bounds.rate_base, x, src) if rate else 'None'}")


def _judged_fields(src: _Source, bounds: sp.Bounds) -> dict[str, str]:
    """Verdict fields set by _judge_lines (status, judged, margin, rate ...)."""
    return {
        "status": "_MET if ok else _UNMET",
        "target_value": src.opt(bounds.target),
        "comparator": src.const(bounds.comparator),
        "judged": "j",
        "precision": src.const(bounds.precision),
        "margin": "mg",
        "achievement_rate": "rt",
    }


def measure_function(
    cm: CompiledMeasure, year: int
) -> Callable[[Mapping[str, Any], dt.date, dt.date], list[Verdict]]:
    """Generate ``f(metrics, period_end, year_end) -> list[Verdict]`` for one measure and year."""
    src = _Source()
    spec = cm.specs[year]
    local = {t.id: f"v{i}" for i, t in enumerate(spec.targets)}
    src.add(0, "def measure(metrics, pe, ye):")
    src.add(1, "g = metrics.get")
    src.add(1, "mv = _MV(metrics, pe, ye)")
    src.add(1, "fl = _PROV if pe < ye else ()")
    for i, t in enumerate(spec.targets):
        v = local[t.id]
        fallback = f"{v} = {src.const(target_evaluator(spec.measure, year, t))}(mv, _D)"
        common = {
            "measure": src.num(spec.measure),
            "year": src.num(year),
            "target_id": src.const(t.id),
            "kind": src.const(t.kind),
            "label": f"{src.const(t.label)}.as_dict()",
            "agency": src.const(t.agency),
            "decision": src.const(t.decision),
        }
        src.add(1, f"# target {i}: {t.kind}")
        if isinstance(t, sp.NoTargetSpec):
            src.add(1, f"{v} = " + _verdict_call(src, **common, status="_NA"))
        elif isinstance(t, sp.ThresholdSpec | sp.FrequencySpec):
            bounds = t.bounds
            if isinstance(t, sp.FrequencySpec):
                detail = f"{{'units': {src.num(t.units)}, 'times': {src.num(t.times)}, 'every': {src.const(t.every)}}}"
            elif bounds.comparator == "between":
                detail = f"{{'between': [{src.opt(bounds.low)}, {src.opt(bounds.high)}]}}"
            else:
                detail = "{}"
            src.add(1, f"rv = g({src.const(src.ident(t.metric.name))})")
            # a combined figure (value beside its parts) goes the closure's way, which names the parts
            src.add(
                1,
                "if rv is not None and rv.value is not None and rv.period is None and rv.by_agency is None:",
            )
            src.add(2, "a = rv.value")
            _judge_lines(bounds, "a", src, 2)
            src.add(2, "q = rv.quote")
            call = _verdict_call(
                src,
                **common,
                **_judged_fields(src, bounds),
                actual="a",
                unit=src.const(t.metric.unit),
                flags="fl",
                metric_label=f"{src.const(t.metric.label)}.as_dict()",
                quotes="(q,) if q else ()",
                period_end="pe",
                detail=detail,
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, sp.GrowthSpec):
            bounds = t.bounds
            src.add(1, f"rv = g({src.const(src.ident(t.metric.name))})")
            cond = "rv is not None and rv.value is not None and rv.period is None and rv.by_agency is None"
            if t.baseline_metric:
                src.add(1, f"rb = g({src.const(src.ident(t.baseline_metric))})")
                cond += " and rb is not None and rb.value is not None and rb.period is None and rb.value != 0"
            src.add(1, f"if {cond}:")
            src.add(2, "c = rv.value")
            src.add(2, "b = rb.value" if t.baseline_metric else f"b = {src.opt(t.baseline)}")
            src.add(2, "a = _growth(c, b)")
            _judge_lines(bounds, "a", src, 2, rate=t.rate)
            quotes = " + ".join(f"(({r}.quote,) if {r}.quote else ())" for r in ["rv", "rb"][: len(t.inputs)])
            call = _verdict_call(
                src,
                **common,
                **_judged_fields(src, bounds),
                actual="a",
                unit=src.const(t.unit),
                flags="fl",
                metric_label=f"{src.const(t.metric.label)}.as_dict()",
                quotes=quotes,
                period_end="pe",
                detail=f"{{'current': c, 'baseline': b, 'metric_unit': {src.const(t.metric.unit)}}}",
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, sp.RatioSpec):
            _ratio_verdict(src, t, v, common, fallback)
        elif isinstance(t, sp.CompletionSpec):
            ms = t.metric.milestones
            order = {x: k for k, x in enumerate(ms)}
            labels = {x: lb.as_dict() for x, lb in zip(ms, t.milestone_labels, strict=True)}
            need = t.need
            src.add(1, f"rv = g({src.const(src.ident(t.metric.name))})")
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
                metric_label=f"{src.const(t.metric.label)}.as_dict()",
                quotes="(q,) if q else ()",
                period_end="pe",
                detail=detail,
            )
            src.add(2, f"{v} = {call}")
            src.add(1, "else:")
            src.add(2, fallback)
        elif isinstance(t, sp.CompositeSpec):
            need = t.need
            subs = [local[x] for x in t.members if x in local]
            tup = "(" + "".join(f"{x}, " for x in subs) + ")"
            met = " + ".join(f"({x}.status is _MET)" for x in subs) or "0"
            miss = " + ".join(f"({x}.status is _MISSING)" for x in subs) or "0"
            prov = " or ".join(f"'provisional' in {x}.flags" for x in subs) or "False"
            src.add(1, f"n = {met}")
            src.add(1, f"nm = {miss}")
            call = _verdict_call(
                src,
                **common,
                status=f"_STATUS[_composite(n, nm, {src.num(need)})]",
                actual="float(n)",
                target_value=src.num(float(need)),
                comparator=src.const(t.mode),
                unit=src.const("targets"),
                margin=f"float(n - {need})",
                flags=f"_PROV if ({prov}) else ()",
                parts=tup,
                detail=f"{{'k': {src.num(need)}, 'of': list({src.const(t.members)})}}",
            )
            src.add(1, f"{v} = {call}")
        else:  # breakdown and anything new: the closure
            src.add(1, fallback)
    for tid, owner in spec.part_of:
        if tid in local:
            src.add(1, f"{local[tid]}.part_of = {src.const(owner)}")
    src.add(1, "return [" + ", ".join(local[i] for i in spec.order if i in local) + "]")
    return src.build("measure", f"<target_rules measure {spec.measure} year {year}>")


def _ratio_verdict(src: _Source, t: sp.RatioSpec, v: str, common: dict[str, str], fallback: str) -> None:
    bounds = t.bounds
    names = t.inputs
    locs = {n: f"i{k}" for k, n in enumerate(names)}
    try:
        expr = _expr_source(t.expression.tree, locs, src, False)
        reqs = [(_expr_source(r.tree, locs, src, True), r.text) for r in t.requires]
    except _Unsupported:
        src.add(1, fallback)
        return
    for n in names:
        src.add(1, f"r_{locs[n]} = g({src.const(src.ident(n))})")
    cond = " and ".join(
        f"r_{locs[n]} is not None and r_{locs[n]}.value is not None and r_{locs[n]}.period is None"
        f" and r_{locs[n]}.by_agency is None"
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
    _judge_lines(bounds, "a", src, 2)
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
    detail = f"{{'expression': {src.const(t.expression.text)}, 'inputs': {inputs}}}"
    call = _verdict_call(
        src,
        **common,
        **_judged_fields(src, bounds),
        actual="a",
        unit=src.const(t.unit),
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


# The optional column of a row's period end (a date, or empty for the whole year), as Report.period:
# every verdict judged from the row is provisional when it ends before the year does.
PERIOD_END = "period_end"


def column_name(measure: int, metric: str) -> str:
    return f"{measure}.{metric}"


def kernel(rules: Iterable[CompiledMeasure], year: int) -> Kernel:
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
    src.add(0, "def kernel(r):")
    src.add(1, "P = ()")  # the row's provisional flag; replaced below once the columns are known
    flags_of: dict[str, str] = {}
    for mi, cm in enumerate(rules):
        spec = cm.specs.get(year)
        if spec is None:
            continue
        split = dict(spec.split)
        xs: dict[str, str] = {}
        us: dict[str, str | None] = {}
        for k, n in enumerate(spec.inputs):
            x, u = f"x{mi}_{k}", f"u{mi}_{k}"
            xs[n] = x
            name = column_name(spec.measure, src.ident(n))
            if spec.metric(n).milestones:
                milestone_cols.add(name)
                src.add(1, f"{x} = {col(name)}")
                src.add(1, f"if {x} != {x}: {x} = None")
                us[n] = None
                if any(
                    isinstance(t, sp.CompletionSpec) and t.metric.name == n and t.deadline
                    for t in spec.targets
                ):
                    date_cols.add(name + ".date")
                    src.add(1, f"d{mi}_{k} = {col(name + '.date')}")
                continue
            if n in split:
                pcs = [f"{name}[{a}]" for a in split[n]]
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
        for ti, t in enumerate(spec.targets):
            outs = (f"s{mi}_{ti}", f"a{mi}_{ti}", f"q{mi}_{ti}", f"f{mi}_{ti}")
            status_of[t.id] = outs[0]
            flags_of[t.id] = outs[3]
            _kernel_target(src, spec, t, xs, us, outs, status_of, flags_of, f"d{mi}_", col)
        by_id = {t.id: ti for ti, t in enumerate(spec.targets)}
        for tid in spec.order:
            ti = by_id[tid]
            keys.append((spec.measure, tid))
            out.append(f"s{mi}_{ti}, a{mi}_{ti}, q{mi}_{ti}, f{mi}_{ti}")
    if columns:  # a row that reports anything may say when its period ends (judging.provisional)
        calendar = rules.plan.calendar if isinstance(rules, RuleSet) else Calendar.ROC
        date_cols.add(PERIOD_END)
        src.lines[1] = (
            f"    pe = {col(PERIOD_END)}; "
            f"P = _PROV if pe is not None and pe == pe and _provisional(pe, {src.const(calendar.year_end(year))}) else ()"
        )
    src.add(1, "return (" + "".join(o + ", " for o in out) + ")")
    fn = src.build("kernel", f"<target_rules kernel year {year}>")
    return Kernel(year, columns, keys, fn, milestone_cols, date_cols, part_cols)


def _flags_expr(names: Iterable[str], us: Mapping[str, str | None]) -> str:
    """The flags of a judged value: provisional (the row's P), then summed."""
    summed = [u for n in names if (u := us.get(n))]
    return f"P + (_SUMMED if ({' or '.join(summed)}) else ())" if summed else "P"


def _kernel_target(
    src: _Source,
    spec: sp.MeasureSpec,
    t: sp.TargetSpec,
    xs: Mapping[str, str],
    us: Mapping[str, str | None],
    out: tuple[str, str, str, str],
    status_of: Mapping[str, str],
    flags_of: Mapping[str, str],
    dprefix: str,
    col: Callable[[str], str],
) -> None:
    """Source that sets (status code, actual, rate, flags) of target ``t`` from the row's values."""
    s, a, q, f = out
    ind = 1

    def missing(i: int) -> None:
        src.add(i, f"{s} = 3; {a} = None; {q} = None; {f} = ()")

    if isinstance(t, sp.NoTargetSpec):
        src.add(ind, f"{s} = 2; {a} = None; {q} = None; {f} = ()")
        return
    if isinstance(t, sp.ThresholdSpec | sp.FrequencySpec):
        x = xs[t.metric.name]
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, "else:")
        src.add(ind + 1, f"{s} = 0 if {_status_condition(t.bounds, x, src)} else 1")
        src.add(
            ind + 1,
            f"{a} = {x}; {q} = {_rate(t.bounds.rate_base, x, src)}; {f} = {_flags_expr(t.inputs, us)}",
        )
        return
    if isinstance(t, sp.GrowthSpec):
        x = xs[t.metric.name]
        cond = f"{x} is None"
        if t.baseline_metric:
            base = xs[t.baseline_metric]
            cond += f" or {base} is None"
        else:
            base = src.opt(t.baseline)
        src.add(ind, f"if {cond}:")
        missing(ind + 1)
        src.add(ind, "else:")
        src.add(ind + 1, f"g = _growth({x}, {base})")
        src.add(ind + 1, "if g is None:")
        src.add(
            ind + 2, f"{s} = 3; {a} = None; {q} = None; {f} = {_flags_expr(t.inputs, us)} + ('undefined',)"
        )
        src.add(ind + 1, "else:")
        src.add(ind + 2, f"{s} = 0 if {_status_condition(t.bounds, 'g', src)} else 1")
        rate = _rate(t.bounds.rate_base, "g", src) if t.rate else "None"
        src.add(ind + 2, f"{a} = g; {q} = {rate}; {f} = {_flags_expr(t.inputs, us)}")
        return
    if isinstance(t, sp.RatioSpec):
        names = t.inputs
        locs = {n: xs[n] for n in names}
        cond = " or ".join(f"{xs[n]} is None" for n in names) or "False"
        src.add(ind, f"if {cond}:")
        missing(ind + 1)
        src.add(ind, "else:")
        src.add(ind + 1, f"fx = {_flags_expr(names, us)}")
        inputs = "{" + ", ".join(f"{src.const(n)}: {xs[n]}" for n in names) + "}"
        try:
            expr = _expr_source(t.expression.tree, locs, src, False)
        except _Unsupported:
            expr = f"{src.const(t.expression)}({inputs})"
        requires: list[str] = []
        for r in t.requires:
            try:
                requires.append(_expr_source(r.tree, locs, src, True))
            except _Unsupported:
                requires.append(f"{src.const(r)}({inputs})")
        if requires:  # one flag however many requirements break
            src.add(
                ind + 1, "if " + " or ".join(f"not {c}" for c in requires) + ": fx = fx + ('inconsistent',)"
            )
        src.add(ind + 1, "try:")
        src.add(ind + 2, f"g = float({expr})")
        src.add(ind + 1, "except ZeroDivisionError:")
        src.add(ind + 2, "g = None")
        src.add(ind + 1, "if g is None or not _isfinite(g):")
        src.add(ind + 2, f"{s} = 3; {a} = None; {q} = None; {f} = fx + ('undefined',)")
        src.add(ind + 1, "else:")
        src.add(ind + 2, f"{s} = 0 if {_status_condition(t.bounds, 'g', src)} else 1")
        src.add(ind + 2, f"{a} = g; {q} = {_rate(t.bounds.rate_base, 'g', src)}; {f} = fx")
        return
    if isinstance(t, sp.CompletionSpec):
        order = {ms: i for i, ms in enumerate(t.metric.milestones)}
        x = xs[t.metric.name]
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, f"elif {x} not in {src.const(order)}:")
        src.add(ind + 1, f"{s} = 3; {a} = None; {q} = None; {f} = P + ('unknown_milestone',)")
        src.add(ind, "else:")
        src.add(ind + 1, f"k = {src.const(order)}[{x}]")
        if t.deadline is None:
            src.add(ind + 1, f"{s} = 0 if k >= {t.need} else 1; {f} = P")
        else:
            d = dprefix + x.rsplit("_", 1)[1]
            dl = src.const(t.deadline)
            src.add(ind + 1, f"{s} = 0 if k >= {t.need} and {d} is not None and {d} <= {dl} else 1")
            src.add(ind + 1, f"{f} = P if {d} is not None else P + ('undated',)")
        src.add(ind + 1, f"{a} = float(k + 1); {q} = None")
        return
    if isinstance(t, sp.CompositeSpec):
        subs = [status_of[i] for i in t.members if i in status_of]
        met = " + ".join(f"({x} == 0)" for x in subs) or "0"
        miss = " + ".join(f"({x} == 3)" for x in subs) or "0"
        src.add(ind, f"n = {met}")
        src.add(ind, f"{s} = _composite(n, {miss}, {t.need})")
        prov = " or ".join(f"'provisional' in {flags_of[i]}" for i in t.members if i in flags_of)
        src.add(ind, f"{a} = float(n); {q} = None; {f} = _PROV if {prov or 'False'} else ()")
        return
    if isinstance(t, sp.BreakdownSpec):
        x = xs[t.metric.name]
        u = us.get(t.metric.name)
        src.add(ind, f"if {x} is None:")
        missing(ind + 1)
        src.add(ind, "else:")
        i2 = ind + 1
        checks: list[str] = []
        if t.total is not None and t.require in ("all", "total"):
            checks.append(f"(0 if {_ok_on_judged(t.total, x, src)} else 1)")
        if t.require in ("all", "parts"):
            # part values: only when the metric came split by agency
            for j, part in enumerate(t.parts):
                pv = f"pp{j}"
                ref = col(f"{spec.measure}.{t.metric.name}[{part.agency}]")
                src.add(i2, f"{pv} = {ref} if {u or 'False'} else None")
                src.add(i2, f"if {pv} != {pv}: {pv} = None")
                checks.append(f"(3 if {pv} is None else (0 if {_ok_on_judged(part.bounds, pv, src)} else 1))")
        src.add(i2, f"{s} = _combine((" + "".join(c + ", " for c in checks) + "))")
        src.add(i2, f"{a} = {x}; {q} = {_rate(t.rate_base, x, src)}; {f} = {_flags_expr(t.inputs, us)}")
        return
    raise CodegenError(f"no kernel for target kind {t.kind!r}")


# --- generated measure functions, cached on the rule set -------------------------------------------


def generated(
    rules: RuleSet, year: int
) -> list[tuple[CompiledMeasure, Callable[[Mapping[str, Any], dt.date, dt.date], list[Verdict]]]]:
    """The generated measure function of every measure with targets in ``year``, built once per
    RuleSet and kept on it."""
    return rules.per_year(
        "_generated", year, lambda: [(cm, measure_function(cm, year)) for cm in rules if year in cm.specs]
    )
