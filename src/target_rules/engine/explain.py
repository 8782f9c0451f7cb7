"""Explain: a verdict's facts as one sentence in zh-TW and in English, checkable by a reader."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Protocol

from target_rules.language.model import Text
from target_rules.messages import unit_in
from target_rules.quantities import format_number
from target_rules.status import STATUS_WORDS, Status


class Judged(Protocol):
    """What an explanation reads of a verdict. engine.verdict.Verdict has all of it and explains
    itself on first access through this module, so this module names the shape, not the class."""

    measure: int
    target_id: str
    kind: str
    status: Status
    label: dict[str, str]
    actual: float | None
    target_value: float | None
    comparator: str | None
    unit: str | None
    judged: float | None
    precision: int | None
    margin: float | None
    achievement_rate: float | None
    flags: tuple[str, ...]
    agency: str | None
    agency_label: dict[str, str] | None
    metric_label: dict[str, str] | None
    period_end: dt.date | None
    decision: Text | None
    detail: dict[str, Any]

    @property
    def parts(self) -> Sequence[Judged]: ...


__all__ = [
    "COMPOSITE_WORDS",
    "Judged",
    "agency_in",
    "combined_parts",
    "comparator_text",
    "explain",
    "fmt_value",
    "late_reason",
    "rate_text",
    "shown_actual",
    "shown_rate",
    "shown_rate_value",
]

STATUS_TEXT = {
    Status(k): {"zh": w.zh_long, "en": w.en_long} for k, w in STATUS_WORDS.items() if k in set(Status)
}
_CMP = {
    "at_least": {"zh": "", "en": ""},
    "at_most": {"zh": "至多 ", "en": "at most "},
    "equal": {"zh": "等於 ", "en": "exactly "},
    "between": {"zh": "介於 ", "en": "between "},
}


def fmt_value(value: float | None, unit: str | None, decimals: int | None = None, lang: str = "zh") -> str:
    """287 件, 72.69%, 266,310,000 元; in English 287 cases, NT$266,310,000 (messages.UNIT_NAMES)."""
    if value is None:
        return "—"
    text = format_number(value, decimals)
    if not unit or unit in ("targets", "milestone"):
        return text
    if unit == "%":
        return f"{text}%"
    if lang == "en" and unit == "元":
        return f"NT${text}"
    return f"{text} {unit_in(unit, lang)}"


def agency_in(v: Judged, lang: str) -> str:
    """The verdict's agency in ``lang`` as the plan's registry names it (canonical in Chinese, its
    English name in English; set by evaluate), or as written when the registry does not know it."""
    if v.agency_label:
        return v.agency_label.get(lang) or v.agency or ""
    return v.agency or ""


def _missing_in(v: Judged, lang: str) -> str:
    """What a missing verdict lacks: metric ids, and a breakdown part as ``metric[agency]`` with the
    agency named in ``lang``."""
    named = {f"[{p.agency}]": f"[{agency_in(p, lang)}]" for p in (v, *v.parts) if p.agency}
    out = []
    for item in map(str, v.detail.get("missing", [])):
        for raw, shown in named.items():
            if item.endswith(raw):
                item = item[: -len(raw)] + shown
                break
        out.append(item)
    return ", ".join(out) or "—"


def comparator_text(v: Judged, lang: str) -> str:
    """A composite's rule in words: 「全部 2 項」, "all 2"-> "all of 2", "at least 2 of 3"."""
    need = format_number(v.target_value or 0)
    words = COMPOSITE_WORDS.get(v.comparator or "", COMPOSITE_WORDS["all"])
    return words[lang].format(need=need, of=len(v.parts))


COMPOSITE_WORDS = {
    "all": {"zh": "全部 {need} 項", "en": "all {need}"},
    "any": {"zh": "任 {need} 項", "en": "any {need}"},
    "at_least": {"zh": "{of} 項中至少 {need} 項", "en": "at least {need} of {of}"},
    "at_least_k": {"zh": "{of} 項中至少 {need} 項", "en": "at least {need} of {of}"},
}


def rate_text(rate: float | None) -> str:
    """As the report prints it: one decimal, none when whole (102.5%, 100%)."""
    if rate is None:
        return "—"
    text = format_number(rate, 1)
    return f"{text.removesuffix('.0')}%"


def shown_actual(v: Judged, lang: str = "zh") -> str:
    """The actual as the verdict judged it: rounded to the target's precision when it has one."""
    return fmt_value(v.actual, v.unit, v.precision, lang)


def shown_rate(v: Judged) -> str | None:
    """The achievement rate as text (102.5%, 100%), as shown_rate_value gives it."""
    value = shown_rate_value(v)
    return None if value is None else rate_text(value)


def shown_rate_value(v: Judged) -> float | None:
    """The achievement rate as shown beside the verdict (one decimal), never contradicting it.

    It is computed from the judged value (the actual rounded to the target's precision, as shown),
    and rounded toward the verdict's side of 100%: an unmet at-least target at 99.96% shows 99.9%,
    not 100%; a met one at 89.95/90 judged 90.0 shows 100%, not 99.9%.
    """
    rate = v.achievement_rate
    if rate is None:
        return None
    base = v.judged if v.precision is not None and v.judged is not None else v.actual
    if base is not None and v.target_value and v.comparator in ("at_least", "at_most", "equal"):
        rate = base * 100 / v.target_value
    if not math.isfinite(rate):
        return rate
    exact = Decimal(repr(rate))
    with localcontext() as ctx:  # a rate of 1e27% (an expression's power) still has room for its tenths
        ctx.prec = max(ctx.prec, exact.adjusted() + 3)
        shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        hundred = Decimal(100)
        if v.status is Status.UNMET:  # half-up rounding would show 100% on an unmet target: round away
            c = v.comparator
            if shown == hundred and (c == "at_least" or (c == "equal" and exact < hundred)):
                shown = exact.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
            elif shown == hundred and (c == "at_most" or (c == "equal" and exact > hundred)):
                shown = exact.quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return float(shown)


def late_reason(v: Judged, lang: str) -> str | None:
    """Why a milestone target is unmet although the milestone was reached: late, or no date given."""
    d = v.detail
    if v.kind != "completion" or v.status is not Status.UNMET or v.margin is None or v.margin < 0:
        return None
    deadline = d.get("deadline")
    if deadline is None:
        return None
    if d.get("date") is None:
        return (
            "未填達成日期，無法確認於期限內完成"
            if lang == "zh"
            else "no date given, so not shown to be on time"
        )
    late = (d["date"] - deadline).days
    if lang == "zh":
        return f"逾期 {late} 天（{d['date'].isoformat()} 完成，期限 {deadline.isoformat()}）"
    return f"{late} day(s) late (reached {d['date'].isoformat()}, deadline {deadline.isoformat()})"


def _has_metric_name(v: Judged) -> bool:
    return bool(v.metric_label) and v.kind in ("threshold", "frequency", "breakdown", "part")


def _name(v: Judged, lang: str) -> str:
    src = v.metric_label if _has_metric_name(v) and v.metric_label else v.label
    return src[lang]


def explain(v: Judged) -> dict[str, str]:
    status = STATUS_TEXT[v.status]
    zh_tail, en_tail = [], []
    if "provisional" in v.flags and v.period_end is not None:
        zh_tail.append(f"（資料僅至 {v.period_end.isoformat()}，暫定）")
        en_tail.append(f" (figures only up to {v.period_end.isoformat()}: provisional)")
    if v.decision:
        pass  # decisions are shown by renderers next to the verdict, not inside the sentence
    if v.status is Status.NOT_APPLICABLE:
        return {"zh": f"{v.label['zh']}：{status['zh']}", "en": f"{v.label['en']}: {status['en']}"}
    if v.status is Status.MISSING and v.kind == "composite":
        # Undecided because some members have no value: name them, and say how far the rest got.
        waiting = ", ".join(p.target_id for p in v.parts if p.status is Status.MISSING) or "—"
        met, need = format_number(v.actual or 0), format_number(v.target_value or 0)
        zh = f"{v.label['zh']}：{status['zh']}（{waiting} 缺資料；{len(v.parts)} 項中已達成 {met} 項，需 {need} 項）"
        en = f"{v.label['en']}: {status['en']} ({waiting} missing; {met} of {len(v.parts)} parts met, {need} needed)"
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    if v.status is Status.MISSING:
        missing, missing_en = _missing_in(v, "zh"), _missing_in(v, "en")
        reason = v.detail.get("reason")
        zh = f"{v.label['zh']}：{status['zh']}（未填報：{missing}{'；' + reason if reason else ''}）"
        # the reason is the reporting agency's own words: quoted, as the source's quotes are
        en = f"{v.label['en']}: {status['en']} (not reported: {missing_en}{'; 「' + reason + '」' if reason else ''})"
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    if v.kind == "completion":
        d = v.detail
        reached = (d.get("reached_label") or {}).get("zh", d.get("reached"))
        reached_en = (d.get("reached_label") or {}).get("en", d.get("reached"))
        date = f"（{d['date'].isoformat()}）" if d.get("date") else ""
        date_en = f" ({d['date'].isoformat()})" if d.get("date") else ""
        dl = f"，期限 {d['deadline'].isoformat()}" if d.get("deadline") else ""
        dl_en = f" by {d['deadline'].isoformat()}" if d.get("deadline") else ""
        zh = f"{v.label['zh']}：已至「{reached}」{date}，目標「{d['required_label']['zh']}」{dl}，{status['zh']}"
        en = (
            f"{v.label['en']}: reached '{reached_en}'{date_en} against a target of "
            f"'{d['required_label']['en']}'{dl_en}: {status['en']}"
        )
        late_zh, late_en = late_reason(v, "zh"), late_reason(v, "en")
        if late_zh and late_en:
            zh, en = f"{zh}：{late_zh}", f"{en}: {late_en}"
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    if v.kind == "composite":
        zh = f"{v.label['zh']}：{len(v.parts)} 項中達成 {format_number(v.actual or 0)} 項（需 {format_number(v.target_value or 0)} 項），{status['zh']}"
        en = (
            f"{v.label['en']}: {format_number(v.actual or 0)} of {len(v.parts)} parts met "
            f"({format_number(v.target_value or 0)} needed): {status['en']}"
        )
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    decimals = v.precision
    actual = shown_actual(v)
    raw = fmt_value(v.actual, v.unit)
    if v.kind not in ("ratio", "growth") and raw != actual:  # say how a reported figure was counted
        raw_en = fmt_value(v.actual, v.unit, None, "en")
        actual_zh = f"{actual}（填報 {raw}，計至小數 {decimals} 位）"
        actual_en = f"{shown_actual(v, 'en')} (reported {raw_en}, counted to {decimals} decimal(s))"
    else:
        actual_zh, actual_en = actual, shown_actual(v, "en")
    if v.comparator == "between":
        lo, hi = v.detail["between"]
        target_zh = f"介於 {fmt_value(lo, v.unit)} 至 {fmt_value(hi, v.unit)}"
        target_en = f"between {fmt_value(lo, v.unit, None, 'en')} and {fmt_value(hi, v.unit, None, 'en')}"
    else:
        cmp = _CMP.get(v.comparator or "at_least", _CMP["at_least"])
        target_zh = cmp["zh"] + fmt_value(v.target_value, v.unit)
        target_en = cmp["en"] + fmt_value(v.target_value, v.unit, None, "en")
    shown = shown_rate(v)
    rate = f"，達成率 {shown}" if shown is not None else ""
    rate_en = f" ({shown})" if shown is not None else ""
    what = ""
    what_en = ""
    if v.kind == "growth":
        d = v.detail
        what = f"（{fmt_value(d['baseline'], d['metric_unit'])} → {fmt_value(d['current'], d['metric_unit'])}，成長率）"
        what_en = (
            f" (growth from {fmt_value(d['baseline'], d['metric_unit'], None, 'en')} "
            f"to {fmt_value(d['current'], d['metric_unit'], None, 'en')})"
        )
    if v.kind == "frequency":
        d = v.detail
        what = f"（{d['units']} 單位 × 每{_EVERY[d['every']]['zh']} {d['times']} 次）"
        what_en = f" ({d['units']} unit(s) x {d['times']} per {_EVERY[d['every']]['en']})"
    if _has_metric_name(v):
        zh = f"{_name(v, 'zh')} {actual_zh}{what}，目標 {target_zh}{rate}，{status['zh']}"
        en = (
            f"{_name(v, 'en')}: {actual_en}{what_en} against a target of {target_en}{rate_en}: {status['en']}"
        )
    else:  # the target's own label already states the goal ("...比率達 60%"): keep the actual apart
        zh = f"{v.label['zh']}：實際 {actual_zh}{what}，目標 {target_zh}{rate}，{status['zh']}"
        en = f"{v.label['en']}: actual {actual_en}{what_en} against a target of {target_en}{rate_en}: {status['en']}"
    if v.parts and v.kind == "breakdown":
        zh += "；" + "、".join(
            f"{agency_in(p, 'zh')} {fmt_value(p.actual, p.unit)}/{fmt_value(p.target_value, p.unit)}"
            for p in v.parts
        )
        en += "; " + ", ".join(
            f"{agency_in(p, 'en')} {fmt_value(p.actual, p.unit, None, 'en')}/"
            f"{fmt_value(p.target_value, p.unit, None, 'en')}"
            for p in v.parts
        )
    parts = combined_parts(v)
    if parts:
        zh += f"（{parts}）"
        en += f" ({combined_parts(v, 'en')})"
    return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}


def combined_parts(v: Judged, lang: str = "zh") -> str:
    """A combined figure and its parts, as the reader checks it: ``948 場次 = 法務部廉政署 819 + 監察院 129``.
    The agencies are named as the plan's registry names them (evaluate puts the names in
    ``detail["agency_labels"]``)."""
    parts = v.detail.get("by_agency")
    if not parts or v.actual is None:
        return ""
    names = v.detail.get("agency_labels", {})
    shown = " + ".join(
        f"{(names.get(agency) or {}).get(lang) or agency} {format_number(value)}" for agency, value in parts
    )
    total = sum(value for _, value in parts)
    same = abs(total - v.actual) <= 1e-9 * max(1.0, abs(v.actual))
    unit = None if v.kind == "ratio" else v.unit
    return f"{fmt_value(v.actual, unit, None, lang)} {'=' if same else '←'} {shown}"


_EVERY = {
    "year": {"zh": "年", "en": "year"},
    "half": {"zh": "半年", "en": "half-year"},
    "quarter": {"zh": "季", "en": "quarter"},
    "month": {"zh": "月", "en": "month"},
    "week": {"zh": "週", "en": "week"},
}
