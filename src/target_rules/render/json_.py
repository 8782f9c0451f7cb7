"""JSON: the evaluation's to_dict(), UTF-8, stable key order."""

from __future__ import annotations

import json

from target_rules.engine.verdict import Evaluation
from target_rules.safe_text import json_text


def render(evaluation: Evaluation, lang: str = "zh") -> str:
    return json_text(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2)) + "\n"
