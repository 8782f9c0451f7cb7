"""A broken rule file or report never ends in a traceback: every problem, with file:line:column."""

from __future__ import annotations

import pytest

import target_rules as tr
from target_rules.cli import main

GOOD_HEAD = """
measure: 4
strategy: {number: 1, title: 強化機關廉政經營責任制度}
title: 辦理政府採購稽核
agencies: [行政院公共工程委員會]
metrics:
  audits: {label: 稽核件數, unit: 件}
"""


def test_broken_rule_file_lists_every_problem_with_position(write):
    path = write(
        "bad.yaml",
        GOOD_HEAD
        + """
years:
  107:
    targets:
      - {id: "4.1", label: x, kind: threshold, metric: audits, at_least: 28O}
      - {id: "4.2", label: x, kind: thresold, metric: audits, at_least: 1}
      - id: "4.3"
        label: y
        kind: threshold
        metric: audits
        at_least: 1
        colour: red
""",
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(path)
    probs = {p.code: p for p in info.value}
    assert len(info.value) == 3
    bad_number = next(p for p in info.value if "28O" in str(p))
    assert (bad_number.line, bad_number.path) == (11, ("years", 107, "targets", 0, "at_least"))
    assert bad_number.column == 74  # where "28O" starts
    assert "targets[0].at_least" in str(bad_number)
    kind = probs["union_tag_invalid"]
    assert kind.line == 12 and "did you mean 'threshold'" in str(kind)
    extra = probs["extra_forbidden"]
    assert extra.line == 18 and extra.path[-1] == "colour"


def test_schema_and_expression_errors_come_together(write):
    # 4.1's kind is misspelt (a schema error) and 4.2's expression names an undeclared metric (a
    # compile error): both in one RuleError, so the author fixes the file in one pass, not two.
    path = write(
        "bad.yaml",
        GOOD_HEAD
        + """
years:
  107:
    targets:
      - {id: "4.1", label: x, kind: treshold, metric: audits, at_least: 280}
      - {id: "4.2", label: y, kind: ratio, expression: audits / inspections * 100, at_least: 70}
""",
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(path)
    found = {(p.line, p.path[-1]) for p in info.value if p.severity == "error"}
    assert found == {(11, "kind"), (12, "expression")}, [str(p) for p in info.value]


def test_a_composite_of_an_invalid_target_is_not_a_second_error(write):
    # 4.3 lists 4.1, which is there but invalid: one error, at 4.1. A truly absent 4.9 is an error.
    targets = """
years:
  107:
    targets:
      - {id: "4.1", label: x, kind: treshold, metric: audits, at_least: 280}
      - {id: "4.2", label: y, kind: threshold, metric: audits, at_least: 300}
      - {id: "4.3", label: z, kind: composite, of: ["4.1", "4.2"]}
"""
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(write("a.yaml", GOOD_HEAD + targets))
    assert [p.code for p in info.value if p.severity == "error"] != [] and all(
        p.code != "unknown_target" for p in info.value
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(write("b.yaml", GOOD_HEAD + targets.replace('["4.1", "4.2"]', '["4.9", "4.2"]')))
    assert [p.line for p in info.value if p.code == "unknown_target"] == [13]


def test_compile_errors_name_unknown_metric_with_suggestion(write):
    path = write(
        "m.yaml",
        GOOD_HEAD
        + """
years:
  107:
    targets:
      - {id: "4.1", label: x, kind: threshold, metric: audit, at_least: 1}
      - {id: "4.2", label: x, kind: ratio, expression: "audits / (", at_least: 1}
      - {id: "4.3", label: x, kind: ratio, expression: "audits / total * 100", at_least: 1}
      - {id: "4.4", label: x, kind: composite, of: ["4.1", "4.9"]}
      - {id: "4.5", label: x, kind: ratio, expression: "__import__('os')", at_least: 1}
""",
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(path)
    text = str(info.value)
    assert "m.yaml:11:" in text and "unknown metric 'audit'" in text and "did you mean 'audits'" in text
    assert "syntax error in expression" in text
    assert "unknown metric 'total'" in text
    assert "unknown target '4.9'" in text
    assert "may be called" in text
    assert all(p.line for p in info.value)


def test_empty_targets_and_duplicate_ids_rejected(write):
    path = write(
        "m.yaml",
        GOOD_HEAD
        + """
years:
  107: {targets: []}
  108:
    targets:
      - {id: "4.1", label: x, kind: none}
      - {id: "4.1", label: y, kind: none}
""",
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(path)
    text = str(info.value)
    assert "target ids repeat" in text


def test_broken_report_lists_every_problem(write):
    path = write(
        "r.yaml",
        """
year: 107
measures:
  4:
    metrics:
      audits: {value: "12x"}
      audits: 3
      other: {value: 1, milestone: drafted}
      more: {value: NaN}
""",
    )
    with pytest.raises(tr.ReportError) as info:
        tr.load_report(path)
    lines = sorted(p.line for p in info.value)
    assert lines == [5, 6, 7, 8]
    text = str(info.value)
    assert "duplicate key 'audits'" in text and "first written at line 5" in text
    assert "give exactly one of value, by_agency, milestone, not_reported" in text
    assert "NaN" in text


def test_yaml_syntax_error_has_position(write):
    path = write("r.yaml", "year: 107\nmeasures: {4: [\n")
    with pytest.raises(tr.ReportError) as info:
        tr.load_report(path)
    (p,) = info.value.problems
    assert p.code == "syntax" and p.line is not None


def test_alias_bomb_is_stopped(write):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    path = write("bomb.yaml", bomb)
    with pytest.raises(tr.ReportError) as info:
        tr.load_report(path)
    assert any(p.code == "too_many" for p in info.value)


def test_non_utf8_is_a_clear_error(write):
    path = write("big5.yaml", "year: 107\nplan: 國家廉政\n".encode("big5"))
    with pytest.raises(tr.ReportError) as info:
        tr.load_report(path)
    (p,) = info.value.problems
    assert p.code == "encoding" and p.line == 2 and "UTF-8" in str(p)


def test_bom_is_accepted(write):
    path = write("bom.yaml", "\ufeffyear: 107\n".encode())
    assert tr.load_report(path).year == 107


def test_cli_exit_status(write, capsys):
    bad_rule = write(
        "rules/bad.yaml", GOOD_HEAD + "years: {107: {targets: [{id: x, label: x, kind: none, extra: 1}]}}\n"
    )
    report = write("r.yaml", "year: 107\nmeasures: {}\n")
    assert main(["evaluate", "--rules", str(bad_rule), "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:7:55:" in err and "unknown field 'extra'" in err and "Traceback" not in err
    good = write("rules2/m.yaml", GOOD_HEAD + "years: {107: {targets: [{id: x, label: x, kind: none}]}}\n")
    bad_report = write("r2.yaml", "year: 107\nmeasures: {4: {metrics: {audits: {value: -}}}}\n")
    assert main(["evaluate", "--rules", str(good), "--report", str(bad_report)]) == 1
    assert main(["evaluate", "--rules", str(good), "--report", str(report), "--format", "json"]) == 0
    assert '"status": "not_applicable"' in capsys.readouterr().out
    assert main(["evaluate", "--rules", str(good)]) == 2  # usage error: --report missing
