"""Project configuration: found by walking up from the working directory, so commands need no arguments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from target_rules.cli import main
from target_rules.config import find_config, load_config
from target_rules.errors import RuleError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rules_repo(tmp_path: Path) -> Path:
    """A rules repository: pyproject.toml with [tool.target-rules], rule files in definitions/."""
    (tmp_path / "definitions").mkdir()
    shutil.copy2(ROOT / "rules" / "m45.yaml", tmp_path / "definitions" / "m45.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "our-rules"\n\n[tool.target-rules]\nrules = ["definitions"]\nyear = 107\n'
        'lang = "en"\nignore = ["unused_metric"]\n',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    return tmp_path


def test_found_by_walking_up_from_a_subdirectory(rules_repo, monkeypatch):
    monkeypatch.chdir(rules_repo / "sub" / "deeper")
    cfg = load_config()
    assert cfg.file == rules_repo / "pyproject.toml"
    assert [Path(r).resolve() for r in cfg.rules] == [(rules_repo / "definitions").resolve()]
    assert (cfg.year, cfg.lang, cfg.ignore) == (107, "en", frozenset({"unused_metric"}))


def test_target_rules_toml_wins_over_pyproject_in_the_same_directory(rules_repo):
    (rules_repo / "target-rules.toml").write_text("year = 108\n", encoding="utf-8")
    assert find_config(rules_repo / "sub") == rules_repo / "target-rules.toml"
    assert load_config(rules_repo).year == 108


def test_pyproject_without_the_table_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"
    assert load_config(tmp_path).file != tmp_path / "pyproject.toml"


def test_a_mistyped_key_or_bad_value_is_a_problem_with_a_suggestion(tmp_path):
    (tmp_path / "target-rules.toml").write_text('rule = ["r"]\nyear = "108"\nlang = "EN"\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert "rule must be one of rules, year, lang, ignore" in text and "did you mean 'rules'?" in text
    assert "year must be a positive whole number" in text and "lang must be zh or en" in text
    assert all(p.file == str(tmp_path / "target-rules.toml") and p.code == "config" for p in info.value)


def test_lint_and_test_need_no_arguments_inside_a_rules_repository(rules_repo, monkeypatch, capsys):
    monkeypatch.chdir(rules_repo / "sub")
    assert main(["lint"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "0 errors, 0 warnings in 1 file"  # unused_metric is ignored by the project
    assert main(["test"]) == 0
    assert " passed, 0 failed" in capsys.readouterr().out


def test_year_and_language_come_from_the_configuration(rules_repo, monkeypatch, capsys):
    monkeypatch.chdir(rules_repo)
    assert main(["template", "--measure", "45", "--format", "csv"]) == 0  # year 107 from the file
    assert capsys.readouterr().out.splitlines()[1].startswith("107,45,")
    shutil.copytree(ROOT / "data" / "107", rules_repo / "report")
    assert main(["evaluate", "--report", "report/m45.yaml"]) == 0
    out = capsys.readouterr().out
    assert "met" in out.lower() and "達成" not in out  # English, from lang = "en"
    assert main(["evaluate", "--report", "report/m45.yaml", "--lang", "zh"]) == 0  # the option wins
    assert "達成" in capsys.readouterr().out


def test_without_configuration_a_command_says_how_to_give_the_rules(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", "--report", "r.yaml"]) == 2
    err = capsys.readouterr().err
    assert "no rules given: pass --rules DIR, or set rules in [tool.target-rules]" in err
    assert main(["template", "--rules", str(ROOT / "rules" / "m45.yaml"), "--lang", "en"]) == 2
    assert "--year is required" in capsys.readouterr().err
