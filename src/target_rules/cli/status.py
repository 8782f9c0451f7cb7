"""target-rules status: the secretariat's board of who owes what, what arrived, what is missing."""

from __future__ import annotations

import argparse
import sys

NAME = "status"
HELP = "per agency: what it owes, what has arrived, what is missing and what has errors"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2
EXAMPLE = "target-rules status submissions/ --rules rules/ --year 107 --format html -o status.html"
EXIT_STATUS = "exit status: 0 shown, 1 what --fail-on names was found (errors, or anything missing), 2 a usage or rule-file error"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("submission", nargs="*", help="submission files or directories (formats may be mixed)")
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--year", type=int, help="plan year (ROC), e.g. 107 (default: the project configuration's)"
    )
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument(
        "--fail-on",
        choices=("never", "error", "missing"),
        default="never",
        help="exit 1 on errors (error), or also while anything owed has not arrived (missing)",
    )
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.outputs import check_output, write_output
    from target_rules.render.status import render
    from target_rules.submissions.status import status

    inputs = [*args.rules, *args.submission]
    if args.output:
        check_output(args.output, inputs)
    rules = tr.load_rules(args.rules)  # RuleError -> exit 2 in cli.main
    from target_rules.cli import reader_language

    reader_language(args, rules)
    board = status(args.submission, rules, args.year)
    from target_rules.render.terminal import console_for

    # the text board fits the terminal (a file gets the default width); en-leftovers
    text = render(board, args.format, args.lang, None if args.output else console_for(sys.stdout))
    if args.output:
        write_output(args.output, text, inputs=inputs)
    else:
        sys.stdout.write(text)
    if args.fail_on == "missing" and (board.missing or board.errors):
        return 1
    if args.fail_on == "error" and board.errors:
        return 1
    return 0
