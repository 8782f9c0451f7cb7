"""The SQL engine (DuckDB) judges every row exactly as the Python row kernel does.

The kernel is the reference here (tests/test_batch.py holds it to ``evaluate``); the differential
tests draw whole rule sets and tables with values on, half a step under and one step under each
bound, NULLs, NaN, unknown milestones and dates around deadlines, and compare every status, actual
value, achievement rate and flag. Example tests pin the decisions: the exact bounds, the inputs a
table may come as, and the errors a person gets for a missing or mistyped column.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine import sql
from target_rules.engine.columns import evaluate_columns
from target_rules.language.spec import Bounds

from .generated import YEAR, assert_same, compiled, measure_doc, rule_sets, synthetic, tables

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
REAL = tr.load_rules(ROOT / "rules")


# --- exactness -----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_rule_sets_judge_as_the_python_kernel(data: st.DataObject) -> None:
    rules = data.draw(rule_sets())
    cols = data.draw(tables(rules))
    assume(cols)  # rules that read nothing (only none and composites of them): no table to give
    want = evaluate_columns(rules, cols, YEAR, engine="python", flags=True)
    got = evaluate_columns(rules, cols, YEAR, engine="duckdb", flags=True)
    assert_same(got, want)
    assert _shared_nodes(sql.compile_query(rules, YEAR).tree) == []


def _shared_nodes(tree) -> list[str]:
    """Nodes placed under two parents: the query is built and printed without copying (sqlglot's
    copies cost most), so each node must be built for its one place."""
    return [c.sql() for n in tree.walk() for c in n.iter_expressions() if c.parent is not n]


def test_the_tree_shares_no_node_and_printing_leaves_it_as_it_was() -> None:
    q = sql.compile_query(REAL, YEAR, passthrough=["id"])
    assert _shared_nodes(q.tree) == []
    for dialect in sql.DIALECTS:
        q.sql(dialect)
    fresh = sql.compile_query(REAL, YEAR, passthrough=["id"])
    assert {d: q.sql(d) for d in sql.DIALECTS} == {d: fresh.sql(d) for d in sql.DIALECTS}


def test_the_107_rules_on_a_synthetic_table_judge_as_the_python_kernel() -> None:
    cols = synthetic(REAL, 3000)
    want = evaluate_columns(REAL, cols, YEAR, engine="python", flags=True)
    got = evaluate_columns(REAL, cols, YEAR, engine="duckdb", flags=True)
    assert len(got.keys) == 77
    assert_same(got, want)
    # the table exercises every status the rules can give
    seen = {int(c) for key in got.keys for c in got.status[key]}
    assert seen == {0, 1, 2, 3}


def test_half_up_at_the_precision_is_decided_by_exact_bounds() -> None:
    # At least 72% judged at one decimal: 71.95 prints as 71.95 and rounds half-up to 72.0, met;
    # the double just below it prints as 71.94999999999999 and rounds to 71.9, unmet.
    lo, hi = sql.met_interval(Bounds("at_least", 72.0, None, 1))
    assert (lo, hi) == (71.95, None)
    # at most 20.5 at one decimal: 20.54999999999999 -> 20.5 met, 20.55 -> 20.6 unmet
    lo, hi = sql.met_interval(Bounds("at_most", None, 20.5, 1))
    assert lo is None and hi == math.nextafter(20.55, 0)
    # equal 3.14 at two decimals accepts [3.135, 3.145); 3.14159 at two decimals accepts nothing
    assert sql.met_interval(Bounds("equal", 3.14, 3.14, 2)) == (3.135, math.nextafter(3.145, 0))
    assert sql.met_interval(Bounds("equal", 3.14159, 3.14159, 2)) is None


def test_duckdb_round_is_not_half_up_which_is_why_the_query_never_rounds() -> None:
    # the double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875
    con = duckdb.connect()
    assert con.sql("SELECT ROUND(CAST(2.675 AS DOUBLE), 2)").fetchall()[0][0] == 2.67
    assert tr.parse_quantity("2.675").value == 2.675
    from target_rules.quantities import round_half_up

    assert round_half_up(2.675, 2) == 2.68  # the report's rule: 2.675 as printed, half-up


@pytest.mark.parametrize("x", [70.0, 0.1 + 0.2, 1e-7, 123456789012.5, 69.94999999999999, -1e300, 5e-324])
def test_constants_read_back_as_the_same_double(x: float) -> None:
    con = duckdb.connect()
    got = con.sql(f"SELECT {sql.num(x).sql('duckdb')}").fetchall()[0][0]
    assert got == x and math.copysign(1, got) == math.copysign(1, x)


# --- tables in every shape -----------------------------------------------------------------------

# Measures 4 (at least 280 audits, 110 inspections), 6 (the amendment reviewed by the Executive Yuan)
# and 43 (at least 1億 seized), as in tests/test_batch.py: row 1 is the 107 report's own figures
# (287, 110, 函報行政院審查 only, 266,310,000): met, met, unmet, met; row 2 is one short of each
# count with the amendment reviewed; row 3 reports nothing for measures 4 and 6.
COLUMNS = {
    "id": ["a", "b", "c"],
    "4.procurement_audits": [287.0, 279.0, None],
    "4.construction_inspections": [110.0, 109.0, None],
    "6.asset_declaration_act_amendment": ["submitted_ey", "ey_reviewed", None],
    "43.corruption_proceeds_amount": [266_310_000.0, 99_990_000.0, 100_000_000.0],
    # the other columns these rules read, not reported: the SQL engines want every column present
    "6.conflict_of_interest_act_amendment": [None, None, None],
    "43.asset_recovery_statistics": [None, None, None],
}
EXPECTED = {
    "4:4.1": ["met", "unmet", "missing"],
    "4:4.2": ["met", "unmet", "missing"],
    "6:6.1": ["unmet", "met", "missing"],
    "43:43.1": ["met", "unmet", "met"],
}


def _subset_rules() -> tr.RuleSet:
    return tr.load_rules([ROOT / "rules" / f"m{n:02d}.yaml" for n in (4, 6, 43)])


def _as_table(kind: str, tmp_path: Path):
    t = pa.table(COLUMNS)
    if kind == "arrow":
        return t
    if kind == "polars":
        return pytest.importorskip("polars").from_arrow(t)
    if kind == "pandas":
        return t.to_pandas()
    if kind == "relation":
        return duckdb.connect().from_arrow(t)
    if kind == "mapping":
        return COLUMNS
    if kind == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(t, tmp_path / "subs.parquet")
        return tmp_path / "subs.parquet"
    path = tmp_path / "subs.csv"
    t.to_pandas().to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize("kind", ["arrow", "polars", "pandas", "relation", "mapping", "parquet", "csv"])
def test_every_shape_of_table_gives_the_same_statuses(kind: str, tmp_path: Path) -> None:
    res = evaluate_columns(_subset_rules(), _as_table(kind, tmp_path), YEAR, engine="duckdb")
    assert res.engine == "duckdb" and res.rows == 3
    assert {key: [str(s) for s in res.statuses(key)] for key in EXPECTED} == EXPECTED
    assert list(res.actual["4:4.1"][:2]) == [287.0, 279.0] and math.isnan(res.actual["4:4.1"][2])


def test_pandas_nan_is_not_reported() -> None:
    df = pa.table(COLUMNS).to_pandas()
    df.loc[0, "4.procurement_audits"] = float("nan")
    res = evaluate_columns(_subset_rules(), df, YEAR, engine="duckdb")
    assert str(res.statuses("4:4.1")[0]) == "missing"


def test_nan_in_a_parquet_file_is_not_reported(tmp_path: Path) -> None:
    # Parquet statistics leave NaN out; DuckDB must not take them as proof that there is none
    import pyarrow.parquet as pq

    t = pa.table(COLUMNS).set_column(1, "4.procurement_audits", pa.array([float("nan"), 279.0, None]))
    pq.write_table(t, tmp_path / "nan.parquet")
    for table in (tmp_path / "nan.parquet", duckdb.connect().read_parquet(str(tmp_path / "nan.parquet"))):
        res = evaluate_columns(_subset_rules(), table, YEAR, engine="duckdb")
        assert [str(s) for s in res.statuses("4:4.1")] == ["missing", "unmet", "missing"]


# 4:4.1 is at least 280 (half-up at no decimal): NaN, NULL and infinities beside the bound's ends
ODD = [287.0, math.nan, None, math.inf, -math.inf, 279.5, 279.49999999999994, 0.0, -0.0]


def _odd_table(values: list, kind: object) -> object:
    cols = {k: v * 3 for k, v in COLUMNS.items() if k != "id"}
    n = len(values)
    cols = {k: (v + [v[-1]] * n)[:n] for k, v in cols.items()}
    t = pa.table(cols)
    return t.set_column(
        t.column_names.index("4.procurement_audits"), "4.procurement_audits", pa.array(values, kind)
    )


@pytest.mark.parametrize(
    "kind",
    [pa.float64(), pa.float32(), pa.int64(), pa.int32(), pa.decimal128(12, 2), pa.null()],
    ids=str,
)
def test_nan_null_and_infinities_judge_as_the_python_kernel_in_every_number_type(kind) -> None:
    """The query judges a plain value column as it lies (sql._status_in_place): every type DuckDB
    reads a number as gives the kernel's verdict, NaN and infinities included."""
    if pa.types.is_null(kind):
        values: list = [None] * len(ODD)
    elif pa.types.is_floating(kind):
        values = ODD
    else:
        values = [None if v is None or not math.isfinite(v) else int(v) for v in ODD]
    table = _odd_table(values, kind)
    stored = table.column("4.procurement_audits").to_pylist()  # as the type holds them (float32 rounds)
    as_floats = {
        **table.to_pydict(),
        "4.procurement_audits": [None if v is None else float(v) for v in stored],
    }
    want = evaluate_columns(_subset_rules(), as_floats, YEAR, engine="python", flags=True)
    got = evaluate_columns(_subset_rules(), table, YEAR, engine="duckdb", flags=True)
    assert_same(got, want)
    if pa.types.is_floating(kind):  # the cases the test is about are there
        assert [str(s) for s in got.statuses("4:4.1")][:5] == ["met", "missing", "missing", "met", "unmet"]


def test_integer_and_decimal_columns_are_numbers(tmp_path: Path) -> None:
    con = duckdb.connect()
    rel = con.sql(
        'SELECT 287 AS "4.procurement_audits", CAST(109.0 AS DECIMAL(6,1)) AS "4.construction_inspections", '
        '\'ey_reviewed\' AS "6.asset_declaration_act_amendment", 1e8 AS "43.corruption_proceeds_amount", '
        'NULL AS "6.conflict_of_interest_act_amendment", NULL AS "43.asset_recovery_statistics"'
    )
    res = evaluate_columns(_subset_rules(), rel, YEAR, engine="duckdb")
    assert [str(res.statuses(k)[0]) for k in EXPECTED] == ["met", "unmet", "met", "met"]


# --- errors before the query runs ----------------------------------------------------------------


def test_a_missing_column_is_named_with_a_suggestion() -> None:
    cols = dict(COLUMNS)
    cols["4.procurement_audit"] = cols.pop("4.procurement_audits")
    with pytest.raises(sql.TableError) as err:
        evaluate_columns(_subset_rules(), cols, YEAR, engine="duckdb")
    (p,) = err.value.problems
    assert p.code == "missing_column" and "'4.procurement_audits' is missing" in p.message
    assert "target 4:4.1 reads it" in p.message
    assert p.hint == "did you mean '4.procurement_audit'?"


def test_a_column_of_the_wrong_type_is_named_before_the_query_runs() -> None:
    cols = dict(COLUMNS)
    cols["4.procurement_audits"] = ["287", "1億", None]  # text, not numbers
    cols["6.asset_declaration_act_amendment"] = [1.0, 2.0, None]  # numbers, not milestone ids
    with pytest.raises(sql.TableError) as err:
        evaluate_columns(_subset_rules(), cols, YEAR, engine="duckdb")
    by_code = sorted((p.code, p.found) for p in err.value.problems)
    assert by_code == [("column_type", "DOUBLE"), ("column_type", "VARCHAR")]
    text = str(err.value)
    assert "'4.procurement_audits' has type VARCHAR" in text and "engine='numpy'" in text
    assert "'6.asset_declaration_act_amendment' has type DOUBLE" in text


def test_part_columns_are_optional_and_may_stand_for_their_total() -> None:
    rules = tr.load_rules(ROOT / "rules" / "m19.yaml")
    needed = [c for c in sql.rule_columns(rules, YEAR) if c.parts_of]
    assert needed and all(not c.required for c in needed)
    # only the parts: the total column may be left out
    parts = {c.name: [1.0] for c in needed}
    res = evaluate_columns(rules, parts, YEAR, engine="duckdb", flags=True)
    ref = evaluate_columns(rules, parts, YEAR, engine="python", flags=True)
    assert_same(res, ref)


def test_a_bad_file_is_a_table_error(tmp_path: Path) -> None:
    with pytest.raises(sql.TableError, match="no such file"):
        evaluate_columns(REAL, tmp_path / "nope.parquet", YEAR, engine="duckdb")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(sql.TableError, match=r"expected a \.csv or \.parquet file"):
        evaluate_columns(REAL, tmp_path / "x.json", YEAR, engine="duckdb")
    with pytest.raises(TypeError, match="not int"):
        evaluate_columns(REAL, 42, YEAR, engine="duckdb")


def test_an_expression_sql_cannot_match_exactly_is_a_rule_error() -> None:
    target = {"id": "p", "label": "p", "kind": "ratio", "expression": "a ** 2", "at_least": 1}
    rules, _ = compiled(measure_doc(901, {"a": {"label": "a", "unit": "%"}}, [target]), file="m901.yaml")
    with pytest.raises(tr.RuleError) as err:
        sql.compile_query(rules, YEAR)
    (p,) = err.value.problems
    assert p.code == "sql_unsupported" and p.file == "m901.yaml" and "a ** 2" in p.message


# --- the query as text ---------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", sql.DIALECTS)
def test_one_tree_prints_in_every_dialect_with_a_comment_per_target(dialect: str) -> None:
    import sqlglot

    q = sql.compile_query(REAL, YEAR, passthrough=["id"])
    text = q.sql(dialect)
    for key in q.keys:
        assert f"/* {key} " in text
    assert len(q.outputs) == 4 * 77
    # the printed query parses back in its own dialect: nothing was spliced in as raw text
    parsed = sqlglot.parse_one(text, read=dialect)
    assert len(parsed.selects) == 1 + 4 * 77
    # a threshold's status reads its column as it lies: NaN and NULL fail "<= +Infinity" in every
    # dialect, whether NaN is above every number there (DuckDB, Spark, PostgreSQL) or unordered
    double = {"postgres": "DOUBLE PRECISION", "bigquery": "FLOAT64"}.get(dialect, "DOUBLE")
    assert f"<= CAST('Infinity' AS {double}) THEN CAST(0 AS" in q.sql(dialect, pretty=False)


def test_rule_text_cannot_break_out_of_a_comment_or_a_name(tmp_path: Path) -> None:
    evil = "x */ DROP TABLE t; --"
    target = {
        "id": evil,
        "label": "l",
        "kind": "breakdown",
        "metric": "a",
        "parts": {'A"`]': 1},
        "require": "parts",
    }
    rules, _ = compiled(measure_doc(902, {"a": {"label": "a", "unit": "件"}}, [target]))
    con = duckdb.connect()
    con.register("submissions", pa.table({"902.a": [3.0], '902.a[A"`]]': [1.0]}))
    out = con.sql(sql.compile_query(rules, YEAR).sql("duckdb")).fetchall()
    # 1 of agency A's goal of 1: met, actual 1 (the sum of the parts), rate 1 * 100 / 1
    assert out == [("met", 1.0, 100.0, "summed")]
    assert con.sql("SELECT count(*) FROM submissions").fetchall()[0][0] == 1


def test_a_query_for_some_targets_judges_them_as_the_python_kernel_and_returns_only_them() -> None:
    from target_rules.engine.duck import arrow_table, prepare

    cols = synthetic(REAL, 2000)
    want = evaluate_columns(REAL, cols, YEAR, engine="python")
    # thresholds, a composite (its members 1.2a and 1.2b are judged for it, not returned), a growth
    only = ["1:1.1", "1:1.2", "4:4.1", "43:43.1"]
    assert set(only) <= set(want.keys)
    rel, q = prepare(
        REAL,
        arrow_table(cols),
        YEAR,
        status="code",
        outputs=("status", "actual", "rate"),
        nan=True,
        only=only,
    )
    assert q.keys == only
    got = rel.query("submissions", q.sql("duckdb")).to_arrow_table()
    assert got.column_names == [sql.output_name(k, w) for k in only for w in ("status", "actual", "rate")]
    for key in only:
        assert got.column(sql.output_name(key, "status")).to_pylist() == [int(s) for s in want.status[key]]
        for what, arrays in (("actual", want.actual), ("rate", want.achievement_rate)):
            a = got.column(sql.output_name(key, what)).to_pylist()
            b = [float(v) for v in arrays[key]]
            assert [x if x == x else None for x in a] == [x if x == x else None for x in b], (key, what)


def test_a_query_for_an_unknown_target_says_which() -> None:
    with pytest.raises(ValueError, match=r"no such target in 107: 1:9\.9"):
        sql.compile_query(REAL, YEAR, only=["1:1.1", "1:9.9"])
