"""Explanations and the HTML report show the parts of a combined figure, and every agency that reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.render import html

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def evaluation():
    rules = tr.load_rules(ROOT / "rules")
    return tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"), 107)


def _verdict(evaluation, tid):
    return next(v for v in evaluation.verdicts if v.target_id == tid)


def test_explanation_shows_the_parts_of_a_summed_figure(evaluation):
    # the report: 法務部及監察院 107 年辦理宣導合計 948 場 (法務部廉政署 819 場次; 監察院 53 + 76)
    v = _verdict(evaluation, "5.1")
    # the data writes 法務部(廉政署); the explanation names it as rules/plan.yaml does (法務部廉政署)
    assert "948 場次 = 法務部廉政署 819 + 監察院 129" in v.explanation["zh"]
    # in English, units and agencies as the plan's registry names them (issue 13: --lang en is English)
    assert (
        "948 sessions = Agency Against Corruption, Ministry of Justice 819 + Control Yuan 129"
        in v.explanation["en"]
    )


def test_a_single_figure_has_no_parts_to_show(evaluation):
    assert "=" not in _verdict(evaluation, "5.3a").explanation["zh"]


def test_measure_46_table_lists_every_agency_that_reported(evaluation):
    # 46.1 holds only 調查局 to a share (8 人); 警政署's 41 人 count in the total and must be visible
    page = html.render(evaluation)
    card = page[page.index('id="t-46-46.1"') :]
    card = card[: card.index("</article>")]
    assert "法務部調查局" in card and "內政部警政署" in card and "41 人" in card
    assert "45 人 = 法務部調查局 4 + 內政部警政署 41" in card
