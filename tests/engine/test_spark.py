"""The Spark engine judges as the DuckDB engine: the same query, printed for Spark SQL.

One local SparkSession serves every test (conftest.py). Spark is compared with DuckDB, which
test_sql.py compares with the Python kernel; the 107 rule set runs on a synthetic table, and
hypothesis draws rule sets and tables as there. In CI the tests are required, not skipped.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine import sql
from target_rules.engine.columns import evaluate_columns
from target_rules.engine.duck import arrow_table

from .generated import YEAR, assert_same, rule_sets, synthetic, tables
from .test_sql import COLUMNS, EXPECTED, ODD, REAL, _odd_table, _subset_rules


def _frame(spark, cols):
    return spark.createDataFrame(arrow_table(cols))


def test_the_107_rules_on_a_synthetic_table_judge_in_spark_as_in_duckdb(spark) -> None:
    cols = synthetic(REAL, 2000, seed=11)
    want = evaluate_columns(REAL, cols, YEAR, engine="duckdb", flags=True)
    got = evaluate_columns(REAL, _frame(spark, cols), YEAR, engine="spark", flags=True)
    assert got.engine == "spark" and len(got.keys) == 77
    assert_same(got, want)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_rule_sets_judge_in_spark_as_in_duckdb(spark, data: st.DataObject) -> None:
    rules = data.draw(rule_sets(max_targets=12))
    cols = data.draw(tables(rules, rows=40))
    assume(cols)
    want = evaluate_columns(rules, cols, YEAR, engine="duckdb", flags=True)
    got = evaluate_columns(rules, _frame(spark, cols), YEAR, engine="spark", flags=True)
    assert_same(got, want)


def test_nan_null_and_infinities_judge_in_spark_as_in_duckdb(spark) -> None:
    """Spark's ISNAN(NULL) is false, not NULL as in DuckDB: the query says NULL OR NaN for it."""
    import pyarrow as pa

    table = _odd_table(ODD, pa.float64())
    want = evaluate_columns(_subset_rules(), table, YEAR, engine="duckdb", flags=True)
    got = evaluate_columns(_subset_rules(), spark.createDataFrame(table), YEAR, engine="spark", flags=True)
    assert_same(got, want)
    assert [str(s) for s in got.statuses("4:4.1")][:5] == ["met", "missing", "missing", "met", "unmet"]


def test_evaluate_spark_returns_a_dataframe_with_the_ids_kept_in_front(spark) -> None:
    out = tr.evaluate_spark(_subset_rules(), _frame(spark, COLUMNS), YEAR)
    assert out.columns[0] == "id"
    assert len(out.columns) == 1 + 4 * len(sql.target_keys(_subset_rules(), YEAR))
    rows = out.orderBy("id").collect()
    got = {key: [r[f"{key}:status"] for r in rows] for key in EXPECTED}
    assert got == EXPECTED
    assert [r["4:4.1:rate"] for r in rows][:2] == [287 * 100 / 280, 279 * 100 / 280]


def test_a_missing_column_fails_before_spark_runs_anything(spark) -> None:
    cols = dict(COLUMNS)
    del cols["43.corruption_proceeds_amount"]
    with pytest.raises(sql.TableError) as err:
        tr.evaluate_spark(_subset_rules(), _frame(spark, cols), YEAR)
    (p,) = err.value.problems
    assert (
        p.code == "missing_column" and p.file == "dataframe" and "43.corruption_proceeds_amount" in p.message
    )


def test_not_a_dataframe(spark) -> None:
    with pytest.raises(TypeError, match=r"pyspark\.sql\.DataFrame"):
        tr.evaluate_spark(REAL, {"4.procurement_audits": [1.0]}, YEAR)
