"""The status board for people: text for a terminal, JSON for tools, one HTML page like the report.

The page is self-contained (inline CSS from render/html.py, no script needed), in zh-TW with the
English names beside; everything from rules or submissions goes through ``html.escape``.
"""

from __future__ import annotations

import json

from target_rules.errors import Problem
from target_rules.messages import render as say_in
from target_rules.render.common import pad
from target_rules.render.html import CSS, bi, esc
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
    out.append(say_in("ui.status.summary", lang, _counts(board)))
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
    title = {
        "zh": f"{board.year} 年填報進度",
        "en": f"Submission status, year {board.year}",
    }
    rows = []
    for row in board.agencies:
        st = STATE[row.state]
        items = [
            "<li>"
            + bi(
                f"{say_in('ui.status.missing', 'zh')}：{_metric(board, k, 'zh')}",
                f"{say_in('ui.status.missing', 'en')}: {_metric(board, k, 'en')}",
            )
            + "</li>"
            for k in row.missing
        ]
        items += [
            "<li>" + bi(f"錯誤：{p.describe('zh')}", f"error: {p.describe('en')}") + "</li>"
            for p in row.errors
        ]
        detail = f'<ul class="detail">{"".join(items)}</ul>' if items else ""
        files = "".join(f"<li>{esc(f)}</li>" for f in row.files)
        rows.append(
            f'<tr class="row s-{row.state}"><th scope="row">{bi(_name(row, "zh"), _name(row, "en"))}{detail}</th>'
            f'<td class="num">{len(row.owed)}</td>'
            f'<td class="num">{len(set(row.arrived) & set(row.owed))}</td>'
            f'<td class="num">{len(row.missing)}</td><td class="num">{len(row.errors)}</td>'
            f'<td><span class="state" style="background:{STATE_COLOR[row.state]}">{bi(st["zh"], st["en"])}'
            "</span></td>"
            f'<td><ul class="detail">{files}</ul></td></tr>'
        )
    left = "".join(
        f"<li>{esc(s.file)}: {bi(s.errors[0].message_in('zh'), s.errors[0].message_in('en'))}</li>"
        for s in board.collection.left_out
    )
    left_html = (
        f"<section><h2>{bi('未採用的檔案', 'Submissions left out')}</h2><ul>{left}</ul></section>"
        if left
        else ""
    )
    summary = f"<p>{_bi('ui.status.summary', _counts(board))}</p>"
    head = "".join(
        f"<th>{_bi(f'ui.status.{c}')}</th>"
        for c in ("agency", "owed", "arrived", "missing", "errors", "state")
    )
    head = f"<tr>{head}<th>{bi('檔案', 'Files')}</th></tr>"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hant-TW" if lang == "zh" else "en"}" data-lang="{lang}">'
        '<head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title[lang])}</title>'
        f"<style>{CSS}{_EXTRA_CSS}</style></head><body><main>"
        f"<h1>{bi(title['zh'], title['en'])}</h1>{summary}"
        f'<table class="board"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
        f"{left_html}</main></body></html>\n"
    )
