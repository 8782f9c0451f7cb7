"""Problems that know where they happened, in the spirit of jsonschema's ValidationError.

A Problem is data (file, line, column, path in the document, what was expected and found); the
exceptions below carry *all* problems of a file so a user fixes everything in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
_A1 = re.compile(r"[A-Z]{1,3}[0-9]+")
Path = tuple[str | int, ...]

__all__ = [
    "Problem",
    "ReportError",
    "RuleError",
    "TargetRulesError",
    "best_match",
    "format_path",
]


def format_path(path: Iterable[str | int]) -> str:
    """``("years", 107, "targets", 0, "at_least")`` -> ``years[107].targets[0].at_least``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: Path = ()
    code: str = "invalid"
    severity: Severity = "error"
    expected: str | None = None
    found: str | None = None
    hint: str | None = None  # e.g. "did you mean 'procurement_audits'?"
    sheet: str | None = None  # for spreadsheets: sheet name; ``cell`` in ``found`` context
    cell: str | None = None

    @property
    def location(self) -> str:
        """``file:line:col``, or ``file.xlsx:Sheet!B7`` in a spreadsheet (``Sheet!7:7`` for a whole row)."""
        where = self.file or "<input>"
        if self.sheet:
            where += f":{self.sheet}!"
            if self.cell and _A1.fullmatch(self.cell):
                where += self.cell
            elif self.line is not None:
                where += f"{self.line}:{self.line}"
            else:
                where += self.cell or "A1"
            return where
        if self.cell:
            where += f"!{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    @property
    def detail(self) -> str:
        """The message with its place in the document, what was expected and found, and the hint;
        no location and no severity (SARIF and GitHub annotations carry those separately)."""
        text = self.message
        if self.path:
            text += f" (at {format_path(self.path)})"
        details = []
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if self.found is not None:
            details.append(f"found {self.found}")
        if details:
            text += "; " + ", ".join(details)
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        """One line, as ruff and mypy print: ``path:line:col: CODE message``.

        Editors and terminals turn the location into a link, and ``grep CODE`` finds every case.
        A warning's message starts with ``warning:``. Line breaks inside a message become spaces, so
        the diagnostic stays one line whatever a file contained.
        """
        warning = "warning: " if self.severity == "warning" else ""
        return _one_line(f"{self.location}: {self.code} {warning}{self.detail}")

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["path"] = format_path(self.path) if self.path else ""
        return {k: v for k, v in d.items() if v is not None}

    def sort_key(self) -> tuple[str, int, int, int]:
        return (
            self.file or "",
            0 if self.severity == "error" else 1,
            self.line or 0,
            self.column or 0,
        )


@dataclass
class TargetRulesError(Exception):
    """Base error: iterate it to get every Problem, print it to get them all, one per line."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __str__(self) -> str:
        probs = sorted(self.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0))
        return "\n".join(str(p) for p in probs) or self.__class__.__name__

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class RuleError(TargetRulesError):
    """The rule files are malformed or inconsistent (CLI exit status 2)."""


class ReportError(TargetRulesError):
    """A report/submission is malformed (CLI exit status 1)."""


# Codes that describe the document's shape rather than a value: less specific, so ranked lower.
_WEAK = {"union_tag_invalid", "missing", "extra_forbidden", "syntax"}


def best_match(problems: Iterable[Problem]) -> Problem | None:
    """The problem most worth showing first: errors, deepest path, specific codes first."""
    probs = list(problems)
    if not probs:
        return None
    return min(
        probs,
        key=lambda p: (p.severity != "error", p.code in _WEAK, -len(p.path), p.line or 0),
    )


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
