"""The rule language and the report format, as pydantic models.

These models are the single definition of both formats: the loader validates against them,
``target-rules schema`` prints their JSON Schema, and the compiler reads them.

A rule file describes one Measure (執行措施) of the plan; per plan year it lists Targets.
A report gives, per measure, the ReportedValue of each metric.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from target_rules.quantities import MAX_YEAR, MIN_YEAR, QuantityError, parse_date, parse_quantity

__all__ = [
    "BreakdownTarget",
    "CompletionTarget",
    "CompositeTarget",
    "Example",
    "FrequencyTarget",
    "GrowthTarget",
    "Measure",
    "MeasureReport",
    "Metric",
    "Milestone",
    "NoTarget",
    "Origin",
    "Period",
    "RatioTarget",
    "Report",
    "ReportedValue",
    "Strategy",
    "SubmissionRecord",
    "Target",
    "Text",
    "ThresholdTarget",
    "YearTargets",
    "dimension_of",
    "exact_sum",
]

# Units a count may be written in (件, 場次 ...); "%" is a percent; 元 is money.
COUNT_UNITS = frozenset(
    "件 場 場次 人 人次 家 所 門 案 次 線 項 戶 校 個 則 份 篇 種 本 批 筆 名 位 處 期 季 月 年".split()
)
PERCENT_UNITS = frozenset({"%", "percent", "百分比"})
MONEY_UNITS = frozenset({"元", "NT$", "新臺幣元", "新台幣元", "TWD"})


# A date as written: ISO (2024-10-31) or ROC (113-10-31, 民國113年10月31日); see quantities.parse_date.
# The schema says string, not format: date, so an editor does not flag the ROC form.
Date = Annotated[
    dt.date,
    BeforeValidator(lambda v: parse_date(v) if isinstance(v, str) else v),
    WithJsonSchema({"type": "string", "examples": ["2024-10-31", "113-10-31"]}),
]


def dimension_of(unit: str) -> Literal["percent", "money", "count", "other"]:
    """What kind of quantity a unit measures: decides integer and 0-100 checks."""
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in MONEY_UNITS:
        return "money"
    if unit in COUNT_UNITS:
        return "count"
    return "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """Bilingual text: zh-TW always, English optional. A plain string means zh."""

    zh: str = Field(min_length=1)
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, v: Any) -> Any:
        return {"zh": v} if isinstance(v, str) else v

    def get(self, lang: str) -> str:
        return (self.en or self.zh) if lang == "en" else self.zh


def _number(v: Any) -> float:
    """Validator: accept numbers as people write them; the error says why not."""
    if isinstance(v, float | int | str) and not isinstance(v, bool):
        try:
            return parse_quantity(v).value
        except QuantityError as exc:
            raise ValueError(exc.reason) from None
    raise ValueError(f"expected a number such as 280, '1億', '72.69%', found {type(v).__name__}")


# A plan year in the plan's calendar (plan.yaml): ROC 107 (= 2018) or Gregorian 2018. A file is read
# before its plan is known, so the bounds here are either calendar's (quantities.MIN_YEAR..MAX_YEAR);
# load_rules and the submission checks hold each year to the plan's own calendar (calendar.Calendar).
YEAR_DESCRIPTION = "plan year in the plan's calendar: ROC 107 (= 2018) or, for calendar: gregorian, 2018"
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=YEAR_DESCRIPTION)]
Number = Annotated[float, Field(json_schema_extra={"examples": [280, "1億", "72.69%", "1,129萬5,690"]})]
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=_IDENT, description="a metric name usable in expressions")]


class Strategy(_Strict):
    """具體策略: one of the plan's strategies (一 ... 九)."""

    number: int = Field(ge=1, description="1 for 一、, 9 for 九、")
    title: Text


class Milestone(_Strict):
    """One step of a deliverable, in order (e.g. drafted -> submitted to the Executive Yuan)."""

    id: Identifier
    label: Text


class Metric(_Strict):
    """A quantity the measure's agencies report. ``unit`` decides which checks apply.

    When several agencies report it, ``combine`` (or ``numerator``/``denominator``, or ``weight``)
    says how their values make one figure; see ``combining``.
    """

    label: Text
    unit: str = Field(min_length=1, description="件, 場次, 人, %, 元 ...; 'milestone' for deliverables")
    integer: bool | None = Field(None, description="default: true for count units")
    milestones: list[Milestone] | None = Field(
        None, description="for unit 'milestone': the ordered steps a deliverable passes through"
    )
    agency: str | None = Field(None, description="the agency expected to report it, if only one")
    agencies: list[str] | None = Field(
        None, description="the agencies expected to report it, when several but not all of the measure's"
    )
    combine: Literal["sum", "all", "any", "single"] | None = Field(
        None,
        description="how the values of several agencies make one figure: sum (counts and money, the "
        "default), all / any (milestones: reached when every / some agency reached it; default all), "
        "single (only one agency may report it). A percentage takes numerator and denominator, or weight.",
    )
    numerator: Identifier | None = Field(
        None, description="for a rate: the metric counted above the line (rate = numerator / denominator)"
    )
    denominator: Identifier | None = Field(None, description="for a rate: the metric counted below the line")
    weight: Identifier | None = Field(
        None, description="for a percentage: the metric each agency's percentage is weighted by"
    )

    @model_validator(mode="after")
    def _combine_fits_the_unit(self) -> Metric:
        if self.agency is not None and self.agencies is not None:
            raise ValueError("give agency (one) or agencies (several), not both")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("give numerator and denominator together")
        if self.numerator is not None and self.weight is not None:
            raise ValueError("give numerator/denominator or weight, not both")
        basis = self.numerator is not None or self.weight is not None
        if basis and self.combine is not None:
            raise ValueError("numerator/denominator and weight already say how parts combine: drop combine")
        if basis and self.unit == "milestone":
            raise ValueError("a milestone has no numerator, denominator or weight")
        if self.combine in ("all", "any") and self.unit != "milestone":
            raise ValueError(f"combine: {self.combine} is for milestones; use sum or single for numbers")
        if self.combine == "sum" and self.unit == "milestone":
            raise ValueError("milestones cannot be summed: use combine all or any")
        if self.combine == "sum" and dimension_of(self.unit) == "percent":
            raise ValueError(
                "percentages cannot be summed: declare numerator and denominator, or a weight, "
                "or combine: single"
            )
        return self

    @property
    def combining(self) -> str:
        """How parts combine: sum, all, any, single, ratio (numerator/denominator), weighted, or
        none (a percentage with no declared basis: several agencies' values are an error)."""
        if self.numerator is not None:
            return "ratio"
        if self.weight is not None:
            return "weighted"
        if self.combine is not None:
            return self.combine
        if self.unit == "milestone":
            return "all"
        return "none" if dimension_of(self.unit) == "percent" else "sum"

    @model_validator(mode="after")
    def _milestones_only_for_deliverables(self) -> Metric:
        if self.unit == "milestone" and not self.milestones:
            raise ValueError("a metric with unit 'milestone' must list its milestones")
        if self.unit != "milestone" and self.milestones:
            raise ValueError("only a metric with unit 'milestone' may list milestones")
        if self.milestones:
            ids = [m.id for m in self.milestones]
            dup = {i for i in ids if ids.count(i) > 1}
            if dup:
                raise ValueError(f"milestone ids repeat: {sorted(dup)}")
        return self

    @property
    def dimension(self) -> str:
        return "milestone" if self.unit == "milestone" else dimension_of(self.unit)

    @property
    def is_integer(self) -> bool:
        return self.integer if self.integer is not None else self.dimension == "count"


class _TargetBase(_Strict):
    id: str = Field(min_length=1, description='numbering of the year\'s target text, e.g. "1.1" or "45.2"')
    label: Text
    agency: str | None = Field(None, description="the agency that owes this target, if not the whole measure")
    decision: Text | None = Field(
        None,
        description="why the target is written this way where the source is ambiguous: {zh, en} "
        "(the zh text is authoritative); a plain string is shown as written in both languages",
    )
    source: str | None = Field(None, description="the target as the plan states it (quote)")
    line: int | None = Field(None, exclude=True, description="filled in by the loader")


class _Comparison(_TargetBase):
    """at_least / at_most / equal / between: exactly one is given."""

    at_least: Number | None = None
    at_most: Number | None = None
    equal: Number | None = None
    between: tuple[Number, Number] | None = None
    precision: int | None = Field(
        None, ge=0, le=6, description="judge the value rounded half-up to this many decimals"
    )

    @field_validator("at_least", "at_most", "equal", mode="before")
    @classmethod
    def _parse_bound(cls, v: Any) -> Any:
        return None if v is None else _number(v)

    @field_validator("between", mode="before")
    @classmethod
    def _parse_between(cls, v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, list | tuple) or len(v) != 2:
            raise ValueError("between takes two values: [low, high]")
        return (_number(v[0]), _number(v[1]))

    @model_validator(mode="after")
    def _one_comparator(self) -> Any:
        given = [k for k in ("at_least", "at_most", "equal", "between") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of at_least, at_most, equal, between"
                + (f" (found {', '.join(given)})" if given else " (found none)")
            )
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError(f"between: low {self.between[0]} is above high {self.between[1]}")
        return self

    @property
    def comparator(self) -> str:
        for k in ("at_least", "at_most", "equal", "between"):
            if getattr(self, k) is not None:
                return k
        raise AssertionError("validated: one comparator is set")


class ThresholdTarget(_Comparison):
    """A reported metric compared with a value: 「政府採購稽核 280 件」."""

    kind: Literal["threshold"]
    metric: Identifier


class RatioTarget(_Comparison):
    """An expression over metrics (simpleeval), then compared: ``approved / received * 100``."""

    kind: Literal["ratio"]
    expression: str = Field(min_length=1)
    unit: str = "%"
    requires: list[str] = Field(
        default_factory=list,
        description="consistency checks over metrics, e.g. 'approved <= received'",
    )


class GrowthTarget(_Comparison):
    """Change of a metric against a baseline, in percent: 「年成長率 20%」."""

    kind: Literal["growth"]
    metric: Identifier
    baseline: Number | None = Field(None, description="a fixed baseline value")
    baseline_metric: Identifier | None = Field(None, description="or a reported metric as the baseline")

    @field_validator("baseline", mode="before")
    @classmethod
    def _parse_baseline(cls, v: Any) -> Any:
        return None if v is None else _number(v)

    @model_validator(mode="after")
    def _one_baseline(self) -> GrowthTarget:
        if (self.baseline is None) == (self.baseline_metric is None):
            raise ValueError("give exactly one of baseline or baseline_metric")
        if self.baseline == 0:
            raise ValueError("a baseline of 0 makes growth undefined")
        return self


class CompletionTarget(_TargetBase):
    """A deliverable reaching a milestone, optionally by a deadline: 「陳報行政院核定」."""

    kind: Literal["completion"]
    metric: Identifier = Field(description="a metric with unit 'milestone'")
    reach: Identifier = Field(description="the milestone required")
    deadline: Date | None = None


class FrequencyTarget(_TargetBase):
    """A recurring obligation: 22 offices x once a quarter = 88 meetings."""

    kind: Literal["frequency"]
    metric: Identifier = Field(description="the count of occurrences reported")
    units: int = Field(1, ge=1, description="how many bodies owe it (e.g. 22 district prosecutors offices)")
    times: int = Field(1, ge=1, description="occurrences per unit per period")
    every: Literal["year", "half", "quarter", "month", "week"] = "year"

    @property
    def required(self) -> int:
        per_year = {"year": 1, "half": 2, "quarter": 4, "month": 12, "week": 52}[self.every]
        return self.units * self.times * per_year


class CompositeTarget(_TargetBase):
    """All / any / at least k of other targets of the same year."""

    kind: Literal["composite"]
    of: list[str] = Field(min_length=1, description="ids of targets of the same year")
    mode: Literal["all", "any", "at_least"] = "all"
    k: int | None = Field(None, ge=1, description="for mode at_least")

    @model_validator(mode="after")
    def _k_for_at_least(self) -> CompositeTarget:
        if (self.mode == "at_least") != (self.k is not None):
            raise ValueError("k is required for mode at_least and only allowed there")
        if self.k is not None and self.k > len(self.of):
            raise ValueError(f"k={self.k} is more than the {len(self.of)} targets listed")
        return self


class BreakdownTarget(_TargetBase):
    """One target split by agency: each agency's own value and, optionally, the total."""

    kind: Literal["breakdown"]
    metric: Identifier
    parts: dict[str, Number] = Field(default_factory=dict, description="agency -> its own target")
    total: Number | None = None
    require: Literal["all", "total", "parts"] = Field(
        "all", description="met when: all parts and the total / the total only / every part"
    )

    @field_validator("parts", mode="before")
    @classmethod
    def _parse_parts(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _number(x) for k, x in v.items()}
        return v

    @field_validator("total", mode="before")
    @classmethod
    def _parse_total(cls, v: Any) -> Any:
        return None if v is None else _number(v)

    @model_validator(mode="after")
    def _something_to_judge(self) -> BreakdownTarget:
        if not self.parts and self.total is None:
            raise ValueError("a breakdown needs parts, a total, or both")
        if self.require == "total" and self.total is None:
            raise ValueError("require: total needs a total")
        if self.require == "parts" and not self.parts:
            raise ValueError("require: parts needs parts")
        return self


class NoTarget(_TargetBase):
    """目標值「無」: the plan sets no target; the verdict is not_applicable, never unmet."""

    kind: Literal["none"]


Target = Annotated[
    ThresholdTarget
    | RatioTarget
    | GrowthTarget
    | CompletionTarget
    | FrequencyTarget
    | CompositeTarget
    | BreakdownTarget
    | NoTarget,
    Field(discriminator="kind"),
]


class YearTargets(_Strict):
    """The targets of one plan year, as numbered in that year's 績效目標值 text."""

    text: str | None = Field(None, description="the year's target text as the plan prints it")
    targets: list[Target] = Field(description="an empty list is an error; write kind: none for 無")

    @model_validator(mode="after")
    def _ids_unique(self) -> YearTargets:
        ids = [t.id for t in self.targets]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"target ids repeat: {dup}")
        return self


class Example(_Strict):
    """A worked case inside a rule file: given values, the expected verdict per target."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    year: Year
    values: dict[str, Any] = Field(default_factory=dict, description="metric -> value, as in a report")
    expect: dict[str, Any] = Field(description="target id -> status, or {status, achievement_rate, flags}")


class Measure(_Strict):
    """One 執行措施 of the plan, with its targets per year."""

    measure: int = Field(ge=1, description="序次")
    strategy: Strategy
    title: Text = Field(description="執行措施")
    goal: Text | None = Field(None, description="績效目標")
    agencies: list[str] = Field(min_length=1, description="辦理機關")
    indicator: Text | None = Field(None, description="績效衡量指標")
    metrics: dict[Identifier, Metric] = Field(default_factory=dict)
    years: dict[Year, YearTargets]
    notes: str | None = None
    examples: list[Example] = Field(default_factory=list)

    @model_validator(mode="after")
    def _combine_references(self) -> Measure:
        for name, metric in self.metrics.items():
            for role in ("numerator", "denominator", "weight"):
                ref = getattr(metric, role)
                if ref is None:
                    continue
                other = self.metrics.get(ref)
                if other is None:
                    known = ", ".join(sorted(self.metrics))
                    raise ValueError(
                        f"metric {name!r}: {role} {ref!r} is not a metric of this measure ({known})"
                    )
                if ref == name or other.dimension in ("milestone", "percent"):
                    raise ValueError(
                        f"metric {name!r}: {role} {ref!r} must be another metric counted in numbers, not "
                        f"{'itself' if ref == name else other.unit}"
                    )
        return self


# ---------------------------------------------------------------------------------------------
# Reports


class Period(_Strict):
    """The span a figure covers; a period ending before the year ends makes verdicts provisional."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class Origin(_Strict):
    """Where a value was written: the file and its line, or its sheet and cell."""

    file: str
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}[{self.sheet}]!{self.cell}" if self.sheet else f"{self.file}!{self.cell}"
        return f"{self.file}:{self.line}" if self.line is not None else self.file


class AgencyValue(_Strict):
    """One agency's part of a figure: a value, a milestone it reached, or the reason it has none."""

    value: Number | None = None
    milestone: str | None = None
    date: dt.date | None = None
    not_reported: str | None = None
    quote: str | None = None
    period: Period | None = None
    note: str | None = Field(None, description="how the part was derived, where it is not a plain quote")
    origin: Origin | None = Field(None, description="where the part was written (filled in by collect)")

    @field_validator("value", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        return None if v is None else _number(v)

    @model_validator(mode="after")
    def _one_kind(self) -> AgencyValue:
        given = [k for k in ("value", "milestone", "not_reported") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of value, milestone, not_reported"
                + (f" (found {', '.join(given)})" if given else " (found none)")
            )
        return self


def exact_sum(values: Any) -> float:
    """Sum as written, in decimal: 0.1 + 0.2 is 0.3, and a long column adds up to the cent."""
    return float(sum((Decimal(repr(v)) for v in values), Decimal(0)))


class ReportedValue(_Strict):
    """One metric as reported: a value, a per-agency split, a milestone, or not_reported."""

    value: Number | None = None
    unit: str | None = None
    agency: str | None = None
    period: Period | None = None
    quote: str | None = Field(None, description="the exact words of the source this was taken from")
    by_agency: dict[str, AgencyValue] | None = None
    milestone: str | None = Field(None, description="for deliverables: the milestone reached")
    date: Date | None = Field(
        None, description="when the milestone was reached (2024-10-31 or ROC 113-10-31)"
    )
    not_reported: str | None = Field(None, description="the reason no value is given")
    note: str | None = Field(None, description="how the value was derived, where it is not a plain quote")
    origin: Origin | None = Field(None, description="where the value was written (filled in by collect)")
    written: str | None = Field(None, exclude=True, description="the value as written, kept for messages")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, v: Any) -> Any:
        # "metric: 287" is shorthand for "metric: {value: 287}"
        if isinstance(v, int | float | str) and not isinstance(v, bool):
            return {"value": v}
        if isinstance(v, dict) and "by_agency" in v and isinstance(v["by_agency"], dict):
            v = dict(v)
            v["by_agency"] = {
                k: ({"value": x} if isinstance(x, int | float | str) and not isinstance(x, bool) else x)
                for k, x in v["by_agency"].items()
            }
        if isinstance(v, dict) and "value" in v and v["value"] is not None and "written" not in v:
            v = dict(v)
            v["written"] = str(v["value"])
        return v

    @field_validator("value", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        return None if v is None else _number(v)

    @model_validator(mode="after")
    def _one_kind(self) -> ReportedValue:
        given = [
            k for k in ("value", "by_agency", "milestone", "not_reported") if getattr(self, k) is not None
        ]
        # a combined figure keeps its parts: value or milestone together with by_agency
        combined = len(given) == 2 and "by_agency" in given and "not_reported" not in given
        if len(given) != 1 and not combined:
            raise ValueError(
                "give exactly one of value, by_agency, milestone, not_reported"
                + (f" (found {', '.join(given)})" if given else " (found none)")
            )
        return self

    @property
    def total(self) -> float | None:
        """The figure: the value as given, else the sum of the parts that have a value.

        A collected report gives a combined figure's value beside its parts (summed exactly, in
        decimal, by target-rules collect); a bare by_agency split is summed here as the column
        engines sum it, so every engine judges the same number."""
        if self.value is not None:
            return self.value
        if self.by_agency is not None:
            values = [a.value for a in self.by_agency.values() if a.value is not None]
            return sum(values) if values or not self.by_agency else None  # None: every part not_reported
        return None


class SubmissionRecord(_Strict):
    """One submission a collected report was built from, or left out of it, and why."""

    file: str
    agencies: list[str] = Field(default_factory=list, description="the agencies whose figures it holds")
    status: Literal["used", "left_out"] = "used"
    reason: str | None = Field(None, description="why it was left out: its first error")


class MeasureReport(_Strict):
    period: Period | None = None
    agency: str | None = None
    metrics: dict[str, ReportedValue] = Field(default_factory=dict)
    note: str | None = None


class Report(_Strict):
    """What agencies achieved in one plan year (a whole report or one agency's submission)."""

    plan: str | None = None
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR, description=YEAR_DESCRIPTION)
    period: Period | None = Field(None, description="default: the whole plan year")
    source: str | None = Field(None, description="the document the values were taken from")
    agency: str | None = Field(None, description="the submitting agency, for a single submission")
    measures: dict[int, MeasureReport] = Field(default_factory=dict)
    submissions: list[SubmissionRecord] = Field(
        default_factory=list, description="for a collected report: the submissions used and left out"
    )

    # Its dates (the default period: the whole plan year) depend on the plan's calendar, which a
    # report does not carry: the evaluation asks the rules' plan (calendar.Calendar.year_end).
