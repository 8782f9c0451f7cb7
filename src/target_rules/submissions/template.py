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

from target_rules.arguments import year_outside
from target_rules.errors import Problem, RuleError
from target_rules.language import model as m
from target_rules.language.load import RuleSet
from target_rules.messages import LANGS, render, say, unit_in
from target_rules.outputs import csv_row, sheet_row, write_output
from target_rules.safe_text import normalise_controls
from target_rules.submissions.owed import owed_targets
from target_rules.submissions.tabular import column_letter

__all__ = [
    "HEADER",
    "HEADER_LABELS",
    "Entry",
    "agencies_owing",
    "entries",
    "header_cell",
    "render_csv",
    "render_xlsx",
    "render_yaml",
    "write_xlsx",
]

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
                    hint=year_outside(year, rules.plan.calendar),  # 114 in a Gregorian plan: 2025?
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
    if agency is not None:
        found = rules.agencies.find_all(agency)
        if found is None:
            raise RuleError([rules.agencies.unknown(agency, path=("--agency",))])
        if len(found) > 1:  # 內政部（警政署、移民署）: a submission is one agency's, so is its template
            names = "、".join(a.name for a in found)
            raise RuleError(
                [
                    Problem(
                        say("unknown_agency.several", name=agency, names=names),
                        path=("--agency",),
                        code="unknown_agency",
                    )
                ]
            )
        agency = found[0].name
    owed = owed_targets(rules, year, agency, None if measure is None else [measure])
    out: dict[tuple[int, str, str | None], Entry] = {}
    for o in owed:
        cm = rules[o.measure]
        label = f"{o.id} {o.target.label.zh}"
        label_en = f"{o.id} {o.target.label.en or o.target.label.zh}"
        for name in o.metrics:
            metric = cm.measure.metrics[name]
            own = metric.agency or (agency if agency is not None and not _is_group(rules, agency) else None)
            agencies: list[str | None] = list(o.parts) if o.parts else [own]
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
    _add_bases(rules, out)
    if not out:
        why = "nothing_owed" + (".agency" if agency else "") + (".measure" if measure is not None else "")
        raise RuleError(
            [Problem(say(why, agency=agency or "", year=year, measure=measure), hint=say("hint.agency_name"))]
        )
    return list(out.values())


def _add_bases(rules: RuleSet, out: dict[tuple[int, str, str | None], Entry]) -> None:
    """A rate or a weighted percentage comes with its counts (numerator, denominator, weight): when
    several agencies report it, their counts are what combines, so the template asks for them too,
    right after it."""
    ordered: dict[tuple[int, str, str | None], Entry] = {}
    for (n, name, a), e in out.items():
        ordered.setdefault((n, name, a), e)
        metric = rules[n].measure.metrics[name]
        for role in ("numerator", "denominator", "weight"):
            basis = getattr(metric, role)
            if basis is None or (n, basis, a) in out or (n, basis, a) in ordered:
                continue
            b = rules[n].measure.metrics[basis]
            said = {"role": say(f"ui.template.role.{role}"), "name": name}
            ordered[(n, basis, a)] = Entry(
                n,
                basis,
                b.label.zh,
                b.unit,
                a,
                split=e.split,
                targets=[render("ui.template.basis", "zh", said)],
                targets_en=[render("ui.template.basis", "en", said)],
                label_en=b.label.en or b.label.zh,
            )
    out.clear()
    out.update(ordered)


def _is_group(rules: RuleSet, name: str) -> bool:
    found = rules.agencies.find(name)
    return found is not None and found.group


def agencies_owing(rules: RuleSet, year: int, measure: int | None = None) -> list[str]:
    """Every named (not group) agency of the registry that the rules ask something of in ``year``."""
    out = []
    for a in rules.agencies:
        if a.group:
            continue
        try:
            entries(rules, year, a.name, measure)
        except RuleError:
            continue
        out.append(a.name)
    return out


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

    lines = [
        "# "
        + (
            say_(
                "ui.template.title",
                title=rules.plan.title.get(lang),
                year=year,
                gregorian=rules.plan.gregorian(year),
            )
            if rules.plan.calendar == "roc"
            else say_("ui.template.title_plain", title=rules.plan.title.get(lang), year=year)
        ),
        "# " + say_("ui.template.fill"),
        "# " + say_("ui.template.not_reported"),
        "# " + say_("ui.template.period"),
        "# "
        + say_("ui.template.check")
        + (f" --agency {_c(rules.agencies.canonical(agency))}" if agency else ""),
        f"year: {year}",
    ]
    if agency:
        lines.append(f"agency: {_q(rules.agencies.canonical(agency))}")
    lines.append("measures:")
    by_measure: dict[int, list[Entry]] = {}
    for e in items:
        by_measure.setdefault(e.measure, []).append(e)
    for n, es in by_measure.items():
        cm = rules[n]
        lines.append(f"  # {_c(cm.measure.title.get(lang))}")
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
                    if part.metric == e.metric:  # block style: a quote with a comma stays one value
                        lines.append(f"          {_q(part.agency or '')}:")
                        lines.append("            value:")
                        lines.append('            quote: ""')
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
            lines.append('        quote: ""          # ' + say_("ui.template.quote"))
    return "\n".join(lines) + "\n"


def _rows(items: list[Entry], year: int, lang: str = "en") -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in items:
        row: dict[str, Any] = dict.fromkeys(HEADER, "")
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


def render_csv(items: list[Entry], year: int, lang: str = "en") -> str:
    """The template as CSV; text a spreadsheet would run as a formula starts with an apostrophe.
    Headings as the XLSX writes them: ``填報值 (value)`` in Chinese, the column names in English."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([header_cell(h, lang) if lang == "zh" else h for h in HEADER])
    w.writerows(csv_row(r) for r in _rows(items, year, lang))
    return buf.getvalue()


# Header cells read "填報值 (value)": the clerk reads the label, the reader (tabular) the name in
# parentheses. The labels and the help sheet's lines are the catalog's (ui.template.column.*, .help.*).
HEADER_LABELS: dict[str, dict[str, str]] = {
    lang: {name: render(f"ui.template.column.{name}", lang) for name in HEADER} for lang in LANGS
}
INPUT_COLUMNS = ("value", "period_start", "period_end", "milestone", "date", "not_reported", "quote")
_HELP_LINES = ("cells", "numbers", "milestones", "check")


def header_cell(name: str, lang: str) -> str:
    """``填報值 (value)``: a label for people, the column's name for the reader."""
    label = HEADER_LABELS.get(lang, HEADER_LABELS["en"]).get(name)
    return f"{label} ({name})" if label and label != name else name


def write_xlsx(
    rules: RuleSet, items: list[Entry], year: int, path: str | Path, lang: str | None = None
) -> None:
    """Write the XLSX template (atomically) to ``path``."""
    write_output(path, render_xlsx(rules, items, year, lang))


def render_xlsx(rules: RuleSet, items: list[Entry], year: int, lang: str | None = None) -> bytes:
    """A workbook that guides the clerk: headers in the plan's language, the cells to fill in yellow
    and unlocked, everything else locked; numbers only in value, a drop-down of milestone ids; the
    targets on a protected sheet. ``lang`` defaults to the plan's language (plan.yaml). Every row goes
    through outputs.sheet_row (no formula cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = lang or getattr(getattr(rules, "plan", None), "language", None) or "zh"
    wb = Workbook()
    title = rules.plan.title.zh if lang == "zh" else (rules.plan.title.en or rules.plan.title.zh)
    wb.properties.title = f"{title} {year}"  # the plan's own name, shown by spreadsheet programs
    ws = wb.active
    ws.title = "submission"
    sheet_row(ws, [header_cell(h, lang) for h in HEADER])
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    rows = _rows(items, year, lang)
    for row in rows:
        sheet_row(ws, row)
    last = len(rows) + 1
    fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in: pale yellow
    col = {h: i for i, h in enumerate(HEADER, 1)}
    letter = {h: column_letter(i) for h, i in col.items()}
    for r in range(2, last + 1):
        for h in INPUT_COLUMNS:
            cell = ws.cell(r, col[h])
            cell.protection = Protection(locked=False)
            cell.fill = fill
        ws.cell(r, col["value"]).number_format = "General"  # typed as entered, never a formula
        for h in ("period_start", "period_end", "date"):
            ws.cell(r, col[h]).number_format = "yyyy-mm-dd"
    if rows:
        numbers = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=HEADER_LABELS.get(lang, HEADER_LABELS["en"])["value"],
            error=render("ui.template.help.value_numbers", lang),
        )
        numbers.add(f"{letter['value']}2:{letter['value']}{last}")
        dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        for h in ("period_start", "period_end", "date"):
            dates.add(f"{letter[h]}2:{letter[h]}{last}")
        ws.add_data_validation(numbers)
        ws.add_data_validation(dates)
        lists: dict[str, DataValidation] = {}
        for r, e in enumerate(items, 2):
            if not e.milestones:
                continue
            choice = ",".join(e.milestones)
            if len(choice) > 250:  # Excel's limit for an inline list; the help sheet lists them
                continue
            if choice not in lists:
                lists[choice] = DataValidation(
                    type="list", formula1=f'"{choice}"', allow_blank=True, showErrorMessage=True
                )
                ws.add_data_validation(lists[choice])
            lists[choice].add(f"{letter['milestone']}{r}")
    ws.freeze_panes = f"{letter['value']}2"
    widths = {
        "label": 30,
        "metric": 24,
        "value": 14,
        "agency": 20,
        "quote": 40,
        "target": 40,
        "milestone": 18,
    }
    for h, w in widths.items():
        ws.column_dimensions[letter[h]].width = w
    ws.protection.sheet = True  # no password: protection guides, it does not guard
    ws.protection.formatColumns = False  # people may widen columns

    help_ws = wb.create_sheet("targets")
    sheet_row(help_ws, [render("ui.template.help.title", lang)])
    help_ws["A1"].font = Font(bold=True)
    for line in _HELP_LINES:
        sheet_row(help_ws, [render(f"ui.template.help.{line}", lang)])
    sheet_row(help_ws, [])
    sheet_row(
        help_ws, [render(f"ui.template.sheet.{c}", lang) for c in ("measure", "target", "label", "text")]
    )
    for n in sorted({e.measure for e in items}):
        yt = rules[n].measure.years[year]
        for t in yt.targets:
            if isinstance(t, m.NoTarget):
                continue
            sheet_row(help_ws, [n, t.id, t.label.get(lang), yt.text or ""])
    help_ws.column_dimensions["C"].width = 40
    help_ws.column_dimensions["D"].width = 60
    help_ws.protection.sheet = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
