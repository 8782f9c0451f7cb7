"""target-rules status: per agency, what it owes, what arrived, what is missing and what has errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.render.status import render
from target_rules.submissions.status import status

RULES = Path(__file__).resolve().parents[1] / "fixtures" / "collect" / "rules"


@pytest.fixture(scope="module")
def rules():
    return tr.load_rules(RULES)


def _row(board, agency):
    return next(r for r in board.agencies if r.agency == agency)


def test_owed_arrived_missing_and_errors_per_agency(write, rules, tmp_path):
    # the fixture measure's owners: 甲部(乙署) and 丙部 (and 各機關, which obliges nobody); audits is 丙部's
    write("a.yaml", "year: 107\nagency: 乙署\nmeasures:\n  1:\n    metrics:\n      sessions: 3\n")
    write("b.yaml", "year: 107\nagency: 丙部\nmeasures:\n  1:\n    metrics:\n      sessions: -1\n")
    board = status(tmp_path, rules, 107)
    a, c = _row(board, "甲部乙署"), _row(board, "丙部")
    assert (1, "sessions") in a.owed and a.arrived == [(1, "sessions")] and (1, "audits") not in a.owed
    assert (1, "audits") in c.owed and (1, "sessions") in c.missing  # its file was left out
    assert c.state == "errors" and c.errors[0].code == "negative"
    assert "丁院" not in {r.agency for r in board.agencies}  # owes nothing and sent nothing: not on the board
    assert board.missing == len(a.missing) + len(c.missing)


def test_formats_and_fail_on_missing(write, rules, tmp_path, capsys):
    folder = tmp_path / "in"
    write("in/a.yaml", "year: 107\nagency: 乙署\nmeasures:\n  1:\n    metrics:\n      sessions: 3\n")
    args = ["status", str(folder), "--rules", str(RULES), "--year", "107", "--lang", "zh"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "甲部乙署：缺 1." in text and "107 年度：應填" in text
    assert main([*args, "--fail-on", "missing"]) == 1
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["agencies"] if r["agency"] == "甲部乙署")
    assert row["arrived"] == ["1.sessions"] and "1.budget" in row["missing"]
    out = tmp_path / "status.html"
    assert main([*args, "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "甲部乙署" in page and "Agency B of Ministry A" in page


def test_nothing_arrived_yet_is_a_board_of_everything_missing(rules):
    board = status([], rules, 107)
    assert board.arrived == 0 and board.missing == board.owed > 0
    assert "0 of" in render(board, "text", "en")
    assert "已到 0 項" in render(board, "text", "zh")


def test_html_escapes_what_submissions_say(write, rules, tmp_path):
    write("x.yaml", "year: 107\nagency: <script>alert(1)</script>\nmeasures: {}\n")
    page = render(status(tmp_path, rules, 107), "html")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
