"""tr.validate on YAML/JSON submissions: every check gives a placed, precise Problem."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.language.load import load_rules

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
RULES = FIXTURES / "rules"


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


GOOD = """
year: 107
measures:
  45:
    period: {start: 2018-01-01, end: 2018-12-31}
    metrics:
      wiretap_cases_received: {value: 929, unit: 件}
      wiretap_cases_approved: {value: 699, unit: 件}
      corruption_cases_via_wiretap: 14
"""


def codes(result):
    return [p.code for p in result.problems]


def only(result, code):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def test_clean_submission(write, rules):
    r = tr.validate(write("s.yaml", GOOD), rules)
    assert r.ok and not r.problems and r.report is not None
    assert r.report.measures[45].metrics["wiretap_cases_approved"].value == 699
    assert r.counts == {"errors": 0, "warnings": 0, "files": 1, "targets": 2}
    assert isinstance(r, tr.ValidationReport)
    assert r.to_dict()["ok"] is True


def test_rules_by_path_and_data_input(rules):
    import yaml

    r = tr.validate(yaml.safe_load(GOOD), str(RULES))
    assert r.ok and r.year == 107


def test_unknown_metric_did_you_mean(write, rules):
    p = write("s.yaml", GOOD.replace("wiretap_cases_approved:", "wiretap_cases_aproved:"))
    r = tr.validate(p, rules)
    u = only(r, "unknown_metric")
    assert (u.line, u.column) == (7, 7)
    assert u.hint == "did you mean 'wiretap_cases_approved'?"
    miss = only(r, "missing")  # and the real one is then missing
    assert "wiretap_cases_approved" in miss.message and "45.1" in miss.message
    assert not r.ok and r.report is None


def test_target_id_as_metric_and_unknown_measure(write, rules):
    text = GOOD + '      "45.2": 14\n  99:\n    metrics: {approval_rate: 5}\n'
    r = tr.validate(write("s.yaml", text), rules)
    assert "is a target, not a metric" in only(r, "unknown_metric").message
    um = only(r, "unknown_measure")
    assert um.hint == "did you mean 70? its metrics are the ones reported here"


def test_unknown_year(write, rules):
    r = tr.validate(write("s.yaml", GOOD.replace("year: 107", "year: 2018")), rules)
    p = only(r, "unknown_year")
    assert p.line == 1 and "did you mean 107" in (p.hint or "")


def test_year_mismatch(write, rules):
    r = tr.validate(write("s.yaml", GOOD), rules, year=108)
    assert "year_mismatch" in codes(r)


def test_duplicate_key_is_an_error(write, rules):
    text = GOOD + "      corruption_cases_via_wiretap: 15\n"
    r = tr.validate(write("s.yaml", text), rules)
    p = only(r, "duplicate_key")
    assert p.line == 9 and not r.ok


def test_json_duplicate_key(write, rules):
    text = '{"year": 107, "year": 107, "measures": {}}'
    r = tr.validate(write("s.json", text), rules)
    assert "duplicate_key" in codes(r) and not r.ok


@pytest.mark.parametrize(
    ("value", "code", "severity"),
    [
        ("-3", "negative", "error"),
        ("14.5", "not_integer", "error"),
        ('"１４"', "fullwidth", "warning"),
        (".nan", "value_error", "error"),
        (".inf", "value_error", "error"),
        ('"50%"', "unit_mismatch", "error"),
        ("七件", "value_error", "error"),
    ],
)
def test_count_values(write, rules, value, code, severity):
    r = tr.validate(write("s.yaml", GOOD.replace("wiretap: 14", f"wiretap: {value}")), rules)
    p = only(r, code)
    assert p.severity == severity and p.line == 8
    assert p.path == ("measures", 45, "metrics", "corruption_cases_via_wiretap")


M70 = """
year: 107
measures:
  70:
    metrics:
      approval_rate: {value: VALUE, unit: "%"}
      recovered: 1億2,000萬
      act: {milestone: submitted_ey, date: 2018-05-01}
      seminars: {by_agency: {法務部(廉政署): 6, 監察院: 4}}
"""


def test_percent_checks(write, rules):
    r = tr.validate(write("s.yaml", M70.replace("VALUE", "0.7")), rules)
    p = only(r, "percent_fraction")
    assert p.severity == "warning" and "its target is 70%" in p.message and r.ok
    assert "out_of_range" in codes(tr.validate(write("t.yaml", M70.replace("VALUE", "101")), rules))
    assert tr.validate(write("u.yaml", M70.replace("VALUE", '"93.92%"')), rules).problems == []
    strict = tr.validate(write("s.yaml", M70.replace("VALUE", "0.7")), rules, strict=True)
    assert not strict.ok and strict.errors[0].code == "percent_fraction"


def test_money_parsed(write, rules):
    r = tr.validate(write("s.yaml", M70.replace("VALUE", "80")), rules)
    assert r.ok and r.report.measures[70].metrics["recovered"].value == 120_000_000


def test_unit_mismatch_and_percent_alias(write, rules):
    r = tr.validate(write("s.yaml", GOOD.replace("{value: 929, unit: 件}", "{value: 929, unit: 人}")), rules)
    p = only(r, "unit_mismatch")
    assert p.expected == "'件'" and p.found == "'人'" and (p.line, p.column) == (6, 50)
    ok = tr.validate(write("t.yaml", M70.replace('VALUE, unit: "%"', "80, unit: 百分比")), rules)
    assert ok.ok


def test_milestones(write, rules):
    r = tr.validate(write("s.yaml", M70.replace("VALUE", "80").replace("submitted_ey", "submited")), rules)
    p = only(r, "unknown_milestone")
    assert p.hint == "did you mean 'submitted_ey'?"
    r2 = tr.validate(
        write("t.yaml", M70.replace("VALUE", "80").replace("{milestone: submitted_ey,", "{value: 3,")), rules
    )
    assert "is a deliverable" in only(r2, "unit_mismatch").message


def test_breakdown_parts(write, rules):
    text = M70.replace("VALUE", "80").replace("監察院: 4", "監察員: 4")
    r = tr.validate(write("s.yaml", text), rules)
    miss = only(r, "missing")
    assert "監察院" in miss.message and miss.hint == "did you mean '監察員'?"
    # an agency no rule names is an error (issue 10), with the nearest known name
    unknown = only(r, "unknown_agency")
    assert unknown.severity == "error" and unknown.hint == "did you mean '監察院'?"


def test_period_outside_and_partial(write, rules):
    outside = GOOD.replace("start: 2018-01-01", "start: 2019-01-01").replace(
        "end: 2018-12-31", "end: 2019-01-31"
    )
    out = tr.validate(write("s.yaml", outside), rules)
    p = only(out, "period_outside")
    assert (p.line, p.column) == (4, 13) and p.severity == "error"
    # a school year reaching into the previous year is reported, but is not wrong data
    over = tr.validate(write("o.yaml", GOOD.replace("start: 2018-01-01", "start: 2017-08-01")), rules)
    assert only(over, "period_overlaps").severity == "warning"
    part = tr.validate(write("t.yaml", GOOD.replace("end: 2018-12-31", "end: 2018-10-31")), rules)
    assert part.ok and only(part, "provisional").severity == "warning"


def test_requires_consistency(write, rules):
    r = tr.validate(write("s.yaml", GOOD.replace("value: 699", "value: 999")), rules)
    p = only(r, "inconsistent")
    assert "wiretap_cases_approved <= wiretap_cases_received does not hold" in p.message
    assert "wiretap_cases_approved = 999" in p.message and p.line == 7


def test_not_reported(write, rules):
    text = GOOD.replace(
        "corruption_cases_via_wiretap: 14", "corruption_cases_via_wiretap: {not_reported: 尚無統計}"
    )
    assert tr.validate(write("s.yaml", text), rules).ok
    blank = GOOD.replace(
        "corruption_cases_via_wiretap: 14", "corruption_cases_via_wiretap: {not_reported: ''}"
    )
    assert "missing_reason" in codes(tr.validate(write("t.yaml", blank), rules))


def test_completeness_by_agency(write, rules):
    # 監察院 owes measure 70's milestone and its seminars part; nothing of measure 45
    text = "year: 107\nmeasures:\n  70:\n    metrics:\n      act: {milestone: drafted}\n"
    r = tr.validate(write("s.yaml", text), rules, agency="監察院")
    missing = [p for p in r.problems if p.code == "missing"]
    assert len(missing) == 1 and "'seminars'" in missing[0].message and "監察院" in missing[0].message
    r2 = tr.validate(write("s.yaml", text), rules, agency="法務部(廉政署)")
    names = sorted(p.message.split("'")[1] for p in r2.problems if p.code == "missing")
    assert names == [
        "approval_rate",
        "corruption_cases_via_wiretap",
        "recovered",
        "seminars",
        "wiretap_cases_approved",
        "wiretap_cases_received",
    ]


def test_fail_on_unmet(write, rules):
    text = GOOD.replace("value: 699", "value: 600")  # 64.6% < 70%
    assert tr.validate(write("s.yaml", text), rules).ok
    r = tr.validate(write("s.yaml", text), rules, fail_on_unmet=True)
    p = only(r, "unmet")
    assert p.message.startswith("target 45.1 is not met") and p.line == 7


def test_cli_formats_and_exit_codes(write, capsys):
    good = write("good.yaml", GOOD)
    bad = write("bad.yaml", GOOD.replace("value: 699", "value: 999"))
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert main(["validate", str(good), "--rules", str(RULES)]) == 0
    assert "no problems" in capsys.readouterr().out
    assert main(["validate", str(bad), "--rules", str(RULES)]) == 1
    out = capsys.readouterr().out
    first = out.splitlines()[0]  # one clickable, greppable line: path:line:col: CODE message
    assert first.startswith(f"{bad}:7:") and ": inconsistent inconsistent figures for target 45.1" in first
    assert out.rstrip().endswith("FAILED: 1 error, 0 warnings in 1 file")
    assert main(["validate", str(bad), "--rules", str(RULES), "--format", "json"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["counts"]["errors"] == 1 and d["problems"][0]["code"] == "inconsistent"
    assert main(["validate", str(bad), "--rules", str(RULES), "--format", "github"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"::error file={bad},line=7,col=") and "inconsistent figures" in line
    assert main(["validate", str(bad), "--rules", str(RULES), "--format", "junit"]) == 1
    xml = capsys.readouterr().out
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["45.1 核駁率 70%"].find("failure") is not None
    assert cases["45.2 查獲貪瀆案件 7 件"].find("failure") is None
    assert root.get("failures") == "1"
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == digest  # never modified


def test_cli_usage_and_rule_errors(write, capsys):
    good = write("good.yaml", GOOD)
    assert main(["validate", str(good)]) == 2  # --rules missing
    broken = write("rules/m1.yaml", "measure: [\n")
    assert main(["validate", str(good), "--rules", str(broken)]) == 2
    assert main(["validate", str(good), "--rules", str(RULES), "--max-bytes", "0"]) == 2
    capsys.readouterr()
    assert main(["validate", str(good), "--rules", str(RULES), "--strict"]) == 0
    part = write("part.yaml", GOOD.replace("end: 2018-12-31", "end: 2018-10-31"))
    assert main(["validate", str(part), "--rules", str(RULES)]) == 0
    assert main(["validate", str(part), "--rules", str(RULES), "--strict"]) == 1
    assert main(["validate", str(part), "--rules", str(RULES), "--fail-on", "unmet"]) == 0


def test_cold_start_is_light():
    import subprocess
    import sys

    code = (
        "import sys, target_rules.cli as c; c.build_parser(); "
        "print(sorted(m for m in sys.modules if m in ('openpyxl','target_rules.submissions.validation','target_rules.submissions.tabular')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert out.stdout.strip() == "[]"


def test_real_data_fragment_loads(rules):
    # the library's own example data passes the same gate
    root = Path(__file__).parents[1]
    r = tr.validate(root / "data" / "107" / "m45.yaml", load_rules(root / "rules" / "m45.yaml"))
    assert r.ok, [str(p) for p in r.errors]
