"""Every way of running a rule set gives the same statuses, actuals and achievement rates.

Hypothesis draws whole rule sets (every kind, every comparator, precisions 0-3, composites over
random members, breakdowns with and without a total) and rows of reported values placed exactly on
each bound, one precision step below it, on the half-up tie, missing, NaN, split by agency, or an
unknown milestone, and a period end ("period_end": partial years, the year's last day and the day
before it) that makes the row's verdicts provisional. Each row is judged four ways from the same specs:

* the verdict evaluator (``evaluate`` on the report the row stands for, the reference),
* the generated measure functions (``evaluate_many``),
* the generated row kernel (``evaluate_columns(engine="python")``),
* the numpy columnar path (``evaluate_columns(engine="numpy")``), when numpy is installed,

and every verdict fact must agree (the kernel and columnar paths report status, actual, rate, flags).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine import columns
from target_rules.engine import kernel as kernel_module
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from tests.engine.generated import YEAR, compiled, measure_doc
from tests.test_batch import ENGINES, _check
from tests.test_codegen import _same

BOUNDS = [0.0, 1.0, 7.0, 50.0, 70.0, 72.69, 100.0, 280.0, 1234.5]
COMPARATORS = ["at_least", "at_most", "equal", "between"]
EXPRESSIONS = ["b / c * 100", "b - c", "min(b, c) / max(c, 1) * 100", "abs(b - c) / c * 100", "(b + d) / c"]
REQUIRES: list[list[str]] = [[], ["b <= c"], ["b >= 0 and c > 0", "not (d < 0)"]]
MILESTONES = ["drafted", "reviewed", "sent"]
AGENCIES = ["A", "B", "C"]


def _comparison(draw: st.DrawFn) -> dict[str, Any]:
    comparator = draw(st.sampled_from(COMPARATORS))
    low = draw(st.sampled_from(BOUNDS))
    out: dict[str, Any] = {"precision": draw(st.one_of(st.none(), st.integers(0, 3)))}
    if comparator == "between":
        out["between"] = [low, low + draw(st.sampled_from([0.0, 0.5, 10.0, 30.0]))]
    else:
        out[comparator] = low
    return out


@st.composite
def measures(draw: st.DrawFn, number: int) -> dict[str, Any]:
    targets: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 7))):
        tid = f"t{i}"
        kind = draw(
            st.sampled_from(
                ["threshold", "ratio", "growth", "frequency", "completion", "breakdown", "composite", "none"]
            )
        )
        t: dict[str, Any] = {"id": tid, "label": f"target {i}", "kind": kind}
        if kind == "threshold":
            t.update(metric=draw(st.sampled_from(["a", "b", "d", "split"])), **_comparison(draw))
        elif kind == "ratio":
            t.update(expression=draw(st.sampled_from(EXPRESSIONS)), requires=draw(st.sampled_from(REQUIRES)))
            t.update(_comparison(draw))
        elif kind == "growth":
            t.update(metric="b", **_comparison(draw))
            if draw(st.booleans()):
                t["baseline"] = draw(st.sampled_from([1.0, 26.8, 100.0, -4.0]))
            else:
                t["baseline_metric"] = "c"
        elif kind == "frequency":
            t.update(
                metric="b",
                units=draw(st.integers(1, 30)),
                times=draw(st.integers(1, 3)),
                every=draw(st.sampled_from(["year", "half", "quarter", "month", "week"])),
            )
        elif kind == "completion":
            t.update(metric="doc", reach=draw(st.sampled_from(MILESTONES)))
            if draw(st.booleans()):
                t["deadline"] = "2018-06-30"
        elif kind == "breakdown":
            agencies = draw(st.lists(st.sampled_from(AGENCIES), unique=True, max_size=3))
            t.update(
                metric="split", parts={a: draw(st.sampled_from([0.0, 2.0, 3.0, 10.0])) for a in agencies}
            )
            if not agencies or draw(st.booleans()):
                t["total"] = draw(st.sampled_from([0.0, 5.0, 12.0]))
            choices = ["all"] + (["total"] if "total" in t else []) + (["parts"] if agencies else [])
            t["require"] = draw(st.sampled_from(choices))
        elif kind == "composite":
            if not targets:
                t["kind"] = "none"
            else:
                of = draw(st.lists(st.sampled_from([x["id"] for x in targets]), unique=True, min_size=1))
                mode = draw(st.sampled_from(["all", "any", "at_least"]))
                t.update(of=of, mode=mode)
                if mode == "at_least":
                    t["k"] = draw(st.integers(1, len(of)))
        targets.append(t)
    metrics = {
        "a": {"label": "a", "unit": "%"},
        "b": {"label": "b", "unit": "件"},
        "c": {"label": "c", "unit": "件"},
        "d": {"label": "d", "unit": "元"},
        "split": {"label": "split", "unit": "件"},
        "doc": {
            "label": "doc",
            "unit": "milestone",
            "milestones": [{"id": x, "label": x} for x in MILESTONES],
        },
    }
    return measure_doc(number, metrics, targets, title=f"measure {number}", agencies=AGENCIES)


def _rules(docs: list[dict[str, Any]]) -> RuleSet:
    rules, problems = compiled(*docs)
    assert not [p for p in problems if p.severity == "error"], problems
    return rules


def _near(bound: float) -> list[float]:
    """Values on a bound, one step of each precision below and above it, and on the half-up tie."""
    out = {bound}
    for p in range(4):
        step = 10.0**-p
        out.update({round(bound - step, 6), round(bound + step, 6), round(bound - step / 2, 6)})
        out.add(bound - step / 2 - 1e-9)
    return sorted(out)


# a row's period end: none (the whole year), partial years, the day before the year ends, its last day
# (final), and a period running past it (final)
PERIOD_ENDS = [
    None,
    dt.date(2018, 10, 31),
    dt.date(2018, 12, 30),
    dt.date(2018, 12, 31),
    dt.date(2019, 3, 31),
]
VALUES = sorted({x for b in [*BOUNDS, 5.0, 12.0, 26.8, 88.0] for x in _near(b)} | {0.0, -4.0})


@st.composite
def cases(draw: st.DrawFn) -> tuple[RuleSet, dict[str, list[Any]]]:
    docs = [draw(measures(n)) for n in range(1, draw(st.integers(1, 2)) + 1)]
    rules = _rules(docs)
    k = kernel_module.kernel(rules, YEAR)
    n = draw(st.integers(1, 5))
    value = st.one_of(st.none(), st.just(math.nan), st.sampled_from(VALUES))
    cols: dict[str, list[Any]] = {}
    for c in k.columns:
        if c in k.milestone_columns:
            choice = st.sampled_from([None, "bogus", *MILESTONES])
        elif c == kernel_module.PERIOD_END:  # partial periods: provisional up to the year's last day
            choice = st.sampled_from(PERIOD_ENDS)
        elif c in k.date_columns:
            choice = st.sampled_from([None, dt.date(2018, 6, 30), dt.date(2018, 7, 1)])
        else:
            choice = value
        cols[c] = [draw(choice) for _ in range(n)]
    return rules, cols


def _agree(rules: RuleSet, cols: dict[str, list[Any]]) -> None:
    if not cols:  # the rules read nothing: only the report paths apply
        _same(rules, m.Report(year=YEAR))
        return
    n = len(next(iter(cols.values())))
    for i in range(n):
        _same(rules, columns.report_from_row(rules, YEAR, {c: v[i] for c, v in cols.items()}))
    _check(rules, cols)  # evaluate_many == evaluate above; every column engine == evaluate here


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_every_path_judges_generated_rule_sets_alike(case: tuple[RuleSet, dict[str, list[Any]]]) -> None:
    _agree(*case)


def test_a_value_one_step_below_a_bound_at_precision_is_unmet_on_every_path() -> None:
    # at_least 70 at precision 1: 69.95 rounds half-up to 70.0 (met), 69.9 stays short (unmet)
    target = {"id": "t", "label": "t", "kind": "threshold", "metric": "a", "at_least": 70, "precision": 1}
    doc = measure_doc(1, {"a": {"label": "a", "unit": "%"}}, [target])
    rules = _rules([doc])
    cols = {"1.a": [69.95, 69.9, 69.94999, None]}
    for engine in ENGINES:
        res = tr.evaluate_columns(rules, cols, YEAR, engine=engine)
        assert res.statuses("1:t") == [tr.Status.MET, tr.Status.UNMET, tr.Status.UNMET, tr.Status.MISSING]
    _agree(rules, cols)
