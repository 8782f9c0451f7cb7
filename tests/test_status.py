"""One vocabulary: every status and flag has its words in both languages, in one table each, and the
docs list exactly the flags the engine can produce."""

from __future__ import annotations

import re
from pathlib import Path

from target_rules.status import FLAG_WORDS, STATUS_WORDS, Flag, MeasureStatus, Status

ROOT = Path(__file__).resolve().parents[1]


def test_every_status_and_measure_status_has_words_in_both_languages() -> None:
    assert set(STATUS_WORDS) == {str(s) for s in Status} | {str(s) for s in MeasureStatus}
    for w in STATUS_WORDS.values():
        assert all((w.zh, w.en, w.en_short, w.en_title, w.zh_long, w.en_long))


def test_every_flag_has_words_in_both_languages() -> None:
    assert set(FLAG_WORDS) == set(Flag)
    for w in FLAG_WORDS.values():
        assert all((w.zh, w.en, w.en_short, w.en_title, w.zh_long, w.en_long))


def test_the_docs_list_exactly_the_flags() -> None:
    text = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")
    table = text.split("The flags (`target_rules.status.Flag`)", 1)[1].split("\n\n", 2)[1]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))
    assert documented == {str(f) for f in Flag}


def test_every_flag_the_engine_writes_is_a_flag() -> None:
    # flags are written as one-element tuples, ("provisional",) or ('undated',) in generated source,
    # or appended as (*v.flags, "undefined")
    written: set[str] = set()
    for name in ("evaluator.py", "kernel.py"):  # the two that write flags; the others copy them
        path = ROOT / "src" / "target_rules" / "engine" / name
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r"flags, \"([a-z_]+)\"\)", text))
        written |= set(re.findall(r"(?<!path=)\(['\"]([a-z_]+)['\"],\)", text))
    assert written == {str(f) for f in Flag}
