"""Markdown output: user text cannot add HTML, links, images or table cells."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given

from target_rules.safe_text import markdown_text
from tests.security.budget import fuzz, hostile_text

HOSTILE = hostile_text(60)


def _unescaped(text: str, ch: str) -> int:
    """Occurrences of ``ch`` not preceded by an odd number of backslashes."""
    return sum(
        1
        for m in re.finditer(re.escape(ch), text)
        if (len(text[: m.start()]) - len(text[: m.start()].rstrip("\\"))) % 2 == 0
    )


@fuzz(scale=3)
@given(text=HOSTILE)
def test_user_text_in_a_markdown_cell_stays_one_inert_cell(text: str) -> None:
    cell = markdown_text(text)
    assert "\n" not in cell and "\r" not in cell
    assert "<" not in cell and ">" not in cell  # no raw HTML
    for ch in "|[]`*_":
        assert _unescaped(cell, ch) == 0, (ch, cell)


def test_rule_labels_with_html_are_escaped_in_the_markdown_report(tmp_path) -> None:
    import yaml

    import target_rules as tr
    from target_rules.render import markdown

    root = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "report"
    source = sorted((root / "rules").iterdir())[0]
    rule = yaml.safe_load(source.read_text(encoding="utf-8"))
    for t in rule["years"][107]["targets"]:
        t["label"] = {"zh": "<script>alert(1)</script> | [x](javascript:y)", "en": "<b>bold</b>"}
    (tmp_path / source.name).write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    ev = tr.evaluate(tr.load_rules(tmp_path), tr.load_report(root / "data" / "107"), year=107)
    for lang in ("zh", "en"):
        out = markdown.render(ev, lang=lang)
        assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](javascript:y)" in markdown.render(ev, lang="zh")
