"""target-rules schema: print the JSON Schema of rule files or reports, for editors."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli.parser import help_text

NAME = "schema"
HELP = "ui.cli.schema"
EXAMPLE = "target-rules schema rules -o schema/rules.schema.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind",
        nargs="?",
        choices=("rules", "report", "plan"),
        default="rules",
        metavar="KIND",
        help=help_text("ui.cli.schema.kind"),
    )
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


def run(args: argparse.Namespace) -> int:
    from target_rules.language.schema import render
    from target_rules.outputs import write_output

    text = render(args.kind)
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
