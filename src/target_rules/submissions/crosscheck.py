"""Checks across the documents of a submission, on the combined figures.

Completeness (everything the agency owes is reported or explicitly not_reported, and a per-agency
target gets every agency's figure), consistency (a ratio target's ``requires`` over the combined
figures), the list of targets checked, and, on request, the targets not met.
"""

from __future__ import annotations

from typing import Any

from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.expression import Expression, ExpressionError
from target_rules.language.load import RuleSet
from target_rules.language.salvage import raw_at
from target_rules.language.source import Document
from target_rules.messages import Code, Message, bi, say, unit_word
from target_rules.quantities import format_number
from target_rules.submissions.combine import Combined
from target_rules.submissions.entries import KINDS, entry_kinds, number
from target_rules.submissions.owed import Owed, owed_targets
from target_rules.suggest import did_you_mean

__all__ = ["CrossChecks"]


class CrossChecks:
    """Checks over all documents; problems go to ``problems``."""

    def __init__(
        self,
        rules: RuleSet,
        problems: list[Problem],
        combined: dict[int, dict[str, Combined]],
        mentioned: dict[tuple[int, str], tuple[Document, DocPath]],
        measure_pos: dict[int, tuple[Document, DocPath]],
        agency: str | None,
    ) -> None:
        self.rules = rules
        self.problems = problems
        self.combined = combined
        self.mentioned = mentioned
        self.measure_pos = measure_pos
        self.agency = agency
        self.targets: list[dict[str, Any]] = []

    def add(self, doc: Document, message: str, path: DocPath, *, key: bool = False, **kw: Any) -> None:
        self.problems.append(doc.problem(message, path, key=key, **kw))

    def _scope(self, year: int) -> list[Owed]:
        if self.agency is not None:
            return owed_targets(self.rules, year, self.agency)
        return owed_targets(self.rules, year, None, measures=self.measure_pos)

    def completeness(self, docs: list[Document], year: int) -> None:
        owed = self._scope(year)
        missing: dict[tuple[int, str], list[Owed]] = {}
        for o in owed:
            got = self.combined.get(o.measure, {})
            for name in o.metrics:
                if (o.measure, name) not in self.mentioned:
                    missing.setdefault((o.measure, name), []).append(o)
                    continue
                if not (isinstance(o.target, m.BreakdownTarget) and o.parts):
                    continue
                c = got.get(name)
                if c is not None:
                    written = [x.written_agency or "" for x in c.contributions if x.written_agency]
                    self._breakdown_parts(c.entry, c.first.doc, c.first.path[:4], o, written)
                    continue
                doc, path = self.mentioned[(o.measure, name)]
                raw = raw_at(doc.data, path)
                if isinstance(raw, dict | int | float | str) and entry_kinds(raw):
                    entry = raw if isinstance(raw, dict) else {"value": raw}
                    keys = entry.get("by_agency")
                    written = [str(k) for k in keys] if isinstance(keys, dict) else []
                    self._breakdown_parts(entry, doc, path, o, written)
        home = next((d for d in docs if isinstance(d.data, dict)), docs[0])
        for (n, name), os in missing.items():
            metric = self.rules.measures[n].measure.metrics[name]
            doc, mpath = self.measure_pos.get(n, (home, ("measures",)))
            path = (*mpath, "metrics") if n in self.measure_pos else mpath
            targets = bi(
                "; ".join(f"{o.id} ({o.target.label.zh})" for o in os),
                "; ".join(f"{o.id} ({o.target.label.get('en')})" for o in os),
            )
            said = {
                "measure": n,
                "name": name,
                "label": bi(metric.label.zh, metric.label.en),
                "unit": unit_word(metric.unit),
            }
            self.add(
                doc,
                say("missing.metric_from", agency=self._agency(self.agency), targets=targets, **said)
                if self.agency
                else say("missing.metric", targets=targets, **said),
                path,
                key=True,
                code=Code.MISSING,
                hint=say("hint.add_metric", name=name),
            )

    def _agency(self, name: str | None) -> Message | None:
        """An agency in a message: as the plan's registry names it, in the reader's language."""
        if name is None:
            return None
        return bi(self.rules.agencies.label(name, "zh"), self.rules.agencies.label(name, "en"))

    def _breakdown_parts(
        self, entry: dict[str, Any], doc: Document, path: DocPath, o: Owed, written: list[str]
    ) -> None:
        parts = entry.get("by_agency")
        if not isinstance(parts, dict):
            if entry.get("not_reported") is not None:
                return
            self.add(
                doc,
                say(
                    "missing.by_agency",
                    target=o.id,
                    name=o.target.metric,
                    parts=bi(
                        "、".join(self.rules.agencies.label(a, "zh") for a in o.parts),
                        "; ".join(self.rules.agencies.label(a, "en") for a in o.parts),
                    ),
                ),
                path,
                key=True,
                code=Code.MISSING,
            )
            return
        registry = self.rules.agencies
        have = {registry.canonical(str(k)) for k in parts}
        for a in o.parts:
            if registry.canonical(a) not in have:
                self.add(
                    doc,
                    say(
                        "missing.part",
                        agency=self._agency(a),
                        name=o.target.metric,
                        target=o.id,
                        label=bi(o.target.label.zh, o.target.label.en),
                    ),
                    (*path, "by_agency"),
                    key=True,
                    code=Code.MISSING,
                    # a misspelt key is a name the registry does not know; another agency's is no typo
                    hint=did_you_mean(a, [w for w in written if registry.find_all(w) is None]),
                )

    def consistency(self, year: int) -> None:
        for n, got in self.combined.items():
            cm = self.rules.measures[n]
            if year not in cm.measure.years:
                continue
            for t in cm.measure.years[year].targets:
                if not isinstance(t, m.RatioTarget):
                    continue
                for text in t.requires:
                    self._requires(got, t, text)

    def _requires(self, got: dict[str, Combined], t: m.RatioTarget, text: str) -> None:
        try:
            expr = Expression(text)
        except ExpressionError:
            return
        values: dict[str, float] = {}
        for name in expr.names:
            c = got.get(name)
            total = _total(c.entry) if c is not None else None
            if total is None:
                return
            values[name] = total
        try:
            holds = bool(expr(values))
        except Exception:
            return
        if not holds:
            first = got[expr.names[0]]
            shown = ", ".join(f"{k} = {format_number(v)}" for k, v in values.items())
            self.add(
                first.first.doc,
                say(Code.INCONSISTENT, target=t.id, rule=text, shown=shown),
                value_path(first),
                hint=say("hint.check_source"),
            )

    def list_targets(self, year: int) -> None:
        owed = self._scope(year)
        owed_ids = {(o.measure, o.id): o for o in owed}
        measures = sorted({o.measure for o in owed} | set(self.measure_pos))
        for n in measures:
            cm = self.rules.measures.get(n)
            if cm is None or year not in cm.years:
                continue
            by_id = {ct.target.id: ct for ct in cm.years[year]}
            for t in cm.measure.years[year].targets:
                ct = by_id.get(t.id)
                names = list(ct.metrics) if ct is not None else []
                if isinstance(t, m.CompositeTarget):
                    names = sorted({x for ref in t.of if ref in by_id for x in by_id[ref].metrics})
                o = owed_ids.get((n, t.id))
                if self.agency and o is None and not isinstance(t, m.CompositeTarget):
                    continue
                self.targets.append(
                    {"measure": n, "id": t.id, "label": t.label.zh, "kind": t.kind, "metrics": names}
                )

    def unmet(self, report: m.Report, year: int) -> None:
        from target_rules.engine.evaluate import evaluate

        wanted = {(t["measure"], t["id"]) for t in self.targets}
        evaluation = evaluate(self.rules, report, year)
        for v in evaluation.verdicts:
            if str(v.status) != "unmet" or (v.measure, v.target_id) not in wanted:
                continue
            got = self.combined.get(v.measure, {})
            target = next(t for t in self.targets if (t["measure"], t["id"]) == (v.measure, v.target_id))
            c = next((got[x] for x in target["metrics"] if x in got), None)
            if c is not None:
                doc, path = c.first.doc, value_path(c)
            elif v.measure in self.measure_pos:
                doc, path = self.measure_pos[v.measure]
            else:
                continue
            self.add(
                doc,
                say(Code.UNMET, target=v.target_id, explanation=bi(v.explanation["zh"], v.explanation["en"])),
                path,
            )


def _total(entry: Any) -> float | None:
    if isinstance(entry, dict):
        if entry.get("value") is not None:
            return number(entry["value"])
        parts = entry.get("by_agency")
        if isinstance(parts, dict) and parts:
            vals = [number(p.get("value") if isinstance(p, dict) else p) for p in parts.values()]
            return None if any(v is None for v in vals) else m.exact_sum(v for v in vals if v is not None)
        return None
    return number(entry) if entry is not None else None


def value_path(c: Combined) -> DocPath:
    """The place of a combined figure's value: its first contribution's value."""
    first = c.first
    entry = raw_at(first.doc.data, first.path)
    if isinstance(entry, dict):
        for k in KINDS:
            if entry.get(k) is not None:
                return (*first.path, k)
    return first.path
