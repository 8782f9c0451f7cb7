"""Properties of the engine that must hold for any reported values."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.language.model import Report

from .test_kinds import RULE

settings.register_profile(
    "engine", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

counts = st.integers(min_value=0, max_value=10**7)
percents = st.floats(min_value=0, max_value=100, allow_nan=False)
milestones = st.sampled_from(["drafted", "submitted_ey", "passed_ly"])
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731


@st.composite
def metric_values(draw):
    values = {
        "audits": draw(maybe(counts)),
        "rate": draw(maybe(percents)),
        "reviewed": draw(maybe(counts)),
        "indicted": draw(maybe(counts)),
        "money": draw(maybe(st.integers(0, 10**10))),
        "bill": draw(maybe(st.builds(lambda m: {"milestone": m}, milestones))),
        "meetings": draw(
            maybe(
                st.one_of(
                    counts,
                    st.builds(lambda a, b: {"by_agency": {"退輔會": a, "經濟部": b}}, counts, counts),
                )
            )
        ),
    }
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    p = tmp_path_factory.mktemp("rules") / "m09.yaml"
    p.write_text(RULE, encoding="utf-8")
    return tr.load_rules(p)


def run(rules, values):
    report = Report.model_validate({"year": 107, "measures": {9: {"metrics": values}}})
    return {v.target_id: v for v in tr.evaluate(rules, report).verdicts}


@settings(settings.get_profile("engine"))
@given(values=metric_values())
def test_every_target_gets_a_verdict_never_an_exception(rules, values):
    verdicts = run(rules, values)
    expected = {t.id for t in rules[9].measure.years[107].targets}
    assert set(verdicts) == expected
    for v in verdicts.values():
        assert v.status in set(tr.Status)
        assert v.explanation["zh"] and v.explanation["en"]


@settings(settings.get_profile("engine"))
@given(values=metric_values())
def test_evaluation_is_deterministic(rules, values):
    a = tr.evaluate(
        rules, Report.model_validate({"year": 107, "measures": {9: {"metrics": values}}})
    ).to_dict()
    b = tr.evaluate(
        rules, Report.model_validate({"year": 107, "measures": {9: {"metrics": values}}})
    ).to_dict()
    assert a == b


@settings(settings.get_profile("engine"))
@given(low=counts, extra=counts, rate=percents, bump=st.floats(0, 50, allow_nan=False))
def test_raising_a_value_never_turns_met_into_unmet_for_at_least(rules, low, extra, rate, bump):
    before = run(rules, {"audits": low, "rate": rate, "money": low})
    after = run(rules, {"audits": low + extra, "rate": min(100.0, rate + bump), "money": low + extra})
    for tid in ("t.audits", "t.rate", "t.money", "t.growth"):
        if before[tid].status == "met":
            assert after[tid].status == "met", tid


@settings(settings.get_profile("engine"))
@given(n=st.integers(0, 500))
def test_at_least_is_exactly_actual_ge_target(rules, n):
    assert (run(rules, {"audits": n})["t.audits"].status == "met") == (n >= 280)
