"""Collect: many agencies' submissions -> one report, every value with its provenance.

    import target_rules as tr
    collection = tr.consolidate(["subs/"], "rules/", year=107)
    collection.problems        # every problem of every file, then the conflicts
    collection.report          # a Report, as data/107 holds it, built from the good submissions
    collection.write("out/")   # out/m01.yaml ... and out/submissions.yaml

Each submission gets the checks of ``validate`` on its own; one that has errors is left out (and
said to be: in the problems, and in the report's ``submissions`` list), never half-used. The good
ones are combined metric by metric as the rules say (combine.py). What an agency owes but did not
send is the status board's business (status.py): here it is a warning, so a late agency does not
stop everyone else's figures. The output is the same byte for byte whatever the order of the inputs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from target_rules.arguments import check_year
from target_rules.errors import Problem, ReportError
from target_rules.language import model as m
from target_rules.language.load import RuleSet, load_rules
from target_rules.language.source import Document, Limits
from target_rules.messages import Code, current_language, say
from target_rules.submissions.combine import Combined, combine, report_data
from target_rules.submissions.contribution import Contribution
from target_rules.submissions.crosscheck import CrossChecks
from target_rules.submissions.reading import (
    SUBMISSION_LIMITS,
    TABULAR_SUFFIXES,
    internal_problem,
    read_submission,
    submission_inputs,
)
from target_rules.submissions.validation import ValidationReport, check_documents, finish

__all__ = [
    "Collection",
    "Submission",
    "consolidate",
    "load_report",
    "needs_consolidation",
    "read_report",
    "to_yaml",
]

MARKER = "# written by target-rules collect"
_MEASURE_FILE = re.compile(r"^m\d+\.yaml$")


@dataclass
class Submission:
    """One input file: the agencies whose figures it holds, its problems, and whether it was used."""

    file: str
    agencies: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    doc: Document | None = field(default=None, repr=False, compare=False)  # the file as read, once

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def used(self) -> bool:
        return not self.errors

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "agencies": list(self.agencies)}
        if not self.used:
            out["status"] = "left_out"
            out["reason"] = self.errors[0].message_in(current_language())
        return out


@dataclass
class Collection:
    """The outcome of collecting: submissions, problems, the combined figures and the report."""

    rules: RuleSet
    year: int
    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    combined: dict[int, dict[str, Combined]] = field(default_factory=dict)
    report: m.Report | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def left_out(self) -> list[Submission]:
        return [s for s in self.submissions if not s.used]

    def data(self) -> dict[str, Any]:
        """The report as data (what ``write`` writes), with the submissions it was built from."""
        return report_data(self.rules, self.year, self.combined, [s.record() for s in self.submissions])

    def write(self, directory: str | Path) -> list[Path]:
        """One file per measure (mNN.yaml, as data/107) and submissions.yaml, written atomically.

        Measure files a previous collect wrote into ``directory`` and this one does not are removed,
        so the directory never mixes two collections; other files are left alone."""
        from target_rules.outputs import write_atomic

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        data = self.data()
        head = {"year": data["year"], "plan": data["plan"]}
        written: list[Path] = []
        for n, body in data["measures"].items():
            text = MARKER + "\n" + to_yaml({**head, "measures": {n: body}})
            written.append(write_atomic(out / f"m{n:02d}.yaml", text))
        index = MARKER + ": the submissions this report was built from\n"
        index += to_yaml({**head, "submissions": data.get("submissions", [])})
        marker_file = out / "submissions.yaml"
        previous = marker_file.is_file() and marker_file.read_text(encoding="utf-8").startswith(MARKER)
        written.append(write_atomic(marker_file, index))
        if previous:
            keep = {p.name for p in written}
            for stale in out.iterdir():
                if _MEASURE_FILE.match(stale.name) and stale.name not in keep:
                    if stale.read_text(encoding="utf-8").startswith(MARKER):
                        stale.unlink()
        return written


def to_yaml(data: Any) -> str:
    """Stable YAML: keys in the order given, non-ASCII kept, no line wrapping."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(str, _str)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def consolidate(
    submissions: Any,
    rules: RuleSet | str | Path | Iterable[str | Path],
    year: int,
    *,
    limits: Limits = SUBMISSION_LIMITS,
    table_limits: Any = None,
) -> Collection:
    """Check each submission, leave out the bad ones (saying so), and combine the rest into one report.

    ``submissions``: files and directories (YAML, JSON, CSV, XLSX, mixed), or parsed data. Raises
    RuleError only when the rules cannot be loaded; every problem of the submissions is in
    ``problems``, sorted, the same whatever the order of the inputs.
    """
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    items = _ordered(submission_inputs(submissions))
    docs = [read_submission(item, rules, limits, table_limits) for item in items]
    return _collect(rules, year, docs, submissions)


def _collect(rules: RuleSet, year: int, docs: list[Document], submissions: Any) -> Collection:
    """``consolidate`` of documents already read (in ``_ordered`` order), each read once."""
    collection = Collection(rules, year)
    if not docs:
        collection.problems = [Problem(say("io.none_found", where=_shown(submissions)), code=Code.IO)]
        return collection
    for doc in docs:
        collection.submissions.append(_check_one(rules, doc, year))
    problems = [p for s in collection.submissions for p in s.problems]
    good = [c for s in collection.submissions if s.used for c in s.contributions]
    collection.combined = combine(rules, good, problems)
    used_docs = [d for d, s in zip(docs, collection.submissions, strict=True) if s.used]
    if used_docs and year in rules.years:
        mentioned = {(c.measure, c.metric): (c.doc, c.path) for c in reversed(good)}
        positions = {c.measure: (c.doc, c.path[:2]) for c in reversed(good)}
        cross = CrossChecks(rules, problems, collection.combined, mentioned, positions, None)
        cross.consistency(year)
        gaps: list[Problem] = []
        cross.problems = gaps
        cross.completeness(used_docs, year)
        problems.extend(replace(p, severity="warning") for p in gaps)  # nobody sent it: see status
    collection.problems = finish(problems, docs, strict=False)
    try:
        collection.report = m.Report.model_validate(collection.data())
    except ValidationError as exc:  # a bug of ours: said, never a traceback
        collection.problems.append(internal_problem(exc, None))
    return collection


def _check_one(rules: RuleSet, doc: Document, year: int) -> Submission:
    """One file through validate's checks, but for completeness (see ``status``)."""
    result = ValidationReport(year=year)
    problems: list[Problem] = []
    try:
        # completeness is not checked per file: what an agency owes and did not send is the status
        # board's business, and across files it is checked once, on the combined figures
        checked = check_documents(rules, [doc], result, problems, across=False)
        contributions = checked.contributions
        if checked.year_known:
            checked.cross.consistency(year)
    except Exception as exc:
        problems.append(internal_problem(exc, doc.file))
        contributions = []
    agencies = sorted({c.agency for c in contributions if c.agency is not None})
    if not agencies and isinstance(doc.data, dict) and isinstance(doc.data.get("agency"), str):
        agencies = [rules.agencies.canonical(doc.data["agency"])]
    return Submission(doc.file, agencies, finish(problems, [doc], strict=False), contributions, doc)


def _ordered(items: list[Any]) -> list[Any]:
    """Inputs in one order whatever order they came in: files by path (each once), data by content."""
    files: dict[str, Path] = {}
    data: list[tuple[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping):
            data.append((_key(item), item))
        else:
            files.setdefault(_key(item), Path(item))
    return [files[k] for k in sorted(files)] + [d for _, d in sorted(data, key=lambda x: x[0])]


def _key(item: Any) -> str:
    """What ``_ordered`` sorts an input by: a file's path, data's content."""
    if isinstance(item, Mapping):
        return json.dumps(item, sort_keys=True, default=str, ensure_ascii=False)
    return str(item)


def _shown(submissions: Any) -> str:
    if isinstance(submissions, str | Path):
        return str(submissions)
    try:
        return ", ".join(str(s) for s in submissions)
    except TypeError:
        return str(submissions)


def needs_consolidation(paths: Any) -> bool:
    """Whether reading ``paths`` as a report needs the rules: spreadsheets among them."""
    return any(
        not isinstance(item, Mapping) and Path(item).suffix.lower() in TABULAR_SUFFIXES
        for item in submission_inputs(paths)
    )


def load_report(
    paths: Any,
    rules: RuleSet | str | Path | Iterable[str | Path] | None = None,
    year: int | None = None,
    *,
    limits: Limits | None = None,
) -> m.Report:
    """A report from report files, or from any mix of submissions (consolidated on the fly).

    Report fragments (YAML/JSON, each measure in one file) are merged as they are. Spreadsheets, and
    figures of one metric spread over several files, are consolidated as ``consolidate`` does: that
    needs ``rules``. Any error raises ReportError with every problem of every file.
    """
    report, problems = read_report(paths, rules, year, limits=limits)
    if report is None or any(p.severity == "error" for p in problems):
        raise ReportError(problems or [Problem(say("empty.report"), code=Code.EMPTY)])
    return report


def read_report(
    paths: Any,
    rules: RuleSet | str | Path | Iterable[str | Path] | None = None,
    year: int | None = None,
    *,
    limits: Limits | None = None,
) -> tuple[m.Report | None, list[Problem]]:
    """Like ``load_report``, but a consolidated report is returned even when some submissions were left
    out: the problems say why, and the report's ``submissions`` list says which."""
    from target_rules.language import load as language

    _check_paths(paths)
    if not needs_consolidation(paths):
        try:
            return (
                language.load_report(paths) if limits is None else language.load_report(paths, limits)
            ), []
        except ReportError as exc:
            if rules is None or any(p.code != "duplicate_measure" for p in exc.errors):
                return None, list(exc.problems)
    if rules is None:
        return None, [Problem(say("usage.needs_rules"), code=Code.USAGE, hint=say("hint.pass_rules"))]
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    check_year(year, calendar=rules.plan.calendar)  # --year 114 on a Gregorian plan: say so first
    given = submission_inputs(paths)
    items = _ordered(given)
    docs = [read_submission(item, rules, limits or SUBMISSION_LIMITS) for item in items]
    if year is None:
        year = _first_year(given, items, docs, rules)
    collection = _collect(rules, year, docs, paths)  # consolidate, with the files read once
    return collection.report, collection.problems


def _check_paths(paths: Any) -> None:
    """The TypeError load_rules gives for something that is not a path (123, None, bytes)."""
    if isinstance(paths, bytes) or not isinstance(paths, str | os.PathLike | Iterable):
        raise TypeError(
            f"paths must be a file or directory path, or a list of them, not {type(paths).__name__}"
        )
    if isinstance(paths, str | os.PathLike):
        return
    for item in paths:
        if isinstance(item, bytes) or not isinstance(item, str | os.PathLike | Mapping | m.Report):
            raise TypeError(f"paths must hold file or directory paths, not {type(item).__name__}")


def _first_year(given: list[Any], items: list[Any], docs: list[Document], rules: RuleSet) -> int:
    """The year the inputs say (the first that says one, in the order given), else the rules' only
    year; an error when neither tells. ``docs`` are ``items`` (``given`` in order) read: no file is
    read twice."""
    read = {_key(item): doc for item, doc in zip(items, docs, strict=True)}
    for item in given:
        doc = read[_key(item)]
        if isinstance(doc.data, dict) and isinstance(doc.data.get("year"), int):
            return int(doc.data["year"])
    if len(rules.years) == 1:
        return rules.years[0]
    raise ReportError([Problem(say("missing.year"), code=Code.MISSING, hint=say("hint.give_year"))])
