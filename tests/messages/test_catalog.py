"""The message catalog: every code speaks both languages, and docs/codes.md lists exactly the codes."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target_rules.errors import Problem
from target_rules.messages import (
    CATALOG,
    LANGS,
    Code,
    Message,
    as_code,
    choose_language,
    codes_markdown,
    locale_language,
    say,
)

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def _fields(template: str) -> set[str]:
    return {f.split("!")[0].split(":")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_code_has_a_sentence_in_both_languages():
    missing = [c.value for c in Code if c.value not in CATALOG]
    assert not missing, f"codes without a catalog sentence: {missing}"
    for key, t in CATALOG.items():
        for lang in LANGS:
            assert t[lang].strip(), f"{key} has no {lang} text"


def test_a_sentence_with_english_words_has_chinese_ones():
    # words outside placeholders and --flags; "{detail}"-only sentences pass the text through
    for key, t in CATALOG.items():
        words = re.sub(r"\{[^}]*\}|--[a-z-]+", "", t.en)
        if re.search(r"[A-Za-z]{3,}", words):
            assert CJK.search(t.zh), f"{key}: the zh sentence is not Chinese: {t.zh!r}"


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_render_with_the_same_arguments(key):
    t = CATALOG[key]
    names = _fields(t.zh) | _fields(t.en)
    args = {n: 1 for n in names}
    for lang in LANGS:
        Message(key, args).in_(lang)  # no KeyError, no format error


def test_code_strings_are_unchanged_and_problems_accept_them():
    # the strings other tools key on: a sample that existed before the enum
    for s in ("unknown_metric", "unit_mismatch", "missing", "extra_forbidden", "syntax", "io"):
        assert Code(s) == s
    p = Problem("x", code="unknown_metric")
    assert p.code == "unknown_metric" and p.code is Code.UNKNOWN_METRIC
    with pytest.raises(ValueError, match=r"add it to target_rules\.messages\.Code"):
        Problem("x", code="no_such_code")
    assert as_code("no_such_code", Code.INVALID) is Code.INVALID


def test_a_catalog_message_names_its_code_once():
    p = Problem(say(Code.UNKNOWN_METRIC, name="cases"))
    assert p.code == "unknown_metric"
    assert p.message == "unknown metric 'cases'"
    assert p.message_in("zh") == "不認得的指標「cases」"
    assert p.to_dict()["messages"] == {"zh": "不認得的指標「cases」", "en": "unknown metric 'cases'"}


def test_a_problem_prints_in_the_language_chosen():
    from target_rules.messages import use_language

    p = Problem(say(Code.EMPTY), file="a.yaml", line=1, column=1, hint=say("hint.did_you_mean", name="b"))
    assert str(p) == "a.yaml:1:1: empty document is empty; did you mean 'b'?"
    with use_language("zh"):
        assert str(p) == "a.yaml:1:1: empty 文件是空的；是不是「b」？"
    assert str(p).endswith("did you mean 'b'?")


def test_docs_codes_md_is_generated_from_the_enum():
    doc = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert doc == codes_markdown(), "regenerate: python -m target_rules.messages > docs/codes.md"
    listed = re.findall(r"^\| `([a-z_]+)` \|", doc, flags=re.M)
    assert listed == [c.value for c in Code]


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.Big5"}, "zh"),  # LC_ALL wins, as POSIX says
        ({"LANG": "zh_TW.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_locale_decides_when_nothing_else_does(env, lang):
    assert locale_language(env) == lang


def test_lang_beats_the_plan_which_beats_the_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")
    assert choose_language("en", "zh") == "en"
    assert choose_language(None, "en") == "en"
    assert choose_language(None, None) == "zh"


@given(st.sampled_from(sorted(CATALOG)), st.text(max_size=20))
def test_any_argument_text_renders_in_both_languages(key, text):
    names = _fields(CATALOG[key].zh) | _fields(CATALOG[key].en)
    numeric = {n for n in names for t in (CATALOG[key].zh, CATALOG[key].en) if "{" + n + ":" in t}
    args = {n: (7 if n in numeric else text) for n in names}
    m = Message(key, args)
    assert str(m) == m.in_("en")
    assert isinstance(m.in_("zh"), str)
