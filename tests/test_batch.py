"""evaluate_columns judges each row as evaluate() judges the report the row stands for."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules import batch, codegen
from target_rules.load import RuleSet

from .test_codegen import REAL, SYN, SYN_BOUNDS, YEAR, _bounds

REAL_BOUNDS = _bounds(REAL)
ENGINES = ["python"]
try:
    import numpy as np

    ENGINES.append("numpy")
except ImportError:  # the python engine needs nothing
    np = None


@st.composite
def _columns(draw: st.DrawFn, rules: RuleSet, bounds: list[float]) -> dict[str, list]:
    k = codegen.kernel(rules, YEAR)
    n = draw(st.integers(1, 6))
    value = st.one_of(
        st.none(),
        st.just(math.nan),
        st.sampled_from(bounds),
        st.floats(min_value=-1000, max_value=1e7, allow_nan=False).map(lambda x: round(x, 4)),
    )
    cols: dict[str, list] = {}
    for c in k.columns:
        if not draw(st.integers(0, 7)):
            continue  # an absent column is all not-reported
        if c in k.milestone_columns:
            measure, metric = c.split(".", 1)
            ms = rules[int(measure)].measure.metrics[metric].milestones or []
            choice = st.sampled_from([None, "bogus", *(x.id for x in ms)])
        elif c in k.date_columns:
            choice = st.sampled_from([None, dt.date(2018, 3, 1), dt.date(2018, 12, 31), "2019-01-02"])
        else:
            choice = value
        cols[c] = [draw(choice) for _ in range(n)]
    return cols


def _check(rules: RuleSet, cols: dict[str, list]) -> None:
    n = len(next(iter(cols.values()))) if cols else 0
    results = [batch.evaluate_columns(rules, cols, YEAR, engine=e, flags=True) for e in ENGINES]
    for i in range(n):
        report = batch.report_from_row(rules, YEAR, {c: v[i] for c, v in cols.items()})
        ev = tr.evaluate(rules, report)
        for res in results:
            assert res.keys == [f"{v.measure}:{v.target_id}" for v in ev.verdicts]
            for v in ev.verdicts:
                key = f"{v.measure}:{v.target_id}"
                assert res.statuses(key)[i] is v.status, (res.engine, key)
                a, r = res.actual[key][i], res.achievement_rate[key][i]
                assert math.isnan(a) if v.actual is None else a == v.actual, (res.engine, key, a, v.actual)
                assert math.isnan(r) if v.achievement_rate is None else r == v.achievement_rate, (
                    res.engine,
                    key,
                    r,
                    v.achievement_rate,
                )
                assert res.flags is not None and res.flags[key][i] == v.flags, (
                    key,
                    res.flags[key][i],
                    v.flags,
                )


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(cols=_columns(REAL, REAL_BOUNDS))
def test_columns_equal_evaluate_on_real_rules(cols: dict[str, list]) -> None:
    if cols:
        _check(REAL, cols)


@_SETTINGS
@given(cols=_columns(SYN, SYN_BOUNDS))
def test_columns_equal_evaluate_on_every_kind(cols: dict[str, list]) -> None:
    if cols:
        _check(SYN, cols)


def test_lists_work_without_numpy() -> None:
    res = batch.evaluate_columns(
        SYN, {"900.a": [80.0, 69.994, None], "900.doc": ["sent", "draft", None]}, YEAR, engine="python"
    )
    assert res.engine == "python" and len(res) == 3
    assert res.statuses("900:t1") == [tr.Status.MET, tr.Status.UNMET, tr.Status.MISSING]
    assert res.statuses("900:c1") == [tr.Status.MET, tr.Status.UNMET, tr.Status.MISSING]
    assert res.statuses("900:n1") == [tr.Status.NOT_APPLICABLE] * 3
    assert res.achievement_rate["900:t1"][0] == pytest.approx(80 * 100 / 70)


def test_split_columns_are_summed() -> None:
    cols = {"900.split": [9.0, 9.0], "900.split[A]": [2.0, None], "900.split[B]": [3.0, None]}
    for engine in ENGINES:
        res = batch.evaluate_columns(SYN, cols, YEAR, engine=engine, flags=True)
        assert res.statuses("900:b1") == [tr.Status.MET, tr.Status.MISSING]  # row 2: no parts to judge
        assert list(res.actual["900:b1"]) == [5.0, 9.0]
        assert res.flags is not None and res.flags["900:b1"] == [("summed",), ()]


def test_unknown_and_ragged_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown columns"):
        batch.evaluate_columns(SYN, {"900.nope": [1.0]}, YEAR)
    with pytest.raises(ValueError, match="differ in length"):
        batch.evaluate_columns(SYN, {"900.a": [1.0], "900.b": [1.0, 2.0]}, YEAR)


def test_lazy_export() -> None:
    assert tr.evaluate_columns is batch.evaluate_columns


@pytest.mark.skipif(np is None, reason="numpy not installed")
def test_numpy_arrays_in_int8_out() -> None:
    res = batch.evaluate_columns(SYN, {"900.a": np.array([70.0, 69.99, np.nan])}, YEAR, engine="numpy")
    assert res.status["900:t1"].dtype == np.int8
    assert res.statuses("900:t1") == [tr.Status.MET, tr.Status.UNMET, tr.Status.MISSING]
    assert res.fallback == ["900:r3"]  # the '%' expression is judged row by row


def test_the_reported_107_values_as_one_row() -> None:
    report = tr.load_report(Path(__file__).resolve().parents[1] / "data" / "107")
    k = codegen.kernel(REAL, YEAR)
    row: dict[str, list] = {}
    split_elsewhere = set()  # split among agencies that have no column: not one row's worth
    for mno, mr in report.measures.items():
        for metric, rv in mr.metrics.items():
            name = f"{mno}.{metric}"
            if name not in k.columns:
                continue
            if rv.by_agency and name in k.part_columns:
                for a, av in rv.by_agency.items():
                    if f"{name}[{a}]" in k.columns:
                        row[f"{name}[{a}]"] = [av.value]
                    else:
                        split_elsewhere.add(mno)
            row[name] = [rv.milestone if rv.milestone is not None else rv.total]
            if rv.date is not None and name + ".date" in k.columns:
                row[name + ".date"] = [rv.date]
    res = batch.evaluate_columns(REAL, row, YEAR)
    ev = tr.evaluate(REAL, report)
    judged = [v for v in ev.verdicts if v.measure not in split_elsewhere]
    assert len(judged) >= len(ev.verdicts) - 3
    # periods (provisional) change no status: every other verdict agrees
    assert [res.statuses(f"{v.measure}:{v.target_id}")[0] for v in judged] == [v.status for v in judged]
