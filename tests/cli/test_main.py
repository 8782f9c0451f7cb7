"""The command line helps: did-you-mean for mistyped commands and options, examples and exit codes in
every --help, --version, and a missing optional dependency named in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from target_rules import __version__
from target_rules.cli import build_parser, main
from target_rules.extras import extra_providing

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = tuple(sorted(next(a for a in build_parser()._actions if a.dest == "command").choices))


def test_a_mistyped_subcommand_gets_a_suggestion(capsys):
    assert main(["evalute"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'evalute'" in err and "did you mean 'evaluate'?" in err


def test_a_mistyped_option_gets_a_suggestion(capsys):
    assert main(["lint", str(ROOT / "rules"), "--strictt", "--lang", "en"]) == 2  # rules/plan.yaml says zh
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert (
        err
        == "target-rules lint: error: unrecognized arguments: --strictt; --strictt: did you mean '--strict'?"
    )
    assert main(["validate", "x.yaml", "--format", "sarf"]) == 2
    assert "did you mean 'sarif'?" in capsys.readouterr().err


def test_the_commands_are_found():
    assert {"evaluate", "lint", "test", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_ends_with_an_example_and_the_exit_codes(command, capsys):
    """A command module defines EXAMPLE; cli.main puts it and the exit codes at the end of --help."""
    assert main([command, "--help", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"example:\n  target-rules {command}" in out
    assert out.rstrip().splitlines()[-1].startswith("exit status: 0 ")


def test_python_m_target_rules_version():
    r = subprocess.run([sys.executable, "-m", "target_rules", "--version"], capture_output=True, text=True)
    assert (r.returncode, r.stdout.strip()) == (0, f"target-rules {__version__}")


def test_a_missing_extra_is_one_line_exit_2_never_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ModuleNotFoundError
    for args in (
        ["report", "--rules", str(ROOT / "rules"), "--report", str(ROOT / "data" / "107"), "--year", "107"],
        ["template", "--rules", str(ROOT / "rules"), "--year", "107", "--measure", "45"],
    ):
        assert main([*args, "--format", "xlsx", "-o", str(tmp_path / "out.xlsx"), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.endswith("needs openpyxl, which is not installed: pip install 'target-rules[xlsx]'\n")
        assert not (tmp_path / "out.xlsx").exists()


def test_the_extra_is_read_from_the_package_requirements_so_new_extras_need_no_code():
    reqs = [
        "pydantic>=2.6",
        'openpyxl>=3.1; extra == "xlsx"',
        'openpyxl>=3.1; extra == "test"',
        'SQLAlchemy>=2; extra == "sql"',
        'pyspark>=3.5; extra == "spark"',
    ]
    assert extra_providing("openpyxl.styles", reqs) == "xlsx"  # the smallest extra, not test
    assert extra_providing("sqlalchemy", reqs) == "sql"
    assert extra_providing("pyspark.sql", reqs) == "spark"
    assert extra_providing("pydantic", reqs) is None and extra_providing("nothing", reqs) is None
    assert extra_providing("numpy") == "columnar"  # the installed metadata


def test_an_unknown_agency_gets_a_suggestion_not_an_empty_template(capsys):
    args = ["template", "--rules", str(ROOT / "rules"), "--year", "107", "--format", "csv", "--lang", "en"]
    assert main([*args, "--agency", "法物部"]) == 2
    assert capsys.readouterr().err == (
        "target-rules template: --agency: unknown agency '法物部'; did you mean '法務部'?\n"
    )
    assert main([*args, "--agency", "法務部"]) == 0
