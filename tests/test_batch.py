"""evaluate_columns judges each row as evaluate() judges the report the row stands for."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine import columns as batch
from target_rules.engine import kernel as codegen
from target_rules.language.load import RuleSet

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


# --- whole tables: CSV, polars, pyarrow ---------------------------------------------------------

# Three submissions for measures 4 (at least 280 audits, 110 inspections), 6 (the asset declaration
# amendment reviewed by the Executive Yuan) and 43 (at least 1億 seized). Row 1 is the 107 report's own
# figures (287, 110, 函報行政院審查 only, 266,310,000 元): met, met, unmet, met. Row 2 is one short of
# each count and written as people write numbers. Row 3 reports nothing for measure 4.
TABLE_CSV = (
    "4.procurement_audits,4.construction_inspections,6.asset_declaration_act_amendment,"
    "43.corruption_proceeds_amount\n"
    '287,110,submitted_ey,"266,310,000"\n'
    "279,１０９,ey_reviewed,9999萬\n"
    ",,,1億\n"
)
KEYS = ["4:4.1", "4:4.2", "6:6.1", "43:43.1"]
EXPECTED = {
    "4:4.1": ["met", "unmet", "missing"],
    "4:4.2": ["met", "unmet", "missing"],
    "6:6.1": ["unmet", "met", "missing"],
    "43:43.1": ["met", "unmet", "met"],
}


def _statuses(res: batch.ColumnResult) -> dict[str, list[str]]:
    return {key: [str(s) for s in res.statuses(key)] for key in KEYS}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_csv_table_of_submissions(tmp_path, engine) -> None:
    path = tmp_path / "subs.csv"
    path.write_text(TABLE_CSV, encoding="utf-8-sig")  # a BOM, as spreadsheet programs write it
    res = batch.evaluate_columns(REAL, path, YEAR, engine=engine)
    assert res.rows == 3
    assert _statuses(res) == EXPECTED
    assert res.actual["43:43.1"][1] == 99_990_000  # 9999萬


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4.procurement_audits\n287\n28O\n", r"subs.csv:3: column 4.procurement_audits: .*'28O'"),
        ("4.procurement_audits,4.procurement_audits\n1,2\n", "appears twice in the header"),
        (
            "4.procurement_audits,4.construction_inspections\n287\n",
            r"subs.csv:2: 1 cells, but the header has 2",
        ),
        ("", "empty file"),
        ("4.procurement_audits,agency\n287,工程會\n", r"subs.csv:1: unknown columns: agency"),
        ("4.procurement_audit\n287\n", "did you mean .4.procurement_audits.?"),
    ],
)
def test_a_bad_csv_says_where(tmp_path, text, message) -> None:
    path = tmp_path / "subs.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        batch.evaluate_columns(REAL, path, YEAR)


def test_a_csv_in_big5_is_refused(tmp_path) -> None:
    path = tmp_path / "subs.csv"
    path.write_bytes("6.asset_declaration_act_amendment\n函報\n".encode("big5"))
    with pytest.raises(ValueError, match="not UTF-8"):
        batch.evaluate_columns(REAL, path, YEAR)


def test_polars_and_pyarrow_tables(tmp_path) -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    path = tmp_path / "subs.csv"
    path.write_text(TABLE_CSV, encoding="utf-8")
    cols = batch._read_csv(str(path), codegen.kernel(REAL, YEAR))  # the numbers already parsed
    for table in (pl.DataFrame(cols), pa.table(cols)):
        for engine in ENGINES:
            assert _statuses(batch.evaluate_columns(REAL, table, YEAR, engine=engine)) == EXPECTED


def test_not_a_table() -> None:
    with pytest.raises(TypeError, match="not int"):
        batch.evaluate_columns(REAL, 42, YEAR)


def test_the_collector_is_left_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    batch.evaluate_columns(REAL, {"4.procurement_audits": [287, 279]}, YEAR, engine="python")
    assert gc.isenabled()
    gc.disable()
    try:
        batch.evaluate_columns(REAL, {"4.procurement_audits": [287]}, YEAR, engine="python")
        assert not gc.isenabled()  # a caller who paused it keeps it paused
    finally:
        gc.enable()
    with pytest.raises(TypeError):  # a failure inside the loop still re-enables it
        batch.evaluate_columns(REAL, {"4.procurement_audits": [object()]}, YEAR, engine="python")
    assert gc.isenabled()
