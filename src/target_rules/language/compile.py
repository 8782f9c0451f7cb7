"""Compile: names and references are checked, expressions parsed, and each Target becomes a spec.

The specs (language/spec.py) are the only thing the engine's back ends read: the verdict evaluator,
the generated kernel, the numpy columnar path and SQL all run from them. Nothing after this module
parses text: numbers were parsed by the loader, expressions here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from target_rules.errors import Path, Problem
from target_rules.language import model as m
from target_rules.language import spec as sp
from target_rules.language.expression import Expression, ExpressionError
from target_rules.language.spec import MeasureSpec, TargetSpec
from target_rules.suggest import did_you_mean

__all__ = [
    "CompiledMeasure",
    "compile_measure",
    "target_spec",
]


@dataclass
class CompiledTarget:
    """One checked target: its model, the metrics it reads, and its spec."""

    target: Any
    metrics: tuple[str, ...]
    spec: TargetSpec


@dataclass
class CompiledMeasure:
    measure: m.Measure
    file: str | None
    years: dict[int, list[CompiledTarget]] = field(default_factory=dict)  # in dependency order
    members: dict[int, dict[str, str]] = field(default_factory=dict)  # year -> target id -> composite id
    specs: dict[int, MeasureSpec] = field(default_factory=dict)  # year -> what every back end runs


# ---------------------------------------------------------------------------------------------


def compile_measure(measure: m.Measure, file: str | None = None) -> tuple[CompiledMeasure, list[Problem]]:
    """Check names and references, parse expressions, and build the spec of every year."""
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
        cm.specs[year] = _measure_spec(measure, year, cm.years[year], members)
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
        return CompiledTarget(t, (), target_spec(measure, t))
    if isinstance(t, m.CompositeTarget):
        return CompiledTarget(t, (), target_spec(measure, t))
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
        return CompiledTarget(
            t,
            tuple(sorted(names)),
            target_spec(measure, t, expr, tuple(requires)),
        )
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
        return CompiledTarget(t, (t.metric,), target_spec(measure, t))
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
            (t.metric,) + ((t.baseline_metric,) if t.baseline_metric else ()),
            target_spec(measure, t),
        )
    if isinstance(t, m.FrequencyTarget):
        return CompiledTarget(t, (t.metric,), target_spec(measure, t))
    if isinstance(t, m.BreakdownTarget):
        return CompiledTarget(t, (t.metric,), target_spec(measure, t))
    return CompiledTarget(t, (t.metric,), target_spec(measure, t))


# --- specs: the description every back end runs from -------------------------------------------


def _text(text: m.Text) -> sp.Label:
    return sp.Label(text.zh, text.en or text.zh)


def _metric_spec(measure: m.Measure, name: str) -> sp.MetricSpec:
    metric = measure.metrics[name]
    return sp.MetricSpec(name, metric.unit, _text(metric.label), tuple(x.id for x in metric.milestones or ()))


def _bounds(t: Any) -> sp.Bounds:
    c = t.comparator
    if c == "at_least":
        return sp.Bounds(c, t.at_least, None, t.precision)
    if c == "at_most":
        return sp.Bounds(c, None, t.at_most, t.precision)
    if c == "equal":
        return sp.Bounds(c, t.equal, t.equal, t.precision)
    return sp.Bounds(c, t.between[0], t.between[1], t.precision)


def target_spec(
    measure: m.Measure,
    t: Any,
    expression: Expression | None = None,
    requires: tuple[Expression, ...] = (),
) -> TargetSpec:
    """The spec of one validated target whose names compile has checked (``expression`` for ratios)."""
    common: dict[str, Any] = {
        "id": t.id,
        "kind": t.kind,
        "label": _text(t.label),
        "agency": t.agency,
        "decision": t.decision,
    }
    if isinstance(t, m.NoTarget):
        return sp.NoTargetSpec(**common)
    if isinstance(t, m.CompositeTarget):
        need = {"all": len(t.of), "any": 1, "at_least": t.k or 1}[t.mode]
        return sp.CompositeSpec(**common, members=tuple(t.of), mode=t.mode, need=need)
    if isinstance(t, m.RatioTarget):
        assert expression is not None
        names = tuple(sorted({n for e in (expression, *requires) for n in e.names}))
        return sp.RatioSpec(
            **common, inputs=names, expression=expression, requires=requires, unit=t.unit, bounds=_bounds(t)
        )
    metric = _metric_spec(measure, t.metric)
    if isinstance(t, m.ThresholdTarget):
        return sp.ThresholdSpec(**common, inputs=(t.metric,), metric=metric, bounds=_bounds(t))
    if isinstance(t, m.FrequencyTarget):
        return sp.FrequencySpec(
            **common,
            inputs=(t.metric,),
            metric=metric,
            bounds=sp.Bounds.at_least(float(t.required)),
            units=t.units,
            times=t.times,
            every=t.every,
            per_year=sp.PER_YEAR[t.every],
        )
    if isinstance(t, m.GrowthTarget):
        return sp.GrowthSpec(
            **common,
            inputs=(t.metric,) + ((t.baseline_metric,) if t.baseline_metric else ()),
            metric=metric,
            baseline=t.baseline,
            baseline_metric=t.baseline_metric,
            bounds=_bounds(t),
        )
    if isinstance(t, m.CompletionTarget):
        milestones = measure.metrics[t.metric].milestones or []
        return sp.CompletionSpec(
            **common,
            inputs=(t.metric,),
            metric=metric,
            reach=t.reach,
            need=metric.milestones.index(t.reach),
            deadline=t.deadline,
            milestone_labels=tuple(_text(x.label) for x in milestones),
        )
    if isinstance(t, m.BreakdownTarget):
        return sp.BreakdownSpec(
            **common,
            inputs=(t.metric,),
            metric=metric,
            parts=tuple(sp.PartSpec(a, sp.Bounds.at_least(goal)) for a, goal in t.parts.items()),
            total=None if t.total is None else sp.Bounds.at_least(t.total),
            require=t.require,
            goal=t.total if t.total is not None else sum(t.parts.values()),
        )
    raise AssertionError(f"no spec for target kind {t.kind!r}")


def _measure_spec(
    measure: m.Measure, year: int, compiled: list[CompiledTarget], members: dict[str, str]
) -> MeasureSpec:
    inputs: list[str] = []
    split: dict[str, list[str]] = {}
    for ct in compiled:
        inputs.extend(n for n in ct.spec.inputs if n not in inputs)
        if isinstance(ct.spec, sp.BreakdownSpec):
            agencies = split.setdefault(ct.spec.metric.name, [])
            agencies.extend(p.agency for p in ct.spec.parts if p.agency not in agencies)
    return MeasureSpec(
        measure=measure.measure,
        year=year,
        targets=tuple(ct.spec for ct in compiled),
        order=tuple(t.id for t in measure.years[year].targets if any(ct.spec.id == t.id for ct in compiled)),
        part_of=tuple(members.items()),
        inputs=tuple(inputs),
        split=tuple((k, tuple(v)) for k, v in split.items() if v),
        metrics=tuple(_metric_spec(measure, n) for n in measure.metrics),
    )
