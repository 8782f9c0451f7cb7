"""Target specs: what compile.py makes of each target, the one input every back end runs from.

A spec is a small, immutable, explicit description of how one target of one plan year is judged.
It holds no pydantic model and no closure: plain numbers, strings, tuples and ``Expression`` objects.
The verdict evaluator (engine/evaluator.py), the generated kernel (engine/kernel.py), the numpy
columnar path (engine/columns.py) and the SQL / Spark back ends all read the same specs and apply the
rules of engine/judging.py to them. A new back end needs this docstring, judging.py and nothing else.

Values a back end receives
--------------------------
For every metric a target reads, a back end receives per report (per row) one of:

* a number (the metric's *total*): a plain reported value, or the sum of a per-agency split;
* nothing (None / NaN / SQL NULL): the metric was not reported (or reported ``not_reported``);
* for a milestone metric (``MetricSpec.milestones`` not empty): a milestone id (text) and, where a
  completion target has a deadline, the date it was reached (may be absent).

Columns are named ``"<measure>.<metric>"``; a milestone's date ``"<measure>.<metric>.date"``; one
agency's part of a split metric ``"<measure>.<metric>[<agency>]"`` (see ``MeasureSpec.split``).
If any part column of a row holds a value, the metric's value in that row is the sum of the parts
that hold one (the row reported the metric "summed", flag ``summed``); otherwise it is the plain
column.

The rules every back end applies (written once, in engine/judging.py)
-----------------------------------------------------------------------
Statuses, with the integer codes of the columnar API: ``met`` 0, ``unmet`` 1,
``not_applicable`` 2, ``missing`` 3.

1. *Judged value.* With ``Bounds.precision`` p not None, the value compared is the actual rounded
   half-up (away from zero at exactly .5, decimal arithmetic, as printed: 72.685 -> 72.69 at p=2)
   to p decimals; with p None the actual itself. ``Bounds.rounding`` names the rule ("half_up").
2. *Comparison.* A relative tolerance covers float noise of computed values:
   ``tolerance(b) = 1e-12 * max(1, |b|)``. The judged value j is accepted when it lies in the
   closed window ``[low - tolerance(low), high + tolerance(high)]``, where a missing ``low`` or
   ``high`` leaves that side open (at_least: only low; at_most: only high; equal: low == high;
   between: both).
3. *Margin* (how far on the right side, negative when short): at_least and equal ``j - low``,
   at_most ``high - j``, between ``min(j - low, high - j)``.
4. *Achievement rate* ``actual * 100 / base`` on the actual (not the judged) value, where
   base = ``high`` for at_most, ``low`` otherwise; None for between, for a base of 0, and for
   every target whose spec says ``rate=False`` (growth).
5. *Missing.* A target whose input is absent is ``missing`` with no actual and no rate. A computed
   value that is undefined (division by zero, not finite, growth over a zero baseline metric) is
   ``missing`` with flag ``undefined``.
6. *Provisional.* A value whose period ends before the plan year ends (``year_end``, 31 December of
   the plan year in the plan's calendar: ``calendar.Calendar.year_end``) makes the verdict ``provisional`` (flag); the status is still decided.
7. Flags, in this order when several apply: ``provisional``, ``summed``, then the kind's own flag
   (``not_reported``, ``inconsistent``, ``undefined``, ``unknown_milestone``, ``undated``).

Kinds (``TargetSpec.kind``) and what each adds
----------------------------------------------
* ``none`` (NoTargetSpec): always ``not_applicable``; reads nothing.
* ``threshold`` (ThresholdSpec): ``metric`` judged against ``bounds``.
* ``frequency`` (FrequencySpec): ``metric`` (a count) judged at_least ``required`` =
  units * times * per_year; ``bounds`` already holds that comparison, precision None.
* ``ratio`` (RatioSpec): ``expression`` over ``inputs`` (every metric it or ``requires`` names; all
  must be present, else missing) gives the actual, judged against ``bounds``. A ``requires`` check
  that is false adds flag ``inconsistent`` (the status is still decided). Division by zero or a
  non-finite result: missing + ``undefined``. Expressions use + - * / unary -, min, max, abs,
  numbers and metric names; requires may also use comparisons, and, or, not (``Expression.tree``
  is the parsed Python AST, already checked against that subset).
* ``growth`` (GrowthSpec): actual = ``(current - base) / base * 100`` where current is ``metric``
  and base is the fixed ``baseline`` or the metric ``baseline_metric``; judged against ``bounds``;
  never an achievement rate (``rate`` False). A base of 0: missing + ``undefined``.
* ``completion`` (CompletionSpec): the reported milestone id's position k (0-based) in
  ``milestones``; an id not in the list: missing + ``unknown_milestone``. Met when
  k >= ``need`` and, with a ``deadline``, the reported date is not None and <= deadline; a deadline
  with no date: unmet + ``undated``. actual = k + 1, target value = need + 1, margin = k - need.
* ``composite`` (CompositeSpec): over the statuses of ``members`` (targets of the same measure and
  year, evaluated before it: see ``MeasureSpec.targets``): met count n, missing count x; met when
  n >= ``need``, else missing when n + x >= need (the missing members could still decide it), else
  unmet. actual = n, margin = n - need. Flag provisional when a member is provisional.
* ``breakdown`` (BreakdownSpec): ``metric`` split by agency. The actual is the metric's total. The
  checks are: the total against ``total`` (when not None and ``require`` is all or total) and each
  part's agency value against its own at_least bound (``require`` all or parts); a part whose
  agency value is absent (the metric not split, or the agency not in the split) is missing. Status:
  missing if a check is missing, met if all are met (or there are none), else unmet; the target
  is missing outright when the metric is absent. Rate: against ``total`` when given, else against
  ``goal`` (sum of the parts).

Immutability: every class is a frozen dataclass with tuples for sequences, so specs can be shared,
cached and hashed by identity; back ends never mutate them. Changes to this module are additive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from target_rules.language.expression import Expression
from target_rules.language.model import Text

__all__ = [
    "Bounds",
    "BreakdownSpec",
    "Comparator",
    "CompletionSpec",
    "CompositeSpec",
    "FrequencySpec",
    "GrowthSpec",
    "Label",
    "MeasureSpec",
    "MetricSpec",
    "NoTargetSpec",
    "PartSpec",
    "RatioSpec",
    "TargetSpec",
    "ThresholdSpec",
]

Comparator = Literal["at_least", "at_most", "equal", "between"]
Every = Literal["year", "half", "quarter", "month", "week"]
PER_YEAR: dict[str, int] = {"year": 1, "half": 2, "quarter": 4, "month": 12, "week": 52}


@dataclass(frozen=True, slots=True)
class Label:
    """Bilingual text; ``en`` already falls back to ``zh`` so consumers never need to."""

    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        """A fresh {"zh", "en"} dict, the shape Verdict labels take."""
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True, slots=True)
class Bounds:
    """A comparator with its bounds, precision and rounding rule.

    ``low``/``high``: at_least has low only, at_most high only, equal low == high, between both
    (low <= high). ``precision``: decimals the actual is rounded to before comparing, or None.
    """

    comparator: Comparator
    low: float | None
    high: float | None
    precision: int | None = None
    rounding: Literal["half_up"] = "half_up"

    @classmethod
    def at_least(cls, low: float, precision: int | None = None) -> Bounds:
        return cls("at_least", float(low), None, precision)

    @property
    def target(self) -> float | None:
        """The value a verdict names as its target: high for at_most, low otherwise."""
        return self.high if self.comparator == "at_most" else self.low

    @property
    def rate_base(self) -> float | None:
        """What the achievement rate divides by: None when there is no rate (between, zero)."""
        if self.comparator == "between":
            return None
        base = self.target
        return base if base else None


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric a target reads: unit, label and, for a milestone metric, its ordered milestone ids."""

    name: str
    unit: str
    label: Label
    milestones: tuple[str, ...] = ()  # non-empty exactly for unit "milestone"


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetSpec:
    """What every target has. ``inputs``: the metrics it reads, in a fixed order (see each kind).

    ``id``, ``label``, ``agency``, ``decision`` are for presentation only; no rule depends on them.
    """

    id: str
    kind: str
    label: Label
    agency: str | None = None
    decision: Text | None = None  # bilingual: the zh text is authoritative
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NoTargetSpec(TargetSpec):
    """目標值「無」: not_applicable, never unmet."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdSpec(TargetSpec):
    """``metric`` compared with ``bounds``; ``inputs`` == (metric,)."""

    metric: MetricSpec
    bounds: Bounds


@dataclass(frozen=True, slots=True, kw_only=True)
class FrequencySpec(TargetSpec):
    """units bodies x times occurrences per ``every``: ``bounds`` is at_least ``required``."""

    metric: MetricSpec
    bounds: Bounds
    units: int
    times: int
    every: Every
    per_year: int  # periods of ``every`` in a year: 1, 2, 4, 12, 52

    @property
    def required(self) -> int:
        return self.units * self.times * self.per_year


@dataclass(frozen=True, slots=True, kw_only=True)
class RatioSpec(TargetSpec):
    """``expression`` over ``inputs`` (sorted metric names) compared with ``bounds``."""

    expression: Expression
    requires: tuple[Expression, ...]
    unit: str
    bounds: Bounds


@dataclass(frozen=True, slots=True, kw_only=True)
class GrowthSpec(TargetSpec):
    """Growth of ``metric`` over a fixed ``baseline`` or ``baseline_metric``, in percent.

    ``inputs`` == (metric,) or (metric, baseline_metric). Exactly one of baseline and
    baseline_metric is set; a fixed baseline is never 0 (the model refuses it). ``rate`` is False.
    """

    metric: MetricSpec
    baseline: float | None
    baseline_metric: str | None
    bounds: Bounds
    rate: bool = False
    unit: str = "%"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompletionSpec(TargetSpec):
    """A milestone metric reaching ``reach`` (index ``need`` in metric.milestones) by ``deadline``."""

    metric: MetricSpec
    reach: str
    need: int
    deadline: dt.date | None
    milestone_labels: tuple[Label, ...] = ()  # parallel to metric.milestones


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositeSpec(TargetSpec):
    """``mode`` all / any / at_least (k) of ``members``; ``need`` is how many must be met."""

    members: tuple[str, ...]
    mode: Literal["all", "any", "at_least"]
    need: int


@dataclass(frozen=True, slots=True)
class PartSpec:
    """One agency's own target within a breakdown: the agency's value at_least ``bounds.low``."""

    agency: str
    bounds: Bounds


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakdownSpec(TargetSpec):
    """``metric`` split by agency: each part and / or the total, as ``require`` says."""

    metric: MetricSpec
    parts: tuple[PartSpec, ...]
    total: Bounds | None  # at_least the total, when the target gives one
    require: Literal["all", "total", "parts"]
    goal: float  # the target value a verdict names: the total, else the sum of the parts

    @property
    def rate_base(self) -> float | None:
        """The achievement rate's base: the total when given, else the sum of the parts."""
        if self.total is not None:
            return self.total.rate_base
        return self.goal or None


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    """Every target of one measure in one plan year, in the order a back end must evaluate them.

    ``targets``: dependency order (a composite after its members). ``order``: the ids in the order
    the year's targets are written, the order verdicts are reported in. ``part_of``: (member id,
    composite id) pairs. ``inputs``: every metric any target reads, first-use order. ``split``:
    (metric, agencies) for each metric a breakdown reads per agency. ``metrics``: the measure's
    declared metrics by name.
    """

    measure: int
    year: int
    targets: tuple[TargetSpec, ...]
    order: tuple[str, ...]
    part_of: tuple[tuple[str, str], ...] = ()
    inputs: tuple[str, ...] = ()
    split: tuple[tuple[str, tuple[str, ...]], ...] = ()
    metrics: tuple[MetricSpec, ...] = ()

    def target(self, target_id: str) -> TargetSpec:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)

    def metric(self, name: str) -> MetricSpec:
        for x in self.metrics:
            if x.name == name:
                return x
        raise KeyError(name)
