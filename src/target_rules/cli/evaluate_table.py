"""target-rules evaluate-table: judge a table of submissions in DuckDB, one output row per submission."""

from __future__ import annotations

import argparse
import sys

NAME = "evaluate-table"
HELP = (
    "judge a CSV or Parquet table of submissions (one row each, columns '<measure>.<metric>', optionally "
    "'period_end': a date before the year's end flags the row's verdicts provisional) in DuckDB "
    "and write a row per submission with each target's status, actual, rate and flags"
)
EXAMPLE = "target-rules evaluate-table submissions.parquet --rules rules/ --year 107 -o verdicts.parquet"

EXAMPLE = "target-rules evaluate-table submissions.parquet --rules rules/ --year 107 -o verdicts.parquet"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help="a .csv or .parquet file, one submission per row")
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--year", type=int, help="plan year (ROC), e.g. 107 (default: the project configuration's)"
    )
    p.add_argument("-o", "--output", required=True, help="OUT.parquet or OUT.csv (written atomically)")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.outputs import check_output

    check_output(args.output, [args.table, *args.rules])  # never over the table or a rule file: exit 2
    rules = tr.load_rules(args.rules)
    if args.year not in rules.years:
        years = ", ".join(map(str, rules.years)) or "none"
        print(
            f"target-rules evaluate-table: no targets for year {args.year} (years: {years})", file=sys.stderr
        )
        return 2
    from target_rules.engine.duck import write_table
    from target_rules.engine.sql import target_keys
    from target_rules.outputs import check_output

    check_output(args.output, [args.table, *args.rules])
    rows = write_table(rules, args.table, args.year, args.output)
    print(f"wrote {args.output}: {rows} rows, {len(target_keys(rules, args.year))} targets", file=sys.stderr)
    return 0
