"""Render an Evaluation for people (text, Markdown, HTML) and machines (JSON, JUnit).

Heavy renderers are imported only when asked for, so the CLI starts quickly.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from target_rules.messages import use_units

if TYPE_CHECKING:
    from target_rules.engine.verdict import Evaluation

FORMATS = {
    "text": "target_rules.render.text",
    "json": "target_rules.render.json_",
    "markdown": "target_rules.render.markdown",
    "html": "target_rules.render.html",
}


def render(evaluation: Evaluation, fmt: str = "text", lang: str = "zh") -> str:
    """Render ``evaluation`` in one of FORMATS."""
    try:
        module = import_module(FORMATS[fmt])
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    plan = getattr(evaluation, "plan", None)
    with use_units(plan.units if plan is not None else {}):  # the plan's English unit names
        text: str = module.render(evaluation, lang=lang)
    return text
