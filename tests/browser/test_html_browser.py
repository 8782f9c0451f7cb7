"""The HTML report in a real headless Chromium: offline, every measure, filters, language, print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import target_rules as tr
from target_rules.errors import TargetRulesError
from target_rules.render import html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "report"
OUT = ROOT / "out"
PLAN_MEASURES = 46


def fixture_evaluations() -> tuple[tr.Evaluation, tr.Evaluation]:
    rules = tr.load_rules(FIXTURE / "rules")
    prev = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "106"), year=106)
    cur = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "107"), year=107)
    return prev, cur


def real_107() -> tr.Evaluation | None:
    """The real 107 evaluation, or None while rules/ or data/107/ do not load."""
    try:
        rules = tr.load_rules(ROOT / "rules")
        return tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"), year=107)
    except (TargetRulesError, OSError):
        return None


@pytest.fixture(scope="module")
def fixture_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tr.Evaluation]:
    prev, cur = fixture_evaluations()
    path = tmp_path_factory.mktemp("report") / "fixture-107.html"
    path.write_text(html.render(cur, previous=prev), encoding="utf-8")
    return path, cur


def visible(page: Any, selector: str) -> list[Any]:
    return [el for el in page.query_selector_all(selector) if el.is_visible()]


def visible_attr(page: Any, selector: str, attr: str) -> list[str]:
    return [el.get_attribute(attr) for el in visible(page, selector)]


def test_loads_offline_and_shows_every_measure(offline_page, browser_context) -> None:
    evaluation = real_107()
    complete = evaluation is not None and len(evaluation.measures) == PLAN_MEASURES
    if not complete:  # the real rules are still being written: check the mechanism on the fixture
        evaluation = fixture_evaluations()[1]
    OUT.mkdir(exist_ok=True)
    path = OUT / ("report-107.html" if complete else "report-fixture.html")
    path.write_text(html.render(evaluation), encoding="utf-8")

    op = offline_page(path)
    browser_context.set_offline(True)
    try:
        page = op.load()
        assert op.attempted == [], f"the page tried to reach the network: {op.attempted}"
        assert op.errors == []
        measures = page.locator("section.measure")
        assert measures.count() == len(evaluation.measures)
        if complete:
            assert measures.count() == PLAN_MEASURES
        numbers = [
            int(x)
            for x in page.eval_on_selector_all("section.measure", "els => els.map(e => e.dataset.measure)")
        ]
        assert numbers == [m.measure for m in evaluation.measures]
        assert page.locator("section.strategy").count() == 9
        assert len(visible(page, "section.measure")) == len(evaluation.measures)
        # every target is on the page, and the summary counts match the evaluation
        assert page.locator("article.target").count() == len(evaluation.verdicts)
        met = page.locator('.card[data-filter-status="met"] .n').inner_text()
        assert int(met) == evaluation.summary["by_status"]["met"]
    finally:
        browser_context.set_offline(False)


def test_status_filter(offline_page, fixture_html) -> None:
    path, evaluation = fixture_html
    page = offline_page(path).load()
    everything = len(evaluation.verdicts)
    assert len(visible(page, "article.target")) == everything

    page.click('.chip[data-filter-status="unmet"]')
    statuses = visible_attr(page, "article.target", "data-status")
    assert statuses and set(statuses) == {"unmet"}
    assert len(statuses) == sum(1 for v in evaluation.verdicts if v.status is tr.Status.UNMET)
    shown_measures = {int(x) for x in visible_attr(page, "section.measure", "data-measure")}
    assert shown_measures == {v.measure for v in evaluation.verdicts if v.status is tr.Status.UNMET}
    assert len(visible(page, "section.strategy")) == len(
        {m.strategy for m in evaluation.measures if m.measure in shown_measures}
    )
    assert page.get_attribute('.chip[data-filter-status="unmet"]', "aria-pressed") == "true"

    # the summary card filters too; the provisional filter goes by flag, not status
    page.click('.card[data-filter-status="provisional"]')
    ids = visible_attr(page, "article.target", "data-target")
    assert ids == [v.target_id for v in evaluation.verdicts if "provisional" in v.flags] == ["8.1"]

    page.click('.chip[data-filter-status="all"]')
    assert len(visible(page, "article.target")) == everything
    assert page.is_hidden("#empty")


def test_agency_filter(offline_page, fixture_html) -> None:
    path, _evaluation = fixture_html
    page = offline_page(path).load()
    options = page.eval_on_selector_all("#agency-filter option", "els => els.map(e => e.value)")
    assert {"all", "交通部", "經濟部", "金管會", "法務部(廉政署)"} <= set(options)

    page.select_option("#agency-filter", "交通部")
    assert visible_attr(page, "section.measure", "data-measure") == ["4"]  # a breakdown part's agency
    page.select_option("#agency-filter", "法務部(廉政署)")
    assert visible_attr(page, "section.measure", "data-measure") == ["1", "2", "9"]
    # both filters at once: nothing of 法務部(廉政署) is missing data
    page.click('.chip[data-filter-status="missing"]')
    assert visible(page, "article.target") == []
    assert page.is_visible("#empty")
    page.select_option("#agency-filter", "all")
    assert visible_attr(page, "article.target", "data-target") == ["7.1"]


def test_language_toggle(offline_page, fixture_html) -> None:
    path, evaluation = fixture_html
    page = offline_page(path).load()
    # the fixture has no plan.yaml: the neutral heading, no plan's name (tests/test_example_plan.py
    # checks a plan file's title reaches the page)
    assert page.inner_text("h1") == "107 年績效目標判定"
    first = page.locator("article.target .expl").first
    assert first.inner_text() == evaluation.verdicts[0].explanation["zh"]
    assert page.get_attribute("html", "lang") == "zh-Hant"

    page.click("#lang-toggle")
    assert page.inner_text("h1") == "Performance targets, ROC year 107 (2018)"
    assert first.inner_text() == evaluation.verdicts[0].explanation["en"]
    assert page.get_attribute("html", "lang") == "en"
    assert page.title().startswith("Performance targets")
    assert page.inner_text("#lang-toggle") == "中文"
    assert "Showing" in page.inner_text("#showing")
    assert not any("達成" in t for t in page.locator(".badge").all_inner_texts())

    page.click("#lang-toggle")
    assert page.inner_text("h1") == "107 年績效目標判定"


def test_year_over_year_shown(offline_page, fixture_html) -> None:
    path, _ = fixture_html
    page = offline_page(path).load()
    line = page.inner_text("#t-5-5\\.1 .yoy")
    # 106: 70 of 60 = 116.7% shown; 107: 50 of 60 = 83.3% shown; the change is what a reader
    # computes from the two shown rates, 83.3 - 116.7 = -33.4 points; the 106 actual is shown too
    assert "106" in line and "116.7%" in line and "33.4" in line and "70" in line
    assert page.is_visible("#only-previous")
    assert "2.9" in page.inner_text("#only-previous")


def test_print_layout(offline_page, fixture_html) -> None:
    path, _ = fixture_html
    page = offline_page(path).load()
    page.emulate_media(media="print")
    try:
        assert page.is_hidden("#controls")
        assert page.is_hidden("#lang-toggle")
        assert page.is_hidden("#print-button")
        assert page.eval_on_selector("article.target", "e => getComputedStyle(e).breakInside") == "avoid"
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
    finally:
        page.emulate_media(media="screen")


def test_screenshot_for_people(offline_page) -> None:
    """out/report-107.png (and .pdf): the real 107 report, for a person to look at."""
    evaluation = real_107()
    if evaluation is None:
        _prev, evaluation = fixture_evaluations()
        name = "report-fixture"
    else:
        name = "report-107"
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.html"
    path.write_text(html.render(evaluation), encoding="utf-8")
    op = offline_page(path)
    page = op.load()
    assert op.attempted == []
    shot = OUT / f"{name}.png"
    page.screenshot(path=str(shot))
    page.emulate_media(media="print")
    (OUT / f"{name}.pdf").write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    page.emulate_media(media="screen")
    assert shot.stat().st_size > 10_000
