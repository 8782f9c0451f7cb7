"""Property checks for rule authors (target_rules.testing), applied to the real rules in rules/.

This file doubles as the example of how an author tests a new rule in a few lines:

    rules = load_rules("rules/m45.yaml")
    check_boundary_exact(rules, 45, 108)
    check_monotonic(rules, 45, 108)

The second half shows the checks catching engine bugs (planted with monkeypatch), so a pass means
something.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

import target_rules as tr
import target_rules.language.load
from target_rules.engine import explain as explain_module
from target_rules.engine import judging
from target_rules.engine.verdict import Status
from target_rules.testing import (
    boundary_values,
    check_boundary_exact,
    check_explanations_mention_values,
    check_monotonic,
    check_never_raises,
    reports,
)

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
M45 = ROOT / "tests" / "fixtures" / "rules_toolkit" / "good" / "m45.yaml"
EXAMPLES = 8  # per check and measure-year: the real rules have ~50 of them, keep the run short


def _real():
    if not RULES.is_dir() or not tr.language.load.rule_files(RULES):
        return None
    return tr.load_rules(RULES)


REAL = _real()
CASES = [(cm.measure.measure, y) for cm in REAL for y in sorted(cm.measure.years)] if REAL else []


@pytest.mark.skipif(not CASES, reason="rules/ is empty")
@pytest.mark.parametrize(("measure", "year"), CASES, ids=[f"m{m:02d}-{y}" for m, y in CASES])
def test_real_rules(measure, year):
    check_boundary_exact(REAL, measure, year)
    check_monotonic(REAL, measure, year, max_examples=EXAMPLES)
    check_explanations_mention_values(REAL, measure, year, max_examples=EXAMPLES)
    check_never_raises(REAL, measure, year, max_examples=EXAMPLES)


# --- a new rule, the way an author would test it ------------------------------------------------


@pytest.fixture(scope="module")
def m45():
    return tr.load_rules(M45)


def test_new_rule(m45):
    assert check_boundary_exact(m45, 45, 108) == ["45.1", "45.2"]
    check_monotonic(m45, 45, 108)
    check_explanations_mention_values(m45, 45, 108)
    check_never_raises(m45, 45, 108)


def test_boundary_values_straddle_the_target(m45):
    assert {9, 8, 10} <= set(boundary_values(m45[45], 108, "corruption_cases"))


def test_reports_strategy_gives_valid_reports_hitting_every_status(m45):
    seen: set[Status] = set()

    @settings(max_examples=150, deadline=None, database=None)
    @given(report=reports(m45, 108))
    def run(report):
        assert report.year == 108
        for v in tr.evaluate(m45, report).verdicts:
            seen.add(v.status)

    run()
    assert {Status.MET, Status.UNMET, Status.MISSING} <= seen


# --- the checks catch planted bugs ----------------------------------------------------------------


def test_boundary_check_catches_an_off_by_one(m45, monkeypatch):
    real = judging.judge

    def strict(bounds, actual, with_rate=True):  # ">" where ">=" is meant
        j = real(bounds, actual, with_rate)
        return judging.Judgement(j.met and j.judged != bounds.low, j.judged, j.margin, j.achievement_rate)

    monkeypatch.setattr(judging, "judge", strict)
    with pytest.raises(AssertionError, match=r"m45::108::45.2: 9 should be met, got unmet"):
        check_boundary_exact(m45, 45, 108)


def test_monotonic_check_catches_a_cap(m45, monkeypatch):
    real = judging.judge

    def capped(bounds, actual, with_rate=True):  # "too good to be true" turned into unmet
        j = real(bounds, actual, with_rate)
        return judging.Judgement(
            j.met and j.judged < 3 * (bounds.low or 1), j.judged, j.margin, j.achievement_rate
        )

    monkeypatch.setattr(judging, "judge", capped)
    with pytest.raises(AssertionError, match="is met but the larger"):
        check_monotonic(m45, 45, 108, max_examples=200)


def test_explanation_check_catches_a_missing_value(m45, monkeypatch):
    monkeypatch.setattr(explain_module, "fmt_value", lambda value, unit, decimals=None: "?")
    with pytest.raises(AssertionError, match="does not mention"):
        check_explanations_mention_values(m45, 45, 108, max_examples=50)


def test_never_raises_catches_a_crash(m45, monkeypatch):
    real = judging.judge

    def crash(bounds, actual, with_rate=True):
        if actual == 0:
            raise ZeroDivisionError("planted")
        return real(bounds, actual, with_rate)

    monkeypatch.setattr(judging, "judge", crash)
    with pytest.raises(ZeroDivisionError, match="planted"):
        check_never_raises(m45, 45, 108, max_examples=200)
