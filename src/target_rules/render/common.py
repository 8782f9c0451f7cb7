"""Pieces shared by the text-like renderers: column widths for CJK text, status words, numerals."""

from __future__ import annotations

import re
import unicodedata

from target_rules.engine.explain import (
    agency_in,
    comparator_text,
    fmt_value,
    rate_text,
    shown_actual,
    shown_rate,
)
from target_rules.engine.verdict import Evaluation, MeasureResult, Verdict
from target_rules.language.plan import Plan
from target_rules.messages import render as say_in
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
    """Columns ``text`` takes on a terminal: CJK (wide, full-width) two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def wrap(text: str, cols: int) -> list[str]:
    """Break ``text`` into lines of at most ``cols`` display columns.

    Latin words stay whole where they fit (break at spaces); CJK text breaks between any two
    characters, as Chinese typesetting does, but never puts closing punctuation at a line's start
    (the character before it moves down with it).
    """
    cols = max(cols, 4)
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for tok in re.findall(r"[A-Za-z0-9_.,:;!?'\"()\[\]/%+\-=<>≥≤]+|\s+|.", para):
            if width(line) + width(tok) <= cols:
                line += tok
            elif tok.isspace():
                lines.append(line.rstrip())
                line = ""
            elif width(tok) <= cols and tok[0] not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = tok
            elif len(line) > len(carry := _last_word(line)) and width(carry + tok) <= cols:
                # closing punctuation: carry the character (or Latin word) before it down too
                lines.append(line[: -len(carry)].rstrip())
                line = carry + tok
            else:  # a word longer than a line: break inside it
                for ch in tok:
                    if width(line) + width(ch) > cols and line:
                        lines.append(line.rstrip())
                        line = ""
                    line += ch
        lines.append(line.rstrip())
    return lines


def _last_word(line: str) -> str:
    """The last character of ``line``, or its whole last Latin word: a word is never split."""
    m = re.search(r"[A-Za-z0-9_]+$", line)
    return m.group() if m else line[-1:]


_NO_LINE_START = set("，。、；：？！）」』】〉》,.;:?!)]")


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


def actual_text(v: Verdict, lang: str = "zh") -> str:
    if v.kind == "completion":
        d = v.detail
        if not d.get("reached"):
            return "—"
        text = str((d.get("reached_label") or {}).get(lang) or d["reached"])
        if d.get("deadline") and d.get("date"):  # the date decides the verdict: show it
            text += f" {d['date'].isoformat()}"
        return text
    if v.kind == "composite":
        return f"{int(v.actual or 0)}/{len(v.parts)}"
    return shown_actual(v, lang)


def target_text(v: Verdict, lang: str = "zh") -> str:
    if v.kind == "completion":
        d = v.detail
        text = str(d["required_label"][lang])
        if d.get("deadline"):
            text += say_in("ui.report.by_deadline", lang, {"date": d["deadline"].isoformat()})
        return text
    if v.kind == "composite":
        return comparator_text(v, lang)
    if v.kind == "none":
        return say_in("ui.report.no_target", lang)
    if v.comparator == "between":
        lo, hi = v.detail["between"]
        return f"{fmt_value(lo, v.unit, None, lang)}–{fmt_value(hi, v.unit, None, lang)}"
    prefix = {"at_most": "≤ ", "equal": "= "}.get(v.comparator or "", "≥ ")
    return prefix + fmt_value(v.target_value, v.unit, None, lang)


def target_id_text(v: Verdict, lang: str = "zh") -> str:
    """A target's id as shown: a breakdown part's is its target's id and its agency, named as the
    plan's registry names it in ``lang`` (``5.1[Education Bureau]``, not the rule file's spelling)."""
    if v.kind == "part" and v.part_of and v.agency:
        return f"{v.part_of}[{agency_in(v, lang)}]"
    return v.target_id


def flags_text(v: Verdict, lang: str = "zh") -> str:
    return ", ".join(FLAG_WORD[lang].get(f, f) for f in v.flags)


__all__ = [
    "actual_text",
    "agency_in",
    "clip",
    "flags_text",
    "pad",
    "plan_heading",
    "rate_text",
    "report_title",
    "shown_rate",
    "strategy_heading",
    "summary_figures",
    "target_id_text",
    "target_text",
    "width",
    "wrap",
    "year_label",
    "zh_number",
]


def strategy_heading(mres: MeasureResult, lang: str) -> str:
    """「一、強化機關廉政…」 in Chinese, "Strategy 1: ..." in English: the plan's own section numbering."""
    if lang == "zh":  # the plan's own section numbering (一、二、...), not a sentence
        return f"{zh_number(mres.strategy)}、{mres.strategy_title['zh']}"
    return say_in("ui.report.strategy", lang, {"number": mres.strategy, "title": mres.strategy_title[lang]})


def summary_figures(evaluation: Evaluation) -> dict[str, object]:
    """The figures of a report's summary sentence: targets by status, and measures (``m_``) by status."""
    s = evaluation.summary
    figures: dict[str, object] = {k: s[k] for k in ("measures", "targets", "provisional")}
    figures.update(s["by_status"])
    figures.update({f"m_{k}": n for k, n in s["measures_by_status"].items()})
    return figures


def report_title(evaluation: Evaluation, lang: str) -> str:
    """The heading of every report: the plan's own title (plan.yaml) and the year in its calendar."""
    return plan_heading(evaluation.plan, evaluation.year, lang)


def plan_heading(plan: Plan, year: int, lang: str) -> str:
    """「<title> 113 年績效目標判定」 / "<title>: performance targets, ROC year 113 (2024)"."""
    shown = year if lang == "zh" else year_label(plan, year, "en")  # zh: 113 年, en: ROC year 113 (2024)
    if plan.title == Plan().title:  # no plan file: the neutral heading, without a made-up name
        return say_in("ui.report.heading_neutral", lang, {"year": shown})
    title = plan.title.zh if lang == "zh" else (plan.title.en or plan.title.zh)
    return say_in("ui.report.heading", lang, {"title": title, "year": shown})


def year_label(plan: Plan, year: int, lang: str) -> str:
    """A plan year as its reader counts it: 113 年（2024） / ROC year 113 (2024), or plain 2024."""
    if plan.calendar == "roc":
        return say_in("ui.report.year_roc", lang, {"year": year, "ad": plan.gregorian(year)})
    return say_in("ui.report.year", lang, {"year": year})
