"""target-rules status: the secretariat's board of who owes what, what arrived, what is missing."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli.parser import help_text

NAME = "status"
HELP = "ui.cli.status"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2
EXAMPLE = "target-rules status submissions/ --rules rules/ --year 107 --format html -o status.html"
EXIT_STATUS = "ui.cli.status.exit_status"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "submission", nargs="*", metavar="SUBMISSION", help=help_text("ui.cli.opt.submissions_mixed")
    )
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year"))
    p.add_argument(
        "--format", choices=("text", "json", "html"), default="text", help=help_text("ui.cli.status.format")
    )
    p.add_argument(
        "--fail-on",
        choices=("never", "error", "missing"),
        default="never",
        help=help_text("ui.cli.status.fail_on"),
    )
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


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
