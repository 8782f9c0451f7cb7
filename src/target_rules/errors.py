"""Problems that know where they happened, in the spirit of jsonschema's ValidationError.

A Problem is data (file, line, column, path in the document, what was expected and found); the
exceptions below carry *all* problems of a file so a user fixes everything in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from target_rules.messages import (
    CATALOG,
    CODES,
    LANGS,
    Code,
    Message,
    as_code,
    current_language,
    render,
    text_in,
)

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


def format_path(path: Iterable[str | int], lang: str = "en") -> str:
    """``("years", 107, "targets", 0, "at_least")`` -> ``years[107].targets[0].at_least``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or CATALOG["ui.document"][lang]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    message: str  # English; a catalog Message (messages.say) also renders in Chinese: message_in()
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: Path = ()
    code: str = Code.INVALID  # a messages.Code (a str); unknown strings are made Codes or refused
    severity: Severity = "error"
    expected: str | None = None
    found: str | None = None
    hint: str | None = None  # e.g. "did you mean 'procurement_audits'?"
    sheet: str | None = None  # for spreadsheets: sheet name; ``cell`` in ``found`` context
    cell: str | None = None

    def __post_init__(self) -> None:
        code = self.code
        if code == Code.INVALID and isinstance(self.message, Message) and self.message.code in CODES:
            code = self.message.code  # say(Code.X, ...) names the code once
        object.__setattr__(self, "code", as_code(code))  # ValueError: a new code belongs in messages.Code

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (zh or en): catalog messages translate, anything else is as written."""
        return str(text_in(self.message, lang))

    def messages(self) -> dict[str, str]:
        """The message in every language, for JSON and SARIF that carry both."""
        return {lang: self.message_in(lang) for lang in LANGS}

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
        no location and no severity (SARIF and GitHub annotations carry those separately).
        In the current language (messages.use_language); ``detail_in`` names one."""
        return self.detail_in(current_language())

    def detail_in(self, lang: str) -> str:
        """``detail`` in ``lang`` (zh or en)."""
        ui = {k: CATALOG[f"ui.{k}"][lang] for k in ("details_sep", "details_join")}
        text = self.message_in(lang)
        if self.path:
            text += render("ui.at", lang, {"path": format_path(self.path, lang)})
        details = []
        if self.expected is not None:
            details.append(render("ui.expected", lang, {"value": text_in(self.expected, lang)}))
        if self.found is not None:
            details.append(render("ui.found", lang, {"value": text_in(self.found, lang)}))
        if details:
            text += ui["details_sep"] + ui["details_join"].join(details)
        if self.hint:
            text += ui["details_sep"] + str(text_in(self.hint, lang))
        return text

    def __str__(self) -> str:
        """One line, as ruff and mypy print: ``path:line:col: CODE message``.

        Editors and terminals turn the location into a link, and ``grep CODE`` finds every case.
        A warning's message starts with ``warning:``. Line breaks inside a message become spaces, so
        the diagnostic stays one line whatever a file contained.
        """
        return self.describe(current_language())

    def describe(self, lang: str = "en") -> str:
        """The one-line diagnostic in ``lang``; only the words change, not the layout."""
        warning = (
            CATALOG["ui.warning"][lang] + CATALOG["ui.colon"][lang] if self.severity == "warning" else ""
        )
        return _one_line(f"{self.location}: {self.code} {warning}{self.detail_in(lang)}")

    def to_dict(self) -> dict[str, object]:
        d: dict[str, Any] = asdict(self)
        for key in ("message", "expected", "found", "hint"):
            if d[key] is not None:
                d[key] = str(d[key])
        d["code"] = str(self.code)
        d["path"] = format_path(self.path) if self.path else ""
        if isinstance(self.message, Message):
            d["messages"] = self.messages()
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
