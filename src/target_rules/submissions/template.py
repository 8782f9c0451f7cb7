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
from target_rules.messages import column_heading, render, say, unit_in
from target_rules.outputs import csv_row, sheet_row, write_output
from target_rules.safe_text import normalise_controls
from target_rules.submissions.validation import owed_targets

__all__ = ["HEADER", "Entry", "entries", "headings", "render_csv", "render_xlsx", "render_yaml", "write_xlsx"]

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
    label_en: str = ""  # the metric's English label (--lang en)
    targets_en: list[str] = field(default_factory=list)


def entries(rules: RuleSet, year: int, agency: str | None = None, measure: int | None = None) -> list[Entry]:
    """What the template lists; raises RuleError (exit 2) when there is nothing to ask for."""
    if year not in rules.years:
        raise RuleError(
            [
                Problem(
                    say("unknown_year.template", year=year),
                    expected=", ".join(map(str, rules.years)),
                )
            ]
        )
    if measure is not None and measure not in rules.measures:
        raise RuleError(
            [
                Problem(
                    say("unknown_measure.template", measure=measure),
                    expected=", ".join(str(cm.measure.measure) for cm in rules),
                )
            ]
        )
    owed = owed_targets(rules, year, agency, None if measure is None else [measure])
    out: dict[tuple[int, str, str | None], Entry] = {}
    for o in owed:
        cm = rules[o.measure]
        label = f"{o.id} {o.target.label.zh}"
        label_en = f"{o.id} {o.target.label.en or o.target.label.zh}"
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
                        label_en=metric.label.en or metric.label.zh,
                    )
                if label not in e.targets:
                    e.targets.append(label)
                    e.targets_en.append(label_en)
    if not out:
        key = "nothing_owed" + (".agency" if agency else "") + (".measure" if measure is not None else "")
        raise RuleError(
            [
                Problem(
                    say(key, agency=agency or "", year=year, measure=measure),
                    hint=say("hint.agency_name"),
                )
            ]
        )
    return list(out.values())


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _c(text: object) -> str:
    """Text inside a YAML comment: one line, so a rule's text cannot add lines to the template."""
    return " ".join(normalise_controls(str(text)).split())


def render_yaml(
    rules: RuleSet, items: list[Entry], year: int, agency: str | None = None, lang: str = "en"
) -> str:
    """The YAML template; its instructions and notes in ``lang`` (the keys are the file format's)."""

    def say_(key: str, **args: Any) -> str:
        return render(key, lang, {k: _c(v) if isinstance(v, str) else v for k, v in args.items()})

    title = "國家廉政建設行動方案"
    lines = [
        "# " + say_("ui.template.title", title=title, year=year, gregorian=year + 1911),
        "# " + say_("ui.template.fill"),
        "# " + say_("ui.template.not_reported"),
        "# " + say_("ui.template.period"),
        "# " + say_("ui.template.check") + (f" --agency {_c(agency)}" if agency else ""),
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
        title = cm.measure.title.zh if lang == "zh" else cm.measure.title.en or cm.measure.title.zh
        lines.append(f"  # {_c(title)}")
        yt = cm.measure.years.get(year)
        if yt is not None and yt.text:
            lines.append("  # " + say_("ui.template.target_text", year=year, text=yt.text))
        lines.append(f"  {n}:")
        lines.append("    metrics:")
        done: set[str] = set()
        for e in es:
            if e.metric in done:
                continue
            done.add(e.metric)
            lines.append(
                "      # "
                + say_(
                    "ui.template.metric",
                    label=e.label if lang == "zh" else e.label_en or e.label,
                    unit=unit_in(e.unit, lang),
                    targets="; ".join(e.targets if lang == "zh" else e.targets_en or e.targets),
                )
            )
            lines.append(f"      {e.metric}:")
            if e.split:
                lines.append(f"        unit: {_q(e.unit)}")
                lines.append("        by_agency:          # " + say_("ui.template.by_agency"))
                for part in es:
                    if part.metric == e.metric:
                        lines.append(f"          {_q(part.agency or '')}: {{value: , quote: }}")
                continue
            if e.unit == "milestone":
                lines.append(
                    "        milestone:          # "
                    + say_("ui.template.milestone", ids=", ".join(e.milestones))
                )
                lines.append("        date:               # " + say_("ui.template.date"))
            else:
                lines.append(f"        value:              # {_c(unit_in(e.unit, lang))}")
                lines.append(f"        unit: {_q(e.unit)}")
            if e.agency:
                lines.append(f"        agency: {_q(e.agency)}")
            lines.append("        quote:")
    return "\n".join(lines) + "\n"


def _rows(items: list[Entry], year: int, lang: str = "en") -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in items:
        row = dict.fromkeys(HEADER, "")
        label = e.label if lang == "zh" else e.label_en or e.label
        row.update(
            year=year,
            measure=e.measure,
            metric=e.metric,
            label=label,
            unit=e.unit,  # the unit as the rules write it: the reader compares it
            agency=e.agency or "",
            target="; ".join(e.targets if lang == "zh" else e.targets_en or e.targets),
        )
        if e.unit == "milestone":
            row["label"] = render(
                "ui.template.milestone_label", lang, {"label": label, "ids": " / ".join(e.milestones)}
            )
        rows.append([row[h] for h in HEADER])
    return rows


def headings(lang: str = "en") -> list[str]:
    """The header row in ``lang``: English column names, or the Chinese ones the reader also accepts."""
    return [column_heading(h, lang) for h in HEADER]


def render_csv(items: list[Entry], year: int, lang: str = "en") -> str:
    """The template as CSV; text a spreadsheet would run as a formula starts with an apostrophe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headings(lang))
    w.writerows(csv_row(r) for r in _rows(items, year, lang))
    return buf.getvalue()


def write_xlsx(rules: RuleSet, items: list[Entry], year: int, path: str | Path, lang: str = "en") -> None:
    """Write the XLSX template (atomically) to ``path``."""
    write_output(path, render_xlsx(rules, items, year, lang))


def render_xlsx(rules: RuleSet, items: list[Entry], year: int, lang: str = "en") -> bytes:
    """The XLSX template as bytes; every row goes through outputs.sheet_row (no formula cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "submission"
    sheet_row(ws, headings(lang))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in _rows(items, year, lang):
        sheet_row(ws, row)
    for c in ws["E"][1:]:  # value: typed as entered, never a formula
        c.number_format = "General"
    ws.freeze_panes = "E2"
    widths = {"C": 30, "D": 36, "E": 12, "G": 20, "M": 40, "N": 40}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    help_ws = wb.create_sheet("targets")
    sheet_row(
        help_ws, [render(f"ui.template.sheet.{k}", lang) for k in ("measure", "target", "label", "text")]
    )
    for n in sorted({e.measure for e in items}):
        yt = rules[n].measure.years[year]
        for t in yt.targets:
            if isinstance(t, m.NoTarget):
                continue
            sheet_row(
                help_ws, [n, t.id, t.label.zh if lang == "zh" else t.label.en or t.label.zh, yt.text or ""]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
