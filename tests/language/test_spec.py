"""compile_measure describes each target once as an immutable spec (language/spec.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from target_rules.language import model as m
from target_rules.language import spec as sp
from target_rules.language.compile import compile_measure

MEASURE = {
    "measure": 7,
    "strategy": {"number": 1, "title": "s"},
    "title": "t",
    "agencies": ["A", "B"],
    "metrics": {
        "meetings": {"label": "meetings", "unit": "場"},
        "cases": {"label": {"zh": "案件", "en": "cases"}, "unit": "件"},
        "received": {"label": "received", "unit": "件"},
        "doc": {
            "label": "doc",
            "unit": "milestone",
            "milestones": [{"id": "drafted", "label": "擬定"}, {"id": "sent", "label": "陳報"}],
        },
    },
    "years": {
        107: {
            "targets": [
                {
                    "id": "c",
                    "label": "both",
                    "kind": "composite",
                    "of": ["f", "r"],
                    "mode": "at_least",
                    "k": 1,
                },
                {
                    "id": "f",
                    "label": "f",
                    "kind": "frequency",
                    "metric": "meetings",
                    "units": 22,
                    "every": "quarter",
                },
                {
                    "id": "r",
                    "label": "r",
                    "kind": "ratio",
                    "expression": "cases / received * 100",
                    "between": [60, 80],
                    "precision": 1,
                },
                {
                    "id": "g",
                    "label": "g",
                    "kind": "growth",
                    "metric": "cases",
                    "baseline": 100,
                    "at_least": 20,
                },
                {
                    "id": "d",
                    "label": "d",
                    "kind": "completion",
                    "metric": "doc",
                    "reach": "sent",
                    "deadline": "2018-12-31",
                },
                {"id": "b", "label": "b", "kind": "breakdown", "metric": "cases", "parts": {"A": 2, "B": 3}},
                {"id": "n", "label": "n", "kind": "none"},
            ]
        }
    },
}


@pytest.fixture(scope="module")
def spec() -> sp.MeasureSpec:
    cm, problems = compile_measure(m.Measure.model_validate(MEASURE))
    assert not problems
    return cm.specs[107]


def test_composite_comes_after_its_members_but_reports_in_written_order(spec: sp.MeasureSpec) -> None:
    ids = [t.id for t in spec.targets]
    assert ids.index("c") > ids.index("f") and ids.index("c") > ids.index("r")
    assert spec.order == ("c", "f", "r", "g", "d", "b", "n")
    assert dict(spec.part_of) == {"f": "c", "r": "c"}


def test_frequency_of_22_offices_a_quarter_requires_88(spec: sp.MeasureSpec) -> None:
    f = spec.target("f")
    assert isinstance(f, sp.FrequencySpec)
    assert f.required == 88  # 22 offices x once x 4 quarters
    assert f.bounds == sp.Bounds("at_least", 88.0, None, None)


def test_ratio_reads_its_metrics_sorted_with_bounds_and_precision(spec: sp.MeasureSpec) -> None:
    r = spec.target("r")
    assert isinstance(r, sp.RatioSpec)
    assert r.inputs == ("cases", "received")
    assert r.bounds == sp.Bounds("between", 60.0, 80.0, 1)
    assert r.bounds.rate_base is None  # between has no achievement rate


def test_growth_has_no_achievement_rate_and_a_fixed_baseline(spec: sp.MeasureSpec) -> None:
    g = spec.target("g")
    assert isinstance(g, sp.GrowthSpec)
    assert (g.baseline, g.baseline_metric, g.rate, g.unit) == (100.0, None, False, "%")


def test_completion_needs_the_second_milestone_by_its_deadline(spec: sp.MeasureSpec) -> None:
    d = spec.target("d")
    assert isinstance(d, sp.CompletionSpec)
    assert d.metric.milestones == ("drafted", "sent")
    assert (d.need, d.deadline) == (1, dt.date(2018, 12, 31))


def test_breakdown_without_total_aims_at_the_sum_of_its_parts(spec: sp.MeasureSpec) -> None:
    b = spec.target("b")
    assert isinstance(b, sp.BreakdownSpec)
    assert b.goal == 5.0 and b.rate_base == 5.0 and b.total is None
    assert [p.agency for p in b.parts] == ["A", "B"]
    assert dict(spec.split) == {"cases": ("A", "B")}


def test_composite_at_least_one_needs_one(spec: sp.MeasureSpec) -> None:
    c = spec.target("c")
    assert isinstance(c, sp.CompositeSpec)
    assert (c.members, c.mode, c.need) == (("f", "r"), "at_least", 1)


def test_specs_are_immutable(spec: sp.MeasureSpec) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.target("f").id = "x"  # type: ignore[misc]
    assert spec.target("n").label == sp.Label("n", "n")  # en falls back to zh
