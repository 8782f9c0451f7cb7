"""template --agency resolves a name as every other command does: aliases, bracket widths and spaces;
a name listing several agencies, or none, is refused with the reason (and a did-you-mean)."""

from __future__ import annotations

from pathlib import Path

import pytest

from target_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
CYCLING = ROOT / "examples" / "city-cycling-plan" / "rules"


def _template(capsys, rules: Path, year: int, agency: str) -> tuple[int, str, str]:
    code = main(["template", "--rules", str(rules), "--year", str(year), "--agency", agency, "--lang", "en"])
    said = capsys.readouterr()
    return code, said.out, said.err


# rules/plan.yaml registers 法務部廉政署 with the aliases 廉政署 and 法務部(廉政署)
@pytest.mark.parametrize(
    "spelling", ["法務部廉政署", "廉政署", "法務部(廉政署)", "法務部（廉政署）", "法務部 廉政署"]
)
def test_every_spelling_of_one_agency_gives_its_template(capsys, spelling):
    code, out, _ = _template(capsys, RULES, 107, spelling)
    assert code == 0
    reference = _template(capsys, RULES, 107, "法務部廉政署")[1]
    assert out == reference  # the same template, written for the canonical name
    assert 'agency: "法務部廉政署"' in out and "--agency 法務部廉政署" in out


def test_an_alias_of_the_example_plan_works_too(capsys):
    # examples/city-cycling-plan/rules/plan.yaml: 青禾市政府交通局, alias 交通局
    code, out, _ = _template(capsys, CYCLING, 114, "交通局")
    assert code == 0 and 'agency: "青禾市政府交通局"' in out


def test_a_name_of_several_agencies_is_refused(capsys):
    code, out, err = _template(capsys, RULES, 107, "內政部（警政署、移民署）")
    assert code == 2 and out == ""
    assert "names several agencies (內政部警政署、內政部移民署)" in err


def test_an_unknown_name_gets_a_did_you_mean(capsys):
    code, out, err = _template(capsys, RULES, 107, "監察")
    assert code == 2 and out == ""
    assert "監察院" in err
