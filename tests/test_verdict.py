"""A measure's status from its targets' verdicts (verdict.measure_status)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target_rules.engine.verdict import MeasureStatus, Status, Verdict, measure_status

MET, UNMET, NA, MISSING = Status.MET, Status.UNMET, Status.NOT_APPLICABLE, Status.MISSING


def verdict(status: Status, part_of: str | None = None) -> Verdict:
    return Verdict(
        measure=1, year=107, target_id="t", kind="threshold", status=status, label={}, part_of=part_of
    )


def by_definition(verdicts: list[Verdict]) -> MeasureStatus:
    """The rule as docs/rule-language.md states it: only top-level targets count, 無 targets do not;
    nothing left is not applicable; all met is met; all missing is missing; some met is partially met;
    otherwise unmet."""
    counted = [v.status for v in verdicts if v.part_of is None and v.status is not NA]
    if not counted:
        return MeasureStatus.NOT_APPLICABLE
    if all(s is MET for s in counted):
        return MeasureStatus.MET
    if all(s is MISSING for s in counted):
        return MeasureStatus.MISSING
    if MET in counted:
        return MeasureStatus.PARTIALLY_MET
    return MeasureStatus.UNMET


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([MET, MET, MET, MET, MET], MeasureStatus.MET),  # measure 1: 1.1, 1.2 (composite), 1.3, 1.4 met
        ([UNMET, MET], MeasureStatus.PARTIALLY_MET),  # measure 6: 6.1 unmet, 6.2 met
        ([NA], MeasureStatus.NOT_APPLICABLE),  # measures 29 and 30: 目標值「無」
        ([UNMET], MeasureStatus.UNMET),  # measure 36: 16 of 35 cases
        ([MISSING], MeasureStatus.MISSING),  # measure 12: the agency count was not reported
        ([MISSING, UNMET], MeasureStatus.UNMET),  # nothing met: unmet, whatever is still missing
        ([MISSING, MET], MeasureStatus.PARTIALLY_MET),
        ([], MeasureStatus.NOT_APPLICABLE),
    ],
)
def test_examples(statuses, expected) -> None:
    assert measure_status([verdict(s) for s in statuses]) is expected


def test_members_of_a_composite_do_not_count_twice() -> None:
    # 1.2 is met as a whole (both members met); an unmet member under another composite that is
    # itself met (any-of) must not make the measure partially met
    vs = [verdict(MET), verdict(MET, part_of="x"), verdict(UNMET, part_of="x")]
    assert measure_status(vs) is MeasureStatus.MET


@given(
    st.lists(st.tuples(st.sampled_from([MET, UNMET, NA, MISSING]), st.sampled_from([None, "c"])), max_size=12)
)
def test_agrees_with_the_definition(items) -> None:
    vs = [verdict(s, p) for s, p in items]
    assert measure_status(vs) is by_definition(vs)
