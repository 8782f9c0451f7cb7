"""A Contribution: one agency's figure for one metric, with the place it was written.

Submissions are read into contributions (checks.py); contributions of one metric are combined into
one figure (combine.py). Keeping the place lets every later problem, and every value of a collected
report, say which file, line or cell it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.source import Document

__all__ = ["Contribution", "origin_of"]


@dataclass(eq=False)  # compared by identity: two agencies' equal figures are still two figures
class Contribution:
    """One agency's entry for one metric: a value, a milestone, or not_reported with a reason."""

    measure: int
    metric: str
    agency: str | None  # canonical name; None when the submission does not say who reports it
    entry: dict[str, Any]  # value / milestone / date / not_reported / quote / period / unit / note
    doc: Document
    path: DocPath  # the entry's path in the document (a by_agency part's own path for a part)
    written_agency: str | None = None  # the agency as the submission spells it
    origin: m.Origin | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # the enclosing entry's quote/note, for a part
    reporter: str | None = None  # who sent it, when not the agency itself (教育部 for 大專校院's part)

    @property
    def value(self) -> float | None:
        return self.entry.get("value")

    @property
    def where(self) -> str:
        """file:line or file[sheet]!cell, for messages that name two places."""
        return str(self.origin) if self.origin is not None else self.doc.file

    def sort_key(self) -> tuple[str, int, str, str]:
        o = self.origin
        return (self.doc.file, (o.line or 0) if o else 0, (o.cell or "") if o else "", str(self.path))

    def problem(self, message: str, *, key: bool = False, **kw: Any) -> Problem:
        return self.doc.problem(message, self.path, key=key, **kw)


def origin_of(doc: Document, path: DocPath) -> m.Origin:
    """Where ``path`` was written in ``doc``: a line, or a sheet and cell for a workbook."""
    line, col = doc.where(path)
    sheet = getattr(doc, "sheet", None)
    if getattr(doc, "kind", None) == "xlsx" and line is not None:
        from target_rules.submissions.tabular import column_letter

        return m.Origin(
            file=doc.file, sheet=sheet, cell=f"{column_letter(col)}{line}" if col else f"row {line}"
        )
    return m.Origin(file=doc.file, line=line)
