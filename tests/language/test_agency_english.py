"""An agency is typed by its English name too: the name the English output shows, in any case or spacing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.cli import main
from target_rules.language.plan import Agency, AgencyRegistry, PlanFile, UnknownAgencyError

REGISTRY = AgencyRegistry(
    [
        Agency(name="法務部", en="Ministry of Justice", aliases=["法務部本部"]),
        Agency(name="法務部廉政署", en="Agency Against Corruption, Ministry of Justice", aliases=["廉政署"]),
        Agency(name="內政部", en="Ministry of the Interior"),
        Agency(name="各機關", en="All agencies", group=True),
    ]
)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Ministry of Justice", "法務部"),
        ("ministry of justice", "法務部"),
        ("MINISTRY  OF   JUSTICE", "法務部"),
        (" Ministry of the Interior ", "內政部"),
        ("agency against corruption, ministry of justice", "法務部廉政署"),
        ("all agencies", "各機關"),
    ],
)
def test_an_english_name_resolves_whatever_its_case_and_spacing(typed, canonical):
    assert REGISTRY.resolve(typed).name == canonical
    assert REGISTRY.canonical(typed) == canonical
    assert typed in REGISTRY


def test_aliases_and_canonical_names_still_resolve_as_before():
    assert REGISTRY.resolve("法務部本部").name == "法務部"
    assert REGISTRY.resolve("法務部(廉政署)").name == "法務部廉政署"


def test_a_misspelt_english_name_gets_a_did_you_mean_naming_the_english_name():
    with pytest.raises(UnknownAgencyError) as info:
        REGISTRY.resolve("Ministry of Justce")
    assert info.value.problem.hint == "did you mean 'Ministry of Justice'?"
    assert info.value.problem.code == "unknown_agency"


def test_the_hints_of_an_unknown_agency_speak_chinese_too():
    registry = AgencyRegistry([Agency(name="內政部警政署"), Agency(name="內政部")])
    unit = registry.unknown("內政部（消防署）")
    assert unit.message_in("zh").count("內政部") and "是不是" not in unit.message_in("zh")
    assert "不是「內政部」已登記的單位" in unit.describe("zh")
    assert "is not a registered unit of it" in unit.describe("en")
    other = AgencyRegistry([Agency(name="甲部門甲部門甲部門")]).unknown("Nothing like it at all")
    assert "plan.yaml" in other.describe("zh") and "已登記的機關" in other.describe("zh")


def test_an_english_name_shared_by_two_agencies_is_an_error_in_the_plan_file():
    with pytest.raises(ValueError, match="names both"):
        PlanFile.model_validate(
            {"agencies": [{"name": "甲部", "en": "Ministry A"}, {"name": "乙部", "en": "ministry a"}]}
        )
    with pytest.raises(ValueError, match="names both"):  # one agency's English is another's alias
        PlanFile.model_validate(
            {"agencies": [{"name": "甲部", "en": "MA"}, {"name": "乙部", "aliases": ["ma"]}]}
        )


def test_a_submission_may_name_its_agency_in_english(tmp_path, write):
    write(
        "rules/plan.yaml",
        """
        plan: {title: {zh: 測試方案, en: Test plan}, calendar: gregorian}
        agencies:
          - {name: 法務部, en: Ministry of Justice}
        """,
    )
    write(
        "rules/m1.yaml",
        """
        measure: 1
        strategy: {number: 1, title: 策略}
        title: 措施
        agencies: [法務部]
        metrics:
          n: {label: 件數, unit: 件}
        years:
          2018:
            targets:
              - {id: "1.1", label: x, kind: threshold, metric: n, at_least: 1}
        """,
    )
    write("sub.yaml", "year: 2018\nagency: ministry of justice\nmeasures:\n  1:\n    metrics:\n      n: 3\n")
    rules = tr.load_rules(tmp_path / "rules")
    collected = tr.consolidate(tmp_path / "sub.yaml", rules, 2018)
    assert [str(p) for p in collected.problems if p.severity == "error"] == []
    assert collected.submissions[0].agencies == ["法務部"]
    assert collected.report is not None and collected.report.measures[1].metrics["n"].value == 3


@given(st.lists(st.sampled_from([" ", "  ", "\u3000", ""]), min_size=3, max_size=3), st.booleans())
def test_spacing_and_case_never_change_which_agency_an_english_name_is(gaps, upper):
    name = f"Ministry{gaps[0] or ' '}of{gaps[1] or ' '}Justice{gaps[2]}"
    assert REGISTRY.resolve(name.upper() if upper else name.lower()).name == "法務部"


@pytest.mark.parametrize(
    "spelling",
    ["Agency Against Corruption, Ministry of Justice", "agency against corruption,ministry of justice"],
)
def test_template_agency_takes_the_english_name_the_english_output_shows(capsys, spelling):
    # rules/plan.yaml: 法務部廉政署, en: Agency Against Corruption, Ministry of Justice
    rules = str(Path(__file__).resolve().parents[2] / "rules")
    args = ["template", "--rules", rules, "--year", "107", "--lang", "en", "--agency"]
    assert main([*args, spelling]) == 0
    out = capsys.readouterr().out
    assert 'agency: "法務部廉政署"' in out
    assert main([*args, "Agency Against Corruption, Ministry of Justce"]) == 2
    assert "did you mean 'Agency Against Corruption, Ministry of Justice'?" in capsys.readouterr().err
