"""The made-up plan in examples/city-cycling-plan runs end to end through every command.

It proves nothing is tied to the plan in rules/: its title, calendar and agencies come from its own
plan.yaml. Expected verdicts are worked out in the header comments of its data files from the rules'
numbers; counts come from the rules, never from constants.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "city-cycling-plan"
RULES = PLAN / "rules"
DATA = PLAN / "data"
TITLE = {"zh": "青禾市自行車友善城市行動計畫", "en": "Qinghe City Cycling-Friendly City Action Plan"}
SEED_TITLE = ("國家廉政", "National Integrity")

# From the comments at the top of data/113/report.yaml and data/114/report.yaml.
EXPECTED = {
    113: {"1.1": "met", "2.1": "met", "3.1": "unmet", "4.1": "unmet", "5.1": "unmet", "6.1": "unmet"},
    114: {"1.1": "met", "2.1": "met", "3.1": "met", "4.1": "met", "5.1": "unmet", "6.1": "not_applicable"},
}


@pytest.fixture(scope="module")
def rules() -> tr.RuleSet:
    return tr.load_rules(RULES)


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _no_seed_plan(text: str) -> None:
    assert not any(s in text for s in SEED_TITLE), "the example's output names the seed plan"


def test_the_plan_file_gives_title_calendar_and_agencies(rules) -> None:
    assert (rules.plan.title.zh, rules.plan.title.en) == (TITLE["zh"], TITLE["en"])
    assert rules.plan.gregorian(113) == 2024
    assert rules.agencies.resolve("交通局").name == "青禾市政府交通局"


def test_its_rules_are_clean_and_pass_their_own_examples(capsys) -> None:
    code, out, _ = _run(["lint", str(RULES), "--lang", "en"], capsys)
    assert code == 0 and "0 errors, 0 warnings" in out
    code, out, _ = _run(["test", str(RULES), "--require-coverage", "--lang", "en"], capsys)
    assert code == 0 and "0 failed" in out


def test_it_covers_the_kinds_it_is_meant_to(rules) -> None:
    kinds = {t.kind for cm in rules for y in cm.measure.years.values() for t in y.targets}
    assert {"threshold", "ratio", "completion", "frequency", "breakdown", "composite", "none"} <= kinds


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_evaluate_gives_the_worked_out_verdicts(rules, year) -> None:
    ev = tr.evaluate(rules, tr.load_report(DATA / str(year)))
    assert {v.target_id: str(v.status) for v in ev.verdicts if v.part_of is None} == EXPECTED[year]
    # counts from the rules: every measure with targets that year is judged, nothing else
    assert len(ev.measures) == sum(1 for cm in rules if year in cm.measure.years)
    assert ev.notes == []  # the report's plan: matches the plan file, every metric is read


def test_rounding_and_lateness_read_consistently(rules) -> None:
    ev = tr.evaluate(rules, tr.load_report(DATA / "113"))
    ratio = ev.verdict("2.1")  # 199 / 2,500 = 7.96%, judged at one decimal as 8.0% >= 8%
    assert (
        ratio.status == "met"
        and "8.0%" in ratio.explanation["zh"]
        and "達成率 100%" in ratio.explanation["zh"]
    )
    late = ev.verdict("3.1")  # approved 2024-10-15, deadline 2024-09-30
    assert "逾期 15 天" in late.explanation["zh"] and "15 day(s) late" in late.explanation["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_evaluate_text_and_json_carry_the_plans_title(capsys, lang) -> None:
    code, out, _ = _run(
        ["evaluate", "--rules", str(RULES), "--report", str(DATA / "113"), "--lang", lang], capsys
    )
    assert code == 0
    assert out.splitlines()[0].startswith(TITLE[lang])
    _no_seed_plan(out)
    code, out, _ = _run(
        ["evaluate", "--rules", str(RULES), "--report", str(DATA / "113"), "--format", "json"], capsys
    )
    data = json.loads(out)
    assert data["plan"]["title"] == TITLE
    _no_seed_plan(out)


def test_only_unmet_lists_the_unmet_targets(capsys) -> None:
    argv = ["evaluate", "--rules", str(RULES), "--report", str(DATA / "113"), "--only", "unmet"]
    code, out, _ = _run(argv, capsys)
    listed = {
        line.split()[2] for line in out.splitlines() if line.startswith("✗") and line.split()[1].isdigit()
    }
    assert code == 0
    assert listed == {"3.1", "4.1", "5.1", "└6.1b", "6.1"}


@pytest.mark.parametrize("fmt", ["html", "markdown", "xlsx"])
def test_report_year_over_year_in_every_format(tmp_path, capsys, fmt) -> None:
    out = tmp_path / f"report.{fmt}"
    argv = ["report", "--rules", str(RULES), "--report", str(DATA / "114")]
    argv += ["--previous-report", str(DATA / "113"), "--format", fmt, "-o", str(out)]
    code, _, err = _run(argv, capsys)
    assert code == 0, err
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(out.read_bytes()))
        assert wb.worksheets[0]["A1"].value == f"{TITLE['zh']} 114 年績效目標判定"
        text = "\n".join(
            str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
        )
    else:
        text = out.read_text(encoding="utf-8")
        assert f"{TITLE['zh']} 114 年績效目標判定" in text
    _no_seed_plan(text)
    if fmt == "html":  # the 113 actual beside this year's, and the moved target said in words
        assert "12.4 公里" in text and "目標值由 ≥ 12 公里 改為 ≥ 15 公里" in text
    if fmt == "markdown":
        # 1.1: 12.4 of 12 km = 103.3% in 113, 16.2 of 15 km = 108% in 114; the target moved from 12 to 15
        assert "| 12.4 公里 | ≥ 12 公里 | 103.3% | 達成 | 16.2 公里 | ≥ 15 公里 | 108% | 達成 |" in text
        assert "+4.7 個百分點（目標值改變）" in text


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_template_for_each_agency_names_this_plan(tmp_path, capsys, rules, fmt) -> None:
    for agency in ("青禾市政府交通局", "青禾市政府工務局", "青禾市政府教育局", "青禾市政府經濟發展局"):
        out = tmp_path / f"{agency}.{fmt}"
        argv = [
            "template",
            "--rules",
            str(RULES),
            "--year",
            "113",
            "--agency",
            agency,
            "--format",
            fmt,
            "--lang",
            "en",
        ]
        code, _, err = _run([*argv, "-o", str(out)], capsys)
        assert code == 0, err
        if fmt == "yaml":
            text = out.read_text(encoding="utf-8")
            assert text.startswith(f"# Submission template: {TITLE['en']}, year 113 (ROC; 2024)")  # --lang en
            _no_seed_plan(text)
        if fmt == "xlsx":
            from openpyxl import load_workbook

            assert load_workbook(out).properties.title == f"{TITLE['en']} 113"


@pytest.mark.parametrize(
    ("submission", "agency"),
    [("114-transportation.yaml", "青禾市政府交通局"), ("114-public-works.csv", "青禾市政府工務局")],
)
def test_the_filled_in_submissions_validate(capsys, submission, agency) -> None:
    argv = [
        "validate",
        str(PLAN / "submissions" / submission),
        "--rules",
        str(RULES),
        "--agency",
        agency,
        "--lang",
        "en",
    ]
    code, out, err = _run(argv, capsys)
    assert code == 0, out + err
    assert "no problems" in out


def test_a_report_for_another_plan_is_noted(rules, tmp_path) -> None:
    text = (DATA / "114" / "report.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(
        text.replace("plan: 青禾市自行車友善城市行動計畫", "plan: 青禾市公車路網計畫"), encoding="utf-8"
    )
    ev = tr.evaluate(rules, tr.load_report(other))
    # the rules' title in the reader's language; the report's own words stay as written, quoted
    assert any("青禾市公車路網計畫" in n.in_("zh") and TITLE["zh"] in n.in_("zh") for n in ev.notes)
    assert any("「青禾市公車路網計畫」" in n.in_("en") and TITLE["en"] in n.in_("en") for n in ev.notes)


def test_nothing_in_the_package_names_the_seed_plan() -> None:
    src = ROOT / "src" / "target_rules"
    named = [
        str(p.relative_to(ROOT))
        for p in src.rglob("*.py")
        if any(s in p.read_text("utf-8") for s in SEED_TITLE)
    ]
    assert named == []
