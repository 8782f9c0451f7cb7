"""Which characters user text may hold, and how each output escapes the rest.

Rule files and submissions are written by people, and sometimes by attackers. Input side: the gate
(language/source.py, submissions/tabular.py) finds control characters (C0 but tab and newline, DEL,
C1, bidirectional overrides) and replaces them, with a warning. Output side: each format gets one
function here, so a renderer that meets text built through the Python API (which skips the gate)
still writes something its reader cannot be harmed by: a terminal escape, a spreadsheet formula,
raw HTML in Markdown, an XML-illegal character, an unpaired surrogate from a non-UTF-8 file name.
"""

from __future__ import annotations

import re

__all__ = [
    "CONTROL",
    "FORMULA_PATTERN",
    "FORMULA_START",
    "PLAIN_NUMBER_PATTERN",
    "csv_cell",
    "find_controls",
    "for_terminal",
    "json_text",
    "markdown_text",
    "normalise_controls",
    "printable_name",
    "xml_text",
]

# C0 controls except tab, LF, CR; DEL; C1 controls; bidirectional embeddings, overrides and isolates
# ("Trojan Source"); line and paragraph separators, which some viewers treat as line breaks.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# OWASP CSV injection: a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")
# The same rule as regular expressions, for outputs a database writes (evaluate-table's CSV in DuckDB)
FORMULA_PATTERN = "^[" + "".join(re.escape(c) for c in FORMULA_START) + "]"
PLAIN_NUMBER_PATTERN = "^" + _PLAIN_NUMBER.pattern + "$"
_SURROGATE = re.compile("[\ud800-\udfff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def find_controls(text: str) -> list[str]:
    """The distinct control characters in ``text``, as ``U+001B`` names, in order of appearance."""
    seen: dict[str, None] = {}
    for ch in CONTROL.findall(text):
        seen.setdefault(f"U+{ord(ch):04X}", None)
    return list(seen)


def normalise_controls(text: str) -> str:
    """Control characters become one space each; bidirectional controls are removed."""
    return CONTROL.sub(lambda m: "" if "\u202a" <= m.group() <= "\u2069" else " ", text)


_NAME_CONTROL = re.compile("[\x00-\x1f" + CONTROL.pattern[1:])
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f" + CONTROL.pattern[1:])


def _escape_surrogates(text: str) -> str:
    def esc(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(esc, text)


def printable_name(name: str) -> str:
    """A file name as text every output can hold on one line: undecodable bytes (surrogate escapes
    from a non-UTF-8 file system name) and control characters, line breaks included, become
    ``\\xNN`` escapes."""
    return _NAME_CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
        _escape_surrogates(name),
    )


def for_terminal(text: str) -> str:
    """Text safe to print: escapes (ESC [ 2 J ...), carriage returns that would overwrite a line,
    and other controls are shown, not obeyed; newlines and tabs are kept."""
    return _TERMINAL_CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
        _escape_surrogates(text),
    )


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the characters it leaves raw but a
    reader may choke on (DEL, C1, lone surrogates from non-UTF-8 file names, bidi controls) written
    as JSON \\u escapes (four hex digits): still the same JSON value, always encodable as UTF-8."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run (OWASP): text starting with = + - @ tab or CR gets a
    leading apostrophe, plain numbers (-5, +1.5%) stay as they are; non-text values are unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START) or _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def xml_text(text: str) -> str:
    """Characters XML 1.0 (XLSX, JUnit, HTML) cannot hold become U+FFFD; escaping is the caller's."""
    return _XML_ILLEGAL.sub("\ufffd", text)


# Inside a line (table cells, list items, headings after "## "), these start emphasis, code, links,
# images or a new cell; line-start-only syntax (#, >, -, +) cannot start there.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown_text(text: str) -> str:
    """User text for one Markdown table cell or line: HTML is escaped (no raw tags reach the
    reader), Markdown punctuation that acts inside a line is backslash-escaped, line breaks become
    spaces."""
    text = normalise_controls(xml_text(text)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
