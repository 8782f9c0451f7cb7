"""Silencing lint warnings: per line with a comment, per project with configuration.

A warning on a line that carries ``# target-rules: ignore[CODE]`` (several codes: ``ignore[A, B]``) is
dropped, as ruff's ``# noqa: CODE`` does; so is any warning whose code the project lists in
``ignore = [...]`` (target_rules.config). A comment naming no code silences nothing: a silenced
warning should say what it silences. Errors are never silenced: a rule file with an error does not
load, whatever a comment says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from target_rules.errors import Problem

__all__ = ["IGNORE_COMMENT", "line_ignores", "suppress"]

IGNORE_COMMENT = re.compile(r"#\s*target-rules:\s*ignore\[([^\]]*)\]")


def line_ignores(line: str) -> frozenset[str]:
    """The codes a source line silences: ``x: 1  # target-rules: ignore[unused_metric]``."""
    codes: set[str] = set()
    for m in IGNORE_COMMENT.finditer(line):
        codes.update(c.strip() for c in m.group(1).split(",") if c.strip())
    return frozenset(codes)


def suppress(problems: Iterable[Problem], ignore: Iterable[str] = ()) -> list[Problem]:
    """``problems`` without the warnings silenced by the project's ``ignore`` or by a line comment."""
    project = frozenset(ignore)
    lines: dict[str, list[str]] = {}
    kept: list[Problem] = []
    for p in problems:
        if p.severity == "warning":
            if p.code in project:
                continue
            if p.file and p.line and p.code in line_ignores(_line(lines, p.file, p.line)):
                continue
        kept.append(p)
    return kept


def _line(cache: dict[str, list[str]], file: str, line: int) -> str:
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[file] = []
    text = cache[file]
    return text[line - 1] if 0 < line <= len(text) else ""
