"""A report, plan file or rule file in the wrong place is told in one line, not a cascade of fields."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
from target_rules.authoring.lint import lint

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "city-cycling-plan"


def test_linting_a_plan_folder_names_each_report_as_a_report_once() -> None:
    # the folder holds rules/, data/ and submissions/: 6 rule files, 2 reports, 1 submission, 1 plan
    problems = [p for p in lint(EXAMPLE) if p.severity == "error"]
    by_file = {Path(p.file).relative_to(EXAMPLE).as_posix(): p.code for p in problems}
    assert by_file == {
        "data/113/report.yaml": "wrong_kind_of_file",
        "data/114/report.yaml": "wrong_kind_of_file",
        "submissions/114-transportation.yaml": "wrong_kind_of_file",
        "rules/plan.yaml": "wrong_kind_of_file",
    }
    assert len(problems) == 4  # one line each, no 'missing field measure' or 'unknown field year'


def test_a_report_given_as_rules_says_to_use_report(tmp_path: Path) -> None:
    with pytest.raises(tr.RuleError) as exc:
        tr.load_rules([EXAMPLE / "rules" / "m01.yaml", EXAMPLE / "data" / "114" / "report.yaml"])
    [problem] = exc.value.problems
    assert problem.code == "wrong_kind_of_file" and "--report" in problem.message


def test_a_rule_file_given_as_a_report_says_to_use_rules() -> None:
    with pytest.raises(tr.ReportError) as exc:
        tr.load_report(EXAMPLE / "rules" / "m01.yaml")
    [problem] = exc.value.problems
    assert problem.code == "wrong_kind_of_file" and "--rules" in problem.message


def test_a_rule_file_with_a_typo_still_gets_its_field_problems(tmp_path: Path) -> None:
    # 'measure' misspelt: the file is not recognised as another kind, so the field is named
    text = (EXAMPLE / "rules" / "m01.yaml").read_text(encoding="utf-8").replace("measure: 1", "measur: 1", 1)
    path = tmp_path / "m01.yaml"
    path.write_text(text, encoding="utf-8")
    codes = {p.code for p in lint([path])}
    assert "wrong_kind_of_file" not in codes and "extra_forbidden" in codes


def test_an_unknown_field_is_never_suggested_as_itself(tmp_path: Path) -> None:
    # 'plan' is a field of the report model, so it was once offered as "did you mean 'plan'?"
    text = (EXAMPLE / "rules" / "m01.yaml").read_text(encoding="utf-8") + "\nplan: x\n"
    path = tmp_path / "m01.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = [p for p in lint([path]) if p.code == "extra_forbidden"]
    assert "'plan'?" not in str(problem)
