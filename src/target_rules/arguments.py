"""Checks of the Python API's arguments at the boundary, so a wrong call fails where it was made.

``tr.evaluate(rules, report, year="107")`` raises ``TypeError: year must be an int ...`` naming the
parameter, not an AttributeError from deep inside the engine. Years are ROC years within
quantities.MIN_YEAR..MAX_YEAR (the calendar year must be a date Python can hold).
"""

from __future__ import annotations

from typing import Any

from target_rules.messages import say
from target_rules.quantities import MAX_YEAR, MIN_YEAR

__all__ = ["YearError", "check_instance", "check_year"]


class YearError(ValueError):
    """A year outside MIN_YEAR..MAX_YEAR; the CLI prints it as one line and exits 2."""


def check_year(year: Any, parameter: str = "year", *, optional: bool = True) -> int | None:
    """``year`` as an int ROC year, or TypeError / YearError (a ValueError) naming ``parameter``."""
    if year is None and optional:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        shown = repr(year) if len(repr(year)) < 40 else type(year).__name__
        hint = (
            f" (write {parameter}={year.strip()})" if isinstance(year, str) and year.strip().isdigit() else ""
        )
        raise TypeError(f"{parameter} must be an int, a ROC year such as 107, not {shown}{hint}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        said = {"parameter": parameter, "year": year, "low": MIN_YEAR, "high": MAX_YEAR}
        if 1912 <= year <= 9999:
            raise YearError(say("ui.year.outside_gregorian", roc=year - 1911, **said))
        raise YearError(say("ui.year.outside", **said))
    return year


def check_instance(value: Any, expected: type | tuple[type, ...], parameter: str, hint: str = "") -> None:
    """TypeError naming ``parameter`` unless ``value`` is an ``expected`` instance."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise TypeError(
            f"{parameter} must be a {names}, not {type(value).__name__}" + (f"; {hint}" if hint else "")
        )
