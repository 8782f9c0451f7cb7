"""JSON Schema for editors: generated from the models, committed, and up to date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from target_rules.cli import main
from target_rules.language.schema import render, schema

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("kind", ["rules", "report", "plan"])
def test_committed_schema_is_up_to_date(kind):
    path = ROOT / "schema" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == render(kind), (
        f"{path} is stale: run  target-rules schema {kind} -o schema/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", ["rules", "report", "plan"])
def test_header(kind):
    s = schema(kind)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # an https URL an editor can fetch: the committed file in the project's repository
    assert s["$id"].startswith("https://") and s["$id"].endswith(f"/schema/{kind}.schema.json")
    assert s["title"]
    assert list(s)[:3] == ["$schema", "$id", "title"]


def test_rules_schema_accepts_what_the_loader_accepts():
    s = schema("rules")
    defs = s["$defs"]
    # plain-string text
    assert {"type": "string", "minLength": 1, "description": "zh-TW text"} in defs["Text"]["anyOf"]
    # numbers written as text ("70%", "1億")
    at_least = defs["ThresholdTarget"]["properties"]["at_least"]
    assert any(alt.get("type") == "string" for opt in at_least["anyOf"] for alt in opt.get("anyOf", [opt])), (
        at_least
    )
    # every kind is there, loader-filled fields are not
    kinds = {d["properties"]["kind"]["const"] for d in defs.values() if "kind" in d.get("properties", {})}
    assert kinds == {
        "threshold",
        "ratio",
        "growth",
        "completion",
        "frequency",
        "composite",
        "breakdown",
        "none",
    }
    assert all("line" not in d.get("properties", {}) for d in defs.values())
    assert s["properties"]["years"]["propertyNames"] == {"pattern": "^[0-9]+$"}
    assert s["additionalProperties"] is False


def test_report_schema_accepts_shorthand_values():
    defs = schema("report")["$defs"]
    types = [alt.get("type") for alt in defs["ReportedValue"]["anyOf"]]
    assert types[:2] == ["number", "string"]
    assert "value" in defs["ReportedValue"]["anyOf"][2]["properties"]
    assert "written" not in defs["ReportedValue"]["anyOf"][2]["properties"]


def test_cli_prints_and_writes(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema("rules")
    out = tmp_path / "r.json"
    assert main(["schema", "report", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render("report")
    assert main(["schema", "nonsense"]) == 2


def test_real_rules_validate_against_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import target_rules as tr
    from target_rules.language.source import read_document

    files = tr.language.load.rule_files(ROOT / "rules") if (ROOT / "rules").is_dir() else []
    if not files:
        pytest.skip("rules/ is empty")
    validator = jsonschema.Draft202012Validator(schema("rules"))
    for f in files:
        data = json.loads(json.dumps(read_document(f).data, default=str))
        data["years"] = {str(k): v for k, v in data.get("years", {}).items()}
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, f"{f}: {errors[:3]}"


MODELINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("rules", "rules"),
        ("data/107", "report"),
        ("examples/city-cycling-plan/rules", "rules"),
        ("examples/city-cycling-plan/data/113", "report"),
        ("examples/city-cycling-plan/data/114", "report"),
        ("examples/city-cycling-plan/submissions", "report"),
    ],
)
def test_every_shipped_file_names_its_committed_schema_on_line_one(folder, kind):
    """VS Code's YAML extension reads line 1; the relative path must reach the committed schema."""
    files = sorted((ROOT / folder).glob("*.yaml"))
    assert files
    for f in files:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE), f"{f}: line 1 is {first!r}"
        target = (f.parent / first.removeprefix(MODELINE)).resolve()
        expected = "plan" if f.name == "plan.yaml" else kind  # the plan file has its own schema
        assert target == (ROOT / "schema" / f"{expected}.schema.json").resolve(), f"{f}: {first}"


def test_shipped_reports_validate_against_the_report_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from target_rules.language.source import read_document

    validator = jsonschema.Draft202012Validator(schema("report"))
    for f in sorted((ROOT / "data" / "107").glob("*.yaml")):
        data = json.loads(json.dumps(read_document(f).data, default=str))
        data["measures"] = {str(k): v for k, v in data.get("measures", {}).items()}
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, f"{f}: {errors[:3]}"
