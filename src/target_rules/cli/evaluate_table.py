"""target-rules evaluate-table: judge a table of submissions in DuckDB, one output row per submission."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli.parser import help_text, phrase

NAME = "evaluate-table"
HELP = "ui.cli.evaluate-table"

EXAMPLE = "target-rules evaluate-table submissions.parquet --rules rules/ --year 107 -o verdicts.parquet"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help=help_text("ui.cli.evaluate-table.table"))
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year"))
    p.add_argument("-o", "--output", required=True, help=help_text("ui.cli.evaluate-table.output"))


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.outputs import check_output

    check_output(args.output, [args.table, *args.rules])  # never over the table or a rule file: exit 2
    rules = tr.load_rules(args.rules)
    if args.year not in rules.years:
        years = phrase("ui.list_sep").join(map(str, rules.years)) or phrase("ui.cli.none")
        said = {"command": "target-rules evaluate-table", "year": args.year, "years": years}
        print(phrase("ui.cli.no_targets_for_year", **said), file=sys.stderr)
        return 2
    from target_rules.engine.duck import write_table
    from target_rules.engine.sql import target_keys

    rows = write_table(rules, args.table, args.year, args.output)
    said = {"file": args.output, "rows": rows, "targets": len(target_keys(rules, args.year))}
    print(phrase("ui.cli.evaluate-table.wrote", **said), file=sys.stderr)
    return 0
