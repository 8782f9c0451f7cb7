"""Who owes what: the targets of a year, the metrics they need, and the agencies that report them.

A target's or metric's ``agency`` field, else the measure's agencies, decide who owes a metric; a
breakdown target's parts name the agencies whose own figures it needs. Names are compared through
the rule set's agency registry (language/plan.py), so 法務部(廉政署) and 法務部廉政署 are one owner;
a group such as 各機關 (every agency) accepts figures from anyone but obliges no one in particular.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.language.plan import AgencyRegistry

__all__ = ["Owed", "agency_matches", "metric_owners", "obligations", "owed_targets"]

_NORMAL = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": "", "，": "、", ",": "、"})


def _agency_parts(name: str) -> tuple[str, set[str]]:
    s = name.translate(_NORMAL)
    base, _, rest = s.partition("(")
    return base, {x for x in re.split(r"[、)(]", rest) if x}


def agency_matches(who: str, owner: str, registry: AgencyRegistry | None = None) -> bool:
    """Does the agency ``who`` fall under ``owner``? 法務部 matches 法務部(廉政署) and back;
    法務部(廉政署) matches 法務部（檢察司、調查局、廉政署）; 各機關 (every agency) matches anyone.
    With a registry, names are compared as the agencies they denote; a plan's registry (plan.yaml)
    is exact (法務部 is not 法務部廉政署), a registry guessed from the rules falls back to the text."""
    if registry is not None:
        mine, theirs = registry.find_all(who), registry.find_all(owner)
        if theirs is not None and any(a.group for a in theirs) and not (mine and any(a.group for a in mine)):
            return True
        if mine is not None and theirs is not None and {id(a) for a in mine} & {id(a) for a in theirs}:
            return True
        if registry.declared and mine is not None and theirs is not None:
            return False  # a plan's registry says who is who: a ministry is not its agencies
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
        return str(self.target.id)


def metric_owners(measure: m.Measure, name: str, target: Any = None) -> list[str]:
    """The names (as the rule writes them) of who owes metric ``name``."""
    metric = measure.metrics[name]
    if metric.agency:
        return [metric.agency]
    if metric.agencies:
        return list(metric.agencies)
    if target is not None and target.agency:
        return [target.agency]
    return list(measure.agencies)


def owed_targets(
    rules: RuleSet, year: int, agency: str | None = None, measures: Iterable[int] | None = None
) -> list[Owed]:
    """Targets of ``year`` (in the given measures, or all) and the metrics they need from ``agency``
    (or from anyone when agency is None)."""
    wanted = None if measures is None else set(measures)
    registry = rules.agencies
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
            mine = [
                p
                for p in getattr(t, "parts", {})
                if agency is None or _part_of(agency, p, cm.measure, t, registry)
            ]
            for name in ct.metrics:
                owners = metric_owners(cm.measure, name, t)
                if agency is None or any(agency_matches(agency, o, registry) for o in owners):
                    names.append(name)
                elif isinstance(t, m.BreakdownTarget) and mine:
                    names.append(name)
            if isinstance(t, m.BreakdownTarget) and t.parts and t.require != "total":
                parts = tuple(mine)
                if agency is not None and t.agency is None and not parts and not names:
                    continue
            if names:
                out.append(Owed(n, t, tuple(names), parts))
    return out


def _part_of(agency: str, part: str, measure: m.Measure, t: Any, registry: AgencyRegistry) -> bool:
    """Does ``agency`` report the part ``part`` of breakdown ``t``? Its own part, yes; a group's part
    (大專校院) is reported by the metric's named owners (教育部), not by anyone."""
    found = registry.find_all(part)
    if found is not None and found and all(a.group for a in found):
        owners = metric_owners(measure, t.metric, t)
        named = [o for o in owners if not all(a.group for a in registry.find_all(o) or [])]
        return any(agency_matches(agency, o, registry) for o in named)
    return agency_matches(agency, part, registry)


def obligations(rules: RuleSet, year: int) -> dict[str, list[tuple[int, str]]]:
    """Canonical agency name -> the (measure, metric) pairs it must report in ``year``.

    Only named agencies owe: a group owner (各機關, 大專校院) accepts figures but obliges nobody; the
    named owners report for it. A breakdown part's agency owes its part of the metric."""
    registry = rules.agencies
    out: dict[str, list[tuple[int, str]]] = {}

    def owe(name: str, key: tuple[int, str]) -> None:
        for agency in registry.find_all(name) or []:
            if agency.group:
                continue
            got = out.setdefault(agency.name, [])
            if key not in got:
                got.append(key)

    for cm in rules:
        n = cm.measure.measure
        if year not in cm.years:
            continue
        for ct in cm.years[year]:
            t = ct.target
            for name in ct.metrics:
                owners = metric_owners(cm.measure, name, t)
                if isinstance(t, m.BreakdownTarget) and name == t.metric:
                    owners = [*owners, *t.parts]  # a part's agency owes its own figure
                for owner in owners:
                    owe(owner, (n, name))
    return {k: sorted(v) for k, v in out.items()}
