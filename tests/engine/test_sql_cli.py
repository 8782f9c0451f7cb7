"""The two commands over the SQL engine: `target-rules sql` prints the query, `evaluate-table`
judges a file in DuckDB and writes a row per submission."""

from __future__ import annotations

from pathlib import Path

import pytest

from target_rules.cli import main

from .test_sql import COLUMNS, EXPECTED, ROOT

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
RULES = [str(ROOT / "rules" / f"m{n:02d}.yaml") for n in (4, 6, 43)]


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres", "trino", "bigquery"])
def test_sql_prints_one_query_with_a_comment_per_target(dialect: str, capsys) -> None:
    import sqlglot

    assert main(["sql", "--rules", *RULES, "--year", "107", "--dialect", dialect, "--keep", "id"]) == 0
    out = capsys.readouterr().out
    assert "/* 4:4.1 threshold: 4.procurement_audits >= 280 */" in out
    assert "/* 6:6.1 completion: 6.asset_declaration_act_amendment reaches ey_reviewed" in out
    assert len(sqlglot.parse(out, read=dialect)) == 1


def test_the_printed_duckdb_query_runs_on_a_table_named_submissions(capsys) -> None:
    main(["sql", "--rules", *RULES, "--year", "107", "--keep", "id"])
    query = capsys.readouterr().out
    con = duckdb.connect()
    con.register(
        "submissions",
        pa.table(
            {
                k: pa.array(
                    v,
                    pa.float64()
                    if "." in k and isinstance(next((x for x in v if x is not None), ""), float)
                    else None,
                )
                for k, v in COLUMNS.items()
            }
        ),
    )
    rel = con.sql(query)
    rows = rel.fetchall()
    names = rel.columns
    for key, want in EXPECTED.items():
        assert [r[names.index(f"{key}:status")] for r in rows] == want


def test_sql_to_a_file_and_a_year_with_no_targets(tmp_path: Path, capsys) -> None:
    out = tmp_path / "q.sql"
    assert main(["sql", "--rules", *RULES, "--year", "107", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("SELECT")
    assert main(["sql", "--rules", *RULES, "--year", "170", "--lang", "en"]) == 2
    assert "no targets for year 170 (years: 107)" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_evaluate_table_writes_a_row_per_submission(suffix: str, tmp_path: Path, capsys) -> None:
    src = tmp_path / "subs.csv"
    duckdb.connect().from_arrow(pa.table(COLUMNS)).to_csv(str(src), header=True)
    out = tmp_path / f"verdicts{suffix}"
    assert (
        main(["evaluate-table", str(src), "--rules", *RULES, "--year", "107", "-o", str(out), "--lang", "en"])
        == 0
    )
    assert f"wrote {out}: 3 rows, 6 targets" in capsys.readouterr().err
    con = duckdb.connect()
    rel = con.read_parquet(str(out)) if suffix == ".parquet" else con.read_csv(str(out), header=True)
    assert rel.columns[0] == "id" and len(rel.columns) == 1 + 4 * 6
    rows = rel.order("id").fetchall()
    for key, want in EXPECTED.items():
        assert [r[rel.columns.index(f"{key}:status")] for r in rows] == want
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["subs.csv", out.name])  # no temp file left


def test_evaluate_table_names_a_missing_column_and_exits_1(tmp_path: Path, capsys) -> None:
    src = tmp_path / "subs.csv"
    cols = {("43.corruption_proceeds" if k.startswith("43.corruption") else k): v for k, v in COLUMNS.items()}
    duckdb.connect().from_arrow(pa.table(cols)).to_csv(str(src), header=True)
    out = tmp_path / "v.parquet"
    assert (
        main(["evaluate-table", str(src), "--rules", *RULES, "--year", "107", "-o", str(out), "--lang", "en"])
        == 1
    )
    err = capsys.readouterr().err
    assert "column '43.corruption_proceeds_amount' is missing" in err
    assert "did you mean '43.corruption_proceeds'?" in err
    assert not out.exists()


def test_evaluate_table_says_where_a_cell_is_not_a_number(tmp_path: Path, capsys) -> None:
    src = tmp_path / "subs.csv"
    src.write_text(
        "4.procurement_audits,4.construction_inspections,6.asset_declaration_act_amendment,"
        "6.conflict_of_interest_act_amendment,43.corruption_proceeds_amount,43.asset_recovery_statistics\n"
        "287,110,,,1,\n279,110,,,1億,\n",
        encoding="utf-8",
    )
    assert (
        main(["evaluate-table", str(src), "--rules", *RULES, "--year", "107", "-o", str(tmp_path / "v.csv")])
        == 1
    )
    err = capsys.readouterr().err
    assert "Line: 3" in err and "1億" in err and "engine='numpy'" in err


def test_evaluate_table_writes_formula_like_ids_as_text_in_csv(tmp_path: Path, capsys) -> None:
    """OWASP CSV injection: an id cell a spreadsheet would run (=, +, -, @) is written with a leading
    apostrophe, as every CSV target_rules writes itself; a plain number such as -5 stays a number."""
    import csv

    ids = ['=HYPERLINK("http://x","y")', "-5", "@SUM(A1)"]
    src = tmp_path / "subs.parquet"
    duckdb.connect().from_arrow(pa.table({**COLUMNS, "id": ids})).to_parquet(str(src))
    out = tmp_path / "verdicts.csv"
    assert main(["evaluate-table", str(src), "--rules", *RULES, "--year", "107", "-o", str(out)]) == 0
    capsys.readouterr()
    with out.open(encoding="utf-8", newline="") as fh:
        written = [row["id"] for row in csv.DictReader(fh)]
    assert sorted(written) == sorted(['\'=HYPERLINK("http://x","y")', "-5", "'@SUM(A1)"])
