"""Reading submissions: files, directories and parsed data -> positioned Documents.

YAML, JSON, CSV and XLSX may be mixed; a directory is read recursively (hidden folders skipped). A
file that cannot be read becomes a Document with problems, never an exception, so one bad file
does not hide the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.language.plan import PLAN_FILE_NAMES
from target_rules.language.source import Document, Limits, read_document

__all__ = [
    "SUBMISSION_LIMITS",
    "SUBMISSION_SUFFIXES",
    "TABULAR_SUFFIXES",
    "internal_problem",
    "read_submission",
    "submission_inputs",
]

# A submission is small (a whole year's report is a few thousand values): a tighter node budget than
# source.DEFAULT_LIMITS stops alias bombs ten times sooner.
SUBMISSION_LIMITS = Limits(max_nodes=200_000)
SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx", ".xlsm")
TABULAR_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".tsv")


def submission_inputs(path_or_data: Any) -> list[Any]:
    """Files (directories expanded, in a stable order) and mappings, as given."""
    if isinstance(path_or_data, m.Report):
        return [path_or_data.model_dump(mode="json", exclude_none=True)]
    if isinstance(path_or_data, Mapping):
        return [path_or_data]
    items = [path_or_data] if isinstance(path_or_data, str | Path) else list(path_or_data)
    out: list[Any] = []
    for item in items:
        if isinstance(item, m.Report):
            out.append(item.model_dump(mode="json", exclude_none=True))
            continue
        if isinstance(item, Mapping):
            out.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.suffix.lower() in SUBMISSION_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not (f.parent == p and f.name in PLAN_FILE_NAMES)
                and f.is_file()
            )
        else:
            out.append(p)
    return out


def read_submission(item: Any, rules: RuleSet, limits: Limits, table_limits: Any = None) -> Document:
    """One input -> a Document (problems inside it, never raised)."""
    try:
        return _read(item, rules, limits, table_limits)
    except Exception as exc:  # last resort: never a traceback
        name = str(item) if not isinstance(item, Mapping) else "<data>"
        return Document(name, problems=[internal_problem(exc, name)])


def _read(item: Any, rules: RuleSet, limits: Limits, table_limits: Any) -> Document:
    if isinstance(item, Mapping):
        return Document("<data>", data=dict(item))
    p = Path(item)
    suffix = p.suffix.lower()
    if suffix in TABULAR_SUFFIXES:
        from target_rules.submissions import tabular

        tl = table_limits or tabular.DEFAULT_TABLE_LIMITS
        table = tabular.read_table(p, limits, tl)
        return tabular.to_document(table, split=lambda n, name: _is_split(rules, n, name))
    return read_document(p, limits, fmt="json" if suffix == ".json" else "yaml")


def _is_split(rules: RuleSet, measure: int, metric: str) -> bool:
    cm = rules.measures.get(measure)
    if cm is None:
        return False
    return any(
        isinstance(t, m.BreakdownTarget) and t.metric == metric and t.parts
        for yt in cm.measure.years.values()
        for t in yt.targets
    )


def internal_problem(exc: BaseException, file: str | None) -> Problem:
    """A bug of ours, said as a Problem (with what to do) instead of a traceback."""
    return Problem(
        f"internal error while validating: {type(exc).__name__}: {exc}"[:500],
        file=file,
        code="internal",
        hint="this is a bug in target-rules; please report it with the file",
    )
