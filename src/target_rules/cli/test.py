"""target-rules test: run the examples written inside rule files, like unit tests."""

from __future__ import annotations

import argparse
import sys

NAME = "test"
HELP = "run the examples inside rule files and report failures and targets without examples"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "rules",
        nargs="*",
        default=["rules"],
        metavar="RULES",
        help="rule files or directories (default: rules)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="one line per check, passing ones too")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    p.add_argument("-k", dest="select", metavar="TEXT", help="run only checks whose id contains TEXT")
    p.add_argument(
        "--require-coverage",
        action="store_true",
        help="fail (exit 1) when a target has no example",
    )


def run(args: argparse.Namespace) -> int:
    from target_rules.authoring.examples import run_examples
    from target_rules.language.load import load_rules

    rules = load_rules(args.rules)
    results = run_examples(rules)
    if args.select:
        results.checks = [c for c in results.checks if args.select in c.id]
        results.uncovered = [t for t in results.uncovered if args.select in t.id]
    from target_rules.outputs import terminal

    sys.stdout.write(terminal(results.format(verbose=args.verbose, quiet=args.quiet)))
    if not results.checks:
        print("no examples found", file=sys.stderr)
    if results.failures or (args.require_coverage and results.uncovered):
        return 1
    return 0
