"""Hostile YAML: expansion is counted before it happens, figures never change silently, tags and
control characters are caught with their position."""

from __future__ import annotations

import re

from hypothesis import event, given
from hypothesis import strategies as st

from target_rules.language.source import Limits, parse_text
from target_rules.safe_text import CONTROL
from tests.security.budget import fuzz

SMALL = Limits(max_nodes=5_000, max_depth=64)


@st.composite
def expansion_bombs(draw: st.DrawFn) -> str:
    """Anchors where each level reuses the previous ones by alias, by ``<<`` merge, or both."""
    levels = draw(st.integers(2, 30))
    fan = draw(st.integers(1, 4))
    lines = ["a0: &a0 {k0: 1, j0: [1, 2, 3]}"]
    for i in range(1, levels):
        style = draw(st.sampled_from(["merge", "alias", "both", "merge-list"]))
        prev = [f"*a{draw(st.integers(0, i - 1))}" for _ in range(fan)]
        if style == "merge":
            lines.append(f"a{i}: &a{i}\n  <<: {prev[0]}\n  k{i}: {prev[-1]}")
        elif style == "merge-list":
            lines.append(f"a{i}: &a{i}\n  <<: [{', '.join(prev)}]\n  k{i}: 1")
        elif style == "alias":
            lines.append(f"a{i}: &a{i} [{', '.join(prev)}]")
        else:
            lines.append(f"a{i}: &a{i}\n  <<: {prev[0]}\n  x{i}: [{', '.join(prev)}]")
    return "\n".join(lines) + "\n"


def _count(data: object) -> int:
    stack, n = [data], 0
    while stack:
        x = stack.pop()
        n += 1
        if isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return n


@fuzz()
@given(text=expansion_bombs())
def test_aliases_and_merges_are_counted_before_they_are_expanded(text: str) -> None:
    doc = parse_text(text, "bomb.yaml", limits=SMALL)
    codes = {p.code for p in doc.problems}
    if "too_many" in codes or "too_deep" in codes:
        event("refused before expansion")
        assert doc.data is None
        p = next(p for p in doc.problems if p.code in ("too_many", "too_deep"))
        assert p.line is not None and p.column is not None
    else:
        event("small enough: built")
        assert _count(doc.data) <= SMALL.max_nodes


def test_an_800_byte_merge_bomb_is_refused_before_it_is_expanded() -> None:
    # Each level merges the previous one twice: 2**29 merged pairs. Before the fix the walker listed
    # them (and a duplicate-key problem for each) before counting anything: minutes and gigabytes.
    text = "a0: &a0 {k: 1}\n" + "".join(f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}\n" for i in range(1, 30))
    doc = parse_text(text, "bomb.yaml")
    assert doc.data is None
    assert [p.code for p in doc.problems] == ["too_many"]


def test_a_recursive_anchor_is_refused_with_its_position() -> None:
    doc = parse_text("x: 1\na: &a [1, *a]\n", "r.yaml")
    (p,) = [p for p in doc.problems if p.code == "recursive_alias"]
    assert (p.line, p.column) == (2, 4)


# Forms YAML 1.1 reads as numbers that YAML 1.2 core reads otherwise (or not at all).
def _yaml11_forms(n: int) -> list[str]:
    forms = [f"0{n:o}", f"0x{n:X}", f"0b{n:b}", f"0o{n:o}", f"{n:,}".replace(",", "_")]
    if n >= 60:
        forms.append(f"{n // 60}:{n % 60:02d}")
    return forms


@fuzz()
@given(n=st.integers(1, 10**9), pick=st.integers(0, 5))
def test_a_yaml_1_1_number_form_is_never_silently_read_as_another_figure(n: int, pick: int) -> None:
    forms = _yaml11_forms(n)
    form = forms[pick % len(forms)]
    doc = parse_text(f"v: {form}\n", "n.yaml")
    value = doc.data["v"] if isinstance(doc.data, dict) else None
    if any(p.code == "ambiguous_number" for p in doc.problems):
        event("refused with a position")
        (p,) = doc.problems
        assert (p.line, p.column) == (1, 4)
    elif isinstance(value, str):
        event("kept as the text written")
        assert value == form
    else:
        event("read by YAML 1.2 core")
        assert re.fullmatch(r"[0-9]+", form) and value == int(form)


@fuzz()
@given(
    tag=st.from_regex(r"![a-z]{1,8}|!![a-z]{3,9}", fullmatch=True),
    body=st.sampled_from(["3", "{a: 1}", "[1]"]),
)
def test_an_unknown_tag_is_an_error(tag: str, body: str) -> None:
    doc = parse_text(f"v: {tag} {body}\n", "t.yaml")
    known = {"!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!!timestamp"}
    if tag in known:
        return
    assert any(p.code in ("unknown_tag", "syntax") and p.severity == "error" for p in doc.problems), (
        doc.problems
    )


@fuzz()
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_control_characters_in_text_are_replaced_with_a_located_warning(text: str) -> None:
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    doc = parse_text(f'quote: "{escaped}"\n', "c.yaml")
    if not doc.ok:
        return
    value = doc.data["quote"]
    assert not CONTROL.search(value)
    flagged = [p for p in doc.problems if p.code == "control_character"]
    assert bool(flagged) == bool(CONTROL.search(text))
    for p in flagged:
        assert (p.line, p.column, p.severity) == (1, 8, "warning")


def test_a_yaml_1_1_number_in_a_rule_bound_is_refused_where_it_is_written(tmp_path) -> None:
    import pytest

    import target_rules as tr

    rule = (
        "measure: 1\nstrategy: {number: 1, title: s}\ntitle: t\nagencies: [各機關]\n"
        "metrics:\n  a: {label: a, unit: 件}\nyears:\n  107:\n    targets:\n"
        "      - {id: '1.1', label: x, kind: threshold, metric: a, at_least: 0110}\n"
    )
    (tmp_path / "m01.yaml").write_text(rule, encoding="utf-8")
    with pytest.raises(tr.RuleError) as caught:
        tr.load_rules(tmp_path)
    (p,) = [p for p in caught.value.problems if p.code == "ambiguous_number"]
    assert (p.line, p.column) == (10, 69)  # the column of 0110 on that line
