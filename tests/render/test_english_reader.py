"""Done when an English reader sees no untranslated Chinese apart from quotes, for any plan.

Every output a reader gets (report: HTML, Markdown, XLSX; evaluate: text, JSON, Markdown; status:
text, HTML; collect) is made with ``--lang en`` for both plans shipped: the 107 integrity plan
(rules/, data/107) and the made-up cycling plan (examples/city-cycling-plan, year 114 compared with
113). What the English reader reads of each format, and what counts as a source quote, is defined in
tests/render/english_view.py; a problem's place in the user's own file (``(at measures[19]...)``) is
the user's text, like a file name, and is left out as well.

The HTML agency filter has exactly one entry per agency of the plan's registry; the expected names
come from each plan.yaml (read here with yaml, not through the program).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from target_rules.cli import main
from tests.render.english_view import (
    chinese_outside_quotes,
    html_english,
    json_english,
    xlsx_english,
)

ROOT = Path(__file__).resolve().parents[2]
CYCLING = ROOT / "examples" / "city-cycling-plan"


@dataclass(frozen=True)
class Plan:
    rules: Path
    report: Path
    year: int
    previous: Path | None  # an earlier year's report, for the year-over-year outputs
    submissions: Path  # what status and collect read


PLANS = {
    "integrity-107": Plan(ROOT / "rules", ROOT / "data" / "107", 107, None, ROOT / "data" / "107"),
    "cycling-114": Plan(
        CYCLING / "rules", CYCLING / "data" / "114", 114, CYCLING / "data" / "113", CYCLING / "submissions"
    ),
}

# (command, format, how the English reader's text is read from the output file)
OUTPUTS = [
    ("report", "html", "html"),
    ("report", "markdown", "text"),
    ("report", "xlsx", "xlsx"),
    ("evaluate", "text", "text"),
    ("evaluate", "json", "json"),
    ("evaluate", "markdown", "text"),
]
PLACE = re.compile(r" \(at [^)]*\)")  # where in the user's own file a problem is


def _read(path: Path, how: str) -> str:
    if how == "html":
        return html_english(path.read_text(encoding="utf-8"))
    if how == "xlsx":
        return xlsx_english(path.read_bytes())
    if how == "json":
        return json_english(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8")


def _leaks(text: str) -> list[str]:
    return chinese_outside_quotes(PLACE.sub("", text))


@pytest.mark.parametrize(("command", "fmt", "how"), OUTPUTS, ids=[f"{c}-{f}" for c, f, _ in OUTPUTS])
@pytest.mark.parametrize("plan", PLANS.values(), ids=list(PLANS))
def test_english_output_has_no_chinese_outside_quotes(tmp_path, capsys, plan, command, fmt, how):
    out = tmp_path / f"out.{fmt}"
    args = [command, "--rules", str(plan.rules), "--report", str(plan.report), "--lang", "en"]
    args += ["--format", fmt, "-o", str(out)]
    if command == "evaluate" and fmt == "text":
        args.append("--explain")  # every explanation, not only the unmet ones
    if command == "report" and plan.previous is not None:
        args += ["--previous-report", str(plan.previous)]  # year over year too
    assert main(args) == 0
    said = capsys.readouterr()
    assert _leaks(_read(out, how)) == []
    assert _leaks(said.out + said.err) == []


@pytest.mark.parametrize("plan", PLANS.values(), ids=list(PLANS))
def test_status_and_collect_speak_english(tmp_path, capsys, plan):
    common = ["--rules", str(plan.rules), "--year", str(plan.year), "--lang", "en"]
    page = tmp_path / "status.html"
    assert main(["status", str(plan.submissions), *common]) == 0
    assert main(["status", str(plan.submissions), *common, "--format", "html", "-o", str(page)]) == 0
    assert main(["collect", str(plan.submissions), *common, "-o", str(tmp_path / "collected")]) == 0
    said = capsys.readouterr()
    assert _leaks(said.out + said.err) == []
    assert _leaks(html_english(page.read_text(encoding="utf-8"))) == []


def test_the_reader_views_are_not_vacuous():
    # Chinese outside a quote is caught in every view; inside a quote, or on the hidden side, it is not
    assert chinese_outside_quotes("met 287 件") == ["met 287 件"]
    assert chinese_outside_quotes("not reported; 「報告未載明」") == []
    page = (
        '<p><span class="l-zh">達成</span><span class="l-en">met</span></p>'
        "<blockquote>已達績效目標值</blockquote><p>287 件</p>"
        '<select><option data-zh="交通部">交通部</option></select><svg><title>達成：3</title></svg>'
    )
    assert chinese_outside_quotes(html_english(page)) == ["287 件", "交通部", "達成：3"]
    data = '{"label": {"zh": "甲", "en": "A 乙"}, "quotes": ["丙"], "agency": "丁"}'
    assert chinese_outside_quotes(json_english(data)) == ["A 乙"]
    assert _leaks("warning: bad period (at measures[19].by_agency.大專校院.period)") == []


# ---- the HTML agency filter -------------------------------------------------------------------------


def _key(name: str) -> str:
    """How plan.yaml says names compare: full-width brackets as half-width, no spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def registry(plan: Plan) -> dict[str, dict[str, str]]:
    """Every spelling plan.yaml lists (name or alias) -> {zh: name, en: English name}."""
    data = yaml.safe_load((plan.rules / "plan.yaml").read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for agency in data["agencies"]:
        for spelling in (agency["name"], *agency.get("aliases", [])):
            out[_key(spelling)] = {"zh": agency["name"], "en": agency["en"]}
    return out


def named(plan: Plan, spelling: str) -> list[dict[str, str]]:
    """The registry agencies a rule file's spelling names: itself, or, for 部(甲署、乙署), each unit as
    plan.yaml's header says (部(甲署), 部甲署 or 甲署)."""
    known = registry(plan)
    key = _key(spelling)
    if key in known:
        return [known[key]]
    parent, units = re.fullmatch(r"([^()]+)\(([^()]+)\)", key).groups()
    found = []
    for unit in units.split("、"):
        agency = next(known[k] for k in (f"{parent}({unit})", parent + unit, unit) if k in known)
        found.append(agency)
    return found


def measure_agencies(plan: Plan) -> set[str]:
    """The canonical names of the agencies the rule files list under a measure's ``agencies``, for
    measures with a target of the year that names no agency of its own (such a target is the
    measure's agencies'; one that names its agency is that agency's only)."""
    out: set[str] = set()
    for f in plan.rules.glob("m*.yaml"):
        rule = yaml.safe_load(f.read_text(encoding="utf-8"))
        targets = (rule.get("years", {}).get(plan.year) or {}).get("targets", [])
        if any("agency" not in t for t in targets):
            for spelling in rule.get("agencies", []):
                out.update(a["zh"] for a in named(plan, spelling))
    return out


class _Filter(HTMLParser):
    """The options of #agency-filter (value, data-zh, data-en, text) and every target's data-agencies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.options: list[dict[str, str]] = []
        self.targets: list[str] = []
        self._in_filter = False
        self._option: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "select" and a.get("id") == "agency-filter":
            self._in_filter = True
        elif tag == "option" and self._in_filter:
            self._option = {**a, "text": ""}
            self.options.append(self._option)
        elif tag == "article" and "data-agencies" in a:
            self.targets.append(a["data-agencies"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._in_filter = False
        if tag == "option":
            self._option = None

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data


def _filter(tmp_path: Path, plan: Plan, lang: str) -> _Filter:
    out = tmp_path / f"report-{lang}.html"
    args = ["report", "--rules", str(plan.rules), "--report", str(plan.report), "--lang", lang]
    assert main([*args, "--format", "html", "-o", str(out)]) == 0
    parsed = _Filter()
    parsed.feed(out.read_text(encoding="utf-8"))
    return parsed


@pytest.mark.parametrize("plan", PLANS.values(), ids=list(PLANS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_agency_filter_has_one_entry_per_registry_agency(tmp_path, capsys, plan, lang):
    parsed = _filter(tmp_path, plan, lang)
    capsys.readouterr()
    everyone, *options = parsed.options
    assert everyone["value"] == "all"
    by_name = {a["zh"]: a for a in registry(plan).values()}
    values = [o["value"] for o in options]
    assert len(values) == len(set(values)), "an agency is listed twice"
    for option in options:
        agency = by_name[option["value"]]  # a canonical name of plan.yaml, not a rule file's spelling
        assert (option["data-zh"], option["data-en"]) == (agency["zh"], agency["en"])
        assert option["text"] == agency[lang]
    # the entries are the agencies the targets are filed under, no more, no fewer
    filed = {a for f in parsed.targets for a in f.split("|")}
    assert filed == set(values)
    assert measure_agencies(plan) <= set(values)


def test_one_agency_written_two_ways_is_one_filter_entry(tmp_path, capsys):
    # the 107 rules write the Agency Against Corruption as 法務部(廉政署), 法務部（廉政署） and 法務部廉政署
    plan = PLANS["integrity-107"]
    spellings = {
        s
        for f in plan.rules.glob("m*.yaml")
        for s in yaml.safe_load(f.read_text(encoding="utf-8")).get("agencies", [])
        if _key(s) in ("法務部(廉政署)", "法務部廉政署")
    }
    assert len(spellings) >= 2  # the case exists in the data
    values = [o["value"] for o in _filter(tmp_path, plan, "en").options]
    capsys.readouterr()
    assert values.count("法務部廉政署") == 1
    assert not spellings & (set(values) - {"法務部廉政署"})
