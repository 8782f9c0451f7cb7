"""'Did you mean …?': the one place that turns a mistyped name into a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from target_rules.messages import say

__all__ = ["closest", "did_you_mean"]


def closest(word: str, choices: Iterable[Any] | Mapping[str, Any], cutoff: float = 0.6) -> str | None:
    """The choice nearest to ``word`` (difflib ratio ≥ ``cutoff``), or None."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[Any] | Mapping[str, Any]) -> str | None:
    """A hint such as "did you mean 'threshold'?", or None when nothing is close."""
    best = closest(word, choices)
    return say("hint.did_you_mean", name=best) if best else None
