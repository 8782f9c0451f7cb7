"""The verdict evaluator: a measure's specs become one function from reported values to Verdicts.

This is the reference path (``evaluate``): one closure per target, built once from its spec, that
applies the rules of judging.py and records every fact a verdict carries. The generated kernel
(kernel.py) calls these closures for the cases it does not inline, so both agree by construction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from target_rules.engine import judging
from target_rules.engine.verdict import Status, Verdict
from target_rules.language import model as m
from target_rules.language import spec as sp
from target_rules.messages import say

__all__ = ["Evaluator", "MeasureValues", "measure_evaluator", "target_evaluator"]


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

_STATUS = judging.STATUS_CODES


def measure_evaluator(spec: sp.MeasureSpec) -> Callable[[MeasureValues], list[Verdict]]:
    """``f(values) -> verdicts`` of one measure and year, in the order the targets are written."""
    evaluators = [(t.id, target_evaluator(spec.measure, spec.year, t)) for t in spec.targets]
    part_of = spec.part_of
    order = spec.order

    def evaluate(values: MeasureValues) -> list[Verdict]:
        done: dict[str, Verdict] = {}
        for tid, ev in evaluators:
            done[tid] = ev(values, done)
        for tid, owner in part_of:
            if tid in done:
                done[tid].part_of = owner
        return [done[i] for i in order if i in done]

    return evaluate


def _base(measure: int, year: int, t: sp.TargetSpec, status: Status = Status.MET, **kw: object) -> Verdict:
    return Verdict(
        measure=measure,
        year=year,
        target_id=t.id,
        kind=t.kind,
        status=status,
        label=t.label.as_dict(),
        agency=t.agency,
        decision=t.decision,
        **kw,  # type: ignore[arg-type]
    )


def _judged(
    measure: int,
    year: int,
    t: sp.TargetSpec,
    bounds: sp.Bounds,
    unit: str,
    values: MeasureValues,
    names: tuple[str, ...],
    metric_label: dict[str, str] | None = None,
) -> Verdict:
    """The verdict of a target judged against ``bounds``, quoting what was reported for ``names``."""
    return _base(
        measure,
        year,
        t,
        comparator=bounds.comparator,
        target_value=bounds.target,
        unit=unit,
        precision=bounds.precision,
        metric_label=metric_label,
        quotes=tuple(q for n in names for q in _quotes(values.metrics.get(n))),
    )


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
    flags: tuple[str, ...] = ("provisional",) if judging.provisional(end, values.year_end) else ()
    if any((rv := values.metrics.get(n)) is not None and rv.by_agency for n in names):
        flags = (*flags, "summed")
    return flags, end


def _by_agency(v: Verdict, rv: m.ReportedValue | None) -> None:
    """The parts of a combined figure, for explanations and tables: 948 場次 = 法務部 819 + 監察院 129."""
    if rv is not None and rv.by_agency and len(rv.by_agency) > 1:
        v.detail["by_agency"] = [
            [agency, a.value] for agency, a in rv.by_agency.items() if a.value is not None
        ]


def _record(v: Verdict, bounds: sp.Bounds, actual: float, with_rate: bool = True) -> Verdict:
    """Judge ``actual`` against ``bounds`` and write the facts into ``v``."""
    j = judging.judge(bounds, actual, with_rate)
    v.actual, v.judged, v.margin, v.achievement_rate = actual, j.judged, j.margin, j.achievement_rate
    v.status = Status.MET if j.met else Status.UNMET
    return v


def target_evaluator(measure: int, year: int, t: sp.TargetSpec) -> Evaluator:
    """The closure that judges one target."""
    if isinstance(t, sp.NoTargetSpec):
        return _none(measure, year, t)
    if isinstance(t, sp.ThresholdSpec | sp.FrequencySpec):
        return _threshold(measure, year, t)
    if isinstance(t, sp.RatioSpec):
        return _ratio(measure, year, t)
    if isinstance(t, sp.GrowthSpec):
        return _growth(measure, year, t)
    if isinstance(t, sp.CompletionSpec):
        return _completion(measure, year, t)
    if isinstance(t, sp.CompositeSpec):
        return _composite(measure, year, t)
    if isinstance(t, sp.BreakdownSpec):
        return _breakdown(measure, year, t)
    raise AssertionError(f"no evaluator for target kind {t.kind!r}")


def _threshold(measure: int, year: int, t: sp.ThresholdSpec | sp.FrequencySpec) -> Evaluator:
    bounds = t.bounds
    name = t.metric.name
    unit = t.metric.unit
    label = t.metric.label

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(name)
        v = _judged(measure, year, t, bounds, unit, values, (name,), metric_label=label.as_dict())
        if isinstance(t, sp.FrequencySpec):
            v.detail.update(units=t.units, times=t.times, every=t.every)
        elif bounds.comparator == "between":
            v.detail["between"] = [bounds.low, bounds.high]
        actual = None if rv is None else rv.total
        if actual is None:
            return _missing(v, rv, name)
        v.flags, v.period_end = _flags(values, (name,))
        _by_agency(v, rv)
        return _record(v, bounds, actual)

    return evaluate


def _ratio(measure: int, year: int, t: sp.RatioSpec) -> Evaluator:
    bounds = t.bounds
    names = t.inputs
    expr = t.expression

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        v = _judged(measure, year, t, bounds, t.unit, values, names)
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
        broken = [r.text for r in t.requires if not r(inputs)]
        if broken:
            v.flags = (*v.flags, "inconsistent")
            v.detail["inconsistent"] = broken
        try:
            actual = float(expr(inputs))
        except ZeroDivisionError:
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            v.detail["reason"] = say("ui.explain.division_by_zero")  # ours, in either language
            return v
        if not math.isfinite(actual):
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            return v
        return _record(v, bounds, actual)

    return evaluate


def _growth(measure: int, year: int, t: sp.GrowthSpec) -> Evaluator:
    bounds = t.bounds
    names = t.inputs
    metric = t.metric

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        v = _judged(measure, year, t, bounds, t.unit, values, names, metric_label=metric.label.as_dict())
        current = values.total(metric.name)
        if current is None:
            return _missing(v, values.metrics.get(metric.name), metric.name)
        if t.baseline_metric is not None:
            base = values.total(t.baseline_metric)
            if base is None:
                return _missing(v, values.metrics.get(t.baseline_metric), t.baseline_metric)
        else:
            base = t.baseline
        assert base is not None
        v.detail.update(current=current, baseline=base, metric_unit=metric.unit)
        v.flags, v.period_end = _flags(values, names)
        g = judging.growth(current, base)
        if g is None:
            v.status = Status.MISSING
            v.flags = (*v.flags, "undefined")
            return v
        return _record(v, bounds, g, with_rate=t.rate)

    return evaluate


def _breakdown(measure: int, year: int, t: sp.BreakdownSpec) -> Evaluator:
    metric = t.metric
    name = metric.name
    label = metric.label
    total = t.total
    part_label = [
        (p, {"zh": f"{t.label.zh}（{p.agency}）", "en": f"{t.label.en} ({p.agency})"}) for p in t.parts
    ]
    rate_base = t.rate_base

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(name)
        v = _base(
            measure,
            year,
            t,
            comparator="at_least",
            target_value=t.goal,
            unit=metric.unit,
            metric_label=label.as_dict(),
            quotes=_quotes(rv),
        )
        if rv is None or rv.total is None:
            return _missing(v, rv, name)
        reported = rv.by_agency or {}
        sub: list[Verdict] = []
        for part, plabel in part_label:
            pv = Verdict(
                measure=measure,
                year=year,
                target_id=f"{t.id}[{part.agency}]",
                kind="part",
                status=Status.MET,
                label=dict(plabel),
                comparator="at_least",
                target_value=part.bounds.low,
                unit=metric.unit,
                agency=part.agency,
                metric_label=label.as_dict(),
                part_of=t.id,
            )
            av = reported.get(part.agency)
            if av is None or av.value is None:
                pv.status = Status.MISSING
                pv.detail["missing"] = [f"{name}[{part.agency}]"]
            else:
                _record(pv, part.bounds, av.value)
                if av.quote:
                    pv.quotes = (av.quote,)
                if av.period is not None and judging.provisional(av.period.end, values.year_end):
                    pv.flags = ("provisional",)
                    pv.period_end = av.period.end
            sub.append(pv)
        v.parts = tuple(sub)
        actual = rv.total
        assert actual is not None
        v.flags, v.period_end = _flags(values, (name,))
        _by_agency(v, rv)
        codes: list[int] = []
        if total is not None:
            j = judging.judge(total, actual)
            v.judged, v.margin = j.judged, j.margin
            if t.require in ("all", "total"):
                codes.append(judging.MET if j.met else judging.UNMET)
        else:
            v.judged, v.margin = actual, actual - t.goal
        v.actual = actual
        v.achievement_rate = judging.rate(rate_base, actual)
        if t.require in ("all", "parts"):
            codes.extend(judging.STATUS_CODES.index(p.status) for p in sub)
        v.status = _STATUS[judging.combine(codes)]
        if v.status is Status.MISSING:
            v.detail["missing"] = [p.target_id for p in sub if p.status is Status.MISSING]
        v.detail["require"] = t.require
        return v

    return evaluate


def _completion(measure: int, year: int, t: sp.CompletionSpec) -> Evaluator:
    metric = t.metric
    order = {ms: i for i, ms in enumerate(metric.milestones)}
    labels = {ms: lb.as_dict() for ms, lb in zip(metric.milestones, t.milestone_labels, strict=True)}
    need = t.need

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        rv = values.metrics.get(metric.name)
        v = _base(
            measure,
            year,
            t,
            comparator="reach",
            unit="milestone",
            metric_label=metric.label.as_dict(),
            quotes=_quotes(rv),
        )
        v.detail.update(required=t.reach, required_label=labels[t.reach], deadline=t.deadline)
        if rv is None or rv.milestone is None:
            return _missing(v, rv, metric.name)
        reached = rv.milestone
        v.detail.update(reached=reached, reached_label=labels.get(reached), date=rv.date)
        v.flags, v.period_end = _flags(values, (metric.name,))
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


def _composite(measure: int, year: int, t: sp.CompositeSpec) -> Evaluator:
    need = t.need

    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        subs = tuple(done[i] for i in t.members if i in done)
        v = _base(measure, year, t, comparator=t.mode, target_value=float(need), unit="targets")
        v.parts = subs
        met = sum(1 for s in subs if s.status is Status.MET)
        missing = sum(1 for s in subs if s.status is Status.MISSING)
        v.actual = float(met)
        v.margin = float(met - need)
        v.detail.update(k=need, of=list(t.members))
        v.flags = tuple(sorted({f for s in subs for f in s.flags if f == "provisional"}))
        v.status = _STATUS[judging.composite_code(met, missing, need)]
        return v

    return evaluate


def _none(measure: int, year: int, t: sp.NoTargetSpec) -> Evaluator:
    def evaluate(values: MeasureValues, done: dict[str, Verdict]) -> Verdict:
        return _base(measure, year, t, status=Status.NOT_APPLICABLE)

    return evaluate
