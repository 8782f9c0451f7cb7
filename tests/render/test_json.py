"""JSON carries the judged figures as the decimals they stand for, never binary float residue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import target_rules as tr
from target_rules.render import render

ROOT = Path(__file__).resolve().parents[2]


def test_the_107_json_has_no_float_noise():
    ev = tr.evaluate(tr.load_rules(ROOT / "rules"), tr.load_report(ROOT / "data" / "107"))
    text = render(ev, "json")
    assert not re.search(r"\d\.\d{10,}", text)
    by_id = {v["target"]: v for v in json.loads(text)["verdicts"]}
    # 1.1: 72.69% against 70%: the margin is exactly 2.69 points (float arithmetic gives 2.6899999999999977)
    assert by_id["1.1"]["margin"] == 2.69 and by_id["1.1"]["actual"] == 72.69
    assert ev.to_dict()["verdicts"][0]["margin"] == 2.69  # the Python API says the same
