"""A readable table for a terminal: one line per target, grouped by strategy, then a summary.

Unmet and missing rows are marked and followed by their explanation, so the reader sees why without
another command. The table fits the console's width (labels wrap by display width, CJK counting
two columns), colours statuses when the console wants colour, and writes only characters the
console's encoding can hold (see terminal.py).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from target_rules.engine.verdict import Evaluation, Verdict
from target_rules.messages import CATALOG, text_in
from target_rules.messages import render as say_in
from target_rules.render.common import (
    STATUS_WORD,
    actual_text,
    agency_in,
    clip,
    flags_text,
    pad,
    report_title,
    shown_rate,
    strategy_heading,
    summary_figures,
    target_text,
    width,
    wrap,
)
from target_rules.render.terminal import Console

__all__ = ["EXPLAIN", "STATUSES", "render"]

HEAD = {lang: tuple(CATALOG["ui.report.text_head"][lang].split("\t")) for lang in ("zh", "en")}
MARK = {"unmet": "✗", "missing": "?"}
STATUSES = ("met", "unmet", "missing", "not_applicable")
EXPLAIN = ("problems", "all", "none")
GAP = "  "
MIN_LABEL = 16  # below this the row is stacked: label on its own line, figures under it
CAPS = (1, 7, 9, 0, 8, 16, 18, 8, 12)  # widest a column grows (the label takes what is left)
RIGHT = {5, 6, 7}
WRAPPED = {3, 5, 6, 8}  # label, actual, target, flags wrap; the short cells are clipped


@dataclass
class _Row:
    cells: tuple[str, ...]
    status: str
    explanation: str | None


def render(
    evaluation: Evaluation,
    lang: str = "zh",
    *,
    console: Console | None = None,
    explain: str = "problems",
    only: Collection[str] | None = None,
) -> str:
    """The table as text. ``explain``: 'problems' (unmet and missing rows), 'all' or 'none';
    ``only``: the statuses to list (all when None); the summary always counts everything."""
    con = console or Console()
    words = STATUS_WORD[lang]
    by_heading: dict[str, list[_Row]] = {}  # one section per strategy, even if its measures interleave
    for mres in evaluation.measures:
        rows_of = by_heading.setdefault(strategy_heading(mres, lang), [])
        for v in mres.verdicts:
            rows = [_row(v, lang, explain, words, top=True)]
            if v.kind == "breakdown":
                rows += [_row(p, lang, explain, words, top=False) for p in v.parts]
            keep = [r for r in rows if only is None or r.status in only]
            if keep and keep[0] is not rows[0]:  # a part is listed: show its target above it
                keep.insert(0, rows[0])
            rows_of.extend(keep)
    groups = [(h, rows) for h, rows in by_heading.items() if rows]

    all_rows = [r for _, rows in groups for r in rows]
    header = tuple(con.text(h) for h in HEAD[lang])
    natural = [
        0 if i == 3 else max([width(header[i])] + [width(r.cells[i]) for r in all_rows])
        for i in range(len(CAPS))
    ]
    natural[0] = 1
    room = con.width - sum(natural) - len(GAP) * (len(CAPS) - 1)
    # Figures keep their natural width while the label still gets a readable column; else capped.
    cols = natural if room >= 2 * MIN_LABEL else [min(n, cap) for n, cap in zip(natural, CAPS, strict=True)]
    fixed = sum(cols) + len(GAP) * (len(cols) - 1)
    label_cols = con.width - fixed
    stacked = label_cols < MIN_LABEL

    out: list[str] = []
    title = con.text(report_title(evaluation, lang))
    out += [con.paint(line, "heading") for line in wrap(title, con.width)]
    out.append("=" * min(con.width, max(width(title), 40)))
    if only is not None:
        shown = say_in("ui.list_sep", lang).join(words[s] for s in STATUSES if s in only)
        out.append(con.text(say_in("ui.report.listing_only", lang, {"statuses": shown})))
    for head, rows in groups:
        out.append("")
        out.extend(con.paint(line, "heading") for line in wrap(con.text(head), con.width))
        if not stacked:
            out.append(_line(header, cols, label_cols, con, None)[0])
            out.append("-" * con.width)
        for r in rows:
            cells = tuple(con.text(c) for c in r.cells)
            out.extend(
                _stacked(cells, con, r.status, lang)
                if stacked
                else _line(cells, cols, label_cols, con, r.status)
            )
            if r.explanation:
                indent = " " * (2 if stacked else cols[0] + cols[1] + 2 * len(GAP))
                for line in wrap(con.text(r.explanation), con.width - len(indent)):
                    out.append(indent + line)
    out.append("")
    out.extend(wrap(con.text(_summary(evaluation, lang)), con.width))
    for note in evaluation.notes:
        out.extend(
            wrap(con.text(say_in("ui.report.note", lang, {"note": str(text_in(note, lang))})), con.width)
        )
    return "\n".join(out) + "\n"


def _row(v: Verdict, lang: str, explain: str, words: dict[str, str], *, top: bool) -> _Row:
    status = str(v.status)
    rate = shown_rate(v)
    if top:
        tid = v.target_id if v.part_of is None else f"└{v.target_id}"
        label = v.label[lang]
    else:  # a breakdown part: its agency is the item
        tid, label = "·", agency_in(v, lang)
    show = explain == "all" or (explain == "problems" and status in ("unmet", "missing"))
    return _Row(
        (
            MARK.get(status, ""),
            str(v.measure) if top else "",
            tid,
            label,
            words[status],
            actual_text(v, lang),
            target_text(v, lang),
            "" if rate is None else rate,
            flags_text(v, lang),
        ),
        status,
        v.explanation[lang] if show and top else None,
    )


def _line(
    cells: tuple[str, ...], cols: list[int], label_cols: int, con: Console, status: str | None
) -> list[str]:
    """One row, as many lines tall as its tallest cell: text cells wrap within their column."""
    widths = [label_cols if i == 3 else w for i, w in enumerate(cols)]
    wrapped = [
        wrap(c, w) if i in WRAPPED else [clip(c, w)]
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    lines = []
    for n in range(max(len(w) for w in wrapped)):
        parts = []
        for i, w in enumerate(widths):
            text = wrapped[i][n] if n < len(wrapped[i]) else ""
            cell = pad(text, w, right=i in RIGHT)
            if status is not None and i in (0, 4):
                cell = con.paint(cell, status)
            parts.append(cell)
        lines.append(GAP.join(parts).rstrip())
    return lines


def _stacked(cells: tuple[str, ...], con: Console, status: str, lang: str) -> list[str]:
    """A narrow console: mark, id, status and the wrapped label, then the figures indented under it."""
    mark, measure, tid, label, word, actual, target, rate, flags = cells
    head = " ".join(
        x for x in (con.paint(mark or " ", status), tid.strip() or measure, con.paint(word, status)) if x
    )
    lines = [head]
    lines += ["  " + line for line in wrap(label, con.width - 2)]
    sep = say_in("ui.report.figure_sep", lang)
    names = say_in("ui.report.figure_names", lang).split("\t")
    figures = sep.join(f"{n} {x}" for n, x in zip(names, (actual, target, rate), strict=True) if x)
    if flags:
        figures += sep + flags
    lines += ["  " + line for line in wrap(con.text(figures), con.width - 2)]
    return lines


def _summary(evaluation: Evaluation, lang: str) -> str:
    return say_in("ui.report.summary_text", lang, summary_figures(evaluation))
