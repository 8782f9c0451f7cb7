"""A newcomer takes the measure-45 template, fills it in badly five ways, and gets five precise messages.

The same cases, with their real output, are shown in docs/submissions.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from target_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
M45 = ROOT / "rules" / "m45.yaml"
if not M45.exists():  # pragma: no cover - before the rule file was written
    M45 = ROOT / "tests" / "fixtures" / "validate" / "rules" / "m45.yaml"

GOOD = {
    "wiretap_cases_approved": "699",
    "wiretap_cases_received": "929",
    "corruption_cases_via_wiretap": "14",
}


@pytest.fixture
def template(tmp_path, capsys) -> str:
    assert (
        main(
            [
                "template",
                "--rules",
                str(M45),
                "--year",
                "108",
                "--measure",
                "45",
                "--format",
                "yaml",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert text.count("value:") == 3
    return text


def fill(template: str, values: dict[str, str], extra: dict[str, str] | None = None) -> str:
    """Put each metric's value after its 'value:' (the template lists a metric, then its value line)."""
    out, current = [], None
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.endswith(":") and stripped[:-1] in values:
            current = stripped[:-1]
        elif stripped.startswith("value:") and current is not None:
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}value: {values[current]}" if values[current] else line
            if extra and current in extra:
                line += f"\n{indent}{extra[current]}"
        out.append(line)
    return "\n".join(out) + "\n"


def run(tmp_path: Path, capsys, text: str) -> tuple[int, list[str]]:
    p = tmp_path / "m45-108.yaml"
    p.write_text(text, encoding="utf-8")
    code = main(["validate", str(p), "--rules", str(M45), "--lang", "en"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{p}:")]
    return code, lines


def test_filled_in_well(tmp_path, capsys, template):
    code, lines = run(tmp_path, capsys, fill(template, GOOD))
    assert (code, lines) == (0, [])


def test_blank_template_lists_every_missing_value(tmp_path, capsys, template):
    code, lines = run(tmp_path, capsys, template)
    assert code == 1 and len(lines) == 3 and all("no value for" in line for line in lines)


BAD = [
    (  # 1. a value left blank
        {**GOOD, "corruption_cases_via_wiretap": ""},
        None,
        "no value for 'corruption_cases_via_wiretap' (Corruption cases brought to indictment through wiretaps, cases) "
        "(at measures[45].metrics.corruption_cases_via_wiretap.value); "
        "fill in value, or write not_reported with the reason",
    ),
    (  # 2. a number written in words: refused, and the message gives it in digits (9x100 + 2x10 + 9)
        {**GOOD, "wiretap_cases_received": "九百二十九"},
        None,
        "Chinese numerals are not read; write the digits: 929",
    ),
    (  # 3. approved and received swapped
        {**GOOD, "wiretap_cases_approved": "929", "wiretap_cases_received": "699"},
        None,
        "inconsistent figures for target 45.1: wiretap_cases_approved <= wiretap_cases_received "
        "does not hold (wiretap_cases_approved = 929, wiretap_cases_received = 699)",
    ),
    (  # 4. the ratio typed in place of a count
        {**GOOD, "wiretap_cases_approved": '"75%"'},
        None,
        "'75%' is written as a percentage, but 'wiretap_cases_approved' is counted in cases",
    ),
    (  # 5. last year's period pasted in
        GOOD,
        {"corruption_cases_via_wiretap": "period: {start: 2018-01-01, end: 2018-10-31}"},
        "period 2018-01-01..2018-10-31 is not inside year 108 (2019-01-01..2019-12-31)",
    ),
]


@pytest.mark.parametrize(
    ("values", "extra", "message"), BAD, ids=["blank", "words", "swapped", "percent", "period"]
)
def test_five_bad_fill_ins(tmp_path, capsys, template, values, extra, message):
    code, lines = run(tmp_path, capsys, fill(template, values, extra))
    assert code == 1
    assert len(lines) == 1, lines
    assert message in lines[0], lines[0]
