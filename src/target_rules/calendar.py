"""The plan's calendar: how a plan counts its years, and the dates a plan year spans.

A plan year is a calendar year (1 January .. 31 December) counted in the plan's calendar
(``plan.yaml`` ``plan.calendar``): ``roc`` counts ROC years (民國; 107 is 2018), ``gregorian`` counts
plain Gregorian years (2018). Everything that turns a plan year into dates asks the plan's
``Calendar`` here, and this is the one place the ROC offset (+ 1911) is written.

Each calendar holds the years whose dates Python can hold and nobody would mistake for the other
calendar's: ROC 1..8088 (Gregorian 1912..9999) and Gregorian 1000..9999 (four digits, as a date's
year of four digits is Gregorian and one of at most three is ROC, quantities.parse_date). So year 114
in a Gregorian plan is refused with "the plan counts Gregorian years; 114 looks like ROC 114 = 2025".
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

__all__ = ["ROC_OFFSET", "Calendar", "ad_year", "roc_year"]

ROC_OFFSET = 1911  # ROC year 1 is AD 1912
_LAST_DAY_YEAR = 9999  # the last year datetime.date holds
_FIRST_FOUR_DIGIT_YEAR = 1000


def ad_year(roc: int) -> int:
    """The Gregorian (AD) year of ROC year ``roc``: 107 -> 2018."""
    return roc + ROC_OFFSET


def roc_year(ad: int) -> int:
    """The ROC year of Gregorian year ``ad``: 2018 -> 107."""
    return ad - ROC_OFFSET


class Calendar(StrEnum):
    """How a plan counts its years: roc (ROC years, 民國: 107 is 2018) or gregorian (2018)."""

    ROC = "roc"
    GREGORIAN = "gregorian"

    @property
    def first_year(self) -> int:
        """The first plan year this calendar holds."""
        return 1 if self is Calendar.ROC else _FIRST_FOUR_DIGIT_YEAR

    @property
    def last_year(self) -> int:
        """The last plan year this calendar holds (its 31 December must be a date Python can hold)."""
        return roc_year(_LAST_DAY_YEAR) if self is Calendar.ROC else _LAST_DAY_YEAR

    def holds(self, year: int) -> bool:
        """Whether ``year`` is a plan year of this calendar."""
        return self.first_year <= year <= self.last_year

    def gregorian(self, year: int) -> int:
        """The Gregorian year of plan year ``year``: ROC 107 -> 2018; Gregorian 2018 -> 2018."""
        return ad_year(year) if self is Calendar.ROC else year

    def plan_year(self, gregorian: int) -> int:
        """The plan year of Gregorian year ``gregorian``: 2018 -> ROC 107, or 2018 itself."""
        return roc_year(gregorian) if self is Calendar.ROC else gregorian

    def year_start(self, year: int) -> dt.date:
        """1 January of plan year ``year``."""
        return dt.date(self.gregorian(year), 1, 1)

    def year_end(self, year: int) -> dt.date:
        """31 December of plan year ``year``: a figure whose period ends earlier is provisional."""
        return dt.date(self.gregorian(year), 12, 31)

    def other_reading(self, year: int) -> int | None:
        """What ``year``, outside this calendar, most likely meant in this calendar, or None.

        ROC plan, 8089..9999: a Gregorian year (ROC = year - 1911). Gregorian plan, 1..999: an ROC
        year (Gregorian = year + 1911)."""
        if self is Calendar.ROC and self.last_year < year <= _LAST_DAY_YEAR:
            return roc_year(year)
        if self is Calendar.GREGORIAN and Calendar.ROC.holds(year) and year < _FIRST_FOUR_DIGIT_YEAR:
            return ad_year(year)
        return None
