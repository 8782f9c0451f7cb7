"""The command line: a thin shell over the library. Each subcommand is a module of this package.

A command module defines NAME, HELP, add_arguments(parser) and run(args) -> exit status
(0 success, 1 the data has errors, 2 a usage or rule-file error), and may define EXAMPLE (shown at the
end of its --help), EXIT_STATUS (when its codes differ), NEEDS_YEAR, RULES_DEFAULT and LANG_DEFAULT. Modules are found by listing
the package, so adding a command touches no shared file; heavy imports belong inside run().

main() also owns what every command shares: options missing from the command line are taken from the
project configuration (target_rules.config); a mistyped subcommand or option gets a did-you-mean; a
missing optional dependency is one line naming the pip extra, exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import io
import pkgutil
import re
import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn, TextIO

from target_rules import __version__
from target_rules.arguments import YearError
from target_rules.errors import Problem, RuleError, TargetRulesError
from target_rules.messages import Lang, choose_language, set_language, set_units, use_language
from target_rules.outputs import OutputError, terminal
from target_rules.suggest import did_you_mean

PROG = "target-rules"
EXIT_STATUS = "exit status: 0 success, 1 the data has errors, 2 a usage or rule-file error"


class Parser(argparse.ArgumentParser):
    """argparse, plus a did-you-mean on an invalid choice (a mistyped subcommand or format)."""

    def error(self, message: str) -> NoReturn:
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:  # choices are quoted up to Python 3.12.7, bare after
            hint = did_you_mean(m.group(1), [c.strip().strip("'") for c in m.group(2).split(",")])
            if hint:
                message += f"; {hint}"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _epilog(module: ModuleType) -> str:
    parts = []
    example = getattr(module, "EXAMPLE", None)
    if example:
        parts.append(f"example:\n  {example}")
    parts.append(getattr(module, "EXIT_STATUS", EXIT_STATUS))
    return "\n\n".join(parts)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description="Judge yearly performance targets: declarative YAML rules -> met/unmet verdicts.",
        epilog="example:\n  target-rules evaluate --rules rules/ --report data/107/ --year 107\n\n"
        + EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands: dict[str, argparse.ArgumentParser] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{__name__}.{info.name}")
        if not all(hasattr(module, a) for a in ("NAME", "HELP", "add_arguments", "run")):
            continue
        p = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=_epilog(module),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--lang",
            choices=("zh", "en"),
            help="language of messages and output (default: the project configuration's, else the plan "
            "file's, else the locale: zh when it names Chinese, otherwise en)",
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run, _module=module)
        commands[module.NAME] = p
    parser.set_defaults(_commands=commands)
    return parser


def reader_language(args: argparse.Namespace, rules: object = None) -> Lang:
    """Settle the output language once the rules are known: --lang (or the project configuration's),
    else the plan file's ``language``, else the locale. Sets ``args.lang`` (renderers read it) and the
    language problems print in."""
    plan = getattr(rules, "plan", None)
    # only a language the plan file writes down counts; Plan's own default would hide the locale
    declared = plan is not None and "language" in getattr(plan, "model_fields_set", ())
    lang = choose_language(
        getattr(args, "lang", None), plan.language if plan is not None and declared else None
    )
    args.lang = lang
    set_language(lang)
    set_units(getattr(plan, "units", None) or {})  # en-leftovers: the plan's English unit names
    return lang


def add_report_inputs(p: argparse.ArgumentParser) -> None:
    """--rules, --report and --year, as every command that judges a report takes them."""
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument(
        "--report",
        required=True,
        nargs="+",
        help="report file(s), a directory of fragments, or agencies' submissions (yaml, json, csv, xlsx)",
    )
    p.add_argument("--year", type=int, help="plan year (ROC), default: the report's year")


def judge_report(args: argparse.Namespace, *also_inputs: str) -> tuple[Any, Any, bool] | None:
    """The shared start of evaluate and report: refuse an -o over any input, load the rules, settle
    the language, read the report (or agencies' submissions) and judge it. (rules, evaluation, whether
    the reading had errors), or None when there is no report to judge (the problems are printed)."""
    import target_rules as tr
    from target_rules.outputs import check_output
    from target_rules.submissions.collect import read_report

    if args.output:
        check_output(args.output, [*args.rules, *args.report, *also_inputs])
    rules = tr.load_rules(args.rules)
    reader_language(args, rules)
    report, problems = read_report(args.report, rules, args.year)
    print_problems(problems)
    if report is None:
        return None
    errors = any(p.severity == "error" for p in problems)
    return rules, tr.evaluate(rules, report, year=args.year), errors


def print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for p in sorted(problems, key=Problem.sort_key):
        print(terminal(str(p)), file=stream)


def _unrecognized(args: argparse.Namespace, extra: list[str]) -> str:
    """argparse's message for arguments no option takes, with a did-you-mean for a mistyped option."""
    parser = args._commands.get(getattr(args, "command", None) or "")
    options = list(parser._option_string_actions) if parser else []
    hints = [
        f"{word}: {hint}"
        for word in extra
        if word.startswith("-") and (hint := did_you_mean(word.split("=", 1)[0], options))
    ]
    return f"unrecognized arguments: {' '.join(extra)}" + "".join(f"; {h}" for h in hints)


def apply_config(args: argparse.Namespace) -> int | None:
    """Fill options the command line left out from the project configuration; an exit status when
    something required is still missing, else None."""
    if not any(hasattr(args, a) for a in ("rules", "year", "lang", "ignore")):
        return None
    from target_rules.config import load_config

    cfg = load_config()
    name = f"{PROG} {args.command}"
    if hasattr(args, "rules") and not args.rules:
        if cfg.rules:
            args.rules = cfg.rules
        elif getattr(args._module, "RULES_DEFAULT", None) and all(
            Path(r).exists() for r in args._module.RULES_DEFAULT
        ):
            args.rules = list(args._module.RULES_DEFAULT)
        else:
            print(
                f"{name}: no rules given: pass --rules DIR, or set rules in [tool.target-rules] "
                "(pyproject.toml) or target-rules.toml",
                file=sys.stderr,
            )
            return 2
    if hasattr(args, "year") and args.year is None:
        args.year = cfg.year
        if args.year is None and getattr(args._module, "NEEDS_YEAR", False):
            print(f"{name}: --year is required (or set year in [tool.target-rules])", file=sys.stderr)
            return 2
    if hasattr(args, "lang") and args.lang is None:
        args.lang = cfg.lang or getattr(args._module, "LANG_DEFAULT", None)  # None: plan, then locale
    if hasattr(args, "ignore"):
        args.ignore = sorted({*(args.ignore or ()), *cfg.ignore})
    return None


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets '?', not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            sub = args._commands.get(getattr(args, "command", None) or "", parser)
            sub.error(_unrecognized(args, extra))
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    with use_language(choose_language(getattr(args, "lang", None))):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        status = apply_config(args)
        set_language(choose_language(getattr(args, "lang", None)))
        if status is not None:
            return status
        return int(args._run(args))
    except (OutputError, YearError) as exc:  # -o over an input or unwritable; --year out of range
        print(f"target-rules: error: {terminal(str(exc))}", file=sys.stderr)
        return 2
    except TargetRulesError as exc:
        print_problems(exc.problems)
        return 2 if isinstance(exc, RuleError) else 1
    except ModuleNotFoundError as exc:
        from target_rules.extras import missing_message

        if not exc.name or exc.name.split(".")[0] == "target_rules":
            raise
        print(missing_message(exc.name, f"{PROG} {args.command}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
