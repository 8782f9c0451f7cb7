"""Verdicts: the facts of one target's judgement, and the evaluation that collects them.

Facts are computed on the evaluation path; the explanation text is rendered lazily from them (see
explain.py), so batch evaluation pays nothing for prose nobody reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from target_rules.language.model import Text

from target_rules.engine.explain import explain
from target_rules.language.plan import AgencyRegistry, Plan
from target_rules.quantities import decimal_float
from target_rules.status import MeasureStatus, Status

__all__ = ["Evaluation", "MeasureResult", "MeasureStatus", "Status", "Verdict"]


@dataclass(slots=True, eq=False)
class Verdict:
    """One target's judgement. ``explanation`` is {"zh": ..., "en": ...}, built on first access."""

    measure: int
    year: int
    target_id: str
    kind: str
    status: Status
    label: dict[str, str]
    actual: float | None = None
    target_value: float | None = None
    comparator: str | None = None  # at_least, at_most, equal, between, reach, all, any, at_least_k
    unit: str | None = None
    judged: float | None = None  # actual rounded to the target's precision
    precision: int | None = None
    margin: float | None = None  # how far on the right side of the target (negative: short)
    achievement_rate: float | None = None  # actual / target * 100
    flags: tuple[str, ...] = ()
    agency: str | None = None
    metric_label: dict[str, str] | None = None
    quotes: tuple[str, ...] = ()
    period_end: dt.date | None = None
    parts: tuple[Verdict, ...] = ()  # breakdown per agency, composite members
    part_of: str | None = None  # id of the composite that lists this target
    decision: Text | None = None  # the rule's decision note, {zh, en}
    detail: dict[str, Any] = field(default_factory=dict)  # kind-specific facts (milestones, k, ...)
    # the agency as the plan's registry names it, {zh: canonical, en: English} (set by evaluate)
    agency_label: dict[str, str] | None = None
    _explanation: dict[str, str] | None = None

    @property
    def explanation(self) -> dict[str, str]:
        if self._explanation is None:
            self._explanation = explain(self)
        return self._explanation

    @property
    def is_top_level(self) -> bool:
        return self.part_of is None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "measure": self.measure,
            "target": self.target_id,
            "kind": self.kind,
            "status": str(self.status),
            "label": self.label,
            "actual": _exact(self.actual),
            "target_value": _exact(self.target_value),
            "comparator": self.comparator,
            "unit": self.unit,
            "judged": _exact(self.judged),
            "margin": _exact(self.margin),
            "achievement_rate": None if self.achievement_rate is None else round(self.achievement_rate, 4),
            "flags": list(self.flags),
            "agency": self.agency,
            "explanation": self.explanation,
        }
        if self.agency_label:
            d["agency_label"] = dict(self.agency_label)
        if self.quotes:
            d["quotes"] = list(self.quotes)
        if self.period_end is not None:
            d["period_end"] = self.period_end.isoformat()
        if self.part_of:
            d["part_of"] = self.part_of
        if self.decision:
            d["decision"] = {"zh": self.decision.zh, "en": self.decision.get("en")}
        if self.detail:
            d["detail"] = {
                k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.detail.items()
            }
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        return d


def _exact(value: float | None) -> float | None:
    """A judged figure as the decimal it stands for (margin 2.69, not 2.6899999999999977)."""
    return None if value is None else decimal_float(value)


@dataclass(slots=True)
class MeasureResult:
    measure: int
    strategy: int
    strategy_title: dict[str, str]
    title: dict[str, str]
    agencies: tuple[str, ...]
    status: MeasureStatus
    verdicts: list[Verdict]

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "strategy": self.strategy,
            "title": self.title,
            "agencies": list(self.agencies),
            "status": str(self.status),
            "targets": [v.target_id for v in self.verdicts],
        }


def measure_status(verdicts: list[Verdict]) -> MeasureStatus:
    """Aggregate the top-level targets: all met, some met, none met, nothing to judge.

    One pass with counters: this runs once per measure of every evaluated report."""
    met = missing = applicable = 0
    for v in verdicts:
        if v.part_of is None and v.status is not Status.NOT_APPLICABLE:
            applicable += 1
            if v.status is Status.MET:
                met += 1
            elif v.status is Status.MISSING:
                missing += 1
    if not applicable:
        return MeasureStatus.NOT_APPLICABLE
    if met == applicable:
        return MeasureStatus.MET
    if missing == applicable:
        return MeasureStatus.MISSING
    if met:
        return MeasureStatus.PARTIALLY_MET
    return MeasureStatus.UNMET


@dataclass
class Evaluation:
    """All verdicts of one year, grouped by measure, with a summary by status and by strategy."""

    year: int
    verdicts: list[Verdict]
    measures: list[MeasureResult]
    notes: list[str] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)  # the rule set's plan: title and calendar for headings
    # the rule set's agency registry: every renderer names an agency through it (agency_label)
    agencies: AgencyRegistry = field(default_factory=lambda: AgencyRegistry(declared=False))

    def agency_label(self, name: str, lang: str) -> str:
        """``name`` as the plan names it in ``lang`` (canonical zh, the registry's English), or as
        written when the registry does not know it (a rule set without plan.yaml)."""
        return self.agencies.label(name, lang)

    def verdict(self, target_id: str) -> Verdict:
        for v in self.verdicts:
            if v.target_id == target_id:
                return v
        raise KeyError(target_id)

    @property
    def summary(self) -> dict[str, Any]:
        top = [v for v in self.verdicts if v.part_of is None]
        by_status = Counter(str(v.status) for v in top)
        strategies: dict[int, dict[str, Any]] = {}
        for m in self.measures:
            s = strategies.setdefault(
                m.strategy,
                {"strategy": m.strategy, "title": m.strategy_title, "measures": 0, "targets": Counter()},
            )
            s["measures"] += 1
            s["targets"].update(str(v.status) for v in m.verdicts if v.part_of is None)
        return {
            "measures": len(self.measures),
            "targets": len(top),
            "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
            "provisional": sum(1 for v in top if "provisional" in v.flags),
            "measures_by_status": {
                s.value: sum(1 for m in self.measures if m.status is s) for s in MeasureStatus
            },
            "by_strategy": [
                {**s, "targets": {st.value: s["targets"].get(st.value, 0) for st in Status}}
                for _, s in sorted(strategies.items())
            ],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": {
                "title": {"zh": self.plan.title.zh, "en": self.plan.title.en or self.plan.title.zh},
                "calendar": str(self.plan.calendar),  # how to read "year": roc (107 = 2018) or gregorian
            },
            "year": self.year,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "measures": [
                {
                    **m.to_dict(),
                    "agency_labels": [
                        {"zh": self.agency_label(a, "zh"), "en": self.agency_label(a, "en")}
                        for a in m.agencies
                    ],
                }
                for m in self.measures
            ],
            "summary": self.summary,
            "notes": list(self.notes),
        }
