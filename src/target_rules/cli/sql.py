"""target-rules sql: print the query that judges a table of submissions, for a data team's warehouse."""

from __future__ import annotations

import argparse
import sys

NAME = "sql"
HELP = "print the SQL query judging a table of submissions (one row each) against a year's targets"
EXAMPLE = "target-rules sql --rules rules/ --year 107 --dialect postgres -o judge-107.sql"
DIALECTS = ("duckdb", "spark", "postgres", "trino", "bigquery")

EXAMPLE = "target-rules sql --rules rules/ --year 107 --dialect spark --keep id"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--year", type=int, help="plan year (ROC), e.g. 107 (default: the project configuration's)"
    )
    p.add_argument("--dialect", choices=DIALECTS, default="duckdb", help="SQL dialect (default: duckdb)")
    p.add_argument("--table", default="submissions", help="the table to read (default: submissions)")
    p.add_argument(
        "--status",
        choices=("word", "code"),
        default="word",
        help="status as met/unmet/not_applicable/missing (default) or as the codes 0-3",
    )
    p.add_argument(
        "--keep", default="", help="columns of the table to copy to the output first, e.g. id,agency"
    )
    p.add_argument(
        "--period-end",
        action="store_true",
        help="the table has a period_end column (a date): verdicts of rows whose figures end before "
        "the year does are flagged provisional",
    )
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr

    rules = tr.load_rules(args.rules)
    if args.year not in rules.years:
        from target_rules.suggest import did_you_mean

        hint = did_you_mean(str(args.year), [str(y) for y in rules.years])
        years = ", ".join(map(str, rules.years)) or "none"
        print(
            f"target-rules sql: no targets for year {args.year} (years: {years}){f'; {hint}' if hint else ''}",
            file=sys.stderr,
        )
        return 2
    from target_rules.engine.sql import compile_query

    keep = [c.strip() for c in args.keep.split(",") if c.strip()]
    q = compile_query(
        rules, args.year, table=args.table, status=args.status, passthrough=keep, period_end=args.period_end
    )
    text = q.sql(args.dialect) + ";\n"
    if args.output:
        from target_rules.outputs import write_output

        write_output(args.output, text, inputs=args.rules)
        print(f"wrote {args.output}: {len(q.keys)} targets, {len(q.columns)} columns read", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
