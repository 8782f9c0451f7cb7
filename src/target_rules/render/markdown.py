"""Markdown: one table per strategy, for pasting into documents.

Every text that comes from a rule file or a report (titles, labels, explanations, notes) goes
through safe_text.markdown_text: raw HTML is escaped and Markdown syntax is shown, not obeyed.
"""

from __future__ import annotations

from target_rules.engine.verdict import Evaluation
from target_rules.messages import CATALOG, text_in
from target_rules.messages import render as say_in
from target_rules.render.common import (
    STATUS_WORD,
    actual_text,
    agency_in,
    flags_text,
    report_title,
    shown_rate,
    strategy_heading,
    summary_figures,
    target_id_text,
    target_text,
)
from target_rules.safe_text import markdown_text

HEAD = {lang: CATALOG["ui.report.markdown_head"][lang] for lang in ("zh", "en")}


def render(evaluation: Evaluation, lang: str = "zh") -> str:
    words = STATUS_WORD[lang]
    out = [f"# {markdown_text(report_title(evaluation, lang))}", ""]
    out.append(say_in("ui.report.summary_markdown", lang, summary_figures(evaluation)))
    current = None
    for mres in evaluation.measures:
        if mres.strategy != current:
            current = mres.strategy
            head = strategy_heading(mres, lang)
            out += ["", f"## {markdown_text(head)}", "", HEAD[lang], "|" + "---|" * 9]
        for v in mres.verdicts:
            rows = [v, *(v.parts if v.kind == "breakdown" else ())]
            for r in rows:
                out.append(
                    "| "
                    + " | ".join(
                        markdown_text(x)
                        for x in (
                            str(r.measure),
                            target_id_text(r, lang),
                            r.label[lang] if r is v else agency_in(r, lang) or r.label[lang],
                            words[str(r.status)],
                            actual_text(r, lang),
                            target_text(r, lang),
                            shown_rate(r) or "",
                            flags_text(r, lang),
                            r.explanation[lang],
                        )
                    )
                    + " |"
                )
    if evaluation.notes:
        out += ["", *[f"- {markdown_text(text_in(n, lang))}" for n in evaluation.notes]]
    return "\n".join(out) + "\n"
