"""Validate a submission before publication: find every problem, let no bad data through.

    import target_rules as tr
    result = tr.validate("submission.xlsx", "rules/", year=108, agency="法務部")
    for p in result.problems:          # sorted: by file, errors first, then by line
        print(p)
    result.ok                          # no errors (warnings allowed)

Checks, in one pass over every input: syntax and encoding (source.py, tabular.py), the report schema
(pydantic), names against the rules (year, measure, metric, milestone, with "did you mean"), values
against their metric's unit (percent 0-100 and fractions, counts, money, full-width digits), periods
inside the plan year, completeness (everything the agency owes is reported or explicitly
not_reported), and consistency (a ratio target's ``requires``; per-agency parts vs a stated total).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from target_rules.arguments import check_year
from target_rules.calendar import ROC_OFFSET, ad_year, roc_year, year_end, year_start
from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.expression import Expression, ExpressionError
from target_rules.language.load import RuleSet, load_rules, rule_files, validate_model
from target_rules.language.source import Document, Limits, read_document
from target_rules.quantities import QuantityError, format_number, parse_date, parse_quantity
from target_rules.suggest import did_you_mean

__all__ = ["SUBMISSION_LIMITS", "Owed", "ValidationReport", "agency_matches", "owed_targets", "validate"]

# A submission is small (a whole year's report is a few thousand values): a tighter node budget than
# source.DEFAULT_LIMITS stops alias bombs ten times sooner.
SUBMISSION_LIMITS = Limits(max_nodes=200_000)
SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx", ".xlsm")
_KINDS = ("value", "by_agency", "milestone", "not_reported")


# --- who owes what -------------------------------------------------------------------------------

_NORMAL = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": "", "，": "、", ",": "、"})


def _agency_parts(name: str) -> tuple[str, set[str]]:
    s = name.translate(_NORMAL)
    base, _, rest = s.partition("(")
    return base, {x for x in re.split(r"[、)(]", rest) if x}


def agency_matches(who: str, owner: str) -> bool:
    """Does the agency ``who`` fall under ``owner``? 法務部 matches 法務部(廉政署) and back;
    法務部(廉政署) matches 法務部（檢察司、調查局、廉政署）; 各機關 (every agency) matches anyone."""
    if owner.strip().startswith("各"):
        return True
    b1, s1 = _agency_parts(who)
    b2, s2 = _agency_parts(owner)
    if b1 == b2:
        return not s1 or not s2 or bool(s1 & s2)
    return b1 in s2 or b2 in s1


@dataclass(frozen=True)
class Owed:
    """A target some agency must report for, and the metrics (and per-agency parts) it needs."""

    measure: int
    target: Any  # the model target
    metrics: tuple[str, ...]
    parts: tuple[str, ...] = ()  # for breakdown targets: the agencies whose figures are needed

    @property
    def id(self) -> str:
        return self.target.id


def owed_targets(
    rules: RuleSet, year: int, agency: str | None = None, measures: Iterable[int] | None = None
) -> list[Owed]:
    """Targets of ``year`` (in the given measures, or all) and the metrics they need from ``agency``
    (or from anyone when agency is None). A target's or metric's ``agency`` field, else the
    measure's agencies, decide who owes it."""
    wanted = None if measures is None else set(measures)
    out: list[Owed] = []
    for cm in rules:
        n = cm.measure.measure
        if (wanted is not None and n not in wanted) or year not in cm.years:
            continue
        compiled = {ct.target.id: ct for ct in cm.years[year]}
        for t in cm.measure.years[year].targets:
            ct = compiled.get(t.id)
            if ct is None or not ct.metrics:
                continue
            names: list[str] = []
            parts: tuple[str, ...] = ()
            for name in ct.metrics:
                metric = cm.measure.metrics[name]
                owners = [metric.agency] if metric.agency else [t.agency] if t.agency else cm.measure.agencies
                if agency is None or any(agency_matches(agency, o) for o in owners):
                    names.append(name)
                elif isinstance(t, m.BreakdownTarget) and any(agency_matches(agency, p) for p in t.parts):
                    names.append(name)
            if isinstance(t, m.BreakdownTarget) and t.parts and t.require != "total":
                parts = tuple(p for p in t.parts if agency is None or agency_matches(agency, p))
                if agency is not None and t.agency is None and not parts and not names:
                    continue
            if names:
                out.append(Owed(n, t, tuple(names), parts))
    return out


# --- the result ----------------------------------------------------------------------------------


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

    Raises RuleError only when the rules themselves cannot be loaded; everything wrong with the
    submission, however broken, comes back as a Problem. ``strict`` turns warnings into errors;
    ``fail_on_unmet`` also evaluates the targets and reports each unmet one as an error.
    """
    check_year(year)
    if isinstance(path_or_data, bytes) or not isinstance(path_or_data, str | PathLike | Mapping | Iterable):
        raise TypeError(
            "path_or_data must be a path, a list of paths, a mapping or a Report, "
            f"not {type(path_or_data).__name__}"
        )
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    result = ValidationReport(year=year, agency=agency)
    problems: list[Problem] = []
    docs: list[Document] = []
    try:
        for item in _inputs(path_or_data):
            try:
                doc = _read(item, rules, limits, table_limits)
            except Exception as exc:  # last resort: never a traceback
                name = str(item) if not isinstance(item, Mapping) else "<data>"
                doc = Document(name, problems=[_internal(exc, name)])
            result.files.append(doc.file)
            docs.append(doc)
        if not docs:
            problems.append(Problem(f"no submission files found in {path_or_data}", code="io"))
        _Checker(rules, result, problems).run(docs, fail_on_unmet)
    except Exception as exc:
        problems.append(_internal(exc, docs[0].file if docs else None))
    placed = []
    tables = {d.file: d for d in docs if isinstance(d, _tabular().TabularDocument)}  # linear in files
    for p in problems:
        table = tables.get(p.file) if p.file is not None else None
        if table is not None:
            p = table.place(p)
        if strict and p.severity == "warning":
            p = replace(p, severity="error", message=p.message + " (--strict)")
        placed.append(p)
    unique = {(p.file, p.line, p.column, p.sheet, p.cell, p.message, p.severity, p.path): p for p in placed}
    result.problems = sorted(unique.values(), key=lambda p: (*p.sort_key(), p.sheet or "", p.message))
    if not result.ok:
        result.report = None
    return result


def _internal(exc: BaseException, file: str | None) -> Problem:
    return Problem(
        f"internal error while validating: {type(exc).__name__}: {exc}"[:500],
        file=file,
        code="internal",
        hint="this is a bug in target-rules; please report it with the file",
    )


def _tabular() -> Any:
    from target_rules.submissions import tabular

    return tabular


def _inputs(path_or_data: Any) -> list[Any]:
    if isinstance(path_or_data, m.Report):
        return [path_or_data.model_dump(mode="json", exclude_none=True)]
    if isinstance(path_or_data, Mapping):
        return [path_or_data]
    items = [path_or_data] if isinstance(path_or_data, str | Path) else list(path_or_data)
    out: list[Any] = []
    for item in items:
        if isinstance(item, Mapping):
            out.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUBMISSION_SUFFIXES
            )
        else:
            out.extend(rule_files(p))
    return out


def _read(item: Any, rules: RuleSet, limits: Limits, table_limits: Any) -> Document:
    if isinstance(item, Mapping):
        return Document("<data>", data=dict(item))
    p = Path(item)
    suffix = p.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm", ".tsv"):
        tab = _tabular()
        tl = table_limits or tab.DEFAULT_TABLE_LIMITS
        table = tab.read_table(p, limits, tl)
        return tab.to_document(table, split=lambda n, name: _is_split(rules, n, name))
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


# --- the checks ----------------------------------------------------------------------------------


def _as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().isdigit() and len(v.strip()) < 10:
        return int(v.strip())
    return None


def _date(v: Any) -> dt.date | None:
    try:
        return parse_date(v)  # ISO or ROC (113-10-31)
    except ValueError:
        return None


def _kinds(entry: Any) -> list[str]:
    if isinstance(entry, int | float | str) and not isinstance(entry, bool):
        return ["value"]
    if isinstance(entry, dict):
        return [k for k in _KINDS if entry.get(k) is not None]
    return []


def _number(raw: Any) -> float | None:
    try:
        return parse_quantity(raw).value
    except (QuantityError, TypeError, ValueError):
        return None


def _same_unit(a: str, b: str) -> bool:
    if a.strip() == b.strip():
        return True
    da, db = m.dimension_of(a.strip()), m.dimension_of(b.strip())
    return da == db and da in ("percent", "money")


@dataclass
class _Reported:
    doc: Document
    path: DocPath  # ("measures", key, "metrics", name)
    entry: Any


class _Checker:
    def __init__(self, rules: RuleSet, result: ValidationReport, problems: list[Problem]) -> None:
        self.rules = rules
        self.result = result
        self.problems = problems
        self.reported: dict[int, dict[str, _Reported]] = {}
        self.measure_pos: dict[int, tuple[Document, DocPath]] = {}
        self.blank_paths: set[tuple[str, DocPath]] = set()

    def add(self, doc: Document, message: str, path: DocPath, *, key: bool = False, **kw: Any) -> None:
        self.problems.append(doc.problem(message, path, key=key, **kw))

    # -- driver --

    def run(self, docs: list[Document], fail_on_unmet: bool) -> None:
        schema: list[Problem] = []
        reports: list[tuple[m.Report, Document]] = []
        year = self.result.year
        for doc in docs:
            self.problems.extend(doc.problems)
            if doc.data is None:
                if not doc.ok:
                    continue
                self.add(doc, "document is empty", (), code="empty")
                continue
            if isinstance(doc.data, dict):
                if "year" not in doc.data and year is not None and type(doc) is not Document:
                    doc.data["year"] = year  # a table without a year column: the year asked for
                if self.result.agency is None and isinstance(doc.data.get("agency"), str):
                    self.result.agency = doc.data["agency"]
            report = validate_model(m.Report, doc, schema)
            if report is not None:
                reports.append((report, doc))
        first_year = next(
            (
                d.data.get("year")
                for d in docs
                if isinstance(d.data, dict) and isinstance(d.data.get("year"), int)
            ),
            None,
        )
        if year is None:
            year = first_year
        self.result.year = year
        year_known = year is not None and year in self.rules.years
        for doc in docs:
            if not isinstance(doc.data, dict):
                continue
            self._check_year(doc, year)
            self.check_doc(doc, year if year_known else None)
        # the schema's "give exactly one of ... (found none)" repeats our clearer missing_value
        for p in schema:
            if (p.file, p.path) in self.blank_paths and "found none" in p.message:
                continue
            self.problems.append(p)
        if year_known and docs:
            assert year is not None
            self.completeness(docs, year)
            self.consistency(year)
            self._targets(year)
        if not any(p.severity == "error" for p in self.problems) and reports:
            self.result.report = self._merged(reports)
            if fail_on_unmet and self.result.report is not None and year_known:
                self.unmet(year)

    def _merged(self, reports: list[tuple[m.Report, Document]]) -> m.Report | None:
        if len(reports) == 1:
            return reports[0][0]
        from target_rules.language.load import merge_reports

        extra: list[Problem] = []
        merged = merge_reports(reports, extra)
        self.problems.extend(extra)
        return None if any(p.severity == "error" for p in extra) else merged

    def _check_year(self, doc: Document, year: int | None) -> None:
        y = doc.data.get("year")
        if not isinstance(y, int) or isinstance(y, bool):
            return
        if year is not None and y != year:
            self.add(
                doc,
                f"the submission is for year {y}, but year {year} was asked for",
                ("year",),
                code="year_mismatch",
                expected=str(year),
                found=str(y),
            )
            return
        if y not in self.rules.years:
            years = [str(x) for x in self.rules.years]
            self.add(
                doc,
                f"unknown year {y}: the rules set targets for {', '.join(years) or 'no year'}",
                ("year",),
                code="unknown_year",
                found=str(y),
                expected=", ".join(years),
                hint=did_you_mean(str(y), years)
                or (f"did you mean {roc_year(y)}? (ROC year)" if y > ROC_OFFSET else None),
            )

    # -- per document --

    def check_doc(self, doc: Document, year: int | None) -> None:
        d = doc.data
        self._period(doc, d.get("period"), ("period",), year)
        ms = d.get("measures")
        if not isinstance(ms, dict):
            return
        for key, mdata in ms.items():
            n = _as_int(key)
            if n is None:
                continue
            cm = self.rules.measures.get(n)
            mpath: DocPath = ("measures", key)
            if cm is None:
                self._unknown_measure(doc, n, mdata, mpath)
                continue
            if n in self.measure_pos:
                self.add(
                    doc,
                    f"measure {n} is already reported in {self.measure_pos[n][0].file}",
                    mpath,
                    key=True,
                    code="duplicate_measure",
                )
                continue
            self.measure_pos[n] = (doc, mpath)
            self.reported.setdefault(n, {})
            if year is not None and year not in cm.years:
                self.add(
                    doc,
                    f"measure {n} has no targets for year {year}; its values will not be judged",
                    mpath,
                    key=True,
                    code="no_targets",
                    severity="warning",
                )
            if not isinstance(mdata, dict):
                continue
            self._period(doc, mdata.get("period"), (*mpath, "period"), year)
            metrics = mdata.get("metrics")
            if not isinstance(metrics, dict):
                continue
            for name, entry in metrics.items():
                path: DocPath = (*mpath, "metrics", name)
                metric = cm.measure.metrics.get(str(name))
                if metric is None:
                    self._unknown_metric(doc, cm, year, str(name), path)
                    continue
                self.reported[n][str(name)] = _Reported(doc, path, entry)
                self._entry(doc, n, str(name), metric, entry, path, year)

    def _unknown_measure(self, doc: Document, n: int, mdata: Any, path: DocPath) -> None:
        names = (
            set(mdata.get("metrics") or {})
            if isinstance(mdata, dict) and isinstance(mdata.get("metrics"), dict)
            else set()
        )
        owner = [cm.measure.measure for cm in self.rules if names and names <= set(cm.measure.metrics)]
        known = [str(cm.measure.measure) for cm in self.rules]
        hint = (
            f"did you mean {owner[0]}? its metrics are the ones reported here"
            if owner
            else did_you_mean(str(n), known)
        )
        self.add(
            doc,
            f"unknown measure {n}: no rule file defines it",
            path,
            key=True,
            code="unknown_measure",
            found=str(n),
            expected=("one of " + ", ".join(known)) if len(known) <= 12 else f"{len(known)} measures",
            hint=hint,
        )

    def _unknown_metric(self, doc: Document, cm: Any, year: int | None, name: str, path: DocPath) -> None:
        measure = cm.measure
        ids = {t.id: t for yt in measure.years.values() for t in yt.targets}
        if name in ids:
            ct = next((c for y in cm.years.values() for c in y if c.target.id == name), None)
            needs = ", ".join(ct.metrics) if ct is not None and ct.metrics else "its metrics"
            self.add(
                doc,
                f"{name!r} is a target, not a metric: report the figures it is judged on ({needs})",
                path,
                key=True,
                code="unknown_metric",
                found=repr(name),
            )
            return
        hint = did_you_mean(name, measure.metrics)
        if hint is None:
            elsewhere = [c.measure.measure for c in self.rules if name in c.measure.metrics]
            if elsewhere:
                hint = f"{name!r} is a metric of measure {elsewhere[0]}"
            else:
                hint = did_you_mean(name, [t for t in ids])
        self.add(
            doc,
            f"unknown metric {name!r} in measure {measure.measure}",
            path,
            key=True,
            code="unknown_metric",
            found=repr(name),
            expected="one of " + ", ".join(sorted(measure.metrics)),
            hint=hint,
        )

    def _entry(
        self, doc: Document, n: int, name: str, metric: m.Metric, entry: Any, path: DocPath, year: int | None
    ) -> None:
        kinds = _kinds(entry)
        label = metric.label.zh
        if not kinds and (isinstance(entry, dict) or entry is None):
            self.blank_paths.add((doc.file, path))
            cell = (*path, "milestone" if metric.unit == "milestone" else "value")
            self.add(
                doc,
                f"no value for {name!r} ({label}, {metric.unit})",
                cell if cell in doc.values else path,
                key=cell not in doc.values,
                code="missing_value",
                hint=(
                    "fill in the milestone reached"
                    if metric.unit == "milestone"
                    else "fill in value, or write not_reported with the reason"
                ),
            )
            return
        if not isinstance(entry, dict):
            entry = {"value": entry}
            vpath = path
        else:
            vpath = (*path, "value")
        if "not_reported" in kinds:
            reason = entry.get("not_reported")
            if isinstance(reason, str) and not reason.strip():
                self.add(doc, "not_reported needs a reason", (*path, "not_reported"), code="missing_reason")
        if metric.unit == "milestone":
            if "value" in kinds or "by_agency" in kinds:
                ids = ", ".join(ms.id for ms in metric.milestones or [])
                self.add(
                    doc,
                    f"{name!r} is a deliverable: give the milestone reached, not a number",
                    vpath if "value" in kinds else (*path, "by_agency"),
                    code="unit_mismatch",
                    expected=f"milestone: one of {ids}",
                )
            ms = entry.get("milestone")
            if ms is not None:
                ids_list = [x.id for x in metric.milestones or []]
                if str(ms) not in ids_list:
                    self.add(
                        doc,
                        f"unknown milestone {ms!r} for {name!r}",
                        (*path, "milestone"),
                        code="unknown_milestone",
                        expected="one of " + ", ".join(ids_list),
                        found=repr(ms),
                        hint=did_you_mean(str(ms), ids_list),
                    )
            d = _date(entry.get("date"))
            if d is not None and year is not None and d.year != ad_year(year):
                self.add(
                    doc,
                    f"date {d} is outside year {year} ({ad_year(year)})",
                    (*path, "date"),
                    code="date_outside",
                    severity="warning",
                )
        else:
            if "milestone" in kinds:
                self.add(
                    doc,
                    f"{name!r} is a number ({metric.unit}), not a deliverable: give value, not milestone",
                    (*path, "milestone"),
                    code="unit_mismatch",
                )
            if "value" in kinds:
                self._value(doc, n, name, metric, entry["value"], vpath, year)
            parts = entry.get("by_agency")
            if isinstance(parts, dict):
                self._parts(doc, n, name, metric, parts, (*path, "by_agency"), year)
        unit = entry.get("unit")
        if isinstance(unit, str) and unit.strip() and not _same_unit(unit, metric.unit):
            self.add(
                doc,
                f"unit {unit!r} does not match the unit of {name!r}",
                (*path, "unit"),
                code="unit_mismatch",
                expected=repr(metric.unit),
                found=repr(unit),
            )
        self._period(doc, entry.get("period"), (*path, "period"), year)
        if isinstance(doc, _tabular().TabularDocument) and (n, name) in doc.totals:
            self._stated_total(doc, n, name, metric, entry)

    def _parts(
        self,
        doc: Document,
        n: int,
        name: str,
        metric: m.Metric,
        parts: dict[Any, Any],
        path: DocPath,
        year: int | None,
    ) -> None:
        cm = self.rules.measures[n]
        expected = {
            a
            for yt in ([cm.measure.years[year]] if year in cm.measure.years else [])
            for t in yt.targets
            if isinstance(t, m.BreakdownTarget) and t.metric == name and t.total is None
            for a in t.parts
        }
        for agency, part in parts.items():
            ppath = (*path, agency)
            if isinstance(part, dict):
                if "value" in part:
                    self._value(doc, n, name, metric, part["value"], (*ppath, "value"), year)
                self._period(doc, part.get("period"), (*ppath, "period"), year)
            elif part is not None:
                self._value(doc, n, name, metric, part, ppath, year)
            if expected and str(agency) not in expected:
                self.add(
                    doc,
                    f"agency {agency!r} is not one of the parts of the target on {name!r}",
                    ppath,
                    key=True,
                    code="unknown_agency",
                    severity="warning",
                    expected=", ".join(sorted(expected)),
                    hint=did_you_mean(str(agency), sorted(expected)),
                )

    def _bounds(self, n: int, name: str, year: int | None) -> list[float]:
        cm = self.rules.measures[n]
        if year is None or year not in cm.measure.years:
            return []
        out: list[float] = []
        for t in cm.measure.years[year].targets:
            if isinstance(t, m.ThresholdTarget) and t.metric == name:
                out.extend(x for x in (t.at_least, t.at_most, t.equal, *(t.between or ())) if x is not None)
        return out

    def _value(
        self, doc: Document, n: int, name: str, metric: m.Metric, raw: Any, path: DocPath, year: int | None
    ) -> None:
        try:
            q = parse_quantity(raw)
        except (QuantityError, TypeError, ValueError):
            return  # the schema check reports it, with the reason
        shown = format_number(q.value)
        if q.fullwidth:
            self.add(
                doc,
                f"full-width digits in {raw!r} were read as {shown}",
                path,
                code="fullwidth",
                severity="warning",
                hint="type numbers with half-width (ASCII) digits",
            )
        dim = metric.dimension
        if q.percent and dim != "percent":
            self.add(
                doc,
                f"{raw!r} is written as a percentage, but {name!r} is counted in {metric.unit}",
                path,
                code="unit_mismatch",
                expected=f"a number of {metric.unit}",
                found=repr(raw),
            )
            return
        if dim == "percent":
            if not 0 <= q.value <= 100:
                self.add(
                    doc,
                    f"{shown} is not a percentage between 0 and 100",
                    path,
                    code="out_of_range",
                    expected="0-100",
                    found=shown,
                )
            elif 0 < q.value <= 1 and not q.percent and any(b > 1 for b in self._bounds(n, name, year)):
                target = max(b for b in self._bounds(n, name, year) if b > 1)
                self.add(
                    doc,
                    f"{shown} looks like a fraction, but {name!r} is a percentage (its target is "
                    f"{format_number(target)}%)",
                    path,
                    code="percent_fraction",
                    severity="warning",
                    hint=f"write {format_number(q.value * 100)} (or '{format_number(q.value * 100)}%') "
                    f"if {shown} means {format_number(q.value * 100)}%",
                )
            return
        if q.value < 0 and dim in ("count", "money"):
            self.add(
                doc,
                f"{shown} is negative, but {name!r} counts {metric.unit}",
                path,
                code="negative",
                expected="a number of 0 or more",
                found=shown,
            )
        elif metric.is_integer and not float(q.value).is_integer():
            self.add(
                doc,
                f"{shown} is not a whole number, but {name!r} counts {metric.unit}",
                path,
                code="not_integer",
                expected="a whole number",
                found=shown,
            )

    def _period(self, doc: Document, raw: Any, path: DocPath, year: int | None) -> None:
        if not isinstance(raw, dict) or year is None:
            return
        start, end = _date(raw.get("start")), _date(raw.get("end"))
        if start is None or end is None or end < start:
            return  # the schema check reports it
        y0, y1 = year_start(year), year_end(year)
        if end < y0 or start > y1:
            self.add(
                doc,
                f"period {start}..{end} is not inside year {year} ({y0}..{y1})",
                path,
                code="period_outside",
                expected=f"dates in {ad_year(year)}",
            )
        elif start < y0 or end > y1:
            # A school year (106學年度: 2017-08-01..2018-07-31) is how some agencies count; the
            # report accepts it for 107. Say so loudly, but it is not wrong data.
            self.add(
                doc,
                f"period {start}..{end} reaches outside year {year} ({y0}..{y1}): "
                "the figure is not a calendar-year figure",
                path,
                code="period_overlaps",
                severity="warning",
            )
        elif start > y0 or end < y1:
            self.add(
                doc,
                f"period {start}..{end} covers part of year {year}: verdicts will be provisional",
                path,
                code="provisional",
                severity="warning",
            )

    def _stated_total(self, doc: Any, n: int, name: str, metric: m.Metric, entry: dict[str, Any]) -> None:
        raw, path = doc.totals[(n, name)]
        stated = _number(raw)
        parts = entry.get("by_agency") or {}
        values = [_number(p.get("value") if isinstance(p, dict) else p) for p in parts.values()]
        if stated is None or any(v is None for v in values):
            if stated is None:
                self.add(doc, f"total {raw!r} is not a number", path, code="float_parsing")
            return
        total = sum(v for v in values if v is not None)
        if abs(total - stated) > 1e-9 * max(1.0, abs(stated)):
            self.add(
                doc,
                f"the per-agency figures of {name!r} add up to {format_number(total)}, "
                f"but the total row says {format_number(stated)}",
                path,
                code="total_mismatch",
                expected=format_number(total),
                found=format_number(stated),
            )

    # -- across documents --

    def _scope(self, year: int) -> tuple[list[Owed], str | None]:
        agency = self.result.agency
        if agency is not None:
            owed = owed_targets(self.rules, year, agency)
        else:
            owed = owed_targets(self.rules, year, None, measures=self.reported)
        return owed, agency

    def completeness(self, docs: list[Document], year: int) -> None:
        owed, agency = self._scope(year)
        missing: dict[tuple[int, str], list[Owed]] = {}
        for o in owed:
            got = self.reported.get(o.measure, {})
            for name in o.metrics:
                r = got.get(name)
                if r is None:
                    missing.setdefault((o.measure, name), []).append(o)
                    continue
                entry = r.entry
                if isinstance(o.target, m.BreakdownTarget) and o.parts and _kinds(entry):
                    self._breakdown_parts(r, o, agency)
        home = next((d for d in docs if isinstance(d.data, dict)), docs[0])
        for (n, name), os in missing.items():
            metric = self.rules.measures[n].measure.metrics[name]
            doc, mpath = self.measure_pos.get(n, (home, ("measures",)))
            path = (*mpath, "metrics") if n in self.measure_pos else mpath
            targets = "; ".join(f"{o.id} ({o.target.label.zh})" for o in os)
            who = f" from {agency}" if agency else ""
            self.add(
                doc,
                f"measure {n}: no value for {name!r} ({metric.label.zh}, {metric.unit}){who}, "
                f"needed by target {targets}",
                path,
                key=True,
                code="missing",
                hint=f"add {name}, or {name}: {{not_reported: <the reason>}}",
            )

    def _breakdown_parts(self, r: _Reported, o: Owed, agency: str | None) -> None:
        entry = r.entry
        parts = entry.get("by_agency") if isinstance(entry, dict) else None
        if parts is None:
            if isinstance(entry, dict) and entry.get("not_reported") is not None:
                return
            self.add(
                r.doc,
                f"target {o.id} is judged per agency: give {o.target.metric!r} as by_agency "
                f"({', '.join(o.parts)})",
                r.path,
                key=True,
                code="missing",
            )
            return
        if not isinstance(parts, dict):
            return
        for a in o.parts:
            if a not in parts:
                self.add(
                    r.doc,
                    f"no figure for {a} in {o.target.metric!r}, needed by target {o.id} ({o.target.label.zh})",
                    (*r.path, "by_agency"),
                    key=True,
                    code="missing",
                    hint=did_you_mean(a, [str(k) for k in parts]),
                )

    def consistency(self, year: int) -> None:
        for n, got in self.reported.items():
            cm = self.rules.measures[n]
            if year not in cm.measure.years:
                continue
            for t in cm.measure.years[year].targets:
                if not isinstance(t, m.RatioTarget):
                    continue
                for text in t.requires:
                    try:
                        expr = Expression(text)
                    except ExpressionError:
                        continue
                    values: dict[str, float] = {}
                    for name in expr.names:
                        r = got.get(name)
                        total = self._total(r.entry) if r is not None else None
                        if total is None:
                            break
                        values[name] = total
                    else:
                        try:
                            holds = bool(expr(values))
                        except Exception:
                            continue
                        if not holds:
                            first = got[expr.names[0]]
                            shown = ", ".join(f"{k} = {format_number(v)}" for k, v in values.items())
                            self.add(
                                first.doc,
                                f"inconsistent figures for target {t.id}: {text} does not hold ({shown})",
                                _value_path(first),
                                code="inconsistent",
                                hint="check both figures against the source",
                            )

    @staticmethod
    def _total(entry: Any) -> float | None:
        if isinstance(entry, dict):
            if entry.get("value") is not None:
                return _number(entry["value"])
            parts = entry.get("by_agency")
            if isinstance(parts, dict) and parts:
                vals = [_number(p.get("value") if isinstance(p, dict) else p) for p in parts.values()]
                return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)
            return None
        return _number(entry) if entry is not None else None

    def _targets(self, year: int) -> None:
        owed, _ = self._scope(year)
        owed_ids = {(o.measure, o.id): o for o in owed}
        measures = sorted({o.measure for o in owed} | set(self.reported))
        for n in measures:
            cm = self.rules.measures.get(n)
            if cm is None or year not in cm.years:
                continue
            by_id = {ct.target.id: ct for ct in cm.years[year]}
            for t in cm.measure.years[year].targets:
                ct = by_id.get(t.id)
                names = list(ct.metrics) if ct is not None else []
                if isinstance(t, m.CompositeTarget):
                    names = sorted({x for ref in t.of if ref in by_id for x in by_id[ref].metrics})
                o = owed_ids.get((n, t.id))
                if self.result.agency and o is None and not isinstance(t, m.CompositeTarget):
                    continue
                self.result.targets.append(
                    {"measure": n, "id": t.id, "label": t.label.zh, "kind": t.kind, "metrics": names}
                )

    def unmet(self, year: int) -> None:
        from target_rules.engine.evaluate import evaluate

        report = self.result.report
        assert report is not None
        wanted = {(t["measure"], t["id"]) for t in self.result.targets}
        evaluation = evaluate(self.rules, report, year)
        for v in evaluation.verdicts:
            if str(v.status) != "unmet" or (v.measure, v.target_id) not in wanted:
                continue
            got = self.reported.get(v.measure, {})
            target = next(
                t for t in self.result.targets if (t["measure"], t["id"]) == (v.measure, v.target_id)
            )
            r = next((got[x] for x in target["metrics"] if x in got), None)
            doc, path = (r.doc, _value_path(r)) if r else self.measure_pos.get(v.measure, (None, ()))
            if doc is None:
                continue
            self.add(doc, f"target {v.target_id} is not met: {v.explanation['en']}", path, code="unmet")


def _value_path(r: _Reported) -> DocPath:
    if isinstance(r.entry, dict):
        for k in _KINDS:
            if r.entry.get(k) is not None:
                return (*r.path, k)
    return r.path
