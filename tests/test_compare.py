"""Year over year: pairing by (measure, target id), rates, statuses, change, one-year targets, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.render.comparison import Comparison, change_text, markdown

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report"


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    rules = tr.load_rules(FIXTURE / "rules")
    a = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "106"), year=106)
    b = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "107"), year=107)
    return tr.compare(a, b)


def test_exported_lazily() -> None:
    import subprocess
    import sys

    # in a fresh interpreter: not imported with the package, and callable both before and after
    # importing the submodule must not shadow the function
    code = (
        "import sys, target_rules as tr; assert 'target_rules.render.comparison' not in sys.modules; "
        "f = tr.compare; assert f.__name__ == 'compare' and callable(f); "
        "import target_rules.render.comparison; assert callable(tr.compare); print('ok')"
    )
    src = str(Path(tr.__file__).resolve().parents[1])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": src})
    assert r.stdout.strip() == "ok", r.stderr


def test_pairs_by_measure_and_target(cmp) -> None:
    assert (cmp.year_a, cmp.year_b) == (106, 107)
    p = cmp[(5, "5.1")]
    assert p.presence == "both"
    # rates as shown, one decimal: 70/60 = 116.67 -> 116.7, 50/60 = 83.33 -> 83.3; the change is
    # exactly the difference of the shown rates (no float noise): 83.3 - 116.7 = -33.4
    assert p.rate_a == 116.7
    assert p.rate_b == 83.3
    assert p.change == -33.4
    assert (p.actual("a"), p.actual("b")) == ("70.0%", "50.0%")  # reviewed / indicted, one decimal
    assert not p.target_changed  # 60 both years
    assert (p.status_a, p.status_b) == (tr.Status.MET, tr.Status.UNMET)
    assert p.status_changed and p.trend == "down"
    assert cmp[(9, "9.1")].change == pytest.approx(100) and cmp[(9, "9.1")].trend == "up"
    assert cmp[(9, "9.1")].same_label and not cmp[(1, "1.1")].same_label


def test_targets_in_one_year_only(cmp) -> None:
    assert [(p.measure, p.target_id) for p in cmp.only_a] == [(2, "2.9")]
    only_b = {(p.measure, p.target_id) for p in cmp.only_b}
    assert only_b == {(2, "2.1a"), (2, "2.1b"), (4, "4.1[交通部]"), (4, "4.1[經濟部]")}
    for p in cmp.only_a:
        assert p.b is None and p.rate_b is None and p.change is None and p.trend == "dropped"
    new = cmp[(2, "2.1a")]
    assert new.a is None and new.rate_a is None and new.status_a is None and new.trend == "new"
    # a-only targets sit with their measure, not at the end
    keys = [(p.measure, p.target_id) for p in cmp]
    assert keys.index((2, "2.9")) < keys.index((3, "3.1"))
    assert len(cmp) == len(set(keys))


def test_no_rate_means_no_change(cmp) -> None:
    completion = cmp[(3, "3.1")]
    assert completion.rate_a is None and completion.change is None
    assert completion.trend == "same"  # met both years
    missing = cmp[(7, "7.1")]
    assert missing.status_b is tr.Status.MISSING and missing.change is None and missing.trend == "unknown"
    composite = cmp[(2, "2.1")]  # a threshold in 106, a composite in 107
    assert composite.rate_a == pytest.approx(96) and composite.rate_b is None and composite.change is None


def test_summary_counts_top_level_only(cmp) -> None:
    s = cmp.summary
    assert s["only_a"] == 1 and s["only_b"] == 0  # 2.1a/b and breakdown parts belong to a target
    assert s["paired"] == 9
    # up: 4.1, 8.1, 9.1; down: 1.1, 5.1; same status, no rate: 2.1, 3.1; n/a or missing: 6.1, 7.1
    assert s["trend"] == {"up": 3, "down": 2, "same": 2, "unknown": 2, "new": 0, "dropped": 1}
    assert s["status_changed"] == 2  # 5.1 met -> unmet, 7.1 met -> missing
    d = cmp.to_dict()
    # 1.1 (precision 1): 68 of 65 = 104.6% in 106; 72.69 judged 72.7, of 70 = 103.9% in 107:
    # -0.7 points, and the target moved from 65% to 70%
    first = d["pairs"][0]
    assert first["target"] == "1.1" and first["change"] == -0.7
    assert first["target_changed"] and (first["target_a"], first["target_b"]) == ("≥ 65%", "≥ 70%")


def test_same_evaluation_has_no_change() -> None:
    rules = tr.load_rules(FIXTURE / "rules")
    b = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "107"), year=107)
    c = tr.compare(b, b)  # whether tr.compare is the function or the (callable) module
    assert isinstance(c, Comparison)
    assert not c.only_a and not c.only_b
    assert all(p.change in (None, 0) for p in c)
    assert not any(p.status_changed for p in c)


def test_change_text() -> None:
    assert change_text(8.84, "en") == "+8.8 pp"
    assert change_text(-33.333, "zh") == "−33.3 個百分點"
    assert change_text(0.01, "en") == "±0 pp"
    assert change_text(None) == ""


def test_markdown_table(cmp) -> None:
    md = markdown(cmp, "en")
    assert "## Compared with 106" in md
    # each year: actual, target, rate, status; the change is 83.3 - 116.7 of the shown rates
    assert (
        "| 5 | 5.1 | Reviews for at least 60% of indictments | 70.0% | ≥ 60% | 116.7% | met "
        "| 50.0% | ≥ 60% | 83.3% | unmet | −33.4 pp |" in md
    )
    # 件 in English
    assert "| 2 | 2.9 | A target of 106 only | 120 cases | ≥ 100 cases | 120% | met | — | — |  | — |  |" in md
    # 8.1 asked for 30 signatories in 106 and 40 in 107: the rate change says the target moved
    assert "| 110% | met | 128 entities | ≥ 40 entities | 320% | met | +210 pp (target changed) |" in md


def test_cli_report_formats(tmp_path, capsys) -> None:
    base = [
        "report",
        "--rules",
        str(FIXTURE / "rules"),
        "--report",
        str(FIXTURE / "data" / "107"),
        "--year",
        "107",
    ]
    prev = ["--previous-report", str(FIXTURE / "data" / "106"), "--previous-year", "106"]
    out = tmp_path / "sub" / "r.html"
    out.parent.mkdir()  # a missing directory is an error (issue 12), not created silently
    assert main([*base, *prev, "--format", "html", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="only-previous"' in text
    assert main([*base, *prev, "--format", "markdown", "--lang", "en"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Performance targets, ROC year 107 (2018)") and "## Compared with 106" in md
    assert main([*base, "--format", "markdown"]) == 0
    assert "與 106 年比較" not in capsys.readouterr().out
    xlsx = tmp_path / "r.xlsx"
    assert main([*base, *prev, "--format", "xlsx", "-o", str(xlsx)]) == 0
    assert xlsx.read_bytes()[:2] == b"PK"


def test_cli_usage_errors(capsys) -> None:
    base = ["report", "--rules", str(FIXTURE / "rules"), "--report", str(FIXTURE / "data" / "107")]
    assert main([*base, "--format", "xlsx"]) == 2
    assert "needs -o" in capsys.readouterr().err
    assert main([*base, "--previous-year", "106"]) == 2
    assert "--previous-report" in capsys.readouterr().err
    # the previous report must match the previous year
    assert main([*base, "--previous-report", str(FIXTURE / "data" / "106"), "--previous-year", "105"]) == 1


def test_cli_refuses_a_previous_report_that_is_not_earlier(capsys) -> None:
    # Comparing 107 with itself would print "compared with 107" and a column of zero changes: a
    # mistyped path, not a comparison anyone asked for.
    base = ["report", "--rules", str(FIXTURE / "rules"), "--report", str(FIXTURE / "data" / "107")]
    assert main([*base, "--previous-report", str(FIXTURE / "data" / "107"), "--format", "markdown"]) == 2
    err = capsys.readouterr().err
    assert "year 107, not earlier than 107" in err
