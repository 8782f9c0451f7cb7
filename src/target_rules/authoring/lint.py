"""Lint rule files: everything load_rules rejects, plus mistakes it cannot see, all at file:line.

``lint(paths_or_rules)`` reads each file with the loader's own machinery (read_document,
validate_model, compile_measure) but never stops at the first bad file or the first bad target: a
file that fails validation is salvaged target by target, so its other targets are still checked.

Checks beyond validation (codes in brackets):

- duplicate target ids in a year [duplicate_target], duplicate example names [duplicate_example]
- targets on the same quantity whose ranges cannot both hold, and composites (mode all) of such
  [contradictory_bounds]
- a percent target above 100 or below 0, a count/money target below 0 [out_of_range]
- unknown metrics in expressions and metric fields [unknown_metric] (from the compiler)
- a unit that does not match the metric's: a ``"70%"`` bound on a count metric, a percent bound on a
  ratio whose unit is not ``%``, a percent ratio whose expression yields a fraction [unit_mismatch]
- a year with an empty target list instead of kind none for 無 [empty_year]
- labels: empty zh-TW [empty_label, error], no English [no_english_label, warning]
- a unit with no English name, in UNIT_NAMES or the plan's ``units`` [no_english_unit, warning], and
  an agency of plan.yaml with no ``en`` [no_english_agency, warning]: English output would show them
  in Chinese
- a completion target naming a milestone its metric does not list [unknown_milestone] (compiler)
- metrics declared but never used by a target [unused_metric, warning]
- examples naming unknown targets, metrics, years or statuses [example]
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from target_rules.authoring.examples import parse_expectation, target_ids
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure
from target_rules.language.expression import Expression, ExpressionError
from target_rules.language.load import RuleSet, find_plan_file, rule_files, validate_model, wrong_kind_of_file
from target_rules.language.salvage import DocumentContext, compile_document, raw_at
from target_rules.language.source import DEFAULT_LIMITS, Document, Limits, read_document
from target_rules.messages import UNIT_NAMES, Code, Message, say
from target_rules.suggest import did_you_mean

__all__ = ["lint", "lint_document"]

_TARGET = TypeAdapter(m.Target)


def lint(
    paths_or_rules: RuleSet | str | Path | Iterable[str | Path], limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every problem of every rule file (errors and warnings), sorted by file, severity and line."""
    docs: list[Document] = []
    problems: list[Problem] = []
    plan_path: str | Path | None
    if isinstance(paths_or_rules, RuleSet):
        plan_path = paths_or_rules.plan_file
        for cm in paths_or_rules:
            if cm.file and Path(cm.file).is_file():
                docs.append(read_document(cm.file, limits))
            else:  # built in memory: check the model, without positions
                docs.append(Document(cm.file or f"<measure {cm.measure.measure}>", data=_dump(cm.measure)))
    else:
        files = rule_files(paths_or_rules)
        if not files:
            return [Problem(say("io.no_rules", where=paths_or_rules))]
        docs = [read_document(f, limits) for f in files]
        plan_path = find_plan_file(paths_or_rules)
    plan = read_document(plan_path, limits) if plan_path and Path(plan_path).is_file() else None
    units = _english_units(plan, problems)
    seen: dict[int, str] = {}
    titles: dict[Any, tuple[tuple[Any, Any], str]] = {}  # strategy number -> ((zh, en), first file)
    for doc in docs:
        problems.extend(lint_document(doc))
        _check_english_units(doc, units, problems)
        _check_strategy_title(doc, titles, problems)
        number = doc.data.get("measure") if isinstance(doc.data, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            if number in seen:
                problems.append(
                    doc.problem(
                        say(Code.DUPLICATE_MEASURE, measure=number, other=seen[number]),
                        ("measure",),
                        code="duplicate_measure",
                    )
                )
            else:
                seen[number] = doc.file
    return sorted(problems, key=Problem.sort_key)


def _check_strategy_title(
    doc: Document, titles: dict[Any, tuple[tuple[Any, Any], str]], problems: list[Problem]
) -> None:
    """Every file of one strategy repeats its title; reports head each section with the first one, so
    a file that differs would quietly rename the section."""
    strategy = doc.data.get("strategy") if isinstance(doc.data, dict) else None
    number = strategy.get("number") if isinstance(strategy, dict) else None
    if not isinstance(strategy, dict) or not isinstance(number, int) or isinstance(number, bool):
        return  # the schema reports a missing or malformed strategy
    if "title" not in strategy:
        return  # the schema reports a missing or malformed strategy
    raw = strategy["title"]
    title = (raw.get("zh"), raw.get("en")) if isinstance(raw, dict) else (raw, None)
    first = titles.setdefault(number, (title, doc.file))
    if first[0] != title:
        i = 0 if first[0][0] != title[0] else 1
        lang, was, now = ("zh", "en")[i], first[0][i], title[i]
        problems.append(
            doc.problem(
                say(Code.STRATEGY_TITLE, strategy=number, lang=lang, file=first[1], now=now, was=was),
                ("strategy", "title", lang) if isinstance(raw, dict) else ("strategy", "title"),
                severity="warning",
                code="strategy_title",
                hint=say("hint.copy_title", file=first[1]),
            )
        )


def _english_units(plan: Document | None, problems: list[Problem]) -> set[str]:
    """The units with an English name (UNIT_NAMES and the plan's ``units``); warns, at plan.yaml's
    line, about each agency it lists without ``en``. A malformed plan file is load_rules' to report."""
    named = set(UNIT_NAMES)
    data = plan.data if plan is not None else None
    if plan is None or not isinstance(data, dict):
        return named
    section = data.get("plan")
    table = section.get("units") if isinstance(section, dict) else None
    if isinstance(table, dict):
        named.update(str(k) for k, v in table.items() if isinstance(v, str) and v.strip())
    agencies = data.get("agencies")
    for i, agency in enumerate(agencies if isinstance(agencies, list) else []):
        name = agency.get("name") if isinstance(agency, dict) else None
        en = agency.get("en") if isinstance(agency, dict) else None
        if isinstance(name, str) and not (isinstance(en, str) and en.strip()):
            problems.append(
                plan.problem(
                    say(Code.NO_ENGLISH_AGENCY, name=name),
                    ("agencies", i, "name"),
                    code="no_english_agency",
                    severity="warning",
                    hint=say("hint.agency_en"),
                )
            )
    return named


def _check_english_units(doc: Document, named: set[str], problems: list[Problem]) -> None:
    """Every unit a metric or ratio target writes has an English name, or English output shows the
    Chinese word (the plan's ``units`` table is where a rule author gives one)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    places: list[tuple[Any, tuple[Any, ...]]] = []
    metrics = data.get("metrics")
    for name, metric in metrics.items() if isinstance(metrics, dict) else ():
        if isinstance(metric, dict):
            places.append((metric.get("unit"), ("metrics", name, "unit")))
    years = data.get("years")
    for yk, yv in years.items() if isinstance(years, dict) else ():
        targets = yv.get("targets") if isinstance(yv, dict) else None
        for i, t in enumerate(targets if isinstance(targets, list) else []):
            if isinstance(t, dict):
                places.append((t.get("unit"), ("years", yk, "targets", i, "unit")))
    for unit, path in places:
        if isinstance(unit, str) and unit.strip() and unit not in named:
            problems.append(
                doc.problem(
                    say(Code.NO_ENGLISH_UNIT, unit=unit),
                    path,
                    code="no_english_unit",
                    severity="warning",
                    hint=say("hint.unit_en", unit=unit),
                )
            )


def _dump(measure: m.Measure) -> dict[str, Any]:
    return measure.model_dump(mode="json", exclude_none=True)


# --- one document ---------------------------------------------------------------------------------


def lint_document(doc: Document) -> list[Problem]:
    """All problems of one parsed rule file."""
    problems = list(doc.problems)
    data = doc.data
    if data is None:
        return problems
    wrong = wrong_kind_of_file(doc, "rules")
    if wrong is not None:
        return [*problems, wrong]
    validation: list[Problem] = []
    measure = validate_model(m.Measure, doc, validation)
    if not isinstance(data, dict):
        return problems + validation
    ctx, cm = compile_document(doc, data, measure)
    for check in CHECKS:
        check(ctx, cm)
    problems.extend(p for p in validation if not ctx.supersedes(p))
    problems.extend(ctx.problems)
    return problems


# --- checks ---------------------------------------------------------------------------------------


def _check_duplicate_ids(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    first: dict[tuple[Any, str], int | None] = {}
    for yk, i, t in ctx.raw_targets():
        tid = t.get("id")
        if not isinstance(tid, str | int | float):
            continue
        tid = str(tid)
        path = ("years", yk, "targets", i, "id")
        if (yk, tid) in first:
            line = first[(yk, tid)]
            ctx.problem(
                say("duplicate_target.year", target=tid, year=yk, line=line or "?"),
                path,
                code="duplicate_target",
                hint=say("hint.number_targets"),
            )
            ctx.supersede(("years", yk), "target ids repeat")
        else:
            first[(yk, tid)] = ctx.doc.where(path)[0]
    names: dict[str, int] = {}
    raw_examples = ctx.data.get("examples")
    for i, ex in enumerate(raw_examples if isinstance(raw_examples, list) else []):
        name = ex.get("name") if isinstance(ex, dict) else None
        if not isinstance(name, str):
            continue
        if name in names:
            line = ctx.doc.where(("examples", names[name]))[0]
            ctx.problem(
                say(Code.DUPLICATE_EXAMPLE, name=name, line=line or "?"),
                ("examples", i, "name"),
                code="duplicate_example",
                hint=say("hint.example_names"),
            )
        else:
            names[name] = i


def _range(measure: m.Measure, t: Any) -> tuple[tuple[Any, ...], float, float, str] | None:
    """(quantity key, low, high, description) of what a target allows, or None."""
    if isinstance(t, m.ThresholdTarget | m.RatioTarget | m.GrowthTarget):
        if isinstance(t, m.ThresholdTarget):
            key: tuple[Any, ...] = ("metric", t.metric)
        elif isinstance(t, m.RatioTarget):
            key = ("expression", t.expression.replace(" ", ""))
        else:
            key = ("growth", t.metric, t.baseline, t.baseline_metric)
        c = t.comparator  # the model requires the comparator's own bound: the None checks only say so
        if c == "at_least" and t.at_least is not None:
            return key, t.at_least, math.inf, f"at least {_num(t.at_least)}"
        if c == "at_most" and t.at_most is not None:
            return key, -math.inf, t.at_most, f"at most {_num(t.at_most)}"
        if c == "equal" and t.equal is not None:
            return key, t.equal, t.equal, f"equal to {_num(t.equal)}"
        if t.between is None:
            return None
        lo, hi = t.between
        return key, lo, hi, f"between {_num(lo)} and {_num(hi)}"
    if isinstance(t, m.FrequencyTarget):
        return ("metric", t.metric), float(t.required), math.inf, f"at least {t.required}"
    if isinstance(t, m.BreakdownTarget) and t.total is not None and t.require != "parts":
        return ("metric", t.metric), t.total, math.inf, f"at least {_num(t.total)} in total"
    return None


def _num(x: float | None) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else repr(x)


def _describe(key: tuple[Any, ...]) -> Message:
    if key[0] in ("metric", "expression"):
        return say(f"ui.lint.{key[0]}", name=key[1])
    return say("ui.lint.growth", name=key[1])


def _check_contradictions(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    for year in sorted(ctx.measure.years):
        targets = ctx.targets(year)
        ranges = {t.id: (path, _range(ctx.measure, t)) for path, t in targets}
        # pairs of independent targets
        ids = [t.id for _, t in targets]
        for j, b in enumerate(ids):
            path_b, rb = ranges[b]
            if rb is None:
                continue
            for a in ids[:j]:
                _, ra = ranges[a]
                if ra is None or ra[0] != rb[0]:
                    continue
                if max(ra[1], rb[1]) > min(ra[2], rb[2]):
                    ctx.problem(
                        say("contradictory_bounds.pair", a=a, ra=ra[3], b=b, rb=rb[3], what=_describe(ra[0])),
                        path_b,
                        code="contradictory_bounds",
                        hint=say("hint.check_bounds"),
                    )
        # composites that need all of such
        by_id = {t.id: t for _, t in targets}
        for path, t in targets:
            if not isinstance(t, m.CompositeTarget) or t.mode != "all":
                continue
            members = _flatten(t, by_id, set())
            groups: dict[tuple[Any, ...], list[tuple[str, tuple[Any, ...]]]] = {}
            for mid in members:
                r = ranges.get(mid, (None, None))[1]
                if r is not None:
                    groups.setdefault(r[0], []).append((mid, r))
            for key, rs in groups.items():
                lo = max(r[1] for _, r in rs)
                hi = min(r[2] for _, r in rs)
                if lo > hi:
                    listed = ", ".join(f"{mid} ({r[3]})" for mid, r in rs)
                    ctx.problem(
                        say(
                            "contradictory_bounds.composite", target=t.id, what=_describe(key), listed=listed
                        ),
                        path,
                        code="contradictory_bounds",
                    )


def _flatten(t: m.CompositeTarget, by_id: dict[str, Any], seen: set[str]) -> list[str]:
    out: list[str] = []
    for ref in t.of:
        if ref in seen or ref not in by_id:
            continue
        seen.add(ref)
        sub = by_id[ref]
        if isinstance(sub, m.CompositeTarget) and sub.mode == "all":
            out.extend(_flatten(sub, by_id, seen))
        else:
            out.append(ref)
    return out


def _bounds(t: Any) -> list[tuple[str | int, float]]:
    """(field path part, value) of each bound of a comparison target."""
    if not isinstance(t, m.ThresholdTarget | m.RatioTarget | m.GrowthTarget):
        return []
    c = t.comparator
    if c == "between":
        return [] if t.between is None else [(0, t.between[0]), (1, t.between[1])]
    return [(c, getattr(t, c))]


def _bound_path(path: tuple[Any, ...], t: Any, part: str | int) -> tuple[Any, ...]:
    return (*path, "between", part) if isinstance(part, int) else (*path, part)


def _check_ranges(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    for year in sorted(ctx.measure.years):
        for path, t in ctx.targets(year):
            if isinstance(t, m.ThresholdTarget):
                metric = ctx.measure.metrics.get(t.metric)
                dim = metric.dimension if metric else None
                severity = "error"
            elif isinstance(t, m.RatioTarget):
                metric = None
                dim = m.dimension_of(t.unit)
                severity = "warning"  # an expression could exceed 100% (e.g. spending over budget)
            else:
                continue
            for part, value in _bounds(t):
                where = _bound_path(path, t, part)
                if dim == "percent" and not 0 <= value <= 100:
                    ctx.problem(
                        say("out_of_range.target_percent", target=t.id, value=_num(value)),
                        where,
                        code="out_of_range",
                        severity=severity,
                        hint=say("hint.percent_range"),
                    )
                elif dim in ("count", "money") and value < 0:
                    ctx.problem(
                        say("out_of_range.negative", target=t.id, value=_num(value)),
                        where,
                        code="out_of_range",
                    )


def _is_percent_text(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().endswith(("%", "％"))


def _check_units(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    for year in sorted(ctx.measure.years):
        for path, t in ctx.targets(year):
            if isinstance(t, m.ThresholdTarget):
                metric = ctx.measure.metrics.get(t.metric)
                if metric is None:
                    continue
                for part, value in _bounds(t):
                    where = _bound_path(path, t, part)
                    raw = raw_at(ctx.data, where)
                    if _is_percent_text(raw) and metric.dimension != "percent":
                        ctx.problem(
                            say("unit_mismatch.bound_percent", raw=raw, name=t.metric, unit=metric.unit),
                            where,
                            code="unit_mismatch",
                            hint=say("hint.metric_unit"),
                        )
                    elif metric.dimension == "percent" and 0 < value < 1 and not _is_percent_text(raw):
                        ctx.problem(
                            say(
                                "unit_mismatch.fraction",
                                value=_num(value),
                                name=t.metric,
                                percent=_num(value * 100),
                            ),
                            where,
                            code="unit_mismatch",
                            severity="warning",
                        )
            elif isinstance(t, m.BreakdownTarget):
                metric = ctx.measure.metrics.get(t.metric)
                if metric is None or metric.dimension == "percent":
                    continue
                places = [(*path, "total")] + [(*path, "parts", a) for a in t.parts]
                for where in places:
                    raw = raw_at(ctx.data, where)
                    if _is_percent_text(raw):
                        ctx.problem(
                            say("unit_mismatch.bound_percent", raw=raw, name=t.metric, unit=metric.unit),
                            where,
                            code="unit_mismatch",
                        )
            elif isinstance(t, m.RatioTarget):
                percent_unit = m.dimension_of(t.unit) == "percent"
                for part, value in _bounds(t):
                    where = _bound_path(path, t, part)
                    raw = raw_at(ctx.data, where)
                    if _is_percent_text(raw) and not percent_unit:
                        ctx.problem(
                            say("unit_mismatch.ratio_unit", raw=raw, unit=t.unit),
                            where,
                            code="unit_mismatch",
                            hint=say("hint.ratio_percent"),
                        )
                    elif percent_unit and value > 1 and _yields_fraction(t.expression):
                        ctx.problem(
                            say("unit_mismatch.expression", expression=t.expression, value=_num(value)),
                            (*path, "expression"),
                            code="unit_mismatch",
                            hint=say("hint.times_100"),
                        )


def _yields_fraction(text: str) -> bool:
    """A division with no factor of 100 anywhere: ``a / b`` (but not ``a / b * 100``)."""
    try:
        tree = Expression(text).tree
    except ExpressionError:
        return False
    nodes = list(ast.walk(tree))
    has_div = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) for n in nodes)
    hundred = any(isinstance(n, ast.Constant) and n.value in (100, 100.0) for n in nodes)
    return has_div and not hundred


def _check_years(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    years = ctx.data.get("years")
    if not isinstance(years, dict):
        return
    for yk, yv in years.items():
        if not isinstance(yv, dict):
            continue
        targets = yv.get("targets")
        if isinstance(targets, list) and not targets:
            ctx.problem(
                say(Code.EMPTY_YEAR, year=yk),
                ("years", yk, "targets"),
                code="empty_year",
                hint=say("hint.kind_none"),
            )
        text = yv.get("text")
        if isinstance(text, str) and isinstance(targets, list) and targets:
            says_none = text.strip().rstrip("。.").strip() == "無"
            kinds = [t.get("kind") for t in targets if isinstance(t, dict)]
            if says_none and any(k != "none" for k in kinds):
                ctx.problem(
                    say("empty_year.text_none", year=yk),
                    ("years", yk, "targets"),
                    code="empty_year",
                    severity="warning",
                )


def _check_labels(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    places: list[tuple[tuple[Any, ...], str]] = []
    for yk, i, _t in ctx.raw_targets():
        places.append((("years", yk, "targets", i), "target"))
    metrics = ctx.data.get("metrics")
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            places.append((("metrics", name), "metric"))
            milestones = metric.get("milestones") if isinstance(metric, dict) else None
            for j, _ in enumerate(milestones if isinstance(milestones, list) else []):
                places.append((("metrics", name, "milestones", j), "milestone"))
    for path, what in places:
        node = raw_at(ctx.data, path)
        if not isinstance(node, dict) or "label" not in node:
            continue  # a missing label is reported by validation
        label = node["label"]
        name = node.get("id") if what != "metric" else path[-1]
        who = say(f"ui.lint.{what}", name=name) if name is not None else say(f"ui.lint.{what}", name="")
        lpath = (*path, "label")
        zh = label if isinstance(label, str) else label.get("zh") if isinstance(label, dict) else None
        en = label.get("en") if isinstance(label, dict) else None
        if label is None or (isinstance(label, str | dict) and not (isinstance(zh, str) and zh.strip())):
            ctx.problem(say(Code.EMPTY_LABEL, who=who), lpath)
            ctx.supersede(lpath)
        elif not (isinstance(en, str) and en.strip()):
            ctx.problem(
                say(Code.NO_ENGLISH_LABEL, who=who),
                lpath,
                code="no_english_label",
                severity="warning",
                hint=say("hint.label_both"),
            )


def _used_metrics(measure: m.Measure) -> set[str]:
    used: set[str] = set()
    for yt in measure.years.values():
        for t in yt.targets:
            for name in ("metric", "baseline_metric"):
                value = getattr(t, name, None)
                if isinstance(value, str):
                    used.add(value)
            if isinstance(t, m.RatioTarget):
                for text in (t.expression, *t.requires):
                    try:
                        used.update(Expression(text).names)
                    except ExpressionError:
                        continue
    return used


def _check_unused_metrics(ctx: DocumentContext, cm: CompiledMeasure) -> None:
    metrics = ctx.data.get("metrics")
    if not isinstance(metrics, dict) or (ctx.index_map is not None and _has_invalid_targets(ctx)):
        return  # with targets that failed validation, "unused" would be a guess
    used = _used_metrics(ctx.measure)
    for name in metrics:
        if str(name) not in used:
            ctx.problem(
                say(Code.UNUSED_METRIC, name=name),
                ("metrics", name),
                key=True,
                code="unused_metric",
                severity="warning",
            )


def _has_invalid_targets(ctx: DocumentContext) -> bool:
    assert ctx.index_map is not None
    total = sum(1 for _ in ctx.raw_targets())
    return total != sum(len(v) for v in ctx.index_map.values())


def _check_examples(ctx: DocumentContext, cm: CompiledMeasure) -> None:

    measure = ctx.measure
    for i, ex in enumerate(measure.examples):
        if ex is None:
            continue
        base = ("examples", i)
        if ex.year not in measure.years:
            ctx.problem(
                say("example.year", name=ex.name, year=ex.year),
                (*base, "year"),
                code="example",
                expected=", ".join(map(str, sorted(measure.years))) or None,
            )
            continue
        ids = target_ids(cm, ex.year)
        for tid, raw in ex.expect.items():
            if str(tid) not in ids:
                other = [y for y in sorted(measure.years) if y != ex.year and str(tid) in target_ids(cm, y)]
                ctx.problem(
                    say(
                        "example.target_elsewhere" if other else "example.unknown_target",
                        name=ex.name,
                        target=tid,
                        year=ex.year,
                        other=", ".join(map(str, other)),
                    ),
                    (*base, "expect", tid),
                    key=True,
                    code="example",
                    hint=did_you_mean(str(tid), ids),
                )
                continue
            _, bad = parse_expectation(raw)
            for text in bad:
                ctx.problem(
                    say("example.bad_expect", name=ex.name, target=tid, detail=text), (*base, "expect", tid)
                )
        for name in ex.values:
            if name not in measure.metrics:
                ctx.problem(
                    say("example.unknown_metric", name=ex.name, metric=name),
                    (*base, "values", name),
                    key=True,
                    code="example",
                    hint=did_you_mean(str(name), measure.metrics),
                )


CHECKS = (
    _check_duplicate_ids,
    _check_contradictions,
    _check_ranges,
    _check_units,
    _check_years,
    _check_labels,
    _check_unused_metrics,
    _check_examples,
)
