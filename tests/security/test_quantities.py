"""Magnitudes: every number the gate lets through is within the documented bounds, and every
number within them can be rounded and printed."""

from __future__ import annotations

import math

from hypothesis import event, given
from hypothesis import strategies as st

from target_rules.quantities import (
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    QuantityError,
    format_number,
    parse_quantity,
    round_half_up,
)
from tests.security.budget import fuzz

WRITTEN = st.one_of(
    st.integers(-(10**400), 10**400),
    st.floats(),
    st.builds(str, st.integers(-(10**60), 10**60)),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(-(10**20), 10**20), st.integers(0, 10**30)),
    st.builds(lambda a, u: f"{a}{u}", st.integers(0, 10**9), st.sampled_from(["兆", "億", "萬", "%"])),
    st.text(max_size=200),
)


@fuzz(scale=3)
@given(raw=WRITTEN)
def test_a_number_is_refused_or_within_the_documented_bounds(raw: object) -> None:
    try:
        q = parse_quantity(raw)
    except QuantityError as exc:
        event("refused")
        assert len(str(exc)) < 400  # a 400-digit number is not echoed back whole
        return
    event("accepted")
    assert math.isfinite(q.value) and abs(q.value) <= MAX_MAGNITUDE
    assert 0 <= q.decimals <= MAX_DECIMALS


@fuzz(scale=3)
@given(value=st.floats(allow_nan=False, allow_infinity=False), decimals=st.integers(0, 12))
def test_any_finite_number_rounds_and_prints(value: float, decimals: int) -> None:
    rounded = round_half_up(value, decimals)
    assert math.isfinite(rounded) or abs(value) > 1e307
    assert format_number(value)
    assert format_number(value, decimals if abs(value) < 1e300 else None)


def test_the_numbers_of_the_issue_are_refused() -> None:
    for raw in (10**300, 1e28, -1e28, "1" + "0" * 300, "10000000000000000", 10**15 + 1):
        try:
            parse_quantity(raw)
        except QuantityError:
            continue
        raise AssertionError(f"{raw!r} was accepted")
    assert parse_quantity(10**15).value == 1e15  # the bound itself is allowed
    assert parse_quantity("1,000兆").value == 1e15
