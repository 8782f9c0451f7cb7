"""Shared fixtures: paths to the real rules and data, a helper to write small rule files, and the
example plan copied to count Gregorian years.

Under CI (CI=true) hypothesis draws the same examples on every run, so a submission's CI result does
not depend on luck; exploring new examples is for local runs and TARGET_RULES_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
DATA_107 = ROOT / "data" / "107"
SOURCE = ROOT / "data" / "source" / "000_2d62c1db8ab3e0f0.txt"
EXAMPLE = ROOT / "examples" / "city-cycling-plan"


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> path; dedents text so tests can inline YAML."""

    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


@pytest.fixture(scope="session")
def gregorian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/city-cycling-plan written again to count Gregorian years (tests/gregorian.py), made
    once: the tests only read it."""
    from tests.gregorian import gregorian_copy

    return gregorian_copy(EXAMPLE, tmp_path_factory.mktemp("gregorian") / "plan")
