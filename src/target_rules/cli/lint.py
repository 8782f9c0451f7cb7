"""target-rules lint: find mistakes in rule files, all of them, each at file:line."""

from __future__ import annotations

import argparse
import json
import sys

NAME = "lint"
HELP = "check rule files for mistakes (duplicate ids, contradictory bounds, unit mismatches, ...)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "rules",
        nargs="*",
        default=["rules"],
        metavar="RULES",
        help="rule files or directories (default: rules)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--no-warnings", action="store_true", help="print errors only")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from target_rules.authoring.lint import lint
    from target_rules.language.load import rule_files
    from target_rules.outputs import terminal

    absent = [a for a in args.rules if not Path(a).exists()]
    if absent:
        print(f"target-rules lint: no such file or directory: {' '.join(absent)}", file=sys.stderr)
        return 2
    if not rule_files(args.rules):
        print(
            f"target-rules lint: no rule files (*.yaml, *.yml, *.json) found in {' '.join(args.rules)}",
            file=sys.stderr,
        )
        return 2
    problems = lint(args.rules)
    if args.no_warnings:
        problems = [p for p in problems if p.severity == "error"]
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if args.format == "json":
        json.dump([p.to_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for p in problems:
            print(terminal(str(p)))
        files = len(rule_files(args.rules))
        print(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
    return 1 if errors or (args.strict and warnings) else 0
