"""target-rules evaluate: judge a report against the rules and print the verdicts."""

from __future__ import annotations

import argparse
import sys

NAME = "evaluate"
HELP = "evaluate a report against the rules and print one line per target"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", required=True, nargs="+", help="rule files or directories")
    p.add_argument(
        "--report",
        required=True,
        nargs="+",
        help="report file(s), a directory of fragments, or agencies' submissions (yaml, json, csv, xlsx)",
    )
    p.add_argument("--year", type=int, help="plan year (ROC), default: the report's year")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of text and markdown")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.cli import print_problems
    from target_rules.render import render
    from target_rules.submissions.collect import read_report

    rules = tr.load_rules(args.rules)
    report, problems = read_report(args.report, rules, args.year)
    print_problems(problems)
    if report is None:
        return 1
    result = tr.evaluate(rules, report, year=args.year)
    text = render(result, args.format, lang=args.lang)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 1 if any(p.severity == "error" for p in problems) else 0
