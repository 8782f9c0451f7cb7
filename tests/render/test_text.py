"""The text table: explanations under problems, filters, terminal width, colour, narrow encodings.

Expected figures come from the rule below and the arithmetic written beside each case, never from
the renderer's own output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.engine.explain import shown_actual
from target_rules.language.model import Report
from target_rules.render import text
from target_rules.render.common import shown_rate, width, wrap
from target_rules.render.terminal import Console, safe, wants_colour

ROOT = Path(__file__).resolve().parents[2]

RULE = """
measure: 3
strategy: {number: 1, title: {zh: 強化機關廉政經營責任制度，落實風險控管作為。, en: Strengthen accountability}}
title: {zh: 測試措施, en: Test measure}
agencies: [法務部]
metrics:
  audits: {label: {zh: 專案稽核案件數, en: Audits}, unit: 案}
  rate: {label: {zh: 完成率, en: Completion rate}, unit: "%"}
  system:
    label: {zh: 系統建置, en: System}
    unit: milestone
    milestones:
      - {id: built, label: {zh: 建置完成, en: Built}}
      - {id: live, label: {zh: 正式上線, en: Live}}
years:
  107:
    targets:
      - {id: "3.1", label: {zh: 完成專案稽核 80 案, en: 80 audits}, kind: threshold, metric: audits, at_least: 80}
      - {id: "3.2", label: {zh: 完成率達 90%, en: Completion 90%}, kind: threshold, metric: rate, at_least: 90, precision: 1}
      - {id: "3.3", label: {zh: 系統正式上線, en: System live}, kind: completion, metric: system, reach: live, deadline: 2018-06-30}
      - {id: "3.4", label: {zh: 完成率不超過 95%, en: At most 95%}, kind: threshold, metric: rate, at_most: 89.9, precision: 1}
"""


@pytest.fixture
def rules(write):
    return tr.load_rules(write("m03.yaml", RULE))


def _evaluate(rules, **metrics):
    return tr.evaluate(rules, Report.model_validate({"year": 107, "measures": {3: {"metrics": metrics}}}))


def test_an_unmet_row_is_marked_and_followed_by_its_explanation(rules):
    ev = _evaluate(rules, audits=79, rate="91%", system={"milestone": "live", "date": "2018-06-01"})
    out = text.render(ev, console=Console(width=120))
    lines = out.splitlines()
    [row] = [i for i, line in enumerate(lines) if "完成專案稽核 80 案" in line]
    assert lines[row].startswith("✗") and "未達成" in lines[row]
    # 79 of 80: the explanation names the figure, the target and the rate (79/80 = 98.75% -> 98.8%)
    assert "79 案" in lines[row + 1] and "80 案" in lines[row + 1] and "98.8%" in lines[row + 1]
    # met rows are not explained by default, and not marked
    [met] = [line for line in lines if "完成率達 90%" in line]
    assert met.startswith(" ") and "達成" in met


def test_explain_all_and_none(rules):
    ev = _evaluate(rules, audits=81, rate="91%", system={"milestone": "live", "date": "2018-06-01"})
    everything = text.render(ev, console=Console(width=160), explain="all")
    assert "專案稽核案件數 81 案，目標 80 案" in everything
    quiet = text.render(_evaluate(rules, audits=1, rate="91%"), console=Console(width=160), explain="none")
    assert "目標 80 案" not in quiet


def test_a_milestone_reached_after_its_deadline_says_why_it_is_unmet(rules):
    # reached 'live' on 2018-07-10, deadline 2018-06-30: 10 days late
    ev = _evaluate(rules, audits=80, rate="91%", system={"milestone": "live", "date": "2018-07-10"})
    out = text.render(ev, console=Console(width=200))
    [row] = [line for line in out.splitlines() if line.startswith("✗") and "系統正式上線" in line]
    assert "2018-07-10" in row and "期限 2018-06-30" in row
    assert "逾期 10 天" in out
    en = text.render(ev, "en", console=Console(width=200))
    assert "10 day(s) late" in en


def test_only_lists_the_asked_statuses_but_the_summary_counts_all(rules):
    ev = _evaluate(rules, audits=79, rate="91%")
    out = text.render(ev, console=Console(width=120), only={"missing"})
    assert "系統正式上線" in out and "完成專案稽核" not in out
    assert "未達成 2" in out and "缺資料 1" in out  # 3.1 (79 < 80) and 3.4 (91 > 89.9) unmet; 3.3 missing


def test_a_shown_rate_never_contradicts_its_status(rules):
    # 89.95 judged at one decimal is 90.0 >= 90: met, and shown as 100%, not 99.9% (89.95 / 90)
    met = _evaluate(rules, rate="89.95%").verdict("3.2")
    assert met.status == "met"
    out = text.render(_evaluate(rules, rate="89.95%"), console=Console(width=160))
    [row] = [line for line in out.splitlines() if "完成率達 90%" in line]
    assert "90.0%" in row and "100%" in row and "99.9%" not in row


def test_an_unmet_rate_just_under_the_bound_is_not_shown_as_100(write):
    rule = RULE.replace("at_least: 90, precision: 1", "at_least: 90, precision: 2")
    ev = _evaluate(tr.load_rules(write("m03.yaml", rule)), rate="89.99%")
    v = ev.verdict("3.2")
    # 89.99 < 90: unmet; 89.99 / 90 = 99.988..% would round half-up to 100.0%: shown 99.9%
    assert v.status == "unmet"
    assert "99.9%" in v.explanation["zh"] and "100%" not in v.explanation["zh"]


@pytest.mark.parametrize("cols", [40, 60, 80, 120])
def test_every_line_fits_the_console(rules, cols):
    ev = _evaluate(rules, audits=79, rate="91%", system={"milestone": "built", "date": "2018-06-01"})
    for lang in ("zh", "en"):
        out = text.render(ev, lang, console=Console(width=cols), explain="all")
        assert max(width(line) for line in out.splitlines()) <= cols


def test_real_report_fits_80_columns_in_both_languages():
    rules = tr.load_rules(ROOT / "rules")
    ev = tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"))
    for lang in ("zh", "en"):
        out = text.render(ev, lang, console=Console(width=80))
        assert max(width(line) for line in out.splitlines()) <= 80
        # nothing is cut: every target's label is there in full (wrapped lines joined back)
        flat = "".join(line.strip() for line in out.splitlines()).replace(" ", "")
        for v in ev.verdicts:
            assert v.label[lang].replace(" ", "") in flat, v.target_id


@given(st.text(alphabet=st.sampled_from("廉政建設abc 12,。「」%"), max_size=80), st.integers(4, 30))
def test_wrap_keeps_every_character_and_the_width(text_, cols):
    lines = wrap(text_, cols)
    assert all(width(line) <= cols for line in lines)
    assert "".join(lines).replace(" ", "") == text_.replace(" ", "")


def test_wrap_never_starts_a_line_with_closing_punctuation():
    lines = wrap("一二三四五，六七八", 10)  # 5 CJK = 10 columns; the comma would open line 2
    assert lines == ["一二三四", "五，六七八"]


def test_colour_follows_no_color_and_force_color():
    class Tty:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    assert wants_colour(Tty(), {}) is True
    assert wants_colour(Tty(), {"NO_COLOR": "1"}) is False
    assert wants_colour(Pipe(), {}) is False
    assert wants_colour(Pipe(), {"FORCE_COLOR": "1"}) is True
    assert wants_colour(Tty(), {"NO_COLOR": "1", "FORCE_COLOR": "1"}) is False


def test_coloured_output_keeps_the_columns(rules):
    ev = _evaluate(rules, audits=79, rate="91%")
    plain = text.render(ev, console=Console(width=100))
    coloured = text.render(ev, console=Console(width=100, colour=True))
    assert "\x1b[31;1m" in coloured
    assert (
        coloured.replace("\x1b[31;1m", "")
        .replace("\x1b[0m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[33m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[2m", "")
        == plain
    )


def test_characters_a_console_cannot_encode_fall_back():
    assert safe("≥ 80 案", "cp950") == "≧ 80 案"  # Big5 has ≧, not ≥
    assert safe("≥ 80 案", "ascii") == ">= 80 ?"
    assert safe("✗ └1.2a …", "ascii") == "x `-1.2a ..."


@pytest.mark.parametrize(("encoding", "lang"), [("cp950", "zh"), ("ascii", "en"), ("ascii", "zh")])
def test_evaluate_on_a_narrow_console_does_not_crash(encoding, lang):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "target_rules",
            "evaluate",
            "--rules",
            "rules",
            "--report",
            "data/107",
            "--lang",
            lang,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")
    out = proc.stdout.decode(encoding)  # strictly decodable in the console's own encoding
    assert "✗" not in out
    if encoding == "cp950":
        assert "≧ 280 件" in out and "未達成" in out
    if lang == "en":
        assert ">= 280" in out and "unmet" in out
    if encoding == "ascii" and lang == "zh":
        assert "cannot show Chinese" in proc.stderr.decode("ascii")


_BOUNDS = """
measure: 3
strategy: {number: 1, title: 測試}
title: 測試措施
agencies: [法務部]
metrics:
  rate: {label: {zh: 完成率, en: Completion rate}, unit: "%"}
years:
  107:
    targets:
      - {id: "3.1", label: 至少 90%, kind: threshold, metric: rate, at_least: 90, precision: 1}
      - {id: "3.2", label: 至多 90%, kind: threshold, metric: rate, at_most: 90, precision: 1}
"""


@pytest.fixture(scope="module")
def bounds(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounds") / "m03.yaml"
    path.write_text(_BOUNDS, encoding="utf-8")
    return tr.load_rules(path)


@given(st.decimals(min_value=80, max_value=100, places=3))
def test_shown_actual_and_rate_never_contradict_the_status(bounds, actual):
    ev = tr.evaluate(
        bounds, Report.model_validate({"year": 107, "measures": {3: {"metrics": {"rate": str(actual)}}}})
    )
    for v in ev.verdicts:
        shown = float(shown_rate(v).removesuffix("%"))
        shown_actual_value = float(shown_actual(v).removesuffix("%"))
        if v.comparator == "at_least":
            assert (v.status == "met") == (shown >= 100) == (shown_actual_value >= 90)
        else:  # at_most 90: met when the judged value is at most 90
            assert (v.status == "met") == (shown <= 100) == (shown_actual_value <= 90)


def test_a_control_character_in_a_label_is_shown_not_obeyed(rules):
    # the gate refuses control characters in rule files; the renderer does not rely on it
    ev = _evaluate(rules, audits=79)
    ev.verdicts[0].label = {"zh": "完成專案稽核\x1b[2J", "en": "audits\x1b[2J"}
    out = text.render(ev, console=Console(width=160))
    assert "\x1b" not in out and "\\x1b[2J" in out
