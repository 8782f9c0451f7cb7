"""Examples inside rule files: run_examples, the readable diff, coverage, and `target-rules test`."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.authoring.examples import boundary_gaps, run_examples
from target_rules.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "rules_toolkit"
GOOD = FIXTURES / "good" / "m45.yaml"
WRONG = FIXTURES / "wrong" / "m45.yaml"


def test_lazy_export():
    from target_rules.authoring import examples

    assert tr.run_examples is examples.run_examples


def test_good_examples_pass():
    results = run_examples(tr.load_rules(GOOD))
    assert results.ok
    assert len(results) == 8
    assert results.examples == 4
    assert results.uncovered == []
    ids = [c.id for c in results]
    assert "m45::108::45.1::just-below-target" in ids
    assert "m45::108::45.2::missing" in ids


def test_accepts_paths_too():
    assert run_examples(GOOD).ok


@pytest.fixture(scope="module")
def wrong():
    return run_examples(WRONG)


def test_wrong_expectation_gives_a_readable_diff(wrong):
    c = wrong.check("m45::108::45.1::just-below-target")
    assert not c.passed
    assert c.format().splitlines()[0] == (
        "FAIL m45::108::45.1::just-below-target: expected met, got unmet, because 71.9% < 72%"
    )
    assert "explanation: Interception approval rate: 71.9% against a target of 72%" in c.format()
    assert c.location.endswith("wrong/m45.yaml:17")
    assert wrong.check("m45::108::45.2::just-below-target").passed


def test_achievement_rate_compared_at_one_decimal(wrong):
    c = wrong.check("m45::108::45.1::wrong-rate")
    assert c.reasons == ["expected achievement rate 104.1%, got 104.2% (75.0% >= 72%)"]


def test_flags_compared(wrong):
    c = wrong.check("m45::108::45.2::wrong-rate")
    assert c.reasons == ["expected flags [provisional], got []"]


def test_unknown_target_is_a_failure_with_did_you_mean(wrong):
    c = wrong.check("m45::108::45.11::typo-in-target")
    assert not c.passed
    assert "no target '45.11' in measure 45, year 108; did you mean '45.1'?" in c.reasons[0]
    other = wrong.check("m45::108::45.3::typo-in-target")
    assert "'45.3' is a target of year 109" in other.reasons[0]


def test_unknown_status_and_metric(wrong):
    assert "did you mean 'met'?" in wrong.check("m45::108::45.2::typo-in-target").reasons[0]
    assert (
        "unknown metric 'aproval_rate'; did you mean 'approval_rate'?"
        in (wrong.check("m45::108::45.1::typo-in-metric").reasons[0])
    )


def test_coverage_lists_targets_without_examples(wrong):
    assert [t.id for t in wrong.uncovered] == ["m45::109::45.3"]
    assert not wrong.ok
    assert len(wrong.failures) == 7
    assert wrong.summary() == "4 examples, 8 checks: 1 passed, 7 failed; 1 target has no example"


def test_deliberately_wrong_example_fails(write):
    # the good file with one expectation turned around: 719 of 1000 is 71.9%, below 72%
    text = GOOD.read_text(encoding="utf-8").replace(
        'expect: {"45.1": unmet, "45.2"', 'expect: {"45.1": met, "45.2"'
    )
    assert text != GOOD.read_text(encoding="utf-8")
    results = run_examples(write("m45.yaml", text))
    assert [c.id for c in results.failures] == ["m45::108::45.1::just-below-target"]
    assert "expected met, got unmet, because 71.9% < 72%" in results.failures[0].format()


BREAKDOWN = """
measure: 26
strategy: {number: 7, title: 強化企業誠信}
title: test
agencies: [退輔會, 交通部]
metrics:
  seminars: {label: {zh: 研討會議案數, en: Seminars}, unit: 案}
years:
  107:
    targets:
      - {id: "26.1", label: {zh: 5 案, en: 5 seminars}, kind: breakdown, metric: seminars,
         parts: {退輔會: 3, 交通部: 2}, total: 5}
examples:
  - name: one-part-short
    year: 107
    values: {seminars: {by_agency: {退輔會: 3, 交通部: 1}}}
    expect: {"26.1": met, "26.1[交通部]": unmet, "26.1[退輔會]": met}
"""


def test_breakdown_parts_and_their_facts(write):
    results = run_examples(write("m26.yaml", BREAKDOWN))
    assert results.check("m26::107::26.1[交通部]::one-part-short").passed
    assert results.check("m26::107::26.1[退輔會]::one-part-short").passed
    c = results.check("m26::107::26.1::one-part-short")
    assert c.reasons[0] == (
        "expected met, got unmet, because total 4 案 < 5 案; 退輔會 3 案 >= 3 案, 交通部 1 案 < 2 案"
    )


def test_boundary_gaps(write):
    assert boundary_gaps(tr.load_rules(GOOD)) == []
    gaps = boundary_gaps(tr.load_rules(write("m26.yaml", BREAKDOWN)))
    assert [(g.id, lacking) for g, lacking in gaps] == [("m26::107::26.1", ["unmet", "missing"])]


def test_cli_passes(capsys):
    assert main(["test", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert out == "8 passed, 0 failed (4 examples)\n"  # a test runner: quiet when all is well


def test_cli_fails_with_diff_and_coverage(capsys):
    assert main(["test", str(WRONG)]) == 1
    out = capsys.readouterr().out
    assert (
        ":17: example_failed m45::108::45.1::just-below-target: expected met, got unmet, because 71.9% < 72%"
        in out
    )
    assert out.rstrip().endswith(
        "1 passed, 7 failed (4 examples); 1 target has no example (--coverage lists them)"
    )
    assert main(["test", str(WRONG), "--coverage"]) == 1
    assert "no_example warning: m45::109::45.3: no example reaches this" in capsys.readouterr().out


def test_cli_select_and_require_coverage(capsys, write):
    assert main(["test", str(WRONG), "-k", "45.2::wrong-rate"]) == 1
    out = capsys.readouterr().out
    assert "45.1" not in out.replace("m45::108::45.2", "")
    assert main(["test", "--require-coverage", str(write("m26.yaml", BREAKDOWN).parent)]) == 1
