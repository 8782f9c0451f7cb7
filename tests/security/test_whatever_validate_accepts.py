"""The gate's promise: whatever ``validate`` accepts, ``evaluate`` and every renderer process.

Both sides are generated: a rule set (one measure with threshold, ratio and growth targets whose
bounds, labels and expressions are drawn from hostile ranges) and a submission for it (values from
tiny to astronomically large, written as ints, floats and strings, quotes with control characters
and formula text). A rule set the loader refuses and a submission the gate refuses are fine; what
must never happen is an exception after the gate said yes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml
from hypothesis import event, given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.render import html, markdown, xlsx
from target_rules.render import render as render_text_like
from tests.security.budget import fuzz, hostile_text

YEAR = 107
METRICS = ("a", "b", "c")
HOSTILE_TEXT = hostile_text()
BIG_NUMBERS = st.one_of(
    st.integers(-(10**40), 10**40),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([10**15, 10**15 + 1, 1e28, -1e28, 1e-300, 5e-324, 10**300]),
)
NEAR_BOUND = st.one_of(  # accepted by the gate, as large as it lets through
    st.integers(0, 10**15),
    st.floats(0, 1e15),
    st.sampled_from([10**15, 999_999_999_999_999, 1e15, 0.000001, 1e-12]),
)
WRITTEN = st.one_of(
    NEAR_BOUND,
    NEAR_BOUND,
    BIG_NUMBERS,
    st.builds(str, BIG_NUMBERS),
    st.sampled_from(["1億", "9" * 300, "72.69%", "1,129萬5,690", "0.0000000000001", "1e5", "-0"]),
)
EXPRESSIONS = st.one_of(
    st.sampled_from(
        [
            "a / b * 100",
            "a ** b",
            "a ** 2",
            "(a * b) ** 10",
            "a / b * 100 if a else 0",
            "9 ** 9 ** 9",
            "a // b",
            "a % b",
            "max(a)",
            "round(a, b)",
            "round(a, 400)",
            "abs(a, b)",
            "min()",
            "a << 1000",
            "a if b else c",
            "+".join(["a"] * 400),
            "(a - b) / (b - b)",
            "a < b < c",
            "not a",
            "a and b",
        ]
    ),
    st.builds(
        lambda x, op, y: f"{x} {op} {y}",
        st.sampled_from([*METRICS, "2", "1e308", "10"]),
        st.sampled_from(["+", "-", "*", "/", "**", "%", "//", "<", "=="]),
        st.sampled_from([*METRICS, "0", "3", "1e308"]),
    ),
)


@st.composite
def rule_sets(draw: st.DrawFn) -> dict:
    """One measure in YAML-ready form, with bounds and texts from hostile ranges."""
    targets = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["threshold", "ratio", "growth"]))
        bound = {draw(st.sampled_from(["at_least", "at_most", "equal"])): draw(WRITTEN)}
        t = {"id": f"1.{i + 1}", "label": {"zh": draw(HOSTILE_TEXT) or "x", "en": draw(HOSTILE_TEXT)}}
        t.update(kind=kind, **bound)
        if draw(st.booleans()):
            t["precision"] = draw(st.integers(0, 6))
        if kind == "threshold":
            t["metric"] = draw(st.sampled_from(METRICS))
        elif kind == "ratio":
            t["expression"] = draw(EXPRESSIONS)
        else:
            t["metric"] = draw(st.sampled_from(METRICS))
            t["baseline"] = draw(WRITTEN)
        targets.append(t)
    units = st.sampled_from(["件", "%", "元", "人"])
    return {
        "measure": 1,
        "strategy": {"number": 1, "title": draw(HOSTILE_TEXT) or "s"},
        "title": {"zh": draw(HOSTILE_TEXT) or "t", "en": draw(HOSTILE_TEXT)},
        "agencies": [draw(HOSTILE_TEXT) or "各機關"],
        "metrics": {n: {"label": {"zh": draw(HOSTILE_TEXT) or n}, "unit": draw(units)} for n in METRICS},
        "years": {YEAR: {"text": draw(HOSTILE_TEXT), "targets": targets}},
    }


@st.composite
def submissions(draw: st.DrawFn) -> dict:
    metrics = {}
    for name in METRICS:
        value = draw(WRITTEN)
        metrics[name] = {"value": value, "quote": draw(HOSTILE_TEXT)} if draw(st.booleans()) else value
    return {"year": YEAR, "measures": {1: {"metrics": metrics}}}


def _dump(data: dict) -> str:
    # Python ints beyond 10**15 and floats are written as YAML scalars as they are.
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def _every_renderer(evaluation: tr.Evaluation) -> None:
    for fmt in ("text", "json", "markdown"):
        for lang in ("zh", "en"):
            out = render_text_like(evaluation, fmt, lang=lang)
            assert isinstance(out, str)
    json.loads(render_text_like(evaluation, "json"))
    html.render(evaluation, lang="en")
    markdown.render(evaluation, lang="zh")
    book = xlsx.render(evaluation, lang="zh")
    import openpyxl

    openpyxl.load_workbook(io.BytesIO(book))


def _write_submission(d: Path, submission: dict, form: str) -> Path:
    """The submission as YAML, or as a CSV / XLSX table (one row per metric) as agencies send it."""
    if form == "yaml":
        path = d / "submission.yaml"
        path.write_text(_dump(submission), encoding="utf-8")
        return path
    rows = [["year", "measure", "metric", "value", "quote"]]
    for name, entry in submission["measures"][1]["metrics"].items():
        value, quote = (entry["value"], entry["quote"]) if isinstance(entry, dict) else (entry, "")
        rows.append([YEAR, 1, name, value, quote])
    if form == "csv":
        import csv

        path = d / "submission.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return path
    from openpyxl import Workbook

    from target_rules.outputs import sheet_row

    wb = Workbook()
    for row in rows:
        sheet_row(wb.active, row)
    path = d / "submission.xlsx"
    wb.save(path)
    return path


@fuzz(scale=1.0)
@given(rule=rule_sets(), submission=submissions(), form=st.sampled_from(["yaml", "csv", "xlsx"]))
def test_whatever_validate_accepts_is_evaluated_and_rendered(
    tmp_path_factory, rule, submission, form
) -> None:
    d: Path = tmp_path_factory.mktemp("inv")
    (d / "m01.yaml").write_text(_dump(rule), encoding="utf-8")
    try:
        rules = tr.load_rules(d / "m01.yaml")
    except tr.RuleError:
        event("rule set refused when it loads")
        return  # refused when the rules load: evaluation never meets them
    sub = _write_submission(d, submission, form)
    result = tr.validate(sub, rules, year=YEAR)
    assert not [p for p in result.problems if p.code == "internal"], [str(p) for p in result.problems]
    if not result.ok:
        event(f"rules loaded, {form} submission refused by the gate")
        return
    event(f"{form} submission accepted: evaluated and rendered")
    report = tr.load_report(sub) if form == "yaml" else result.report
    assert report is not None
    _every_renderer(tr.evaluate(rules, report, year=YEAR))


def test_a_rate_of_1e27_percent_from_a_power_is_rendered(tmp_path: Path) -> None:
    """Found by the invariant above: (16 x 20) ** 10 against a target of 1 is a rate of about 1.1e27 %;
    rounding it to tenths overflowed the decimal context and every renderer raised."""
    rule = {
        "measure": 1,
        "strategy": {"number": 1, "title": "s"},
        "title": {"zh": "t", "en": "t"},
        "agencies": ["各機關"],
        "metrics": {"a": {"label": {"zh": "a"}, "unit": "件"}, "b": {"label": {"zh": "b"}, "unit": "件"}},
        "years": {
            YEAR: {
                "text": "",
                "targets": [
                    {
                        "id": "1.1",
                        "label": {"zh": "x"},
                        "kind": "ratio",
                        "at_least": 1,
                        "expression": "(a * b) ** 10",
                    }
                ],
            }
        },
    }
    (tmp_path / "m01.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    report = tmp_path / "report.yaml"
    report.write_text(yaml.safe_dump({"year": YEAR, "measures": {1: {"metrics": {"a": 16, "b": 20}}}}))
    evaluation = tr.evaluate(tr.load_rules(tmp_path / "m01.yaml"), tr.load_report(report), year=YEAR)
    assert evaluation.verdicts[0].achievement_rate > 1e26
    _every_renderer(evaluation)
