"""Draft rule files from the plan's tab-separated execution report (執行情形).

Reading the source into records is authoring/source_records.py (re-exported here); this module
drafts a rule from each record, writes the files and summarises.

The importer never guesses silently: every target it could not read fully is written with
a decision in both languages from the catalog (``{zh: "草稿，待確認——...", en: "DRAFT: needs review —
..."}``, messages ``ui.import.draft``) and reported as a warning with the measure number and text; the
measure's ``notes`` are written in the chosen language (``--lang``).

* :func:`parse_source` — text -> :class:`SourceRecord` list (with :class:`ImportProblem`\\ s)
* :func:`draft_measure` — one record -> :class:`DraftMeasure` (a dict that validates as a Measure)
* :func:`import_source` — the whole pipeline, writing ``OUTDIR/mNN.yaml``; returns an :class:`ImportSummary`
* :func:`numeric_targets` — each numeric target of a measure's year as (comparator, value, unit)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from target_rules.authoring.source_records import (
    F_AGENCIES,
    F_GOAL,
    F_INDICATOR,
    F_STRATEGY,
    F_TITLE,
    ImportProblem,
    SourceRecord,
    SourceRecords,
    html_to_text,
    is_known_field,
    normalise_field_name,
    parse_source,
    short_text,
)
from target_rules.language.model import COUNT_UNITS, Measure
from target_rules.messages import LANGS, Message, current_language, render, say
from target_rules.outputs import write_output
from target_rules.quantities import parse_quantity

__all__ = [
    "DraftMeasure",
    "ImportProblem",
    "ImportSummary",
    "MeasureSummary",
    "SourceRecord",
    "SourceRecords",
    "draft_all",
    "draft_measure",
    "dump_measure",
    "format_summary",
    "html_to_text",
    "import_source",
    "is_draft",
    "normalise_field_name",
    "numeric_targets",
    "parse_source",
    "split_items",
    "summarise",
    "write_drafts",
]

DRAFT = "DRAFT: needs review — "  # how the English side of every draft decision starts


def _draft(reason: Message) -> dict[str, str]:
    """A draft decision: ``reason`` marked for review, in both languages (the catalog's)."""
    return {lang: render("ui.import.draft", lang, {"reason": reason}) for lang in LANGS}


def is_draft(target: dict[str, Any]) -> bool:
    """Whether a drafted target's decision marks it for review."""
    decision = target.get("decision")
    return isinstance(decision, dict) and str(decision.get("en", "")).startswith(DRAFT)


# ---------------------------------------------------------------------------------------------
# Items and quantities


_ITEM_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2})\.(?!\d)")


def split_items(text: str) -> list[tuple[int, str]]:
    """``"1. A。 2. B。"`` -> ``[(1, "A。"), (2, "B。")]``; unnumbered text is one item numbered 1.

    Numbers must run 1, 2, 3 ... and item 1 must open the text, so decimals ("102.5%") and numbers
    inside the text are not taken for item numbers.
    """
    text = text.strip()
    starts: list[tuple[int, int, int]] = []  # (number, start of "N.", start of the item text)
    expected = 1
    for m in _ITEM_NUMBER.finditer(text):
        n = int(m.group(1))
        if n != expected:
            continue
        before = text[: m.start()]
        if n == 1 and before.strip():
            break
        if before and not re.search(r"[\s。；;：:]$", before):
            continue
        starts.append((n, m.start(), m.end()))
        expected += 1
    if not starts:
        return [(1, text)]
    items = []
    for i, (n, _, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        items.append((n, text[body:end].strip()))
    return items


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QTY = rf"(?:(?:{_NUM})\s*[億萬]\s*)+(?:{_NUM})?|(?:{_NUM})"
# 年/月/季 are dates or periods in target texts ("107年", "6 月"), never the counted thing.
_UNITS = sorted((COUNT_UNITS - {"年", "月", "季"}) | {"%", "％", "元"}, key=len, reverse=True)
_UNIT = "|".join(re.escape(u) for u in _UNITS)
_QUANTITY = re.compile(rf"(?<![\d.,])(?P<qty>{_QTY})\s*(?P<unit>{_UNIT})")
_BARE_NUMBER = re.compile(rf"(?<![\d.,])(?:{_NUM})")
_AT_MOST_AFTER = re.compile(r"^\s*(以下|以內|為限|內)")
_AT_MOST_BEFORE = re.compile(r"(不超過|不得超過|不高於|低於|少於|至多|最多|控制在|降至|降低至|以內)\s*$")
_GROWTH_BEFORE = re.compile(r"(成長率|成長|增加|增長|提升|提高)[^，；。]{0,6}$")
_EXTRA_ACTION = re.compile(r"完成|提出|公布|產出|建構|陳報|辦理|研擬|訂定|檢討")
_CLAUSE_SPLIT = re.compile(r"[，；;。]")


@dataclass
class _Qty:
    value: float
    unit: str
    start: int
    end: int
    text: str


def _read_quantity(qty: str) -> float:

    return parse_quantity(qty.replace(" ", "")).value


def find_quantities(text: str) -> list[_Qty]:
    """Every number written with a unit (``達 70%``, ``1萬5,000件``, ``1億元``), in order."""
    out = []
    for m in _QUANTITY.finditer(text):
        if text[: m.start()].rstrip().endswith("第"):
            continue  # an ordinal: 第3季
        unit = "%" if m.group("unit") == "％" else m.group("unit")
        out.append(_Qty(_read_quantity(m.group("qty")), unit, m.start(), m.end(), m.group(0)))
    return out


def _unexplained_numbers(text: str, quantities: list[_Qty]) -> list[str]:
    """Numbers that are neither a quantity with a unit nor a date/year/ordinal."""
    taken = [(q.start, q.end) for q in quantities]
    out = []
    for m in _BARE_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        after = text[m.end() : m.end() + 2].lstrip()
        if after[:1] in ("年", "月", "日", "季", "時", "屆", "大") or text[: m.start()].rstrip().endswith(
            "第"
        ):
            continue
        out.append(m.group(0))
    return out


def _comparator(text: str, q: _Qty) -> str:
    if _AT_MOST_AFTER.match(text[q.end :]) or _AT_MOST_BEFORE.search(text[: q.start]):
        return "at_most"
    return "at_least"


def _clause(text: str, q: _Qty) -> str:
    """The clause (between ，；。) holding a quantity."""
    starts = [m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, q.start)]
    start = starts[-1] if starts else 0
    m = _CLAUSE_SPLIT.search(text, q.end)
    end = m.start() if m else len(text)
    return text[start:end].strip() or text.strip()


def _breakdown(text: str, total: _Qty, later: list[_Qty]) -> tuple[dict[str, float], list[_Qty]] | None:
    """``9案(退輔會3案、經濟部1案、...)`` -> parts {退輔會: 3, ...} when they add up to the total."""
    m = re.match(r"\s*[(（]([^()（）]*)[)）]", text[total.end :])
    if not m:
        return None
    inner_start = total.end + m.start(1)
    inner_end = total.end + m.end(1)
    inside = [q for q in later if inner_start <= q.start < inner_end]
    if len(inside) < 2 or any(q.unit != total.unit for q in inside):
        return None
    parts: dict[str, float] = {}
    prev = inner_start
    for q in inside:
        name = re.sub(r"^[、，,；;\s]+|[\s:：為計共]+$", "", text[prev : q.start]).strip()
        if not name or name in parts:
            return None
        parts[name] = q.value
        prev = q.end
    if abs(sum(parts.values()) - total.value) > 1e-9:
        return None
    return parts, inside


# ---------------------------------------------------------------------------------------------
# Drafting


@dataclass
class DraftMeasure:
    """A drafted rule: ``data`` is a dict that validates as a Measure (``model`` when it does)."""

    number: int
    data: dict[str, Any]
    model: Measure | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    numeric: int = 0  # threshold/growth/breakdown targets with a number read from the text
    completion: int = 0  # completion drafts for items without a number
    none: int = 0  # kind none (目標值「無」)
    review: int = 0  # targets carrying a DRAFT decision

    @property
    def targets(self) -> int:
        return sum(len(y["targets"]) for y in self.data.get("years", {}).values())


_ZH_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _zh_number(s: str) -> int | None:
    """一..九十九 -> int."""
    if not s or any(c not in _ZH_DIGITS and c != "十" for c in s):
        return None
    if "十" not in s:
        return _ZH_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _ZH_DIGITS.get(tens, 0) if tens else 1
    o = _ZH_DIGITS.get(ones, 0) if ones else 0
    return t * 10 + o


def _strategy(text: str) -> tuple[int | None, str]:
    m = re.match(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*(.*)$", text)
    if m:
        return _zh_number(m.group(1)), m.group(2).strip()
    m = re.match(r"^\s*(\d+)\s*[、.．]\s*(.*)$", text)
    if m:
        return int(m.group(1)), m.group(2).strip()
    return None, text.strip()


def split_agencies(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """``主辦機關：法務部（廉政署） 協辦機關：各機關`` -> agencies and their roles.

    Splits on 、 outside parentheses, so ``法務部（檢察司、調查局）`` stays one agency.
    """
    roles: dict[str, list[str]] = {}
    role = None
    agencies: list[str] = []
    parts = re.split(r"((?:主辦|協辦)機關\s*[：:])", text)
    for part in parts:
        rm = re.fullmatch(r"(主辦|協辦)機關\s*[：:]", part)
        if rm:
            role = rm.group(1)
            continue
        depth = 0
        buf = ""
        names = []
        for ch in part:
            if ch in "(（【[":
                depth += 1
            elif ch in ")）】]":
                depth = max(0, depth - 1)
            if ch in "、,，;；" and depth == 0:
                names.append(buf)
                buf = ""
            else:
                buf += ch
        names.append(buf)
        for n in names:
            n = n.strip().strip("。.").strip()
            if not n:
                continue
            if n not in agencies:
                agencies.append(n)
            if role:
                roles.setdefault(role, []).append(n)
    return agencies, roles


class _Log:
    """Where a draft's problems go: warnings and errors placed at the source record's lines."""

    def __init__(self, record: SourceRecord, draft: DraftMeasure) -> None:
        self.rec = record
        self.n = record.number
        self.draft = draft

    def warn(self, message: str, field_name: str | None = None, code: str = "needs_review") -> None:
        line = self.rec.lines.get(field_name, self.rec.line) if field_name else self.rec.line
        self.draft.problems.append(
            ImportProblem(
                message, file=self.rec.file, line=line, code=code, severity="warning", measure=self.n
            )
        )

    def about(self, year: int, tid: str, what: Message, text: str) -> Message:
        """A warning about one drafted target: which, what was decided, and the item's words."""
        return say(
            "needs_review.target", measure=self.n, year=year, target=tid, what=what, text=short_text(text, 80)
        )

    def error(self, message: str, code: str = "invalid") -> None:
        self.draft.problems.append(
            ImportProblem(
                message, file=self.rec.file, line=self.rec.line, code=code, severity="error", measure=self.n
            )
        )


class _Metrics:
    """The metrics a draft declares, by name; the same item in another year reuses its metric."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}

    def register(self, base: str, year: int, spec: dict[str, Any]) -> str:
        """Register a metric; the same item in another year reuses it when it measures the same thing."""
        same = ("unit", "milestones")
        for name in (base, f"{base}_y{year}"):
            have = self.specs.get(name)
            if have is None:
                self.specs[name] = spec
                return name
            if all(have.get(k) == spec.get(k) for k in same):
                return name  # the same item of another year: one metric, the first year's label
        raise AssertionError(f"metric {base} registered twice for {year}")


class _Targets:
    """One target per quantity (threshold, growth, breakdown), a deliverable without one, or 無."""

    def __init__(self, n: int, log: _Log, metrics: _Metrics, draft: DraftMeasure) -> None:
        self.n = n
        self.log = log
        self.metrics = metrics
        self.draft = draft

    def none_target(self, tid: str, text: str, year: int, fname: str, empty: bool = False) -> dict[str, Any]:
        t: dict[str, Any] = {"id": tid, "label": text, "kind": "none", "source": text}
        if empty:
            t["decision"] = _draft(say("ui.import.empty_cell"))
            self.log.warn(say("needs_review.empty", measure=self.n, year=year, target=tid), fname)
        self.draft.none += 1
        return t

    def add_decision(self, t: dict[str, Any], reason: Message) -> None:
        if "decision" in t:
            t["decision"] = {
                lang: t["decision"][lang] + render("ui.details_sep", lang) + reason.in_(lang)
                for lang in LANGS
            }
        else:
            t["decision"] = _draft(reason)

    def numeric(
        self,
        year: int,
        fname: str,
        tid: str,
        base: str,
        item: str,
        label: str,
        q: _Qty,
        parts: dict[str, float] | None,
    ) -> dict[str, Any]:
        value: int | float = int(q.value) if float(q.value).is_integer() else q.value
        before = item[: q.start]
        self.draft.numeric += 1
        if q.unit == "%" and _GROWTH_BEFORE.search(before):
            unit = "%" if "率" in before[-20:] else "件"
            metric = self.metrics.register(base, year, {"label": label, "unit": unit})
            baseline = self.metrics.register(
                f"{metric}_baseline", year, {"label": f"{label}（基準值）", "unit": unit}
            )
            t: dict[str, Any] = {
                "id": tid,
                "label": label,
                "kind": "growth",
                "metric": metric,
                _comparator(item, q): value,
                "baseline_metric": baseline,
                "source": item,
                "decision": _draft(say("ui.import.growth_placeholders")),
            }
            what = say("ui.import.growth", value=value, baseline=baseline)
            self.log.warn(self.log.about(year, tid, what, item), fname)
            return t
        metric = self.metrics.register(base, year, {"label": label, "unit": q.unit})
        if parts:
            t = {
                "id": tid,
                "label": label,
                "kind": "breakdown",
                "metric": metric,
                "parts": {k: (int(v) if float(v).is_integer() else v) for k, v in parts.items()},
                "total": value,
                "require": "all",
                "source": item,
                "decision": _draft(say("ui.import.breakdown_check")),
            }
            what = say("ui.import.breakdown", parts=t["parts"], value=value)
            self.log.warn(self.log.about(year, tid, what, item), fname)
            return t
        return {
            "id": tid,
            "label": label,
            "kind": "threshold",
            "metric": metric,
            _comparator(item, q): value,
            "source": item,
        }

    def completion(
        self, year: int, fname: str, tid: str, base: str, text: str, stray: list[str]
    ) -> dict[str, Any]:
        metric = self.metrics.register(
            base,
            year,
            {
                "label": text,
                "unit": "milestone",
                "milestones": [
                    {"id": "in_progress", "label": "辦理中"},
                    {"id": "completed", "label": "完成"},
                ],
            },
        )
        reason = say("ui.import.completion")
        if stray:
            reason = say("ui.import.two", a=reason, b=say("ui.import.stray", stray=", ".join(stray)))
        self.draft.completion += 1
        self.log.warn(self.log.about(year, tid, reason, text), fname)
        return {
            "id": tid,
            "label": text,
            "kind": "completion",
            "metric": metric,
            "reach": "completed",
            "source": text,
            "decision": _draft(reason),
        }


class _Items:
    """A year's 績效目標值 text: numbered items, each read into its targets (a composite for several)."""

    def __init__(self, n: int, log: _Log, targets: _Targets) -> None:
        self.n = n
        self.log = log
        self.targets = targets

    def year(self, year: int, fname: str, text: str) -> dict[str, Any]:
        targets: list[dict[str, Any]] = []
        if not text.strip():
            targets.append(self.targets.none_target(f"{self.n}.1", "(empty)", year, fname, empty=True))
            return {"targets": targets}
        if re.fullmatch(r"\s*(無|无|none|N/?A|-+)\s*[。.]?\s*", text, flags=re.IGNORECASE):
            targets.append(self.targets.none_target(f"{self.n}.1", text, year, fname))
            return {"text": text, "targets": targets}
        for k, item in split_items(text):
            targets.extend(self.item(year, fname, k, item))
        return {"text": text, "targets": targets}

    def item(self, year: int, fname: str, k: int, text: str) -> list[dict[str, Any]]:
        tid = f"{self.n}.{k}"
        base = f"m{self.n}_{k}"
        found = find_quantities(text)
        # a total with its per-agency split in parentheses: one breakdown target
        quantities: list[tuple[_Qty, dict[str, float] | None]] = []
        skip: set[int] = set()
        for i, q in enumerate(found):
            if i in skip:
                continue
            bd = _breakdown(text, q, found[i + 1 :])
            if bd:
                split, inside = bd
                skip.update(found.index(x) for x in inside)
                quantities.append((q, split))
            else:
                quantities.append((q, None))
        stray = _unexplained_numbers(text, found)
        if re.fullmatch(r"\s*(無|无)\s*[。.]?\s*", text):
            return [self.targets.none_target(tid, text, year, fname)]
        if not quantities:
            return [self.targets.completion(year, fname, tid, base, text, stray)]
        if len(quantities) == 1:
            q, parts = quantities[0]
            t = self.targets.numeric(year, fname, tid, base, text, text, q, parts)
            extra = self.extra_clauses(text, [q])
            notes: list[Message] = []
            if extra:
                notes.append(say("ui.import.extra", clauses="；".join(extra)))
            if stray:
                notes.append(say("ui.import.stray_ignored", stray=", ".join(stray)))
            if notes:
                said = notes[0] if len(notes) == 1 else say("ui.import.two", a=notes[0], b=notes[1])
                self.targets.add_decision(t, said)
                self.log.warn(self.log.about(year, tid, said, text), fname)
            return [t]
        subs = []
        for j, (q, parts) in enumerate(quantities):
            letter = chr(ord("a") + j) if j < 26 else f"_{j}"
            sub = self.targets.numeric(
                year, fname, f"{tid}{letter}", f"{base}{letter}", text, _clause(text, q), q, parts
            )
            subs.append(sub)
        reason = say("ui.import.composite", n=len(quantities), ids=", ".join(s["id"] for s in subs))
        if stray:
            reason = say("ui.import.two", a=reason, b=say("ui.import.stray_ignored", stray=", ".join(stray)))
        comp = {
            "id": tid,
            "label": text,
            "kind": "composite",
            "of": [s["id"] for s in subs],
            "mode": "all",
            "source": text,
            "decision": _draft(reason),
        }
        self.log.warn(self.log.about(year, tid, reason, text), fname)
        return [*subs, comp]

    def extra_clauses(self, text: str, used: list[_Qty]) -> list[str]:
        """Clauses without a quantity that ask for something more (及產出...效益, 並公布...)."""
        out = []
        pos = 0
        for m in [*_CLAUSE_SPLIT.finditer(text), None]:
            end = m.start() if m else len(text)
            clause = text[pos:end].strip()
            has_qty = any(pos <= q.start < end for q in used)
            if clause and not has_qty and _EXTRA_ACTION.search(clause):
                out.append(clause)
            pos = m.end() if m else len(text)
        return out


class _Drafter:
    """One measure: its header fields, its years (through _Items), notes, and the model check."""

    def __init__(self, record: SourceRecord) -> None:
        self.rec = record
        self.n = record.number
        self.draft = DraftMeasure(number=record.number, data={})
        self.log = _Log(record, self.draft)
        self.metrics = _Metrics()
        self.items = _Items(self.n, self.log, _Targets(self.n, self.log, self.metrics, self.draft))

    def run(self) -> DraftMeasure:
        rec = self.rec
        f = rec.fields
        number, strategy_title = _strategy(f.get(F_STRATEGY, ""))
        if number is None or number < 1:
            self.log.error(
                say("strategy.unreadable", measure=self.n, value=f.get(F_STRATEGY, "")), code="strategy"
            )
            number = 1
        agencies, roles = split_agencies(f.get(F_AGENCIES, ""))
        if not agencies:
            self.log.error(say("agencies.none", measure=self.n), code="agencies")
            agencies = ["(unknown)"]
        title = f.get(F_TITLE) or "(missing 執行措施)"
        data: dict[str, Any] = {
            "measure": self.n,
            "strategy": {
                "number": number,
                "title": strategy_title or f.get(F_STRATEGY) or "(missing 具體策略)",
            },
            "title": title,
        }
        if f.get(F_GOAL):
            data["goal"] = f[F_GOAL]
        data["agencies"] = agencies
        if f.get(F_INDICATOR):
            data["indicator"] = f[F_INDICATOR]
        years: dict[int, Any] = {}
        for year, fname in rec.target_fields().items():
            years[year] = self.items.year(year, fname, f[fname])
        data["metrics"] = self.metrics.specs
        data["years"] = years
        lang = current_language()  # notes are one text: the reader's language
        notes = render("ui.import.notes", lang, {"file": rec.file, "measure": self.n, "line": rec.line})
        if roles:
            notes += render(
                "ui.import.roles",
                lang,
                {
                    "roles": render("ui.details_sep", lang).join(
                        render("ui.import.role", lang, {"role": r, "names": "、".join(v)})
                        for r, v in roles.items()
                    )
                },
            )
        unknown = [rec.names.get(k, k) for k in rec.fields if not is_known_field(k)]
        if unknown:
            notes += render("ui.import.unknown_fields", lang, {"fields": ", ".join(unknown)})
        data["notes"] = notes
        self.draft.data = data
        for y in years.values():
            for t in y["targets"]:
                if is_draft(t):
                    self.draft.review += 1
        try:
            self.draft.model = Measure.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(x) for x in err["loc"])
                self.log.error(
                    say("draft_invalid.at", measure=self.n, loc=loc, detail=err["msg"]), code="draft_invalid"
                )
        return self.draft


def draft_measure(record: SourceRecord) -> DraftMeasure:
    """Draft one rule from one record; problems go to ``DraftMeasure.problems``, nothing is raised."""
    try:
        return _Drafter(record).run()
    except Exception as exc:  # a bug here must not lose the other 45 measures
        d = DraftMeasure(number=record.number, data={})
        d.problems.append(
            ImportProblem(
                say("importer_bug.failed", measure=record.number, kind=type(exc).__name__, error=str(exc)),
                file=record.file,
                line=record.line,
                code="importer_bug",
                severity="error",
                measure=record.number,
            )
        )
        return d


# ---------------------------------------------------------------------------------------------
# Numeric targets (for comparing drafts with curated rules)


def numeric_targets(measure: Measure, year: int) -> dict[str, tuple[str, float, str]]:
    """Target id -> (comparator, value, unit) for every target of ``year`` that states a number.

    threshold/ratio/growth: their comparator (``between`` gives its low end); frequency: at_least
    the required count; breakdown: at_least the total (or the sum of the parts).
    """
    out: dict[str, tuple[str, float, str]] = {}
    yt = measure.years.get(year)
    if yt is None:
        return out

    def unit_of(metric: str | None) -> str:
        m = measure.metrics.get(metric) if metric else None
        return m.unit if m else ""

    for t in yt.targets:
        kind = t.kind
        if kind in ("threshold", "ratio", "growth"):
            comp = t.comparator  # type: ignore[union-attr]
            raw = getattr(t, comp)
            value = raw[0] if comp == "between" else raw
            if kind == "threshold":
                unit = unit_of(t.metric)  # type: ignore[union-attr]
            elif kind == "ratio":
                unit = t.unit  # type: ignore[union-attr]
            else:
                unit = "%"
            out[t.id] = (comp, float(value), unit)
        elif kind == "frequency":
            out[t.id] = ("at_least", float(t.required), unit_of(t.metric))  # type: ignore[union-attr]
        elif kind == "breakdown":
            total = t.total if t.total is not None else sum(t.parts.values())  # type: ignore[union-attr]
            out[t.id] = ("at_least", float(total), unit_of(t.metric))  # type: ignore[union-attr]
    return out


# ---------------------------------------------------------------------------------------------
# Writing and the summary


_TARGET_KEY_ORDER = (
    "id",
    "label",
    "kind",
    "agency",
    "metric",
    "expression",
    "unit",
    "at_least",
    "at_most",
    "equal",
    "between",
    "baseline",
    "baseline_metric",
    "parts",
    "total",
    "require",
    "of",
    "mode",
    "k",
    "reach",
    "deadline",
    "source",
    "decision",
)
_MEASURE_KEY_ORDER = (
    "measure",
    "strategy",
    "title",
    "goal",
    "agencies",
    "indicator",
    "metrics",
    "years",
    "notes",
    "examples",
)


def _ordered(d: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    out = {k: d[k] for k in order if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def dump_measure(data: dict[str, Any]) -> str:
    """YAML text of a drafted measure, keys in reading order, Chinese kept as is."""

    doc = _ordered(data, _MEASURE_KEY_ORDER)
    doc["metrics"] = {
        k: _ordered(v, ("label", "unit", "integer", "milestones", "agency"))
        for k, v in data.get("metrics", {}).items()
    }
    doc["years"] = {
        y: {
            **({"text": v["text"]} if v.get("text") else {}),
            "targets": [_ordered(t, _TARGET_KEY_ORDER) for t in v["targets"]],
        }
        for y, v in data.get("years", {}).items()
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


@dataclass
class MeasureSummary:
    measure: int
    file: str | None
    targets: int
    numeric: int
    completion: int
    none: int
    review: int
    valid: bool


@dataclass
class ImportSummary:
    source: str
    measures: list[MeasureSummary] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    def totals(self) -> dict[str, int]:
        return {
            "measures": len(self.measures),
            "targets": sum(m.targets for m in self.measures),
            "numeric": sum(m.numeric for m in self.measures),
            "completion": sum(m.completion for m in self.measures),
            "none": sum(m.none for m in self.measures),
            "review": sum(m.review for m in self.measures),
            "invalid": sum(not m.valid for m in self.measures),
        }


def draft_all(text: str, file: str) -> tuple[SourceRecords, list[DraftMeasure]]:
    records = parse_source(text, file)
    return records, [draft_measure(r) for r in records]


def write_drafts(drafts: Iterable[DraftMeasure], outdir: str | Path) -> list[Path]:
    """Write ``OUTDIR/mNN.yaml`` for every draft that has data; returns the paths written."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for d in drafts:
        if not d.data:
            continue
        path = out / f"m{d.number:02d}.yaml"
        write_output(path, dump_measure(d.data))
        written.append(path)
    return written


def output_paths(records: Iterable[SourceRecord], outdir: str | Path) -> list[Path]:
    return [Path(outdir) / f"m{r.number:02d}.yaml" for r in records]


def summarise(
    source: str, records: SourceRecords, drafts: list[DraftMeasure], written: Iterable[Path] = ()
) -> ImportSummary:
    """Per measure: targets drafted numeric / completion / none / for review; all problems."""
    summary = ImportSummary(source=source, written=list(written))
    summary.problems.extend(records.problems)
    by_name = {p.name: p for p in summary.written}
    for d in drafts:
        summary.problems.extend(d.problems)
        path = by_name.get(f"m{d.number:02d}.yaml")
        summary.measures.append(
            MeasureSummary(
                measure=d.number,
                file=str(path) if path else None,
                targets=d.targets if d.data else 0,
                numeric=d.numeric,
                completion=d.completion,
                none=d.none,
                review=d.review,
                valid=d.model is not None,
            )
        )
    return summary


def import_source(
    source: str | Path, outdir: str | Path | None = None, *, file: str | None = None
) -> ImportSummary:
    """Read ``source``, draft every measure and (when ``outdir`` is given) write the rule files.

    Existing files in ``outdir`` are overwritten; the CLI checks before calling this.
    """
    name = file or str(source)
    text = Path(source).read_text(encoding="utf-8-sig")
    records, drafts = draft_all(text, name)
    written = write_drafts(drafts, outdir) if outdir is not None else []
    return summarise(name, records, drafts, written)


def _right(text: str, cols: int) -> str:
    """``text`` right-aligned in ``cols`` terminal columns (a CJK character takes two)."""
    import unicodedata

    wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * max(0, cols - wide) + text


def format_summary(summary: ImportSummary, lang: str = "en") -> str:
    """A plain table: one row per measure, then the totals; its words in ``lang``."""
    widths = (7, 7, 7, 10, 4, 6)
    *names, file_word = render("ui.import.columns", lang).split("|")
    rows = ["  ".join(_right(n, w) for n, w in zip(names, widths, strict=True)) + "  " + file_word]
    flag = "  " + render("ui.import.invalid", lang)
    for m in summary.measures:
        rows.append(
            f"{m.measure:>7}  {m.targets:>7}  {m.numeric:>7}  {m.completion:>10}  {m.none:>4}  {m.review:>6}  "
            f"{m.file or '-'}{'' if m.valid else flag}"
        )
    t = summary.totals()
    rows.append(
        f"{_right(render('ui.import.total', lang), 7)}  {t['targets']:>7}  {t['numeric']:>7}  "
        f"{t['completion']:>10}  {t['none']:>4}  {t['review']:>6}  "
        + render("ui.n_measures", lang, {"n": t["measures"]})
    )
    said = {"errors": len(summary.errors), "warnings": len(summary.warnings), "review": t["review"]}
    rows.append(render("ui.import.totals", lang, said))
    return "\n".join(rows) + "\n"
