"""The status board for people: text for a terminal, JSON for tools, one HTML page like the report.

The page is self-contained (inline CSS from render/html.py, no script needed), in zh-TW with the
English names beside; everything from rules or submissions goes through ``html.escape``.
"""

from __future__ import annotations

import json

from target_rules.render.common import pad
from target_rules.render.html import CSS, esc
from target_rules.submissions.status import AgencyStatus, StatusBoard

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
    return (row.en or row.agency) if lang == "en" else row.agency


def _metric(board: StatusBoard, key: tuple[int, str], lang: str) -> str:
    label = board.labels.get(key, {}).get(lang)
    return f"{key[0]}.{key[1]}" + (f" ({label})" if label else "")


def render_text(board: StatusBoard, lang: str = "zh") -> str:
    head = "機關" if lang == "zh" else "agency"
    cols = ("owed", "arrived", "missing", "errors")
    out = [f"{pad(head, 44)} {'  '.join(f'{c:>7}' for c in cols)}  state"]
    for row in board.agencies:
        counts = (len(row.owed), len(set(row.arrived) & set(row.owed)), len(row.missing), len(row.errors))
        out.append(
            f"{pad(_name(row, lang)[:40], 44)} {'  '.join(f'{n:>7}' for n in counts)}  {STATE[row.state][lang]}"
        )
    details = []
    for row in board.agencies:
        if row.missing:
            details.append(
                f"{_name(row, lang)}: missing " + ", ".join(_metric(board, k, lang) for k in row.missing)
            )
        for p in row.errors:
            details.append(f"{_name(row, lang)}: {p}")
    if details:
        out.append("")
        out.extend(details)
    for sub in board.collection.left_out:
        out.append(f"left out: {sub.file}: {sub.errors[0].message}")
    out.append("")
    out.append(
        f"year {board.year}: {board.arrived} of {board.owed} owed figures arrived, {board.missing} missing, "
        f"{board.errors} errors in {len(board.collection.submissions)} files "
        f"({len(board.collection.left_out)} left out)"
    )
    return "\n".join(out) + "\n"


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
        items += [f"<li>錯誤 error: {esc(p)}</li>" for p in row.errors]
        detail = f'<ul class="detail">{"".join(items)}</ul>' if items else ""
        files = "".join(f"<li>{esc(f)}</li>" for f in row.files)
        rows.append(
            f'<tr class="row s-{row.state}"><th scope="row">{esc(row.agency)}'
            f'<span class="en">{esc(row.en or "")}</span>{detail}</th>'
            f'<td class="num">{len(row.owed)}</td>'
            f'<td class="num">{len(set(row.arrived) & set(row.owed))}</td>'
            f'<td class="num">{len(row.missing)}</td><td class="num">{len(row.errors)}</td>'
            f'<td><span class="state" style="background:{STATE_COLOR[row.state]}">{esc(st["zh"])} / '
            f"{esc(st['en'])}</span></td>"
            f'<td><ul class="detail">{files}</ul></td></tr>'
        )
    left = "".join(f"<li>{esc(s.file)}: {esc(s.errors[0].message)}</li>" for s in board.collection.left_out)
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
