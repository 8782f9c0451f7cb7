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
from target_rules.language.load import RuleSet, rule_files, validate_model
from target_rules.language.salvage import DocumentContext, compile_document, raw_at
from target_rules.language.source import DEFAULT_LIMITS, Document, Limits, read_document
from target_rules.suggest import did_you_mean

__all__ = ["lint", "lint_document"]

_TARGET = TypeAdapter(m.Target)
_LABELLED = ("label",)


def lint(
    paths_or_rules: RuleSet | str | Path | Iterable[str | Path], limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every problem of every rule file (errors and warnings), sorted by file, severity and line."""
    docs: list[Document] = []
    problems: list[Problem] = []
    if isinstance(paths_or_rules, RuleSet):
        for cm in paths_or_rules:
            if cm.file and Path(cm.file).is_file():
                docs.append(read_document(cm.file, limits))
            else:  # built in memory: check the model, without positions
                docs.append(Document(cm.file or f"<measure {cm.measure.measure}>", data=_dump(cm.measure)))
    else:
        files = rule_files(paths_or_rules)
        if not files:
            return [Problem(f"no rule files (*.yaml, *.yml, *.json) found in {paths_or_rules}", code="io")]
        docs = [read_document(f, limits) for f in files]
    seen: dict[int, str] = {}
    titles: dict[Any, tuple[tuple[Any, Any], str]] = {}  # strategy number -> ((zh, en), first file)
    for doc in docs:
        problems.extend(lint_document(doc))
        _check_strategy_title(doc, titles, problems)
        number = doc.data.get("measure") if isinstance(doc.data, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            if number in seen:
                problems.append(
                    doc.problem(
                        f"measure {number} is already defined in {seen[number]}",
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
    if not isinstance(number, int) or isinstance(number, bool) or "title" not in strategy:
        return  # the schema reports a missing or malformed strategy
    raw = strategy["title"]
    title = (raw.get("zh"), raw.get("en")) if isinstance(raw, dict) else (raw, None)
    first = titles.setdefault(number, (title, doc.file))
    if first[0] != title:
        i = 0 if first[0][0] != title[0] else 1
        lang, was, now = ("zh", "en")[i], first[0][i], title[i]
        problems.append(
            doc.problem(
                f"strategy {number} is titled differently ({lang}) than in {first[1]}: "
                f"{now!r} here, {was!r} there",
                ("strategy", "title", lang) if isinstance(raw, dict) else ("strategy", "title"),
                severity="warning",
                code="strategy_title",
                hint=f"copy the title from {first[1]}",
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
                f"target id {tid!r} is used twice in year {yk}"
                + (f" (first at line {line})" if line else ""),
                path,
                code="duplicate_target",
                hint="number the targets as the year's text does, e.g. 45.1, 45.2",
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
                f"example name {name!r} is used twice" + (f" (first at line {line})" if line else ""),
                ("examples", i, "name"),
                code="duplicate_example",
                hint="example names make test ids (m45::108::45.1::NAME); keep them unique",
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
        c = t.comparator
        if c == "at_least":
            return key, t.at_least, math.inf, f"at least {_num(t.at_least)}"
        if c == "at_most":
            return key, -math.inf, t.at_most, f"at most {_num(t.at_most)}"
        if c == "equal":
            return key, t.equal, t.equal, f"equal to {_num(t.equal)}"
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


def _describe(key: tuple[Any, ...]) -> str:
    if key[0] == "metric":
        return f"metric {key[1]!r}"
    if key[0] == "expression":
        return f"expression {key[1]!r}"
    return f"the growth of {key[1]!r}"


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
                        f"targets {a!r} ({ra[3]}) and {b!r} ({rb[3]}) on {_describe(ra[0])} cannot both be met",
                        path_b,
                        code="contradictory_bounds",
                        hint="check the bounds and comparators against the plan's text",
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
                        f"composite {t.id!r} needs all of its targets, but on {_describe(key)} {listed} "
                        "cannot all be met",
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
        return [(0, t.between[0]), (1, t.between[1])]
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
                        f"target {t.id!r} asks for {_num(value)}%, outside 0-100%",
                        where,
                        code="out_of_range",
                        severity=severity,
                        hint="a percentage is between 0 and 100",
                    )
                elif dim in ("count", "money") and value < 0:
                    ctx.problem(
                        f"target {t.id!r} asks for {_num(value)}, a negative amount",
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
                            f"bound {raw!r} is a percentage, but metric {t.metric!r} is measured in {metric.unit!r}",
                            where,
                            code="unit_mismatch",
                            hint="write the number in the metric's unit, or use a ratio target for a share",
                        )
                    elif metric.dimension == "percent" and 0 < value < 1 and not _is_percent_text(raw):
                        ctx.problem(
                            f"bound {_num(value)} on percent metric {t.metric!r} looks like a fraction; "
                            f"did you mean {_num(value * 100)}%?",
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
                            f"bound {raw!r} is a percentage, but metric {t.metric!r} is measured in {metric.unit!r}",
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
                            f"bound {raw!r} is a percentage, but the ratio's unit is {t.unit!r}",
                            where,
                            code="unit_mismatch",
                            hint="set unit: '%' and multiply the expression by 100, or write the bound as a fraction",
                        )
                    elif percent_unit and value > 1 and _yields_fraction(t.expression):
                        ctx.problem(
                            f"expression {t.expression!r} gives a fraction (0-1), but the bound {_num(value)} is a "
                            "percentage",
                            (*path, "expression"),
                            code="unit_mismatch",
                            hint="multiply by 100, e.g. 'approved / received * 100'",
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
                f"year {yk} has no targets",
                ("years", yk, "targets"),
                code="empty_year",
                hint="when the plan says 無, write one target of kind none",
            )
        text = yv.get("text")
        if isinstance(text, str) and isinstance(targets, list) and targets:
            says_none = text.strip().rstrip("。.").strip() == "無"
            kinds = [t.get("kind") for t in targets if isinstance(t, dict)]
            if says_none and any(k != "none" for k in kinds):
                ctx.problem(
                    f"year {yk}'s text says 無 but it has targets other than kind none",
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
        who = f"{what} {name!r}" if name is not None else what
        lpath = (*path, "label")
        zh = label if isinstance(label, str) else label.get("zh") if isinstance(label, dict) else None
        en = label.get("en") if isinstance(label, dict) else None
        if label is None or (isinstance(label, str | dict) and not (isinstance(zh, str) and zh.strip())):
            ctx.problem(f"{who} has an empty zh-TW label", lpath, code="empty_label")
            ctx.supersede(lpath)
        elif not (isinstance(en, str) and en.strip()):
            ctx.problem(
                f"{who} has no English label",
                lpath,
                code="no_english_label",
                severity="warning",
                hint="write label: {zh: ..., en: ...}",
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
                f"metric {name!r} is declared but no target uses it",
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
                f"example {ex.name!r} is for year {ex.year}, which has no targets",
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
                    f"example {ex.name!r} expects a verdict for unknown target {tid!r} of year {ex.year}"
                    + (f" (it is a target of year {', '.join(map(str, other))})" if other else ""),
                    (*base, "expect", tid),
                    key=True,
                    code="example",
                    hint=did_you_mean(str(tid), ids),
                )
                continue
            _, bad = parse_expectation(raw)
            for text in bad:
                ctx.problem(
                    f"example {ex.name!r}, target {tid!r}: {text}", (*base, "expect", tid), code="example"
                )
        for name in ex.values:
            if name not in measure.metrics:
                ctx.problem(
                    f"example {ex.name!r} gives a value for unknown metric {name!r}",
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
