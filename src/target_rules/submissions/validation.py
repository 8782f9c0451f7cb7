"""Validate a submission before publication: find every problem, let no bad data through.

    import target_rules as tr
    result = tr.validate("submission.xlsx", "rules/", year=108, agency="法務部")
    for p in result.problems:          # sorted: by file, errors first, then by line
        print(p)
    result.ok                          # no errors (warnings allowed)

Checks, in one pass over every input: syntax and encoding (source.py, tabular.py), the report schema
(pydantic), names against the rules (year, measure, metric, milestone, agency, with "did you mean"),
values against their metric's unit (percent 0-100 and fractions, counts, money, full-width digits),
periods inside the plan year (checks.py); how several agencies' figures combine and where they
conflict (combine.py); completeness (everything the agency owes is reported or explicitly
not_reported) and consistency (a ratio target's ``requires``) (crosscheck.py). This module drives
them and holds the result; reading inputs is reading.py, who owes what is owed.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from target_rules.arguments import check_year
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.load import RuleSet, load_rules, merge_reports, validate_model
from target_rules.language.source import Document, Limits
from target_rules.messages import Code, say
from target_rules.submissions.checks import DocumentChecks
from target_rules.submissions.combine import Combined, combine, report_data
from target_rules.submissions.contribution import Contribution
from target_rules.submissions.crosscheck import CrossChecks
from target_rules.submissions.owed import Owed, agency_matches, owed_targets
from target_rules.submissions.reading import (
    SUBMISSION_LIMITS,
    internal_problem,
    read_submission,
    submission_inputs,
)

__all__ = [
    "SUBMISSION_LIMITS",
    "Checked",
    "Owed",
    "ValidationReport",
    "agency_matches",
    "check_documents",
    "owed_targets",
    "validate",
]


@dataclass
class ValidationReport:
    """Every problem found, sorted (file, errors first, line); ``ok`` when there are no errors."""

    problems: list[Problem] = field(default_factory=list)
    report: m.Report | None = None
    files: list[str] = field(default_factory=list)
    year: int | None = None
    agency: str | None = None
    targets: list[dict[str, Any]] = field(default_factory=list)  # the targets checked (for JUnit)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files": len(self.files),
            "targets": len(self.targets),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "year": self.year,
            "agency": self.agency,
            "files": list(self.files),
            "counts": self.counts,
            "problems": [p.to_dict() for p in self.problems],
            "targets": self.targets,
        }


# --- entry point ---------------------------------------------------------------------------------


def validate(
    path_or_data: Any,
    rules: RuleSet | str | Path | Iterable[str | Path],
    year: int | None = None,
    *,
    agency: str | None = None,
    limits: Limits = SUBMISSION_LIMITS,
    table_limits: Any = None,
    strict: bool = False,
    fail_on_unmet: bool = False,
) -> ValidationReport:
    """Check a submission (file, directory, list of files, or already-parsed data) against ``rules``.

    Several files may hold figures of several agencies for the same metrics: they are combined as
    the rules say (and checked for conflicts), as ``target-rules collect`` does.
    Raises RuleError only when the rules themselves cannot be loaded; everything wrong with the
    submission, however broken, comes back as a Problem. ``strict`` turns warnings into errors;
    ``fail_on_unmet`` also evaluates the targets and reports each unmet one as an error.
    """
    if isinstance(path_or_data, bytes) or not isinstance(path_or_data, str | PathLike | Mapping | Iterable):
        raise TypeError(
            "path_or_data must be a path, a list of paths, a mapping or a Report, "
            f"not {type(path_or_data).__name__}"
        )
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    check_year(year, calendar=rules.plan.calendar)  # now that the plan says how it counts years
    result = ValidationReport(year=year, agency=agency)
    problems: list[Problem] = []
    docs: list[Document] = []
    try:
        for item in submission_inputs(path_or_data):
            doc = read_submission(item, rules, limits, table_limits)
            result.files.append(doc.file)
            docs.append(doc)
        if not docs:
            problems.append(Problem(say("io.none_found", where=str(path_or_data))))
        if agency is not None and rules.agencies.find_all(agency) is None:
            problems.append(rules.agencies.unknown(agency, path=("--agency",)))
        checked = check_documents(rules, docs, result, problems)
        if not any(p.severity == "error" for p in problems) and checked.reports:
            result.report = checked.report(rules, problems)
            if (
                fail_on_unmet
                and result.report is not None
                and checked.year_known
                and checked.year is not None
            ):
                checked.cross.unmet(result.report, checked.year)
    except Exception as exc:
        problems.append(internal_problem(exc, docs[0].file if docs else None))
    result.problems = finish(problems, docs, strict)
    if not result.ok:
        result.report = None
    return result


@dataclass
class Checked:
    """What checking the documents found: each document's report, the contributions and their combination."""

    year: int | None
    year_known: bool
    reports: list[tuple[m.Report, Document]]
    contributions: list[Contribution]
    combined: dict[int, dict[str, Combined]]
    cross: CrossChecks
    measure_docs: dict[int, set[str]]

    @property
    def needs_combining(self) -> bool:
        """Some metric has figures from several places, or a measure comes from several files."""
        counts: dict[tuple[int, str], int] = {}
        for c in self.contributions:
            counts[(c.measure, c.metric)] = counts.get((c.measure, c.metric), 0) + 1
        return any(v > 1 for v in counts.values()) or any(len(v) > 1 for v in self.measure_docs.values())

    def report(self, rules: RuleSet, problems: list[Problem]) -> m.Report | None:
        """One Report: the document's own when nothing needs combining, else the combined figures."""
        if len(self.reports) == 1 and not self.needs_combining:
            return self.reports[0][0]
        if not self.needs_combining:
            extra: list[Problem] = []
            merged = merge_reports(self.reports, extra)
            problems.extend(extra)
            return None if any(p.severity == "error" for p in extra) else merged
        year = self.year if self.year is not None else self.reports[0][0].year
        return m.Report.model_validate(report_data(rules, year, self.combined))


def check_documents(
    rules: RuleSet,
    docs: list[Document],
    result: ValidationReport,
    problems: list[Problem],
    *,
    across: bool = True,
) -> Checked:
    """Every check of validate over ``docs``: per document, combining, then across documents
    (completeness, consistency, the targets checked; skipped with ``across=False``)."""
    schema: list[Problem] = []
    reports: list[tuple[m.Report, Document]] = []
    year = result.year
    for doc in docs:
        problems.extend(doc.problems)
        if doc.data is None:
            if doc.ok:
                problems.append(doc.problem(say(Code.EMPTY), ()))
            continue
        if isinstance(doc.data, dict):
            if "year" not in doc.data and year is not None and type(doc) is not Document:
                doc.data["year"] = year  # a table without a year column: the year asked for
            if result.agency is None and isinstance(doc.data.get("agency"), str):
                result.agency = doc.data["agency"]
        report = validate_model(m.Report, doc, schema)
        if report is not None:
            reports.append((report, doc))
    if year is None:
        year = next(
            (
                d.data.get("year")
                for d in docs
                if isinstance(d.data, dict) and isinstance(d.data.get("year"), int)
            ),
            None,
        )
    result.year = year
    year_known = year is not None and year in rules.years
    per_doc = DocumentChecks(rules, problems, result.agency)
    contributions: list[Contribution] = []
    measure_docs: dict[int, set[str]] = {}
    for doc in docs:
        found = per_doc.check(doc, year, year_known)
        contributions.extend(found)
        for c in found:
            measure_docs.setdefault(c.measure, set()).add(doc.file)
    # at a blank entry the schema's complaint ("give exactly one of ... (found none)", "should be a
    # valid dictionary") repeats our clearer missing_value
    for p in schema:
        if (p.file, p.path) in per_doc.blank_paths:
            continue
        problems.append(p)
    combined = combine(rules, contributions, problems)
    cross = CrossChecks(rules, problems, combined, per_doc.mentioned, per_doc.measure_pos, result.agency)
    if year_known and docs and across:
        assert year is not None
        cross.completeness(docs, year)
        cross.consistency(year)
        cross.list_targets(year)
        result.targets = cross.targets
    return Checked(year, year_known, reports, contributions, combined, cross, measure_docs)


def finish(problems: list[Problem], docs: list[Document], strict: bool) -> list[Problem]:
    """Problems placed (sheet and cell for workbooks), made strict if asked, deduplicated, sorted."""
    by_file = {d.file: d for d in docs if hasattr(d, "place")}
    placed = []
    for p in problems:
        d = by_file.get(p.file or "")
        if d is not None:
            p = d.place(p)
        if strict and p.severity == "warning":
            p = replace(p, severity="error", message=say("ui.strict", message=p.message))
        placed.append(p)
    unique = {(p.file, p.line, p.column, p.sheet, p.cell, p.message, p.severity, p.path): p for p in placed}
    return sorted(unique.values(), key=lambda p: (*p.sort_key(), p.sheet or "", p.message))
