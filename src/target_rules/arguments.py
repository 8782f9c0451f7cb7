"""Checks of the Python API's arguments at the boundary, so a wrong call fails where it was made.

``tr.evaluate(rules, report, year="107")`` raises ``TypeError: year must be an int ...`` naming the
parameter, not an AttributeError from deep inside the engine. Years are plan years: in the plan's
calendar when the caller knows the plan (ROC 1..8088, Gregorian 1000..9999: calendar.Calendar), else
in either (quantities.MIN_YEAR..MAX_YEAR); the year's dates must be dates Python can hold.
"""

from __future__ import annotations

from typing import Any

from target_rules.calendar import Calendar
from target_rules.messages import Code, Message, current_language, say
from target_rules.quantities import MAX_YEAR, MIN_YEAR

__all__ = ["YearError", "check_instance", "check_year", "year_outside"]


class YearError(ValueError):
    """A year outside the plan's calendar; the CLI prints it as one line and exits 2."""

    def __str__(self) -> str:
        """The sentence in the reader's language (messages.use_language), English by default."""
        message = self.args[0] if self.args else ""
        return message.in_(current_language()) if isinstance(message, Message) else super().__str__()


def check_year(
    year: Any, parameter: str = "year", *, optional: bool = True, calendar: str | None = None
) -> int | None:
    """``year`` as an int plan year of ``calendar`` (None: of either calendar), or TypeError /
    YearError (a ValueError) naming ``parameter``."""
    if year is None and optional:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        shown = repr(year) if len(repr(year)) < 40 else type(year).__name__
        hint = (
            f" (write {parameter}={year.strip()})" if isinstance(year, str) and year.strip().isdigit() else ""
        )
        example = 2018 if calendar == Calendar.GREGORIAN else 107
        raise TypeError(str(say("ui.year_type", parameter=parameter, example=example, shown=shown)) + hint)
    outside = year_outside(year, calendar, parameter)
    if outside is not None:
        raise YearError(outside)
    return year


def year_outside(year: int, calendar: str | None, parameter: str = "year") -> str | None:
    """Why ``year`` is not a plan year of ``calendar`` (None: of either), with what it most likely
    meant when it reads as the other calendar's year; None when it is one."""
    if calendar is None:
        if MIN_YEAR <= year <= MAX_YEAR:
            return None
        return say(Code.YEAR_OUTSIDE, parameter=parameter, year=year, first=MIN_YEAR, last=MAX_YEAR)
    cal = Calendar(calendar)
    if cal.holds(year):
        return None
    message = say(
        f"year_outside.{cal.value}", parameter=parameter, year=year, first=cal.first_year, last=cal.last_year
    )
    other = cal.other_reading(year)
    if other is None:
        return message
    hint = (
        say("hint.year_is_gregorian", year=year, roc=other)
        if cal is Calendar.ROC
        else say("hint.year_is_roc", year=year, gregorian=other)
    )
    return say("ui.year_outside.hinted", message=message, hint=hint)


def check_instance(value: Any, expected: type | tuple[type, ...], parameter: str, hint: str = "") -> None:
    """TypeError naming ``parameter`` unless ``value`` is an ``expected`` instance."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise TypeError(
            f"{parameter} must be a {names}, not {type(value).__name__}" + (f"; {hint}" if hint else "")
        )
