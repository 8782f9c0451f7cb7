"""YAML syntax errors say where the broken construct opens and where parsing stopped, with a hint.

Each case is a mistake clerks make when filling in a submission by hand."""

from __future__ import annotations

import pytest

from target_rules.language.source import parse_text


def _only_problem(text: str):
    doc = parse_text(text, "s.yaml")
    [p] = doc.problems
    assert p.code == "syntax"
    return p


def test_an_unclosed_quote_points_at_where_it_opens():
    p = _only_problem('year: 113\nplan: "青禾市\nmeasures: {}\n')
    # the quote opens on line 2, column 7; the parser only gives up at the end of the file
    assert (p.line, p.column) == (2, 7)
    assert "opens at line 2, column 7" in p.message and "parsing stopped at line 4" in p.message
    assert "quote" in p.hint


def test_an_unclosed_brace_names_both_places():
    p = _only_problem("year: 113\nmeasures:\n  1: {metrics: {x: {value: 1}}\nplan: x\n")
    assert "flow mapping that opens at line 3" in p.message and "parsing stopped at line 4" in p.message
    assert "}" in p.hint and "quotes" in p.hint


def test_a_tab_in_the_indentation_is_named():
    p = _only_problem("year: 113\nmeasures:\n\t1: {}\n")
    assert p.line == 3 and "tabs" in p.hint


@pytest.mark.parametrize("text", ["year: 113\nplan: 計畫: 甲\n", "year: 113\n  plan: x\n"])
def test_a_colon_in_a_value_or_a_stray_indent_gets_a_hint(text):
    p = _only_problem(text)
    assert p.line == 2 and "quoted" in p.hint and "indented" in p.hint


def test_bad_dedent_hints_at_indentation():
    p = _only_problem("a:\n  b: 1\n c: 2\n")
    assert p.hint is not None and "indentation" in p.hint


def test_an_unquoted_comma_in_a_flow_map_is_explained(write):
    import target_rules as tr

    rules = tr.load_rules(write("r/m04.yaml", _RULE))
    sub = write(
        "s.yaml",
        "year: 113\nmeasures:\n  4:\n    metrics:\n      sessions: {value: 33, quote: 共 1,200 人參加}\n",
    )
    problems = tr.validate(sub, rules).problems
    [p] = [p for p in problems if "200 人參加" in p.message]
    assert "quotes" in p.hint and p.line == 5


_RULE = """
measure: 4
strategy: {number: 1, title: 推廣}
title: 宣導
agencies: [交通局]
metrics:
  sessions: {label: 場次, unit: 場次}
years:
  113:
    targets:
      - {id: "4.1", label: 宣導 24 場, kind: threshold, metric: sessions, at_least: 24}
"""
