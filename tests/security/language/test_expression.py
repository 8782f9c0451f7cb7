"""Rule expressions: either refused when the rules load, or run on any values without surprise."""

from __future__ import annotations

import math

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from target_rules.language.expression import MAX_EXPRESSION_CHARS, Expression, ExpressionError
from tests.security.budget import fuzz

ATOMS = st.sampled_from(
    ["a", "b", "c", "0", "1", "2.5", "100", "1e15", "1e16", "-3", "9" * 30, "True", "'x'"]
)
BINOPS = st.sampled_from(
    ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "<", "<=", "==", "and", "or", "in", "is"]
)


def _expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        ATOMS,
        lambda inner: st.one_of(
            st.builds(lambda x, op, y: f"({x} {op} {y})", inner, BINOPS, inner),
            st.builds(
                lambda f, xs: f"{f}({', '.join(xs)})",
                st.sampled_from(["min", "max", "abs", "round", "pow", "len", "__import__"]),
                st.lists(inner, max_size=3),
            ),
            st.builds(lambda op, x: f"{op}{x}", st.sampled_from(["-", "+", "not ", "~"]), inner),
            st.builds(lambda x, y, z: f"({x} if {y} else {z})", inner, inner, inner),
            st.builds(lambda x, n: " + ".join([x] * n), inner, st.integers(1, 120)),
            st.builds(lambda x: f"{x}.real", inner),
        ),
        max_leaves=12,
    )


VALUES = st.fixed_dictionaries(
    {
        n: st.one_of(
            st.floats(-1e15, 1e15, allow_nan=False), st.sampled_from([0.0, -0.0, 1e15, -1e15, 1e-300])
        )
        for n in "abc"
    }
)


@fuzz(scale=3)
@given(text=_expressions(), values=VALUES)
def test_an_expression_is_refused_when_it_loads_or_runs_on_any_values(text: str, values: dict) -> None:
    try:
        expr = Expression(text)
    except ExpressionError as exc:
        event("refused when the rules load")
        assert str(exc)
        return
    event("accepted: evaluated")
    assert len(text) <= MAX_EXPRESSION_CHARS
    try:
        result = expr(values)
    except ZeroDivisionError:
        assert not expr.logic  # the engine's "undefined"; a check cannot raise
        return
    assert isinstance(result, int | float | bool)
    if isinstance(result, float) and not math.isfinite(result):
        event("overflow: infinity, which the engine calls undefined")


ISSUE_CASES = [
    ("a ** b", "constant power", 6),
    ("9 ** 9 ** 9", "constant power", 6),
    ("max(a)", "max() takes 2 to 20 arguments, found 1", 1),
    ("abs(a, b)", "abs() takes 1 arguments, found 2", 1),
    ("a << 1000", "<< is not allowed", None),
    (" + ".join(["a"] * 150), "more than 200 parts", None),
    ("a.real", "attribute access", 1),
    ("round(a, b)", "round(x, n)", 1),
]


@pytest.mark.parametrize(("text", "says", "column"), ISSUE_CASES)
def test_the_expressions_of_the_issue_are_refused_with_a_position(
    text: str, says: str, column: int | None
) -> None:
    with pytest.raises(ExpressionError) as caught:
        Expression(text)
    assert says in str(caught.value)
    assert caught.value.column == column


def test_a_large_base_to_a_small_power_is_computed_not_refused_by_simpleeval() -> None:
    # simpleeval refuses any base above 4,000,000; our powers are small constants, so 1e15 ** 2 is fine
    assert Expression("a ** 2")({"a": 1e15}) == 1e30
    assert Expression("(a * b * a) ** 10")({"a": 1e15, "b": 1e15}) == math.inf  # 1e450: undefined
    assert Expression("(a * b) ** 10 > 1")({"a": 1e15, "b": 1e15}) is True
