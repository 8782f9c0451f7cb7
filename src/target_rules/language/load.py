"""Load: files -> validated models that remember where every value was written.

``load_rules`` also compiles (names checked, expressions parsed) so that every problem in a rule set
surfaces at load time, all together, with file:line:column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from target_rules.arguments import year_outside
from target_rules.errors import Problem, ReportError, RuleError
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure, compile_measure
from target_rules.language.plan import PLAN_FILE_NAMES, AgencyRegistry, Plan, PlanFile
from target_rules.language.salvage import raw_at, salvaged_compile_problems
from target_rules.language.source import DEFAULT_LIMITS, Document, Limits, read_document
from target_rules.messages import Code, as_code, say, value_words
from target_rules.suggest import did_you_mean

__all__ = [
    "RuleSet",
    "agency_mentions",
    "find_plan_file",
    "load_plan",
    "load_report",
    "load_rules",
    "merge_reports",
    "problems_from_validation",
    "rule_files",
    "wrong_kind_of_file",
]

RULE_SUFFIXES = (".yaml", ".yml", ".json")
_T = TypeVar("_T")


@dataclass
class RuleSet:
    """Compiled measures by number; iterate to get them in order."""

    measures: dict[int, CompiledMeasure] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    agencies: AgencyRegistry = field(default_factory=AgencyRegistry)
    plan_file: str | None = None

    def __iter__(self) -> Iterator[CompiledMeasure]:
        return iter(self.measures[k] for k in sorted(self.measures))

    def __len__(self) -> int:
        return len(self.measures)

    def __getitem__(self, number: int) -> CompiledMeasure:
        return self.measures[number]

    @property
    def years(self) -> list[int]:
        return sorted({y for cm in self for y in cm.measure.years})

    def per_year(self, what: str, year: int, build: Callable[[], _T]) -> _T:
        """``build()``'s result for ``year``, made once per RuleSet and kept on it under ``what``
        (the engines' evaluators and generated code: built at first use, then reused)."""
        cache: dict[int, _T] = self.__dict__.setdefault(what, {})
        if year not in cache:
            cache[year] = build()
        return cache[year]


def rule_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """A directory (recursively, skipping hidden folders and its plan.yaml) or files, in a stable order."""
    if isinstance(paths, bytes) or not isinstance(paths, str | os.PathLike | Iterable):
        raise TypeError(
            f"paths must be a file or directory path, or a list of them, not {type(paths).__name__}"
        )
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    out: list[Path] = []
    for item in items:
        if isinstance(item, bytes) or not isinstance(item, str | os.PathLike):
            raise TypeError(f"paths must hold file or directory paths, not {type(item).__name__}")
        p = Path(item)
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.suffix.lower() in RULE_SUFFIXES
                    and f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and not (f.parent == p and f.name in PLAN_FILE_NAMES)
                )
            )
        else:
            out.append(p)
    return out


def load_rules(paths: str | Path | Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> RuleSet:
    """Load and compile rule files; raise RuleError listing every problem of every file."""
    found = rule_files(paths)  # checks the argument's type first
    plan_path = find_plan_file(paths)
    files = [f for f in found if plan_path is None or f.resolve() != plan_path.resolve()]
    problems: list[Problem] = []
    if not files:
        raise RuleError([Problem(say("io.no_rules", where=paths))])
    rules = RuleSet()
    plan_file = load_plan(plan_path, limits, problems) if plan_path is not None else None
    docs: dict[int, Document] = {}
    seen: dict[int, str] = {}
    for f in files:
        doc = read_document(f, limits)
        problems.extend(doc.problems)
        if doc.data is None:
            continue
        wrong = wrong_kind_of_file(doc, "rules")
        if wrong is not None:  # a report or plan among the rules: one line, not a field-by-field cascade
            problems.append(wrong)
            continue
        measure = validate_model(m.Measure, doc, problems)
        if measure is None:
            problems.extend(salvaged_compile_problems(doc))
            continue
        _record_target_lines(measure, doc)
        if measure.measure in seen:
            problems.append(
                doc.problem(
                    say(Code.DUPLICATE_MEASURE, measure=measure.measure, other=seen[measure.measure]),
                    ("measure",),
                )
            )
            continue
        seen[measure.measure] = str(f)
        compiled, cproblems = compile_measure(measure, str(f))
        for p in cproblems:
            line, col = doc.where(p.path)
            problems.append(replace(p, file=doc.file, line=line, column=col))
        rules.measures[measure.measure] = compiled
        docs[measure.measure] = doc
    if plan_file is not None:
        rules.plan = plan_file.plan
        rules.agencies = AgencyRegistry(plan_file.agencies)
        rules.plan_file = str(plan_path)
        for number, cm in rules.measures.items():
            doc = docs[number]
            for name, path in agency_mentions(cm.measure):
                if rules.agencies.find_all(name) is None:
                    line, col = doc.where(path, key=_is_part_key(path))
                    problems.append(
                        rules.agencies.unknown(name, file=doc.file, line=line, column=col, path=path)
                    )
    else:
        rules.agencies = AgencyRegistry.from_names(
            name for cm in rules for name, _ in agency_mentions(cm.measure)
        )
    for number, cm in rules.measures.items():
        problems.extend(_years_outside(cm.measure, docs[number], rules.plan))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RuleError(problems)
    rules.warnings = problems
    return rules


def _years_outside(measure: m.Measure, doc: Document, plan: Plan) -> Iterator[Problem]:
    """A year (of targets or of an example) the plan's calendar does not count: 114 in a Gregorian
    plan is an error that says it reads as ROC 114 = 2025, not a year with no dates of its own."""
    years: list[tuple[int, tuple[str | int, ...], bool]] = [(y, ("years", y), True) for y in measure.years]
    years += [(e.year, ("examples", i, "year"), False) for i, e in enumerate(measure.examples)]
    for year, path, key in years:
        why = year_outside(year, plan.calendar)
        if why is not None:
            yield doc.problem(why, path, key=key, code=Code.YEAR_OUTSIDE)


def find_plan_file(paths: str | Path | Iterable[str | Path]) -> Path | None:
    """The plan file of a rule set: listed explicitly, at the root of a directory given, or beside
    the rule files given (the first found, in argument order)."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    for item in items:
        p = Path(item)
        if p.is_file() and p.name in PLAN_FILE_NAMES:
            return p
    for item in items:
        p = Path(item)
        folder = p if p.is_dir() else p.parent
        for name in PLAN_FILE_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def load_plan(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, problems: list[Problem] | None = None
) -> PlanFile | None:
    """Read a plan file; its problems go to ``problems`` (or raise RuleError when not given)."""
    own: list[Problem] = [] if problems is None else problems
    doc = read_document(Path(path), limits)
    own.extend(doc.problems)
    plan = validate_model(PlanFile, doc, own) if doc.data is not None else None
    if problems is None and any(p.severity == "error" for p in own):
        raise RuleError(own)
    return plan


def agency_mentions(measure: m.Measure) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every agency name a rule file writes, with its path in the document."""
    for i, name in enumerate(measure.agencies):
        yield name, ("agencies", i)
    for key, metric in measure.metrics.items():
        if metric.agency:
            yield metric.agency, ("metrics", key, "agency")
        for i, name in enumerate(metric.agencies or ()):
            yield name, ("metrics", key, "agencies", i)
    for year, yt in measure.years.items():
        for i, t in enumerate(yt.targets):
            if t.agency:
                yield t.agency, ("years", year, "targets", i, "agency")
            if isinstance(t, m.BreakdownTarget):
                for name in t.parts:
                    yield name, ("years", year, "targets", i, "parts", name)


def _is_part_key(path: tuple[str | int, ...]) -> bool:
    return len(path) >= 2 and path[-2] == "parts"


def _record_target_lines(measure: m.Measure, doc: Document) -> None:
    for year, yt in measure.years.items():
        for i, t in enumerate(yt.targets):
            line, _ = doc.where(("years", year, "targets", i))
            object.__setattr__(t, "line", line)


def wrong_kind_of_file(doc: Document, wanted: str) -> Problem | None:
    """One problem when ``doc`` is plainly another kind of file than ``wanted`` ("rules" or
    "report"): a report (year, measures) or a plan file (plan, agencies) among rule files, or a rule
    file (measure, years) given as a report. Judged by the top-level keys that kind must have, so a
    rule file with a typo still gets its field-by-field problems."""
    data = doc.data
    if not isinstance(data, dict):
        return None
    keys = {str(k) for k in data}
    if wanted == "rules" and "measure" not in keys:
        if {"year", "measures"} <= keys:
            found = "report"
        elif "plan" in keys:
            found = "plan"
        else:
            return None
    elif wanted == "report" and "measures" not in keys and {"measure", "years"} <= keys:
        found = "rules"
    else:
        return None
    return doc.problem(say(f"{Code.WRONG_KIND_OF_FILE}.{found}"), code=Code.WRONG_KIND_OF_FILE)


def validate_model(model: type[Any], doc: Document, problems: list[Problem]) -> Any:
    """Validate ``doc.data`` against ``model``; on failure add one Problem per pydantic error."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, doc))
        return None


def problems_from_validation(exc: ValidationError, doc: Document) -> list[Problem]:
    """Map pydantic's (loc, type, input, msg) onto file:line:column and a document path."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        path, on_key = _data_path(doc.data, err["loc"], err["type"])
        detail = value_words(err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, "))
        typ = err["type"]
        code = as_code(typ, Code.INVALID)  # a pydantic type we have no sentence for: "invalid"
        hint: str | None = None
        expected: str | None = None
        found = _short(err.get("input")) if typ not in ("missing",) else None
        ctx = err.get("ctx") or {}
        limit = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "")
        generic = {
            "detail": detail,
            "limit": limit,
            "expected": str(ctx.get("expected", "")).replace(" or ", ", "),
        }
        if typ == "missing":
            msg = say(Code.MISSING, field=err["loc"][-1])
        elif typ == "extra_forbidden":
            field_name = err["loc"][-1]
            parent = _model_at(doc.data, path[:-1])
            msg = say(Code.EXTRA_FORBIDDEN, field=field_name)
            found = None
            # the candidates come from every model's fields, so the name itself can be among them
            others = [n for n in parent or () if n != str(field_name)]
            hint = did_you_mean(str(field_name), others) if others else None
            if hint is None and _comma_split(doc.data, path, str(field_name)):
                hint = say("hint.comma_split")
        elif typ == "union_tag_invalid":
            expected = str(ctx.get("expected_tags", ""))
            msg = say(Code.UNION_TAG_INVALID, tag=ctx.get("tag"))
            hint = did_you_mean(str(ctx.get("tag")), [t.strip(" '") for t in expected.split(",")])
            found = None
            path = (*path, "kind")
        elif typ == "union_tag_not_found":
            msg = say(Code.UNION_TAG_NOT_FOUND)
            expected = "threshold, ratio, growth, completion, frequency, composite, breakdown, none"
            found = None
        elif typ == "literal_error":
            expected = str(ctx.get("expected"))
            hint = did_you_mean(
                str(err.get("input")), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")]
            )
            msg = say(code, **generic)
        else:
            msg = say(code, **generic)
        line, col = doc.where(path, key=on_key)
        out.append(
            Problem(
                msg,
                file=doc.file,
                line=line,
                column=col,
                path=path,
                code=code,
                expected=expected,
                found=found,
                hint=hint,
            )
        )
    return out


def _comma_split(data: Any, path: tuple[Any, ...], name: str) -> bool:
    """An unknown key with no value that is not a field-like name: the tail of a flow-map text
    that an unquoted comma cut off ({zh: 甲, 乙} reads as the fields zh and '乙')."""
    return raw_at(data, path) is None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)


def _model_at(data: Any, path: tuple[Any, ...]) -> list[str] | None:
    # Field names of the model that parsed this mapping, from the mapping's siblings: good enough
    # for "did you mean" without re-deriving which model applied.
    node = raw_at(data, path)
    if not isinstance(node, dict):
        return None
    kind = node.get("kind")
    names: set[str] = set()
    cls: type[BaseModel]
    for cls in (
        m.ThresholdTarget,
        m.RatioTarget,
        m.GrowthTarget,
        m.CompletionTarget,
        m.FrequencyTarget,
        m.CompositeTarget,
        m.BreakdownTarget,
        m.NoTarget,
    ):
        fields = cls.model_fields
        if kind is None or fields["kind"].annotation.__args__[0] == kind:  # type: ignore[union-attr]
            names.update(fields)
    if kind is None:
        for cls in (
            m.Measure,
            m.Metric,
            m.YearTargets,
            m.Report,
            m.MeasureReport,
            m.ReportedValue,
            m.Example,
        ):
            names.update(cls.model_fields)
    return sorted(names)


def _data_path(data: Any, loc: tuple[Any, ...], typ: str) -> tuple[tuple[Any, ...], bool]:
    """Follow pydantic's loc through the data, dropping union tags and model names it inserts."""
    path: list[Any] = []
    node = data
    on_key = False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if part == "[key]":
            on_key = True
            continue
        if isinstance(node, dict):
            key = _match_key(node, part)
            if key is not _NO:
                path.append(key)
                node = node[key]
                continue
            if last and typ in ("missing", "extra_forbidden"):
                path.append(part)
            elif last:
                path.append(part)
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        if isinstance(node, list | tuple) and isinstance(part, int):
            path.append(part)
            continue
        # a union tag (e.g. "threshold") or function-validator name: not in the document
    if typ == "extra_forbidden":
        on_key = True
    return tuple(path), on_key


_NO = object()


def _match_key(node: dict[Any, Any], part: Any) -> Any:
    if part in node:
        return part
    for k in node:
        if str(k) == str(part):
            return k
    return _NO


def _short(value: Any, limit: int = 60) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        return say("ui.a_list")
    if isinstance(value, bool):  # as YAML writes it, not Python
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- reports ------------------------------------------------------------------------------------


def load_report(paths: str | Path | Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> m.Report:
    """Load a report file, or a directory of report fragments (one year) merged into one Report."""
    files = rule_files(paths)
    if not files:
        raise ReportError([Problem(say("io.no_reports", where=paths))])
    problems: list[Problem] = []
    reports: list[tuple[m.Report, Document]] = []
    for f in files:
        doc = read_document(f, limits)
        problems.extend(doc.problems)
        if doc.data is None:
            continue
        wrong = wrong_kind_of_file(doc, "report")
        if wrong is not None:
            problems.append(wrong)
            continue
        report = validate_model(m.Report, doc, problems)
        if report is not None:
            reports.append((report, doc))
    if not [p for p in problems if p.severity == "error"]:
        merged = merge_reports(reports, problems)
        if not [p for p in problems if p.severity == "error"]:
            return merged
    raise ReportError(problems)


def merge_reports(reports: list[tuple[m.Report, Document]], problems: list[Problem]) -> m.Report:
    """Fragments of one year's report, each measure in one fragment, as one Report."""
    first, _ = reports[0]
    submissions = [s for report, _ in reports for s in report.submissions]
    measures: dict[int, m.MeasureReport] = {}
    origin: dict[int, str] = {}
    for report, doc in reports:
        if report.year != first.year:
            problems.append(
                doc.problem(
                    say("year_mismatch.files", year=report.year, first=first.year),
                    ("year",),
                )
            )
            continue
        for number, mr in report.measures.items():
            if number in measures:
                problems.append(
                    doc.problem(
                        say("duplicate_measure.reported", measure=number, file=origin[number]),
                        ("measures", number),
                        key=True,
                    )
                )
                continue
            measures[number] = mr
            origin[number] = doc.file
    if len(reports) == 1:
        return first
    return first.model_copy(update={"measures": measures, "submissions": submissions})
