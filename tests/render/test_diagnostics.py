"""Diagnostics for other tools: one-line text, SARIF 2.1.0 (checked against the official schema), GitHub
annotations and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target_rules.cli import main
from target_rules.errors import Problem
from target_rules.render import diagnostics

ROOT = Path(__file__).resolve().parents[2]
# The OASIS SARIF 2.1.0 schema (errata 01), shipped so the test needs no network.
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

PROBLEMS = [
    Problem("unknown kind 'treshold'", file="rules/m45.yaml", line=54, column=15, code="union_tag_invalid",
            path=("years", 107, "targets", 1, "kind"), hint="did you mean 'threshold'?"),
    Problem("metric 'x' is declared but no target uses it", file="rules/m45.yaml", line=20, column=3,
            code="unused_metric", severity="warning"),
    Problem("not a number", file="送出/m45 表.xlsx", line=7, column=2, code="value_error", sheet="submission",
            cell="B7"),
    Problem("no rule files found", code="io"),
    Problem("outside the project", file="/nonexistent/elsewhere/m01.yaml", line=1, column=1, code="syntax"),
]  # fmt: skip


def test_a_problem_is_one_clickable_greppable_line():
    assert str(PROBLEMS[0]) == (
        "rules/m45.yaml:54:15: union_tag_invalid unknown kind 'treshold' (at years[107].targets[1].kind); "
        "did you mean 'threshold'?"
    )
    assert str(PROBLEMS[1]).startswith("rules/m45.yaml:20:3: unused_metric warning: metric 'x'")
    assert str(PROBLEMS[2]).startswith("送出/m45 表.xlsx:submission!B7: value_error not a number")
    whole_row = Problem(
        "duplicate row", file="s.xlsx", line=4, code="duplicate_row", sheet="data", cell="row 4"
    )
    assert whole_row.location == "s.xlsx:data!4:4"


@given(st.text(), st.text(min_size=1, alphabet=st.characters(whitelist_categories=("Ll", "Nd", "Pc"))))
def test_whatever_the_message_the_diagnostic_stays_on_one_line(message, code):
    p = Problem(message, file="rules/m01.yaml", line=3, column=1, code=code, hint="a\nb")
    text = str(p)
    assert "\n" not in text and "\r" not in text
    assert text.startswith(f"rules/m01.yaml:3:1: {code} ")


def test_sarif_log_is_valid_sarif_2_1_0(tmp_path, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(tmp_path)
    log = json.loads(diagnostics.sarif(PROBLEMS, version="0.1.0"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert log["version"] == "2.1.0"


def test_sarif_results_point_at_file_line_and_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = json.loads(diagnostics.sarif(PROBLEMS))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    first, warning, sheet, nowhere, outside = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "union_tag_invalid"
    assert first["level"] == "error" and warning["level"] == "warning"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "rules/m45.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 54, "startColumn": 15}
    assert first["message"]["text"].startswith("unknown kind 'treshold'")
    # a spreadsheet: the file, percent-encoded, and the cell as a logical location, no text region
    assert sheet["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E9%80%81%E5%87%BA/m45%20%E8%A1%A8.xlsx"
    )
    assert "region" not in sheet["locations"][0]["physicalLocation"]
    assert sheet["locations"][0]["logicalLocations"][0]["name"] == "submission!B7"
    assert "locations" not in nowhere
    assert outside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")


def test_lint_writes_sarif_for_code_scanning(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    text = (ROOT / "rules" / "m45.yaml").read_text(encoding="utf-8")
    (tmp_path / "rules" / "m45.yaml").write_text(text.replace("kind: threshold", "kind: treshold", 1))
    assert main(["lint", "--format", "sarif", "-o", "lint.sarif"]) == 1
    run = json.loads((tmp_path / "lint.sarif").read_text(encoding="utf-8"))["runs"][0]
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert errors and all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rules/m45.yaml" for r in errors
    )
    assert capsys.readouterr().err.startswith(f"{len(errors)} errors, ")  # the summary, on stderr


def test_github_annotations_escape_what_would_end_the_command():
    p = Problem("50% done\nnext line", file="a,b:c.yaml", line=2, column=1, code="x")
    line = diagnostics.github([p], summary="").splitlines()[0]
    assert line == "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=target-rules x::50%25 done%0Anext line"


def test_junit_is_well_formed_and_counts_failing_cases():
    xml = diagnostics.junit_by_file(
        [*PROBLEMS[:2], PROBLEMS[3]], ["rules/m45.yaml", "rules/m46.yaml"], "lint"
    )
    root = ET.fromstring(xml)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"
    names = [c.get("name") for c in suite.iter("testcase")]
    assert names == ["rules/m45.yaml", "rules/m46.yaml", "<input>"]
