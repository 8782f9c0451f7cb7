"""JSON Schema of the rule and report formats, generated from the pydantic models in model.py.

Editors use it to complete and check rule files as they are typed, e.g. VS Code's YAML extension with
a first line ``# yaml-language-server: $schema=../schema/rules.schema.json``. The schemas are
committed as ``schema/rules.schema.json``, ``schema/report.schema.json`` and ``schema/plan.schema.json``
(the plan file, ``plan.yaml``), each with an https ``$id`` (its raw URL in the project's repository, see
config.RAW_URL); regenerate them with
``target-rules schema rules -o schema/rules.schema.json`` (a test fails when they are stale).

The models accept a little more than their annotations say, and the schema says so too:

- numbers may be written as strings people use: ``"1億"``, ``"72.69%"``, ``"1,143"``;
- text fields (label, title ...) may be a plain zh-TW string instead of ``{zh, en}``;
- a reported value may be just the number (``procurement_audits: 287``), also per agency.

Fields the loader fills in (``line``, ``written``) are left out.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from target_rules.config import RAW_URL
from target_rules.language.model import Measure, Report
from target_rules.language.plan import PlanFile

__all__ = ["KINDS", "render", "schema", "schema_url"]

KINDS = ("rules", "report", "plan")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_TITLES = {
    "rules": "target_rules rule file: one measure (執行措施) and its yearly targets",
    "report": "target_rules report: reported values of one plan year",
    "plan": "target_rules plan file: the plan and its registry of agencies",
}
_INTERNAL = ("line", "written")
# A number as people write it (see quantities.parse_quantity): digits, commas, 萬/億/兆, %, 元, full width.
_NUMBER_TEXT = {
    "type": "string",
    "minLength": 1,
    "description": "a number as written: 280, '1億', '72.69%', '1,143'",
}
_INT_KEY = {"pattern": "^[0-9]+$"}


class _Generator(GenerateJsonSchema):
    def float_schema(self, schema: Any) -> dict[str, Any]:
        return {"anyOf": [super().float_schema(schema), dict(_NUMBER_TEXT)]}


def schema_url(kind: str) -> str:
    """The schema's stable ``$id``: where an editor can fetch it (the committed file in the project's
    repository, main branch); a rule file may name it instead of a relative path."""
    return f"{RAW_URL}/schema/{kind}.schema.json"


def schema(kind: str = "rules") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file, a report or the plan file (``plan.yaml``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema {kind!r}: use one of {', '.join(KINDS)}")
    models: dict[str, type[BaseModel]] = {"rules": Measure, "report": Report, "plan": PlanFile}
    model = models[kind]
    body = model.model_json_schema(schema_generator=_Generator)
    defs = body.get("$defs", {})
    for d in defs.values():
        for name in _INTERNAL:
            d.get("properties", {}).pop(name, None)
    if "Text" in defs:
        text = defs["Text"]
        defs["Text"] = {
            "title": "Text",
            "description": text.get("description", ""),
            "anyOf": [{"type": "string", "minLength": 1, "description": "zh-TW text"}, _without_meta(text)],
        }
    for name in ("ReportedValue", "AgencyValue"):
        if name in defs:
            d = defs[name]
            defs[name] = {
                "title": name,
                "description": d.get("description", "") or "a reported value",
                "anyOf": [{"type": "number"}, dict(_NUMBER_TEXT), _without_meta(d)],
            }
    for key in ("years", "measures"):
        if key in body.get("properties", {}):
            body["properties"][key]["propertyNames"] = dict(_INT_KEY)
    head = {
        "$schema": DIALECT,
        "$id": schema_url(kind),
        "title": _TITLES[kind],
    }
    body.pop("title", None)
    return {**head, **body}


def _without_meta(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("title", "description")}


def render(kind: str = "rules") -> str:
    """The schema as committed: two-space indented JSON, non-ASCII kept, a final newline."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
