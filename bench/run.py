# ruff: noqa: B023 - the lambdas given to timed() run at once, inside the loop iteration
"""One workload, every engine, one process: target_rules against a hand-written loop and its peers.

    ./scripts/bench                        # sets up .venv-bench with the peers; sizes 10k,100k
    ./scripts/bench --sizes 10k,100k,1m    # the table in bench/README.md

Workload: the rule set in rules/ for one year (default 107) applied to N seeded synthetic
submissions (one row each; values scattered around every target's bound, ~8% not reported,
milestones including unknown ids, breakdown metrics split by agency in half the rows). Every engine
must produce the same status for every (submission, target); this is asserted, so no engine can win
by skipping work. Slow peers run on the first --peer-cap rows and are reported per submission.

Engines
  hand loop        the reference: a Python loop over the targets, written as a programmer would
                   (kind dispatch, constants in tuples, tuples of values in, status/actual/rate out)
  tr kernel        target_rules: the generated row kernel (codegen.kernel), same tuples in; status,
                   actual, achievement rate and flags out
  tr columns/py    tr.evaluate_columns(engine="python") on list columns (kernel + column plumbing)
  tr columns/np    tr.evaluate_columns(engine="numpy") on numpy columns
  numpy bound      a hand-written vectorised pass (status only): the lower bound for columns
  tr evaluate_many full Evaluations (Verdict objects with all facts) from pydantic Reports
  tr evaluate      the closure path (compile.py), the same Reports
  simpleeval       one pre-parsed expression per target (SimpleEval.parse once, eval per row)
  rule-engine, zen-engine, CEL (common-expression-language): one compiled
                   expression per target, evaluated per row
"""

from __future__ import annotations

import argparse
import ast
import gc
import math
import os
import platform
import sys
import time
import tracemalloc
from array import array
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import target_rules as tr  # noqa: E402
from target_rules.engine import kernel as codegen  # noqa: E402
from target_rules.engine.columns import report_from_row  # noqa: E402
from target_rules.engine.judging import tolerance, window  # noqa: E402
from target_rules.language import model as m  # noqa: E402
from target_rules.language.expression import Expression  # noqa: E402
from target_rules.language.spec import Bounds  # noqa: E402

MET, UNMET, NA, MISSING = 0, 1, 2, 3
CHUNK = 10_000


# --- the plan: each target reduced to what any engine needs --------------------------------------


def _tie(cmp: Bounds) -> tuple[str, float]:
    """(operator, constant) with ``x <op> constant`` == judging.judge(cmp, x).met for at_least / at_most."""
    if cmp.comparator == "at_least":
        bound = window(cmp).lo
        assert bound is not None
        if cmp.precision is None:
            return ">=", bound
        q = Decimal(1).scaleb(-cmp.precision)
        grid = Decimal(repr(bound)).quantize(q, rounding=ROUND_CEILING)
        tie = grid - q / 2
        return (">=" if tie > 0 else ">"), float(tie)
    if cmp.comparator == "at_most":
        bound = window(cmp).hi
        assert bound is not None
        if cmp.precision is None:
            return "<=", bound
        q = Decimal(1).scaleb(-cmp.precision)
        grid = Decimal(repr(bound)).quantize(q, rounding=ROUND_FLOOR)
        tie = grid + q / 2
        return ("<" if tie > 0 else "<="), float(tie)
    raise NotImplementedError(f"comparator {cmp.comparator} (not in the rule set: add it here)")


def build_plan(rules: Any, year: int, k: codegen.Kernel) -> list[dict[str, Any]]:
    idx = {c: i for i, c in enumerate(k.columns)}
    plan: list[dict[str, Any]] = []
    by_key: dict[tuple[int, str], dict[str, Any]] = {}
    for cm in rules:
        if year not in cm.years:
            continue
        mno = cm.measure.measure
        for ct in cm.years[year]:
            t = ct.target
            p: dict[str, Any] = {"key": (mno, t.id), "kind": t.kind}
            col = lambda name, mno=mno: f"{mno}.{name}"  # noqa: E731
            if isinstance(t, m.ThresholdTarget | m.FrequencyTarget | m.GrowthTarget):
                cmp = ct.spec.bounds
                p["op"], p["c"] = _tie(cmp)
                p["x"] = col(t.metric)
                bound = cmp.high if cmp.comparator == "at_most" else cmp.low
                p["rate"] = bound if not isinstance(t, m.GrowthTarget) else None
                if isinstance(t, m.GrowthTarget):
                    p["base"] = t.baseline
                    p["base_col"] = col(t.baseline_metric) if t.baseline_metric else None
            elif isinstance(t, m.RatioTarget):
                cmp = ct.spec.bounds
                p["op"], p["c"] = _tie(cmp)
                p["rate"] = cmp.high if cmp.comparator == "at_most" else cmp.low
                p["inputs"] = [col(n) for n in sorted(ct.metrics)]
                tree = Expression(t.expression).tree
                p["tree"] = tree.value if isinstance(tree, ast.Expr) else tree.body
                p["names"] = {n: col(n) for n in ct.metrics}
            elif isinstance(t, m.CompletionTarget):
                ms = [x.id for x in cm.measure.metrics[t.metric].milestones or []]
                need = ms.index(t.reach)
                p["x"] = col(t.metric)
                p["rank"] = {x: i for i, x in enumerate(ms)}
                p["reached"] = ms[need:] if t.deadline is None else []  # no dates in the workload
                p["short"] = ms[:need] if t.deadline is None else ms
            elif isinstance(t, m.CompositeTarget):
                p["of"] = [by_key[(mno, i)] for i in t.of]
                p["need"] = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
            elif isinstance(t, m.BreakdownTarget):
                name = col(t.metric)
                p["x"] = name
                p["parts"] = k.part_columns.get(name, (name, []))[1]
                p["total"] = None if t.total is None else t.total - tolerance(t.total)
                p["check_total"] = t.total is not None and t.require in ("all", "total")
                p["goals"] = (
                    [(f"{name}[{a}]", g - tolerance(g)) for a, g in t.parts.items()]
                    if t.require in ("all", "parts")
                    else []
                )
                goal = t.total if t.total is not None else sum(t.parts.values())
                p["rate"] = goal or None
            by_key[(mno, t.id)] = p
            plan.append(p)
    for p in plan:  # column indexes for the hand loop
        for f in ("x", "base_col"):
            if p.get(f):
                p[f + "_i"] = idx[p[f]]
        if "parts" in p:
            p["parts_i"] = [idx[c] for c in p["parts"]]
            p["goals_i"] = [(idx[c], g) for c, g in p["goals"]]
    return plan  # in dependency order (composites after their members)


# --- workload ------------------------------------------------------------------------------------


def workload(rules: Any, year: int, k: codegen.Kernel, n: int, seed: int, np: Any) -> dict[str, Any]:
    """Columns of n synthetic submissions (numpy arrays for numbers, lists for milestone ids)."""
    rng = np.random.default_rng(seed)
    scale: dict[str, float] = {}
    for cm in rules:
        for ct in cm.years.get(year, []):
            t = ct.target
            for f in ("at_least", "at_most", "equal", "total"):
                x = getattr(t, f, None)
                if x and getattr(t, "metric", None):
                    scale[f"{cm.measure.measure}.{t.metric}"] = abs(x)
            if isinstance(t, m.FrequencyTarget):
                scale[f"{cm.measure.measure}.{t.metric}"] = float(t.required)
    cols: dict[str, Any] = {}
    for c in k.columns:
        if c in k.date_columns:
            continue  # no dates: deadline targets cannot be met, as in a report without dates
        if c in k.milestone_columns:
            measure, metric = c.split(".", 1)
            ids = [x.id for x in rules[int(measure)].measure.metrics[metric].milestones or []]
            choices = np.array([*ids, "bogus", None], dtype=object)
            p = np.array([0.88 / len(ids)] * len(ids) + [0.04, 0.08])
            cols[c] = list(choices[rng.choice(len(choices), size=n, p=p)])
            continue
        base = scale.get(c.split("[")[0], 100.0)
        if "[" in c:
            base = base / 2
        x = np.round(base * rng.uniform(0.6, 1.4, size=n), rng.integers(0, 3))
        x[rng.random(n) < (0.5 if "[" in c else 0.08)] = np.nan
        x[rng.random(n) < 0.01] = 0.0
        cols[c] = x
    return cols


def rows_of(cols: dict[str, Any], k: codegen.Kernel, lo: int, hi: int) -> list[tuple]:
    lists = []
    for c in k.columns:
        v = cols.get(c)
        if v is None:
            lists.append([None] * (hi - lo))
        elif isinstance(v, list):
            lists.append(v[lo:hi])
        else:
            lists.append([None if x != x else x for x in v[lo:hi].tolist()])
    return list(zip(*lists, strict=True))


# --- the hand-written reference ------------------------------------------------------------------


def hand_loop(plan: list[dict[str, Any]], rows: list[tuple]) -> list[list[tuple]]:
    """Per row, per target: (status, actual, rate). Written the way one writes it by hand."""
    import operator

    ops = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
    prepared = []
    for p in plan:
        kind = p["kind"]
        if kind == "ratio":
            code = compile(ast.Expression(_rename(p["tree"], p["names"], "v")), "<ratio>", "eval")
            prepared.append((kind, p, ops[p["op"]], code))
        else:
            prepared.append((kind, p, ops.get(p.get("op", ">=")), None))
    idx_of = {c: i for i, c in enumerate(_COLUMNS)}
    out = []
    for r in rows:
        res: list[tuple] = []
        done: dict[tuple[int, str], int] = {}
        for kind, p, op, code in prepared:
            if kind in ("threshold", "frequency"):
                x = r[p["x_i"]]
                if x is None:
                    v = (MISSING, None, None)
                else:
                    v = (MET if op(x, p["c"]) else UNMET, x, x * 100 / p["rate"] if p["rate"] else None)
            elif kind == "growth":
                x = r[p["x_i"]]
                b = p["base"] if p["base_col"] is None else r[p["base_col_i"]]
                if x is None or b is None or b == 0:
                    v = (MISSING, None, None)
                else:
                    g = (x - b) / b * 100
                    v = (MET if op(g, p["c"]) else UNMET, g, None)
            elif kind == "ratio":
                env = {c: r[idx_of[c]] for c in p["inputs"]}
                if None in env.values():
                    v = (MISSING, None, None)
                else:
                    try:
                        g = float(eval(code, {"min": min, "max": max, "abs": abs}, {"v": env}))
                    except ZeroDivisionError:
                        g = None
                    if g is None or not math.isfinite(g):
                        v = (MISSING, None, None)
                    else:
                        v = (MET if op(g, p["c"]) else UNMET, g, g * 100 / p["rate"] if p["rate"] else None)
            elif kind == "completion":
                x = r[p["x_i"]]
                rank = p["rank"].get(x) if x is not None else None
                if rank is None:
                    v = (MISSING, None, None)
                else:
                    v = (MET if x in p["reached"] else UNMET, rank + 1.0, None)
            elif kind == "composite":
                met = sum(1 for s in p["of"] if done[s["key"]] == MET)
                mis = sum(1 for s in p["of"] if done[s["key"]] == MISSING)
                st = MET if met >= p["need"] else (MISSING if met + mis >= p["need"] else UNMET)
                v = (st, float(met), None)
            elif kind == "breakdown":
                parts = [r[i] for i in p["parts_i"] if r[i] is not None]
                x = sum(parts) if parts else r[p["x_i"]]
                if x is None:
                    v = (MISSING, None, None)
                else:
                    checks = []
                    if p["check_total"]:
                        checks.append(MET if x >= p["total"] else UNMET)
                    for i, goal in p["goals_i"]:
                        y = r[i] if parts else None
                        checks.append(MISSING if y is None else (MET if y >= goal else UNMET))
                    st = MISSING if MISSING in checks else (MET if all(c == MET for c in checks) else UNMET)
                    v = (st, x, x * 100 / p["rate"] if p["rate"] else None)
            else:
                v = (NA, None, None)
            done[p["key"]] = v[0]
            res.append(v)
        out.append(res)
    return out


_COLUMNS: list[str] = []


def _rename(node: ast.AST, names: dict[str, str], var: str) -> ast.AST:
    """A copy of an expression tree reading ``var[column]`` instead of each metric name."""

    class R(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            if n.id in names:
                return ast.Subscript(ast.Name(var, ast.Load()), ast.Constant(names[n.id]), ast.Load())
            return n

    import copy

    return ast.fix_missing_locations(R().visit(copy.deepcopy(node)))


# --- peers: one expression per target, in each engine's dialect ---------------------------------


class Dialect:
    null_test = "{x} == null"
    ternary = "({c} ? {a} : {b})"
    and_, or_ = " and ", " or "
    list_lit = True

    def var(self, col: str) -> str:
        return f"v{_COLUMNS.index(col)}"  # column names hold agency names in Chinese

    def num(self, x: float) -> str:
        return repr(float(x))

    def cond(self, c: str, a: str, b: str) -> str:
        return self.ternary.format(c=c, a=a, b=b)

    def isnull(self, x: str) -> str:
        return self.null_test.format(x=x)

    def not_(self, x: str) -> str:
        return f"not ({x})"

    def member(self, x: str, values: list[str], name: str) -> str:
        if not values:
            return "false"
        return f"{x} in [" + ", ".join(repr(v) for v in values) + "]"


class PyDialect(Dialect):
    null_test = "{x} is None"
    ternary = "({a} if {c} else {b})"

    def __init__(self) -> None:
        self.sets: dict[str, frozenset[str]] = {}

    def member(self, x: str, values: list[str], name: str) -> str:
        self.sets[name] = frozenset(values)
        return f"{x} in {name}"


class CelDialect(Dialect):
    and_, or_ = " && ", " || "

    def not_(self, x: str) -> str:
        return f"!({x})"


def expression(p: dict[str, Any], d: Dialect) -> str:
    kind = p["kind"]
    if kind in ("threshold", "frequency"):
        x = d.var(p["x"])
        return d.cond(d.isnull(x), "3", d.cond(f"{x} {p['op']} {d.num(p['c'])}", "0", "1"))
    if kind == "growth":
        x = d.var(p["x"])
        if p["base_col"]:
            b = d.var(p["base_col"])
            guard = d.isnull(x) + d.or_ + d.isnull(b) + d.or_ + f"{b} == {d.num(0)}"
        else:
            b, guard = d.num(p["base"]), d.isnull(x)
        g = f"(({x} - {b}) / {b} * {d.num(100)})"
        return d.cond(guard, "3", d.cond(f"{g} {p['op']} {d.num(p['c'])}", "0", "1"))
    if kind == "ratio":
        names = p["names"]
        guards = [d.isnull(d.var(c)) for c in p["inputs"]]
        zero: list[str] = []
        g = _emit(p["tree"], names, d, zero)
        guards += [f"{z} == {d.num(0)}" for z in zero]
        return d.cond(d.or_.join(guards), "3", d.cond(f"{g} {p['op']} {d.num(p['c'])}", "0", "1"))
    if kind == "completion":
        x = d.var(p["x"])
        key = "S" + str(abs(hash((p["x"], tuple(p["reached"])))))
        return d.cond(
            d.isnull(x),
            "3",
            d.cond(
                d.member(x, p["reached"], key + "r"),
                "0",
                d.cond(d.member(x, p["short"], key + "s"), "1", "3"),
            ),
        )
    if kind == "composite":
        subs = [f"({expression(s, d)})" for s in p["of"]]
        met = " + ".join(d.cond(f"{s} == 0", "1", "0") for s in subs)
        mis = " + ".join(d.cond(f"{s} == 3", "1", "0") for s in subs)
        need = str(p["need"])
        return d.cond(f"({met}) >= {need}", "0", d.cond(f"({met}) + ({mis}) >= {need}", "3", "1"))
    if kind == "breakdown":
        x = d.var(p["x"])
        parts = [d.var(c) for c in p["parts"]]
        if parts:
            anyp = "(" + d.or_.join(d.not_(d.isnull(v)) for v in parts) + ")"
            total = "(" + " + ".join([d.num(0)] + [d.cond(d.isnull(v), d.num(0), v) for v in parts]) + ")"
            tot = d.cond(anyp, total, x)
            absent = "(" + d.and_.join(d.isnull(v) for v in parts) + d.and_ + d.isnull(x) + ")"
        else:
            anyp, tot, absent = "false", x, d.isnull(x)
        checks = []
        if p["check_total"]:
            checks.append(d.cond(f"{tot} >= {d.num(p['total'])}", "0", "1"))
        for col, goal in p["goals"]:
            v = d.var(col)
            missing = d.isnull(v) + d.or_ + d.not_(anyp)
            checks.append(d.cond(missing, "3", d.cond(f"{v} >= {d.num(goal)}", "0", "1")))
        if not checks:
            return d.cond(absent, "3", "0")
        anymiss = d.or_.join(f"({c}) == 3" for c in checks)
        allmet = d.and_.join(f"({c}) == 0" for c in checks)
        return d.cond(absent, "3", d.cond(anymiss, "3", d.cond(allmet, "0", "1")))
    return "2"


def _emit(node: ast.AST, names: dict[str, str], d: Dialect, zero: list[str]) -> str:
    if isinstance(node, ast.Constant):
        return d.num(node.value)
    if isinstance(node, ast.Name):
        return d.var(names[node.id])
    if isinstance(node, ast.BinOp):
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
        left, right = _emit(node.left, names, d, zero), _emit(node.right, names, d, zero)
        if isinstance(node.op, ast.Div):
            zero.append(right)
        return f"({left} {ops[type(node.op)]} {right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"(-{_emit(node.operand, names, d, zero)})"
    raise NotImplementedError(ast.dump(node))


def peer_engines(plan: list[dict[str, Any]]) -> dict[str, tuple[Any, str]]:
    """name -> (fn(list of row dicts) -> per-row status lists, or None, and a note)."""
    out: dict[str, tuple[Any, str]] = {}
    try:
        from simpleeval import SimpleEval

        pyd = PyDialect()
        texts = [expression(p, pyd) for p in plan]
        trees = [SimpleEval.parse(t) for t in texts]
        ev = SimpleEval()

        def run_simpleeval(dicts: list[dict[str, Any]]) -> list[list[int]]:
            res = []
            for row in dicts:
                ev.names = {**row, **pyd.sets}
                res.append([ev.eval(t, previously_parsed=tree) for t, tree in zip(texts, trees, strict=True)])
            return res

        out["simpleeval (pre-parsed)"] = (run_simpleeval, "")
    except ImportError as exc:
        out["simpleeval (pre-parsed)"] = (None, f"not available: {exc}")
    try:
        import rule_engine

        d = Dialect()
        rs = [rule_engine.Rule(expression(p, d)) for p in plan]
        out["rule-engine"] = (lambda dicts: [[r.evaluate(row) for r in rs] for row in dicts], "")
    except ImportError as exc:
        out["rule-engine"] = (None, f"not available: {exc}")
    try:
        import zen

        d = Dialect()
        zs = [zen.compile_expression(expression(p, d)) for p in plan]
        out["zen-engine"] = (lambda dicts: [[int(z.evaluate(row)) for z in zs] for row in dicts], "")
    except ImportError as exc:
        out["zen-engine"] = (None, f"not available: {exc}")
    try:
        import cel

        d = CelDialect()
        ps = [cel.compile(expression(p, d)) for p in plan]

        def run_cel(dicts: list[dict[str, Any]]) -> list[list[int]]:
            res = []
            for row in dicts:
                ctx = cel.Context(variables=row)  # converting the row once, then every program
                res.append([p_.execute(ctx) for p_ in ps])
            return res

        out["CEL (common-expression-language)"] = (run_cel, "")
    except ImportError as exc:
        out["CEL (common-expression-language)"] = (None, f"not available: {exc}")
    return out


# --- numpy lower bound ---------------------------------------------------------------------------


def numpy_bound(plan: list[dict[str, Any]], cols: dict[str, Any], n: int, np: Any) -> list[Any]:
    """Status only, one vectorised pass per target, no checks beyond the semantics."""
    import operator

    ops = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
    nan = np.full(n, np.nan)
    get = lambda c: cols.get(c, nan)  # noqa: E731
    done: dict[tuple[int, str], Any] = {}
    out = []
    with np.errstate(all="ignore"):
        for p in plan:
            kind = p["kind"]
            if kind in ("threshold", "frequency", "growth"):
                x = get(p["x"])
                if kind == "growth":
                    b = get(p["base_col"]) if p["base_col"] else p["base"]
                    bad = np.isnan(x) | np.isnan(b) | (b == 0) if p["base_col"] else np.isnan(x)
                    x = (x - b) / b * 100
                else:
                    bad = np.isnan(x)
                s = np.where(bad, 3, np.where(ops[p["op"]](x, p["c"]), 0, 1)).astype(np.int8)
            elif kind == "ratio":
                env = {c: get(c) for c in p["inputs"]}
                bad = np.zeros(n, dtype=bool)
                for v in env.values():
                    bad |= np.isnan(v)
                code = compile(ast.Expression(_rename(p["tree"], p["names"], "v")), "<r>", "eval")
                g = eval(code, {"min": np.minimum, "max": np.maximum, "abs": np.abs}, {"v": env})
                bad |= ~np.isfinite(g)
                s = np.where(bad, 3, np.where(ops[p["op"]](g, p["c"]), 0, 1)).astype(np.int8)
            elif kind == "completion":
                x = cols.get(p["x"], [None] * n)
                table = {k: (0 if k in p["reached"] else 1) for k in p["rank"]}
                s = np.fromiter((table.get(v, 3) for v in x), dtype=np.int8, count=n)
            elif kind == "composite":
                met = sum((done[q["key"]] == 0).astype(np.int16) for q in p["of"])
                mis = sum((done[q["key"]] == 3).astype(np.int16) for q in p["of"])
                s = np.where(met >= p["need"], 0, np.where(met + mis >= p["need"], 3, 1)).astype(np.int8)
            elif kind == "breakdown":
                x = get(p["x"])
                if p["parts"]:
                    parts = np.stack([get(c) for c in p["parts"]], axis=1)
                    anyp = ~np.isnan(parts).all(axis=1)
                    x = np.where(anyp, np.nansum(parts, axis=1), x)
                else:
                    anyp = np.zeros(n, dtype=bool)
                checks = []
                if p["check_total"]:
                    checks.append(np.where(x >= p["total"], 0, 1))
                for c, goal in p["goals"]:
                    y = np.where(anyp, get(c), np.nan)
                    checks.append(np.where(np.isnan(y), 3, np.where(y >= goal, 0, 1)))
                if checks:
                    cs = np.stack(checks, axis=1)
                    st = np.where((cs == 3).any(axis=1), 3, np.where((cs == 0).all(axis=1), 0, 1))
                else:
                    st = np.zeros(n)
                s = np.where(np.isnan(x), 3, st).astype(np.int8)
            else:
                s = np.full(n, 2, dtype=np.int8)
            done[p["key"]] = s
            out.append(s)
    return out


# --- running -------------------------------------------------------------------------------------


def timed(fn: Any) -> tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def startup(rules_dir: str, year: int, runs: int = 7) -> None:
    """Cold wall time of `target-rules validate` on the shipped report, each run a new interpreter."""
    import statistics
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": ""}
    report = ROOT / "data" / str(year)
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import target_rules": [sys.executable, "-c", "import target_rules.cli"],
        f"validate data/{year}/": [
            sys.executable, "-m", "target_rules", "validate", str(report),
            "--rules", rules_dir, "--year", str(year),
        ],
    }  # fmt: skip
    times: dict[str, float] = {}
    for name, cmd in cmds.items():
        walls = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            walls.append(time.perf_counter() - t)
        times[name] = statistics.median(walls)
    probe = (
        "import sys, target_rules.cli; heavy = ('numpy', 'polars', 'pyarrow', 'openpyxl', 'hypothesis', "
        "'pytest'); print(','.join(m for m in heavy if m in sys.modules) or 'none')"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"start-up, median of {runs} cold runs (goal: validate <= 0.50 s):")
    for name, secs in times.items():
        print(f"  {name:<28} {secs:6.3f} s")
    print(
        f"  validate / goal = {times[f'validate data/{year}/'] / 0.5:.2f}x; heavy modules imported at start-up: {loaded}"
    )


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s.rstrip("km")) * mult)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--year", type=int, default=107)
    ap.add_argument("--sizes", default="10k,100k")
    ap.add_argument("--seed", type=int, default=20180101)
    ap.add_argument("--peer-cap", type=int, default=2_000, help="rows given to the per-row peers")
    ap.add_argument("--report-cap", type=int, default=10_000, help="rows given to evaluate / evaluate_many")
    ap.add_argument(
        "--memory",
        default="1k,10k",
        help="streamed report counts for the tracemalloc runs; bounded memory means the same peak at each "
        "('0' skips)",
    )
    ap.add_argument("--no-startup", dest="startup", action="store_false", help="skip the cold start-up runs")
    args = ap.parse_args()
    import numpy as np

    global _COLUMNS
    rules = tr.load_rules(args.rules)
    k = codegen.kernel(rules, args.year)
    _COLUMNS = k.columns
    plan = build_plan(rules, args.year, k)
    assert sorted(p["key"] for p in plan) == sorted(k.keys), "plan and kernel disagree on the targets"
    perm = [k.keys.index(p["key"]) for p in plan]  # plan position -> position in Evaluation.verdicts
    kinds: dict[str, int] = {}
    for p in plan:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?"
    )
    print(
        f"machine: {os.cpu_count()} cpus, {cpu}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        f"rule set: {args.rules}, year {args.year}: {len(rules)} measures, {len(plan)} targets "
        f"({', '.join(f'{v} {k_}' for k_, v in sorted(kinds.items()))}), {len(k.columns)} input columns"
    )
    if args.startup:
        startup(args.rules, args.year)
    peers = peer_engines(plan)
    polars_vs_numpy: list[tuple[int, int, float, float]] = []
    rows_table: list[tuple[int, str, int, float, str]] = []

    for n in [parse_size(s) for s in args.sizes.split(",")]:
        cols = workload(rules, args.year, k, n, args.seed, np)
        ref_status = [array("b") for _ in plan]
        t_hand = t_kernel = 0.0
        for lo in range(0, n, CHUNK):
            rows = rows_of(cols, k, lo, min(n, lo + CHUNK))
            dt_, ref = timed(lambda rows=rows: hand_loop(plan, rows))
            t_hand += dt_
            for res in ref:
                for j, v in enumerate(res):
                    ref_status[j].append(v[0])
            fn = k.fn
            dt_, got = timed(lambda rows=rows, fn=fn: [fn(r) for r in rows])
            t_kernel += dt_
            for i, res in enumerate(got):
                assert [res[4 * j] for j in perm] == [v[0] for v in ref[i]], "kernel != hand loop"
                assert [res[4 * j + 1] for j in perm] == [v[1] for v in ref[i]], "actual differs"
            rows = ref = got = None
        ref_np = [np.frombuffer(a, dtype=np.int8) for a in ref_status]

        def check(name: str, statuses: list[Any], upto: int = n) -> None:
            for j, s in enumerate(statuses):
                a = np.asarray(s, dtype=np.int8)[:upto]
                if not np.array_equal(a, ref_np[j][:upto]):
                    bad = int(np.nonzero(a != ref_np[j][:upto])[0][0])
                    raise AssertionError(
                        f"{name}: status of {plan[j]['key']} row {bad}: {a[bad]} != {ref_np[j][bad]}"
                    )

        def record(name: str, seconds: float, rows_done: int, note: str = "") -> None:
            rows_table.append((n, name, rows_done, seconds, note))

        record("hand loop (reference)", t_hand, n)
        record("tr kernel (generated)", t_kernel, n)

        listcols = {
            c: (v if isinstance(v, list) else [None if x != x else x for x in v.tolist()])
            for c, v in cols.items()
        }
        dt_, res = timed(lambda: tr.evaluate_columns(rules, listcols, args.year, engine="python"))
        check("evaluate_columns/python", [res.status["{}:{}".format(*p["key"])] for p in plan])
        record("tr evaluate_columns, python, lists", dt_, n)
        listcols = res = None
        dt_, res = timed(lambda: tr.evaluate_columns(rules, cols, args.year, engine="numpy"))
        check("evaluate_columns/numpy", [res.status["{}:{}".format(*p["key"])] for p in plan])
        record("tr evaluate_columns, numpy", dt_, n, f"fallback: {res.fallback}" if res.fallback else "")
        res = None
        dt_, res = timed(lambda: numpy_bound(plan, cols, n, np))
        check("numpy bound", res)
        record("numpy bound (status only)", dt_, n)
        try:
            import polars as pl

            df = pl.DataFrame({c: v for c, v in cols.items() if not isinstance(v, list)})
            simple = [p for p in plan if p["kind"] in ("threshold", "frequency")]
            exprs = [
                pl.when(pl.col(p["x"]).is_null() | pl.col(p["x"]).is_nan())
                .then(3)
                .when(
                    getattr(
                        pl.col(p["x"]),
                        {">=": "__ge__", ">": "__gt__", "<=": "__le__", "<": "__lt__"}[p["op"]],
                    )(p["c"])
                )
                .then(0)
                .otherwise(1)
                .cast(pl.Int8)
                .alias(f"s{i}")
                for i, p in enumerate(simple)
            ]
            dt_, out = timed(lambda: df.select(exprs))
            js = [plan.index(p) for p in simple]
            for i, j in enumerate(js):
                assert np.array_equal(out[f"s{i}"].to_numpy(), ref_np[j]), f"polars {plan[j]['key']}"
            subset = f"only the {len(simple)} threshold/frequency targets of {len(plan)}"
            record("polars, threshold/frequency", dt_, n, subset)
            # The same targets through the numpy bound: the like-for-like comparison with polars
            # (the full numpy bound also walks the milestone strings of the completion targets).
            dt_np, _ = timed(lambda: numpy_bound(simple, cols, n, np))
            record("numpy bound, threshold/frequency", dt_np, n, subset)
            polars_vs_numpy.append((n, len(simple), dt_, dt_np))
            df = out = None
        except ImportError as exc:
            record("polars", math.nan, 0, f"not available: {exc}")

        # full Evaluations from Reports (built outside the timer)
        cap = min(n, args.report_cap)
        rows = rows_of(cols, k, 0, cap)
        reports = [report_from_row(rules, args.year, dict(zip(k.columns, r, strict=True))) for r in rows]
        keep = lambda ev: [v.status for v in ev.verdicts]  # noqa: E731 - consumers drop Evaluations
        dt_, evs = timed(lambda: [keep(ev) for ev in tr.evaluate_many(rules, reports, args.year)])
        codes = codegen.STATUS_CODES.index
        check("evaluate_many", [[codes(ev[j]) for ev in evs] for j in perm], cap)
        record("tr evaluate_many (Verdicts, generated)", dt_, cap, "full Evaluation objects")
        evs = None
        dt_, evs = timed(lambda: [keep(tr.evaluate(rules, r, args.year)) for r in reports])
        check("evaluate", [[codes(ev[j]) for ev in evs] for j in perm], cap)
        record("tr evaluate (Verdicts, closures)", dt_, cap, "full Evaluation objects")
        evs = reports = None

        cap = min(n, args.peer_cap)
        dicts = [{f"v{i}": v for i, v in enumerate(r)} for r in rows[:cap]]
        for name, (fn, note) in peers.items():
            if fn is None:
                record(name, math.nan, 0, note)
                continue
            try:
                dt_, res = timed(lambda fn=fn: fn(dicts))
            except Exception as exc:  # a peer that cannot run this workload is reported, not faked
                record(name, math.nan, 0, f"failed: {type(exc).__name__}: {str(exc)[:80]}")
                continue
            check(name, [[int(r[j]) for r in res] for j in range(len(plan))], cap)
            record(name, dt_, cap, f"first {cap} rows" if cap < n else "")
        rows = dicts = cols = None

    print()
    print(
        f"{'N':>9}  {'engine':<40} {'rows run':>9} {'total s':>9} {'µs/row':>9} {'µs/target':>10} {'x hand':>8}  note"
    )
    for n in sorted({r[0] for r in rows_table}):
        group = [r for r in rows_table if r[0] == n]
        hand = next(r for r in group if r[1].startswith("hand"))
        per_hand = hand[3] / hand[2]
        for _, name, done, secs, note in group:
            if done == 0:
                print(f"{n:>9}  {name:<40} {'-':>9} {'-':>9} {'-':>9} {'-':>10} {'-':>8}  {note}")
                continue
            per = secs / done
            print(
                f"{n:>9}  {name:<40} {done:>9} {secs:>9.3f} {per * 1e6:>9.2f} {per * 1e6 / len(plan):>10.3f} "
                f"{per / per_hand:>8.2f}  {note}"
            )
    numpy_rows = [r for r in rows_table if "numpy" in r[1]]
    for n in sorted({r[0] for r in numpy_rows}):
        tr_np = next(r for r in numpy_rows if r[0] == n and r[1].startswith("tr"))
        bound = next(r for r in numpy_rows if r[0] == n and r[1] == "numpy bound (status only)")
        print(f"N={n}: evaluate_columns(numpy) / numpy bound = {tr_np[3] / bound[3]:.2f}x")
    for n, k_, t_pl, t_np in polars_vs_numpy:
        print(
            f"N={n}: on the same {k_} threshold/frequency targets, numpy bound / polars = {t_np / t_pl:.1f}x"
        )

    for n_mem in [parse_size(s) for s in args.memory.split(",") if s.strip() not in ("", "0")]:
        stream_memory(rules, k, args.year, n_mem, args.seed, np)
    return 0


DIALECT = Dialect()


def stream_memory(rules: Any, k: codegen.Kernel, year: int, n: int, seed: int, np: Any) -> None:
    """Peak traced memory while n reports stream through evaluate_many (generator in, generator out)."""
    cols = workload(rules, year, k, min(n, CHUNK), seed + 1, np)
    base = rows_of(cols, k, 0, min(n, CHUNK))
    dicts = [dict(zip(k.columns, r, strict=True)) for r in base]

    def reports():
        for i in range(n):
            yield report_from_row(rules, year, dicts[i % len(dicts)])

    counts = {"met": 0}
    gc.collect()
    tracemalloc.start()
    t = time.perf_counter()
    for ev in tr.evaluate_many(rules, reports(), year):
        counts["met"] += ev.summary["by_status"]["met"]
    secs = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"streamed {n} reports through evaluate_many (each built by pydantic on the fly): "
        f"peak traced memory {peak / 1e6:.2f} MB, {secs:.1f} s incl. building the reports under tracemalloc"
    )


if __name__ == "__main__":
    raise SystemExit(main())
