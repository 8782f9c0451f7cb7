"""Pieces shared by the text-like renderers: column widths for CJK text, status words, numerals."""

from __future__ import annotations

import unicodedata

from target_rules.engine.explain import fmt_value, rate_text
from target_rules.engine.verdict import MeasureResult, Verdict
from target_rules.status import flag_words, status_words

ZH_NUMERALS = "〇一二三四五六七八九十"
# views of the one table of status and flag words (target_rules.status)
STATUS_WORD = {"zh": status_words("zh"), "en": status_words("en", "short")}
FLAG_WORD = {"zh": flag_words("zh"), "en": flag_words("en")}


def zh_number(n: int) -> str:
    if n <= 10:
        return ZH_NUMERALS[n]
    if n < 20:
        return "十" + ZH_NUMERALS[n - 10]
    return ZH_NUMERALS[n // 10] + "十" + (ZH_NUMERALS[n % 10] if n % 10 else "")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    gap = max(0, cols - width(text))
    return " " * gap + text if right else text + " " * gap


def clip(text: str, cols: int) -> str:
    if width(text) <= cols:
        return text
    out = ""
    for c in text:
        if width(out + c) > cols - 1:
            break
        out += c
    return out + "…"


def actual_text(v: Verdict) -> str:
    if v.kind == "completion":
        d = v.detail
        label = d.get("reached_label")
        return (label or {}).get("zh", d.get("reached") or "—") if d.get("reached") else "—"
    if v.kind == "composite":
        return f"{int(v.actual or 0)}/{len(v.parts)}"
    return fmt_value(v.actual, v.unit, v.precision if v.kind in ("ratio", "growth") else None)


def target_text(v: Verdict, lang: str = "zh") -> str:
    if v.kind == "completion":
        return str(v.detail["required_label"][lang])
    if v.kind == "composite":
        return f"{v.comparator} {int(v.target_value or 0)}"
    if v.kind == "none":
        return "無" if lang == "zh" else "none"
    if v.comparator == "between":
        lo, hi = v.detail["between"]
        return f"{fmt_value(lo, v.unit)}–{fmt_value(hi, v.unit)}"
    prefix = {"at_most": "≤ ", "equal": "= "}.get(v.comparator or "", "≥ ")
    return prefix + fmt_value(v.target_value, v.unit)


def flags_text(v: Verdict, lang: str = "zh") -> str:
    return ", ".join(FLAG_WORD[lang].get(f, f) for f in v.flags)


__all__ = [
    "actual_text",
    "clip",
    "flags_text",
    "pad",
    "rate_text",
    "strategy_heading",
    "target_text",
    "width",
    "zh_number",
]


def strategy_heading(mres: MeasureResult, lang: str) -> str:
    """「一、強化機關廉政…」 in Chinese, "Strategy 1: ..." in English: the plan's own section numbering."""
    if lang == "zh":
        return f"{zh_number(mres.strategy)}、{mres.strategy_title['zh']}"
    return f"Strategy {mres.strategy}: {mres.strategy_title['en']}"
