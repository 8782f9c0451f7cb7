import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target_rules.quantities import QuantityError, format_number, parse_quantity, round_half_up


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("280", 280),
        ("1,143", 1143),
        ("1億", 100_000_000),
        ("1,129萬5,690", 11_295_690),
        ("1億1,129萬5,690元", 111_295_690),  # measure 3: 節省國家公帑 1 億 1,129 萬 5,690 元
        ("1,235億3,761萬7,954", 123_537_617_954),  # measure 39
        ("600萬", 6_000_000),
        ("1萬5,000", 15_000),
        ("72.69%", 72.69),
        ("１２３", 123),
        ("新臺幣 5,709 萬 664 元", 57_090_664),
        (" 7 ", 7),
        (12, 12),
        (0.5, 0.5),
    ],
)
def test_written_forms(text, value):
    assert parse_quantity(text).value == pytest.approx(value)


def test_percent_and_fullwidth_are_remembered():
    assert parse_quantity("70%").percent
    assert not parse_quantity("70").percent
    assert parse_quantity("１２３").fullwidth
    assert parse_quantity("72.69%").decimals == 2


@pytest.mark.parametrize(
    "bad",
    ["", "abc", "12x", "1.2.3", "NaN", "inf", float("nan"), float("inf"), True, None, [1], "萬", "1,23"],
)
def test_rejects(bad):
    with pytest.raises(QuantityError):
        parse_quantity(bad)


def test_round_half_up_not_bankers():
    assert round_half_up(60.25, 1) == 60.3
    assert round_half_up(0.5, 0) == 1
    assert round_half_up(102.45, 1) == 102.5


def test_format_number():
    assert format_number(1143) == "1,143"
    assert format_number(60.5163, 1) == "60.5"


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_round_trip(n):
    assert parse_quantity(f"{n:,}").value == n


@given(
    st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9999), st.integers(1, 9999)
)
def test_wan_yi_compose(low, wan, yi):
    text = f"{yi}億{wan}萬{low}"
    assert parse_quantity(text).value == yi * 10**8 + wan * 10**4 + low


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_floats_pass_through(x):
    assert math.isclose(parse_quantity(x).value, x)
