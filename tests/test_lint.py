"""target-rules lint: each check on a small inline rule file, placed at file:line."""

from __future__ import annotations

import textwrap

import pytest

import target_rules as tr
from target_rules.authoring.lint import lint
from target_rules.cli import main

HEAD = """\
measure: 45
strategy: {number: 9, title: 強化查處}
title: test measure
agencies: [法務部]
metrics:
  rate: {label: {zh: 核准比率, en: Approval rate}, unit: "%"}
  cases: {label: {zh: 查獲案件數, en: Cases}, unit: 件}
  approved: {label: {zh: 核准件數, en: Approved}, unit: 件}
  received: {label: {zh: 受理件數, en: Received}, unit: 件}
  bill:
    label: {zh: 修正草案, en: Amendment}
    unit: milestone
    milestones:
      - {id: drafted, label: {zh: 擬具草案, en: Drafted}}
      - {id: submitted_ey, label: {zh: 陳報行政院, en: Submitted}}
years:
  108:
    targets:
"""
USE_ALL = """\
      - {id: u.rate, label: {zh: 比率, en: Rate}, kind: threshold, metric: rate, at_least: 50}
      - {id: u.cases, label: {zh: 案件, en: Cases}, kind: threshold, metric: cases, at_least: 1}
      - {id: u.ratio, label: {zh: 比, en: Ratio}, kind: ratio, expression: approved / received * 100, at_least: 50}
      - {id: u.bill, label: {zh: 草案, en: Bill}, kind: completion, metric: bill, reach: drafted}
"""


def rule(targets: str, tail: str = "", use_all: bool = True) -> str:
    return (
        HEAD
        + textwrap.indent(textwrap.dedent(targets).strip("\n"), "      ")
        + "\n"
        + (USE_ALL if use_all else "")
        + tail
    )


def codes(problems, severity=None):
    return [p.code for p in problems if severity is None or p.severity == severity]


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} in {[str(p) for p in problems]}"
    return found


def line_of(path, needle):
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return i
    raise AssertionError(needle)


def test_clean_file_has_no_problems(write):
    p = write(
        "m45.yaml", rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}")
    )
    assert lint(p) == []
    assert lint(tr.load_rules(p)) == []


def test_duplicate_target_ids(write):
    p = write(
        "m45.yaml",
        rule(
            """
            - {id: "45.1", label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}
            - {id: "45.1", label: {zh: 乙, en: B}, kind: threshold, metric: cases, at_most: 20}
            - {id: "45.2", label: {zh: 丙, en: C}, kind: threshold, metric: nosuch, at_least: 1}
            """
        ),
    )
    problems = lint(p)
    dup = only(problems, "duplicate_target")
    assert len(dup) == 1
    assert dup[0].line == line_of(p, "乙")
    assert f"(first at line {line_of(p, '甲')})" in dup[0].message
    # the validator's vaguer "target ids repeat" is replaced, and the file's other targets are still checked
    assert not any("target ids repeat" in p.message for p in problems)
    unknown = only(problems, "unknown_metric")
    assert unknown[0].line == line_of(p, "nosuch")
    with pytest.raises(tr.RuleError):
        tr.load_rules(p)


def test_contradictory_bounds_and_composite(write):
    p = write(
        "m45.yaml",
        rule(
            """
            - {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: rate, at_least: 80}
            - {id: b, label: {zh: 乙, en: B}, kind: threshold, metric: rate, at_most: 70}
            - {id: both, label: {zh: 兩者, en: Both}, kind: composite, of: [a, b]}
            - {id: c, label: {zh: 丙, en: C}, kind: threshold, metric: cases, at_least: 5}
            - {id: d, label: {zh: 丁, en: D}, kind: threshold, metric: cases, at_most: 10}
            """
        ),
    )
    found = only(lint(p), "contradictory_bounds")
    assert [f.line for f in found] == [line_of(p, "乙"), line_of(p, "兩者")]
    assert (
        "targets 'a' (at least 80) and 'b' (at most 70) on metric 'rate' cannot both be met"
        in found[0].message
    )
    assert "composite 'both'" in found[1].message
    assert all(f.severity == "error" for f in found)


def test_percent_out_of_range(write):
    p = write(
        "m45.yaml",
        rule(
            """
            - {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: rate, at_least: 120}
            - {id: b, label: {zh: 乙, en: B}, kind: threshold, metric: rate, at_most: -5}
            - {id: c, label: {zh: 丙, en: C}, kind: threshold, metric: rate, between: [50, 100]}
            """
        ),
    )
    found = only(lint(p), "out_of_range")
    assert [(f.line, f.severity) for f in found] == [(line_of(p, "甲"), "error"), (line_of(p, "乙"), "error")]
    assert "asks for 120%" in found[0].message


def test_unknown_metric_in_expression(write):
    p = write(
        "m45.yaml",
        rule(
            "- {id: a, label: {zh: 甲, en: A}, kind: ratio, expression: aproved / received * 100, at_least: 60}"
        ),
    )
    found = only(lint(p), "unknown_metric")
    assert found[0].line == line_of(p, "aproved")
    assert found[0].hint == "did you mean 'approved'?"


def test_unit_mismatches(write):
    p = write(
        "m45.yaml",
        rule(
            """
            - {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: "70%"}
            - {id: b, label: {zh: 乙, en: B}, kind: ratio, unit: ratio, expression: approved / received, at_least: "70%"}
            - {id: c, label: {zh: 丙, en: C}, kind: ratio, expression: approved / received, at_least: 70}
            - {id: d, label: {zh: 丁, en: D}, kind: threshold, metric: rate, at_least: 0.7}
            """
        ),
    )
    found = only(lint(p), "unit_mismatch")
    assert [(f.line, f.severity) for f in found] == [
        (line_of(p, "甲"), "error"),
        (line_of(p, "乙"), "error"),
        (line_of(p, "丙"), "error"),
        (line_of(p, "丁"), "warning"),
    ]
    assert "bound '70%' is a percentage, but metric 'cases' is measured in '件'" in found[0].message
    assert "the ratio's unit is 'ratio'" in found[1].message
    assert "gives a fraction" in found[2].message
    # the model itself reads "70%" as 70 and accepts the file: only lint sees the raw text
    tr.load_rules(
        write(
            "ok/m45.yaml",
            rule('- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: "70%"}'),
        )
    )


def test_empty_year(write):
    text = rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}")
    text += "  109:\n    targets: []\n  110:\n    text: 無。\n    targets:\n      - {id: z, label: {zh: 無, en: None}, kind: none}\n"
    p = write("m45.yaml", text)
    found = only(lint(p), "empty_year")
    assert len(found) == 1
    assert found[0].line == line_of(p, "targets: []")
    assert "year 109 has no targets" in found[0].message


def test_labels(write):
    p = write(
        "m45.yaml",
        rule(
            """
            - {id: a, label: 只有中文, kind: threshold, metric: cases, at_least: 9}
            - {id: b, label: {zh: "", en: Empty}, kind: threshold, metric: cases, at_least: 9}
            - {id: c, label: {zh: "  ", en: Blank}, kind: threshold, metric: cases, at_most: 90}
            """
        ),
    )
    problems = lint(p)
    warn = only(problems, "no_english_label")
    assert [(w.line, w.severity) for w in warn] == [(line_of(p, "只有中文"), "warning")]
    err = only(problems, "empty_label")
    assert [(e.line, e.severity) for e in err] == [
        (line_of(p, "Empty"), "error"),
        (line_of(p, "Blank"), "error"),
    ]
    # pydantic's own "at least 1 character" for the same label is not repeated
    assert not [q for q in problems if q.path[-2:] == ("label", "zh")]


def test_unknown_milestone(write):
    p = write(
        "m45.yaml",
        rule("- {id: a, label: {zh: 甲, en: A}, kind: completion, metric: bill, reach: passed_ly}"),
    )
    found = only(lint(p), "unknown_milestone")
    assert found[0].line == line_of(p, "passed_ly")
    assert found[0].expected == "drafted, submitted_ey"


def test_unused_metric(write):
    p = write(
        "m45.yaml",
        rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}", use_all=False),
    )
    found = only(lint(p), "unused_metric")
    assert sorted(f.path[-1] for f in found) == ["approved", "bill", "rate", "received"]
    assert {f.severity for f in found} == {"warning"}
    assert found[0].line == line_of(p, "  rate:")


def test_examples_naming_unknown_targets(write):
    tail = """\
examples:
  - name: at-target
    year: 108
    values: {cases: 9, rats: 1}
    expect: {"a": met, "aa": met, "a2": {status: mett}}
"""
    p = write(
        "m45.yaml",
        rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}", tail),
    )
    found = only(lint(p), "example")
    messages = [f.message for f in found]
    assert any("unknown target 'aa'" in m for m in messages)
    assert any(f.hint == "did you mean 'rate'?" for f in found)
    assert all(f.line == line_of(p, "expect:") or f.line == line_of(p, "values:") for f in found)


def test_all_files_reported_not_just_the_first(write):
    bad1 = write(
        "rules/m01.yaml",
        rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 150%}").replace(
            "measure: 45", "measure: 1"
        ),
    )
    bad2 = write(
        "rules/m02.yaml",
        rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: nosuch, at_least: 1}").replace(
            "measure: 45", "measure: 2"
        ),
    )
    bad3 = write("rules/m03.yaml", "measure: 3\nyears: {}\n")
    problems = lint(bad1.parent)
    files = {p.file for p in problems if p.severity == "error"}
    assert files == {str(bad1), str(bad2), str(bad3)}
    assert all(p.line for p in problems)
    # load_rules also lists them, but lint adds what it cannot see (the % on a count)
    assert "unit_mismatch" in codes(problems)


def test_duplicate_measure_across_files(write):
    a = write(
        "r/a.yaml", rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}")
    )
    write("r/b.yaml", rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}"))
    found = only(lint(a.parent), "duplicate_measure")
    assert found[0].file.endswith("b.yaml") and found[0].line == 1


def test_strategy_titled_differently_across_files(write):
    target = "- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}"
    a = write("r/a.yaml", rule(target))
    write("r/b.yaml", rule(target).replace("measure: 45", "measure: 46"))  # the same title: no warning
    assert "strategy_title" not in codes(lint(a.parent))
    # c.yaml renames strategy 9: the report would head the section with a.yaml's title and lose this one
    write("r/c.yaml", rule(target).replace("measure: 45", "measure: 47").replace("強化查處", "強化肅貪"))
    [p] = only(lint(a.parent), "strategy_title")
    assert p.severity == "warning" and p.file.endswith("c.yaml") and p.line == 2
    assert "'強化肅貪' here, '強化查處' there" in p.message and "a.yaml" in p.message


def test_a_malformed_strategy_number_is_a_schema_error_not_a_crash(write):
    p = write(
        "m45.yaml", rule("- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: 9}")
    )
    p.write_text(p.read_text(encoding="utf-8").replace("number: 9", "number: [9]"), encoding="utf-8")
    problems = lint(p)
    assert any(x.severity == "error" and x.path[:2] == ("strategy", "number") for x in problems)


def test_cli(write, capsys):
    p = write(
        "m45.yaml", rule('- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: "70%"}')
    )
    assert main(["lint", str(p)]) == 1
    out = capsys.readouterr().out
    assert f"{p}:{line_of(p, '70%')}:" in out
    assert out.rstrip().endswith("1 error, 0 warnings in 1 file")
    clean = write("c/m45.yaml", rule("- {id: a, label: 甲, kind: threshold, metric: cases, at_least: 9}"))
    assert main(["lint", str(clean)]) == 0
    assert main(["lint", "--strict", str(clean)]) == 1
    assert main(["lint", str(p.parent / "nothing-here")]) == 2


def test_lazy_export_stays_callable(write):
    import target_rules.authoring.lint as lint_module

    p = write(
        "m45.yaml", rule('- {id: a, label: {zh: 甲, en: A}, kind: threshold, metric: cases, at_least: "70%"}')
    )
    # after the import, the package attribute is the module; calling it still lints
    assert codes(tr.lint(p)) == codes(lint_module.lint(p)) == ["unit_mismatch"]
