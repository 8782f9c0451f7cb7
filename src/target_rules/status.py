"""The shared words of a judgement: Status, MeasureStatus and Flag, each with its one bilingual label table.

Every renderer, the explanation and the engine name statuses and flags through these enums; the
words shown to a reader come from the tables below and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "FLAG_WORDS",
    "STATUS_WORDS",
    "Flag",
    "MeasureStatus",
    "Status",
    "Words",
    "flag_words",
    "status_words",
]


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


@dataclass(frozen=True, slots=True)
class Words:
    """A status or flag in both languages, in each register the outputs use.

    ``zh`` / ``en``: the word in tables and running text; ``en_short``: narrow columns;
    ``en_title``: headings and badges; ``zh_long`` / ``en_long``: where there is room to say more
    (the HTML report) or, for a status, the clause an explanation ends with.
    """

    zh: str
    en: str
    en_short: str
    en_title: str
    zh_long: str
    en_long: str

    def pick(self, lang: str, register: str = "") -> str:
        """The word in ``lang`` ("zh" / "en") and ``register`` ("", "short", "title", "long")."""
        if lang == "zh":
            return self.zh_long if register == "long" else self.zh
        return {"short": self.en_short, "title": self.en_title, "long": self.en_long}.get(register, self.en)


# The one table of status words: a target's Status and a measure's MeasureStatus share the values.
STATUS_WORDS: dict[str, Words] = {
    "met": Words("達成", "met", "met", "Met", "已達成", "met"),
    "unmet": Words("未達成", "unmet", "unmet", "Not met", "未達成", "not met"),
    "not_applicable": Words(
        "不適用",
        "not applicable",
        "n/a",
        "Not applicable",
        "本年度無目標值，不適用",
        "no target this year: not applicable",
    ),
    "missing": Words(
        "缺資料", "missing", "missing", "Missing data", "缺少資料，無法判定", "missing data: cannot be judged"
    ),
    "partially_met": Words(
        "部分達成", "partially met", "partial", "Partially met", "部分達成", "partially met"
    ),
}

# The one table of flag words, every Flag in it (tests/test_status.py checks).
FLAG_WORDS: dict[str, Words] = {
    Flag.PROVISIONAL: Words("暫定", "provisional", "provisional", "Provisional", "暫定", "provisional"),
    Flag.SUMMED: Words("加總", "summed", "summed", "Summed", "各機關加總", "summed over agencies"),
    Flag.NOT_REPORTED: Words(
        "未填報", "not reported", "not reported", "Not reported", "未填報", "not reported"
    ),
    Flag.INCONSISTENT: Words(
        "不一致", "inconsistent", "inconsistent", "Inconsistent", "數據不一致", "inconsistent"
    ),
    Flag.UNDEFINED: Words("無法計算", "undefined", "undefined", "Undefined", "無法計算", "undefined"),
    Flag.UNKNOWN_MILESTONE: Words(
        "未知里程碑",
        "unknown milestone",
        "unknown milestone",
        "Unknown milestone",
        "未知的里程碑",
        "unknown milestone",
    ),
    Flag.UNDATED: Words("未註明日期", "undated", "undated", "Undated", "未註明達成日期", "no date given"),
}


def status_words(lang: str, register: str = "") -> dict[str, str]:
    """status value -> its word in ``lang`` and ``register``: the view each renderer keeps."""
    return {k: w.pick(lang, register) for k, w in STATUS_WORDS.items()}


def flag_words(lang: str, register: str = "") -> dict[str, str]:
    """flag value -> its word in ``lang`` and ``register``."""
    return {str(k): w.pick(lang, register) for k, w in FLAG_WORDS.items()}
