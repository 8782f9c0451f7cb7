"""The pytest plugin: rule files' examples become items; other YAML is left alone."""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).parent / "fixtures" / "rules_toolkit"
GOOD = (FIXTURES / "good" / "m45.yaml").read_text(encoding="utf-8")
WRONG = (FIXTURES / "wrong" / "m45.yaml").read_text(encoding="utf-8")


def _args() -> list[str]:
    """Load the plugin explicitly only when the installed entry point will not (avoids double loading)."""
    installed = any(
        ep.value == "target_rules.authoring.pytest_plugin" for ep in entry_points(group="pytest11")
    )
    if installed and not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return ["-p", "no:cacheprovider"]
    return ["-p", "target_rules.authoring.pytest_plugin", "-p", "no:cacheprovider"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*_args(), *args)


def test_examples_become_items_with_readable_ids(pytester):
    pytester.makefile(".yaml", **{"rules/m45": GOOD})
    result = run(pytester, "--collect-only", "-q", "rules")
    result.stdout.fnmatch_lines(["rules/m45.yaml::m45::108::45.1::just-below-target"])
    assert sum("::" in line for line in result.stdout.lines) == 8
    result = run(pytester, "rules")
    result.assert_outcomes(passed=8)


def test_failures_show_the_diff(pytester):
    pytester.makefile(".yaml", **{"rules/m45": WRONG})
    result = run(pytester, "rules")
    result.assert_outcomes(passed=1, failed=7)
    result.stdout.fnmatch_lines(
        [
            "FAIL m45::108::45.1::just-below-target: expected met, got unmet, because 71.9% < 72%",
            "*explanation: Interception approval rate: 71.9% against a target of 72%*",
            "*did you mean '45.1'?*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_select_by_id_prefix(pytester):
    pytester.makefile(".yaml", **{"rules/m45": GOOD})
    result = run(pytester, "rules/m45.yaml::m45::108::45.1", "-v")
    result.assert_outcomes(passed=4)
    result = run(pytester, "rules", "-k", "missing")
    result.assert_outcomes(passed=2, deselected=6)


def test_rule_file_outside_rules_dir_is_collected_by_content(pytester):
    pytester.makefile(".yaml", **{"elsewhere/m45": GOOD})
    run(pytester, "elsewhere").assert_outcomes(passed=8)


def test_other_yaml_is_not_collected(pytester):
    pytester.makefile(
        ".yaml",
        **{
            "tests/data/conclusions_107/m01": "measure: 1\nconclusion: 已達績效目標值\n",
            "tests/data/report": "year: 107\nmeasures: {}\n",
            "tests/data/notes": "examples: [1, 2]\n",
        },
    )
    pytester.makepyfile(**{"tests/test_x": "def test_ok():\n    assert True\n"})
    result = run(pytester, "tests")
    result.assert_outcomes(passed=1)


def test_broken_rule_file_is_one_failing_item(pytester):
    pytester.makefile(
        ".yaml", **{"rules/m45": GOOD.replace("metric: corruption_cases", "metric: corruption_case")}
    )
    result = run(pytester, "rules")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*does not load*", "*unknown metric 'corruption_case'*"])


def test_fixture_directory_is_ignored_by_its_conftest(pytester):
    pytester.makefile(".yaml", **{"fix/rules_toolkit/wrong/m45": WRONG})
    pytester.makepyfile(**{"fix/rules_toolkit/conftest": 'collect_ignore_glob = ["*.yaml", "*.yml"]\n'})
    result = run(pytester, "fix")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
