"""The status board for people: text for a terminal, JSON for tools, one HTML page like the report.

The text board fits the console's width (names wrap by display width, as render/text's labels do)
and holds only characters the console can show. The page is self-contained (inline CSS from render/html.py, no script needed), in zh-TW with the
English names beside; everything from rules or submissions goes through ``html.escape``.
"""

from __future__ import annotations

import json

from target_rules.errors import Problem
from target_rules.messages import render as say_in
from target_rules.render.common import pad, width, wrap
from target_rules.render.html import CSS, bi, esc
from target_rules.render.terminal import Console
from target_rules.submissions.status import UNATTRIBUTED, AgencyStatus, StatusBoard

__all__ = ["render", "render_html", "render_json", "render_text"]

MIN_NAME = 12  # the agency column never gets narrower: names wrap within it instead
COUNT = 7  # each count column, wide enough for its heading in either language
STATE_COLOR = {"errors": "#c0392b", "missing": "#c27c0e", "complete": "#1e7d45", "nothing_owed": "#8a8f98"}


def render(board: StatusBoard, fmt: str = "text", lang: str = "zh", console: Console | None = None) -> str:
    """The board in ``fmt``; text fits ``console`` (default: 100 columns, UTF-8, no colour)."""
    if fmt == "json":
        return render_json(board)
    if fmt == "html":
        return render_html(board, lang)
    return render_text(board, lang, console=console)


def _state(state: str, lang: str) -> str:
    return say_in(f"ui.status.state_{state}", lang)


def render_json(board: StatusBoard) -> str:
    return json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _name(row: AgencyStatus, lang: str) -> str:
    if row.agency == UNATTRIBUTED:  # the files that name no agency: a row of the board, in words
        return say_in("ui.status.unattributed", lang)
    return (row.en or row.agency) if lang == "en" else row.agency


def _metric(board: StatusBoard, key: tuple[int, str], lang: str) -> str:
    label = board.labels.get(key, {}).get(lang)
    metric = f"{key[0]}.{key[1]}"
    return say_in("ui.status.metric", lang, {"metric": metric, "label": label}) if label else metric


def _figures(row: AgencyStatus) -> tuple[int, int, int, int]:
    """A row's counts, as its columns show them: owed, arrived (of what is owed), missing, errors."""
    return len(row.owed), len(set(row.arrived) & set(row.owed)), len(row.missing), len(row.errors)


def render_text(board: StatusBoard, lang: str = "zh", *, console: Console | None = None) -> str:
    """The board for a terminal, every word of it in ``lang``; problems too. Agency names are never
    cut: the name column takes what the console's width leaves and a longer name wraps within it."""
    con = console or Console()
    head = con.text(say_in("ui.status.agency", lang))
    cols = [con.text(say_in(f"ui.status.{c}", lang)) for c in ("owed", "arrived", "missing", "errors")]
    counts_w = [max(COUNT, width(c)) for c in cols]
    names = [con.text(_name(row, lang)) for row in board.agencies]
    states = [con.text(_state(row.state, lang)) for row in board.agencies]
    state_head = con.text(say_in("ui.status.state", lang))
    fixed = 1 + sum(counts_w) + 2 * (len(cols) - 1) + 2 + max(map(width, [state_head, *states]))
    natural = max(map(width, [head, *names]))
    name_w = min(natural, con.width - fixed)
    if name_w < MIN_NAME:  # too narrow for a table: each name, then its figures under it
        out = []
        for row, name, state in zip(board.agencies, names, states, strict=True):
            said = "  ".join(f"{c} {n}" for c, n in zip(cols, _figures(row), strict=True))
            out += wrap(name, con.width) + ["  " + w for w in wrap(f"{said}  {state}", con.width - 2)]
        return _with_details(out, board, lang, con)

    def line(name: str, cells: list[str], state: str) -> str:
        figures = "  ".join(pad(c, w, right=True) for c, w in zip(cells, counts_w, strict=True))
        return f"{pad(name, name_w)} {figures}  {state}".rstrip()

    out = [line(head, cols, state_head)]
    for row, name, state in zip(board.agencies, names, states, strict=True):
        first, *rest = wrap(name, name_w) or [""]
        out.append(line(first, [str(n) for n in _figures(row)], state))
        out.extend(rest)
    return _with_details(out, board, lang, con)


def _with_details(out: list[str], board: StatusBoard, lang: str, con: Console) -> str:
    """The board's lines, then what is missing, the errors and the summary, wrapped to the console."""
    details: list[str] = []
    sep = say_in("ui.list_sep", lang)
    for row in board.agencies:
        name = _name(row, lang)
        if row.missing:
            metrics = sep.join(_metric(board, k, lang) for k in row.missing)
            details.append(say_in("ui.status.missing_line", lang, {"agency": name, "metrics": metrics}))
        for p in row.errors:
            details.append(
                say_in("ui.status.error_line", lang, {"agency": name, "problem": p.describe(lang)})
            )
    if details:
        details.insert(0, "")
    details.extend(left_out_line(sub.file, sub.errors[0], lang) for sub in board.collection.left_out)
    details += ["", say_in("ui.status.summary", lang, _counts(board))]
    out.extend(wrapped for text in details for wrapped in wrap(con.text(text), con.width))
    return "\n".join(out) + "\n"


def _counts(board: StatusBoard) -> dict[str, object]:
    """The figures of the board's summary sentence."""
    return {
        "year": board.year,
        "arrived": board.arrived,
        "owed": board.owed,
        "missing": board.missing,
        "errors": board.errors,
        "files": len(board.collection.submissions),
        "left_out": len(board.collection.left_out),
    }


def left_out_line(file: str, reason: Problem, lang: str) -> str:
    """One submission left out of a collection, and the first reason why, in ``lang``."""
    return say_in("ui.left_out", lang, {"file": file, "reason": reason.message_in(lang)})


_EXTRA_CSS = """
table.board{border-collapse:collapse;width:100%;font-size:.9rem}
table.board th,table.board td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
table.board td.num{text-align:right;font-variant-numeric:tabular-nums}
.state{color:#fff;border-radius:.6rem;padding:0 .5rem;white-space:nowrap}
ul.detail{margin:.2rem 0;padding-left:1.1rem;font-size:.8rem}
"""


def _bi(key: str, args: dict[str, object] | None = None) -> str:
    """A catalog sentence in both languages; the page's lang shows one (the report's CSS)."""
    return bi(say_in(key, "zh", args), say_in(key, "en", args))


def render_html(board: StatusBoard, lang: str = "zh") -> str:
    """The board as a page: every word in both languages, ``lang`` shown (no script needed)."""
    title = {lang: say_in("ui.status.title", lang, {"year": board.year}) for lang in ("zh", "en")}
    rows = []
    for row in board.agencies:
        items = [
            "<li>"
            + bi(
                say_in("ui.status.missing_item", "zh", {"metric": _metric(board, k, "zh")}),
                say_in("ui.status.missing_item", "en", {"metric": _metric(board, k, "en")}),
            )
            + "</li>"
            for k in row.missing
        ]
        items += [
            "<li>"
            + bi(
                say_in("ui.status.error_item", "zh", {"problem": p.describe("zh")}),
                say_in("ui.status.error_item", "en", {"problem": p.describe("en")}),
            )
            + "</li>"
            for p in row.errors
        ]
        detail = f'<ul class="detail">{"".join(items)}</ul>' if items else ""
        files = "".join(f"<li>{esc(f)}</li>" for f in row.files)
        figures = "".join(f'<td class="num">{n}</td>' for n in _figures(row))
        rows.append(
            f'<tr class="row s-{row.state}"><th scope="row">{bi(_name(row, "zh"), _name(row, "en"))}{detail}</th>'
            f"{figures}"
            f'<td><span class="state" style="background:{STATE_COLOR[row.state]}">{bi(_state(row.state, "zh"), _state(row.state, "en"))}'
            "</span></td>"
            f'<td><ul class="detail">{files}</ul></td></tr>'
        )
    left = "".join(
        f"<li>{esc(s.file)}: {bi(s.errors[0].message_in('zh'), s.errors[0].message_in('en'))}</li>"
        for s in board.collection.left_out
    )
    left_html = f"<section><h2>{_bi('ui.status.left_out')}</h2><ul>{left}</ul></section>" if left else ""
    summary = f"<p>{_bi('ui.status.summary', _counts(board))}</p>"
    head = "".join(
        f"<th>{_bi(f'ui.status.{c}')}</th>"
        for c in ("agency", "owed", "arrived", "missing", "errors", "state")
    )
    head = f"<tr>{head}<th>{_bi('ui.status.files')}</th></tr>"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hant-TW" if lang == "zh" else "en"}" data-lang="{lang}">'
        '<head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title[lang])}</title>'
        f"<style>{CSS}{_EXTRA_CSS}</style></head><body><main>"
        f"<h1>{bi(title['zh'], title['en'])}</h1>{summary}"
        f'<table class="board"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
        f"{left_html}</main></body></html>\n"
    )
