"""Explain: a verdict's facts as one sentence in zh-TW and in English, checkable by a reader."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Protocol

from target_rules.language.model import Text
from target_rules.messages import LANGS, Message, unit_in
from target_rules.messages import render as say_in
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


COMPOSITE_WORDS: dict[str, dict[str, str]] = {
    mode: {
        lang: say_in(f"ui.explain.composite_{key}", lang, {"need": "{need}", "of": "{of}"}) for lang in LANGS
    }
    for mode, key in (("all", "all"), ("any", "any"), ("at_least", "at_least"), ("at_least_k", "at_least"))
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
        return say_in("ui.explain.no_date", lang)
    late = (d["date"] - deadline).days
    args = {"days": late, "date": d["date"].isoformat(), "deadline": deadline.isoformat()}
    return say_in("ui.explain.late", lang, args)


def _has_metric_name(v: Judged) -> bool:
    return bool(v.metric_label) and v.kind in ("threshold", "frequency", "breakdown", "part")


def _name(v: Judged, lang: str) -> str:
    src = v.metric_label if _has_metric_name(v) and v.metric_label else v.label
    return src[lang]


def explain(v: Judged) -> dict[str, str]:
    """The verdict's facts as one sentence in each language (the catalog's ui.explain.* parts)."""
    return {lang: _sentence(v, lang) + _tail(v, lang) for lang in LANGS}


def _tail(v: Judged, lang: str) -> str:
    if "provisional" in v.flags and v.period_end is not None:
        return say_in("ui.explain.provisional", lang, {"date": v.period_end.isoformat()})
    return ""


def _sentence(v: Judged, lang: str) -> str:
    # decisions are shown by renderers next to the verdict, not inside the sentence
    status = STATUS_TEXT[v.status][lang]
    label = v.label[lang]
    if v.status is Status.NOT_APPLICABLE:
        return say_in("ui.explain.labelled", lang, {"label": label, "status": status})
    if v.status is Status.MISSING and v.kind == "composite":
        # Undecided because some members have no value: name them, and say how far the rest got.
        waiting = ", ".join(p.target_id for p in v.parts if p.status is Status.MISSING) or "—"
        met, need = format_number(v.actual or 0), format_number(v.target_value or 0)
        args = {
            "label": label,
            "status": status,
            "waiting": waiting,
            "of": len(v.parts),
            "met": met,
            "need": need,
        }
        return say_in("ui.explain.composite_missing", lang, args)
    if v.status is Status.MISSING:
        # a reason is the reporting agency's own words, quoted in English as the source's quotes are;
        # unless it is ours (a catalog Message: a division by zero), said in the reader's language
        reason = v.detail.get("reason")
        args = {"label": label, "status": status, "missing": _missing_in(v, lang), "reason": reason}
        key = "missing_why" if isinstance(reason, Message) else "missing_reason" if reason else "missing"
        return say_in(f"ui.explain.{key}", lang, args)
    if v.kind == "completion":
        d = v.detail
        reached = (d.get("reached_label") or {}).get(lang, d.get("reached"))
        date = say_in("ui.explain.on_date", lang, {"date": d["date"].isoformat()}) if d.get("date") else ""
        dl = (
            say_in("ui.explain.deadline", lang, {"date": d["deadline"].isoformat()})
            if d.get("deadline")
            else ""
        )
        args = {
            "label": label,
            "reached": reached,
            "date": date,
            "required": d["required_label"][lang],
            "deadline": dl,
            "status": status,
        }
        text = say_in("ui.explain.completion", lang, args)
        late = late_reason(v, lang)
        if late:
            text = say_in("ui.explain.because", lang, {"text": text, "reason": late})
        return text
    if v.kind == "composite":
        args = {
            "label": label,
            "of": len(v.parts),
            "met": format_number(v.actual or 0),
            "need": format_number(v.target_value or 0),
            "status": status,
        }
        return say_in("ui.explain.composite", lang, args)
    actual = shown_actual(v, lang)
    raw = fmt_value(v.actual, v.unit, None, lang)
    if v.kind not in ("ratio", "growth") and raw != actual:
        # say how a reported figure was counted
        actual = say_in("ui.explain.counted", lang, {"shown": actual, "raw": raw, "decimals": v.precision})
    if v.comparator == "between":
        lo, hi = v.detail["between"]
        target = say_in(
            "ui.explain.between",
            lang,
            {"low": fmt_value(lo, v.unit, None, lang), "high": fmt_value(hi, v.unit, None, lang)},
        )
    else:
        comparator = v.comparator if v.comparator in ("at_least", "at_most", "equal") else "at_least"
        target = say_in(
            f"ui.explain.{comparator}", lang, {"value": fmt_value(v.target_value, v.unit, None, lang)}
        )
    shown = shown_rate(v)
    rate = say_in("ui.explain.rate", lang, {"rate": shown}) if shown is not None else ""
    what = ""
    if v.kind == "growth":
        d = v.detail
        what = say_in(
            "ui.explain.growth",
            lang,
            {
                "baseline": fmt_value(d["baseline"], d["metric_unit"], None, lang),
                "current": fmt_value(d["current"], d["metric_unit"], None, lang),
            },
        )
    if v.kind == "frequency":
        d = v.detail
        every = say_in(f"ui.explain.every_{d['every']}", lang)
        what = say_in(
            "ui.explain.frequency", lang, {"units": d["units"], "times": d["times"], "every": every}
        )
    args = {"actual": actual, "what": what, "target": target, "rate": rate, "status": status}
    if _has_metric_name(v):
        text = say_in("ui.explain.metric", lang, {"name": _name(v, lang), **args})
    else:  # the target's own label already states the goal ("...比率達 60%"): keep the actual apart
        text = say_in("ui.explain.target", lang, {"label": label, **args})
    if v.parts and v.kind == "breakdown":
        listed = say_in("ui.list_sep", lang).join(
            f"{agency_in(p, lang)} {fmt_value(p.actual, p.unit, None, lang)}/"
            f"{fmt_value(p.target_value, p.unit, None, lang)}"
            for p in v.parts
        )
        text += say_in("ui.explain.parts", lang, {"parts": listed})
    parts = combined_parts(v, lang)
    if parts:
        text += say_in("ui.explain.combined", lang, {"parts": parts})
    return text


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
