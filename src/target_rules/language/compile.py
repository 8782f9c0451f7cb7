"""Compile: each Target becomes an evaluator; expressions are parsed and names checked once, here.

Evaluators take a MeasureValues context (what was reported for the measure) and return a Verdict.
Nothing on that path parses text: numbers were parsed by the loader, expressions by this module.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from target_rules.engine.verdict import Status, Verdict
from target_rules.errors import Path, Problem
from target_rules.language import model as m
from target_rules.language.expression import Expression, ExpressionError
from target_rules.quantities import round_half_up
from target_rules.suggest import did_you_mean

__all__ = [
    "CompiledMeasure",
    "MeasureValues",
    "compile_measure",
]


@dataclass(slots=True)
class MeasureValues:
    """What was reported for one measure, ready for evaluators (no parsing left to do)."""

    metrics: Mapping[str, m.ReportedValue]
    period_end: dt.date  # the measure's (or report's) period end
    year_end: dt.date

    def total(self, name: str) -> float | None:
        rv = self.metrics.get(name)
        return None if rv is None else rv.total

    def end_of(self, name: str) -> dt.date:
        rv = self.metrics.get(name)
        end = self.period_end
        if rv is not None:
            if rv.period is not None:
                end = rv.period.end
            if rv.by_agency:
                ends = [a.period.end for a in rv.by_agency.values() if a.period is not None]
                if ends:
                    end = min([end, *ends])
        return end


Evaluator = Callable[[MeasureValues, dict[str, Verdict]], Verdict]


@dataclass
class CompiledTarget:
    target: Any
    evaluate: Evaluator
    metrics: tuple[str, ...]


@dataclass
class CompiledMeasure:
    measure: m.Measure
    file: str | None
    years: dict[int, list[CompiledTarget]] = field(default_factory=dict)  # in dependency order
    members: dict[int, dict[str, str]] = field(default_factory=dict)  # year -> target id -> composite id

    def evaluate(self, year: int, values: MeasureValues) -> list[Verdict]:
        done: dict[str, Verdict] = {}
        for ct in self.years.get(year, ()):
            v = ct.evaluate(values, done)
            done[v.target_id] = v
        part_of = self.members.get(year, {})
        for tid, owner in part_of.items():
            if tid in done:
                done[tid].part_of = owner
        order = [t.id for t in self.measure.years[year].targets] if year in self.measure.years else []
        return [done[i] for i in order if i in done]


# ---------------------------------------------------------------------------------------------


def compile_measure(measure: m.Measure, file: str | None = None) -> tuple[CompiledMeasure, list[Problem]]:
    """Check names and references, parse expressions, and build evaluators for every year."""
    cm = CompiledMeasure(measure, file)
    problems: list[Problem] = []
    for year, yt in measure.years.items():
        base: Path = ("years", year, "targets")
        by_id = {t.id: (i, t) for i, t in enumerate(yt.targets)}
        compiled: dict[str, CompiledTarget] = {}
        for i, t in enumerate(yt.targets):
            where = (*base, i)
            try:
                compiled[t.id] = _compile_target(measure, year, t, where, problems)
            except _Skip:
                continue
        members: dict[str, str] = {}
        for t in yt.targets:
            if isinstance(t, m.CompositeTarget):
                for j, ref in enumerate(t.of):
                    if ref not in by_id:
                        problems.append(
                            Problem(
                                f"composite {t.id!r} lists unknown target {ref!r}",
                                path=(*base, by_id[t.id][0], "of", j),
                                code="unknown_target",
                                hint=did_you_mean(ref, by_id),
                            )
                        )
                    elif ref == t.id:
                        problems.append(
                            Problem(
                                f"composite {t.id!r} lists itself",
                                path=(*base, by_id[t.id][0], "of", j),
                                code="cycle",
                            )
                        )
                    else:
                        members[ref] = t.id
        order = _dependency_order(yt.targets, base, by_id, problems)
        cm.years[year] = [compiled[i] for i in order if i in compiled]
        cm.members[year] = members
    return cm, [
        Problem(
            p.message, file=file, path=p.path, code=p.code, hint=p.hint, expected=p.expected, found=p.found
        )
        for p in problems
    ]


class _Skip(Exception):
    pass


def _dependency_order(
    targets: list[Any], base: Path, by_id: dict[str, Any], problems: list[Problem]
) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(tid: str, stack: tuple[str, ...]) -> None:
        if state.get(tid) == 2:
            return
        if state.get(tid) == 1:
            problems.append(
                Problem(
                    f"composite targets refer to each other in a cycle: {' -> '.join((*stack, tid))}",
                    path=(*base, by_id[tid][0]),
                    code="cycle",
                )
            )
            return
        state[tid] = 1
        t = by_id[tid][1]
        if isinstance(t, m.CompositeTarget):
            for ref in t.of:
                if ref in by_id and ref != tid:
                    visit(ref, (*stack, tid))
        state[tid] = 2
        order.append(tid)

    for t in targets:
        visit(t.id, ())
    return order


def _metric(measure: m.Measure, name: str, path: Path, problems: list[Problem]) -> m.Metric:
    metric = measure.metrics.get(name)
    if metric is None:
        problems.append(
            Problem(
                f"unknown metric {name!r}",
                path=path,
                code="unknown_metric",
                expected=f"one of the metrics the measure declares ({', '.join(sorted(measure.metrics)) or 'none'})",
                found=repr(name),
                hint=did_you_mean(name, measure.metrics),
            )
        )
        raise _Skip
    return metric


def _compile_target(
    measure: m.Measure, year: int, t: Any, where: Path, problems: list[Problem]
) -> CompiledTarget:
    if isinstance(t, m.NoTarget):
        return CompiledTarget(t, _none_evaluator(measure, year, t), ())
    if isinstance(t, m.CompositeTarget):
        return CompiledTarget(t, _composite_evaluator(measure, year, t), ())
    if isinstance(t, m.RatioTarget):
        try:
            expr = Expression(t.expression)
        except ExpressionError as exc:
            problems.append(Problem(str(exc), path=(*where, "expression"), code="expression"))
            raise _Skip from None
        requires: list[Expression] = []
        for j, text in enumerate(t.requires):
            try:
                requires.append(Expression(text))
            except ExpressionError as exc:
                problems.append(Problem(str(exc), path=(*where, "requires", j), code="expression"))
        names = {n for e in (expr, *requires) for n in e.names}
        bad = False
        for name in sorted(names):
            try:
                _metric(measure, name, (*where, "expression"), problems)
            except _Skip:
                bad = True
        if bad:
            raise _Skip
        return CompiledTarget(t, _ratio_evaluator(measure, year, t, expr, requires), tuple(sorted(names)))
    metric = _metric(measure, t.metric, (*where, "metric"), problems)
    if isinstance(t, m.CompletionTarget):
        if metric.unit != "milestone" or not metric.milestones:
            problems.append(
                Problem(
                    f"completion target needs a metric with unit 'milestone', {t.metric!r} has unit {metric.unit!r}",
                    path=(*where, "metric"),
                    code="unit_mismatch",
                )
            )
            raise _Skip
        ids = [ms.id for ms in metric.milestones]
        if t.reach not in ids:
            problems.append(
                Problem(
                    f"milestone {t.reach!r} is not one of {t.metric}'s milestones",
                    path=(*where, "reach"),
                    code="unknown_milestone",
                    expected=", ".join(ids),
                    found=repr(t.reach),
                    hint=did_you_mean(t.reach, ids),
                )
            )
            raise _Skip
        return CompiledTarget(t, _completion_evaluator(measure, year, t, metric), (t.metric,))
    if metric.unit == "milestone":
        problems.append(
            Problem(
                f"{t.kind} target needs a numeric metric; {t.metric!r} is a milestone",
                path=(*where, "metric"),
                code="unit_mismatch",
            )
        )
        raise _Skip
    if isinstance(t, m.GrowthTarget):
        if t.baseline_metric is not None:
            _metric(measure, t.baseline_metric, (*where, "baseline_metric"), problems)
        return CompiledTarget(
            t,
            _growth_evaluator(measure, year, t, metric),
            (t.metric,) + ((t.baseline_metric,) if t.baseline_metric else ()),
        )
    if isinstance(t, m.FrequencyTarget):
        return CompiledTarget(t, _frequency_evaluator(measure, year, t, metric), (t.metric,))
    if isinstance(t, m.BreakdownTarget):
        return CompiledTarget(t, _breakdown_evaluator(measure, year, t, metric), (t.metric,))
    return CompiledTarget(t, _threshold_evaluator(measure, year, t, metric), (t.metric,))


# --- comparison -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    """A compiled comparator: judges a value and computes margin and achievement rate."""

    comparator: str
    low: float | None
    high: float | None
    precision: int | None

    @classmethod
    def of(cls, t: Any) -> Comparison:
        c = t.comparator
        if c == "at_least":
            return cls(c, t.at_least, None, t.precision)
        if c == "at_most":
            return cls(c, None, t.at_most, t.precision)
        if c == "equal":
            return cls(c, t.equal, t.equal, t.precision)
        return cls(c, t.between[0], t.between[1], t.precision)

    @property
    def target(self) -> float | None:
        return self.high if self.comparator == "at_most" else self.low

    def judge(self, actual: float) -> tuple[bool, float, float | None, float | None]:
        """-> (met, judged value, margin, achievement rate)."""
        judged = round_half_up(actual, self.precision) if self.precision is not None else actual
        # Computed values (ratios, growth) carry float noise: 26.8 * 1.2 grows by 19.999999999999996%.
        # Within a relative 1e-12 of a bound counts as on it; no figure in a report is that fine.
        c = self.comparator
        if c == "at_least":
            low = self.low
            assert low is not None
            ok = judged >= low - _tol(low)
            margin = judged - low
            rate = actual * 100 / low if low else None
        elif c == "at_most":
            high = self.high
            assert high is not None
            ok = judged <= high + _tol(high)
            margin = high - judged
            rate = actual * 100 / high if high else None
        elif c == "equal":
            low = self.low
            assert low is not None
            ok = abs(judged - low) <= _tol(low)
            margin = judged - low
            rate = actual * 100 / low if low else None
        else:
            low, high = self.low, self.high
            assert low is not None and high is not None
            ok = low - _tol(low) <= judged <= high + _tol(high)
            margin = min(judged - low, high - judged)
            rate = None
        return ok, judged, margin, rate


def _tol(bound: float) -> float:
    return 1e-12 * max(1.0, abs(bound))


def _base(measure: m.Measure, year: int, t: Any, **kw: Any) -> Verdict:
    return Verdict(
        measure=measure.measure,
        year=year,
        target_id=t.id,
        kind=t.kind,
        label={"zh": t.label.zh, "en": t.label.en or t.label.zh},
        agency=t.agency,
        decision=t.decision,
        **kw,
    )


def _label(metric: m.Metric | None) -> dict[str, str] | None:
    if metric is None:
        return None
    return {"zh": metric.label.zh, "en": metric.label.en or metric.label.zh}


def _quotes(rv: m.ReportedValue | None) -> tuple[str, ...]:
    if rv is None:
        return ()
    qs = [rv.quote] if rv.quote else []
    if rv.by_agency:
        qs.extend(a.quote for a in rv.by_agency.values() if a.quote)
    return tuple(qs)


def _missing(v: Verdict, rv: m.ReportedValue | None, name: str) -> Verdict:
    v.status = Status.MISSING
    if rv is not None and rv.not_reported is not None:
        v.flags = (*v.flags, "not_reported")
        v.detail["reason"] = rv.not_reported
    v.detail.setdefault("missing", []).append(name)
    return v


def _flags(values: MeasureValues, names: tuple[str, ...]) -> tuple[tuple[str, ...], dt.date]:
    end = min((values.end_of(n) for n in names), default=values.period_end)
    flags: tuple[str, ...] = ("provisional",) if end < values.year_end else ()
    if any((rv := values.metrics.get(n)) is not None and rv.by_agency for n in names):
        flags = (*flags, "summed")
    return flags, end


def _threshold_evaluator(measure: m.Measure, year: int, t: Any, metric: m.Metric) -> Evaluator:
    cmp = Comparison.of(t)
    name = t.metric
    unit = metric.unit
    label = _label(metric)

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(name)
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator=cmp.comparator,
            target_value=cmp.target,
            unit=unit,
            precision=cmp.precision,
            metric_label=label,
            quotes=_quotes(rv),
        )
        if cmp.comparator == "between":
            v.detail["between"] = [cmp.low, cmp.high]
        actual = None if rv is None else rv.total
        if actual is None:
            return _missing(v, rv, name)
        v.flags, v.period_end = _flags(values, (name,))
        ok, v.judged, v.margin, v.achievement_rate = cmp.judge(actual)
        v.actual = actual
        v.status = Status.MET if ok else Status.UNMET
        return v

    return evaluate


def _ratio_evaluator(
    measure: m.Measure, year: int, t: m.RatioTarget, expr: Expression, requires: list[Expression]
) -> Evaluator:
    cmp = Comparison.of(t)
    names = tuple(sorted({n for e in (expr, *requires) for n in e.names}))

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator=cmp.comparator,
            target_value=cmp.target,
            unit=t.unit,
            precision=cmp.precision,
            quotes=tuple(q for n in names for q in _quotes(values.metrics.get(n))),
        )
        v.detail["expression"] = expr.text
        inputs: dict[str, float] = {}
        for n in names:
            x = values.total(n)
            if x is None:
                _missing(v, values.metrics.get(n), n)
            else:
                inputs[n] = x
        if v.status is Status.MISSING:
            return v
        v.detail["inputs"] = inputs
        v.flags, v.period_end = _flags(values, names)
        broken = [r.text for r in requires if not r(inputs)]
        if broken:
            v.flags = (*v.flags, "inconsistent")
            v.detail["inconsistent"] = broken
        try:
            actual = float(expr(inputs))
        except ZeroDivisionError:
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            v.detail["reason"] = "division by zero"
            return v
        if not math.isfinite(actual):
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            return v
        ok, v.judged, v.margin, v.achievement_rate = cmp.judge(actual)
        v.actual = actual
        v.status = Status.MET if ok else Status.UNMET
        return v

    return evaluate


def _growth_evaluator(measure: m.Measure, year: int, t: m.GrowthTarget, metric: m.Metric) -> Evaluator:
    cmp = Comparison.of(t)
    names = (t.metric,) + ((t.baseline_metric,) if t.baseline_metric else ())
    label = _label(metric)

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator=cmp.comparator,
            target_value=cmp.target,
            unit="%",
            precision=cmp.precision,
            metric_label=label,
            quotes=tuple(q for n in names for q in _quotes(values.metrics.get(n))),
        )
        current = values.total(t.metric)
        if current is None:
            return _missing(v, values.metrics.get(t.metric), t.metric)
        if t.baseline_metric is not None:
            base = values.total(t.baseline_metric)
            if base is None:
                return _missing(v, values.metrics.get(t.baseline_metric), t.baseline_metric)
        else:
            base = t.baseline
        assert base is not None
        v.detail.update(current=current, baseline=base, metric_unit=metric.unit)
        v.flags, v.period_end = _flags(values, names)
        if base == 0:
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            return v
        growth = (current - base) / base * 100
        # growth / target growth is no 達成率 anyone reports; leave the rate out for growth.
        ok, v.judged, v.margin, _ = cmp.judge(growth)
        v.actual = growth
        v.status = Status.MET if ok else Status.UNMET
        return v

    return evaluate


def _frequency_evaluator(measure: m.Measure, year: int, t: m.FrequencyTarget, metric: m.Metric) -> Evaluator:
    required = float(t.required)
    cmp = Comparison("at_least", required, None, None)
    label = _label(metric)

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(t.metric)
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator="at_least",
            target_value=required,
            unit=metric.unit,
            metric_label=label,
            quotes=_quotes(rv),
        )
        v.detail.update(units=t.units, times=t.times, every=t.every)
        actual = None if rv is None else rv.total
        if actual is None:
            return _missing(v, rv, t.metric)
        v.flags, v.period_end = _flags(values, (t.metric,))
        ok, v.judged, v.margin, v.achievement_rate = cmp.judge(actual)
        v.actual = actual
        v.status = Status.MET if ok else Status.UNMET
        return v

    return evaluate


def _breakdown_evaluator(measure: m.Measure, year: int, t: m.BreakdownTarget, metric: m.Metric) -> Evaluator:
    parts = [(agency, Comparison("at_least", goal, None, None)) for agency, goal in t.parts.items()]
    total_cmp = Comparison("at_least", t.total, None, None) if t.total is not None else None
    label = _label(metric)

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(t.metric)
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator="at_least",
            target_value=t.total if t.total is not None else sum(t.parts.values()),
            unit=metric.unit,
            metric_label=label,
            quotes=_quotes(rv),
        )
        if rv is None or rv.total is None:
            return _missing(v, rv, t.metric)
        reported = rv.by_agency or {}
        sub: list[Verdict] = []
        for agency, c in parts:
            pv = Verdict(
                measure=measure.measure,
                year=year,
                target_id=f"{t.id}[{agency}]",
                kind="part",
                status=Status.MET,
                label={"zh": f"{t.label.zh}（{agency}）", "en": f"{t.label.en or t.label.zh} ({agency})"},
                comparator="at_least",
                target_value=c.low,
                unit=metric.unit,
                agency=agency,
                metric_label=label,
                part_of=t.id,
            )
            av = reported.get(agency)
            if av is None or av.value is None:
                pv.status = Status.MISSING
                pv.detail["missing"] = [f"{t.metric}[{agency}]"]
            else:
                ok, pv.judged, pv.margin, pv.achievement_rate = c.judge(av.value)
                pv.actual = av.value
                pv.status = Status.MET if ok else Status.UNMET
                if av.quote:
                    pv.quotes = (av.quote,)
                if av.period is not None and av.period.end < values.year_end:
                    pv.flags = ("provisional",)
                    pv.period_end = av.period.end
            sub.append(pv)
        v.parts = tuple(sub)
        actual = rv.total
        assert actual is not None
        v.actual = actual
        v.flags, v.period_end = _flags(values, (t.metric,))
        checks: list[Status] = []
        if total_cmp is not None:
            ok, v.judged, v.margin, v.achievement_rate = total_cmp.judge(actual)
            if t.require in ("all", "total"):
                checks.append(Status.MET if ok else Status.UNMET)
        else:
            goal = sum(t.parts.values())
            v.judged, v.margin = actual, actual - goal
            v.achievement_rate = actual * 100 / goal if goal else None
        if t.require in ("all", "parts"):
            checks.extend(p.status for p in sub)
        if any(s is Status.MISSING for s in checks):
            v.status = Status.MISSING
            v.detail["missing"] = [p.target_id for p in sub if p.status is Status.MISSING]
        elif all(s is Status.MET for s in checks):
            v.status = Status.MET
        else:
            v.status = Status.UNMET
        v.detail["require"] = t.require
        return v

    return evaluate


def _completion_evaluator(
    measure: m.Measure, year: int, t: m.CompletionTarget, metric: m.Metric
) -> Evaluator:
    assert metric.milestones is not None
    order = {ms.id: i for i, ms in enumerate(metric.milestones)}
    labels = {ms.id: {"zh": ms.label.zh, "en": ms.label.en or ms.label.zh} for ms in metric.milestones}
    need = order[t.reach]

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(t.metric)
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator="reach",
            unit="milestone",
            metric_label=_label(metric),
            quotes=_quotes(rv),
        )
        v.detail.update(required=t.reach, required_label=labels[t.reach], deadline=t.deadline)
        if rv is None or rv.milestone is None:
            return _missing(v, rv, t.metric)
        reached = rv.milestone
        v.detail.update(reached=reached, reached_label=labels.get(reached), date=rv.date)
        v.flags, v.period_end = _flags(values, (t.metric,))
        if reached not in order:
            v.status = Status.MISSING
            v.flags = (*v.flags, "unknown_milestone")
            return v
        v.actual = float(order[reached] + 1)
        v.target_value = float(need + 1)
        on_time = t.deadline is None or (rv.date is not None and rv.date <= t.deadline)
        if t.deadline is not None and rv.date is None:
            v.flags = (*v.flags, "undated")
        v.status = Status.MET if order[reached] >= need and on_time else Status.UNMET
        v.margin = float(order[reached] - need)
        return v

    return evaluate


def _composite_evaluator(measure: m.Measure, year: int, t: m.CompositeTarget) -> Evaluator:
    need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        subs = tuple(done[i] for i in t.of if i in done)
        v = _base(
            measure,
            year,
            t,
            status=Status.MET,
            comparator=t.mode,
            target_value=float(need),
            unit="targets",
        )
        v.parts = subs
        met = sum(1 for s in subs if s.status is Status.MET)
        missing = sum(1 for s in subs if s.status is Status.MISSING)
        v.actual = float(met)
        v.margin = float(met - need)
        v.detail.update(k=need, of=list(t.of))
        v.flags = tuple(sorted({f for s in subs for f in s.flags if f == "provisional"}))
        if met >= need:
            v.status = Status.MET
        elif met + missing >= need:
            v.status = Status.MISSING  # the missing members could still decide it
        else:
            v.status = Status.UNMET
        return v

    return evaluate


def _none_evaluator(measure: m.Measure, year: int, t: m.NoTarget) -> Evaluator:
    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        return _base(measure, year, t, status=Status.NOT_APPLICABLE)

    return evaluate
