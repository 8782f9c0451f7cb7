"""What a terminal can show: its width, whether to colour, and characters its encoding cannot hold.

Kept apart from the text layout so the layout stays a pure function of (evaluation, options) and
tests can pin width, colour and encoding without a real console.
"""

from __future__ import annotations

import codecs
import os
import shutil
from collections.abc import Mapping
from typing import TextIO

from target_rules.safe_text import for_terminal

__all__ = ["FALLBACKS", "Console", "console_for", "fits", "safe", "wants_colour"]

# Tried in order for a character the output encoding cannot hold: the first that encodes wins.
# cp950 (Big5) has ≧ but not ≥; ASCII has neither.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "≥": ("≧", ">="),
    "≤": ("≦", "<="),
    "−": ("-",),
    "–": ("-",),
    "—": ("-",),
    "…": ("...",),
    "└": ("`-",),
    "·": ("-",),
    "✗": ("×", "x"),
    "✓": ("v",),
    "→": ("->",),
    "「": ('"',),
    "」": ('"',),
    "═": ("=",),
    "─": ("-",),
}

COLOURS = {
    "met": "32",  # green
    "unmet": "31;1",  # bold red
    "missing": "33",  # yellow
    "not_applicable": "2",  # dim
    "partially_met": "33",
    "heading": "1",
    "dim": "2",
}


def fits(text: str, encoding: str) -> bool:
    """True when ``text`` can be written in ``encoding`` as it is."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: assume nothing beyond ASCII
        return text.isascii()
    return True


def safe(text: str, encoding: str, fallbacks: Mapping[str, tuple[str, ...]] = FALLBACKS) -> str:
    """``text`` with every character the encoding cannot hold replaced by a fallback, else ``?``."""
    if fits(text, encoding):
        return text
    out = []
    for ch in text:
        if fits(ch, encoding):
            out.append(ch)
            continue
        out.append(next((f for f in fallbacks.get(ch, ()) if fits(f, encoding)), "?"))
    return "".join(out)


class Console:
    """Width, colour and encoding of one output stream, decided once."""

    def __init__(self, width: int = 100, colour: bool = False, encoding: str = "utf-8") -> None:
        self.width = max(40, width)
        self.colour = colour
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:
            self.encoding = "ascii"

    def text(self, s: str) -> str:
        """``s`` ready for this console: control characters shown, not obeyed (a rule's label cannot
        clear the screen), and only characters the encoding holds."""
        return safe(for_terminal(s), self.encoding)

    def paint(self, s: str, style: str | None) -> str:
        """``s`` in the colour of ``style`` (a status or 'heading'), when colour is on."""
        code = COLOURS.get(style or "")
        if not self.colour or not code or not s:
            return s
        return f"\x1b[{code}m{s}\x1b[0m"

    @property
    def can_show_cjk(self) -> bool:
        return fits("達成", self.encoding)


def wants_colour(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """NO_COLOR (any value) turns colour off, FORCE_COLOR (non-empty, not 0) on; else only on a TTY."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def console_for(stream: TextIO | None, env: Mapping[str, str] | None = None) -> Console:
    """The Console of a standard stream, or of a file (None: UTF-8, no colour, 100 columns)."""
    if stream is None:
        return Console(width=100, colour=False, encoding="utf-8")
    env = os.environ if env is None else env
    columns = env.get("COLUMNS")
    if columns and columns.isdigit():
        width = int(columns)
    else:
        isatty = getattr(stream, "isatty", None)
        width = shutil.get_terminal_size((100, 24)).columns if isatty and isatty() else 100
    return Console(width=width, colour=wants_colour(stream, env), encoding=stream.encoding or "utf-8")
