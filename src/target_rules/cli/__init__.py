"""The command line: a thin shell over the library. Each subcommand is a module of this package.

A command module defines NAME, HELP, add_arguments(parser) and run(args) -> exit status
(0 success, 1 the data has errors, 2 a usage or rule-file error). Modules are found by listing the
package, so adding a command touches no shared file; heavy imports belong inside run().
"""

from __future__ import annotations

import argparse
import io
import pkgutil
import sys
from importlib import import_module
from typing import TextIO

from target_rules.errors import Problem, TargetRulesError
from target_rules.outputs import OutputError, terminal


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="target-rules",
        description="Judge yearly performance targets: declarative YAML rules -> met/unmet verdicts.",
    )
    parser.add_argument("--version", action="version", version="target-rules 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{__name__}.{info.name}")
        if not all(hasattr(module, a) for a in ("NAME", "HELP", "add_arguments", "run")):
            continue
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for p in sorted(problems, key=Problem.sort_key):
        print(terminal(str(p)), file=stream)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets '?', not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except OutputError as exc:  # -o over an input, a directory, a missing or unwritable place
        print(f"target-rules: error: {exc}", file=sys.stderr)
        return 2
    except TargetRulesError as exc:
        print_problems(exc.problems)
        from target_rules.errors import RuleError

        return 2 if isinstance(exc, RuleError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
