"""The 107 report as rules and data: our verdicts agree with every conclusion the report states.

The expected verdicts are the report's own words, kept with their quotes in
tests/data/conclusions_107/*.yaml; nothing here is copied from the program's output.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import target_rules as tr
from target_rules.quantities import round_half_up

from .conftest import DATA_107, ROOT, RULES, SOURCE

CONCLUSIONS = sorted((ROOT / "tests" / "data" / "conclusions_107").glob("*.yaml"))


def _squash(text: str) -> str:
    """Compare quotes ignoring whitespace: the source wraps lines and pads numbers with spaces."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text))


@pytest.fixture(scope="module")
def source_text() -> str:
    return _squash(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evaluation():
    rules = tr.load_rules(RULES)
    report = tr.load_report(DATA_107)
    return tr.evaluate(rules, report, year=107)


@pytest.fixture(scope="module")
def verdicts(evaluation):
    out = {}
    for v in evaluation.verdicts:
        out[v.target_id] = v
        for p in v.parts:
            out.setdefault(p.target_id, p)
    return out


def conclusions() -> list[dict]:
    items: list[dict] = []
    for f in CONCLUSIONS:
        items.extend(yaml.safe_load(f.read_text(encoding="utf-8")) or [])
    return items


def test_every_measure_with_107_targets_has_data_and_every_data_file_a_rule():
    # counts come from the rules: a measure added for another year must not break this test
    rules = tr.load_rules(RULES)
    with_107 = sorted(cm.measure.measure for cm in rules if 107 in cm.measure.years)
    assert with_107  # the shipped plan has 107 targets
    assert sorted(int(p.stem[1:]) for p in DATA_107.glob("m*.yaml")) == with_107
    assert sorted(int(p.stem[1:]) for p in RULES.glob("m*.yaml")) == sorted(rules.measures)


def test_source_copy_is_the_seed():
    seed = ROOT.parent / "shared" / "seeds" / SOURCE.name
    if not seed.exists():
        pytest.skip("../shared is not beside this checkout")
    assert seed.read_bytes() == SOURCE.read_bytes()


def test_every_target_is_judged_or_its_gap_is_documented(evaluation):
    """A missing verdict is allowed only where data/107 says not_reported, with the reason.

    (Measure 12: the report never says how many agencies were trial-evaluated against the target
    of 20, so that figure is recorded as not reported rather than guessed.)
    """
    assert len(evaluation.measures) == sum(1 for cm in tr.load_rules(RULES) if 107 in cm.measure.years)
    silent = []
    for v in evaluation.verdicts:
        if v.status != "missing":
            continue
        members = [p for p in v.parts if p.status == "missing"] or [v]
        if not all("not_reported" in p.flags for p in members):
            silent.append(v.target_id)
    assert silent == [], f"targets without the values they need: {silent}"


def test_every_quote_is_in_the_source(source_text):
    bad = []
    for f in sorted(DATA_107.glob("*.yaml")):
        report = tr.load_report(f)
        for number, mr in report.measures.items():
            for name, rv in mr.metrics.items():
                quotes = [rv.quote] + [a.quote for a in (rv.by_agency or {}).values()]
                for q in filter(None, quotes):
                    if _squash(q) not in source_text:
                        bad.append(f"m{number}.{name}: {q}")
    assert bad == []


def test_conclusion_quotes_are_in_the_source(source_text):
    items = conclusions()
    # Measures whose achievement text states a verdict (已達績效目標值, 達成率 X%, 低於績效目標值,
    # 已達成「退輔會3案」之績效目標, 達成年度績效目標 ...), found by reading the document.
    stated = {1, 2, 4, 8, 19, 24, 26, 34, 36, 42, 44, 45, 46}
    assert stated <= {c["measure"] for c in items}
    for c in items:
        assert _squash(c["quote"]) in source_text, c


@pytest.mark.parametrize("c", conclusions(), ids=lambda c: f"m{c['measure']}-{c['target']}")
def test_verdict_agrees_with_the_reports_conclusion(c, verdicts):
    v = verdicts[str(c["target"])]
    assert v.measure == c["measure"]
    assert v.status == c["status"], (
        f"{c['quote']!r}: report says {c['status']}, we say {v.status}: {v.explanation['zh']}"
    )
    if c.get("achievement_rate") is not None:
        printed = Decimal(str(c["achievement_rate"]))
        decimals = max(0, -printed.as_tuple().exponent)
        assert v.achievement_rate is not None
        assert round_half_up(v.achievement_rate, decimals) == float(printed), v.explanation["zh"]


def test_partial_year_figures_are_provisional(verdicts):
    # measure 45: 目前最新資料為107年1月至10月; measure 24: 截至 107 年 11 月底
    for tid in ("45.1", "45.2", "24.1"):
        assert "provisional" in verdicts[tid].flags, tid


def test_main_job_prints_the_table(capsys):
    from target_rules.cli import main

    args = ["evaluate", "--rules", str(RULES), "--report", str(DATA_107), "--year", "107", "--lang", "zh"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "共 46 項措施" in out
    for numeral in "一二三四五六七八九":
        assert f"\n{numeral}、" in out


def test_json_and_markdown_carry_the_same_verdicts(capsys, evaluation):
    import json

    from target_rules.cli import main

    assert main(["evaluate", "--rules", str(RULES), "--report", str(DATA_107), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(v["target"], v["status"]) for v in data["verdicts"]] == [
        (v.target_id, str(v.status)) for v in evaluation.verdicts
    ]
    assert data["summary"]["measures"] == 46
    assert main(["evaluate", "--rules", str(RULES), "--report", str(DATA_107), "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.count("\n| ") >= len(evaluation.verdicts)


def test_data_files_are_plain_yaml():
    for f in [*RULES.glob("*.yaml"), *DATA_107.glob("*.yaml")]:
        assert isinstance(yaml.safe_load(Path(f).read_text(encoding="utf-8")), dict), f


def test_the_107_data_passes_the_submission_gate():
    """Our own data must pass the gate agencies are held to (warnings: partial periods, school years)."""
    rules = tr.load_rules(RULES)
    result = tr.validate(DATA_107, rules, year=107)
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert {p.code for p in result.warnings} <= {"provisional", "period_overlaps", "unknown_agency"}
