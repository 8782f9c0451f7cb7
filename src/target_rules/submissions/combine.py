"""Combine: several agencies' figures for one metric -> one figure, as the rule language says.

Each metric's ``combining`` (language/model.py) decides: ``sum`` adds the parts exactly (Decimal);
``ratio`` recomputes a rate from the combined numerator and denominator metrics; ``weighted``
averages percentages by each agency's weight metric; ``all`` / ``any`` take the milestone every /
some agency reached; ``single`` allows one agency only. A percentage with no declared basis
(``none``) reported by several agencies is an error: it is never averaged.

Conflicts are errors that name both places: the same agency twice, two agencies for a single-owner
metric, a figure that does not say whose it is beside figures that do. A conflicting metric is left
out of the combined report (the error says so), never half-combined. The result does not depend on
the order of the inputs: contributions are put in a stable order first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.messages import Code, bi, current_language, render, say
from target_rules.quantities import format_number
from target_rules.submissions.contribution import Contribution

__all__ = ["Combined", "combine", "part_spellings", "report_data"]


@dataclass
class Combined:
    """One metric's figure (in the report format, with origins) and the contributions it came from."""

    measure: int
    metric: str
    entry: dict[str, Any]
    contributions: list[Contribution]

    @property
    def first(self) -> Contribution:
        return self.contributions[0]

    @property
    def value(self) -> float | None:
        v = self.entry.get("value")
        if v is None:
            return None
        from target_rules.quantities import parse_quantity

        return parse_quantity(v).value if isinstance(v, str) else float(v)


def part_spellings(rules: RuleSet, measure: int, metric: str) -> dict[str, str]:
    """Canonical agency -> the name a breakdown target on ``metric`` uses for it (退輔會 for
    國軍退除役官兵輔導委員會), so the combined by_agency keys are the ones the target looks up."""
    cm = rules.measures.get(measure)
    out: dict[str, str] = {}
    if cm is None:
        return out
    for yt in cm.measure.years.values():
        for t in yt.targets:
            if isinstance(t, m.BreakdownTarget) and t.metric == metric:
                for name in t.parts:
                    out.setdefault(rules.agencies.canonical(name), name)
    return out


def combine(
    rules: RuleSet, contributions: list[Contribution], problems: list[Problem]
) -> dict[int, dict[str, Combined]]:
    """Every metric's combined figure; conflicts and impossible combinations go to ``problems``."""
    # parts in the registry's order (the plan's order of agencies), then by place: a stable order
    # whatever the order of the inputs
    agencies = rules.agencies
    groups: dict[tuple[int, str], list[Contribution]] = {}
    for c in sorted(contributions, key=lambda c: (agencies.rank(c.agency), c.sort_key())):
        groups.setdefault((c.measure, c.metric), []).append(c)
    out: dict[int, dict[str, Combined]] = {}
    metrics = {key: rules.measures[key[0]].measure.metrics[key[1]] for key in groups}
    # ratio and weighted figures are computed from other metrics' combined figures: those last
    for key in sorted(groups, key=lambda k: (metrics[k].combining in ("ratio", "weighted"), k)):
        n, name = key
        entry = _combine_one(rules, n, name, metrics[key], groups[key], problems, out)
        if entry is not None:
            out.setdefault(n, {})[name] = Combined(n, name, _in_order(entry), groups[key])
    return {
        n: dict(sorted(ms.items(), key=lambda kv: _metric_order(rules, n, kv[0])))
        for n, ms in sorted(out.items())
    }


def _metric_order(rules: RuleSet, n: int, name: str) -> tuple[int, str]:
    names = list(rules.measures[n].measure.metrics)
    return (names.index(name) if name in names else len(names), name)


def _combine_one(
    rules: RuleSet,
    n: int,
    name: str,
    metric: m.Metric,
    parts: list[Contribution],
    problems: list[Problem],
    done: dict[int, dict[str, Combined]],
) -> dict[str, Any] | None:
    if not _no_conflicts(n, name, metric, parts, problems):
        return None
    split = part_spellings(rules, n, name)
    if len(parts) == 1 and not (parts[0].agency is not None and parts[0].agency in split):
        return _single_entry(parts[0])
    spell = {c.agency: split.get(c.agency, c.agency) for c in parts if c.agency is not None}
    entry: dict[str, Any] = {"by_agency": {spell[c.agency]: _part(c) for c in parts if c.agency is not None}}
    unit = next((c.entry["unit"] for c in parts if "unit" in c.entry), None)
    if unit is not None:
        entry["unit"] = unit
    periods = {(c.entry["period"]["start"], c.entry["period"]["end"]) for c in parts if "period" in c.entry}
    if len(periods) == 1 and all("period" in c.entry for c in parts):
        start, end = next(iter(periods))
        entry["period"] = {"start": start, "end": end}
    shared: dict[str, Any] = {k: parts[0].extra[k] for k in ("quote", "note") if k in parts[0].extra}
    if shared and all(c.doc is parts[0].doc and c.extra == parts[0].extra for c in parts):
        entry.update(shared)  # every part came from one split entry: keep its own quote and note
    valued = [c for c in parts if c.value is not None]
    how = metric.combining
    if how == "all" or how == "any":
        return _milestones(metric, parts, entry, how)
    if not valued:
        return _not_reported(parts)
    if len(valued) == 1:
        entry["value"] = valued[0].entry["written"]
        return entry
    if how == "sum":
        entry["value"] = _number(sum((Decimal(repr(c.value)) for c in valued), Decimal(0)))
        return entry
    if how == "none":
        shown = [_percent(c) for c in valued]
        listed = bi("、".join(shown), ", ".join(shown[:-1]) + f" and {shown[-1]}")
        who = bi(
            "、".join(f"{c.agency or '?'}（{c.where}）" for c in valued),
            ", ".join(f"{c.agency or '?'} ({c.where})" for c in valued),
        )
        problems.append(
            valued[-1].problem(
                say("percent_without_basis.parts", measure=n, listed=listed, name=name, who=who),
                code=Code.PERCENT_WITHOUT_BASIS,
                hint=say("hint.percent_basis", name=name),
            )
        )
        return None
    if how == "ratio":
        return _ratio(n, name, metric, valued, entry, problems, done)
    return _weighted(n, name, metric, valued, entry, problems, done)


def _no_conflicts(
    n: int, name: str, metric: m.Metric, parts: list[Contribution], problems: list[Problem]
) -> bool:
    ok = True
    seen: dict[str, Contribution] = {}
    for c in parts:
        if c.agency is None:
            continue
        first = seen.get(c.agency)
        if first is not None:
            problems.append(
                c.problem(
                    say(
                        "conflict.twice",
                        measure=n,
                        agency=c.agency,
                        name=name,
                        first=first.where,
                        second=c.where,
                    ),
                    code=Code.CONFLICT,
                    hint=say("hint.keep_one"),
                )
            )
            ok = False
        else:
            seen[c.agency] = c
    if len(parts) > 1:
        for c in parts:
            if c.agency is None:
                named = [o for o in parts if o.agency is not None]
                others = (
                    bi(
                        "、".join(f"{o.agency}（{o.where}）" for o in named),
                        ", ".join(f"{o.agency} ({o.where})" for o in named),
                    )
                    if named
                    else say("ui.another_file")
                )
                problems.append(
                    c.problem(
                        say("conflict.no_agency", measure=n, name=name, where=c.where, others=others),
                        code=Code.CONFLICT,
                        hint=say("hint.add_agency"),
                    )
                )
                ok = False
    if metric.combining == "single" and len(seen) > 1:
        a, b = list(seen.values())[:2]
        problems.append(
            b.problem(
                say(
                    "conflict.single",
                    measure=n,
                    name=name,
                    a=a.agency,
                    a_where=a.where,
                    b=b.agency,
                    b_where=b.where,
                ),
                code=Code.CONFLICT,
                hint=say("hint.remove_other", name=name),
            )
        )
        ok = False
    return ok


def _single_entry(c: Contribution) -> dict[str, Any]:
    out = _part(c)
    if "unit" in c.entry:
        out["unit"] = c.entry["unit"]
    if c.agency is not None:
        out["agency"] = c.agency
    return out


_KEY_ORDER = (
    "value",
    "milestone",
    "date",
    "not_reported",
    "unit",
    "agency",
    "period",
    "quote",
    "note",
    "by_agency",
    "origin",
)


def _in_order(entry: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order people read them: the figure first, its parts after."""
    return dict(sorted(entry.items(), key=lambda kv: _KEY_ORDER.index(kv[0])))


def _part(c: Contribution) -> dict[str, Any]:
    e = c.entry
    out: dict[str, Any] = {}
    if "value" in e:
        out["value"] = e["written"]
    elif "milestone" in e:
        out["milestone"] = e["milestone"]
        if "date" in e:
            out["date"] = e["date"]
    else:
        out["not_reported"] = e["not_reported"]
    if "period" in e:
        out["period"] = dict(e["period"])
    for k in ("quote", "note"):
        if k in e:
            out[k] = e[k]
    if c.origin is not None:
        out["origin"] = c.origin.model_dump(exclude_none=True)
    return out


def _number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _percent(c: Contribution) -> str:
    w = c.entry.get("written")
    return w.strip() if isinstance(w, str) and w.strip().endswith("%") else f"{format_number(c.value or 0)}%"


def _not_reported(parts: list[Contribution]) -> dict[str, Any]:
    reasons = "; ".join(
        f"{c.agency or '?'}: {c.entry['not_reported']}" for c in parts if "not_reported" in c.entry
    )
    return {"not_reported": reasons or _note("note.none_reported")}


def _note(key: str, **args: Any) -> str:
    """A note written into the report's data: plain text in the reader's language."""
    return render(key, current_language(), args)


def _milestones(
    metric: m.Metric, parts: list[Contribution], entry: dict[str, Any], how: str
) -> dict[str, Any]:
    order = [ms.id for ms in metric.milestones or []]
    reached = [c for c in parts if c.entry.get("milestone") in order]
    gaps = [c for c in parts if c.entry.get("milestone") not in order]
    if not reached or (how == "all" and gaps):
        return (
            _not_reported(parts)
            if not reached
            else {
                "not_reported": _note(
                    "note.milestone_gaps",
                    agencies=render("ui.list_sep", current_language()).join(
                        f"{c.agency or '?'}" for c in gaps
                    ),
                )
            }
        )
    pick = min if how == "all" else max
    best = pick(order.index(c.entry["milestone"]) for c in reached)
    entry["milestone"] = order[best]
    at = [c.entry.get("date") for c in reached if order.index(c.entry["milestone"]) == best]
    dates = [d for d in at if d is not None]
    if dates and len(dates) == len(at):
        entry["date"] = max(dates) if how == "all" else min(dates)
    return entry


def _ratio(
    n: int,
    name: str,
    metric: m.Metric,
    valued: list[Contribution],
    entry: dict[str, Any],
    problems: list[Problem],
    done: dict[int, dict[str, Combined]],
) -> dict[str, Any] | None:
    got = done.get(n, {})
    num, den = got.get(metric.numerator or ""), got.get(metric.denominator or "")
    a = num.value if num is not None else None
    b = den.value if den is not None else None
    if a is None or b is None or b == 0:
        lacking = metric.numerator if a is None else metric.denominator
        why = "no_basis.ratio_zero" if b == 0 and a is not None else "no_basis.ratio_missing"
        basis = {"numerator": metric.numerator, "denominator": metric.denominator}
        problems.append(
            valued[-1].problem(
                say(why, measure=n, name=name, lacking=lacking, **basis),
                code=Code.NO_BASIS,
                hint=say("hint.report_basis", name=name, **basis),
            )
        )
        return None
    ratio = Decimal(repr(a)) / Decimal(repr(b)) * (100 if metric.dimension == "percent" else 1)
    entry["value"] = float(ratio)
    entry["note"] = _note(
        "note.recomputed",
        numerator=metric.numerator,
        a=format_number(a),
        denominator=metric.denominator,
        b=format_number(b),
    )
    return entry


def _weighted(
    n: int,
    name: str,
    metric: m.Metric,
    valued: list[Contribution],
    entry: dict[str, Any],
    problems: list[Problem],
    done: dict[int, dict[str, Combined]],
) -> dict[str, Any] | None:
    basis = done.get(n, {}).get(metric.weight or "")
    weights = {c.agency: c.value for c in basis.contributions} if basis is not None else {}
    top, bottom = Decimal(0), Decimal(0)
    for c in valued:
        w = weights.get(c.agency)
        if w is None:
            problems.append(
                c.problem(
                    say("no_basis.weight", measure=n, name=name, agency=c.agency, weight=metric.weight),
                    code=Code.NO_BASIS,
                    hint=say("hint.report_weight", weight=metric.weight, agency=c.agency),
                )
            )
            return None
        top += Decimal(repr(c.value)) * Decimal(repr(w))
        bottom += Decimal(repr(w))
    if bottom == 0:
        problems.append(
            valued[-1].problem(say("no_basis.zero_weights", measure=n, name=name), code=Code.NO_BASIS)
        )
        return None
    entry["value"] = float(top / bottom)
    entry["note"] = _note("note.weighted", weight=metric.weight)
    return entry


def report_data(
    rules: RuleSet,
    year: int,
    combined: dict[int, dict[str, Combined]],
    submissions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The combined figures as report data (the format of a report file), in a stable order."""
    data: dict[str, Any] = {"year": year, "plan": rules.plan.title.zh}
    measures: dict[int, Any] = {}
    for n in sorted(combined):
        measures[n] = {"metrics": {name: c.entry for name, c in combined[n].items()}}
    data["measures"] = measures
    if submissions:
        data["submissions"] = submissions
    return data
