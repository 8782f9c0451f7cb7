"""The rules of judging, each written once; every back end takes its numbers and decisions from here.

language/spec.py describes *what* a target asks; this module says *how* a value is judged against
it: the tolerance around a bound, rounding at the target's precision, the accepted window, the
margin, the achievement rate, when a value is provisional, growth, and how a composite or a
breakdown combines its members. The verdict evaluator (evaluator.py) calls these functions per
verdict; the generated kernel (kernel.py) and the numpy path (columns.py) call them at build time to
get the constants they inline (``window``, ``rate_base``, ``shortcut``), so a change here reaches
every path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from target_rules.engine.verdict import Status
from target_rules.language.spec import Bounds
from target_rules.quantities import difference, round_half_up

__all__ = [
    "MET",
    "MISSING",
    "NOT_APPLICABLE",
    "STATUS_CODES",
    "UNMET",
    "Judgement",
    "Shortcut",
    "Window",
    "accepts",
    "combine",
    "composite_code",
    "final_from",
    "growth",
    "judge",
    "judged",
    "margin",
    "provisional",
    "rate",
    "shortcut",
    "tolerance",
    "window",
]

# Status codes of the row kernel and the columnar API, and the statuses they stand for.
MET, UNMET, NOT_APPLICABLE, MISSING = 0, 1, 2, 3
STATUS_CODES: tuple[Status, ...] = (Status.MET, Status.UNMET, Status.NOT_APPLICABLE, Status.MISSING)

RELATIVE_TOLERANCE = 1e-12


def tolerance(bound: float) -> float:
    """How close to a bound counts as on it.

    Computed values (ratios, growth) carry float noise: 26.8 * 1.2 grows by 19.999999999999996%.
    Within a relative 1e-12 of a bound counts as on it; no figure in a report is that fine.
    """
    return RELATIVE_TOLERANCE * max(1.0, abs(bound))


def judged(value: float, precision: int | None) -> float:
    """The value compared: rounded half-up to ``precision`` decimals (as printed), or itself.

    Skips the decimal rounding when the value already has at most ``precision`` decimals.
    """
    if precision is None or round(value, precision) == value:
        return value
    return round_half_up(value, precision)


@dataclass(frozen=True, slots=True)
class Window:
    """The closed interval of judged values that meet a target; None leaves a side open."""

    lo: float | None
    hi: float | None


def window(bounds: Bounds) -> Window:
    """``bounds`` widened by the tolerance on each side it has."""
    lo = None if bounds.low is None else bounds.low - tolerance(bounds.low)
    hi = None if bounds.high is None else bounds.high + tolerance(bounds.high)
    return Window(lo, hi)


def accepts(w: Window, j: float) -> bool:
    """Whether the judged value ``j`` meets the target."""
    return (w.lo is None or j >= w.lo) and (w.hi is None or j <= w.hi)


@dataclass(frozen=True, slots=True)
class Shortcut:
    """Where rounding can change the outcome. A raw value inside [sure_lo, sure_hi] meets the target
    and one outside [maybe_lo, maybe_hi] fails it, both without rounding; only the values between
    need rounding first. None leaves that side open (the window has no bound there)."""

    sure_lo: float | None
    maybe_lo: float | None
    sure_hi: float | None
    maybe_hi: float | None


def shortcut(bounds: Bounds) -> Shortcut | None:
    """Rounding half-up moves a value by at most half a unit of the last decimal, so a value more
    than one unit inside (or outside) the window is decided without rounding. None without a
    precision: nothing is rounded."""
    p = bounds.precision
    if p is None:
        return None
    unit = 10.0**-p
    w = window(bounds)
    return Shortcut(
        None if w.lo is None else w.lo + unit,
        None if w.lo is None else w.lo - unit,
        None if w.hi is None else w.hi - unit,
        None if w.hi is None else w.hi + unit,
    )


def margin(bounds: Bounds, j: float) -> float:
    """How far ``j`` is on the right side of the target (negative: short of it), exactly: the
    difference of the decimal figures, so JSON and explanations carry 23456789.12, never its float
    residue."""
    c = bounds.comparator
    if c == "at_most":
        assert bounds.high is not None
        return difference(bounds.high, j)
    assert bounds.low is not None
    if c == "between":
        assert bounds.high is not None
        return min(difference(j, bounds.low), difference(bounds.high, j))
    return difference(j, bounds.low)


def rate(base: float | None, actual: float) -> float | None:
    """達成率: actual * 100 / base, on the actual value; None without a base (see Bounds.rate_base)."""
    return actual * 100 / base if base else None


@dataclass(frozen=True, slots=True)
class Judgement:
    met: bool
    judged: float
    margin: float
    achievement_rate: float | None


def judge(bounds: Bounds, actual: float, with_rate: bool = True) -> Judgement:
    """All facts of comparing ``actual`` with ``bounds``."""
    j = judged(actual, bounds.precision)
    return Judgement(
        accepts(window(bounds), j),
        j,
        margin(bounds, j),
        rate(bounds.rate_base, actual) if with_rate else None,
    )


def final_from(year_end: dt.date) -> dt.date:
    """The first period end whose figures are final: the plan year's last day. The column paths
    compare a date column with it (kernel.py per row, sql.py as a DATE constant)."""
    return year_end


def provisional(period_end: dt.date, year_end: dt.date) -> bool:
    """A figure whose period ends before the plan year does is provisional."""
    return period_end < final_from(year_end)


def growth(current: float, base: float) -> float | None:
    """Growth in percent over ``base``; None (undefined) over a zero base."""
    if base == 0:
        return None
    return (current - base) / base * 100


def _choose(condition: Any, a: Any, b: Any) -> Any:
    return a if condition else b


def composite_code(met: Any, missing: Any, need: int, where: Callable[[Any, Any, Any], Any] = _choose) -> Any:
    """A composite's status code: met with ``need`` members met; missing while the missing members
    could still decide it; unmet otherwise. Counts may be ints, or arrays with ``where=np.where``."""
    return where(met >= need, MET, where(met + missing >= need, MISSING, UNMET))


def combine(codes: Sequence[int]) -> int:
    """A breakdown's status from its checks: missing if one is, met if all are (or none), else unmet."""
    if MISSING in codes:
        return MISSING
    return MET if all(c == MET for c in codes) else UNMET
