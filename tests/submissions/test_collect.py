"""tr.consolidate: several agencies' figures for one metric become one figure, as the rules say.

The fixture measure (tests/fixtures/collect/rules/m01.yaml) has a metric of every way of combining:
sum (sessions, budget), a rate recomputed from numerator and denominator (risk_rate), a percentage
with no basis (satisfaction), a weighted percentage (training_rate), milestones combined all (act)
and any (portal), a single owner (audits) and a per-agency breakdown (seminars).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.submissions.collect import consolidate

RULES = Path(__file__).resolve().parents[1] / "fixtures" / "collect" / "rules"


@pytest.fixture(scope="module")
def rules():
    return tr.load_rules(RULES)


def sub(write, name: str, agency: str, metrics: str) -> Path:
    body = "\n".join("      " + line for line in metrics.strip().splitlines())
    return write(name, f"year: 107\nagency: {agency}\nmeasures:\n  1:\n    metrics:\n{body}\n")


def codes(collection):
    return [p.code for p in collection.errors]


def test_two_agencies_summed_exactly(write, rules, tmp_path):
    sub(write, "a.yaml", 甲 := "甲部乙署", "sessions: 648\nbudget: '0.1'")
    sub(write, "b.yaml", "丙部", "sessions: 300\nbudget: '0.2'")
    c = consolidate(tmp_path, rules, 107)
    assert c.ok, [str(p) for p in c.problems]
    sessions = c.report.measures[1].metrics["sessions"]
    assert sessions.value == 948 and {k: v.value for k, v in sessions.by_agency.items()} == {
        甲: 648,
        "丙部": 300,
    }
    assert (
        c.report.measures[1].metrics["budget"].value == 0.3
    )  # 0.1 + 0.2 in decimal, not 0.30000000000000004
    v = next(v for v in tr.evaluate(rules, c.report).verdicts if v.target_id == "1.1")
    assert str(v.status) == "met" and v.actual == 948


def test_every_value_keeps_its_provenance(write, rules, tmp_path):
    a = sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    csv = write("b.csv", "year,measure,metric,value,agency\n107,1,sessions,300,丙部\n")
    c = consolidate(tmp_path, rules, 107)
    parts = c.report.measures[1].metrics["sessions"].by_agency
    assert str(parts["甲部乙署"].origin) == f"{a}:6" and str(parts["丙部"].origin) == f"{csv}:2"


def test_same_agency_twice_is_a_conflict_naming_both_places(write, rules, tmp_path):
    a = sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    b = sub(write, "b.yaml", "乙署", "sessions: 650")  # an alias of the same agency
    c = consolidate(tmp_path, rules, 107)
    [p] = c.errors
    assert p.code == "conflict" and f"{a}:6" in p.message and f"{b}:6" in p.message
    assert (
        "sessions" not in c.report.measures.get(1, tr.language.model.MeasureReport()).metrics
    )  # left out, not half-used


def test_two_agencies_for_a_single_owner_metric_is_a_conflict(write, rules, tmp_path):
    sub(write, "a.yaml", "丙部", "audits: 1")
    sub(write, "b.yaml", "甲部乙署", "audits: {value: 2, agency: 甲部乙署}")
    c = consolidate(tmp_path, rules, 107)
    [p] = c.errors
    assert (
        p.code == "conflict"
        and "single owner" in p.message
        and "丙部" in p.message
        and "甲部乙署" in p.message
    )


def test_percentage_without_basis_is_an_error_that_says_how_to_fix_it(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "satisfaction: 81.3%")
    sub(write, "b.yaml", "丙部", "satisfaction: 75.0%")
    c = consolidate(tmp_path, rules, 107)
    [p] = c.errors
    assert p.code == "percent_without_basis"
    assert (
        "81.3% and 75.0% cannot be combined without their counts: report the counts, or declare a weight"
        in p.message
    )
    assert "satisfaction" not in c.report.measures.get(1, tr.language.model.MeasureReport()).metrics


def test_rate_recomputed_from_the_parts_counts(write, rules, tmp_path):
    # 346 / 476 = 72.69% (measure 1's risk measures in 107), split over two agencies
    sub(write, "a.yaml", "甲部乙署", "risk_cases: 400\nrisk_handled: 300\nrisk_rate: 75%")
    sub(write, "b.yaml", "丙部", "risk_cases: 76\nrisk_handled: 46\nrisk_rate: 60.53%")
    c = consolidate(tmp_path, rules, 107)
    assert c.ok, [str(p) for p in c.errors]
    rate = c.report.measures[1].metrics["risk_rate"]
    assert round(rate.value, 2) == 72.69 and rate.by_agency["丙部"].value == 60.53
    v = next(v for v in tr.evaluate(rules, c.report).verdicts if v.target_id == "1.2")
    assert str(v.status) == "met" and v.judged == 72.69


def test_rate_without_its_counts_cannot_be_recomputed(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "risk_rate: 75%")
    sub(write, "b.yaml", "丙部", "risk_rate: 60%")
    c = consolidate(tmp_path, rules, 107)
    assert codes(c) == ["no_basis"] and "risk_handled" in c.errors[0].message


def test_weighted_percentage(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "staff: 300\ntraining_rate: 40%")
    sub(write, "b.yaml", "丙部", "staff: 100\ntraining_rate: 80%")
    c = consolidate(tmp_path, rules, 107)
    assert c.report.measures[1].metrics["training_rate"].value == 50  # (300*40 + 100*80) / 400


def test_milestones_reached_when_all_or_any_agency_reached(write, rules, tmp_path):
    sub(
        write,
        "a.yaml",
        "甲部乙署",
        "act: {milestone: passed, date: 2018-05-01}\nportal: {milestone: planned}",
    )
    sub(write, "b.yaml", "丙部", "act: {milestone: submitted, date: 2018-03-01}\nportal: {milestone: online}")
    c = consolidate(tmp_path, rules, 107)
    m = c.report.measures[1].metrics
    assert m["act"].milestone == "submitted" and str(m["act"].date) == "2018-03-01"  # the one behind
    assert m["portal"].milestone == "online"  # combine: any
    statuses = {v.target_id: str(v.status) for v in tr.evaluate(rules, c.report).verdicts}
    assert statuses["1.4"] == "met" and statuses["1.5"] == "met"


def test_a_stated_total_that_disagrees_with_its_parts_is_an_error(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部", "sessions: {value: 950, by_agency: {甲部乙署: 648, 丙部: 300}}")
    c = consolidate(tmp_path, rules, 107)
    assert codes(c) == ["total_mismatch"] and "950" in c.errors[0].message and "948" in c.errors[0].message


def test_unknown_agency_is_an_error_with_a_suggestion(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙暑", "sessions: 3")
    c = consolidate(tmp_path, rules, 107)
    [p] = c.errors
    assert p.code == "unknown_agency" and p.hint == "did you mean '甲部乙署'?" and p.line == 2
    assert c.left_out and c.report.submissions[0].status == "left_out"


def test_an_unreadable_submission_is_left_out_and_the_report_says_so(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    write("b.yaml", "year: 107\nmeasures: [unclosed\n")
    write("c.xlsx", b"not a workbook")
    c = consolidate(tmp_path, rules, 107)
    left = {Path(s.file).name for s in c.left_out}
    assert left == {"b.yaml", "c.xlsx"}
    assert c.report.measures[1].metrics["sessions"].value == 648  # the good one is used
    records = {Path(s.file).name: s for s in c.report.submissions}
    assert records["b.yaml"].status == "left_out" and records["b.yaml"].reason
    notes = tr.evaluate(rules, c.report).notes
    assert any("b.yaml was left out" in n for n in notes)


def test_breakdown_parts_come_from_each_agencys_own_file(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "seminars: 1")
    sub(write, "b.yaml", "丙部", "seminars: 2")
    c = consolidate(tmp_path, rules, 107)
    v = next(v for v in tr.evaluate(rules, c.report).verdicts if v.target_id == "1.9")
    assert str(v.status) == "met" and {p.agency: p.actual for p in v.parts} == {"乙署": 1, "丙部": 2}


def test_collect_command_writes_the_report_and_fails_on_errors(write, rules, tmp_path, capsys):
    sub(write, "in/a.yaml", "甲部乙署", "sessions: 648")
    sub(write, "in/b.yaml", "丙部", "sessions: 300")
    out = tmp_path / "out"
    assert (
        main(["collect", str(tmp_path / "in"), "--rules", str(RULES), "--year", "107", "-o", str(out)]) == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["m01.yaml", "submissions.yaml"]
    assert tr.load_report(out).measures[1].metrics["sessions"].value == 948
    sub(write, "in/c.yaml", "甲部乙署", "sessions: 1")
    assert (
        main(["collect", str(tmp_path / "in"), "--rules", str(RULES), "--year", "107", "-o", str(out)]) == 1
    )
    assert "reports 'sessions' twice" in capsys.readouterr().out


def test_validate_accepts_several_agencies_files_for_one_measure(write, rules, tmp_path):
    a = sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    b = sub(write, "b.yaml", "丙部", "sessions: 300")
    r = tr.validate([a, b], rules)
    # no "measure 1 is already reported": the two files are combined; what is left is what nobody sent
    assert {p.code for p in r.errors} == {"missing"}
    assert not any("'sessions'" in p.message for p in r.errors)


def test_load_report_reads_a_mix_with_the_rules(write, rules, tmp_path):
    sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    write("b.csv", "year,measure,metric,value,agency\n107,1,sessions,300,丙部\n")
    with pytest.raises(tr.ReportError) as info:
        tr.load_report(tmp_path)
    assert "rules" in str(info.value)
    assert tr.load_report(tmp_path, rules=rules, year=107).measures[1].metrics["sessions"].value == 948


def test_template_for_an_unknown_agency_is_an_error_with_a_suggestion(capsys):
    assert main(["template", "--rules", str(RULES), "--year", "107", "--agency", "甲部乙暑"]) == 2
    err = capsys.readouterr().err
    assert "unknown agency '甲部乙暑'" in err and "did you mean '甲部乙署'?" in err


def test_template_fills_in_the_agency_and_asks_for_a_rates_counts(capsys):
    assert (
        main(["template", "--rules", str(RULES), "--year", "107", "--agency", "乙署", "--format", "csv"]) == 0
    )
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    metrics = [r[2] for r in rows]
    # every row names the agency: its canonical name, or a per-agency target's own name for it
    assert {r[6] for r in rows} == {"甲部乙署", "乙署"}
    assert {tr.load_rules(RULES).agencies.canonical(r[6]) for r in rows} == {"甲部乙署"}
    i = metrics.index("risk_rate")
    assert metrics[i + 1 : i + 3] == ["risk_handled", "risk_cases"]  # numerator, denominator next to it


def test_validate_names_an_unknown_agency_given_on_the_command_line(write, rules):
    r = tr.validate(sub(write, "a.yaml", "甲部乙署", "sessions: 3"), rules, agency="甲部乙暑")
    assert [p.code for p in r.errors if p.code == "unknown_agency"] == ["unknown_agency"]


def test_rule_file_naming_an_unknown_agency_does_not_load(write, tmp_path):
    import shutil

    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "m01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("丙部, 各機關", "丙布, 各機關"), encoding="utf-8"
    )
    with pytest.raises(tr.RuleError) as info:
        tr.load_rules(tmp_path / "rules")
    [p] = info.value.errors
    assert p.code == "unknown_agency" and p.hint == "did you mean '丙部'?" and p.line == 5


def test_evaluate_judges_what_it_can_and_says_what_it_left_out(write, tmp_path, capsys):
    sub(write, "in/a.yaml", "甲部乙署", "sessions: 648")
    sub(write, "in/b.yaml", "丙部", "sessions: 300")
    write("in/c.csv", "year,measure,metric,value,agency\n107,1,sessions,-5,丁院\n")
    args = ["evaluate", "--rules", str(RULES), "--report", str(tmp_path / "in"), "--year", "107"]
    assert main([*args, "--format", "json"]) == 1  # the data has errors
    captured = capsys.readouterr()
    assert "c.csv:2" in captured.err and "negative" in captured.err
    out = __import__("json").loads(captured.out)
    assert any("c.csv was left out" in n for n in out["notes"])
    v = next(v for v in out["verdicts"] if v["target"] == "1.1")
    assert v["actual"] == 948  # a and b, combined


def test_a_value_from_a_workbook_remembers_its_sheet_and_cell(write, rules, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "submission"
    ws.append(["year", "measure", "metric", "value", "agency"])
    ws.append([107, 1, "sessions", 300, "丙部"])
    wb.save(tmp_path / "c.xlsx")
    sub(write, "a.yaml", "甲部乙署", "sessions: 648")
    c = consolidate(tmp_path, rules, 107)
    origin = c.report.measures[1].metrics["sessions"].by_agency["丙部"].origin
    assert (Path(origin.file).name, origin.sheet, origin.cell) == ("c.xlsx", "submission", "D2")
