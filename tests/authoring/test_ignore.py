"""Silencing a lint warning: on its line with a comment, or for the whole project."""

from __future__ import annotations

from pathlib import Path

from target_rules.authoring.ignore import line_ignores, suppress
from target_rules.authoring.lint import lint
from target_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


def unused_metric_line(text: str, metric: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if line.strip().startswith(f"{metric}:"))


def test_codes_are_read_from_the_comment():
    assert line_ignores("  x: 1  # target-rules: ignore[unused_metric]") == {"unused_metric"}
    assert line_ignores("x: 1 #target-rules:ignore[a, b]") == {"a", "b"}
    assert line_ignores("x: 1  # target-rules: ignore") == frozenset()  # must say what it silences
    assert line_ignores("x: 1  # noqa") == frozenset()


def test_a_comment_silences_that_warning_on_that_line_only(tmp_path, capsys):
    text = (ROOT / "rules" / "m45.yaml").read_text(encoding="utf-8")
    before = [p for p in lint(ROOT / "rules" / "m45.yaml") if p.code == "unused_metric"]
    assert len(before) == 3  # wiretap_lines_received, wiretap_lines_approved, wiretap_cases_concluded
    lines = text.splitlines()
    i = unused_metric_line(text, "wiretap_lines_received")
    lines[i] += "  # target-rules: ignore[unused_metric]"
    f = tmp_path / "m45.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    after = suppress(lint(f))
    assert [p.line for p in after if p.code == "unused_metric"] == [p.line for p in before[1:]]
    assert main(["lint", str(f)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("0 errors, 2 warnings in 1 file")


def test_a_comment_naming_another_code_silences_nothing(tmp_path):
    text = (ROOT / "rules" / "m45.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[unused_metric_line(text, "wiretap_lines_received")] += "  # target-rules: ignore[no_english_label]"
    f = tmp_path / "m45.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len([p for p in suppress(lint(f)) if p.code == "unused_metric"]) == 3


def test_errors_are_never_silenced(tmp_path):
    text = (ROOT / "rules" / "m45.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: threshold", "kind: treshold  # target-rules: ignore[union_tag_invalid]", 1)
    f = tmp_path / "m45.yaml"
    f.write_text(text, encoding="utf-8")
    errors = [p for p in lint(f) if p.severity == "error"]
    assert errors and suppress(errors, ignore=[p.code for p in errors]) == errors


def test_project_and_command_line_ignore_drop_a_code_everywhere(capsys):
    assert main(["lint", str(ROOT / "rules"), "--ignore", "unused_metric", "--lang", "en"]) == 0
    linted = len(list((ROOT / "rules").glob("m*.yaml"))) + 1  # the measures' files and plan.yaml
    assert capsys.readouterr().out.strip().endswith(f"0 errors, 0 warnings in {linted} files")
