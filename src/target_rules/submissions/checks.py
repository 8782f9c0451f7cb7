"""Checks of one submission document: names, values, units, periods and agencies, each placed.

``DocumentChecks.check(doc, year)`` reports every problem of one document (its year, measures,
metrics, values against their metric's unit, periods inside the plan year, stated totals against
their parts, agencies against the registry; what one metric's entry may hold is entries.py) and returns its Contributions: each agency's figure per
metric, with the place it was written. Checks across documents (who owes what, consistency,
combining) live in crosscheck.py and combine.py.
"""

from __future__ import annotations

from typing import Any

from target_rules.arguments import year_outside
from target_rules.calendar import Calendar
from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.language.source import Document
from target_rules.messages import Code, say
from target_rules.submissions.contribution import Contribution, origin_of
from target_rules.submissions.entries import KINDS, EntryChecks, as_date, as_int, number
from target_rules.suggest import did_you_mean

__all__ = ["DocumentChecks"]


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
        self.entries = EntryChecks(self)  # what one metric's entry holds: values, milestones, parts

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

    def check_agency(
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
        calendar = self.rules.plan.calendar
        why = year_outside(y, calendar)
        if why is not None:  # 114 in a Gregorian plan, 9000 in an ROC one: says what it most likely meant
            self.add(doc, why, ("year",), code=Code.YEAR_OUTSIDE, found=str(y))
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
                or (
                    say("hint.roc_year", year=Calendar.ROC.plan_year(y))
                    if calendar == Calendar.ROC and Calendar.ROC.holds(Calendar.ROC.plan_year(y))
                    else None
                ),
            )

    # -- per document --

    def check_doc(self, doc: Document, year: int | None) -> None:
        d = doc.data
        self.entries.period(doc, d.get("period"), ("period",), year)
        known, doc_agency = self.check_agency(doc, d.get("agency"), ("agency",))
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
            self.entries.period(doc, mdata.get("period"), (*mpath, "period"), year)
            m_known, m_agency = self.check_agency(doc, mdata.get("agency"), (*mpath, "agency"))
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
                self.entries.entry(doc, n, str(name), metric, entry, path, year)
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
        e_known, e_agency = self.check_agency(doc, entry.get("agency"), (*path, "agency"), report=False)
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
                known, agency = self.check_agency(doc, str(written), ppath, key=True, report=False)
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
