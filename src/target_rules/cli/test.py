"""target-rules test: run the examples written inside rule files, the way a test runner does.

By default only failures are printed (each a ``path:line: example_failed id: reason`` line with the
verdict's explanation beneath), then one summary line; ``-v`` prints every case with the id pytest
gives it (``rules/m45.yaml::m45::108::45.1::just-below``, so ``pytest 'rules/m45.yaml::m45'`` and
``target-rules test -k m45`` select alike). Exit 0 all passed, 1 a case failed, 2 the rule files do not
load, 5 no example was collected (pytest's code for "no tests ran").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from target_rules.cli.parser import counted, help_text, phrase
from target_rules.messages import LANGS, Code, Message, bi, render, say, text_in

NAME = "test"
HELP = "ui.cli.test"
RULES_DEFAULT = ["rules"]  # without --rules or configuration: ./rules, if it is a directory
EXAMPLE = "target-rules test rules/ -k m45 -v"
EXIT_STATUS = "ui.cli.test.exit_status"
NO_TESTS = 5


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "rules",
        nargs="*",
        metavar="RULES",
        help=help_text("ui.cli.opt.rules_positional"),
    )
    p.add_argument("-v", "--verbose", action="store_true", help=help_text("ui.cli.test.verbose"))
    p.add_argument("-q", "--quiet", action="store_true", help=help_text("ui.cli.test.quiet"))
    p.add_argument("-k", dest="select", metavar="TEXT", help=help_text("ui.cli.test.select"))
    p.add_argument("--coverage", action="store_true", help=help_text("ui.cli.test.coverage"))
    p.add_argument(
        "--require-coverage",
        action="store_true",
        help=help_text("ui.cli.test.require_coverage"),
    )


def _shown(file: str | None) -> str:
    """A rule file's path as pytest shows it: relative to the working directory when inside it."""
    if not file:
        return "<rules>"
    p = Path(file)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return os.path.relpath(p) if not os.path.relpath(p).startswith("..") else p.as_posix()
    return p.as_posix()


def _joined(reasons: list[str]) -> Message:
    """An example's reasons, one sentence each, joined in both languages."""
    zh, en = (render("ui.details_sep", lang).join(str(text_in(r, lang)) for r in reasons) for lang in LANGS)
    return bi(zh, en)


def run(args: argparse.Namespace) -> int:
    from target_rules.authoring.examples import run_examples
    from target_rules.cli import reader_language, refuse_absent
    from target_rules.errors import Problem
    from target_rules.language.load import load_rules, rule_files
    from target_rules.outputs import terminal

    if refuse_absent(args.rules, "target-rules test"):
        return 2
    if not rule_files(args.rules):
        print(phrase("ui.cli.test.no_rule_files", where=" ".join(args.rules)), file=sys.stderr)
        return NO_TESTS
    rules = load_rules(args.rules)
    reader_language(args, rules)
    results = run_examples(rules)
    checks = results.checks
    uncovered = results.uncovered
    if args.select:
        checks = [c for c in checks if args.select in f"{_shown(c.file)}::{c.id}"]
        uncovered = [t for t in uncovered if args.select in f"{_shown(t.file)}::{t.id}"]
    out: list[str] = []
    failed = 0
    for c in checks:
        node = f"{_shown(c.file)}::{c.id}"
        if c.passed:
            if args.verbose:
                out.append(f"{node} {phrase('ui.cli.test.passed')}")
            continue
        failed += 1
        if args.verbose:
            out.append(f"{node} {phrase('ui.cli.test.failed')}")
        problem = Problem(
            say(Code.EXAMPLE_FAILED, target=c.id, reasons=_joined(c.reasons)),
            file=_shown(c.file),
            line=c.line,
        )
        out.append(str(problem))
        if not args.quiet and c.verdict is not None:
            out.append("    " + phrase("ui.cli.test.explanation", text=c.verdict.explanation[args.lang]))
    coverage = args.coverage or args.require_coverage
    if coverage:
        for t in uncovered:
            out.append(
                str(
                    Problem(
                        say(Code.NO_EXAMPLE, target=t.id, kind=t.kind),
                        file=_shown(t.file),
                        line=t.line,
                        severity="error" if args.require_coverage else "warning",
                    )
                )
            )
    if not checks:
        key = "ui.cli.test.none_matched" if args.select else "ui.cli.test.none_ran"
        out.append(phrase(key, select=args.select))
        sys.stdout.write(terminal("\n".join(out)) + "\n")
        return NO_TESTS
    passed = len(checks) - failed
    examples = len({(c.file, c.measure, c.example) for c in checks})
    summary = phrase("ui.cli.test.summary", **counted(passed=passed, failed=failed, examples=examples))
    if uncovered:
        n = len(uncovered)
        summary += phrase("ui.cli.test.uncovered_one" if n == 1 else "ui.cli.test.uncovered", n=n)
        if not coverage:
            summary += phrase("ui.cli.test.coverage_lists")
    out.append(summary)
    sys.stdout.write(terminal("\n".join(out)) + "\n")
    if failed or (args.require_coverage and uncovered):
        return 1
    return 0
