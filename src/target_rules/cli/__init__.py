"""The command line: a thin shell over the library. Each subcommand is a module of this package.

A command module defines NAME, HELP (the catalog key of its one-line summary), add_arguments(parser)
and run(args) -> exit status (0 success, 1 the data has errors, 2 a usage or rule-file error), and may
define EXAMPLE (a command line shown at the end of its --help), EXIT_STATUS (the catalog key of its
exit codes, when they differ), NEEDS_YEAR and RULES_DEFAULT. Every word a command shows
comes from the catalog (target_rules.messages): option help through help_text(key), sentences through
phrase(key); tests/cli/test_clerk_reads_chinese.py fails on a command whose --help is not in both
languages. Modules are found by listing the package, so adding a command touches no shared file;
heavy imports belong inside run().

main() also owns what every command shares: the reader's language is settled from argv before parsing
(argv_language), so help and usage errors speak it (cli/parser.py puts argparse's own words in it);
options missing from the command line are taken from the project configuration
(target_rules.config); a mistyped subcommand or option gets a did-you-mean; a missing optional
dependency is one line naming the pip extra, exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import io
import itertools
import pkgutil
import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from target_rules import __version__
from target_rules.arguments import YearError
from target_rules.cli.parser import Parser, help_text, phrase
from target_rules.errors import Problem, RuleError, TargetRulesError
from target_rules.messages import (
    LANGS,
    Lang,
    choose_language,
    current_language,
    set_language,
    set_units,
    text_in,
    use_language,
)
from target_rules.outputs import OutputError, terminal
from target_rules.suggest import did_you_mean

PROG = "target-rules"


def command_modules() -> dict[str, ModuleType]:
    """Every subcommand module of this package, by NAME (a module without the protocol is skipped)."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{__name__}.{info.name}")
        if all(hasattr(module, a) for a in ("NAME", "HELP", "add_arguments", "run")):
            found[module.NAME] = module
    return found


def _epilog(module: ModuleType | None) -> str:
    parts = []
    example = getattr(module, "EXAMPLE", None) if module else TOP_EXAMPLE
    if example:
        parts.append(f"{phrase('ui.cli.example')}\n  {example}")
    parts.append(phrase(getattr(module, "EXIT_STATUS", "ui.cli.exit_status")))
    return "\n\n".join(parts)


TOP_EXAMPLE = "target-rules evaluate --rules rules/ --report data/107/ --year 107"


def build_parser() -> argparse.ArgumentParser:
    """The parser, its words in the current language (main() settles it from argv first)."""
    parser = Parser(prog=PROG, description=phrase("ui.cli.description"), epilog=_epilog(None))
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help=help_text("ui.cli.version")
    )
    parser.add_argument("--lang", choices=LANGS, help=help_text("ui.cli.lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands: dict[str, argparse.ArgumentParser] = {}
    for name, module in command_modules().items():
        p = sub.add_parser(
            name, help=help_text(module.HELP), description=phrase(module.HELP), epilog=_epilog(module)
        )
        # SUPPRESS: a --lang given before the command (target-rules --lang zh validate ...) stands
        p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=help_text("ui.cli.lang"))
        module.add_arguments(p)
        p.set_defaults(_run=module.run, _module=module)
        commands[name] = p
    parser.set_defaults(_commands=commands)
    return parser


def declared_language(plan: object) -> str | None:
    """The language a plan file writes down, or None: Plan's own default would hide the locale."""
    if plan is None or "language" not in getattr(plan, "model_fields_set", ()):
        return None
    return str(getattr(plan, "language", "")) or None


def argv_language(argv: list[str]) -> Lang:
    """The reader's language before anything is parsed, so --help and usage errors speak it too:
    ``--lang`` anywhere in ``argv`` (``--lang zh``, ``--lang=zh``; the last one wins, as in argparse),
    else the project configuration's, else the language the plan file of the rules writes down (the
    rules given with --rules, as a lint/test positional, in the configuration, or the command's
    default directory), else the locale. The same order reader_language settles once rules load."""
    explicit = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        name, eq, value = word.partition("=")
        if len(name) >= 4 and "--lang".startswith(name):  # argparse accepts --la, --lan too
            value = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if value in LANGS:
                explicit = value
    if explicit:
        return choose_language(explicit)
    from target_rules.config import Config, load_config

    try:
        cfg = load_config()
    except TargetRulesError:  # apply_config reports it, in the language settled here
        cfg = Config()
    if cfg.lang:
        return choose_language(cfg.lang)
    return choose_language(None, _plan_language(argv, cfg.rules))


def _plan_language(argv: list[str], configured: list[str]) -> str | None:
    words = [w for w in argv if w != "--"]
    module = command_modules().get(next((w for w in words if not w.startswith("-")), ""))
    rules: list[str] = []
    for i, word in enumerate(words):
        if word.startswith("--rules="):
            rules.append(word.split("=", 1)[1])
        elif word == "--rules":
            rules += list(itertools.takewhile(lambda w: not w.startswith("-"), words[i + 1 :]))
    defaults = getattr(module, "RULES_DEFAULT", None) or []
    if not rules and defaults:  # lint and test take their rules as positionals
        rules = [w for w in words[1:] if not w.startswith("-") and Path(w).exists()]
    rules = rules or configured or [d for d in defaults if Path(d).exists()]
    if not rules:
        return None
    from target_rules.language.load import find_plan_file, load_plan

    try:
        found = find_plan_file(rules)
        plan_file = load_plan(found, problems=[]) if found else None
    except (OSError, TargetRulesError):  # the command reports it when it loads the rules
        return None
    return declared_language(plan_file.plan) if plan_file else None


def reader_language(args: argparse.Namespace, rules: object = None) -> Lang:
    """Settle the output language once the rules are known: --lang (or the project configuration's),
    else the plan file's ``language``, else the locale. Sets ``args.lang`` (renderers read it) and the
    language problems print in."""
    plan = getattr(rules, "plan", None)
    lang = choose_language(getattr(args, "lang", None), declared_language(plan))
    args.lang = lang
    set_language(lang)
    set_units(getattr(plan, "units", None) or {})  # en-leftovers: the plan's English unit names
    return lang


def add_report_inputs(p: argparse.ArgumentParser) -> None:
    """--rules, --report and --year, as every command that judges a report takes them."""
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--report", required=True, nargs="+", help=help_text("ui.cli.opt.report"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year_report"))


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


def refuse_absent(paths: list[str], command: str) -> bool:
    """Say which of ``paths`` do not exist (``command: no such file or directory: ...``); True when
    some do, and the command exits 2."""
    absent = [a for a in paths if not Path(a).exists()]
    if absent:
        print(phrase("ui.cli.no_such_path", command=command, paths=" ".join(absent)), file=sys.stderr)
    return bool(absent)


def print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for p in sorted(problems, key=Problem.sort_key):
        print(terminal(str(p)), file=stream)


def _unrecognized(args: argparse.Namespace, extra: list[str]) -> str:
    """argparse's message for arguments no option takes, with a did-you-mean for a mistyped option."""
    parser = args._commands.get(getattr(args, "command", None) or "")
    options = list(parser._option_string_actions) if parser else []
    lang = current_language()
    hints = [
        f"{word}{phrase('ui.colon')}{text_in(hint, lang)}"
        for word in extra
        if word.startswith("-") and (hint := did_you_mean(word.split("=", 1)[0], options))
    ]
    sep = phrase("ui.details_sep")
    return phrase("ui.cli.unrecognized", args=" ".join(extra)) + "".join(f"{sep}{h}" for h in hints)


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
            print(phrase("ui.cli.no_rules", command=name), file=sys.stderr)
            return 2
    if hasattr(args, "year") and args.year is None:
        args.year = cfg.year
        if args.year is None and getattr(args._module, "NEEDS_YEAR", False):
            print(phrase("ui.cli.year_required", command=name), file=sys.stderr)
            return 2
    if hasattr(args, "lang") and args.lang is None:
        args.lang = cfg.lang  # None: the plan file's language, then the locale (reader_language)
    if hasattr(args, "ignore"):
        args.ignore = sorted({*(args.ignore or ()), *cfg.ignore})
    return None


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets '?', not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    argv = sys.argv[1:] if argv is None else list(argv)
    with use_language(argv_language(argv)):  # before parsing: --help and usage errors speak it too
        parser = build_parser()
        try:
            args, extra = parser.parse_known_args(argv)
            if extra:
                sub = args._commands.get(getattr(args, "command", None) or "", parser)
                sub.fail(_unrecognized(args, extra))
        except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
            return int(exc.code or 0)
        if not getattr(args, "_run", None):
            parser.print_help(sys.stderr)
            return 2
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        status = apply_config(args)
        if getattr(args, "lang", None):
            set_language(args.lang)
        if status is not None:
            return status
        return int(args._run(args))
    except (OutputError, YearError) as exc:  # -o over an input or unwritable; --year out of range
        shown = text_in(exc.args[0], current_language()) if exc.args else str(exc)
        print(terminal(phrase("ui.cli.error", prog=PROG, message=shown)), file=sys.stderr)
        return 2
    except TargetRulesError as exc:
        print_problems(exc.problems)
        return 2 if isinstance(exc, RuleError) else 1
    except ModuleNotFoundError as exc:
        from target_rules.extras import missing_message

        if not exc.name or exc.name.split(".")[0] == "target_rules":
            raise
        said = missing_message(exc.name, f"{PROG} {args.command}")
        print(text_in(said, current_language()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
