"""A readable table: one line per target, grouped by strategy, with a closing summary."""

from __future__ import annotations

from target_rules.engine.verdict import Evaluation
from target_rules.messages import text_in
from target_rules.render.common import (
    STATUS_WORD,
    actual_text,
    agency_in,
    clip,
    flags_text,
    pad,
    rate_text,
    strategy_heading,
    target_text,
)

HEAD = {
    "zh": ("措施", "目標", "項目", "判定", "實際", "目標值", "達成率", "註記"),
    "en": ("measure", "target", "item", "status", "actual", "target", "rate", "flags"),
}
COLS = (7, 8, 30, 8, 18, 18, 8, 10)


def render(evaluation: Evaluation, lang: str = "zh") -> str:
    words = STATUS_WORD[lang]
    lines: list[str] = []
    title = (
        f"國家廉政建設行動方案 {evaluation.year} 年績效目標判定"
        if lang == "zh"
        else f"Performance targets, year {evaluation.year} (ROC)"
    )
    lines += [title, "=" * 60, ""]

    def row(cells: tuple[str, ...]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, COLS, strict=True)):
            right = i in (4, 5, 6)
            out.append(pad(clip(c, w), w, right=right))
        return "  ".join(out).rstrip()

    current = None
    for mres in evaluation.measures:
        if mres.strategy != current:
            current = mres.strategy
            head = strategy_heading(mres, lang)
            lines += ["", head, row(HEAD[lang]), "-" * 128]
        for v in mres.verdicts:
            tid = v.target_id if v.part_of is None else f" └{v.target_id}"
            lines.append(
                row(
                    (
                        str(v.measure),
                        tid,
                        v.label[lang],
                        words[str(v.status)],
                        actual_text(v, lang),
                        target_text(v, lang),
                        rate_text(v.achievement_rate) if v.achievement_rate is not None else "",
                        flags_text(v, lang),
                    )
                )
            )
            for p in v.parts if v.kind == "breakdown" else ():
                lines.append(
                    row(
                        (
                            "",
                            "   ·",
                            agency_in(p, lang),
                            words[str(p.status)],
                            actual_text(p, lang),
                            target_text(p, lang),
                            rate_text(p.achievement_rate) if p.achievement_rate is not None else "",
                            flags_text(p, lang),
                        )
                    )
                )
    s = evaluation.summary
    st = s["by_status"]
    ms = s["measures_by_status"]
    lines.append("")
    if lang == "zh":
        lines.append(
            f"共 {s['measures']} 項措施、{s['targets']} 項目標：達成 {st['met']}、未達成 {st['unmet']}、"
            f"不適用 {st['not_applicable']}、缺資料 {st['missing']}（其中暫定 {s['provisional']}）"
        )
        lines.append(
            f"措施：全部達成 {ms['met']}、部分達成 {ms['partially_met']}、未達成 {ms['unmet']}、"
            f"不適用 {ms['not_applicable']}、缺資料 {ms['missing']}"
        )
    else:
        lines.append(
            f"{s['measures']} measures, {s['targets']} targets: met {st['met']}, unmet {st['unmet']}, "
            f"not applicable {st['not_applicable']}, missing {st['missing']} (provisional {s['provisional']})"
        )
        lines.append(
            f"measures: met {ms['met']}, partially met {ms['partially_met']}, unmet {ms['unmet']}, "
            f"not applicable {ms['not_applicable']}, missing {ms['missing']}"
        )
    for note in evaluation.notes:
        lines.append(("附註：" if lang == "zh" else "note: ") + str(text_in(note, lang)))
    return "\n".join(lines) + "\n"
