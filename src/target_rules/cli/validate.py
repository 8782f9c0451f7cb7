"""target-rules validate: check a submission before publication; exit 1 when it has errors."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from target_rules.cli.parser import counted, help_text, phrase

NAME = "validate"
HELP = "ui.cli.validate"
EXAMPLE = "target-rules validate submission.xlsx --rules rules/ --year 108 --format sarif -o validate.sarif"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "submission", nargs="+", metavar="SUBMISSION", help=help_text("ui.cli.validate.submission")
    )
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.validate.year"))
    p.add_argument("--agency", help=help_text("ui.cli.validate.agency"))
    p.add_argument(
        "--format",
        choices=("text", "json", "junit", "github", "sarif"),
        default="text",
        help=help_text("ui.cli.opt.diagnostics"),
    )
    p.add_argument("--strict", action="store_true", help=help_text("ui.cli.validate.strict"))
    p.add_argument(
        "--fail-on",
        choices=("error", "unmet"),
        default="error",
        help=help_text("ui.cli.validate.fail_on"),
    )
    p.add_argument("--max-bytes", type=int, help=help_text("ui.cli.validate.max_bytes"))
    p.add_argument("--max-depth", type=int, help=help_text("ui.cli.validate.max_depth"))
    p.add_argument("--max-rows", type=int, help=help_text("ui.cli.validate.max_rows"))
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


def run(args: argparse.Namespace) -> int:
    import dataclasses

    import target_rules as tr
    from target_rules.cli import reader_language
    from target_rules.errors import Problem
    from target_rules.messages import Code, say
    from target_rules.submissions.tabular import DEFAULT_TABLE_LIMITS
    from target_rules.submissions.validation import SUBMISSION_LIMITS, ValidationReport, validate

    for flag in ("max_bytes", "max_depth", "max_rows"):
        v = getattr(args, flag)
        if v is not None and v < 1:
            print(phrase("ui.cli.validate.at_least_1", option=f"--{flag.replace('_', '-')}"), file=sys.stderr)
            return 2
    limits = SUBMISSION_LIMITS
    if args.max_bytes:
        limits = dataclasses.replace(limits, max_bytes=args.max_bytes)
    if args.max_depth:
        limits = dataclasses.replace(limits, max_depth=args.max_depth)
    table_limits = DEFAULT_TABLE_LIMITS
    if args.max_rows:
        table_limits = dataclasses.replace(table_limits, max_rows=args.max_rows)
    from target_rules.arguments import YearError
    from target_rules.outputs import check_output, write_output

    inputs = [*args.rules, *args.submission]
    if args.output:
        check_output(args.output, inputs)  # OutputError -> exit 2 in cli.main, nothing written
    rules = tr.load_rules(args.rules)  # RuleError -> exit 2 in cli.main
    reader_language(args, rules)  # problems print in it (str(problem) follows the language)
    try:
        result = validate(
            args.submission,
            rules,
            args.year,
            agency=args.agency,
            limits=limits,
            table_limits=table_limits,
            strict=args.strict,
            fail_on_unmet=args.fail_on == "unmet",
        )
    except (tr.RuleError, YearError):  # exit 2 in cli.main
        raise
    except Exception as exc:  # the last resort: a Problem, never a traceback
        result = ValidationReport(
            problems=[Problem(say(Code.INTERNAL, detail=f"{type(exc).__name__}: {exc}"[:500]))],
            files=list(args.submission),
        )
    text = {
        "text": render_text,
        "json": render_json,
        "junit": render_junit,
        "github": render_github,
        "sarif": render_sarif,
    }[args.format](result)
    if args.output:
        write_output(args.output, text, inputs=inputs)
    else:
        from target_rules.outputs import terminal

        sys.stdout.write(terminal(text) if args.format in ("text", "github") else text)
    return 0 if result.ok else 1


def render_text(result: Any) -> str:
    """One ``path:line:col: CODE message`` line per problem (clickable, greppable), then the verdict."""
    from target_rules.messages import current_language, render
    from target_rules.outputs import terminal

    out = [terminal(str(p)) for p in result.problems]  # escapes from a hostile file are shown, not run
    c = result.counts
    counts = counted(**{k: c[k] for k in ("files", "targets", "errors", "warnings")})
    if result.ok and not c["warnings"]:
        key = "ui.validate.clean"
    else:
        key = "ui.validate.ok" if result.ok else "ui.validate.failed"
    out.append(render(key, current_language(), counts))
    return "\n".join(out) + "\n"


def render_sarif(result: Any) -> str:
    from target_rules import __version__
    from target_rules.render.diagnostics import sarif

    return sarif(result.problems, version=__version__)


def render_json(result: Any) -> str:
    import json

    from target_rules.safe_text import json_text

    return json_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)) + "\n"


def _target_of(p: Any, targets: list[dict[str, Any]]) -> list[int]:
    path = p.path
    if len(path) < 2 or path[0] != "measures":
        return []
    try:
        n = int(path[1])
    except (TypeError, ValueError):
        return []
    metric = path[3] if len(path) > 3 and path[2] == "metrics" else None
    hits = [
        i for i, t in enumerate(targets) if t["measure"] == n and (metric is None or metric in t["metrics"])
    ]
    return hits


def render_junit(result: Any) -> str:
    """JUnit: one case for the document, one per target; a problem fails the cases it concerns."""
    from target_rules.render.diagnostics import junit

    targets = result.targets
    by_target: dict[int, list[Any]] = {i: [] for i in range(len(targets))}
    general: list[Any] = []
    for p in result.problems:
        hits = _target_of(p, targets)
        for i in hits:
            by_target[i].append(p)
        if not hits:
            general.append(p)
    cases: list[tuple[str, str, list[Any]]] = [("submission", "document", general)]
    cases += [
        (f"measure {t['measure']}", f"{t['id']} {t['label']}", by_target[i]) for i, t in enumerate(targets)
    ]
    return junit(", ".join(result.files) or "submission", cases, name="target-rules validate")


def render_github(result: Any) -> str:
    from target_rules.render.diagnostics import github

    c = result.counts
    return github(
        result.problems, phrase("ui.validate.counts", **counted(errors=c["errors"], warnings=c["warnings"]))
    )
