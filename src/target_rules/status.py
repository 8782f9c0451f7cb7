"""The shared words of a judgement: Status, MeasureStatus and Flag, each with its one bilingual label table.

Every renderer, the explanation and the engine name statuses and flags through these enums; the
words shown to a reader come from the tables below and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Flag", "MeasureStatus", "Status"]


class Status(StrEnum):
    """A target's verdict."""

    MET = "met"
    UNMET = "unmet"
    NOT_APPLICABLE = "not_applicable"
    MISSING = "missing"


class MeasureStatus(StrEnum):
    """A measure's status, aggregated over its top-level targets (see verdict.measure_status)."""

    MET = "met"
    PARTIALLY_MET = "partially_met"
    UNMET = "unmet"
    NOT_APPLICABLE = "not_applicable"
    MISSING = "missing"


class Flag(StrEnum):
    """What qualifies a verdict; a verdict's ``flags`` hold these values, in this order of precedence."""

    PROVISIONAL = "provisional"  # a figure's period ends before the plan year does
    SUMMED = "summed"  # the metric was reported per agency and summed
    NOT_REPORTED = "not_reported"  # the report says why no value is given
    INCONSISTENT = "inconsistent"  # a ratio target's requires check fails
    UNDEFINED = "undefined"  # division by zero, a non-finite value, growth over a zero baseline
    UNKNOWN_MILESTONE = "unknown_milestone"  # a reported milestone the metric does not list
    UNDATED = "undated"  # a completion with a deadline reached at no stated date
