"""target-rules evaluate: judge a report against the rules and print the verdicts."""

from __future__ import annotations

import argparse
import sys

NAME = "evaluate"
HELP = "evaluate a report against the rules and print one line per target"
EXAMPLE = "target-rules evaluate --rules rules/ --report data/107/ --year 107 --format markdown"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--report",
        required=True,
        nargs="+",
        help="report file(s), a directory of fragments, or agencies' submissions (yaml, json, csv, xlsx)",
    )
    p.add_argument("--year", type=int, help="plan year (ROC), default: the report's year")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), help="language of text and markdown")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.cli import print_problems
    from target_rules.outputs import check_output, write_output
    from target_rules.render import render
    from target_rules.submissions.collect import read_report

    inputs = [*args.rules, *args.report]
    if args.output:
        check_output(args.output, inputs)

    rules = tr.load_rules(args.rules)
    report, problems = read_report(args.report, rules, args.year)
    print_problems(problems)
    if report is None:
        return 1
    result = tr.evaluate(rules, report, year=args.year)
    text = render(result, args.format, lang=args.lang)
    if args.output:
        write_output(args.output, text, inputs=inputs)
    else:
        from target_rules.outputs import terminal

        sys.stdout.write(terminal(text) if args.format == "text" else text)
    return 1 if any(p.severity == "error" for p in problems) else 0
