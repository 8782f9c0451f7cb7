"""The fuzz budget (small in CI, larger when TARGET_RULES_FUZZ_EXAMPLES is set, e.g. 2000 overnight)
and the hostile texts every output test draws from."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("TARGET_RULES_FUZZ_EXAMPLES", "30"))


def fuzz(scale: float = 1.0) -> settings:
    """Hypothesis settings for one fuzz test; ``scale`` shrinks the budget of the slow ones."""
    return settings(
        max_examples=max(5, int(EXAMPLES * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )


# Text an attacker would put in a label, a title or a quote: formulas (OWASP's leading characters),
# HTML, Markdown syntax, terminal escapes and other control characters, line breaks.
HOSTILE_STRINGS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](http://tracker/pixel.png)",
    "**bold** _it_ `code` ~~s~~ | pipe",
    "\\| escaped pipe",
    "\x1b[31mred\x1b[0m\x0c\x85",
    "line\nbreak\r\n| new | row |",
)


def hostile_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text, or one of HOSTILE_STRINGS."""
    return st.one_of(st.text(max_size=max_size), st.sampled_from(HOSTILE_STRINGS))
