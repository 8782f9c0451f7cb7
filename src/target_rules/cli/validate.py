"""target-rules validate: check a submission before publication; exit 1 when it has errors."""

from __future__ import annotations

import argparse
import sys
from typing import Any

NAME = "validate"
HELP = "check a submission (yaml, json, csv, xlsx) against the rules: every problem, with its place"
EXAMPLE = "target-rules validate submission.xlsx --rules rules/ --year 108 --format sarif -o validate.sarif"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("submission", nargs="+", help="submission file(s) or a directory")
    p.add_argument(
        "--rules", nargs="+", help="rule files or directories (default: the project configuration's)"
    )
    p.add_argument("--year", type=int, help="plan year (ROC), default: the submission's year")
    p.add_argument("--agency", help="the submitting agency: everything it owes must be reported")
    p.add_argument("--format", choices=("text", "json", "junit", "github", "sarif"), default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--fail-on",
        choices=("error", "unmet"),
        default="error",
        help="unmet: also evaluate, and fail when a target is not met",
    )
    p.add_argument("--max-bytes", type=int, help="largest file accepted (default 20 MiB)")
    p.add_argument("--max-depth", type=int, help="deepest nesting accepted (default 64)")
    p.add_argument("--max-rows", type=int, help="most spreadsheet rows accepted (default 20000)")
    p.add_argument("-o", "--output", help="write the report to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    import dataclasses

    import target_rules as tr
    from target_rules.errors import Problem
    from target_rules.submissions.tabular import DEFAULT_TABLE_LIMITS
    from target_rules.submissions.validation import SUBMISSION_LIMITS, ValidationReport, validate

    for flag in ("max_bytes", "max_depth", "max_rows"):
        v = getattr(args, flag)
        if v is not None and v < 1:
            print(f"target-rules validate: --{flag.replace('_', '-')} must be at least 1", file=sys.stderr)
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
            problems=[Problem(f"internal error: {type(exc).__name__}: {exc}"[:500], code="internal")],
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_text(result: Any) -> str:
    """One ``path:line:col: CODE message`` line per problem (clickable, greppable), then the verdict."""
    from target_rules.outputs import terminal

    out = [terminal(str(p)) for p in result.problems]  # escapes from a hostile file are shown, not run
    c = result.counts
    files = _plural(c["files"], "file")
    if result.ok and not c["warnings"]:
        out.append(f"ok: {files} checked, {_plural(c['targets'], 'target')}, no problems")
    else:
        verdict = "ok" if result.ok else "FAILED"
        out.append(
            f"{verdict}: {_plural(c['errors'], 'error')}, {_plural(c['warnings'], 'warning')} in {files}"
        )
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
    return github(result.problems, f"{_plural(c['errors'], 'error')}, {_plural(c['warnings'], 'warning')}")
