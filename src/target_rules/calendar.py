"""The plan's calendar: years are ROC years (民國), AD = ROC + 1911; a plan year is a calendar year.

The one place the offset is written; everything that turns a plan year into dates asks here.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["ROC_OFFSET", "ad_year", "roc_year", "year_end", "year_start"]

ROC_OFFSET = 1911  # ROC year 1 is AD 1912


def ad_year(roc: int) -> int:
    """The calendar (AD) year of ROC year ``roc``: 107 -> 2018."""
    return roc + ROC_OFFSET


def roc_year(ad: int) -> int:
    """The ROC year of calendar year ``ad``: 2018 -> 107."""
    return ad - ROC_OFFSET


def year_start(roc: int) -> dt.date:
    """1 January of ROC year ``roc``."""
    return dt.date(ad_year(roc), 1, 1)


def year_end(roc: int) -> dt.date:
    """31 December of ROC year ``roc``: a figure whose period ends earlier is provisional."""
    return dt.date(ad_year(roc), 12, 31)
