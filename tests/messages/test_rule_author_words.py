"""A rule author reading Chinese gets the rule model's validator sentences in Chinese.

pydantic hands a validator's ValueError over as English text; messages.VALUE_WORDS gives each of the
rule model's sentences its zh-TW, matched on the English. These tests fail when a validator's sentence
is added or reworded without its Chinese.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from target_rules.errors import RuleError
from target_rules.language.load import load_rules
from target_rules.messages import text_in, value_words

MODEL = Path(__file__).resolve().parents[2] / "src" / "target_rules" / "language" / "model.py"
CJK = re.compile(r"[\u3400-\u9fff]")


def _plain_sentences() -> list[str]:
    """The sentences model.py raises as plain string literals (f-strings are sampled below)."""
    out = []
    for node in ast.walk(ast.parse(MODEL.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            if getattr(call.func, "id", None) == "ValueError" and call.args:
                arg = call.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    out.append(arg.value)
    return out


FILLED_IN = [
    "combine: all is for milestones; use sum or single for numbers",
    "milestone ids repeat: ['a']",
    "give exactly one of at_least, at_most, equal, between (found none)",
    "give exactly one of at_least, at_most, equal, between (found at_least, at_most)",
    "between: low 5 is above high 3",
    "k=4 is more than the 3 targets listed",
    "target ids repeat: ['1.1']",
    "metric 'rate': numerator 'cases' is not a metric of this measure (rate, total)",
    "metric 'rate': weight 'rate' must be another metric counted in numbers, not itself",
    "metric 'rate': denominator 'share' must be another metric counted in numbers, not %",
    "give exactly one of value, milestone, not_reported (found none)",
    "give exactly one of value, by_agency, milestone, not_reported (found value, milestone)",
]


@pytest.mark.parametrize("sentence", _plain_sentences() + FILLED_IN)
def test_every_rule_model_sentence_has_its_chinese(sentence):
    zh = value_words(sentence).in_("zh")
    assert zh != sentence and CJK.search(zh), sentence
    assert value_words(sentence).in_("en") == sentence


def test_the_plain_sentences_are_found():
    assert "a baseline of 0 makes growth undefined" in _plain_sentences()


def _problems_of_rule(tmp_path: Path, strategy_title: str, target: str) -> list:
    """The problems of loading a one-measure rule file with this strategy title and this target."""
    rule = tmp_path / "m01.yaml"
    rule.write_text(
        f"measure: 1\nstrategy: {{number: 1, title: {strategy_title}}}\ntitle: 措施\nagencies: [甲部]\n"
        "metrics:\n  cases: {label: 件數, unit: 件}\n"
        f"years:\n  107:\n    text: 辦理 3 件\n    targets:\n      - {{id: '1.1', label: 件數, {target}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_rules([rule])
    return list(caught.value)


def test_a_bad_rule_file_is_explained_in_chinese(tmp_path):
    problems = _problems_of_rule(tmp_path, "策略", "kind: growth, metric: cases, at_least: 5, baseline: 0")
    zh = [p.message_in("zh") for p in problems]
    assert any("基準值為 0" in m for m in zh), zh


def test_a_text_cut_at_a_comma_is_hinted_in_chinese(tmp_path):
    problems = _problems_of_rule(tmp_path, "甲策略, 乙策略", "kind: threshold, metric: cases, at_least: 3")
    hints = [p.hint for p in problems if p.code == "extra_forbidden" and p.hint]
    assert hints and "逗號" in text_in(hints[0], "zh") and "a comma inside" in text_in(hints[0], "en")
