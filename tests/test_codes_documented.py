"""Problem codes are an interface (scripts, ignore lists, SARIF rules): every code the source writes
literally is a member of messages.Code and listed in docs/codes.md (the one list; docs/tooling.md
links to it)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_literal_code_in_the_source_is_documented():
    used: set[str] = set()
    for f in (ROOT / "src" / "target_rules").rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bcode="([a-z_]+)"', text))
        used |= set(re.findall(r'^[A-Z_]*CODE = "([a-z_]+)"', text, re.M))
    doc = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    undocumented = sorted(c for c in used if f"`{c}`" not in doc)
    assert len(used) > 30
    assert not undocumented, f"add these codes to messages.Code and regenerate docs/codes.md: {undocumented}"
