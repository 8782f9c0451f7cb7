"""The plan file: one registry of agencies that every agency name in a rule set resolves through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.language.plan import Agency, AgencyRegistry, UnknownAgencyError, normalise_agency

ROOT = Path(__file__).resolve().parents[2]

PLAN = """
plan:
  title: {zh: 測試方案, en: Test plan}
  calendar: gregorian
  language: en
agencies:
  - {name: 法務部, en: Ministry of Justice, aliases: [法務部本部]}
  - {name: 法務部廉政署, en: Agency Against Corruption, aliases: [廉政署]}
  - {name: 內政部警政署, en: National Police Agency}
  - {name: 內政部移民署, en: National Immigration Agency}
  - {name: 各機關, en: All agencies, group: true}
"""

MEASURE = """
measure: 1
strategy: {{number: 1, title: 策略}}
title: 措施
agencies: [{agencies}]
metrics:
  n: {{label: 件數, unit: 件}}
years:
  2018:
    targets:
      - {{id: "1.1", label: x, kind: threshold, metric: n, at_least: 1}}
"""


def test_shipped_plan_names_every_agency_of_the_107_rules():
    rules = tr.load_rules(ROOT / "rules")
    assert rules.plan.title.zh == "國家廉政建設行動方案"
    assert rules.plan.calendar == "roc" and rules.plan.gregorian(107) == 2018
    assert rules.agencies.declared
    # load_rules raises on an unknown agency, so loading is the check; spot-check the hard spellings
    assert rules.agencies.resolve("法務部（廉政署）").name == "法務部廉政署"
    assert rules.agencies.resolve("金管會").name == "金融監督管理委員會"
    units = [a.name for a in rules.agencies.resolve_all("內政部（警政署、移民署）")]
    assert units == ["內政部警政署", "內政部移民署"]
    assert all(a.en for a in rules.agencies), "every agency has an English name"


def test_plan_is_read_and_names_resolve_whatever_the_bracket_width(write, tmp_path):
    write("plan.yaml", PLAN)
    write("m1.yaml", MEASURE.format(agencies="法務部 ( 廉政署 ), 各機關"))
    rules = tr.load_rules(tmp_path)
    assert rules.plan.title.get("en") == "Test plan"
    assert rules.plan.language == "en" and rules.plan.gregorian(2018) == 2018
    assert rules.agencies.resolve("法務部(廉政署)").label("en") == "Agency Against Corruption"
    assert rules.agencies.resolve("法務部本部").name == "法務部"
    assert rules.agencies.resolve("各機關").group


def test_unknown_agency_in_a_rule_file_is_an_error_with_a_suggestion(write, tmp_path):
    write("plan.yaml", PLAN)
    path = write("m1.yaml", MEASURE.format(agencies="法務部廉証署"))
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(tmp_path)
    [problem] = info.value.errors
    assert problem.code == "unknown_agency"
    assert problem.file == str(path) and problem.line == 4
    assert problem.hint == "did you mean '法務部廉政署'?"


def test_rules_without_a_plan_file_still_load_with_a_registry_of_the_names_they_use(write, tmp_path):
    write("m1.yaml", MEASURE.format(agencies="法務部, 監察院"))
    rules = tr.load_rules(tmp_path)
    assert rules.plan_file is None and not rules.agencies.declared
    assert [a.name for a in rules.agencies] == ["法務部", "監察院"]
    assert rules.plan.title.zh  # a neutral label, not any one plan's name
    assert "廉政" not in rules.plan.title.zh


def test_a_rule_file_given_alone_finds_the_plan_beside_it(write):
    write("plan.yaml", PLAN)
    path = write("m1.yaml", MEASURE.format(agencies="廉政署"))
    rules = tr.load_rules(path)
    assert rules.plan.title.zh == "測試方案"


def test_a_name_claimed_by_two_agencies_is_an_error_in_the_plan_file(write, tmp_path):
    write("plan.yaml", "agencies:\n  - {name: 甲部, aliases: [甲]}\n  - {name: 乙部, aliases: [甲]}\n")
    write("m1.yaml", MEASURE.format(agencies="甲部"))
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(tmp_path)
    assert "names both '甲部' and '乙部'" in str(info.value)
    assert all(p.file and p.file.endswith("plan.yaml") for p in info.value.errors)


def test_unknown_field_in_the_plan_file_gets_a_suggestion(write, tmp_path):
    write("plan.yaml", "plan: {titel: 方案}\nagencies: []\n")
    write("m1.yaml", MEASURE.format(agencies="甲部"))
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(tmp_path)
    [problem] = info.value.errors
    assert problem.line == 1 and "titel" in problem.message


def test_resolve_raises_with_a_problem_and_resolve_all_refuses_unknown_units():
    registry = AgencyRegistry([Agency(name="內政部警政署"), Agency(name="內政部")])
    with pytest.raises(UnknownAgencyError) as info:
        registry.resolve("內政部警證署")
    assert info.value.problem.hint == "did you mean '內政部警政署'?"
    with pytest.raises(UnknownAgencyError):
        registry.resolve_all("內政部（警政署、不存在署）")
    assert registry.find("內政部（警政署、移民署）") is None


def test_committed_plan_validates_against_its_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from target_rules.language.schema import schema
    from target_rules.language.source import read_document

    data = json.loads(json.dumps(read_document(ROOT / "rules" / "plan.yaml").data))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema("plan")).iter_errors(data)]
    assert not errors


@given(
    st.text(alphabet="法務部廉政署內政部監察院甲乙丙", min_size=1, max_size=6),
    st.text(alphabet="廉政署調查局", min_size=1, max_size=4),
    st.sampled_from([("(", ")"), ("（", "）"), (" (", ") "), ("（ ", " ）")]),
)
def test_bracket_width_and_spaces_never_change_which_agency_a_name_is(parent, unit, brackets):
    left, right = brackets
    assert normalise_agency(f"{parent}{left}{unit}{right}") == normalise_agency(f"{parent}({unit})")
    registry = AgencyRegistry([Agency(name=f"{parent}({unit})")])
    assert registry.find(f"{parent}{left}{unit}{right}") is not None


def test_a_name_is_labelled_as_the_registry_names_it_in_each_language():
    registry = tr.load_rules(ROOT / "rules").agencies
    # expected names: rules/plan.yaml's entries for 法務部廉政署, 內政部警政署 and 內政部移民署
    assert registry.label("法務部（廉政署）", "zh") == "法務部廉政署"
    assert registry.label("法務部 (廉政署)", "en") == "Agency Against Corruption, Ministry of Justice"
    assert registry.names("內政部（警政署、移民署）") == ["內政部警政署", "內政部移民署"]
    assert registry.label("內政部（警政署、移民署）", "zh") == "內政部警政署、內政部移民署"
    assert registry.label("內政部（警政署、移民署）", "en") == (
        "National Police Agency, Ministry of the Interior; National Immigration Agency, Ministry of the Interior"
    )
    # a name the registry does not know is shown as written, in both languages
    assert registry.names("丙局") == ["丙局"]
    assert registry.label("丙局", "en") == registry.label("丙局", "zh") == "丙局"
