"""The query printed for PostgreSQL runs on a real PostgreSQL server and judges as the Python kernel.

`target-rules sql --dialect postgres` gives a data team a query to run in their own warehouse, so it
is run here, on the server of the pgserver wheel (one per test session, conftest.py): hypothesis
draws rule sets and tables as in test_sql.py (generated.py), the 107 rule set runs on a synthetic
table, and every status, actual, rate and flag must equal the Python kernel's. Trino and BigQuery
have no server that installs here; their queries are only parsed back (test_sql.py). PG_EXAMPLES=300
in the environment draws more rule sets than the 40 of a normal run (300 took 100 s here).
"""

from __future__ import annotations

import math
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from target_rules.engine import sql
from target_rules.engine.column_result import ColumnResult
from target_rules.engine.columns import evaluate_columns
from target_rules.errors import RuleError

from .generated import YEAR, assert_same, compiled, measure_doc, rule_sets, synthetic, tables
from .test_sql import COLUMNS, EXPECTED, REAL, ROOT, _subset_rules

pa = pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")  # duck.column_result reads the result as the DuckDB engine does

_TYPES = {"number": "double precision", "milestone": "text", "date": "date", "row": "integer"}


def judge_in_postgres(
    con: Any, rules: Any, cols: dict[str, list[Any]], *, status: str = "code", flags: bool = True
) -> ColumnResult:
    """Load ``cols`` into a temporary table, run the printed PostgreSQL query on it, and read the
    result as evaluate_columns reads DuckDB's (status codes, NaN for no actual or rate).

    A SQL result has no order: PostgreSQL's COPY may put a row in free space of an earlier page, and
    a scan then returns it early. Each row carries its number, kept by the query, to sort by."""
    from psycopg import sql as pg

    from target_rules.engine.duck import column_result

    n = len(next(iter(cols.values()))) if cols else 0
    cols = {"__row": list(range(n)), **cols}
    kinds = {c.name: c.kind for c in sql.rule_columns(rules, YEAR)}
    kinds["__row"] = "row"
    schema = {name: kinds.get(name, "text") for name in cols}
    con.execute("DROP TABLE IF EXISTS submissions")
    con.execute(
        pg.SQL("CREATE TEMP TABLE submissions ({})").format(
            pg.SQL(", ").join(
                pg.SQL("{} {}").format(pg.Identifier(n), pg.SQL(_TYPES.get(k, "text")))
                for n, k in schema.items()
            )
        )
    )
    names = pg.SQL(", ").join(pg.Identifier(n) for n in cols)
    with con.cursor().copy(pg.SQL("COPY submissions ({}) FROM STDIN").format(names)) as copy:
        for row in zip(*cols.values(), strict=True):
            copy.write_row(row)
    classes = {"number": "number", "row": "number", "date": "date"}
    q = sql.query_for_table(
        rules,
        YEAR,
        {n: (classes.get(k, "text"), _TYPES.get(k, "text")) for n, k in schema.items()},
        where="postgres",
        table="submissions",
        status="code" if status == "code" else "word",
        outputs=sql.OUTPUTS if flags else sql.OUTPUTS[:3],
        nan=True,
    )
    cur = con.execute(q.sql("postgres"))
    names_out = [d.name for d in cur.description]
    rows = sorted(cur.fetchall(), key=lambda r: r[0])
    types = {"status": pa.int8(), "actual": pa.float64(), "rate": pa.float64()}
    table = pa.table(
        {n: pa.array([r[i] for r in rows], types.get(n.rsplit(":", 1)[-1])) for i, n in enumerate(names_out)}
    )
    return column_result(table, q.keys, YEAR, flags, engine="postgres")


def test_the_107_rules_on_a_synthetic_table_judge_in_postgres_as_the_python_kernel(postgres) -> None:
    cols = synthetic(REAL, 2000, seed=5)
    want = evaluate_columns(REAL, cols, YEAR, engine="python", flags=True)
    got = judge_in_postgres(postgres, REAL, cols)
    assert len(got.keys) == 77
    assert_same(got, want)
    seen = {int(c) for key in got.keys for c in got.status[key]}
    assert seen == {0, 1, 2, 3}


def in_postgres_range(cols: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The table with numbers PostgreSQL can compute with. It stops a query with 'value out of range'
    where a double operation underflows to zero or overflows to infinity (Python and the other
    engines go on, as IEEE 754 says), and the tables hold the double just below a bound of 0
    (-5e-324), whose every product or quotient underflows. Such a value moves to 1e-9 with its sign:
    still a tiny figure on the same side of zero, and dividing by it stays finite. The README says
    so for data teams."""
    return {
        name: [
            math.copysign(1e-9, v) if isinstance(v, float) and v != 0 and abs(v) < 1e-300 else v
            for v in values
        ]
        for name, values in cols.items()
    }


@settings(
    max_examples=int(os.environ.get("PG_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_rule_sets_judge_in_postgres_as_the_python_kernel(postgres, data: st.DataObject) -> None:
    rules = data.draw(rule_sets(max_targets=10))
    cols = in_postgres_range(data.draw(tables(rules, rows=20)))
    assume(cols)
    q = sql.compile_query(rules, YEAR)
    if q.float_mod:  # no exact PostgreSQL query exists: refused, naming the target
        with pytest.raises(RuleError) as err:
            q.sql("postgres")
        assert {p.code for p in err.value.problems} == {"sql_unsupported"}
        assert [k for k, _ in q.float_mod] == [k for k in q.keys if "%" in _expression(rules, k)]
        return
    want = evaluate_columns(rules, cols, YEAR, engine="python", flags=True)
    got = judge_in_postgres(postgres, rules, cols)
    assert_same(got, want)


def _expression(rules: Any, key: str) -> str:
    """The ratio expression and requires of target ``key``, as written ('' for other kinds)."""
    measure, tid = key.split(":", 1)
    (t,) = [t for t in rules[int(measure)].specs[YEAR].targets if t.id == tid]
    expression = getattr(t, "expression", None)
    return " ".join([expression.text] + [r.text for r in t.requires]) if expression is not None else ""


def test_the_printed_postgres_query_runs_on_a_table_named_submissions(postgres, capsys) -> None:
    # `target-rules sql --dialect postgres` as a data team runs it: measures 4, 6 and 43 on the rows
    # of test_sql.py; row 1 covers January to October only, so its verdicts are provisional
    import datetime as dt

    from target_rules.cli import main

    rules = [str(ROOT / "rules" / f"m{n:02d}.yaml") for n in (4, 6, 43)]
    args = ["sql", "--rules", *rules, "--year", "107", "--dialect", "postgres", "--keep", "id"]
    assert main([*args, "--period-end"]) == 0
    query = capsys.readouterr().out
    cols = {**COLUMNS, "period_end": [dt.date(2018, 10, 31), None, dt.date(2018, 12, 31)]}
    judge_in_postgres(postgres, _subset_rules(), cols)  # loads the table "submissions"
    cur = postgres.execute(query)
    names = [d.name for d in cur.description]
    rows = sorted(cur.fetchall())
    assert [r[0] for r in rows] == ["a", "b", "c"]
    for key, want in EXPECTED.items():
        assert [r[names.index(f"{key}:status")] for r in rows] == want
    # row a is judged on figures up to October: every target it reports is provisional; row c
    # reports only measure 43 for the whole year (final), and its missing targets carry no flag
    flags = {key: [r[names.index(f"{key}:flags")] for r in rows] for key in EXPECTED}
    assert flags == {
        "4:4.1": ["provisional", None, None],
        "4:4.2": ["provisional", None, None],
        "6:6.1": ["provisional", None, None],
        "43:43.1": ["provisional", None, None],
    }
    # without --period-end the query reads no period_end column (a table may have none)
    assert main(args) == 0
    assert "period_end" not in capsys.readouterr().out


def _one_target(target: dict[str, Any], metric: str = "a") -> Any:
    metrics = {metric: {"label": "a", "unit": "%"}, "b": {"label": "b", "unit": "%"}}
    rules, _ = compiled(measure_doc(903, metrics, [{"id": "p", "label": "p", **target}]), file="m903.yaml")
    return rules


def test_a_floating_point_remainder_is_refused_for_postgres_and_bigquery(postgres) -> None:
    # 0.3 % 0.1 is 0.09999999999999998 in Python (the doubles are 0.29999... and 0.10000...);
    # PostgreSQL has no % on doubles, and through NUMERIC (15 digits) it would be 0: no exact query
    import psycopg

    rules = _one_target({"kind": "ratio", "expression": "a % b * 10", "at_least": 0})
    q = sql.compile_query(rules, YEAR)
    for dialect in ("postgres", "bigquery"):
        with pytest.raises(RuleError) as err:
            q.sql(dialect)
        (p,) = err.value.problems
        assert p.code == "sql_unsupported" and p.file == "m903.yaml" and "target 903:p" in p.message
    assert 0.3 % 0.1 == 0.09999999999999998
    with pytest.raises(psycopg.errors.UndefinedFunction):
        postgres.execute("SELECT CAST(0.3 AS DOUBLE PRECISION) % CAST(0.1 AS DOUBLE PRECISION)")
    assert postgres.execute("SELECT CAST(CAST(0.3 AS DOUBLE PRECISION) AS NUMERIC) % 0.1").fetchone()[0] == 0
    for dialect in ("duckdb", "spark", "trino"):  # a remainder of doubles, exact, as fmod
        assert q.sql(dialect)


def test_a_name_postgres_would_shorten_is_an_error_before_the_query_runs(postgres) -> None:
    # PostgreSQL keeps 63 bytes of a name: "903.<64 letters>" would lose its end, silently
    long = "x" * 64
    rules = _one_target({"kind": "threshold", "metric": long, "at_least": 1}, metric=long)
    q = sql.compile_query(rules, YEAR)
    with pytest.raises(sql.TableError) as err:
        q.sql("postgres")
    assert {p.code for p in err.value.problems} == {"name_too_long"}
    assert f"'903.{long}' is 68 bytes long" in str(err.value)
    assert q.sql("duckdb")  # DuckDB keeps names whole
    notice = postgres.execute(f'SELECT 1 AS "903.{long}"').description[0].name
    assert notice == f"903.{long}"[:63]


def test_integer_numeric_and_timestamp_columns_judge_as_doubles_and_dates(postgres) -> None:
    # Warehouse tables keep counts as INTEGER, amounts as NUMERIC and periods as TIMESTAMP or text;
    # the query casts each (NUMERIC to DOUBLE PRECISION rounds correctly, a timestamp to its day).
    # The figures are test_sql.py's (EXPECTED); 99,990,000.5 is still short of 1億.
    postgres.execute("DROP TABLE IF EXISTS submissions")
    postgres.execute(
        'CREATE TEMP TABLE submissions (id text, "4.procurement_audits" integer, '
        '"4.construction_inspections" numeric(6,1), "6.asset_declaration_act_amendment" text, '
        '"43.corruption_proceeds_amount" numeric(14,2), "6.conflict_of_interest_act_amendment" text, '
        '"43.asset_recovery_statistics" text, period_end timestamp)'
    )
    postgres.execute(
        "INSERT INTO submissions VALUES "
        "('a', 287, 110.0, 'submitted_ey', 266310000.00, NULL, NULL, '2018-10-31 23:59:59'), "
        "('b', 279, 109.0, 'ey_reviewed', 99990000.50, NULL, NULL, '2018-12-31 00:00:00'), "
        "('c', NULL, NULL, NULL, 100000000.00, NULL, NULL, NULL)"
    )
    q = sql.compile_query(_subset_rules(), YEAR, passthrough=["id"], period_end=True)
    cur = postgres.execute(q.sql("postgres"))
    names = [d.name for d in cur.description]
    rows = sorted(cur.fetchall())
    for key, want in EXPECTED.items():
        assert [r[names.index(f"{key}:status")] for r in rows] == want, key
    assert [r[names.index("43:43.1:actual")] for r in rows] == [266310000.0, 99990000.5, 100000000.0]
    assert [r[names.index("4:4.1:flags")] for r in rows] == ["provisional", None, None]


def test_postgres_rounding_through_numeric_is_not_the_reports_which_is_why_the_query_never_rounds(
    postgres,
) -> None:
    # 69.94999999999999 (as printed, 16 digits) rounds half-up at one decimal to 69.9: short of 70.
    # PostgreSQL has no ROUND(double, n); through NUMERIC the double keeps 15 digits, 69.9500000000000,
    # which rounds to 70.0. The query compares the raw double with exact bounds instead (sql.py).
    from target_rules.language.spec import Bounds

    x = 69.94999999999999
    rounded = postgres.execute("SELECT ROUND(CAST(%s AS DOUBLE PRECISION)::numeric, 1)", [x]).fetchone()[0]
    assert float(rounded) == 70.0
    assert sql.met_interval(Bounds("at_least", 70.0, None, 1)) == (69.95, None)
    rules = _one_target({"kind": "threshold", "metric": "a", "at_least": 70, "precision": 1})
    cols = {"903.a": [x, 69.95, 70.0]}
    want = evaluate_columns(rules, cols, YEAR, engine="python", flags=True)
    assert [str(s) for s in want.statuses("903:p")] == ["unmet", "met", "met"]
    assert_same(judge_in_postgres(postgres, rules, cols), want)


def test_nan_null_and_infinities_judge_in_postgres_as_the_python_kernel(postgres) -> None:
    """A threshold reads its column as it lies (sql._status_in_place): NaN, above every number in
    PostgreSQL, must still fall to missing there, and +/-Infinity stay numbers."""
    from .test_sql import ODD, _odd_table

    cols = {k: v for k, v in _odd_table(ODD, pa.float64()).to_pydict().items()}
    want = evaluate_columns(_subset_rules(), cols, YEAR, engine="python", flags=True)
    got = judge_in_postgres(postgres, _subset_rules(), cols)
    assert_same(got, want)
    assert [str(s) for s in got.statuses("4:4.1")][:5] == ["met", "missing", "missing", "met", "unmet"]
