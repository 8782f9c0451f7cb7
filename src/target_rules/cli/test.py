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

NAME = "test"
HELP = "run the examples inside rule files: failures and a one-line summary, like a test runner"
RULES_DEFAULT = ["rules"]  # without --rules or configuration: ./rules, if it is a directory
EXAMPLE = "target-rules test rules/ -k m45 -v"
EXIT_STATUS = (
    "exit status: 0 every example passed, 1 an example failed (or, with --require-coverage, a target "
    "has none), 2 a usage or rule-file error, 5 no example was collected"
)
NO_TESTS = 5
FAILED_CODE = "example_failed"
UNCOVERED_CODE = "no_example"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "rules",
        nargs="*",
        metavar="RULES",
        help="rule files or directories (default: the project configuration's, else rules)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="one line per case, passing ones too")
    p.add_argument("-q", "--quiet", action="store_true", help="failures only, without explanations")
    p.add_argument("-k", dest="select", metavar="TEXT", help="run only cases whose id contains TEXT")
    p.add_argument("--coverage", action="store_true", help="list the targets no example reaches")
    p.add_argument(
        "--require-coverage",
        action="store_true",
        help="fail (exit 1) when a target has no example; implies --coverage",
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


def run(args: argparse.Namespace) -> int:
    from target_rules.authoring.examples import run_examples
    from target_rules.errors import Problem
    from target_rules.language.load import load_rules, rule_files
    from target_rules.outputs import terminal

    absent = [a for a in args.rules if not Path(a).exists()]
    if absent:
        print(f"target-rules test: no such file or directory: {' '.join(absent)}", file=sys.stderr)
        return 2
    if not rule_files(args.rules):
        print(f"target-rules test: no rule files in {' '.join(args.rules)}; no examples ran", file=sys.stderr)
        return NO_TESTS
    results = run_examples(load_rules(args.rules))
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
                out.append(f"{node} PASSED")
            continue
        failed += 1
        if args.verbose:
            out.append(f"{node} FAILED")
        problem = Problem(
            f"{c.id}: " + "; ".join(c.reasons), file=_shown(c.file), line=c.line, code=FAILED_CODE
        )
        out.append(str(problem))
        if not args.quiet and c.verdict is not None:
            out.append(f"    explanation: {c.verdict.explanation['en']}")
            if c.verdict.explanation["zh"] != c.verdict.explanation["en"]:
                out.append(f"    說明: {c.verdict.explanation['zh']}")
    coverage = args.coverage or args.require_coverage
    if coverage:
        for t in uncovered:
            out.append(
                str(
                    Problem(
                        f"{t.id}: no example reaches this {t.kind} target",
                        file=_shown(t.file),
                        line=t.line,
                        code=UNCOVERED_CODE,
                        severity="error" if args.require_coverage else "warning",
                    )
                )
            )
    if not checks:
        out.append("no examples ran" + (f" (none matched -k {args.select!r})" if args.select else ""))
        sys.stdout.write(terminal("\n".join(out)) + "\n")
        return NO_TESTS
    passed = len(checks) - failed
    examples = len({(c.file, c.measure, c.example) for c in checks})
    summary = f"{passed} passed, {failed} failed ({examples} examples)"
    if uncovered:
        n = len(uncovered)
        summary += f"; {n} target{' has' if n == 1 else 's have'} no example"
        if not coverage:
            summary += " (--coverage lists them)"
    out.append(summary)
    sys.stdout.write(terminal("\n".join(out)) + "\n")
    if failed or (args.require_coverage and uncovered):
        return 1
    return 0
