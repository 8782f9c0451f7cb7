"""target-rules template: a fill-in template of exactly what the rules ask an agency for."""

from __future__ import annotations

import argparse
import sys

NAME = "template"
HELP = "write a fill-in submission template (xlsx, csv or yaml) for one year, measure and agency"
LANG_DEFAULT = None  # the xlsx template follows the plan's language unless told
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2
EXAMPLE = "target-rules template --rules rules/ --year 108 --measure 45 --format xlsx -o m45.xlsx"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--year", type=int, help="plan year (ROC), e.g. 108 (default: the project configuration's)"
    )
    p.add_argument("--measure", type=int, help="only this measure (序次)")
    p.add_argument("--agency", help="only what this agency owes (default: every metric)")
    p.add_argument("--format", choices=("xlsx", "csv", "yaml"), default="yaml")
    p.add_argument(
        "--lang", choices=("zh", "en"), help="language of the xlsx headers and help (default: the plan's)"
    )
    p.add_argument("-o", "--output", help="write to this file (required for xlsx)")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.outputs import check_output, write_output
    from target_rules.submissions import template as t

    if args.output:
        check_output(args.output, args.rules)

    rules = tr.load_rules(args.rules)
    if args.agency and len(rules.agencies):
        try:
            rules.agencies.resolve_all(args.agency)
        except tr.RuleError as exc:  # an unknown name: exit 2, with a did-you-mean
            print(f"target-rules template: --agency: {exc.problems[0].detail}", file=sys.stderr)
            return 2
    items = t.entries(rules, args.year, args.agency, args.measure)
    if args.format == "xlsx":
        if not args.output:
            print("target-rules template: --format xlsx needs -o FILE.xlsx", file=sys.stderr)
            return 2
        write_output(args.output, t.render_xlsx(rules, items, args.year, args.lang), inputs=args.rules)
        print(f"wrote {args.output}: {len(items)} rows", file=sys.stderr)
        return 0
    text = (
        t.render_csv(items, args.year)
        if args.format == "csv"
        else t.render_yaml(rules, items, args.year, args.agency)
    )
    if args.output:
        # utf-8-sig for CSV: Excel then opens it as UTF-8 (the reader accepts the BOM)
        enc = "utf-8-sig" if args.format == "csv" else "utf-8"
        write_output(args.output, text, inputs=args.rules, encoding=enc)
    else:
        sys.stdout.write(text)
    return 0
