"""HTML: one self-contained page for people, in zh-TW with English a click away.

No network at all: the CSS and the script are inline, the chart is inline SVG, fonts are the
system's (with CJK fallbacks). Both languages are in the page; ``lang`` picks the one shown first and
a button switches every label and explanation. Filters by status and by agency are plain DOM.
Everything that comes from rules or reports goes through ``html.escape``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from target_rules.engine.explain import agency_in, fmt_value, rate_text, shown_actual, shown_rate
from target_rules.engine.verdict import Evaluation, Verdict
from target_rules.messages import CATALOG, text_in
from target_rules.messages import render as say_in
from target_rules.render.common import actual_text, report_title, target_text, zh_number
from target_rules.status import FLAG_WORDS, STATUS_WORDS, Flag

if TYPE_CHECKING:
    from target_rules.render.comparison import Comparison, TargetChange

__all__ = ["render"]

RATE_CAP = 150.0  # the achievement-rate bar is drawn up to this percentage

STATUSES = ("met", "unmet", "not_applicable", "missing")
STATUS_LABEL = {
    **{k: {"zh": w.zh, "en": w.en_title} for k, w in STATUS_WORDS.items()},
    "provisional": {"zh": FLAG_WORDS[Flag.PROVISIONAL].zh, "en": FLAG_WORDS[Flag.PROVISIONAL].en_title},
}
FLAG_LABEL = {str(k): {"zh": w.zh_long, "en": w.en_long} for k, w in FLAG_WORDS.items()}
# the page's own words, from the catalog (ui.html.<key>)
UI = {
    key[len("ui.html.") :]: {"zh": t.zh, "en": t.en}
    for key, t in CATALOG.items()
    if key.startswith("ui.html.")
}
COLORS = {"met": "#1e7d45", "unmet": "#c0392b", "not_applicable": "#8a8f98", "missing": "#c27c0e"}


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def bi(zh: str, en: str, tag: str = "span") -> str:
    """Both languages; CSS shows the current one."""
    return (
        f'<{tag} class="l-zh" lang="zh-Hant">{esc(zh)}</{tag}><{tag} class="l-en" lang="en">{esc(en)}</{tag}>'
    )


def ui(key: str, tag: str = "span", **kw: object) -> str:
    t = UI[key]
    return bi(t["zh"].format(**kw), t["en"].format(**kw), tag)


def _rate(x: float | None) -> str:
    return "—" if x is None else rate_text(x)


def _shown(v: Verdict | None) -> str:
    """A verdict's rate as shown: from the judged value, never contradicting the status."""
    return (shown_rate(v) if v is not None else None) or "—"


def _change(change: float | None) -> tuple[str, str, str]:
    """(zh, en, css class) for a change in percentage points."""
    from target_rules.render.comparison import change_text

    if change is None:
        return "", "", ""
    cls = "up" if change > 0.05 else ("down" if change < -0.05 else "same")
    return change_text(change, "zh"), change_text(change, "en"), cls


def _actual(v: Verdict, lang: str) -> str:
    if v.kind == "completion":
        return actual_text(v, lang)  # with the date when a deadline makes it decide the verdict
    if v.kind == "composite":
        n = len(v.parts)
        got = int(v.actual or 0)
        return say_in("ui.html.composite_actual", lang, {"got": got, "n": n})
    if v.kind == "none":
        return "—"
    return shown_actual(v, lang)


def _target(v: Verdict, lang: str) -> str:
    if v.kind == "composite":
        need = int(v.target_value or 0)
        return say_in("ui.html.composite_target", lang, {"need": need})
    if v.kind == "completion" and v.detail.get("deadline"):
        dl = v.detail["deadline"].isoformat()
        return target_text(v, lang) + say_in("ui.html.by_deadline", lang, {"date": dl})
    return target_text(v, lang)


def _bar(rate: float | None) -> str:
    if rate is None:
        return '<div class="bar none" aria-hidden="true"></div>'
    shown = max(0.0, min(rate, RATE_CAP))
    width = shown / RATE_CAP * 100
    over = " over" if rate > RATE_CAP else ""
    cls = "ok" if rate >= 100 else "short"
    return (
        f'<div class="bar" role="img" aria-label="{esc(rate_text(rate))}">'
        f'<span class="fill {cls}{over}" style="width:{width:.2f}%"></span>'
        f'<i class="mark" style="left:{100 / RATE_CAP * 100:.2f}%"></i></div>'
    )


def _agencies(evaluation: Evaluation, v: Verdict, measure_agencies: tuple[str, ...]) -> list[str]:
    """The agencies a target concerns, each once by its canonical name (the plan's registry), so one
    agency is one filter entry whatever spelling each rule or report used."""
    written = [v.agency] if v.agency else list(measure_agencies)
    written += [p.agency for p in v.parts if p.agency]
    written += [str(agency) for agency, _ in v.detail.get("by_agency", ())]
    out: list[str] = []
    for name in written:
        for canonical in evaluation.agencies.names(name):
            if canonical not in out:
                out.append(canonical)
    return out


def _agency(evaluation: Evaluation, name: str) -> str:
    """An agency in both languages, as the plan's registry names it."""
    return bi(evaluation.agency_label(name, "zh"), evaluation.agency_label(name, "en"))


def _flags(v: Verdict) -> str:
    out = []
    for f in v.flags:
        label = FLAG_LABEL.get(f, {"zh": f, "en": f})
        out.append(f'<span class="flag flag-{esc(f)}">{bi(label["zh"], label["en"])}</span>')
    return "".join(out)


def _badge(status: str, extra: str = "") -> str:
    label = STATUS_LABEL[status]
    return f'<span class="badge s-{esc(status)}{extra}">{bi(label["zh"], label["en"])}</span>'


def _previous_line(change: TargetChange | None, prev_year: int) -> str:
    if change is None:
        return ""
    if change.a is None:
        return f'<div class="yoy new">{ui("not_in", year=prev_year)}</div>'
    sa = STATUS_LABEL[str(change.status_a)]
    zh, en, cls = _change(change.change)
    delta = f' <span class="delta {cls}">{bi(zh, en)}</span>' if zh else ""
    if change.target_changed:  # a rate against another target: say so, and show that target
        delta += (
            f' <span class="target-moved">'
            f"{bi(*(say_in('ui.html.target_moved', lang, {'was': change.target('a', lang), 'now': change.target('b', lang)}) for lang in ('zh', 'en')))}</span>"
        )
    return (
        f'<div class="yoy"><span class="yoy-year">{prev_year}</span> '
        f'<span class="yoy-actual">{bi(change.actual("a", "zh"), change.actual("a", "en"))}</span> '
        f'<span class="yoy-rate">{esc(_shown(change.a))}</span> '
        f'<span class="yoy-status s-{esc(str(change.status_a))}">{bi(sa["zh"], sa["en"])}</span>{delta}</div>'
    )


def _breakdown(evaluation: Evaluation, v: Verdict) -> str:
    rows = []
    for p in v.parts:
        name = bi(agency_in(p, "zh"), agency_in(p, "en")) if p.agency else esc(p.target_id)
        rows.append(
            f'<tr class="part s-{esc(str(p.status))}"><th scope="row">{name}</th>'
            f"<td>{_badge(str(p.status))}</td><td class=num>{bi(_actual(p, 'zh'), _actual(p, 'en'))}</td>"
            f"<td class=num>{bi(target_text(p, 'zh'), target_text(p, 'en'))}</td>"
            f"<td class=num>{esc(_shown(p))}</td><td>{_bar(p.achievement_rate)}</td></tr>"
        )
    judged = {a for p in v.parts if p.agency for a in evaluation.agencies.names(p.agency)}
    for agency, value in v.detail.get("by_agency", ()):  # agencies that reported without a part of their own
        if not set(evaluation.agencies.names(str(agency))) <= judged:
            rows.append(
                f'<tr class="part reported"><th scope="row">{_agency(evaluation, str(agency))}</th><td></td>'
                f"<td class=num>{bi(fmt_value(value, v.unit), fmt_value(value, v.unit, None, 'en'))}</td>"
                "<td class=num>—</td><td></td><td></td></tr>"
            )
    head = (
        f"<tr><th>{ui('filter_agency')}</th><th>{ui('filter_status')}</th><th>{ui('actual')}</th>"
        f"<th>{ui('target')}</th><th>{ui('rate')}</th><th></th></tr>"
    )
    return f'<table class="parts"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _target_card(
    evaluation: Evaluation,
    v: Verdict,
    agencies: tuple[str, ...],
    comparison: Comparison | None,
    prev_year: int | None,
) -> str:
    status = str(v.status)
    ags = _agencies(evaluation, v, agencies)
    flags = " ".join(v.flags)
    member = v.part_of is not None
    cls = f"target s-{status}" + (" member" if member else "")
    part_of = f'<span class="partof">{ui("part_of")} {esc(v.part_of)}</span>' if member else ""
    zh_actual, en_actual = _actual(v, "zh"), _actual(v, "en")
    zh_target, en_target = _target(v, "zh"), _target(v, "en")
    quotes = "".join(f"<blockquote>{esc(q)}</blockquote>" for q in v.quotes)
    source = ""
    if quotes:
        source = f'<div class="quotes"><span class="k">{ui("quote")}</span>{quotes}</div>'
    decision = ""
    if v.decision:
        decision = (
            f'<div class="decision"><span class="k">{ui("decision")}</span>'
            f"<p>{bi(v.decision.zh, v.decision.get('en'))}</p></div>"
        )
    yoy = ""
    if comparison is not None and prev_year is not None:
        yoy = _previous_line(comparison.get(v.measure, v.target_id), prev_year)
    parts = _breakdown(evaluation, v) if v.kind == "breakdown" and v.parts else ""
    expl = v.explanation
    return (
        f'<article class="{cls}" id="t-{v.measure}-{esc(v.target_id)}" data-status="{esc(status)}" '
        f'data-flags="{esc(flags)}" data-agencies="{esc("|".join(ags))}" data-target="{esc(v.target_id)}">'
        f'<header><span class="tid">{esc(v.target_id)}</span>'
        f"<h4>{bi(v.label['zh'], v.label['en'])}</h4>{part_of}"
        f'<span class="badges">{_badge(status)}{_flags(v)}</span></header>'
        f'<div class="figures"><div class="fig"><span class="k">{ui("actual")}</span>'
        f'<span class="v">{bi(zh_actual, en_actual)}</span></div>'
        f'<div class="fig"><span class="k">{ui("target")}</span><span class="v">{bi(zh_target, en_target)}</span></div>'
        f'<div class="fig rate"><span class="k">{ui("rate")}</span>'
        f'<span class="v">{esc(_shown(v))}</span>{_bar(v.achievement_rate)}</div>'
        f"{yoy}</div>"
        f"{parts}"
        f'<p class="expl">{bi(expl["zh"], expl["en"])}</p>'
        f"{source}{decision}</article>"
    )


def _ordered(verdicts: list[Verdict]) -> list[Verdict]:
    """Each composite followed by its members (rule files list the members first)."""
    ids = {v.target_id for v in verdicts if v.part_of is None}
    members: dict[str, list[Verdict]] = {}
    for v in verdicts:
        if v.part_of is not None and v.part_of in ids:
            members.setdefault(v.part_of, []).append(v)
    out = []
    for v in verdicts:
        if v.part_of is not None and v.part_of in ids:
            continue
        out.append(v)
        out.extend(members.get(v.target_id, ()))
    return out


def _chart(evaluation: Evaluation, lang: str) -> str:
    """Stacked bars of target statuses: all targets, then one bar per strategy (inline SVG)."""
    s = evaluation.summary
    rows = [("all", UI["all_strategies"]["zh"], UI["all_strategies"]["en"], s["by_status"])]
    for st in s["by_strategy"]:
        n = st["strategy"]
        rows.append((f"s{n}", zh_number(n), f"S{n}", st["targets"]))
    # the first bar (all targets) fills the width; the strategy bars share one scale of their own
    biggest = max((sum(r[3].values()) for r in rows[1:]), default=0) or 1
    label_w, bar_w, row_h, gap = 54, 420, 20, 6
    height = len(rows) * (row_h + gap) + 4 + 10
    out = [
        f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 50} {height}" width="100%" '
        f'role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title" class="switch"'
        + _switched(UI["by_strategy"]["zh"], UI["by_strategy"]["en"], lang)
        + "</title>",
    ]
    for i, (key, zh, en, counts) in enumerate(rows):
        y = 2 + i * (row_h + gap) + (10 if i else 0)
        total = sum(counts.values())
        scale = (total or 1) if i == 0 else biggest
        link = "#summary" if key == "all" else f"#{key}"
        out.append(f'<a href="{link}" class="row">')
        out.append(
            f'<text class="l-zh" x="{label_w - 8}" y="{y + 14}" text-anchor="end">{esc(zh)}</text>'
            f'<text class="l-en" x="{label_w - 8}" y="{y + 14}" text-anchor="end">{esc(en)}</text>'
        )
        x = float(label_w)
        for status in STATUSES:
            n = counts.get(status, 0)
            if not n:
                continue
            w = n / scale * bar_w
            lab = STATUS_LABEL[status]
            tip = _switched(f"{lab['zh']}：{n}", f"{lab['en']}: {n}", lang)
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" fill="{COLORS[status]}">'
                f'<title class="switch"{tip}</title></rect>'
            )
            if w >= 16:
                out.append(
                    f'<text class="in" x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle">{n}</text>'
                )
            x += w
        out.append(f'<text class="tot" x="{x + 6:.1f}" y="{y + 14}">{total}</text></a>')
    out.append("</svg>")
    return "".join(out)


def _summary(evaluation: Evaluation, comparison: Comparison | None, lang: str) -> str:
    s = evaluation.summary
    st = s["by_status"]
    prev = comparison.counts_a if comparison is not None else None  # from the previous year's verdicts
    cards = []
    for key in (*STATUSES, "provisional"):
        n = s["provisional"] if key == "provisional" else st[key]
        lab = STATUS_LABEL[key]
        prev_n = ""
        if comparison is not None and prev is not None:
            prev_n = f'<span class="prevn">{comparison.year_a}: {prev[key]}</span>'
        cards.append(
            f'<button type="button" class="card s-{key}" data-filter-status="{key}" aria-pressed="false">'
            f'<span class="n">{n}</span><span class="t">{bi(lab["zh"], lab["en"])}</span>{prev_n}</button>'
        )
    ms = s["measures_by_status"]
    mline = " · ".join(f"{bi(STATUS_LABEL[k]['zh'], STATUS_LABEL[k]['en'])} {ms[k]}" for k in ms if ms[k])
    counts = bi(*(say_in("ui.html.counts", lang, s) for lang in ("zh", "en")))
    yoy = ""
    if comparison is not None:
        c = comparison.summary
        t = c["trend"]
        yoy = (
            '<p class="yoy-summary">'
            + bi(*(say_in("ui.html.compared", lang, {**c, **t}) for lang in ("zh", "en")))
            + "</p>"
        )
    return (
        f'<section id="summary" class="summary"><h2>{ui("summary")}</h2>'
        f'<p class="counts">{counts}</p>'
        f'<div class="cards">{"".join(cards)}</div>'
        f'<p class="mstatus"><span class="k">{ui("measure_status")}</span> {mline}</p>{yoy}'
        f'<figure class="chartbox">{_chart(evaluation, lang)}<figcaption>{ui("by_strategy")}'
        + "".join(
            f'<span class="key"><i style="background:{COLORS[k]}"></i>'
            f"{bi(STATUS_LABEL[k]['zh'], STATUS_LABEL[k]['en'])}</span>"
            for k in STATUSES
        )
        + "</figcaption></figure></section>"
    )


def _switched(zh: str, en: str, lang: str) -> str:
    """Attributes and text of an element that cannot hold both languages (an option, an SVG title):
    the text in ``lang``, and both in data-zh / data-en for the language button to switch."""
    return f' data-zh="{esc(zh)}" data-en="{esc(en)}">{esc(zh if lang == "zh" else en)}'


def _controls(evaluation: Evaluation, lang: str) -> str:
    agencies: list[str] = []
    for m in evaluation.measures:
        for v in m.verdicts:
            for a in _agencies(evaluation, v, m.agencies):
                if a not in agencies:
                    agencies.append(a)
    # the plan's order (the registry's), then any agency it does not know, by name
    agencies.sort(key=lambda a: (evaluation.agencies.rank(a), a))
    options = "".join(
        f'<option value="{esc(a)}" class="switch"'
        f"{_switched(evaluation.agency_label(a, 'zh'), evaluation.agency_label(a, 'en'), lang)}</option>"
        for a in agencies
    )
    chips = [
        f'<button type="button" class="chip" data-filter-status="all" aria-pressed="true">{ui("all")}</button>'
    ]
    for key in (*STATUSES, "provisional"):
        lab = STATUS_LABEL[key]
        chips.append(
            f'<button type="button" class="chip s-{key}" data-filter-status="{key}" aria-pressed="false">'
            f"{bi(lab['zh'], lab['en'])}</button>"
        )
    return (
        '<div class="controls" id="controls">'
        f'<div class="group" role="group" aria-label="status"><span class="k">{ui("filter_status")}</span>'
        f"{''.join(chips)}</div>"
        f'<label class="group"><span class="k">{ui("filter_agency")}</span>'
        f'<select id="agency-filter"><option value="all" class="switch"'
        f"{_switched(UI['all_agencies']['zh'], UI['all_agencies']['en'], lang)}</option>{options}</select></label>"
        f'<span class="showing" id="showing"></span>'
        "</div>"
    )


def render(
    evaluation: Evaluation,
    lang: str = "zh",
    previous: Evaluation | None = None,
    comparison: Comparison | None = None,
) -> str:
    """The whole page. ``previous`` (an earlier year) adds both rates and the change per target."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; expected zh or en")
    if comparison is None and previous is not None:
        from target_rules.render.comparison import compare

        comparison = compare(previous, evaluation)
    prev_year = comparison.year_a if comparison is not None else None
    title_zh = report_title(evaluation, "zh")
    title_en = report_title(evaluation, "en")
    body: list[str] = []
    current = None
    for m in evaluation.measures:
        if m.strategy != current:
            if current is not None:
                body.append("</section>")
            current = m.strategy
            body.append(
                f'<section class="strategy" id="s{m.strategy}" data-strategy="{m.strategy}"><h2>'
                + bi(
                    f"{zh_number(m.strategy)}、{m.strategy_title['zh']}",
                    f"Strategy {m.strategy}: {m.strategy_title['en']}",
                )
                + "</h2>"
            )
        body.append(
            f'<section class="measure" id="m{m.measure}" data-measure="{m.measure}" '
            f'data-status="{esc(str(m.status))}"><header class="mhead">'
            f'<h3><span class="mno">{ui("measure")} {m.measure}</span> '
            f"{bi(m.title['zh'], m.title['en'])}</h3>"
            f'<div class="mmeta">{_badge(str(m.status))}<span class="ag"><span class="k">{ui("agencies")}</span> '
            + bi(
                "、".join(evaluation.agency_label(a, "zh") for a in m.agencies),
                "; ".join(evaluation.agency_label(a, "en") for a in m.agencies),
            )
            + "</span></div></header>"
        )
        for v in _ordered(m.verdicts):
            body.append(_target_card(evaluation, v, m.agencies, comparison, prev_year))
        body.append("</section>")
    if current is not None:
        body.append("</section>")
    if comparison is not None and comparison.only_a:
        items = "".join(
            f'<li><span class="tid">{p.measure} / {esc(p.target_id)}</span> {bi(p.label["zh"], p.label["en"])} '
            f"{_badge(str(p.status_a))} {esc(_shown(p.a))}</li>"
            for p in comparison.only_a
        )
        body.append(
            f'<section class="only-prev" id="only-previous"><h2>{ui("only_prev", year=prev_year)}</h2>'
            f"<ul>{items}</ul></section>"
        )
    if evaluation.notes:
        body.append(
            f'<section class="notes"><h2>{ui("notes")}</h2><ul>'
            + "".join(f"<li>{bi(text_in(n, 'zh'), text_in(n, 'en'))}</li>" for n in evaluation.notes)
            + "</ul></section>"
        )
    html_lang = "zh-Hant" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}" data-lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="target-rules">\n'
        f"<title>{esc(title_zh if lang == 'zh' else title_en)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="top" data-title-zh="{esc(title_zh)}" data-title-en="{esc(title_en)}">'
        f'<h1>{bi(title_zh, title_en)}</h1><div class="actions">'
        f'<button type="button" id="lang-toggle" class="lang" data-zh="{esc(UI["switch"]["zh"])}" '
        f'data-en="{esc(UI["switch"]["en"])}">{esc(UI["switch"][lang])}</button>'
        f'<button type="button" class="print" id="print-button">{ui("print")}</button></div></header>\n'
        f"{_summary(evaluation, comparison, lang)}\n{_controls(evaluation, lang)}\n"
        f'<main id="report">\n{"".join(body)}\n'
        f'<p class="empty" id="empty" hidden>{ui("none_match")}</p>\n</main>\n'
        f"<footer>{ui('generated', cap=int(RATE_CAP))}</footer>\n"
        f"<script>{JS}</script>\n</body>\n</html>\n"
    )


CSS = """
:root{--fg:#1d2329;--muted:#5d6670;--line:#d9dde2;--bg:#fff;--soft:#f4f6f8;
--met:#1e7d45;--unmet:#c0392b;--na:#8a8f98;--missing:#c27c0e;--prov:#2d5fa8}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans TC",
"Noto Sans CJK TC","Source Han Sans TC","PingFang TC","Microsoft JhengHei","Heiti TC","WenQuanYi Micro Hei",
sans-serif;color:var(--fg);background:var(--bg);font-size:15px;line-height:1.55}
body{margin:0 auto;max-width:1080px;padding:16px 20px 40px}
html[data-lang=zh] .l-en,html[data-lang=en] .l-zh{display:none}
h1{font-size:1.45rem;margin:0;line-height:1.3}
h2{font-size:1.2rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:0}
h4{font-size:.98rem;margin:0;font-weight:600;flex:1 1 auto}
.k{color:var(--muted);font-size:.8rem;margin-right:.4em}
.top{display:flex;align-items:flex-start;gap:1rem;justify-content:space-between;border-bottom:3px solid var(--fg);
padding-bottom:.6rem;margin-bottom:1rem}
button{font:inherit;cursor:pointer}
.actions{display:flex;gap:.4rem}
section,article{scroll-margin-top:4.5rem}
.lang,.print{border:1px solid var(--line);background:var(--soft);border-radius:6px;padding:.3rem .8rem;white-space:nowrap}
.summary .counts{margin:.2rem 0 .6rem;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:.6rem}
.card{border:1px solid var(--line);border-top:5px solid var(--c,#999);border-radius:8px;background:var(--bg);
padding:.5rem .7rem;text-align:left;display:flex;flex-direction:column}
.card .n{font-size:1.8rem;font-weight:700;line-height:1.1;color:var(--c,#333)}
.card .t{font-size:.85rem}
.card .prevn{font-size:.75rem;color:var(--muted)}
.s-met{--c:var(--met)}.s-unmet{--c:var(--unmet)}.s-not_applicable{--c:var(--na)}.s-missing{--c:var(--missing)}
.s-provisional{--c:var(--prov)}.s-partially_met{--c:var(--missing)}
.card[aria-pressed=true],.chip[aria-pressed=true]{outline:3px solid var(--c,var(--fg));outline-offset:1px}
.mstatus{margin:.6rem 0 .2rem;font-size:.9rem}
.yoy-summary{font-size:.9rem;margin:.3rem 0}
.chartbox{margin:.6rem 0 0;padding:.5rem .6rem;border:1px solid var(--line);border-radius:8px}
.chart{display:block;max-width:640px;height:auto;font-size:12px}
.chart text{fill:var(--fg)}.chart text.in{fill:#fff;font-weight:600}.chart text.tot{fill:var(--muted)}
.chart a:hover rect{opacity:.85}
html[data-lang=zh] .chart .l-en,html[data-lang=en] .chart .l-zh{display:none}
figcaption{font-size:.85rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin-top:.3rem}
.key i{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
.controls{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);display:flex;flex-wrap:wrap;gap:.5rem 1rem;
align-items:center;padding:.6rem 0;margin:1rem 0;border-bottom:1px solid var(--line)}
.group{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem}
.chip{border:1px solid var(--line);background:var(--bg);border-radius:999px;padding:.1rem .7rem;font-size:.85rem}
.chip::before{content:"";display:inline-block;width:.6em;height:.6em;border-radius:50%;background:var(--c,var(--fg));
margin-right:.35em;vertical-align:.05em}
select{font:inherit;padding:.2rem .3rem;max-width:16rem}
.showing{color:var(--muted);font-size:.85rem;margin-left:auto}
.strategy{margin:1.6rem 0 0}
.strategy>h2{border-left:6px solid var(--fg);padding-left:.5rem;break-after:avoid;page-break-after:avoid}
.measure{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;overflow:hidden}
.mhead{background:var(--soft);padding:.6rem .8rem;border-bottom:1px solid var(--line);break-after:avoid;
page-break-after:avoid}
.mno{display:inline-block;background:var(--fg);color:#fff;border-radius:4px;padding:0 .4em;margin-right:.3em;
font-size:.85rem}
.mmeta{display:flex;gap:.8rem;align-items:center;margin-top:.3rem;font-size:.85rem;flex-wrap:wrap}
.target{padding:.6rem .8rem;border-top:1px solid var(--line);border-left:5px solid var(--c,#999);
break-inside:avoid;page-break-inside:avoid}
.mhead+.target{border-top:0}
.target.member{margin-left:1.4rem;border-left-style:dashed}
.target header{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}
.tid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;color:var(--muted);
min-width:2.8em}
.partof{font-size:.75rem;color:var(--muted)}
.badges{display:flex;gap:.3rem;flex-wrap:wrap}
.badge{display:inline-block;background:var(--c);color:#fff;border-radius:4px;padding:0 .5em;font-size:.8rem;
font-weight:600;white-space:nowrap}
.flag{display:inline-block;border:1px solid var(--muted);color:var(--muted);border-radius:4px;padding:0 .4em;
font-size:.75rem;white-space:nowrap}
.flag-provisional{border-color:var(--prov);color:var(--prov)}
.figures{display:grid;grid-template-columns:minmax(8rem,1fr) minmax(8rem,1fr) minmax(12rem,1.6fr);gap:.2rem 1rem;
margin:.4rem 0 .2rem;align-items:center}
.fig .v{font-weight:600;font-variant-numeric:tabular-nums}
.fig.rate{display:grid;grid-template-columns:auto auto 1fr;gap:.4rem;align-items:center}
.bar{position:relative;height:.7rem;background:var(--soft);border:1px solid var(--line);border-radius:3px;min-width:6rem}
.bar.none{visibility:hidden}
.bar .fill{position:absolute;left:0;top:0;bottom:0;background:var(--met);border-radius:2px 0 0 2px}
.bar .fill.short{background:var(--unmet)}
.bar .fill.over{background:repeating-linear-gradient(45deg,var(--met) 0 6px,#2e9c5c 6px 12px)}
.bar .mark{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--fg)}
.yoy{grid-column:1/-1;font-size:.85rem;color:var(--muted)}
.yoy-year{font-weight:600}.yoy-status{color:var(--c)}
.delta{font-weight:600}.delta.up{color:var(--met)}.delta.down{color:var(--unmet)}
.expl{margin:.3rem 0;font-size:.92rem}
.quotes,.decision{font-size:.85rem;margin:.3rem 0 0}
blockquote{margin:.15rem 0 .15rem .2rem;padding:.1rem .6rem;border-left:3px solid var(--line);color:#39424b}
.decision p{margin:.1rem 0 0 .2rem;color:#39424b}
table.parts{border-collapse:collapse;margin:.3rem 0;font-size:.85rem;width:100%;max-width:640px}
table.parts th,table.parts td{border-bottom:1px solid var(--line);padding:.15rem .5rem;text-align:left}
table.parts td.num{text-align:right;font-variant-numeric:tabular-nums}
table.parts tr{break-inside:avoid;page-break-inside:avoid}
.empty{padding:1rem;color:var(--muted)}
.only-prev li{margin:.2rem 0}
footer{margin-top:2rem;font-size:.8rem;color:var(--muted);border-top:1px solid var(--line);padding-top:.5rem}
@media (max-width:720px){.cards{grid-template-columns:repeat(2,1fr)}.figures{grid-template-columns:1fr}}
@page{size:A4;margin:14mm 12mm}
@media print{
html{font-size:10.5pt}body{max-width:none;padding:0}
.controls,.actions{display:none!important}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.card{break-inside:avoid}.summary{break-after:page}
.measure{overflow:visible;border-radius:0}
.target,.mhead,table.parts tr,blockquote{break-inside:avoid;page-break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""

JS = """
(function(){
"use strict";
var root=document.documentElement;
var state={status:"all",agency:"all"};
var targets=Array.prototype.slice.call(document.querySelectorAll("article.target"));
function has(list,x){return (list||"").split(/[ |]/).indexOf(x)>=0;}
function apply(){
  var shown=0,total=0;
  targets.forEach(function(t){
    var s=state.status==="all"||(state.status==="provisional"?has(t.dataset.flags,"provisional"):t.dataset.status===state.status);
    var a=state.agency==="all"||t.dataset.agencies.split("|").indexOf(state.agency)>=0;
    t.hidden=!(s&&a);
    if(!t.classList.contains("member")){total++; if(!t.hidden)shown++;}
  });
  document.querySelectorAll("section.measure").forEach(function(m){m.hidden=!m.querySelector("article.target:not([hidden])");});
  document.querySelectorAll("section.strategy").forEach(function(s){s.hidden=!s.querySelector("section.measure:not([hidden])");});
  document.querySelectorAll("[data-filter-status]").forEach(function(b){b.setAttribute("aria-pressed",String(b.dataset.filterStatus===state.status));});
  var zh=root.dataset.lang==="zh";
  document.getElementById("showing").textContent=(zh?"顯示 ":"Showing ")+shown+" / "+total+(zh?" 項目標":" targets");
  document.getElementById("empty").hidden=!!document.querySelector("article.target:not([hidden])");
}
document.querySelectorAll("[data-filter-status]").forEach(function(b){
  b.addEventListener("click",function(){
    var v=b.dataset.filterStatus; state.status=(state.status===v&&v!=="all")?"all":v; apply();
    if(b.classList.contains("card"))document.getElementById("controls").scrollIntoView({block:"start"});
  });
});
document.getElementById("agency-filter").addEventListener("change",function(e){state.agency=e.target.value;apply();});
document.getElementById("print-button").addEventListener("click",function(){window.print();});
var toggle=document.getElementById("lang-toggle");
function setLang(l){
  root.dataset.lang=l; root.lang=l==="zh"?"zh-Hant":"en";
  toggle.textContent=toggle.dataset[l];
  document.querySelectorAll(".switch").forEach(function(e){e.textContent=e.getAttribute("data-"+l);});
  var top=document.querySelector("header.top");
  document.title=l==="zh"?top.dataset.titleZh:top.dataset.titleEn;
  apply();
}
toggle.addEventListener("click",function(){setLang(root.dataset.lang==="zh"?"en":"zh");});
apply();
})();
"""
