"""Diagnostics (lists of Problems) for the tools people already use: terminals, CI logs, code scanning.

One shape for every command that finds problems (validate, lint, test, collect):

- ``text``: one ``path:line:col: CODE message`` line per problem (``Problem.__str__``), then a summary;
- ``json``: the problems as objects;
- ``github``: GitHub Actions workflow commands (``::error file=…,line=…::…``), annotations on the diff;
- ``junit``: JUnit XML, one test case per group (a file, a target), failures for errors;
- ``sarif``: SARIF 2.1.0, the format GitHub code scanning and most IDEs' problem viewers import.

Every writer returns a string; the command writes it (through outputs.write_atomic for files).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from target_rules.config import PROJECT_URL
from target_rules.errors import Problem, format_path
from target_rules.safe_text import for_terminal
from target_rules.safe_text import json_text as safe_json
from target_rules.safe_text import xml_text as safe_xml

__all__ = [
    "FORMATS",
    "SARIF_SCHEMA",
    "github",
    "json_text",
    "junit",
    "sarif",
    "text",
    "xml_text",
]

FORMATS = ("text", "json", "github", "junit", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URI = PROJECT_URL + "/blob/main/docs/codes.md"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counted(problems: Sequence[Problem]) -> str:
    """The summary a caller gives none for: ``2 errors, 1 warning``."""
    errors, warnings = counts(problems)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def text(problems: Sequence[Problem], summary: str | None = None) -> str:
    """One line per problem, sorted by file, then place; then a summary line (default: the counts)."""
    lines = [for_terminal(str(p)) for p in sorted(problems, key=_by_place)]
    if summary is None:
        summary = _counted(problems)
    if summary:
        lines.append(summary)
    return "\n".join(lines) + "\n"


def _by_place(p: Problem) -> tuple[str, str, int, int]:
    return (p.file or "", p.sheet or "", p.line or 0, p.column or 0)


def json_text(problems: Sequence[Problem]) -> str:
    return safe_json(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)) + "\n"


# --- GitHub Actions ---------------------------------------------------------------------------------


def _gh(s: str, prop: bool = False) -> str:
    s = for_terminal(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def github(problems: Sequence[Problem], summary: str | None = None) -> str:
    """Workflow commands: each problem becomes an annotation on its file and line in the pull request."""
    out: list[str] = []
    for p in problems:
        props = []
        if p.file:
            props.append(f"file={_gh(p.file, True)}")
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={_gh('target-rules ' + p.code, True)}")
        message = p.detail
        if p.sheet:
            message = f"{p.location.removeprefix((p.file or '') + ':')}: {message}"
        out.append(f"::{p.severity} {','.join(props)}::{_gh(message)}")
    out.append(_counted(problems) if summary is None else summary)
    return "\n".join(out) + "\n"


# --- JUnit XML ----------------------------------------------------------------------------------------


def xml_text(s: str) -> str:
    """Escape for XML text and attributes; characters XML 1.0 cannot hold become U+FFFD."""
    from xml.sax.saxutils import escape

    return escape(safe_xml(s), {'"': "&quot;"})


def junit(suite: str, cases: Iterable[tuple[str, str, Sequence[Problem]]], name: str = "target-rules") -> str:
    """JUnit XML: one <testcase> per ``(classname, name, problems)``; errors fail it, warnings go to
    its system-out. A case without problems passes."""
    cases = list(cases)
    failures = sum(1 for _, _, ps in cases if any(p.severity == "error" for p in ps))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="{xml_text(name)}" tests="{len(cases)}" failures="{failures}" errors="0">',
        f'  <testsuite name="{xml_text(suite)}" tests="{len(cases)}" failures="{failures}" errors="0" skipped="0">',
    ]
    for classname, case, ps in cases:
        lines.append(f'    <testcase classname="{xml_text(classname)}" name="{xml_text(case)}">')
        for p in ps:
            if p.severity == "error":
                lines.append(
                    f'      <failure message="{xml_text(p.message)}" type="{xml_text(p.code)}">{xml_text(str(p))}</failure>'
                )
        warnings = [str(p) for p in ps if p.severity != "error"]
        if warnings:
            lines.append(f"      <system-out>{xml_text(chr(10).join(warnings))}</system-out>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


def junit_by_file(problems: Sequence[Problem], files: Iterable[str], suite: str) -> str:
    """JUnit with one case per checked file (files without problems pass)."""
    by_file: dict[str, list[Problem]] = {str(f): [] for f in files}
    for p in problems:
        by_file.setdefault(p.file or "<input>", []).append(p)
    return junit(suite, ((suite, f, ps) for f, ps in by_file.items()))


# --- SARIF 2.1.0 --------------------------------------------------------------------------------------


def _uri(file: str, root: Path) -> tuple[str, bool]:
    """A URI reference for ``file``: relative to ``root`` (with %SRCROOT%) when inside it, else file://."""
    path = Path(file)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        rel = PurePath(os.path.relpath(absolute, root))
    except ValueError:  # another drive on Windows
        rel = None
    if rel is not None and not rel.as_posix().startswith("../") and rel.as_posix() != "..":
        return quote(rel.as_posix()), True
    return absolute.resolve().as_uri(), False


def sarif(
    problems: Sequence[Problem],
    tool: str = "target-rules",
    version: str | None = None,
    root: str | os.PathLike[str] | None = None,
    descriptions: dict[str, str] | None = None,
) -> str:
    """A SARIF 2.1.0 log with one run. Paths are relative to ``root`` (default: the working directory,
    which in CI is the repository root, as GitHub code scanning expects). ``descriptions`` maps a code
    to its one-line description (the rule's shortDescription); by default the code in words."""
    base = Path(root) if root is not None else Path.cwd()
    codes: dict[str, int] = {}
    rules: list[dict[str, object]] = []
    results: list[dict[str, object]] = []
    for p in problems:
        if p.code not in codes:
            codes[p.code] = len(rules)
            short = (descriptions or {}).get(p.code) or p.code.replace("_", " ")
            rules.append(
                {
                    "id": p.code,
                    "name": "".join(w.capitalize() for w in p.code.replace("-", "_").split("_")) or p.code,
                    "shortDescription": {"text": short},
                    "helpUri": DOCS_URI,
                    "defaultConfiguration": {"level": p.severity},
                }
            )
        result: dict[str, object] = {
            "ruleId": p.code,
            "ruleIndex": codes[p.code],
            "level": "error" if p.severity == "error" else "warning",
            "message": {"text": p.detail},
        }
        if p.file:
            uri, relative = _uri(p.file, base)
            artifact: dict[str, object] = {"uri": uri}
            if relative:
                artifact["uriBaseId"] = "%SRCROOT%"
            physical: dict[str, object] = {"artifactLocation": artifact}
            if p.line is not None and p.line >= 1 and not p.sheet:
                region: dict[str, object] = {"startLine": p.line}
                if p.column is not None and p.column >= 1:
                    region["startColumn"] = p.column
                physical["region"] = region
            location: dict[str, object] = {"physicalLocation": physical}
            logical = []
            if p.sheet:
                logical.append({"name": p.location.removeprefix(p.file + ":"), "kind": "element"})
            if p.path:
                logical.append({"fullyQualifiedName": format_path(p.path), "kind": "member"})
            if logical:
                location["logicalLocations"] = logical
            result["locations"] = [location]
        results.append(result)
    driver: dict[str, object] = {"name": tool, "informationUri": PROJECT_URL, "rules": rules}
    if version:
        driver["version"] = version
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
