"""A clerk who reads only Chinese goes from template to a clean validate with no English on the screen.

The flow is driven through the command line (``main(argv)``) in zh, for the 107 plan (rules/) and for
the made-up plan in examples/city-cycling-plan: templates in YAML, CSV and XLSX; a validate of the
empty template, of files with every kind of problem the gate reports and of YAML that does not
parse; then the filled-in template, clean; the one-line errors of the command line; lint and test.
Every --help is checked too, in both languages, for every command found in target_rules/cli, so a
new command without translations fails here.

What counts as English: a run of ASCII letters. What may stay Latin on a Chinese screen (ALLOWED
below, and nothing else) is what the clerk types or what names a thing, not prose:

* the files' own paths (the test takes them out of the text first);
* problem codes (``unknown_metric``), status and flag codes (``met``, ``provisional``): stable
  identifiers other tools key on, and rule files' examples write;
* the command line's own names: ``target-rules``, its commands, option strings, metavars and choices;
* what the clerk wrote, echoed back (a mistyped metric, the value that is not a number): the test
  passes the file's text, and a word in it is the clerk's own;
* test ids (``rules/m45.yaml::m45::107::45.1::name``), which ``-k`` selects by;
* the keys of the project configuration (``[tool.target-rules]``, ``rules``, ``year``...), the keys of a submission (``value``, ``not_reported``, ``quote``...: the report schema's property
  names), its CSV/XLSX column names, and the rules' metric and milestone ids: the clerk types them;
* FORMAT_NAMES: names of file formats and products with no Chinese name in use (YAML, CSV, ...);
* ``YYYY-MM-DD``, the written form of a date, and units that are Latin in Chinese too (``%``, MiB);
* ``pip install 'target-rules[xlsx]'`` and the package it installs (openpyxl): a command to type;
* a spreadsheet place, ``file.xlsx:submission!E2``: the sheet the reader reads by that name and the
  cell's address, as the spreadsheet program shows it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import target_rules as tr
from target_rules.cli import build_parser, command_modules, main
from target_rules.config import KEYS as CONFIG_KEYS
from target_rules.language.schema import render as schema
from target_rules.messages import CATALOG, CODES
from target_rules.status import Flag, Status
from target_rules.submissions.template import HEADER

ROOT = Path(__file__).resolve().parents[2]
RULES_107 = ROOT / "rules"
CYCLING = ROOT / "examples" / "city-cycling-plan"

# File formats and products: the Chinese screen names them as they are named in Chinese too.
FORMAT_NAMES = frozenset(
    {"YAML", "JSON", "CSV", "XLSX", "UTF-8", "HTML", "Markdown", "Excel", "LibreOffice", "Parquet"}
    | {"DuckDB", "SQL", "Schema", "TOML", "Tab", "PYTHONIOENCODING", "MiB", "YYYY-MM-DD", "ROC"}
)
CONFIG_TABLE = "[tool.target-rules]"  # typed into pyproject.toml as it is
PIP = re.compile(r"pip install \S+")  # a command to type
PACKAGES = frozenset({"openpyxl"})  # the optional dependency a missing extra names
SHEET_NAMES = frozenset({"submission"})  # submissions.tabular reads the sheet of this name
CELL = re.compile(r"![A-Z]{1,3}[0-9]+\b")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
WORD = re.compile(r"-{0,2}[A-Za-z][A-Za-z0-9_\-]*")
FILE_NAME = re.compile(r"[\w\-./<>]*\.(yaml|yml|json|csv|xlsx|toml|sarif|parquet|sql|html|md|txt)\b")


def _schema_keys(node: Any) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict):
                keys |= set(v)
            keys |= _schema_keys(v)
    elif isinstance(node, list):
        for v in node:
            keys |= _schema_keys(v)
    return keys


def _parser_words() -> set[str]:
    """Every name the command line itself defines: commands, option strings, metavars, choices."""
    words = {"target-rules"}
    parsers = [build_parser()]
    while parsers:
        p = parsers.pop()
        for action in p._actions:
            words |= set(action.option_strings)
            metavar = action.metavar if isinstance(action.metavar, str) else None
            words |= {metavar} if metavar else set()
            if isinstance(action.choices, dict):  # the subcommands
                words |= set(action.choices)
                parsers += list(action.choices.values())
            elif action.choices:
                words |= {str(c) for c in action.choices}
            words.add(action.dest.upper())  # argparse's metavar when none is given
    return words


def _rule_words(*folders: Path) -> set[str]:
    words: set[str] = set()
    for folder in folders:
        for cm in tr.load_rules(folder):
            for name, metric in cm.measure.metrics.items():
                words.add(name)
                words |= {ms.id for ms in metric.milestones or []}
    return words


ALLOWED = frozenset(
    CODES
    | _schema_keys(json.loads(schema("report")))
    | set(HEADER)
    | _parser_words()
    | _rule_words(RULES_107, CYCLING / "rules")
    | FORMAT_NAMES
    | SHEET_NAMES
    | set(CONFIG_KEYS)
    | {s.value for s in Status}
    | {f.value for f in Flag}
    | PACKAGES
)
TEST_ID = re.compile(r"\S+::\S+")


def english(text: str, paths: tuple[str | Path, ...] = (), typed: str = "") -> list[str]:
    """The English words in ``text`` outside ALLOWED (after taking out ``paths``, file names and test
    ids); a word of ``typed`` (the files the clerk wrote) is the clerk's own."""
    for p in sorted((*map(str, paths), CONFIG_TABLE), key=len, reverse=True):
        text = text.replace(p, " ")
    text = CELL.sub(" ", FILE_NAME.sub(" ", TEST_ID.sub(" ", PIP.sub(" ", text))))
    own = set(WORD.findall(typed))
    found = []
    for word in WORD.findall(text):
        parts = [word] if word in ALLOWED else [w for w in re.split(r"[.\[\]]", word) if w]
        found += [w for w in parts if w not in ALLOWED | own and not w.isdigit() and len(w.strip("-")) > 1]
    return found


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out + err


def chinese(capsys: pytest.CaptureFixture[str], *argv: str | Path, paths: tuple[str | Path, ...] = ()) -> str:
    """Run a command in zh; fail on English on the screen; the screen's text."""
    _code, screen = run(capsys, *argv, "--lang", "zh")
    assert screen.strip(), f"nothing printed by {argv}"
    files = [a for a in argv if isinstance(a, Path)]
    typed = "\n".join(
        f.read_text(encoding="utf-8") for f in files if f.suffix in (".yaml", ".csv") and f.is_file()
    )
    typed += "\n" + " ".join(str(a) for a in argv)  # what was typed on the command line
    assert not english(screen, (*paths, *files), typed), screen
    assert CJK.search(screen), screen  # it did speak Chinese (not an empty or all-ASCII screen)
    return screen


def test_the_detector_finds_english_and_lets_identifiers_through():
    line = "/tmp/x.yaml:3:5: unknown_metric 第 1 項措施沒有指標「risk_measures_rat」；是不是「risk_measures_rate」？"
    assert english(line) == ["risk_measures_rat"]  # a mistyped id is not an identifier of the rules
    assert english("值不符合規定：'abc' is not a number") == ["abc", "is", "not", "number"]
    assert english("請用 --lang en、-o 檔名，或設定 PYTHONIOENCODING=utf-8") == ["utf-8"]
    assert english("（位置：measures[45].metrics.wiretap_cases_approved.value）") == []


# ---- the 107 plan: 中央銀行 owes seven numbers in two measures ---------------------------------------

AGENCY = "中央銀行"
FIGURES_107 = {  # consistent with each other: 4 of 5 events is the 80% rate
    "risk_measures_rate": "80%",
    "risk_measures_taken": 4,
    "high_risk_events": 5,
    "head_chaired_rate": "100%",
    "integrity_meetings": 4,
    "corruption_indictments": 0,
    "transparency_measures": 7,
}
RULES_107_ARGS = ("--rules", RULES_107, "--year", "107")


def _fill_yaml(template: str, figures: dict[str, Any], milestones: dict[str, tuple[str, str]]) -> str:
    doc = yaml.safe_load(template)
    for measure in doc["measures"].values():
        for name, entry in measure["metrics"].items():
            if name in milestones:
                entry["milestone"], entry["date"] = milestones[name]
            else:
                entry["value"] = figures[name]
            entry["quote"] = "依原始資料"
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def test_107_template_to_a_clean_validate_in_chinese(tmp_path, capsys):
    template = tmp_path / "中央銀行.yaml"
    assert run(capsys, "template", *RULES_107_ARGS, "--agency", AGENCY, "-o", template, "--lang", "zh") == (
        0,
        "",
    )
    text = template.read_text(encoding="utf-8")
    assert not english("\n".join(line for line in text.splitlines() if line.lstrip().startswith("#")))
    # the empty template: every figure is asked for, in Chinese
    screen = chinese(capsys, "validate", template, "--rules", RULES_107, "--agency", AGENCY)
    assert screen.count("missing_value") == len(FIGURES_107) and "未通過" in screen
    filled = tmp_path / "填好的.yaml"
    filled.write_text(_fill_yaml(text, FIGURES_107, {}), encoding="utf-8")
    screen = chinese(capsys, "validate", filled, "--rules", RULES_107, "--agency", AGENCY)
    assert screen.startswith("通過") and "沒有問題" in screen
    # without --lang: rules/plan.yaml says zh, and the locale of this run does not
    code, screen = run(capsys, "validate", filled, "--rules", RULES_107, "--agency", AGENCY)
    assert code == 0 and screen.startswith("通過")


def test_107_csv_and_xlsx_templates_in_chinese(tmp_path, capsys):
    csv_text = chinese(capsys, "template", *RULES_107_ARGS, "--agency", AGENCY, "--format", "csv")
    header, *rows = csv_text.splitlines()
    assert "填報值 (value)" in header and len(rows) == len(FIGURES_107)
    sheet = tmp_path / "中央銀行.csv"
    filled = [header] + [
        ",".join([*cells[:4], str(FIGURES_107[cells[2]]).replace("%", ""), *cells[5:]])
        for cells in (row.split(",") for row in rows)
    ]
    sheet.write_text("\n".join(filled) + "\n", encoding="utf-8")
    screen = chinese(capsys, "validate", sheet, "--rules", RULES_107, "--agency", AGENCY)
    assert screen.startswith("通過"), screen
    pytest.importorskip("openpyxl")
    book = tmp_path / "中央銀行.xlsx"
    assert "已寫入" in chinese(
        capsys, "template", *RULES_107_ARGS, "--agency", AGENCY, "--format", "xlsx", "-o", book
    )
    screen = chinese(capsys, "validate", book, "--rules", RULES_107, "--agency", AGENCY)
    assert "missing_value" in screen and "未通過" in screen
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    column = {str(c.value).split("(")[-1].rstrip(")"): c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        figure = FIGURES_107[ws.cell(r, column["metric"]).value]
        ws.cell(r, column["value"]).value = float(figure.rstrip("%")) if isinstance(figure, str) else figure
    wb.save(book)
    screen = chinese(capsys, "validate", book, "--rules", RULES_107, "--agency", AGENCY)
    assert screen.startswith("通過"), screen


def validate_107(capsys: pytest.CaptureFixture[str], file: Path, text: str) -> tuple[str, set[str]]:
    """Write ``text`` to ``file``, validate it in zh for 中央銀行: the screen and the problem codes."""
    file.write_text(text, encoding="utf-8")
    screen = chinese(capsys, "validate", file, "--rules", RULES_107, "--agency", AGENCY)
    return screen, {line.split(" ")[1] for line in screen.splitlines()[:-1]}


BROKEN_107 = """\
year: 107
agency: "中央銀"
measures:
  1:
    metrics:
      risk_measures_rat:
        value: 80%
        unit: "%"
      risk_measures_taken:
        value: 七十
        unit: "件"
      high_risk_events:
        value: 5
        value: 6
        unit: "次"
      head_chaired_rate:
        value: 0.8
        unit: "%"
        period: {start: 107-13-01, end: 107-12-31}
      integrity_meetings:
        value: ４
        unit: "次"
        colour: red
      corruption_indictments:
        value: abc
        unit: "件"
  18:
    metrics:
      transparency_measures:
        milestone: done
        date: 107-02-30
  99:
    metrics:
      x: {value: -3}
"""
# the problems the file above has, each reported in Chinese (codes from target_rules.messages)
BROKEN_107_CODES = {
    "unknown_agency",  # 中央銀 -> did you mean 中央銀行
    "unknown_metric",  # risk_measures_rat -> did you mean risk_measures_rate
    "missing",  # so risk_measures_rate, which target 1.1 needs, is missing
    "value_error",  # 七十, abc, 107-13-01, 107-02-30
    "duplicate_key",  # value twice
    "unit_mismatch",  # 次 for 件; a milestone for a number
    "percent_fraction",  # 0.8 for 80%
    "fullwidth",  # ４
    "extra_forbidden",  # colour
    "unknown_measure",  # 99
}


def test_107_every_kind_of_problem_is_told_in_chinese(tmp_path, capsys):
    screen, codes = validate_107(capsys, tmp_path / "有錯的.yaml", BROKEN_107)
    assert codes == BROKEN_107_CODES
    assert "是不是「risk_measures_rate」？" in screen and "是不是「中央銀行」？" in screen
    assert "民國日期" in screen and screen.splitlines()[-1].startswith("未通過")


WRONG_KINDS_107 = """\
year: 107
agency: 中央銀行
measures:
  1:
    metrics:
      risk_measures_rate: {value: true, unit: "%"}
      risk_measures_taken: {value: [1, 2], unit: 件}
      high_risk_events: {value: 5, unit: 件, period: {start: 107-01-01}}
      head_chaired_rate: {not_reported: ""}
      integrity_meetings: {value: 3, milestone: x, unit: 次}
      corruption_indictments: {value: .nan, unit: 件}
      risk_cases_publication: {milestone: published, date: 2017-05-01}
  18:
    metrics:
      transparency_measures: {value: 7, unit: 項, period: {start: 107-12-01, end: 107-01-01}}
"""


def test_107_values_of_the_wrong_kind_are_told_in_chinese(tmp_path, capsys):
    screen, codes = validate_107(capsys, tmp_path / "種類不對.yaml", WRONG_KINDS_107)
    assert {"value_error", "missing", "missing_reason", "unit_mismatch", "date_outside"} <= codes
    assert "是非值" in screen and "清單" in screen


BROKEN_CSV = """\
年度 (year),措施序次 (measure),指標代碼 (metric),數值 (value),單位 (unit),機關 (agency),顏色
107,18,transparency_measure,7,項,中央銀行,紅
107,1,risk_measures_rate,"70,5",%,中央銀行,
107,1,risk_measures_rate,70,%,中央銀行,
107,x,y
"""


def test_107_a_broken_sheet_is_told_in_chinese(tmp_path, capsys):
    _, codes = validate_107(capsys, tmp_path / "有錯的.csv", BROKEN_CSV)
    assert {"unknown_column", "unknown_metric", "value_error", "duplicate_row", "int_parsing"} <= codes


@pytest.mark.parametrize(
    "text",
    [
        "year: 107\nmeasures:\n  18:\n    metrics:\n      transparency_measures: [1, 2\n",  # unclosed [
        "year: 107\nmeasures:\n  18:\n\tmetrics: 1\n",  # a tab
        "year: 107\nmeasures:\n  18: {metrics: {transparency_measures: {value: 7, quote: 共 1,200 人}}}\n",
        "year: 107\nmeasures:\n  18:\n    metrics:\n      transparency_measures:\n        quote: 達成率: 90%\n",
        'year: 107\nmeasures:\n  18:\n    metrics:\n      transparency_measures:\n        quote: "未關閉\n',
    ],
    ids=["bracket", "tab", "comma", "colon", "quote"],
)
def test_107_yaml_that_does_not_parse_is_told_in_chinese(text, tmp_path, capsys):
    f = tmp_path / "語法.yaml"
    f.write_text(text, encoding="utf-8")
    screen = chinese(capsys, "validate", f, "--rules", RULES_107)
    assert screen.splitlines()[-1].startswith("未通過")


def test_the_one_line_errors_of_the_command_line_in_chinese(tmp_path, capsys, monkeypatch):
    sub = tmp_path / "申報.yaml"
    sub.write_text("year: 107\nmeasures: {}\n", encoding="utf-8")
    for argv in (
        ("validate", sub, "--rules", tmp_path / "沒有規則"),  # missing rules
        ("validate", sub, "--rules", RULES_107, "--year", "abc"),  # --year not a number
        ("validate", sub, "--rules", RULES_107, "--year", "20180"),  # --year out of range
        ("validate", sub, "--rules", RULES_107, "-o", tmp_path / "沒有" / "x.json"),  # unwritable output
        ("validate", sub, "--rules", RULES_107, "-o", sub),  # output over the input
        ("validate", sub, "--rules", RULES_107, "--max-rows", "0"),
        ("validate", "--rules", RULES_107),  # no submission
        ("validaet", sub),  # a mistyped command
        ("validate", sub, "--rules", RULES_107, "--strcit"),  # a mistyped option
        ("validate", sub, "--rules", RULES_107, "--format", "sarf"),  # a mistyped choice
        ("template", "--rules", RULES_107, "--agency", "中央銀", "--year", "107"),  # an unknown agency
        ("template", "--rules", RULES_107, "--agency", AGENCY, "--every-agency"),
        ("template", "--rules", RULES_107),  # no year
        ("template", "--rules", RULES_107, "--year", "107", "--format", "xlsx"),  # xlsx without -o
        ("evaluate", "--rules", RULES_107, "--report", sub, "--only", "unmte"),
    ):
        code, _ = run(capsys, *argv)  # English, for contrast: the locale of this run is not Chinese
        chinese(capsys, *argv)
        assert code == 2, argv
    screen = chinese(capsys, "validate", tmp_path / "沒有這個檔案.yaml", "--rules", RULES_107)
    assert "找不到檔案或資料夾" in screen  # a missing file is a problem of the submission: exit 1
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # a missing optional dependency
    screen = chinese(capsys, "template", *RULES_107_ARGS, "--format", "xlsx", "-o", tmp_path / "t.xlsx")
    assert "pip install 'target-rules[xlsx]'" in screen and screen.count("\n") == 1


def test_lint_and_test_report_in_chinese(tmp_path, capsys):
    assert "0 個錯誤" in chinese(capsys, "lint", RULES_107)
    assert "個通過" in chinese(capsys, "test", RULES_107)
    assert "通過" in chinese(capsys, "test", CYCLING / "rules", "-v", "-k", "m01")
    broken = tmp_path / "m45.yaml"  # a target on a mistyped metric; an example that now fails
    text = (RULES_107 / "m45.yaml").read_text(encoding="utf-8")
    text = text.replace("metric: corruption_cases_via_wiretap", "metric: corruption_case_via_wiretap", 1)
    broken.write_text(text, encoding="utf-8")
    screen = chinese(capsys, "lint", broken)
    assert "unknown_metric" in screen and "是不是「corruption_cases_via_wiretap」？" in screen
    failing = tmp_path / "m45-examples.yaml"
    failing.write_text(
        (RULES_107 / "m45.yaml").read_text(encoding="utf-8").replace("at_least: 7", "at_least: 8", 1)
    )
    screen = chinese(capsys, "test", failing)
    assert "example_failed" in screen and "說明：" in screen


# ---- the made-up plan: 交通局 owes numbers and a milestone ------------------------------------------

CYCLING_ARGS = ("--rules", CYCLING / "rules", "--year", "114")
CYCLING_AGENCY = "青禾市政府交通局"


def test_the_cycling_plan_from_template_to_a_clean_validate_in_chinese(tmp_path, capsys):
    text = chinese(capsys, "template", *CYCLING_ARGS, "--agency", CYCLING_AGENCY)
    assert not english("\n".join(line for line in text.splitlines() if line.lstrip().startswith("#")))
    doc = yaml.safe_load(text)
    names = [n for m in doc["measures"].values() for n in m["metrics"]]
    rules = tr.load_rules(CYCLING / "rules")
    milestones = {
        name: (metric.milestones[-1].id, "114-05-20")
        for cm in rules
        for name, metric in cm.measure.metrics.items()
        if name in names and metric.milestones
    }
    figures = {n: 100 for n in names if n not in milestones} | {
        "cycling_commuters": 265,
        "surveyed_commuters": 2600,
    }
    filled = tmp_path / "交通局.yaml"
    filled.write_text(_fill_yaml(text, figures, milestones), encoding="utf-8")
    screen = chinese(capsys, "validate", filled, "--rules", CYCLING / "rules", "--agency", CYCLING_AGENCY)
    assert screen.startswith("通過"), screen
    shipped = CYCLING / "submissions" / "114-transportation.yaml"
    assert chinese(capsys, "validate", shipped, "--rules", CYCLING / "rules").startswith("通過")
    broken = tmp_path / "有錯的.yaml"
    broken.write_text(
        _fill_yaml(
            text,
            {**figures, "cycling_commuters": "二六五"},
            {**{m: ("publishd", "114-02-30") for m in milestones}},
        ),
        encoding="utf-8",
    )
    screen = chinese(capsys, "validate", broken, "--rules", CYCLING / "rules", "--agency", CYCLING_AGENCY)
    assert "unknown_milestone" in screen and screen.splitlines()[-1].startswith("未通過")


# ---- --help, every command, both languages ------------------------------------------------------------

COMMANDS = sorted(command_modules())


def _help(capsys: pytest.CaptureFixture[str], lang: str, *command: str) -> str:
    assert main([*command, "--help", "--lang", lang]) == 0
    text = capsys.readouterr().out
    # the example is a command line: typed, not read
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("target-rules "))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_names_its_summary_and_exit_codes_by_catalog_key(command):
    module = command_modules()[command]
    for key in (module.HELP, getattr(module, "EXIT_STATUS", "ui.cli.exit_status")):
        assert key in CATALOG and CATALOG[key].zh and CATALOG[key].en, (command, key)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_chinese_in_zh_and_english_in_en(command, capsys):
    argv = [command] if command else []
    zh = _help(capsys, "zh", *argv)
    assert not english(zh), zh
    assert zh.startswith("用法：") and "選項" in zh and "結束代碼" in zh
    en = _help(capsys, "en", *argv)
    assert not CJK.search(en), en
    assert en.startswith("usage: ") and "options:" in en and "exit status" in en


def test_a_top_level_lang_works_before_the_command(capsys):
    assert main(["--lang", "zh", "--help"]) == 0
    assert capsys.readouterr().out.startswith("用法：")
    assert main(["--lang", "zh", "validate", "--help"]) == 0
    assert capsys.readouterr().out.startswith("用法：target-rules validate")
    assert main(["--lang=zh", "validate"]) == 2
    assert "缺少必要的引數：SUBMISSION" in capsys.readouterr().err


# ---- the language is settled before parsing: --lang, the configuration, the plan file, the locale -----


def _no_locale(monkeypatch: pytest.MonkeyPatch, value: str = "C.UTF-8") -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", value)


def test_the_language_before_parsing_follows_lang_then_configuration_then_plan_then_locale(
    tmp_path, monkeypatch
):
    from target_rules.cli import argv_language

    monkeypatch.chdir(tmp_path)  # no configuration, no ./rules
    _no_locale(monkeypatch)
    assert argv_language(["validate", "x.yaml"]) == "en"  # the locale: C
    _no_locale(monkeypatch, "zh_TW.UTF-8")
    assert argv_language(["validate", "x.yaml"]) == "zh"
    # --lang anywhere, --lang=, an abbreviation argparse accepts; the last one wins
    assert argv_language(["validate", "x.yaml", "--lang", "en"]) == "en"
    assert argv_language(["--lang=en", "validate"]) == "en"
    assert argv_language(["--lan", "en", "validate"]) == "en"
    assert argv_language(["--lang", "en", "validate", "--lang", "zh"]) == "zh"
    assert argv_language(["validate", "--", "--lang", "en"]) == "zh"  # after --, a file name
    _no_locale(monkeypatch)
    # the plan file of the rules given: rules/plan.yaml says zh
    assert argv_language(["validate", "x.yaml", "--rules", str(RULES_107)]) == "zh"
    assert argv_language(["validate", "x.yaml", f"--rules={RULES_107 / 'm45.yaml'}"]) == "zh"
    assert argv_language(["lint", str(RULES_107)]) == "zh"  # lint and test: rules as positionals
    # a plan file that does not say its language leaves it to the locale
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "plan.yaml").write_text("plan:\n  title: {zh: 試辦方案, en: A trial plan}\n", encoding="utf-8")
    assert argv_language(["validate", "x.yaml", "--rules", str(quiet)]) == "en"
    # ./rules, the default of lint and test, when no rules are given
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "plan.yaml").write_text("plan:\n  language: zh\n", encoding="utf-8")
    assert argv_language(["lint"]) == "zh" and argv_language(["validate", "x.yaml"]) == "en"
    # the configuration wins over the plan; --lang over the configuration
    (tmp_path / "target-rules.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert argv_language(["lint"]) == "en"
    assert argv_language(["lint", "--lang", "zh"]) == "zh"
    # a broken configuration is reported by the command, in the language settled without it
    (tmp_path / "target-rules.toml").write_text("lang = [\n", encoding="utf-8")
    assert argv_language(["lint"]) == "zh"


def test_a_configured_language_speaks_in_help_and_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _no_locale(monkeypatch)
    (tmp_path / "pyproject.toml").write_text('[tool.target-rules]\nlang = "zh"\n', encoding="utf-8")
    assert main(["validate", "--help"]) == 0
    assert capsys.readouterr().out.startswith("用法：target-rules validate")
    assert main(["validate", "x.yaml", "--formt"]) == 2
    assert "錯誤：無法辨識的引數：--formt；--formt：是不是「--format」？" in capsys.readouterr().err
