"""What one metric's entry in a submission may hold, checked and placed: a value against its metric's
unit and bounds, a milestone, per-agency parts and their stated total, a period inside the plan year.

``EntryChecks`` works for a ``DocumentChecks`` (checks.py), which walks the document and hands it each
metric's entry; problems go to the same list, placed in the same document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from target_rules.errors import Path as DocPath
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.language.salvage import raw_at
from target_rules.language.source import Document
from target_rules.messages import Code, bi, say, unit_word
from target_rules.quantities import QuantityError, format_number, parse_date, parse_quantity
from target_rules.suggest import did_you_mean

__all__ = ["KINDS", "DocumentWalk", "EntryChecks", "as_date", "as_int", "entry_kinds", "number"]

KINDS = ("value", "by_agency", "milestone", "not_reported")


def as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().isdigit() and len(v.strip()) < 10:
        return int(v.strip())
    return None


def as_date(v: Any) -> dt.date | None:
    """A date cell or text: ISO or ROC (113-10-31), see quantities.parse_date; None when unreadable."""
    try:
        return parse_date(v)
    except ValueError:
        return None


def entry_kinds(entry: Any) -> list[str]:
    if isinstance(entry, int | float | str) and not isinstance(entry, bool):
        return ["value"]
    if isinstance(entry, dict):
        return [k for k in KINDS if entry.get(k) is not None]
    return []


def number(raw: Any) -> float | None:
    try:
        return parse_quantity(raw).value
    except (QuantityError, TypeError, ValueError):
        return None


def _same_unit(a: str, b: str) -> bool:
    if a.strip() == b.strip():
        return True
    da, db = m.dimension_of(a.strip()), m.dimension_of(b.strip())
    return da == db and da in ("percent", "money")


class DocumentWalk(Protocol):
    """What entry checks need of the walk over a document (checks.DocumentChecks has it): the rules,
    where blanks were, a place to put problems, and the agency check."""

    rules: RuleSet
    blank_paths: set[tuple[str, DocPath]]

    def add(self, doc: Document, message: str, path: DocPath, *, key: bool = False, **kw: Any) -> None: ...

    def check_agency(
        self, doc: Document, raw: Any, path: DocPath, *, key: bool = False, report: bool = True
    ) -> tuple[bool, str | None]: ...


class EntryChecks:
    """The checks of one metric's entry, for the document ``doc`` is walking."""

    def __init__(self, doc: DocumentWalk) -> None:
        self.doc = doc
        self.rules = doc.rules
        self.calendar = doc.rules.plan.calendar  # a plan year's dates are the plan's calendar's

    def _dated(self, year: int | None) -> int | None:
        """``year`` when the plan's calendar gives it dates; None for none or one it does not count
        (the year check reports that one)."""
        return year if year is not None and self.calendar.holds(year) else None

    def add(self, doc: Document, message: str, path: DocPath, *, key: bool = False, **kw: Any) -> None:
        self.doc.add(doc, message, path, key=key, **kw)

    def entry(
        self, doc: Document, n: int, name: str, metric: m.Metric, entry: Any, path: DocPath, year: int | None
    ) -> None:
        kinds = entry_kinds(entry)
        label = bi(metric.label.zh, metric.label.en)
        if not kinds and (isinstance(entry, dict) or entry is None):
            self.doc.blank_paths.add((doc.file, path))
            cell = (*path, "milestone" if metric.unit == "milestone" else "value")
            self.add(
                doc,
                say(Code.MISSING_VALUE, name=name, label=label, unit=unit_word(metric.unit)),
                cell if cell in doc.values else path,
                key=cell not in doc.values,
                hint=say("hint.fill_milestone" if metric.unit == "milestone" else "hint.fill_value"),
            )
            return
        if not isinstance(entry, dict):
            entry = {"value": entry}
            vpath = path
        else:
            vpath = (*path, "value")
            self.doc.check_agency(doc, entry.get("agency"), (*path, "agency"))
        if "not_reported" in kinds:
            reason = entry.get("not_reported")
            if isinstance(reason, str) and not reason.strip():
                self.add(doc, say(Code.MISSING_REASON), (*path, "not_reported"))
        if metric.unit == "milestone":
            self._milestone(doc, name, metric, entry, path, year, "value" in kinds)
            parts = entry.get("by_agency")
            if isinstance(parts, dict):  # each agency's milestone, combined all / any as the rule says
                for agency, part in parts.items():
                    ppath = (*path, "by_agency", agency)
                    self.doc.check_agency(doc, str(agency), ppath, key=True)
                    body = part if isinstance(part, dict) else {"value": part}
                    self._milestone(doc, name, metric, body, ppath, year, body.get("value") is not None)
        else:
            if "milestone" in kinds:
                self.add(
                    doc,
                    say("unit_mismatch.number", name=name, unit=unit_word(metric.unit)),
                    (*path, "milestone"),
                )
            if "value" in kinds:
                self._value(doc, n, name, metric, entry["value"], vpath, year)
            parts = entry.get("by_agency")
            if isinstance(parts, dict):
                self._parts(doc, n, name, metric, parts, (*path, "by_agency"), year)
        unit = entry.get("unit")
        if isinstance(unit, str) and unit.strip() and not _same_unit(unit, metric.unit):
            self.add(
                doc,
                say("unit_mismatch.unit", unit=unit, name=name),
                (*path, "unit"),
                expected=repr(metric.unit),
                found=repr(unit),
            )
        self.period(doc, entry.get("period"), (*path, "period"), year)
        if isinstance(doc, _tabular_document()) and (n, name) in doc.totals:
            self._stated_total(doc, n, name, metric, entry)

    def _milestone(
        self,
        doc: Document,
        name: str,
        metric: m.Metric,
        entry: dict[str, Any],
        path: DocPath,
        year: int | None,
        number: bool,
    ) -> None:
        if number:
            ids = ", ".join(ms.id for ms in metric.milestones or [])
            self.add(
                doc,
                say("unit_mismatch.deliverable", name=name),
                (*path, "value") if (*path, "value") in doc.values else path,
                code="unit_mismatch",
                expected=say("ui.milestone_one_of", choices=ids),
            )
        ms = entry.get("milestone")
        if ms is not None:
            ids_list = [x.id for x in metric.milestones or []]
            if str(ms) not in ids_list:
                self.add(
                    doc,
                    say("unknown_milestone.for", milestone=ms, name=name),
                    (*path, "milestone"),
                    code="unknown_milestone",
                    expected=say("ui.one_of", choices=", ".join(ids_list)),
                    found=repr(ms),
                    hint=did_you_mean(str(ms), ids_list),
                )
        d = as_date(entry.get("date"))
        year = self._dated(year)
        if d is not None and year is not None and d.year != self.calendar.gregorian(year):
            self.add(
                doc,
                say(Code.DATE_OUTSIDE, date=d, year=year, gregorian=self.calendar.gregorian(year))
                if self.calendar == "roc"
                else say("date_outside.gregorian", date=d, year=year),
                (*path, "date"),
                code="date_outside",
                severity="warning",
            )

    def _parts(
        self,
        doc: Document,
        n: int,
        name: str,
        metric: m.Metric,
        parts: dict[Any, Any],
        path: DocPath,
        year: int | None,
    ) -> None:
        cm = self.rules.measures[n]
        expected = {
            a
            for yt in ([cm.measure.years[year]] if year in cm.measure.years else [])
            for t in yt.targets
            if isinstance(t, m.BreakdownTarget) and t.metric == name and t.total is None
            for a in t.parts
        }
        for agency, part in parts.items():
            ppath = (*path, agency)
            self.doc.check_agency(doc, str(agency), ppath, key=True)
            if part is None or (isinstance(part, dict) and not entry_kinds(part)):
                self.doc.blank_paths.add((doc.file, ppath))
                cell = (*ppath, "value")
                self.add(
                    doc,
                    say(
                        "missing_value.agency",
                        name=name,
                        label=bi(metric.label.zh, metric.label.en),
                        unit=unit_word(metric.unit),
                        agency=agency,
                    ),
                    cell if cell in doc.values else ppath,
                    key=cell not in doc.values,
                    code="missing_value",
                    hint=say("hint.fill_value"),
                )
                continue
            if isinstance(part, dict):
                if "value" in part:
                    self._value(doc, n, name, metric, part["value"], (*ppath, "value"), year)
                self.period(doc, part.get("period"), (*ppath, "period"), year)
            elif part is not None:
                self._value(doc, n, name, metric, part, ppath, year)
            registry = self.rules.agencies
            if expected and registry.canonical(str(agency)) not in {registry.canonical(a) for a in expected}:
                if registry.find_all(str(agency)) is None:
                    continue  # unknown: an error of its own (above), with a suggestion
                self.add(
                    doc,
                    say(Code.NOT_A_PART, agency=agency, name=name),
                    ppath,
                    key=True,
                    severity="warning",
                    expected=", ".join(sorted(expected)),
                    hint=did_you_mean(str(agency), sorted(expected)),
                )
        self._stated_sum(doc, name, metric, parts, path)

    def _stated_sum(
        self, doc: Document, name: str, metric: m.Metric, parts: dict[Any, Any], path: DocPath
    ) -> None:
        """A value written beside its by_agency parts must be their sum (for summed metrics)."""
        entry_path = path[:-1]
        entry = raw_at(doc.data, entry_path)
        if not isinstance(entry, dict) or entry.get("value") is None or metric.combining != "sum":
            return
        stated = number(entry["value"])
        values = [number(p.get("value") if isinstance(p, dict) else p) for p in parts.values()]
        values = [v for v in values if v is not None]
        if stated is None or not values:
            return
        total = m.exact_sum(values)
        if total != stated:
            self.add(
                doc,
                say(
                    "total_mismatch.stated", name=name, total=format_number(stated), sum=format_number(total)
                ),
                (*entry_path, "value"),
                code="total_mismatch",
                expected=format_number(total),
                found=format_number(stated),
                hint=say("hint.fix_total"),
            )

    def _bounds(self, n: int, name: str, year: int | None) -> list[float]:
        cm = self.rules.measures[n]
        if year is None or year not in cm.measure.years:
            return []
        out: list[float] = []
        for t in cm.measure.years[year].targets:
            if isinstance(t, m.ThresholdTarget) and t.metric == name:
                out.extend(x for x in (t.at_least, t.at_most, t.equal, *(t.between or ())) if x is not None)
        return out

    def _value(
        self, doc: Document, n: int, name: str, metric: m.Metric, raw: Any, path: DocPath, year: int | None
    ) -> None:
        try:
            q = parse_quantity(raw)
        except (QuantityError, TypeError, ValueError):
            return  # the schema check reports it, with the reason
        shown = format_number(q.value)
        if q.fullwidth:
            self.add(
                doc,
                say(Code.FULLWIDTH, raw=raw, shown=shown),
                path,
                severity="warning",
                hint=say("hint.halfwidth"),
            )
        dim = metric.dimension
        if q.percent and dim != "percent":
            self.add(
                doc,
                say("unit_mismatch.percent", raw=raw, name=name, unit=unit_word(metric.unit)),
                path,
                expected=say("ui.a_number_of", unit=unit_word(metric.unit)),
                found=repr(raw),
            )
            return
        if dim == "percent":
            if not 0 <= q.value <= 100:
                self.add(
                    doc,
                    say("out_of_range.percent", shown=shown),
                    path,
                    expected="0-100",
                    found=shown,
                )
            elif (
                0 < q.value <= 1
                and not q.percent
                and (above := [b for b in self._bounds(n, name, year) if b > 1])
            ):
                target = max(above)
                self.add(
                    doc,
                    say(Code.PERCENT_FRACTION, shown=shown, name=name, target=format_number(target)),
                    path,
                    severity="warning",
                    hint=say("hint.percent", shown=shown, percent=format_number(q.value * 100)),
                )
            return
        if q.value < 0 and dim in ("count", "money"):
            self.add(
                doc,
                say(Code.NEGATIVE, shown=shown, name=name, unit=unit_word(metric.unit)),
                path,
                expected=say("ui.zero_or_more"),
                found=shown,
            )
        elif metric.is_integer and not float(q.value).is_integer():
            self.add(
                doc,
                say(Code.NOT_INTEGER, shown=shown, name=name, unit=unit_word(metric.unit)),
                path,
                expected=say("ui.whole_number"),
                found=shown,
            )

    def period(self, doc: Document, raw: Any, path: DocPath, year: int | None) -> None:
        year = self._dated(year)
        if not isinstance(raw, dict) or year is None:
            return
        start, end = as_date(raw.get("start")), as_date(raw.get("end"))
        if start is None or end is None or end < start:
            return  # the schema check reports it
        y0, y1 = self.calendar.year_start(year), self.calendar.year_end(year)
        if end < y0 or start > y1:
            self.add(
                doc,
                say(Code.PERIOD_OUTSIDE, start=start, end=end, year=year, y0=y0, y1=y1),
                path,
                code="period_outside",
                expected=say("ui.dates_in", year=self.calendar.gregorian(year)),
            )
        elif start < y0 or end > y1:
            # A school year (106學年度: 2017-08-01..2018-07-31) is how some agencies count; the
            # report accepts it for 107. Say so loudly, but it is not wrong data.
            self.add(
                doc,
                say(Code.PERIOD_OVERLAPS, start=start, end=end, year=year, y0=y0, y1=y1),
                path,
                severity="warning",
            )
        elif start > y0 or end < y1:
            self.add(
                doc,
                say(Code.PROVISIONAL, start=start, end=end, year=year),
                path,
                severity="warning",
            )

    def _stated_total(self, doc: Any, n: int, name: str, metric: m.Metric, entry: dict[str, Any]) -> None:
        raw, path = doc.totals[(n, name)]
        stated = number(raw)
        parts = entry.get("by_agency") or {}
        values = [number(p.get("value") if isinstance(p, dict) else p) for p in parts.values()]
        if stated is None or any(v is None for v in values):
            if stated is None:
                self.add(doc, say("float_parsing.total", raw=raw), path)
            return
        total = sum(v for v in values if v is not None)
        if abs(total - stated) > 1e-9 * max(1.0, abs(stated)):
            self.add(
                doc,
                say(Code.TOTAL_MISMATCH, name=name, sum=format_number(total), total=format_number(stated)),
                path,
                expected=format_number(total),
                found=format_number(stated),
            )


def _tabular_document() -> Any:  # the class, loaded on first use (openpyxl stays unloaded)
    from target_rules.submissions.tabular import TabularDocument

    return TabularDocument
