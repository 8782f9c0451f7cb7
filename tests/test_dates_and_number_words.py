"""ROC dates and 千/百 number words, as clerks in Taiwan write them; what is refused says the accepted form."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target_rules.quantities import (
    DateError,
    QuantityError,
    chinese_numeral,
    decimal_float,
    difference,
    parse_date,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3千萬", 30_000_000),  # 3 x 1,000 x 10,000
        ("2千3百", 2_300),
        ("1億5千萬", 150_000_000),  # 1 x 10^8 + 5,000 x 10^4
        ("5百元", 500),
        ("新臺幣2千萬元", 20_000_000),
        ("1.5千", 1_500),
        ("3仟萬", 30_000_000),  # the formal 仟
        ("３千萬", 30_000_000),  # full-width digit
        ("1,129萬5,690", 11_295_690),  # unchanged: the forms read before
    ],
)
def test_number_words_are_read(text, value):
    assert parse_quantity(text).value == value


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("千萬", "e.g. 3千萬"),  # no digit before 千
        ("九百二十九", "929"),  # Chinese numerals: refused, with the digits to write
        ("三千萬", "30,000,000"),
        ("一千零五", "1,005"),
        ("3千%", "72.69%"),
        ("約三百", "280, 1,143"),  # not a number at all: the accepted forms are listed
    ],
)
def test_what_is_refused_shows_the_accepted_form(text, shown):
    with pytest.raises(QuantityError) as exc:
        parse_quantity(text)
    assert shown in str(exc.value)


def test_chinese_numerals_convert_for_the_message():
    assert chinese_numeral("二十") == 20 and chinese_numeral("十二") == 12 and chinese_numeral("兩百") == 200
    assert chinese_numeral("3千") is None  # digits are parsed, not converted


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-10-31", dt.date(2024, 10, 31)),
        ("113-10-31", dt.date(2024, 10, 31)),  # ROC 113 = 2024
        ("109-10-31", dt.date(2020, 10, 31)),
        ("113/1/5", dt.date(2024, 1, 5)),
        ("113.10.31", dt.date(2024, 10, 31)),
        ("民國113年10月31日", dt.date(2024, 10, 31)),
        ("113年1月5日", dt.date(2024, 1, 5)),
        ("２０２４／１０／３１", dt.date(2024, 10, 31)),
    ],
)
def test_roc_and_iso_dates_are_read(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["下週一", "113-02-30", "2024-13-01", "10/31"])
def test_a_bad_date_shows_the_accepted_forms(text):
    with pytest.raises(DateError) as exc:
        parse_date(text)
    assert "YYYY-MM-DD" in str(exc.value) and "113-10-31" in str(exc.value)


@given(st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31)))
def test_roc_and_iso_name_the_same_day(day):
    roc = f"{day.year - 1911}-{day.month:02d}-{day.day:02d}"
    assert parse_date(roc) == parse_date(day.isoformat()) == day


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=4),
    st.decimals(min_value=-(10**9), max_value=10**9, places=4),
)
def test_difference_of_two_figures_is_their_exact_decimal_difference(a, b):
    # the margin JSON carries is the exact decimal difference of two 4-place figures, even where the
    # float difference's residue reaches the 9th decimal (7888607.9998 - 8888607.999 -> -999999.9992)
    assert difference(float(a), float(b)) == float(a - b)


def test_difference_of_nt_dollar_figures_has_no_residue():
    # 123456789.12 - 1e8 is 23456789.120000005 in floats; the figures say 23456789.12
    assert difference(123456789.12, 1e8) == 23456789.12
    assert difference(7888607.9998, 8888607.999) == -999999.9992
    assert difference(5, 3) == 2 and isinstance(difference(5.0, 3.0), float)


@given(
    st.decimals(min_value=-(10**5), max_value=10**5, places=4),
    st.decimals(min_value=-(10**5), max_value=10**5, places=4),
)
def test_decimal_float_removes_binary_noise_from_differences_of_small_figures(a, b):
    # below 2**20 the residue of a difference stays under 5e-10 (1.5 units in the last place of
    # the operands), so rounding at the 9th decimal removes it; larger figures need difference()
    assert decimal_float(float(a) - float(b)) == float(a - b)


def test_a_csv_period_in_roc_dates_is_read(tmp_path):
    from pathlib import Path

    import target_rules as tr

    plan = Path(__file__).resolve().parents[1] / "examples" / "city-cycling-plan"
    sheet = (plan / "submissions" / "114-public-works.csv").read_text(encoding="utf-8")
    # the second row's period written in ROC dates: 114-01-01 .. 114-06-30 is 2025-01-01 .. 2025-06-30
    sheet = sheet.replace(",590,格,青禾市政府工務局,,,", ",590,格,青禾市政府工務局,114-01-01,114-06-30,")
    path = tmp_path / "s.csv"
    path.write_text(sheet, encoding="utf-8")
    result = tr.validate(path, tr.load_rules(plan / "rules"), agency="青禾市政府工務局")
    assert result.ok
    [warning] = result.problems
    assert warning.code == "provisional" and "2025-01-01..2025-06-30" in warning.message
