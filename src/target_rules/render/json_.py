"""JSON: the evaluation's to_dict(), UTF-8, stable key order, numbers as the decimals they stand for.

Margins and rates come out of binary floating point (72.69 - 70 = 2.6899999999999977); every float
is written as its 15-significant-digit decimal (2.69), the precision a double actually holds.
"""

from __future__ import annotations

import json
from typing import Any

from target_rules.engine.verdict import Evaluation
from target_rules.quantities import decimal_float
from target_rules.safe_text import json_text

__all__ = ["clean", "render"]


def clean(data: Any) -> Any:
    """``data`` with every float replaced by its decimal value (see quantities.decimal_float)."""
    if isinstance(data, float):
        return decimal_float(data)
    if isinstance(data, dict):
        return {k: clean(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [clean(v) for v in data]
    return data


def render(evaluation: Evaluation, lang: str = "zh") -> str:
    return json_text(json.dumps(clean(evaluation.to_dict()), ensure_ascii=False, indent=2)) + "\n"
