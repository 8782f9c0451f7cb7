"""target-rules sql: print the query that judges a table of submissions, for a data team's warehouse."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli.parser import help_text, phrase, spoken

NAME = "sql"
HELP = "ui.cli.sql"
DIALECTS = ("duckdb", "spark", "postgres", "trino", "bigquery")

EXAMPLE = "target-rules sql --rules rules/ --year 107 --dialect spark --keep id"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year"))
    p.add_argument("--dialect", choices=DIALECTS, default="duckdb", help=help_text("ui.cli.sql.dialect"))
    p.add_argument("--table", default="submissions", help=help_text("ui.cli.sql.table"))
    p.add_argument(
        "--status",
        choices=("word", "code"),
        default="word",
        help=help_text("ui.cli.sql.status"),
    )
    p.add_argument("--keep", default="", help=help_text("ui.cli.sql.keep"))
    p.add_argument("--period-end", action="store_true", help=help_text("ui.cli.sql.period_end"))
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


def run(args: argparse.Namespace) -> int:
    import target_rules as tr

    rules = tr.load_rules(args.rules)
    from target_rules.arguments import year_outside

    why = year_outside(args.year, rules.plan.calendar, "--year")  # 114 in a Gregorian plan: 2025?
    if why is not None:
        print(spoken(why), file=sys.stderr)
        return 2
    if args.year not in rules.years:
        from target_rules.suggest import did_you_mean

        hint = did_you_mean(str(args.year), [str(y) for y in rules.years])
        years = phrase("ui.list_sep").join(map(str, rules.years)) or phrase("ui.cli.none")
        said = phrase("ui.cli.no_targets_for_year", command="target-rules sql", year=args.year, years=years)
        print(said + (phrase("ui.details_sep") + spoken(hint) if hint else ""), file=sys.stderr)
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
        print(
            phrase("ui.cli.sql.wrote", file=args.output, targets=len(q.keys), columns=len(q.columns)),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
