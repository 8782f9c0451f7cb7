"""Explain: a verdict's facts as one sentence in zh-TW and in English, checkable by a reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from target_rules.quantities import format_number
from target_rules.status import STATUS_WORDS, Status

if TYPE_CHECKING:  # verdict.py imports this module to explain a Verdict on first access
    from target_rules.engine.verdict import Verdict

__all__ = ["combined_parts", "explain", "fmt_value", "rate_text"]

STATUS_TEXT = {
    Status(k): {"zh": w.zh_long, "en": w.en_long} for k, w in STATUS_WORDS.items() if k in set(Status)
}
_CMP = {
    "at_least": {"zh": "", "en": ""},
    "at_most": {"zh": "至多 ", "en": "at most "},
    "equal": {"zh": "等於 ", "en": "exactly "},
    "between": {"zh": "介於 ", "en": "between "},
}


def fmt_value(value: float | None, unit: str | None, decimals: int | None = None) -> str:
    """287 件, 72.69%, 266,310,000 元."""
    if value is None:
        return "—"
    text = format_number(value, decimals)
    if not unit or unit in ("targets", "milestone"):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def rate_text(rate: float | None) -> str:
    """As the report prints it: one decimal, none when whole (102.5%, 100%)."""
    if rate is None:
        return "—"
    text = format_number(rate, 1)
    return f"{text.removesuffix('.0')}%"


def _has_metric_name(v: Verdict) -> bool:
    return bool(v.metric_label) and v.kind in ("threshold", "frequency", "breakdown", "part")


def _name(v: Verdict, lang: str) -> str:
    src = v.metric_label if _has_metric_name(v) and v.metric_label else v.label
    return src[lang]


def explain(v: Verdict) -> dict[str, str]:
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
        missing = ", ".join(map(str, v.detail.get("missing", []))) or "—"
        reason = v.detail.get("reason")
        zh = f"{v.label['zh']}：{status['zh']}（未填報：{missing}{'；' + reason if reason else ''}）"
        en = f"{v.label['en']}: {status['en']} (not reported: {missing}{'; ' + reason if reason else ''})"
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
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    if v.kind == "composite":
        zh = f"{v.label['zh']}：{len(v.parts)} 項中達成 {format_number(v.actual or 0)} 項（需 {format_number(v.target_value or 0)} 項），{status['zh']}"
        en = (
            f"{v.label['en']}: {format_number(v.actual or 0)} of {len(v.parts)} parts met "
            f"({format_number(v.target_value or 0)} needed): {status['en']}"
        )
        return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}
    decimals = v.precision
    actual = fmt_value(v.actual, v.unit, decimals if v.kind in ("ratio", "growth") else None)
    if v.comparator == "between":
        lo, hi = v.detail["between"]
        target_zh = f"介於 {fmt_value(lo, v.unit)} 至 {fmt_value(hi, v.unit)}"
        target_en = f"between {fmt_value(lo, v.unit)} and {fmt_value(hi, v.unit)}"
    else:
        cmp = _CMP.get(v.comparator or "at_least", _CMP["at_least"])
        target_zh = cmp["zh"] + fmt_value(v.target_value, v.unit)
        target_en = cmp["en"] + fmt_value(v.target_value, v.unit)
    rate = f"，達成率 {rate_text(v.achievement_rate)}" if v.achievement_rate is not None else ""
    rate_en = f" ({rate_text(v.achievement_rate)})" if v.achievement_rate is not None else ""
    what = ""
    what_en = ""
    if v.kind == "growth":
        d = v.detail
        what = f"（{fmt_value(d['baseline'], d['metric_unit'])} → {fmt_value(d['current'], d['metric_unit'])}，成長率）"
        what_en = f" (growth from {fmt_value(d['baseline'], d['metric_unit'])} to {fmt_value(d['current'], d['metric_unit'])})"
    if v.kind == "frequency":
        d = v.detail
        what = f"（{d['units']} 單位 × 每{_EVERY[d['every']]['zh']} {d['times']} 次）"
        what_en = f" ({d['units']} unit(s) x {d['times']} per {_EVERY[d['every']]['en']})"
    if _has_metric_name(v):
        zh = f"{_name(v, 'zh')} {actual}{what}，目標 {target_zh}{rate}，{status['zh']}"
        en = f"{_name(v, 'en')}: {actual}{what_en} against a target of {target_en}{rate_en}: {status['en']}"
    else:  # the target's own label already states the goal ("...比率達 60%"): keep the actual apart
        zh = f"{v.label['zh']}：實際 {actual}{what}，目標 {target_zh}{rate}，{status['zh']}"
        en = f"{v.label['en']}: actual {actual}{what_en} against a target of {target_en}{rate_en}: {status['en']}"
    if v.parts and v.kind == "breakdown":
        zh += "；" + "、".join(
            f"{p.agency} {fmt_value(p.actual, p.unit)}/{fmt_value(p.target_value, p.unit)}" for p in v.parts
        )
        en += "; " + ", ".join(
            f"{p.agency} {fmt_value(p.actual, p.unit)}/{fmt_value(p.target_value, p.unit)}" for p in v.parts
        )
    parts = combined_parts(v)
    if parts:
        zh += f"（{parts}）"
        en += f" ({parts})"
    return {"zh": zh + "".join(zh_tail), "en": en + "".join(en_tail)}


def combined_parts(v: Verdict) -> str:
    """A combined figure and its parts, as the reader checks it: ``948 場次 = 法務部廉政署 819 + 監察院 129``."""
    parts = v.detail.get("by_agency")
    if not parts or v.actual is None:
        return ""
    shown = " + ".join(f"{agency} {format_number(value)}" for agency, value in parts)
    total = sum(value for _, value in parts)
    same = abs(total - v.actual) <= 1e-9 * max(1.0, abs(v.actual))
    unit = None if v.kind == "ratio" else v.unit
    return f"{fmt_value(v.actual, unit)} {'=' if same else '←'} {shown}"


_EVERY = {
    "year": {"zh": "年", "en": "year"},
    "half": {"zh": "半年", "en": "half-year"},
    "quarter": {"zh": "季", "en": "quarter"},
    "month": {"zh": "月", "en": "month"},
    "week": {"zh": "週", "en": "week"},
}
