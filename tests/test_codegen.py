"""The generated evaluators (codegen.py) must judge exactly as the closures of compile.py.

evaluate() runs the closures; evaluate_many() runs the generated per-measure functions. Hypothesis
draws reports over the real rule set and over a small synthetic one that has every kind and
comparator, with values placed on and around every bound, and compares every verdict fact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine import kernel as codegen
from target_rules.language import model as m
from target_rules.language.compile import compile_measure
from target_rules.language.load import RuleSet

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
YEAR = 107

SYNTHETIC = {
    "measure": 900,
    "strategy": {"number": 1, "title": "s"},
    "title": "synthetic",
    "agencies": ["A", "B"],
    "metrics": {
        "a": {"label": "a", "unit": "%"},
        "b": {"label": "b", "unit": "件"},
        "c": {"label": "c", "unit": "件"},
        "d": {"label": "d", "unit": "元"},
        "split": {"label": "split", "unit": "件"},
        "doc": {
            "label": "doc",
            "unit": "milestone",
            "milestones": [
                {"id": "draft", "label": "d"},
                {"id": "sent", "label": "s"},
                {"id": "done", "label": "x"},
            ],
        },
    },
    "years": {
        YEAR: {
            "targets": [
                {
                    "id": "t1",
                    "label": "a>=70 p2",
                    "kind": "threshold",
                    "metric": "a",
                    "at_least": 70,
                    "precision": 2,
                },
                {
                    "id": "t2",
                    "label": "a<=20.5 p1",
                    "kind": "threshold",
                    "metric": "a",
                    "at_most": 20.5,
                    "precision": 1,
                },
                {"id": "t3", "label": "b==3", "kind": "threshold", "metric": "b", "equal": 3},
                {
                    "id": "t4",
                    "label": "d in",
                    "kind": "threshold",
                    "metric": "d",
                    "between": [10, 20],
                    "precision": 0,
                },
                {"id": "t5", "label": "b<=0", "kind": "threshold", "metric": "b", "at_most": 0},
                {
                    "id": "r1",
                    "label": "ratio",
                    "kind": "ratio",
                    "expression": "b / c * 100",
                    "at_least": 60,
                    "precision": 1,
                    "requires": ["b <= c", "c >= 0 and b >= 0"],
                },
                {
                    "id": "r2",
                    "label": "mix",
                    "kind": "ratio",
                    "expression": "max(b, c) - min(a, -d) + abs(b - c)",
                    "at_most": 100,
                },
                {"id": "r3", "label": "mod", "kind": "ratio", "expression": "b % (c - 1) * 10", "equal": 40},
                {
                    "id": "g1",
                    "label": "growth",
                    "kind": "growth",
                    "metric": "b",
                    "baseline": 40,
                    "at_least": 20,
                    "precision": 1,
                },
                {
                    "id": "g2",
                    "label": "growth m",
                    "kind": "growth",
                    "metric": "b",
                    "baseline_metric": "c",
                    "at_most": -10,
                },
                {
                    "id": "f1",
                    "label": "freq",
                    "kind": "frequency",
                    "metric": "c",
                    "units": 2,
                    "every": "quarter",
                },
                {"id": "c1", "label": "done", "kind": "completion", "metric": "doc", "reach": "sent"},
                {
                    "id": "c2",
                    "label": "done by",
                    "kind": "completion",
                    "metric": "doc",
                    "reach": "done",
                    "deadline": "2018-06-30",
                },
                {
                    "id": "k1",
                    "label": "2 of",
                    "kind": "composite",
                    "of": ["t1", "t3", "c1"],
                    "mode": "at_least",
                    "k": 2,
                },
                {"id": "k2", "label": "any", "kind": "composite", "of": ["r1", "g1"], "mode": "any"},
                {
                    "id": "b1",
                    "label": "bd",
                    "kind": "breakdown",
                    "metric": "split",
                    "parts": {"A": 2, "B": 3},
                    "total": 5,
                },
                {
                    "id": "b2",
                    "label": "bd p",
                    "kind": "breakdown",
                    "metric": "split",
                    "parts": {"A": 2, "B": 3},
                    "require": "parts",
                },
                {"id": "n1", "label": "none", "kind": "none"},
            ]
        }
    },
}


def _synthetic() -> RuleSet:
    cm, problems = compile_measure(m.Measure.model_validate(SYNTHETIC))
    assert not [p for p in problems if p.severity == "error"]
    return RuleSet(measures={900: cm})


REAL = tr.load_rules(RULES_DIR)
REAL_BOUNDS: list[float] = []


@pytest.fixture(scope="module")
def real_rules() -> RuleSet:
    return REAL


def _bounds(rules: RuleSet) -> list[float]:
    out: set[float] = {0.0, 1.0}
    for cm in rules:
        for yt in cm.measure.years.values():
            for t in yt.targets:
                for f in ("at_least", "at_most", "equal", "total", "baseline"):
                    x = getattr(t, f, None)
                    if x is not None:
                        out.add(float(x))
                if getattr(t, "between", None):
                    out.update(t.between)
                if isinstance(t, m.BreakdownTarget):
                    out.update(t.parts.values())
                if isinstance(t, m.FrequencyTarget):
                    out.add(float(t.required))
    values = set()
    for b in out:
        for d in (-1, -0.05, -0.005, -0.0049, 0, 0.0049, 0.005, 0.05, 0.5, 1):
            values.add(round(b + d, 6))
    return sorted(values)


def _value(bounds: list[float]) -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from(bounds),
        # four decimals at most: round_half_up (Decimal) has no digits for a ratio over 1e-61
        st.floats(min_value=-1000, max_value=1e7, allow_nan=False, allow_infinity=False).map(
            lambda x: round(x, 4)
        ),
        st.integers(min_value=0, max_value=5000).map(float),
    )


@st.composite
def _reported(draw: st.DrawFn, metric: m.Metric, bounds: list[float], agencies: list[str]) -> dict | None:
    period = {"start": "2018-01-01", "end": draw(st.sampled_from(["2018-06-30", "2018-12-31"]))}
    extra = {}
    if draw(st.booleans()):
        extra["quote"] = "q"
    if draw(st.integers(0, 4)) == 0:
        extra["period"] = period
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return None
    if kind == 1:
        return {"not_reported": "no data", **extra}
    if metric.unit == "milestone":
        assert metric.milestones
        ids = [ms.id for ms in metric.milestones]
        rv = {"milestone": draw(st.sampled_from([*ids, "bogus"])), **extra}
        if draw(st.booleans()):
            rv["date"] = draw(st.sampled_from(["2018-03-01", "2018-06-30", "2018-09-01"]))
        return rv
    if kind == 2 or (kind == 3 and agencies):
        names = agencies or ["X", "Y"]
        chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
        parts = {}
        for a in chosen:
            parts[a] = {"value": draw(_value(bounds))}
            if draw(st.integers(0, 5)) == 0:
                parts[a]["period"] = period
        return {"by_agency": parts, **extra}
    return {"value": draw(_value(bounds)), **extra}


@st.composite
def _report(draw: st.DrawFn, rules: RuleSet, bounds: list[float]) -> m.Report:
    measures = {}
    for cm in rules:
        if YEAR not in cm.years or draw(st.integers(0, 9)) == 0:
            continue
        agencies = {
            t.metric: list(t.parts)
            for t in cm.measure.years[YEAR].targets
            if isinstance(t, m.BreakdownTarget)
        }
        metrics = {}
        for name, metric in cm.measure.metrics.items():
            rv = draw(_reported(metric, bounds, agencies.get(name, [])))
            if rv is not None:
                metrics[name] = rv
        mr: dict = {"metrics": metrics}
        if draw(st.integers(0, 5)) == 0:
            mr["period"] = {"start": "2018-01-01", "end": "2018-09-30"}
        measures[cm.measure.measure] = mr
    return m.Report.model_validate({"year": YEAR, "measures": measures})


def _facts(v: tr.Verdict) -> dict:
    out = {}
    for f in dataclasses.fields(v):
        if f.name == "_explanation":
            continue
        x = getattr(v, f.name)
        if f.name == "parts":
            x = [_facts(p) for p in x]
        elif isinstance(x, float) and math.isnan(x):
            x = "nan"
        out[f.name] = x
    return out


def _same(rules: RuleSet, report: m.Report) -> None:
    ref = tr.evaluate(rules, report)
    gen = next(tr.evaluate_many(rules, [report]))
    assert [_facts(v) for v in gen.verdicts] == [_facts(v) for v in ref.verdicts]
    assert [(r.measure, r.status) for r in gen.measures] == [(r.measure, r.status) for r in ref.measures]
    assert gen.notes == ref.notes
    assert gen.summary == ref.summary


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


REAL_BOUNDS = _bounds(REAL)


@_SETTINGS
@given(report=_report(REAL, REAL_BOUNDS))
def test_generated_equals_closures_on_real_rules(report: m.Report) -> None:
    _same(REAL, report)


SYN = _synthetic()
SYN_BOUNDS = _bounds(SYN)


@_SETTINGS
@given(report=_report(SYN, SYN_BOUNDS))
def test_generated_equals_closures_on_every_kind(report: m.Report) -> None:
    _same(SYN, report)


def test_the_reported_107_values(real_rules: RuleSet) -> None:
    report = tr.load_report(Path(__file__).resolve().parents[1] / "data" / "107")
    _same(real_rules, report)


def test_fast_path_is_used_and_fallbacks_are_rare() -> None:
    # a plain value is judged by inlined code, not by calling the target's closure
    fn = codegen.measure_function(SYN[900], YEAR)
    src = fn.__source__
    assert "j = _judged(a, 2)" in src and "ok = j >= " in src
    # the "%" expression and the breakdowns fall back to their closures
    always = [line for line in src.splitlines() if line.startswith("    v") and line.endswith("(mv, _D)")]
    assert len(always) == 3  # r3, b1, b2; the other kinds call their closure only on a rare path


def test_generated_source_holds_no_rule_text() -> None:
    fn = codegen.measure_function(SYN[900], YEAR)
    k = codegen.kernel(SYN, YEAR)
    for src in (fn.__source__, k.fn.__source__):
        for text in ("synthetic", "a>=70", "done by", "no data", "bd p", "t1", "k2"):
            assert text not in src


def test_unsafe_pieces_are_refused() -> None:
    s = codegen._Source()
    with pytest.raises(codegen.CodegenError):
        s.ident("a; import os")
    with pytest.raises(codegen.CodegenError):
        s.ident("lambda")
    with pytest.raises(codegen.CodegenError):
        s.num(float("inf"))
    with pytest.raises(codegen.CodegenError):
        s.num("1")  # type: ignore[arg-type]
    assert s.num(0.1) == "0.1" and s.num(True) == "1"


def test_year_mismatch_still_raises(real_rules: RuleSet) -> None:
    with pytest.raises(tr.ReportError):
        list(tr.evaluate_many(real_rules, [m.Report(year=108)], year=107))


def test_evaluate_many_is_lazy(real_rules: RuleSet) -> None:
    seen = []

    def reports():
        for i in range(3):
            seen.append(i)
            yield m.Report(year=YEAR)

    it = tr.evaluate_many(real_rules, reports())
    first = next(it)
    assert seen == [0]
    assert first.summary["by_status"]["missing"] > 0
    assert dt.date  # keeps the import used for date strings above
