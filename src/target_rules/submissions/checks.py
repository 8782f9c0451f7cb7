"""Checks of one submission document: names, values, units, periods and agencies, each placed.

``DocumentChecks.check(doc, year)`` reports every problem of one document (its year, measures,
metrics, values against their metric's unit, periods inside the plan year, stated totals against
their parts, agencies against the registry) and returns its Contributions: each agency's figure per
metric, with the place it was written. Checks across documents (who owes what, consistency,
combining) live in crosscheck.py and combine.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from target_rules.calendar import ROC_OFFSET, ad_year, roc_year, year_end, year_start
from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.language.source import Document
from target_rules.messages import Code, bi, say, unit_word
from target_rules.quantities import QuantityError, format_number, parse_date, parse_quantity
from target_rules.submissions.contribution import Contribution, data_at, origin_of
from target_rules.suggest import did_you_mean

__all__ = ["KINDS", "DocumentChecks", "as_date", "as_int", "entry_kinds", "number"]

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


class DocumentChecks:
    """Per-document checks; problems go to ``problems``, contributions are returned."""

    def __init__(self, rules: RuleSet, problems: list[Problem], agency: str | None = None) -> None:
        self.rules = rules
        self.problems = problems
        self.agency = agency  # the submitting agency given on the command line, if any
        self.blank_paths: set[tuple[str, DocPath]] = set()
        self.contributions: list[Contribution] = []
        # across documents: where each measure and metric was first written, errors or not
        self.measure_pos: dict[int, tuple[Document, DocPath]] = {}
        self.mentioned: dict[tuple[int, str], tuple[Document, DocPath]] = {}

    def add(self, doc: Document, message: str, path: DocPath, *, key: bool = False, **kw: Any) -> None:
        self.problems.append(doc.problem(message, path, key=key, **kw))

    def check(self, doc: Document, year: int | None, year_known: bool) -> list[Contribution]:
        """Every per-document check; the document's contributions (empty when it has no data)."""
        self.contributions = []
        if not isinstance(doc.data, dict):
            return []
        self._check_year(doc, year)
        self.check_doc(doc, year if year_known else None)
        return self.contributions

    # -- agencies --

    def _agency(
        self, doc: Document, raw: Any, path: DocPath, *, key: bool = False, report: bool = True
    ) -> tuple[bool, str | None]:
        """(known, canonical name) of an agency written at ``path``; an unknown one is an error."""
        if not isinstance(raw, str) or not raw.strip():
            return True, None
        found = self.rules.agencies.find_all(raw)
        if found is None and not report:
            return False, None
        if found is None:
            line, col = doc.where(path, key=key)
            p = self.rules.agencies.unknown(raw.strip(), file=doc.file, line=line, column=col, path=path)
            self.problems.append(doc.place(p) if hasattr(doc, "place") else p)
            return False, None
        if len(found) != 1:
            return True, raw.strip()  # names several units: kept as written
        return True, found[0].name

    def _check_year(self, doc: Document, year: int | None) -> None:
        y = doc.data.get("year")
        if not isinstance(y, int) or isinstance(y, bool):
            return
        if year is not None and y != year:
            self.add(
                doc,
                say(Code.YEAR_MISMATCH, found=y, expected=year),
                ("year",),
                expected=str(year),
                found=str(y),
            )
            return
        if y not in self.rules.years:
            years = [str(x) for x in self.rules.years]
            self.add(
                doc,
                say(Code.UNKNOWN_YEAR, year=y, years=", ".join(years) or "-"),
                ("year",),
                code="unknown_year",
                found=str(y),
                expected=", ".join(years),
                hint=did_you_mean(str(y), years)
                or (say("hint.roc_year", year=roc_year(y)) if y > ROC_OFFSET else None),
            )

    # -- per document --

    def check_doc(self, doc: Document, year: int | None) -> None:
        d = doc.data
        self._period(doc, d.get("period"), ("period",), year)
        known, doc_agency = self._agency(doc, d.get("agency"), ("agency",))
        if doc_agency is None and known:
            doc_agency = self._default_agency()
        ms = d.get("measures")
        if not isinstance(ms, dict):
            return
        for key, mdata in ms.items():
            n = as_int(key)
            if n is None:
                continue
            cm = self.rules.measures.get(n)
            mpath: DocPath = ("measures", key)
            if cm is None:
                self._unknown_measure(doc, n, mdata, mpath)
                continue
            self.measure_pos.setdefault(n, (doc, mpath))
            if year is not None and year not in cm.years:
                self.add(
                    doc,
                    say(Code.NO_TARGETS, measure=n, year=year),
                    mpath,
                    key=True,
                    severity="warning",
                )
            if not isinstance(mdata, dict):
                continue
            self._period(doc, mdata.get("period"), (*mpath, "period"), year)
            m_known, m_agency = self._agency(doc, mdata.get("agency"), (*mpath, "agency"))
            owner = m_agency or doc_agency
            period = mdata.get("period") if isinstance(mdata.get("period"), dict) else d.get("period")
            metrics = mdata.get("metrics")
            if not isinstance(metrics, dict):
                continue
            for name, entry in metrics.items():
                path: DocPath = (*mpath, "metrics", name)
                metric = cm.measure.metrics.get(str(name))
                if metric is None:
                    self._unknown_metric(doc, cm, year, str(name), path)
                    continue
                self.mentioned.setdefault((n, str(name)), (doc, path))
                before = len(self.problems)
                self._entry(doc, n, str(name), metric, entry, path, year)
                clean = not any(p.severity == "error" for p in self.problems[before:])
                if clean and known and m_known:
                    self._contribute(doc, n, str(name), metric, entry, path, owner, period)

    def _default_agency(self) -> str | None:
        if self.agency is None:
            return None
        found = self.rules.agencies.find(self.agency)
        return found.name if found is not None else self.agency

    def _contribute(
        self,
        doc: Document,
        n: int,
        name: str,
        metric: m.Metric,
        entry: Any,
        path: DocPath,
        owner: str | None,
        period: Any,
    ) -> None:
        """The entry as contributions: one, or one per agency of a by_agency split."""
        if not isinstance(entry, dict):
            entry = {"value": entry}
        e_known, e_agency = self._agency(doc, entry.get("agency"), (*path, "agency"), report=False)
        if not e_known:
            return
        owner = e_agency or owner
        shared = {k: entry[k] for k in ("unit",) if isinstance(entry.get(k), str)}
        inherited = entry.get("period") if isinstance(entry.get("period"), dict) else period
        parts = entry.get("by_agency")
        if isinstance(parts, dict):
            extra = {k: entry[k] for k in ("quote", "note") if isinstance(entry.get(k), str)}
            for written, part in parts.items():
                ppath: DocPath = (*path, "by_agency", written)
                known, agency = self._agency(doc, str(written), ppath, key=True, report=False)
                if not known:
                    continue
                body = part if isinstance(part, dict) else {"value": part}
                clean = _clean(body, shared, inherited)
                if clean is None:
                    continue
                vpath = (*ppath, "value") if isinstance(part, dict) and "value" in part else ppath
                self.contributions.append(
                    Contribution(
                        n, name, agency, clean, doc, ppath, str(written), origin_of(doc, vpath), extra, owner
                    )
                )
            return
        clean = _clean(entry, shared, inherited)
        if clean is None:
            return
        kind = next((k for k in KINDS if entry.get(k) is not None), None)
        vpath = (*path, kind) if kind is not None and isinstance(entry, dict) and kind in entry else path
        written = entry.get("agency") if isinstance(entry.get("agency"), str) else owner
        self.contributions.append(
            Contribution(n, name, owner, clean, doc, path, written, origin_of(doc, vpath))
        )

    def _unknown_measure(self, doc: Document, n: int, mdata: Any, path: DocPath) -> None:
        names = (
            set(mdata.get("metrics") or {})
            if isinstance(mdata, dict) and isinstance(mdata.get("metrics"), dict)
            else set()
        )
        owner = [cm.measure.measure for cm in self.rules if names and names <= set(cm.measure.metrics)]
        known = [str(cm.measure.measure) for cm in self.rules]
        hint = say("hint.measure_of_metrics", measure=owner[0]) if owner else did_you_mean(str(n), known)
        self.add(
            doc,
            say(Code.UNKNOWN_MEASURE, measure=n),
            path,
            key=True,
            found=str(n),
            expected=say("ui.one_of", choices=", ".join(known))
            if len(known) <= 12
            else say("ui.n_measures", n=len(known)),
            hint=hint,
        )

    def _unknown_metric(self, doc: Document, cm: Any, year: int | None, name: str, path: DocPath) -> None:
        measure = cm.measure
        ids = {t.id: t for yt in measure.years.values() for t in yt.targets}
        if name in ids:
            ct = next((c for y in cm.years.values() for c in y if c.target.id == name), None)
            needs = ", ".join(ct.metrics) if ct is not None and ct.metrics else "-"
            self.add(
                doc,
                say("unknown_metric.is_target", name=name, needs=needs),
                path,
                key=True,
                found=repr(name),
            )
            return
        hint = did_you_mean(name, measure.metrics)
        if hint is None:
            elsewhere = [c.measure.measure for c in self.rules if name in c.measure.metrics]
            if elsewhere:
                hint = say("hint.metric_of_measure", name=name, measure=elsewhere[0])
            else:
                hint = did_you_mean(name, [t for t in ids])
        self.add(
            doc,
            say("unknown_metric.in_measure", name=name, measure=measure.measure),
            path,
            key=True,
            found=repr(name),
            expected=say("ui.one_of", choices=", ".join(sorted(measure.metrics))),
            hint=hint,
        )

    def _entry(
        self, doc: Document, n: int, name: str, metric: m.Metric, entry: Any, path: DocPath, year: int | None
    ) -> None:
        kinds = entry_kinds(entry)
        label = bi(metric.label.zh, metric.label.en)
        if not kinds and (isinstance(entry, dict) or entry is None):
            self.blank_paths.add((doc.file, path))
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
            self._agency(doc, entry.get("agency"), (*path, "agency"))
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
                    self._agency(doc, str(agency), ppath, key=True)
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
        self._period(doc, entry.get("period"), (*path, "period"), year)
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
        if d is not None and year is not None and d.year != ad_year(year):
            self.add(
                doc,
                say(Code.DATE_OUTSIDE, date=d, year=year, gregorian=ad_year(year)),
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
            self._agency(doc, str(agency), ppath, key=True)
            if part is None or (isinstance(part, dict) and not entry_kinds(part)):
                self.blank_paths.add((doc.file, ppath))
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
                self._period(doc, part.get("period"), (*ppath, "period"), year)
            elif part is not None:
                self._value(doc, n, name, metric, part, ppath, year)
            registry = self.rules.agencies
            if expected and registry.canonical(str(agency)) not in {registry.canonical(a) for a in expected}:
                if registry.find_all(str(agency)) is None:
                    continue  # unknown: an error of its own (above), with a suggestion
                self.add(
                    doc,
                    say("unknown_agency.part", agency=agency, name=name),
                    ppath,
                    key=True,
                    code="not_a_part",
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
        entry = data_at(doc.data, entry_path)
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
            elif 0 < q.value <= 1 and not q.percent and any(b > 1 for b in self._bounds(n, name, year)):
                target = max(b for b in self._bounds(n, name, year) if b > 1)
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

    def _period(self, doc: Document, raw: Any, path: DocPath, year: int | None) -> None:
        if not isinstance(raw, dict) or year is None:
            return
        start, end = as_date(raw.get("start")), as_date(raw.get("end"))
        if start is None or end is None or end < start:
            return  # the schema check reports it
        y0, y1 = year_start(year), year_end(year)
        if end < y0 or start > y1:
            self.add(
                doc,
                say(Code.PERIOD_OUTSIDE, start=start, end=end, year=year, y0=y0, y1=y1),
                path,
                code="period_outside",
                expected=say("ui.dates_in", year=ad_year(year)),
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


_CARRIED = ("quote", "note", "unit")


def _clean(body: dict[str, Any], shared: dict[str, Any], period: Any) -> dict[str, Any] | None:
    """An entry as combine.py reads it: value parsed (as written kept), dates parsed, period explicit."""
    out: dict[str, Any] = dict(shared)
    if body.get("value") is not None:
        v = number(body["value"])
        if v is None:
            return None
        out["value"] = v
        out["written"] = body["value"]
    elif body.get("milestone") is not None:
        out["milestone"] = str(body["milestone"])
        d = as_date(body.get("date"))
        if d is not None:
            out["date"] = d
    elif body.get("not_reported") is not None:
        out["not_reported"] = str(body["not_reported"])
    else:
        return None
    for k in _CARRIED:
        if isinstance(body.get(k), str) and body[k].strip():
            out[k] = body[k]
    raw = body.get("period") if isinstance(body.get("period"), dict) else period
    if isinstance(raw, dict):
        start, end = as_date(raw.get("start")), as_date(raw.get("end"))
        if start is not None and end is not None:
            out["period"] = {"start": start, "end": end}
    return out


def _tabular_document() -> Any:  # the class, loaded on first use (openpyxl stays unloaded)
    from target_rules.submissions.tabular import TabularDocument

    return TabularDocument
