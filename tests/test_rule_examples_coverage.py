"""Every curated rule has boundary examples: for each target (other than kind none and composites)
of every year, some example expects met (at the target), some unmet (just below) and some missing."""

from __future__ import annotations

from pathlib import Path

import pytest

import target_rules as tr
import target_rules.language.load
from target_rules.authoring.examples import boundary_gaps

RULES = Path(__file__).resolve().parents[1] / "rules"


def test_every_target_has_boundary_examples():
    files = tr.language.load.rule_files(RULES) if RULES.is_dir() else []
    if not files:
        pytest.skip("rules/ is empty")
    gaps = boundary_gaps(tr.load_rules(RULES))
    listed = "\n".join(f"  {t} lacks an example expecting {', '.join(lacking)}" for t, lacking in gaps)
    assert not gaps, f"{len(gaps)} targets lack boundary examples:\n{listed}"
