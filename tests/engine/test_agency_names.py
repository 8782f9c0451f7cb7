"""evaluate names every agency through the plan's registry: verdicts, breakdown parts, reporting
agencies of a combined figure; the Evaluation carries the registry for the renderers."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def evaluation_107() -> tr.Evaluation:
    rules = tr.load_rules(ROOT / "rules")
    return tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"), year=107)


def test_breakdown_parts_are_named_by_the_registry(evaluation_107):
    # rules/m26.yaml splits 26.1 as {退輔會, 經濟部, 交通部, 金管會}; rules/plan.yaml names 退輔會
    # 國軍退除役官兵輔導委員會 (Veterans Affairs Council) and 金管會 金融監督管理委員會
    v = evaluation_107.verdict("26.1")
    parts = {p.agency: p for p in v.parts}
    assert parts["退輔會"].agency_label == {
        "zh": "國軍退除役官兵輔導委員會",
        "en": "Veterans Affairs Council",
    }
    assert parts["金管會"].agency_label == {
        "zh": "金融監督管理委員會",
        "en": "Financial Supervisory Commission",
    }
    # a part's label names its agency the same way, in each language
    assert parts["退輔會"].label["en"].endswith("(Veterans Affairs Council)")
    assert parts["退輔會"].label["zh"].endswith("（國軍退除役官兵輔導委員會）")
    assert "Veterans Affairs Council" in v.explanation["en"]
    assert "國軍退除役官兵輔導委員會" in v.explanation["zh"] and "退輔會 " not in v.explanation["zh"]


def test_the_evaluation_carries_the_rule_sets_registry(evaluation_107):
    assert evaluation_107.agency_label("廉政署", "en") == "Agency Against Corruption, Ministry of Justice"
    assert evaluation_107.agency_label("法務部(廉政署)", "zh") == "法務部廉政署"
    data = evaluation_107.to_dict()
    m1 = next(m for m in data["measures"] if m["measure"] == 1)
    # rules/m01.yaml lists [各機關, 法務部(廉政署)]; JSON keeps them as written and adds the labels
    assert m1["agencies"] == ["各機關", "法務部(廉政署)"]
    assert m1["agency_labels"] == [
        {"zh": "各機關", "en": "All agencies"},
        {"zh": "法務部廉政署", "en": "Agency Against Corruption, Ministry of Justice"},
    ]


def test_without_a_plan_file_an_agency_keeps_its_own_spelling():
    fixture = ROOT / "tests" / "fixtures" / "report"
    rules = tr.load_rules(fixture / "rules")
    assert not rules.agencies.declared
    evaluation = tr.evaluate(rules, tr.load_report(fixture / "data" / "107"), year=107)
    parts = [p for v in evaluation.verdicts for p in v.parts if p.agency]
    assert parts, "the fixture has a breakdown"
    for p in parts:
        assert p.agency_label == {"zh": p.agency, "en": p.agency}
    assert evaluation.agency_label("法務部(廉政署)", "en") == "法務部(廉政署)"
