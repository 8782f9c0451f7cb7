"""Fill-in templates: exactly the metrics the rules ask an agency for in one year.

One row (or YAML entry) per metric a target of that year needs from the agency; per agency for
targets judged per agency (breakdown parts). Labels, units, milestone ids and the targets each
metric feeds are written next to the blanks, so the person filling it in needs nothing else.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from target_rules.errors import Problem, RuleError
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.outputs import csv_row, sheet_row, write_output
from target_rules.safe_text import normalise_controls
from target_rules.submissions.validation import owed_targets

__all__ = ["HEADER", "Entry", "entries", "render_csv", "render_xlsx", "render_yaml", "write_xlsx"]

HEADER = (
    "year",
    "measure",
    "metric",
    "label",
    "value",
    "unit",
    "agency",
    "period_start",
    "period_end",
    "milestone",
    "date",
    "not_reported",
    "quote",
    "target",
)


@dataclass
class Entry:
    measure: int
    metric: str
    label: str
    unit: str
    agency: str | None = None  # the part's agency for per-agency targets, else the metric's
    split: bool = False  # one row of a by_agency split
    targets: list[str] = field(default_factory=list)  # "45.1 核駁率 70%"
    milestones: list[str] = field(default_factory=list)


def entries(rules: RuleSet, year: int, agency: str | None = None, measure: int | None = None) -> list[Entry]:
    """What the template lists; raises RuleError (exit 2) when there is nothing to ask for."""
    if year not in rules.years:
        raise RuleError(
            [
                Problem(
                    f"the rules set no targets for year {year}",
                    code="unknown_year",
                    expected=", ".join(map(str, rules.years)),
                )
            ]
        )
    if measure is not None and measure not in rules.measures:
        raise RuleError(
            [
                Problem(
                    f"no rule file defines measure {measure}",
                    code="unknown_measure",
                    expected=", ".join(str(cm.measure.measure) for cm in rules),
                )
            ]
        )
    owed = owed_targets(rules, year, agency, None if measure is None else [measure])
    out: dict[tuple[int, str, str | None], Entry] = {}
    for o in owed:
        cm = rules[o.measure]
        label = f"{o.id} {o.target.label.zh}"
        for name in o.metrics:
            metric = cm.measure.metrics[name]
            agencies: list[str | None] = list(o.parts) if o.parts else [metric.agency]
            for a in agencies:
                key = (o.measure, name, a)
                e = out.get(key)
                if e is None:
                    e = out[key] = Entry(
                        o.measure,
                        name,
                        metric.label.zh,
                        metric.unit,
                        a,
                        split=bool(o.parts),
                        milestones=[ms.id for ms in metric.milestones or []],
                    )
                if label not in e.targets:
                    e.targets.append(label)
    if not out:
        who = f" from {agency}" if agency else ""
        raise RuleError(
            [
                Problem(
                    f"the rules ask nothing{who} in year {year}"
                    + (f" for measure {measure}" if measure is not None else ""),
                    code="nothing_owed",
                    hint="check the agency's name against the rules' agencies",
                )
            ]
        )
    return list(out.values())


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _c(text: object) -> str:
    """Text inside a YAML comment: one line, so a rule's text cannot add lines to the template."""
    return " ".join(normalise_controls(str(text)).split())


def render_yaml(rules: RuleSet, items: list[Entry], year: int, agency: str | None = None) -> str:
    lines = [
        f"# Submission template: {_c(rules.plan.title.zh)}, year {year}"
        + (f" (ROC; {rules.plan.gregorian(year)})" if rules.plan.calendar == "roc" else ""),
        "# Fill in each value (a number, as written in the source: 280, 1,143, 72.69%, 1億2,000萬),",
        "# or replace the value line with   not_reported: <the reason>.   Keep quote: the source's words.",
        "# A figure covering part of the year needs   period: {start: YYYY-MM-DD, end: YYYY-MM-DD}.",
        "# Check it with:   target-rules validate THIS_FILE --rules rules/"
        + (f" --agency {_c(agency)}" if agency else ""),
        f"year: {year}",
    ]
    if agency:
        lines.append(f"agency: {_q(agency)}")
    lines.append("measures:")
    by_measure: dict[int, list[Entry]] = {}
    for e in items:
        by_measure.setdefault(e.measure, []).append(e)
    for n, es in by_measure.items():
        cm = rules[n]
        lines.append(f"  # {_c(cm.measure.title.zh)}")
        yt = cm.measure.years.get(year)
        if yt is not None and yt.text:
            lines.append(f"  # {year}年績效目標值: {_c(yt.text)}")
        lines.append(f"  {n}:")
        lines.append("    metrics:")
        done: set[str] = set()
        for e in es:
            if e.metric in done:
                continue
            done.add(e.metric)
            lines.append(f"      # {_c(e.label)} ({_c(e.unit)}) -- for target {_c('; '.join(e.targets))}")
            lines.append(f"      {e.metric}:")
            if e.split:
                lines.append(f"        unit: {_q(e.unit)}")
                lines.append("        by_agency:          # one figure per agency")
                for part in es:
                    if part.metric == e.metric:  # block style: a quote with a comma stays one value
                        lines.append(f"          {_q(part.agency or '')}:")
                        lines.append("            value:")
                        lines.append('            quote: ""')
                continue
            if e.unit == "milestone":
                lines.append(f"        milestone:          # one of: {_c(', '.join(e.milestones))}")
                lines.append("        date:               # YYYY-MM-DD, when it was reached")
            else:
                lines.append(f"        value:              # {_c(e.unit)}")
                lines.append(f"        unit: {_q(e.unit)}")
            if e.agency:
                lines.append(f"        agency: {_q(e.agency)}")
            lines.append('        quote: ""          # the source\'s words, inside the quotes')
    return "\n".join(lines) + "\n"


def _rows(items: list[Entry], year: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in items:
        row = dict.fromkeys(HEADER, "")
        row.update(
            year=year,
            measure=e.measure,
            metric=e.metric,
            label=e.label,
            unit=e.unit,
            agency=e.agency or "",
            target="; ".join(e.targets),
        )
        if e.unit == "milestone":
            row["label"] = f"{e.label} (milestone: {' / '.join(e.milestones)})"
        rows.append([row[h] for h in HEADER])
    return rows


def render_csv(items: list[Entry], year: int) -> str:
    """The template as CSV; text a spreadsheet would run as a formula starts with an apostrophe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(csv_row(r) for r in _rows(items, year))
    return buf.getvalue()


def write_xlsx(rules: RuleSet, items: list[Entry], year: int, path: str | Path) -> None:
    """Write the XLSX template (atomically) to ``path``."""
    write_output(path, render_xlsx(rules, items, year))


def render_xlsx(rules: RuleSet, items: list[Entry], year: int) -> bytes:
    """The XLSX template as bytes; every row goes through outputs.sheet_row (no formula cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "submission"
    sheet_row(ws, list(HEADER))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in _rows(items, year):
        sheet_row(ws, row)
    for c in ws["E"][1:]:  # value: typed as entered, never a formula
        c.number_format = "General"
    ws.freeze_panes = "E2"
    widths = {"C": 30, "D": 36, "E": 12, "G": 20, "M": 40, "N": 40}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    help_ws = wb.create_sheet("targets")
    sheet_row(help_ws, ["measure", "target", "label", "year's target text"])
    for n in sorted({e.measure for e in items}):
        yt = rules[n].measure.years[year]
        for t in yt.targets:
            if isinstance(t, m.NoTarget):
                continue
            sheet_row(help_ws, [n, t.id, t.label.zh, yt.text or ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
