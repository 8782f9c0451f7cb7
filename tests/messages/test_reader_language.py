"""Done when a clerk who reads only Chinese goes from template to a clean validate with no English on
the screen, and an English reader of evaluate/report sees no Chinese apart from quotes.

"No English" is defined on tokens: every maximal run of ``[A-Za-z0-9_./-]`` that contains a letter is
a token. A token may appear on a Chinese screen only when it is
  * part of a file name the user typed (the submission's path is removed before tokenising),
  * a problem code (target_rules.messages.Code),
  * an identifier from the rules: a metric id, a target id or a milestone id (and dotted paths of
    them, such as ``metrics.cases.value``: each dotted part must be allowed),
  * a key of the submission format itself (year, measures, metrics, value, quote, ...), which the
    clerk types into the file, or the ``YYYY-MM-DD`` date form,
  * the command that checks the file (``target-rules validate ... --rules rules/``),
  * the name of a file format (YAML, JSON, CSV, XLSX, UTF-8), as it appears in file names.
"No Chinese" on an English screen: no CJK character outside 「」 quotes (the source's own words).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from target_rules.cli import main
from target_rules.language import model as m
from target_rules.language.load import load_rules
from target_rules.messages import Code
from tests.test_validate_m45 import GOOD, fill

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
DATA = ROOT / "data" / "107"
TOKEN = re.compile(r"[A-Za-z0-9_./-]*[A-Za-z][A-Za-z0-9_./-]*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _allowed() -> set[str]:
    rules = load_rules([RULES])
    words = {c.value for c in Code}
    for cm in rules:
        for name, metric in cm.measure.metrics.items():
            words.add(name)
            words.update(ms.id for ms in metric.milestones or [])
        for yt in cm.measure.years.values():
            words.update(t.id for t in yt.targets)
    for model in (m.Report, m.MeasureReport, m.ReportedValue, m.Period):
        words.update(model.model_fields)
    words.update({"YYYY-MM-DD", "target-rules", "validate", "--rules", "rules", "--lang", "zh"})
    # names of file formats, as a clerk sees them in file names (.yaml, .csv, .xlsx)
    words.update({"YAML", "JSON", "CSV", "XLSX", "UTF-8", "UTF-16", "Big5", "CP950"})
    return words


ALLOWED = _allowed()


def english_words(text: str) -> list[str]:
    """The tokens of ``text`` a reader of Chinese only would have to read as English."""
    out = []
    for token in TOKEN.findall(text):
        token = token.strip(".-/")
        if token in ALLOWED or re.fullmatch(r"[\d.]+[A-Za-z]?", token):
            continue
        parts = [p for p in re.split(r"[.\[\]]", token) if p]
        if parts and all(p in ALLOWED or p.isdigit() for p in parts):
            continue
        out.append(token)
    return out


def chinese_outside_quotes(text: str) -> list[str]:
    unquoted = re.sub(r"「[^」]*」", "", text)
    return [line for line in unquoted.splitlines() if CJK.search(line)]


def _run(capsys, args: list[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def template(capsys) -> str:
    code, text = _run(
        capsys, ["template", "--rules", str(RULES), "--year", "107", "--measure", "45", "--lang", "zh"]
    )
    assert code == 0
    return text


BAD = [
    {**GOOD, "corruption_cases_via_wiretap": "''"},  # left blank
    {**GOOD, "wiretap_cases_received": "九百二十九"},  # a number in words
    {**GOOD, "wiretap_cases_approved": "929", "wiretap_cases_received": "699"},  # swapped
    {**GOOD, "wiretap_cases_approved": '"75%"'},  # a ratio for a count
    {**GOOD, "wiretap_cases_approved": "-3"},  # negative
    {**GOOD, "wiretap_cases_approved": "12.5"},  # not whole
]


def test_the_template_in_chinese_has_no_english_words(template):
    assert english_words(template) == []
    assert "國家廉政建設行動方案" in template or "申報範本" in template


def test_a_good_fill_in_validates_cleanly_in_chinese(tmp_path, capsys, template):
    path = tmp_path / "m45.yaml"
    path.write_text(fill(template, GOOD), encoding="utf-8")
    code, out = _run(capsys, ["validate", str(path), "--rules", str(RULES), "--lang", "zh"])
    assert code == 0, out
    assert english_words(out.replace(str(path), "")) == [], out
    assert "通過" in out


@pytest.mark.parametrize("values", BAD, ids=["blank", "words", "swapped", "percent", "negative", "fraction"])
def test_a_bad_fill_in_is_explained_in_chinese(tmp_path, capsys, template, values):
    path = tmp_path / "m45.yaml"
    path.write_text(fill(template, values), encoding="utf-8")
    code, out = _run(capsys, ["validate", str(path), "--rules", str(RULES), "--lang", "zh"])
    assert code == 1, out
    assert "未通過" in out
    assert english_words(out.replace(str(path), "")) == [], out


def test_a_broken_yaml_file_is_explained_in_chinese(tmp_path, capsys, template):
    path = tmp_path / "m45.yaml"
    path.write_text(template.replace("measures:", "measures: [", 1), encoding="utf-8")
    code, out = _run(capsys, ["validate", str(path), "--rules", str(RULES), "--lang", "zh"])
    assert code == 1
    assert english_words(out.replace(str(path), "")) == [], out


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "--format", "text"],
        ["evaluate", "--format", "markdown"],
        ["report", "--format", "markdown"],
    ],
    ids=["evaluate-text", "evaluate-markdown", "report-markdown"],
)
def test_english_output_has_no_chinese_outside_quotes(capsys, args):
    code, out = _run(
        capsys, [*args, "--rules", str(RULES), "--report", str(DATA), "--year", "107", "--lang", "en"]
    )
    assert code == 0
    assert chinese_outside_quotes(out) == []


def test_the_rule_check_is_real():
    # the definitions above are not vacuous: English words and Chinese text are caught
    assert english_words("錯誤：expected a number") == ["expected", "a", "number"]
    assert english_words("metrics.wiretap_cases_approved.value 與 45.1") == []
    assert chinese_outside_quotes("met 287 件") == ["met 287 件"]
    assert chinese_outside_quotes("not reported; 「報告未載明」") == []


@pytest.fixture
def submissions(tmp_path, template) -> Path:
    """Two clerks' files for measure 45: one good, one with a negative count (left out)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.yaml").write_text(fill(template, GOOD), encoding="utf-8")
    (folder / "bad.yaml").write_text(fill(template, BAD[4]), encoding="utf-8")
    return folder


def _without_paths(text: str, folder: Path) -> str:
    """``text`` without the file and folder names under ``folder`` the user typed."""
    return re.sub(re.escape(str(folder)) + r"[^\s:：]*", "", text)


def test_collect_speaks_chinese_to_the_secretariat(tmp_path, capsys, submissions):
    out_dir = tmp_path / "out"
    args = ["collect", str(submissions), "--rules", str(RULES), "--year", "107", "-o", str(out_dir)]
    code, out = _run(capsys, [*args, "--lang", "zh"])
    assert code == 1, out  # the bad file is an error, and is left out
    assert "未採用" in out and "未通過" in out
    assert english_words(_without_paths(out, tmp_path)) == [], out


def test_status_speaks_chinese_to_the_secretariat(tmp_path, capsys, submissions):
    args = ["status", str(submissions), "--rules", str(RULES), "--year", "107", "--lang", "zh"]
    code, out = _run(capsys, args)
    assert code == 0, out
    assert "107 年度：應填" in out and "未採用" in out
    assert english_words(_without_paths(out, tmp_path)) == [], out
