"""The HTML report without a browser: escaping, self-containment, structure, both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.render import FORMATS, render
from target_rules.render import html as html_render

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report"


@pytest.fixture(scope="module")
def years() -> tuple[tr.Evaluation, tr.Evaluation]:
    rules = tr.load_rules(FIXTURE / "rules")
    prev = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "106"), year=106)
    cur = tr.evaluate(rules, tr.load_report(FIXTURE / "data" / "107"), year=107)
    return prev, cur


@pytest.fixture(scope="module")
def page(years) -> str:
    prev, cur = years
    return html_render.render(cur, previous=prev)


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(text: str) -> Collect:
    c = Collect()
    c.feed(text)
    return c


def test_registered_as_a_format(years) -> None:
    assert FORMATS["html"] == "target_rules.render.html"
    assert render(years[1], "html").startswith("<!DOCTYPE html>")


def test_quotes_and_decisions_are_escaped(page) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;達標&#x27;" in page
    assert "&lt;rounded&gt; to one decimal &amp; &quot;as is&quot;" in page
    # the only script element is the page's own
    assert page.count("<script") == 1
    # and the parsed text gives back the quote exactly
    assert "採取適當措施的比率為 72.69%，<script>alert(\"x\")</script> & '達標'。" in "".join(
        parse(page).text
    )


def test_hostile_labels_cannot_break_attributes_or_markup(years) -> None:
    cur = years[1]
    v = cur.verdicts[0]
    original = (v.label, v.agency)
    try:
        v.label = {"zh": '"><img src=x onerror=alert(1)>', "en": "</style><b>x</b>"}
        v.agency = 'A"|B'
        v._explanation = None
        out = html_render.render(cur)
    finally:
        v.label, v.agency = original
        v._explanation = None
    assert "<img" not in out and "<b>x</b>" not in out and "</style><b>" not in out
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in out
    assert 'data-agencies="A&quot;|B"' in out


def test_self_contained(page) -> None:
    tags = parse(page).tags
    for tag, attrs in tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
        assert tag not in ("link", "iframe", "object", "embed", "img")
        if tag == "script":
            assert "src" not in attrs
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "<style>" in page and "@page{size:A4" in page and "@media print" in page


def test_all_strategies_and_measures(page, years) -> None:
    cur = years[1]
    tags = parse(page).tags
    strategies = [a["data-strategy"] for t, a in tags if t == "section" and "data-strategy" in a]
    assert strategies == [str(n) for n in range(1, 10)]
    measures = [a["data-measure"] for t, a in tags if t == "section" and "data-measure" in a]
    assert measures == [str(m.measure) for m in cur.measures]
    cards = [a for t, a in tags if t == "article"]
    assert sorted(a["data-target"] for a in cards) == sorted(v.target_id for v in cur.verdicts)
    statuses = {a["data-target"]: a["data-status"] for a in cards}
    assert (
        statuses["2.1b"] == "unmet" and statuses["7.1"] == "missing" and statuses["6.1"] == "not_applicable"
    )
    assert "provisional" in next(a for a in cards if a["data-target"] == "8.1")["data-flags"]


def test_composite_members_follow_their_composite(page) -> None:
    order = re.findall(r'data-target="([^"]+)"', page)
    assert order.index("2.1") + 1 == order.index("2.1a")
    assert order.index("2.1a") + 1 == order.index("2.1b")


def test_both_languages_embedded(page, years) -> None:
    cur = years[1]
    for v in cur.verdicts:
        assert html_render.esc(v.explanation["zh"]) in page
        assert html_render.esc(v.explanation["en"]) in page
    assert 'data-lang="zh"' in page and '<html lang="zh-Hant"' in page
    en = html_render.render(cur, lang="en")
    assert 'data-lang="en"' in en and "<title>Performance targets, ROC year 107" in en
    with pytest.raises(ValueError):
        html_render.render(cur, lang="fr")


def test_summary_counts_and_chart(page, years) -> None:
    s = years[1].summary
    for status, n in s["by_status"].items():
        assert re.search(
            rf'data-filter-status="{status}" aria-pressed="false"><span class="n">{n}</span>', page
        )
    assert (
        f'data-filter-status="provisional" aria-pressed="false"><span class="n">{s["provisional"]}</span>'
        in page
    )
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(r'<a href="#(s\d)"', svg) == [f"s{n}" for n in range(1, 10)]  # linked to sections
    assert svg.count("<rect") >= 9


def test_rate_bar_is_capped(page) -> None:
    # 8.1 is at 320%: drawn at the cap, marked as over it; 5.1 at 83.3% is drawn short
    card = page[page.index('id="t-8-8.1"') :]
    card = card[: card.index("</article>")]
    assert 'class="fill ok over" style="width:100.00%"' in card
    card = page[page.index('id="t-5-5.1"') :]
    card = card[: card.index("</article>")]
    assert re.search(r'class="fill short" style="width:55\.5\d%"', card)


def test_previous_year_per_target(page) -> None:
    card = page[page.index('id="t-5-5.1"') :]
    card = card[: card.index("</article>")]
    # 83.3% (50/60) minus the shown 116.7% (70/60): −33.4 points, as a reader computes it
    assert "116.7%" in card and "−33.4 個百分點" in card and "−33.4 pp" in card
    new = page[page.index('id="t-2-2.1a"') :]
    assert "106 年無此目標" in new[: new.index("</article>")]
    assert 'id="only-previous"' in page and "2.9" in page[page.index('id="only-previous"') :]


def test_without_previous_there_is_no_comparison(years) -> None:
    out = html_render.render(years[1])
    assert 'class="yoy' not in out and "only-previous" not in out
