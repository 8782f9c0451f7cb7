"""Properties of consolidation: the order of inputs does not matter, sums are exact, nothing is lost."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.submissions.collect import consolidate, to_yaml

RULES = tr.load_rules(Path(__file__).resolve().parents[1] / "fixtures" / "collect" / "rules")
AGENCIES = ["甲部乙署", "丙部", "丁院", "甲部"]

# money with cents: the values where float addition drifts (0.1 + 0.2)
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
figures = st.lists(
    st.tuples(st.sampled_from(AGENCIES), money, st.integers(0, 10_000)),
    min_size=1,
    max_size=4,
    unique_by=lambda x: x[0],
)


def _submissions(rows: list[tuple[str, Decimal, int]]) -> list[dict]:
    return [
        {"year": 107, "agency": a, "measures": {1: {"metrics": {"budget": str(money), "sessions": sessions}}}}
        for a, money, sessions in rows
    ]


@settings(max_examples=60, deadline=None)
@given(figures, st.randoms(use_true_random=False))
def test_the_order_of_inputs_does_not_change_the_report(rows, rnd):
    subs = _submissions(rows)
    shuffled = list(subs)
    rnd.shuffle(shuffled)
    a, b = consolidate(subs, RULES, 107), consolidate(shuffled, RULES, 107)
    assert to_yaml(a.data()) == to_yaml(b.data())
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


@settings(max_examples=60, deadline=None)
@given(figures)
def test_sums_are_exact_and_no_reported_value_is_lost(rows):
    c = consolidate(_submissions(rows), RULES, 107)
    assert c.ok, [str(p) for p in c.errors]
    metrics = c.report.measures[1].metrics
    budget, sessions = metrics["budget"], metrics["sessions"]
    assert budget.value == float(sum((m for _, m, _ in rows), Decimal(0)))
    assert sessions.value == sum(s for _, _, s in rows)
    if len(rows) == 1:  # one agency: its own figure, said to be its own
        assert budget.agency == rows[0][0] and Decimal(str(budget.value)) == rows[0][1]
    else:  # every agency's figure is a part, unchanged
        got = {k: Decimal(str(v.value)) for k, v in budget.by_agency.items()}
        assert got == {a: Decimal(str(float(m))) for a, m, _ in rows}
        assert {k: v.value for k, v in sessions.by_agency.items()} == {a: s for a, _, s in rows}


@settings(max_examples=30, deadline=None)
@given(figures, st.sampled_from(AGENCIES))
def test_a_second_figure_from_one_agency_is_never_silently_added(rows, twice):
    subs = _submissions(rows) + _submissions([(twice, Decimal("1.00"), 1)])
    c = consolidate(subs, RULES, 107)
    if twice in {a for a, _, _ in rows}:
        assert {p.code for p in c.errors} == {"conflict"}
        assert (
            "budget" not in c.report.measures.get(1, tr.Report(year=107).measures.get(1) or _empty()).metrics
        )
    else:
        assert c.ok


def _empty():
    from target_rules.language.model import MeasureReport

    return MeasureReport()
