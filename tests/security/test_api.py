"""The Python API checks its arguments where they are given, and names the parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from tests.security.budget import fuzz

ROOT = Path(__file__).resolve().parents[2]
RULES = tr.load_rules(ROOT / "tests" / "fixtures" / "report" / "rules")
REPORT = tr.load_report(ROOT / "tests" / "fixtures" / "report" / "data" / "107")
WRONG = st.one_of(
    st.text(max_size=8),
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.integers().filter(lambda y: not 1 <= y <= 8088),
)


@fuzz(scale=2)
@given(year=WRONG)
def test_a_wrong_year_raises_type_or_value_error_naming_year(year) -> None:
    for call in (
        lambda: tr.evaluate(RULES, REPORT, year=year),
        lambda: tr.validate({"year": 107}, RULES, year=year),
        lambda: tr.evaluate_columns(RULES, {}, year=year),
        lambda: list(tr.evaluate_many(RULES, [REPORT], year=year)),
    ):
        with pytest.raises((TypeError, ValueError)) as caught:
            call()
        assert str(caught.value).startswith("year "), caught.value


def test_a_year_given_as_a_string_says_how_to_write_it() -> None:
    with pytest.raises(TypeError, match=r"year must be an int.*\(write year=107\)"):
        tr.evaluate(RULES, REPORT, year="107")


@fuzz()
@given(thing=st.one_of(st.text(max_size=5), st.integers(), st.none(), st.lists(st.integers(), max_size=2)))
def test_wrong_rules_or_report_raise_type_error_naming_the_parameter(thing) -> None:
    with pytest.raises(TypeError, match=r"^rules must be a RuleSet"):
        tr.evaluate(thing, REPORT)
    with pytest.raises(TypeError, match=r"^report must be a Report"):
        tr.evaluate(RULES, thing)


@pytest.mark.parametrize("paths", [123, 4.5, None, b"rules/", [b"x"], [None]])
def test_load_functions_name_their_paths_parameter(paths) -> None:
    for load in (tr.load_rules, tr.load_report):
        with pytest.raises(TypeError, match=r"^paths must"):
            load(paths)


@pytest.mark.parametrize("thing", [123, 4.5, None, b"s.yaml"])
def test_validate_names_its_path_or_data_parameter(thing) -> None:
    with pytest.raises(TypeError, match=r"^path_or_data must be"):
        tr.validate(thing, RULES, year=107)
