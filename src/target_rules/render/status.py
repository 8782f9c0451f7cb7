"""The status board for people: text for a terminal, JSON for tools, one HTML page like the report.

The page is self-contained (inline CSS from render/html.py, no script needed), in zh-TW with the
English names beside; everything from rules or submissions goes through ``html.escape``.
"""

from __future__ import annotations

import json

from target_rules.errors import Problem
from target_rules.messages import render as say_in
from target_rules.render.common import pad
from target_rules.render.html import CSS, esc
from target_rules.submissions.status import UNATTRIBUTED, AgencyStatus, StatusBoard

__all__ = ["render", "render_html", "render_json", "render_text"]

STATE = {
    "errors": {"zh": "有錯誤", "en": "errors"},
    "missing": {"zh": "未齊", "en": "missing"},
    "complete": {"zh": "已齊", "en": "complete"},
    "nothing_owed": {"zh": "無應填", "en": "nothing owed"},
}
STATE_COLOR = {"errors": "#c0392b", "missing": "#c27c0e", "complete": "#1e7d45", "nothing_owed": "#8a8f98"}


def render(board: StatusBoard, fmt: str = "text", lang: str = "zh") -> str:
    if fmt == "json":
        return render_json(board)
    if fmt == "html":
        return render_html(board, lang)
    return render_text(board, lang)


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


def render_text(board: StatusBoard, lang: str = "zh") -> str:
    """The board for a terminal, every word of it in ``lang``; problems too."""
    head = say_in("ui.status.agency", lang)
    cols = [say_in(f"ui.status.{c}", lang) for c in ("owed", "arrived", "missing", "errors")]
    out = [
        f"{pad(head, 44)} {'  '.join(pad(c, 7, right=True) for c in cols)}  {say_in('ui.status.state', lang)}"
    ]
    for row in board.agencies:
        counts = (len(row.owed), len(set(row.arrived) & set(row.owed)), len(row.missing), len(row.errors))
        out.append(
            f"{pad(_name(row, lang)[:40], 44)} {'  '.join(f'{n:>7}' for n in counts)}  {STATE[row.state][lang]}"
        )
    details = []
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
        out.append("")
        out.extend(details)
    for sub in board.collection.left_out:
        out.append(left_out_line(sub.file, sub.errors[0], lang))
    out.append("")
    counts_said = {
        "year": board.year,
        "arrived": board.arrived,
        "owed": board.owed,
        "missing": board.missing,
        "errors": board.errors,
        "files": len(board.collection.submissions),
        "left_out": len(board.collection.left_out),
    }
    out.append(say_in("ui.status.summary", lang, counts_said))
    return "\n".join(out) + "\n"


def left_out_line(file: str, reason: Problem, lang: str) -> str:
    """One submission left out of a collection, and the first reason why, in ``lang``."""
    return say_in("ui.left_out", lang, {"file": file, "reason": reason.message_in(lang)})


_EXTRA_CSS = """
table.board{border-collapse:collapse;width:100%;font-size:.9rem}
table.board th,table.board td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
table.board td.num{text-align:right;font-variant-numeric:tabular-nums}
.state{color:#fff;border-radius:.6rem;padding:0 .5rem;white-space:nowrap}
.en{color:var(--muted);font-size:.8rem;display:block}
ul.detail{margin:.2rem 0;padding-left:1.1rem;font-size:.8rem}
"""


def render_html(board: StatusBoard, lang: str = "zh") -> str:
    title = f"{board.year} 年填報進度 / Submission status, year {board.year}"
    rows = []
    for row in board.agencies:
        st = STATE[row.state]
        items = [f"<li>缺 missing: {esc(_metric(board, k, 'zh'))}</li>" for k in row.missing]
        items += [f"<li>錯誤 error: {esc(p.describe(lang))}</li>" for p in row.errors]
        detail = f'<ul class="detail">{"".join(items)}</ul>' if items else ""
        files = "".join(f"<li>{esc(f)}</li>" for f in row.files)
        rows.append(
            f'<tr class="row s-{row.state}"><th scope="row">{esc(_name(row, "zh"))}'
            f'<span class="en">{esc(_name(row, "en") if row.agency == UNATTRIBUTED else row.en or "")}</span>{detail}</th>'
            f'<td class="num">{len(row.owed)}</td>'
            f'<td class="num">{len(set(row.arrived) & set(row.owed))}</td>'
            f'<td class="num">{len(row.missing)}</td><td class="num">{len(row.errors)}</td>'
            f'<td><span class="state" style="background:{STATE_COLOR[row.state]}">{esc(st["zh"])} / '
            f"{esc(st['en'])}</span></td>"
            f'<td><ul class="detail">{files}</ul></td></tr>'
        )
    left = "".join(
        f"<li>{esc(s.file)}: {esc(s.errors[0].message_in(lang))}</li>" for s in board.collection.left_out
    )
    left_html = (
        f"<section><h2>未採用的檔案 / Submissions left out</h2><ul>{left}</ul></section>" if left else ""
    )
    summary = (
        f"<p>應填 {board.owed} 項，已到 {board.arrived} 項，缺 {board.missing} 項；"
        f"{len(board.collection.submissions)} 個檔案，錯誤 {board.errors} 個。<br>"
        f'<span class="en">{board.arrived} of {board.owed} owed figures arrived, {board.missing} missing; '
        f"{board.errors} errors in {len(board.collection.submissions)} files.</span></p>"
    )
    head = (
        "<tr><th>機關 Agency</th><th>應填 Owed</th><th>已到 Arrived</th><th>缺 Missing</th>"
        "<th>錯誤 Errors</th><th>狀態 State</th><th>檔案 Files</th></tr>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hant-TW" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
        f"<style>{CSS}{_EXTRA_CSS}</style></head><body><main>"
        f"<h1>{esc(title)}</h1>{summary}"
        f'<table class="board"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
        f"{left_html}</main></body></html>\n"
    )
