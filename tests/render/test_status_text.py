"""The status board's text fits the console: agency names are never cut, they wrap within a column
that takes what the counts leave, by display width (CJK counts two)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import target_rules as tr
from target_rules.cli import main
from target_rules.render.common import width
from target_rules.render.status import render_text
from target_rules.render.terminal import Console
from target_rules.submissions.status import status

ROOT = Path(__file__).resolve().parents[2]
# rules/plan.yaml's longest English name (84 characters, well past the old 40-column cut)
LONG = "Department of International and Cross-Strait Legal Affairs, Ministry of Justice"


@pytest.fixture(scope="module")
def board():
    return status([], tr.load_rules(ROOT / "rules"), 107)


def test_the_long_english_names_of_the_plan_are_on_the_board(board):
    assert any(r.en == LONG for r in board.agencies), "the plan registers this agency and it owes figures"


@pytest.mark.parametrize("columns", [60, 80, 100, 160])
def test_every_line_fits_the_console_and_every_name_is_whole(board, columns):
    text = render_text(board, "en", console=Console(width=columns))
    lines = text.splitlines()
    assert max(map(width, lines)) <= columns
    flat = " ".join(line.split("  ")[0].strip() for line in lines)  # the name column, rejoined
    for row in board.agencies:
        assert (row.en or row.agency) in flat, row.en


def test_a_wide_console_keeps_each_name_on_one_line(board):
    text = render_text(board, "en", console=Console(width=200))
    assert any(line.startswith(LONG + " ") for line in text.splitlines())


def test_chinese_names_wrap_by_display_width(board):
    text = render_text(board, "zh", console=Console(width=60))
    assert max(map(width, text.splitlines())) <= 60
    assert "法務部國際及兩岸法律司" in text.replace("\n", "")


def test_the_command_fits_the_terminal_width_it_is_given(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    args = ["status", "--rules", str(ROOT / "rules"), "--year", "107", "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert max(map(width, out.splitlines())) <= 70
    assert LONG in " ".join(line.split("  ")[0].strip() for line in out.splitlines())


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=40, max_value=220))
def test_no_line_is_wider_than_any_console(board, columns):
    text = render_text(board, "en", console=Console(width=columns))
    assert max(map(width, text.splitlines())) <= columns


def test_a_console_too_narrow_for_the_table_lists_each_name_with_its_figures_under_it(board):
    text = render_text(board, "en", console=Console(width=40))
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line == "Control Yuan")
    assert lines[i + 1].startswith("  owed ") and "arrived 0" in lines[i + 1]
