"""Property testing for rule authors: hypothesis strategies and ready-made checks.

A new rule gets worked examples (``examples:``) for the cases its author thought of; these checks try
hundreds of reports the author did not, concentrated where mistakes hide: exactly at each target,
one step below and above it at the judged precision, far away, and not reported at all.

    from target_rules.testing import check_boundary_exact, check_monotonic

    def test_my_new_rule():
        rules = load_rules("rules/m45.yaml")
        check_boundary_exact(rules, 45, 108)      # 72% is met, 71.9% is not
        check_monotonic(rules, 45, 108)           # more never turns met into unmet

Strategies: ``reports(rules, year)`` (whole reports), ``measure_values(cm, year)`` (one measure's
metrics). Checks (each raises AssertionError with the falsifying report): ``check_monotonic``,
``check_boundary_exact``, ``check_explanations_mention_values``, ``check_never_raises``.

Requires hypothesis (the ``test`` extra).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from target_rules.engine.evaluate import evaluate
from target_rules.engine.verdict import Status, Verdict
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure
from target_rules.language.expression import Expression, ExpressionError
from target_rules.language.load import RuleSet, load_rules
from target_rules.quantities import format_number, round_half_up

__all__ = [
    "boundary_values",
    "check_boundary_exact",
    "check_explanations_mention_values",
    "check_monotonic",
    "check_never_raises",
    "measure_values",
    "reports",
]

MISSING = object()  # a metric left out of the report
_COMPARISON = (m.ThresholdTarget, m.RatioTarget, m.GrowthTarget)


# --- domains and boundaries -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Domain:
    integer: bool
    low: float
    high: float | None  # None: unbounded (capped when drawing)

    def clip(self, x: float) -> float | None:
        if self.integer:
            if not float(x).is_integer():
                return None
            x = int(x)
        if x < self.low or (self.high is not None and x > self.high):
            return None
        return x if self.integer else round(x, 6)

    def strategy(self, scale: float) -> st.SearchStrategy[float]:
        cap = self.high if self.high is not None else max(10.0, scale * 4)
        if self.integer:
            return st.integers(int(self.low), int(cap))
        return st.floats(self.low, cap, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2))


def _domain(metric: m.Metric | None) -> _Domain:
    if metric is None:
        return _Domain(False, 0.0, None)
    if metric.dimension == "percent":
        return _Domain(metric.is_integer, 0.0, 100.0)
    return _Domain(metric.is_integer, 0.0, None)


def _step(t: Any, metric: m.Metric | None) -> float:
    """The smallest difference the target can tell apart: 10^-precision, 1 for counts."""
    precision = getattr(t, "precision", None)
    if precision is not None:
        return float(10.0**-precision)
    if isinstance(t, m.RatioTarget | m.GrowthTarget):
        return 0.01
    if metric is not None and (metric.is_integer or metric.dimension == "money"):
        return 1.0  # whole units; reports give money in whole 元
    return 0.01


def _bound_values(t: Any) -> list[float]:
    if isinstance(t, _COMPARISON):
        c = t.comparator
        if c == "between":
            return [] if t.between is None else list(t.between)
        return [getattr(t, c)]
    if isinstance(t, m.FrequencyTarget):
        return [float(t.required)]
    if isinstance(t, m.BreakdownTarget):
        return [*t.parts.values(), *([t.total] if t.total is not None else [])]
    return []


def boundary_values(cm: CompiledMeasure, year: int, name: str) -> list[float]:
    """Values of metric ``name`` at, one step below and above, and far from each target on it."""
    meas = cm.measure
    metric = meas.metrics.get(name)
    dom = _domain(metric)
    out: list[float] = [dom.low]
    for t in meas.years[year].targets if year in meas.years else ():
        if getattr(t, "metric", None) != name:
            continue
        step = _step(t, metric)
        bounds = _bound_values(t)
        if isinstance(t, m.GrowthTarget):
            if t.baseline is None:
                continue
            bounds = [t.baseline * (1 + g / 100) for g in bounds] + [t.baseline]
            step = 10.0 ** -(_decimals(t.baseline) + 2)
        for b in bounds:
            for x in (b, b - step, b + step, b * 10 + 7, b / 2):
                v = dom.clip(round(x, 9))
                if v is not None and v not in out:
                    out.append(v)
    return out


def _decimals(x: float) -> int:
    text = repr(float(x))
    return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))


@dataclass(frozen=True)
class _Ratio:
    """``num / den`` times ``factor``: the forms whose boundary can be aimed at."""

    num: str
    den: str
    factor: float


def simple_ratio(expression: str) -> _Ratio | None:
    try:
        tree = Expression(expression).tree
    except ExpressionError:
        return None
    node = (
        tree.body if isinstance(tree, ast.Expression) else tree.value if isinstance(tree, ast.Expr) else tree
    )
    factor = 1.0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        if isinstance(node.right, ast.Constant) and isinstance(node.right.value, int | float):
            factor, node = float(node.right.value), node.left
        elif isinstance(node.left, ast.Constant) and isinstance(node.left.value, int | float):
            factor, node = float(node.left.value), node.right
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Div)
        and isinstance(node.left, ast.Name)
        and isinstance(node.right, ast.Name)
        and node.left.id != node.right.id
        and factor > 0
    ):
        return _Ratio(node.left.id, node.right.id, factor)
    return None


def _ratio_pair(r: _Ratio, value: float, den: int, integer: bool) -> tuple[float, float] | None:
    """(num, den) whose ratio is ``value`` exactly, scaling den until num is whole if it must be."""
    for scale in (1, 10, 100, 1000, 10_000):
        d = den * scale
        num = round_half_up(value * d / r.factor, 6)
        if num < 0:
            return None
        if not integer or float(num).is_integer():
            return (int(num) if integer else num), d
    return None


# --- strategies -----------------------------------------------------------------------------------


def _numeric(cm: CompiledMeasure, year: int, name: str) -> st.SearchStrategy[Any]:
    metric = cm.measure.metrics.get(name)
    near = boundary_values(cm, year, name)
    scale = max(near) if near else 100.0
    return st.one_of(st.sampled_from(near), _domain(metric).strategy(scale))


def _milestone(cm: CompiledMeasure, year: int, name: str) -> st.SearchStrategy[Any]:
    metric = cm.measure.metrics[name]
    ids = [ms.id for ms in metric.milestones or ()]
    deadlines = [
        t.deadline
        for t in (cm.measure.years[year].targets if year in cm.measure.years else ())
        if isinstance(t, m.CompletionTarget) and t.metric == name and t.deadline is not None
    ]
    dates: list[Any] = [None]
    for d in deadlines:
        dates.extend([d, d + dt.timedelta(days=1), d - dt.timedelta(days=1)])
    return st.builds(
        lambda ms, date: {"milestone": ms, **({"date": date} if date else {})},
        st.one_of(st.sampled_from(ids), st.just("not_a_milestone")) if ids else st.just("x"),
        st.sampled_from(dates),
    )


def _breakdown_parts(cm: CompiledMeasure, year: int, name: str) -> list[str]:
    agencies: list[str] = []
    for t in cm.measure.years[year].targets if year in cm.measure.years else ():
        if isinstance(t, m.BreakdownTarget) and t.metric == name:
            agencies.extend(a for a in t.parts if a not in agencies)
    return agencies


@st.composite
def _by_agency(
    draw: st.DrawFn, cm: CompiledMeasure, year: int, name: str, agencies: list[str]
) -> dict[str, Any]:
    metric = cm.measure.metrics.get(name)
    dom = _domain(metric)
    out: dict[str, Any] = {}
    goals: dict[str, float] = {}
    for t in cm.measure.years[year].targets:
        if isinstance(t, m.BreakdownTarget) and t.metric == name:
            goals.update(t.parts)
    for a in agencies:
        if draw(st.integers(0, 9)) == 0:
            continue  # this agency did not report
        g = goals.get(a, 1)
        near = [v for v in (dom.clip(g), dom.clip(g - 1), dom.clip(g + 1), dom.clip(0)) if v is not None]
        out[a] = draw(st.one_of(st.sampled_from(near), dom.strategy(g)))
    return {"by_agency": out} if out else {"value": draw(dom.strategy(10))}


def _metric_value(cm: CompiledMeasure, year: int, name: str) -> st.SearchStrategy[Any]:
    metric = cm.measure.metrics[name]
    if metric.unit == "milestone":
        value = _milestone(cm, year, name)
    else:
        agencies = _breakdown_parts(cm, year, name)
        value = _numeric(cm, year, name)
        if agencies:
            value = st.one_of(_by_agency(cm, year, name, agencies), value)
    return st.one_of(
        value,
        value,
        value,
        st.just(MISSING),
        st.just({"not_reported": "未填報"}),
    )


@st.composite
def measure_values(draw: st.DrawFn, cm: CompiledMeasure, year: int) -> dict[str, Any]:
    """Reported metrics of one measure for ``year``, as a report writes them (metric -> value)."""
    values: dict[str, Any] = {}
    for name in cm.measure.metrics:
        v = draw(_metric_value(cm, year, name))
        if v is not MISSING:
            values[name] = v
    # aim some ratio targets exactly at, just below or just above their bound
    for t in cm.measure.years[year].targets if year in cm.measure.years else ():
        if not isinstance(t, m.RatioTarget) or t.comparator == "between" or not draw(st.booleans()):
            continue
        r = simple_ratio(t.expression)
        num_metric, den_metric = (
            cm.measure.metrics.get(r.num) if r else None,
            cm.measure.metrics.get(r.den) if r else None,
        )
        if r is None or num_metric is None or den_metric is None:
            continue
        step = _step(t, None)
        target = draw(st.sampled_from([getattr(t, t.comparator) + k * step for k in (0, -1, 1)]))
        den = draw(st.sampled_from([1, 3, 7, 100, 1000, 10 ** ((t.precision or 2) + 2)]))
        pair = _ratio_pair(r, target, den, num_metric.is_integer)
        if pair is not None and _domain(num_metric).clip(pair[0]) is not None:
            values[r.num], values[r.den] = pair
    return values


@st.composite
def reports(draw: st.DrawFn, rules: RuleSet, year: int, measures: Iterable[int] | None = None) -> m.Report:
    """Valid reports for ``year`` covering every measure with targets that year (or ``measures``)."""
    wanted = set(measures) if measures is not None else None
    body: dict[int, Any] = {}
    for cm in rules:
        n = cm.measure.measure
        if year not in cm.measure.years or (wanted is not None and n not in wanted):
            continue
        entry: dict[str, Any] = {"metrics": draw(measure_values(cm, year))}
        if draw(st.integers(0, 7)) == 0:  # a partial year: verdicts become provisional
            start = rules.plan.calendar.year_start(year)  # the plan's calendar's 1 January
            entry["period"] = {"start": start, "end": start + dt.timedelta(days=draw(st.integers(0, 364)))}
        body[n] = entry
    return m.Report.model_validate({"year": year, "measures": body})


# --- helpers for the checks -----------------------------------------------------------------------


def _rules(rules: RuleSet | str | Path) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else load_rules(rules)


def _measure(rules: RuleSet, measure: int, year: int) -> CompiledMeasure:
    if measure not in rules.measures:
        raise ValueError(f"no measure {measure} in the rules")
    cm = rules[measure]
    if year not in cm.measure.years:
        raise ValueError(f"measure {measure} has no targets for year {year}")
    return cm


def _settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        report_multiple_bugs=False,
    )


def _judge(cm: CompiledMeasure, year: int, metrics: dict[str, Any]) -> dict[str, Verdict]:
    report = m.Report.model_validate({"year": year, "measures": {cm.measure.measure: {"metrics": metrics}}})
    result = evaluate(RuleSet(measures={cm.measure.measure: cm}), report, year)
    out: dict[str, Verdict] = {}
    for v in result.verdicts:
        out[v.target_id] = v
        for p in v.parts:
            out.setdefault(p.target_id, p)
    return out


@dataclass(frozen=True)
class _Lever:
    """How to set a target's judged value: ``set(x)`` -> metrics whose judged value rises with x."""

    target: Any
    metric: str
    domain: _Domain
    ratio: _Ratio | None = None
    agencies: tuple[str, ...] = ()


def _levers(cm: CompiledMeasure, year: int) -> list[_Lever]:
    meas = cm.measure
    out: list[_Lever] = []
    for t in meas.years[year].targets:
        if isinstance(t, m.ThresholdTarget | m.FrequencyTarget):
            if t.metric in meas.metrics and meas.metrics[t.metric].unit != "milestone":
                out.append(_Lever(t, t.metric, _domain(meas.metrics[t.metric])))
        elif isinstance(t, m.GrowthTarget) and t.baseline is not None and t.baseline > 0:
            if t.metric in meas.metrics:
                out.append(_Lever(t, t.metric, _domain(meas.metrics[t.metric])))
        elif isinstance(t, m.RatioTarget):
            r = simple_ratio(t.expression)
            if r and r.num in meas.metrics and r.den in meas.metrics:
                out.append(_Lever(t, r.num, _domain(meas.metrics[r.num]), ratio=r))
        elif isinstance(t, m.BreakdownTarget) and t.metric in meas.metrics:
            out.append(_Lever(t, t.metric, _domain(meas.metrics[t.metric]), agencies=tuple(t.parts)))
    return out


def _set(lever: _Lever, x: float, others: dict[str, Any]) -> dict[str, Any]:
    """The lever's metric(s) at ``x``; ``others`` holds the rest (denominator, other agencies)."""
    values = dict(others)
    if lever.ratio is not None:
        values[lever.ratio.num] = x
    elif lever.agencies:
        by = dict(others.get("__by_agency__", {}))
        by[lever.agencies[0]] = x
        values = {lever.metric: {"by_agency": by}}
    else:
        values[lever.metric] = x
    values.pop("__by_agency__", None)
    return values


@st.composite
def _lever_context(draw: st.DrawFn, cm: CompiledMeasure, lever: _Lever) -> dict[str, Any]:
    if lever.ratio is not None:
        den_metric = cm.measure.metrics[lever.ratio.den]
        den = draw(st.one_of(st.sampled_from([1, 7, 100, 1000]), _domain(den_metric).strategy(1000)))
        return {lever.ratio.den: max(den, 1)}
    if lever.agencies:
        t = lever.target
        by = {
            a: draw(st.one_of(st.just(t.parts[a]), lever.domain.strategy(t.parts[a])))
            for a in lever.agencies[1:]
        }
        return {"__by_agency__": by}
    return {}


def _lever_values(cm: CompiledMeasure, year: int, lever: _Lever) -> st.SearchStrategy[float]:
    t = lever.target
    step = _step(t, cm.measure.metrics.get(lever.metric))
    near: list[float] = []
    for b in _bound_values(t):
        if lever.ratio is not None:
            continue  # the numerator for a ratio bound depends on the denominator: drawn wide
        if isinstance(t, m.GrowthTarget) and t.baseline is not None:
            b = t.baseline * (1 + b / 100)
        for x in (b, b - step, b + step, 0):
            v = lever.domain.clip(round(x, 9))
            if v is not None:
                near.append(v)
    wide = lever.domain.strategy(max([*near, 100.0]))
    return st.one_of(st.sampled_from(near), wide) if near else wide


# --- the checks -----------------------------------------------------------------------------------


def check_monotonic(rules: RuleSet | str | Path, measure: int, year: int, *, max_examples: int = 50) -> None:
    """Raising the judged value never turns met into unmet (at_least targets), and lowering it never
    turns met into unmet (at_most). Checked for thresholds, frequencies, growth over a fixed baseline,
    ratios of the form ``a / b * k`` (raising a) and breakdowns (raising one agency's value)."""
    rules = _rules(rules)
    cm = _measure(rules, measure, year)
    levers = [lv for lv in _levers(cm, year) if _comparator(lv.target) in ("at_least", "at_most")]
    if not levers:
        return

    @_settings(max_examples)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        lever = data.draw(st.sampled_from(levers), label="target")
        others = data.draw(_lever_context(cm, lever), label="other values")
        values = _lever_values(cm, year, lever)
        a, b = data.draw(values, label="a"), data.draw(values, label="b")
        lo, hi = min(a, b), max(a, b)
        tid = lever.target.id
        s_lo = _judge(cm, year, _set(lever, lo, others))[tid].status
        s_hi = _judge(cm, year, _set(lever, hi, others))[tid].status
        if _comparator(lever.target) == "at_least":
            assert not (s_lo is Status.MET and s_hi is Status.UNMET), (
                f"m{measure}::{year}::{tid}: {lever.metric}={lo} is met but the larger {hi} is unmet"
            )
        else:
            assert not (s_hi is Status.MET and s_lo is Status.UNMET), (
                f"m{measure}::{year}::{tid}: {lever.metric}={hi} is met but the smaller {lo} is unmet"
            )

    run()


def _comparator(t: Any) -> str | None:
    if isinstance(t, _COMPARISON):
        return t.comparator
    if isinstance(t, m.FrequencyTarget | m.BreakdownTarget):
        return "at_least"
    return None


def check_boundary_exact(rules: RuleSet | str | Path, measure: int, year: int) -> list[str]:
    """Exactly at each target is met; the next value past it at the judged precision (below for
    at_least, above for at_most, either side for equal) is unmet. Returns the target ids checked;
    targets whose boundary cannot be reported exactly (2.5 on a count) are skipped."""
    rules = _rules(rules)
    cm = _measure(rules, measure, year)
    checked: list[str] = []
    failures: list[str] = []
    for lever in _levers(cm, year):
        t = lever.target
        c = _comparator(t)
        if c not in ("at_least", "at_most", "equal"):
            continue
        cases: list[tuple[float | None, Status]]
        if isinstance(t, m.BreakdownTarget) and lever.agencies:
            cases = [(None, Status.MET), (None, Status.UNMET)]  # every part at its goal / one short
        else:
            bound = _bound_values(t)[0]
            step = _step(t, cm.measure.metrics.get(lever.metric))
            outside = {"at_least": [-step], "at_most": [step], "equal": [-step, step]}[c]
            cases = [(bound, Status.MET), *((bound + d, Status.UNMET) for d in outside)]
        ran = False
        for value, want in cases:
            metrics = _exact_metrics(cm, lever, value, short=want is Status.UNMET)
            if metrics is None:
                continue
            ran = True
            v = _judge(cm, year, metrics)[t.id]
            if v.status is not want:
                shown = format_number(value) if value is not None else "every part at its goal"
                if value is None and want is Status.UNMET:
                    shown = f"{lever.agencies[0]} one short of its part"
                failures.append(
                    f"m{measure}::{year}::{t.id}: {shown} should be {want.value}, "
                    f"got {v.status.value} (values {metrics}): {v.explanation['en']}"
                )
        if ran:
            checked.append(t.id)
    assert not failures, "\n".join(failures)
    return checked


def _exact_metrics(
    cm: CompiledMeasure, lever: _Lever, value: float | None, short: bool = False
) -> dict[str, Any] | None:
    """Reported metrics that make the target's judged value exactly ``value`` (None: impossible)."""
    t = lever.target
    value = round(value, 9) if value is not None else None
    if lever.agencies:
        # every agency at its part, any remainder of the total on the first; short: the first one
        # short of its part (require all/parts) or the sum one short of the total (require total)
        parts = dict(t.parts)
        first = lever.agencies[0]
        total = t.total if t.total is not None else sum(parts.values())
        step = 1.0 if lever.domain.integer else 0.01
        if t.require == "total":
            parts[first] += total - sum(parts.values()) - (step if short else 0)
        elif short:
            parts[first] -= step
        else:
            parts[first] += max(0.0, total - sum(parts.values()))
        clipped = {a: lever.domain.clip(round(x, 9)) for a, x in parts.items()}
        if any(x is None for x in clipped.values()):
            return None
        return {t.metric: {"by_agency": clipped}}
    if value is None:
        return None
    if lever.ratio is not None:
        num_metric = cm.measure.metrics[lever.ratio.num]
        den = 10 ** ((t.precision if t.precision is not None else 2) + 2)
        pair = _ratio_pair(lever.ratio, value, den, num_metric.is_integer)
        if pair is None or _domain(num_metric).clip(pair[0]) is None:
            return None
        return {lever.ratio.num: pair[0], lever.ratio.den: pair[1]}
    if isinstance(t, m.GrowthTarget):
        assert t.baseline is not None
        current = lever.domain.clip(round(t.baseline * (1 + value / 100), 9))
        return None if current is None else {t.metric: current}
    x = lever.domain.clip(value)
    return None if x is None else {lever.metric: x}


def _number_texts(x: float) -> set[str]:
    out = {format_number(x)}
    for d in range(7):
        out.add(format_number(x, d))
        out.add(format_number(round_half_up(x, d)))
    return out


def _mentions(text: str, x: float | None) -> bool:
    return x is None or any(s in text for s in _number_texts(x))


def check_explanations_mention_values(
    rules: RuleSet | str | Path, measure: int, year: int, *, max_examples: int = 50
) -> None:
    """Every explanation (zh and en) states what was judged: the actual value and the target for
    comparisons, the milestone reached and required for completions, the metric missing otherwise."""
    rules = _rules(rules)
    cm = _measure(rules, measure, year)

    @_settings(max_examples)
    @given(report=reports(rules, year, [measure]))
    def run(report: m.Report) -> None:
        result = evaluate(RuleSet(measures={measure: cm}), report, year)
        for v in _all(result.verdicts):
            for lang in ("zh", "en"):
                text = v.explanation[lang]
                where = f"m{measure}::{year}::{v.target_id} ({lang}): {text!r}"
                if v.status is Status.MISSING:
                    for name in v.detail.get("missing", []):
                        assert str(name) in text, f"{where} does not name the missing {name!r}"
                elif v.status is Status.NOT_APPLICABLE:
                    continue
                elif v.kind == "completion":
                    for key in ("reached_label", "required_label"):
                        label = v.detail.get(key)
                        if label:
                            assert label[lang] in text, f"{where} does not mention {label[lang]!r}"
                elif v.kind == "composite":
                    assert _mentions(text, v.actual), f"{where} does not say how many parts were met"
                else:
                    assert _mentions(text, v.actual), f"{where} does not mention the actual value {v.actual}"
                    assert _mentions(text, v.target_value), (
                        f"{where} does not mention the target {v.target_value}"
                    )

    run()


def _all(verdicts: Iterable[Verdict]) -> Iterable[Verdict]:
    for v in verdicts:
        yield v
        yield from (p for p in v.parts if p.kind == "part")


def check_never_raises(
    rules: RuleSet | str | Path, measure: int, year: int, *, max_examples: int = 50
) -> None:
    """No valid report makes evaluation raise; every target of the year gets exactly one verdict with
    a status, an explanation in both languages and a JSON-serialisable record."""
    rules = _rules(rules)
    cm = _measure(rules, measure, year)
    ids = [t.id for t in cm.measure.years[year].targets]

    @_settings(max_examples)
    @given(report=reports(rules, year, [measure]))
    def run(report: m.Report) -> None:
        result = evaluate(RuleSet(measures={measure: cm}), report, year)
        got = [v.target_id for v in result.verdicts]
        assert got == ids, f"m{measure}::{year}: verdicts for {got}, targets are {ids}"
        for v in result.verdicts:
            assert isinstance(v.status, Status)
            assert v.explanation["zh"] and v.explanation["en"]
            json.dumps(v.to_dict(), ensure_ascii=False, default=str)
            if v.achievement_rate is not None:
                assert math.isfinite(v.achievement_rate), (
                    f"{v.target_id}: achievement rate {v.achievement_rate}"
                )

    run()
