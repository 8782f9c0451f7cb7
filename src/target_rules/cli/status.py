"""target-rules status: the secretariat's board of who owes what, what arrived, what is missing."""

from __future__ import annotations

import argparse
import sys

NAME = "status"
HELP = "per agency: what it owes, what has arrived, what is missing and what has errors"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("submission", nargs="*", help="submission files or directories (formats may be mixed)")
    p.add_argument("--rules", required=True, nargs="+", help="rule files or directories")
    p.add_argument("--year", required=True, type=int, help="plan year (ROC), e.g. 107")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of agency names in text")
    p.add_argument(
        "--fail-on",
        choices=("never", "error", "missing"),
        default="never",
        help="exit 1 on errors (error), or also while anything owed has not arrived (missing)",
    )
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.render.status import render
    from target_rules.submissions.status import status

    rules = tr.load_rules(args.rules)  # RuleError -> exit 2 in cli.main
    board = status(args.submission, rules, args.year)
    text = render(board, args.format, args.lang)
    if args.output:
        from target_rules.outputs import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    if args.fail_on == "missing" and (board.missing or board.errors):
        return 1
    if args.fail_on == "error" and board.errors:
        return 1
    return 0
