"""Excel: one row per target (composite members and per-agency parts included), and a summary sheet.

openpyxl is imported only here, and only when called (``pip install target-rules[xlsx]``). Every row
goes through outputs.sheet_row: a label or quote that starts with ``=`` is a text cell, never a
formula.
``render`` returns the workbook as bytes; ``write`` saves it to a file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from target_rules.engine.explain import shown_rate_value
from target_rules.engine.verdict import Evaluation, Status, Verdict
from target_rules.messages import CATALOG, text_in, unit_in
from target_rules.messages import render as say_in
from target_rules.outputs import sheet_row, write_output
from target_rules.render.common import actual_text, agency_in, report_title, target_id_text, target_text
from target_rules.status import status_words

if TYPE_CHECKING:
    from target_rules.render.comparison import Comparison

__all__ = ["COLUMNS", "render", "write"]


# (key, zh header, en header, width)
def _columns(*widths: tuple[str, int]) -> tuple[tuple[str, str, str, int], ...]:
    """(key, zh header, en header, width), the headers from the catalog (ui.xlsx.col.<key>)."""
    return tuple((k, CATALOG[f"ui.xlsx.col.{k}"].zh, CATALOG[f"ui.xlsx.col.{k}"].en, w) for k, w in widths)


COLUMNS = _columns(
    ("measure", 8),
    ("strategy", 8),
    ("target", 10),
    ("label_zh", 36),
    ("label_en", 36),
    ("status", 12),
    ("actual", 14),
    ("target_value", 14),
    ("unit", 8),
    ("achievement_rate", 12),
    ("flags", 14),
    ("explanation_zh", 60),
    ("explanation_en", 60),
    ("quote", 50),
    ("kind", 11),
    ("agency", 16),
    ("part_of", 9),
    ("decision", 50),
)
PREVIOUS_COLUMNS = _columns(("previous_status", 12), ("previous_rate", 12), ("change", 12))
# The text table abbreviates to fit 128 columns; a spreadsheet cell has room for the whole words.
STATUS_WORD = {"zh": status_words("zh"), "en": status_words("en")}
FILL = {"met": "DDF0E3", "unmet": "F6D5D1", "not_applicable": "E6E7EA", "missing": "F8E5C4"}


def _rows(evaluation: Evaluation) -> list[tuple[Verdict, int]]:
    """(verdict, strategy) in report order: every verdict, with each breakdown's parts after it."""
    out = []
    for m in evaluation.measures:
        for v in m.verdicts:
            out.append((v, m.strategy))
            if v.kind == "breakdown":
                out.extend((p, m.strategy) for p in v.parts)
    return out


def _numeric(v: Verdict) -> bool:
    return v.kind not in ("completion", "composite", "none") and v.actual is not None


def _actual_text(v: Verdict, lang: str) -> str | None:
    if v.kind == "none" or (v.kind != "composite" and v.actual is None and not v.detail.get("reached")):
        return None
    if v.kind == "completion":
        return (v.detail.get("reached_label") or {}).get(lang) or str(v.detail.get("reached"))
    return actual_text(v, lang)


def _row(v: Verdict, strategy: int, lang: str) -> dict[str, Any]:
    return {
        "measure": v.measure,
        "strategy": strategy,
        "target": target_id_text(v, lang),
        "label_zh": v.label["zh"],
        "label_en": v.label["en"],
        "status": STATUS_WORD[lang][str(v.status)],
        "actual": (v.judged if v.precision is not None and v.judged is not None else v.actual)
        if _numeric(v)
        else _actual_text(v, lang),
        "target_value": v.target_value
        if v.kind not in ("completion", "composite", "none") and v.comparator != "between"
        else target_text(v, lang),
        "unit": unit_in(v.unit, lang) if v.unit and v.unit not in ("milestone", "targets") else None,
        "achievement_rate": None if (rate := shown_rate_value(v)) is None else rate / 100,
        "flags": ", ".join(v.flags) or None,
        "explanation_zh": v.explanation["zh"],
        "explanation_en": v.explanation["en"],
        "quote": "\n".join(v.quotes) or None,
        "kind": v.kind,
        "agency": agency_in(v, lang) or None,
        "part_of": v.part_of,
        "decision": v.decision.get(lang) if v.decision else None,
    }


def _workbook(evaluation: Evaluation, lang: str, comparison: Comparison | None) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    words = STATUS_WORD[lang]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="D9DDE2")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    wb = Workbook()
    ws = wb.active
    ws.title = say_in("ui.xlsx.sheet_targets", lang)
    cols = list(COLUMNS)
    if comparison is not None:
        cols += [
            (k, zh.format(year=comparison.year_a), en.format(year=comparison.year_a), w)
            for k, zh, en, w in PREVIOUS_COLUMNS
        ]
    sheet_row(ws, [zh if lang == "zh" else en for _, zh, en, _ in cols])
    for cell in ws[1]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = wrap
    keys = [k for k, *_ in cols]
    status_col = keys.index("status") + 1
    for v, strategy in _rows(evaluation):
        row = _row(v, strategy, lang)
        if comparison is not None:
            ch = comparison.get(v.measure, v.target_id)
            if ch is not None and ch.a is not None:
                row["previous_status"] = words[str(ch.status_a)]
                row["previous_rate"] = None if ch.rate_a is None else ch.rate_a / 100  # as shown
                row["change"] = None if ch.change is None else round(ch.change, 4)
        sheet_row(ws, [row.get(k) for k in keys])
        r = ws.max_row
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(row=r, column=c)
            cell.alignment = (
                wrap
                if key in ("label_zh", "label_en", "explanation_zh", "explanation_en", "quote", "decision")
                else top
            )
            if key in ("achievement_rate", "previous_rate"):
                cell.number_format = "0.0%"
            elif key == "change":
                cell.number_format = "+0.0;-0.0;0.0"
            elif key in ("actual", "target_value") and isinstance(cell.value, float):
                cell.number_format = "#,##0.##"
        ws.cell(row=r, column=status_col).fill = PatternFill("solid", fgColor=FILL[str(v.status)])
    for i, (_, _, _, w) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{ws.max_row}"

    _summary_sheet(wb.create_sheet(say_in("ui.xlsx.sheet_summary", lang), 0), evaluation, lang, comparison)
    if comparison is not None:
        _compare_sheet(wb.create_sheet(say_in("ui.xlsx.sheet_compare", lang)), comparison, lang)
    wb.active = 0
    return wb


def _summary_sheet(ws: Any, evaluation: Evaluation, lang: str, comparison: Comparison | None) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    s = evaluation.summary
    words = STATUS_WORD[lang]
    prev = comparison.counts_a if comparison is not None else None
    title = report_title(evaluation, lang)
    sheet_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    sheet_row(ws, [])
    head = [say_in("ui.xlsx.item", lang), str(evaluation.year)]
    if comparison is not None:
        head.append(str(comparison.year_a))
    sheet_row(ws, head)
    for c in ws[ws.max_row]:
        c.font = bold

    def line(label: str, key: str, value: int) -> None:
        row: list[Any] = [label, value]
        if prev is not None:
            row.append(prev.get(key))
        sheet_row(ws, row)

    sheet_row(ws, [say_in("ui.xlsx.measures", lang), s["measures"]])
    line(say_in("ui.xlsx.targets", lang), "targets", s["targets"])
    for st in Status:
        line(words[st.value], st.value, s["by_status"][st.value])
    line(say_in("ui.xlsx.provisional", lang), "provisional", s["provisional"])
    sheet_row(ws, [])
    sheet_row(ws, [say_in("ui.xlsx.measures_by_status", lang)])
    ws[ws.max_row][0].font = bold
    for k, n in s["measures_by_status"].items():
        sheet_row(ws, [words[k], n])
    sheet_row(ws, [])
    sheet_row(
        ws,
        [
            say_in("ui.xlsx.strategy", lang),
            say_in("ui.xlsx.title", lang),
            say_in("ui.xlsx.measures", lang),
            *(words[st.value] for st in Status),
        ],
    )
    for c in ws[ws.max_row]:
        c.font = bold
    for st in s["by_strategy"]:
        sheet_row(
            ws, [st["strategy"], st["title"][lang], st["measures"], *(st["targets"][x.value] for x in Status)]
        )
    if comparison is not None:
        c = comparison.summary
        t = c["trend"]
        sheet_row(ws, [])
        sheet_row(ws, [say_in("ui.xlsx.compared_with", lang, {"year": c["year_a"]})])
        ws[ws.max_row][0].font = bold
        for key, args, n in (
            ("in_both", None, c["paired"]),
            ("rate_up", None, t["up"]),
            ("rate_down", None, t["down"]),
            ("unchanged", None, t["same"]),
            ("status_changed", None, c["status_changed"]),
            ("only_in", {"year": c["year_b"]}, c["only_b"]),
            ("only_in", {"year": c["year_a"]}, c["only_a"]),
        ):
            sheet_row(ws, [say_in(f"ui.xlsx.{key}", lang, args), n])
    if evaluation.notes:
        sheet_row(ws, [])
        for n in evaluation.notes:
            sheet_row(ws, [str(text_in(n, lang))])  # a note in the reader's language
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 44
    ws.freeze_panes = "A4"


def _compare_sheet(ws: Any, comparison: Comparison, lang: str) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    words = STATUS_WORD[lang]
    ya, yb = comparison.year_a, comparison.year_b
    head = [
        *say_in("ui.xlsx.compare_head", lang).split("\t"),
        *(h for y in (ya, yb) for h in say_in("ui.xlsx.year_figures", lang, {"year": y}).split("\t")),
        *say_in("ui.xlsx.compare_tail", lang).split("\t"),
    ]
    sheet_row(ws, head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for p in comparison:
        sides = []
        for side, v, rate in (("a", p.a, p.rate_a), ("b", p.b, p.rate_b)):
            sides += [
                None if v is None else p.actual(side, lang),
                None if v is None else p.target(side, lang),
                None if v is None else words[str(v.status)],
                None if rate is None else rate / 100,
            ]
        sheet_row(
            ws,
            [
                p.measure,
                p.shown_id(lang),
                p.label[lang],
                *sides,
                p.change,
                say_in("ui.xlsx.yes", lang) if p.target_changed else None,
                p.presence,
            ],
        )
        r = ws.max_row
        ws.cell(row=r, column=7).number_format = "0.0%"
        ws.cell(row=r, column=11).number_format = "0.0%"
        ws.cell(row=r, column=12).number_format = "+0.0;-0.0;0.0"
    for i, w in enumerate((8, 10, 40, 14, 14, 10, 10, 14, 14, 10, 10, 14, 10, 10), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:N{ws.max_row}"


def render(
    evaluation: Evaluation,
    lang: str = "zh",
    previous: Evaluation | None = None,
    comparison: Comparison | None = None,
) -> bytes:
    """The workbook as bytes (.xlsx). ``previous`` adds the earlier year's status, rate and the change."""
    if comparison is None and previous is not None:
        from target_rules.render.comparison import compare

        comparison = compare(previous, evaluation)
    buf = io.BytesIO()
    _workbook(evaluation, lang, comparison).save(buf)
    return buf.getvalue()


def write(
    evaluation: Evaluation,
    path: str | Path,
    lang: str = "zh",
    previous: Evaluation | None = None,
) -> Path:
    return write_output(path, render(evaluation, lang=lang, previous=previous))
