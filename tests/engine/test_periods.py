"""Partial periods in a table: the "period_end" column flags a row's verdicts provisional on every path.

A row stands for a report (columns.report_from_row); its "period_end" is that report's period end.
evaluate() flags a verdict provisional when its figures end before the plan year does (judging.py),
and so must the row kernel, the numpy path (whose flags the kernel gives), DuckDB and Spark (the
same query). The differential tests (test_differential.py, test_sql.py, test_spark.py,
test_postgres.py) draw such rows at random; these examples pin the decisions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.engine import sql
from target_rules.engine.columns import evaluate_columns, report_from_row
from target_rules.language.model import Period

from .generated import YEAR

ROOT = Path(__file__).resolve().parents[2]
# Measure 1: 1.2a at least 80% chaired, 1.2b at least 75% followed up, 1.2 both (a composite).
RULES = tr.load_rules(ROOT / "rules" / "m01.yaml")
ENGINES = ["python", "numpy", "duckdb"]

# Row a: figures up to 2018-10-31 (ROC 107 ends 2018-12-31): every judged verdict is provisional.
# Row b: up to 2018-12-31, the year's last day: final. Row c: no period_end: the whole year, final.
# Row d: up to 2018-12-30, one day short: provisional, though 1.2b is not reported (missing, no
# flag) and 1.2 is provisional through its member 1.2a.
COLUMNS = {
    "1.head_chaired_rate": [85.0, 85.0, 85.0, 79.0],
    "1.resolution_followup_rate": [80.0, 80.0, 80.0, None],
    "period_end": [dt.date(2018, 10, 31), dt.date(2018, 12, 31), None, dt.date(2018, 12, 30)],
}
FLAGS = {
    "1:1.2a": [("provisional",), (), (), ("provisional",)],
    "1:1.2b": [("provisional",), (), (), ()],
    "1:1.2": [("provisional",), (), (), ("provisional",)],
}
STATUSES = {  # periods do not change a status
    "1:1.2a": ["met", "met", "met", "unmet"],
    "1:1.2b": ["met", "met", "met", "missing"],
    "1:1.2": ["met", "met", "met", "unmet"],
}


def _table(engine: str) -> dict[str, list[object]]:
    """All columns measure 1 reads (the SQL engines want each present), the others not reported."""
    cols: dict[str, list[object]] = {c.name: [None] * 4 for c in sql.rule_columns(RULES, YEAR)}
    if engine != "duckdb":
        cols = {k: v for k, v in cols.items() if "[" not in k}
    return {**cols, **COLUMNS}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_row_whose_period_ends_before_the_year_is_provisional(engine: str) -> None:
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    res = evaluate_columns(RULES, _table(engine), YEAR, engine=engine, flags=True)
    assert res.flags is not None
    assert {key: res.flags[key] for key in FLAGS} == FLAGS
    assert {key: [str(s) for s in res.statuses(key)] for key in STATUSES} == STATUSES


def test_the_row_means_the_report_with_that_period() -> None:
    row = {k: v[0] for k, v in COLUMNS.items()}
    report = report_from_row(RULES, YEAR, row)
    assert report.period == Period(start=dt.date(2018, 1, 1), end=dt.date(2018, 10, 31))
    by_id = {v.target_id: v for v in tr.evaluate(RULES, report).verdicts}
    assert by_id["1.2a"].flags == ("provisional",)
    assert by_id["1.2a"].period_end == dt.date(2018, 10, 31)
    # a period that ended before the year began still stands for a (provisional) report
    early = report_from_row(RULES, YEAR, {**row, "period_end": "2017-12-31"})
    assert early.period == Period(start=dt.date(2017, 12, 31), end=dt.date(2017, 12, 31))


@pytest.mark.parametrize("engine", ENGINES)
def test_period_end_may_be_iso_text_in_a_csv(engine: str, tmp_path: Path) -> None:
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    cols = _table("python")  # every column measure 1 reads, so DuckDB finds the table complete
    cols["period_end"] = ["2018-10-31", "2018-12-31", None, "2018-12-30"]
    path = tmp_path / "rows.csv"
    lines = [",".join(cols)] + [
        ",".join("" if v is None else str(v) for v in row) for row in zip(*cols.values(), strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = evaluate_columns(RULES, str(path), YEAR, engine=engine, flags=True)
    assert res.flags is not None and {key: res.flags[key] for key in FLAGS} == FLAGS


def test_a_period_end_that_is_no_date_is_named_before_the_query_runs() -> None:
    pytest.importorskip("duckdb")
    cols = {**_table("duckdb"), "period_end": [1.0, 2.0, 3.0, 4.0]}
    with pytest.raises(sql.TableError) as err:
        evaluate_columns(RULES, cols, YEAR, engine="duckdb")
    (p,) = err.value.problems
    assert p.code == "column_type" and "'period_end' has type DOUBLE" in p.message


def test_without_a_period_end_column_the_query_reads_none() -> None:
    q = sql.compile_query(RULES, YEAR)
    assert "period_end" not in q.sql("duckdb")
    assert "period_end" in sql.compile_query(RULES, YEAR, period_end=True).sql("duckdb")
    # it is optional: a table without it is complete
    assert [c.required for c in sql.rule_columns(RULES, YEAR) if c.name == "period_end"] == [False]


def test_evaluate_table_writes_the_provisional_flag(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    import csv

    from target_rules.cli import main

    cols = _table("python")
    cols["period_end"] = ["2018-10-31", "2018-12-31", None, "2018-12-30"]
    src = tmp_path / "rows.csv"
    lines = [",".join(cols)]
    lines += [",".join("" if v is None else str(v) for v in row) for row in zip(*cols.values(), strict=True)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "verdicts.csv"
    rules = str(ROOT / "rules" / "m01.yaml")
    assert main(["evaluate-table", str(src), "--rules", rules, "--year", "107", "-o", str(out)]) == 0
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["1:1.2a:flags"] for r in rows] == ["provisional", "", "", "provisional"]
    assert "period_end" not in rows[0]  # read by the query, as the figures are; not copied


@pytest.mark.parametrize("dialect", sql.DIALECTS)
def test_the_query_with_periods_prints_and_parses_back_in_every_dialect(dialect: str) -> None:
    # Trino and BigQuery cannot run here (no server installs from PyPI or Debian): parsed back only;
    # DuckDB, Spark and PostgreSQL run it in test_sql.py, test_spark.py and test_postgres.py
    import sqlglot

    q = sql.compile_query(RULES, YEAR, period_end=True)
    text = q.sql(dialect)
    parsed = sqlglot.parse_one(text, read=dialect)
    assert len(parsed.selects) == 4 * len(q.keys)
    assert "period_end" in text and "2018-12-31" in text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gregorian_plan_ends_its_year_on_the_same_day(engine: str, tmp_path: Path) -> None:
    # the plan's calendar says which 31 December ends plan year 2018 (ROC 107 in the shipped plan)
    import shutil

    from tests.gregorian import gregorian_copy

    if engine == "duckdb":
        pytest.importorskip("duckdb")
    src = tmp_path / "roc"
    (src / "rules").mkdir(parents=True)
    for name in ("plan.yaml", "m01.yaml"):
        shutil.copy(ROOT / "rules" / name, src / "rules" / name)
    rules = tr.load_rules(gregorian_copy(src, tmp_path / "gregorian") / "rules")
    assert str(rules.plan.calendar) == "gregorian"
    res = evaluate_columns(rules, _table(engine), 2018, engine=engine, flags=True)
    assert res.flags is not None
    assert {key: res.flags[key] for key in FLAGS} == FLAGS
