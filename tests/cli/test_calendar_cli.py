"""The commands on a plan that counts Gregorian years: --year 2025 works, --year 114 says why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from target_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "city-cycling-plan"


def test_evaluate_with_year_2025_judges_the_gregorian_plan(gregorian, capsys) -> None:
    argv = ["evaluate", "--rules", str(gregorian / "rules"), "--report", str(gregorian / "data" / "2025")]
    assert main([*argv, "--year", "2025", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2025
    # the verdicts worked out in the example's data/114/report.yaml comments
    statuses = {v["target"]: v["status"] for v in out["verdicts"] if not v.get("part_of")}
    assert statuses == {
        "1.1": "met",
        "2.1": "met",
        "3.1": "met",
        "4.1": "met",
        "5.1": "unmet",
        "6.1": "not_applicable",
    }
    assert main([*argv, "--year", "2025", "--lang", "en"]) == 0
    heading = capsys.readouterr().out.splitlines()[0]
    assert heading.endswith("performance targets, year 2025") and "ROC" not in heading


def test_an_roc_year_on_a_gregorian_plan_is_one_line_that_says_how_the_plan_counts(gregorian, capsys) -> None:
    argv = ["evaluate", "--rules", str(gregorian / "rules"), "--report", str(gregorian / "data" / "2025")]
    assert main([*argv, "--year", "114", "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "target-rules: error: year 114 is outside the Gregorian years 1000..9999: the plan counts"
        " Gregorian years (calendar: gregorian in plan.yaml); 114 looks like an ROC year: 2025"
    )
    assert main([*argv, "--year", "114", "--lang", "zh"]) == 2
    assert "本計畫以西元紀年" in capsys.readouterr().err


def test_validate_and_template_take_the_plans_years(gregorian, capsys) -> None:
    rules = str(gregorian / "rules")
    assert (
        main(["validate", str(gregorian / "submissions"), "--rules", rules, "--year", "2025", "--lang", "en"])
        == 0
    )
    assert "no problems" in capsys.readouterr().out
    assert (
        main(["validate", str(gregorian / "submissions"), "--rules", rules, "--year", "114", "--lang", "en"])
        == 2
    )
    assert "the plan counts Gregorian years" in capsys.readouterr().err
    assert main(["template", "--rules", rules, "--year", "2025", "--agency", "交通局", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "year: 2025" in text and "ROC" not in text


def test_every_command_given_an_roc_year_says_what_it_meant(gregorian, capsys) -> None:
    rules = str(gregorian / "rules")
    # judging agencies' submissions: the year is refused before any submission is read
    assert (
        main(
            [
                "evaluate",
                "--rules",
                rules,
                "--report",
                str(gregorian / "submissions"),
                "--year",
                "114",
                "--lang",
                "en",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "114 looks like an ROC year: 2025" in err[0]
    # the template has no targets for 114, and says 114 is an ROC year
    assert main(["template", "--rules", rules, "--year", "114", "--agency", "交通局", "--lang", "en"]) == 2
    assert "114 looks like an ROC year: 2025" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", ": performance targets, year 2024"), ("zh", " 2024 年績效目標判定")]
)
def test_the_report_heading_counts_the_plans_year(gregorian, capsys, lang, heading) -> None:
    argv = ["report", "--rules", str(gregorian / "rules"), "--report", str(gregorian / "data" / "2024")]
    assert main([*argv, "--format", "markdown", "--lang", lang]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(heading) and "ROC" not in first and "（" not in first, first


def test_sql_with_an_roc_year_on_a_gregorian_plan_says_what_the_year_meant(gregorian, capsys) -> None:
    # 114 + 1911 = 2025: the same sentence evaluate gives, not a bare "no targets for year 114"
    argv = ["sql", "--rules", str(gregorian / "rules"), "--lang", "en"]
    assert main([*argv, "--year", "114"]) == 2
    err = capsys.readouterr().err
    assert "the plan counts Gregorian years" in err and "2025" in err
    assert main([*argv, "--year", "2025"]) == 0
    assert "SELECT" in capsys.readouterr().out.upper()


def test_json_output_says_which_calendar_its_year_counts_in(gregorian, capsys) -> None:
    # a reader of "year": 2025 must not have to guess whether it is ROC 2025 (AD 3936)
    argv = ["evaluate", "--rules", str(gregorian / "rules"), "--report", str(gregorian / "data" / "2025")]
    assert main([*argv, "--year", "2025", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["plan"]["calendar"] == "gregorian"
    roc = ["evaluate", "--rules", str(EXAMPLE / "rules"), "--report", str(EXAMPLE / "data" / "114")]
    assert main([*roc, "--year", "114", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["plan"]["calendar"] == "roc"
