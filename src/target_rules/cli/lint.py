"""target-rules lint: find mistakes in rule files, all of them, one ``path:line:col: CODE message`` each."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli.parser import counted, help_text, phrase
from target_rules.render.diagnostics import FORMATS

NAME = "lint"
HELP = "ui.cli.lint"
RULES_DEFAULT = ["rules"]  # without --rules or configuration: ./rules, if it is a directory
EXAMPLE = "target-rules lint rules/ --format sarif -o lint.sarif"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "rules",
        nargs="*",
        metavar="RULES",
        help=help_text("ui.cli.opt.rules_positional"),
    )
    p.add_argument("--strict", action="store_true", help=help_text("ui.cli.lint.strict"))
    p.add_argument("--no-warnings", action="store_true", help=help_text("ui.cli.lint.no_warnings"))
    p.add_argument(
        "--ignore",
        action="append",
        metavar="CODE",
        help=help_text("ui.cli.lint.ignore"),
    )
    p.add_argument("--format", choices=FORMATS, default="text", help=help_text("ui.cli.opt.diagnostics"))
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from target_rules import __version__
    from target_rules.authoring.ignore import suppress
    from target_rules.authoring.lint import lint
    from target_rules.cli import refuse_absent
    from target_rules.language.load import find_plan_file, rule_files
    from target_rules.render import diagnostics

    if refuse_absent(args.rules, "target-rules lint"):
        return 2
    files = rule_files(args.rules)
    if not files:
        where = " ".join(args.rules)
        print(f"target-rules lint{phrase('ui.colon')}{phrase('io.no_rules', where=where)}", file=sys.stderr)
        return 2
    problems = suppress(lint(args.rules), args.ignore or ())
    if args.no_warnings:
        problems = [p for p in problems if p.severity == "error"]
    errors, warnings = diagnostics.counts(problems)
    plan = find_plan_file(args.rules)
    n = len(files) + (1 if plan is not None and Path(plan).is_file() else 0)  # plan.yaml is linted too
    summary = phrase("ui.cli.lint.summary", **counted(errors=errors, warnings=warnings, files=n))
    if args.format == "json":
        text = diagnostics.json_text(problems)
    elif args.format == "sarif":
        text = diagnostics.sarif(problems, version=__version__)
    elif args.format == "junit":
        text = diagnostics.junit_by_file(problems, (str(f) for f in files), "target-rules lint")
    elif args.format == "github":
        text = diagnostics.github(problems, summary)
    else:
        text = diagnostics.text(problems, summary)
    if args.output:
        from target_rules.outputs import write_output

        write_output(args.output, text, inputs=args.rules)
        print(summary, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if errors or (args.strict and warnings) else 0
