"""What an English reader of each output actually reads, and the Chinese left in it outside quotes.

A *source quote* is the source's (or a reporting agency's) own words. It is recognised by where the
output puts it, never by guessing from the text:

* text and Markdown (and every sentence elsewhere): a run between 「 and 」;
* HTML: a ``<blockquote>`` (the report's 原文 / Source block);
* XLSX: the "Source quote" column;
* JSON: the ``quotes`` lists.

What the English reader reads:

* text, Markdown, status/collect output: all of it;
* HTML: the page as shown with ``data-lang=en``: every text node and the ``title``/``aria-label``
  attributes, without ``.l-zh`` elements (the Chinese half of each bilingual pair, hidden by CSS),
  ``<script>``/``<style>``, and the language button, whose label names the other language in that
  language's own script (中文), as language switches do;
* XLSX: every cell except the columns that hold the Chinese side of a bilingual pair, whose header
  says so ("Label (zh)", "Explanation (zh)");
* JSON: the English side of every bilingual ``{"zh": ..., "en": ...}`` pair (the rest is data: ids,
  units and names as the rule files write them, which JSON carries in both languages).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

# CJK ideographs (with extension A and compatibility ideographs), CJK punctuation and full-width forms
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
QUOTE = re.compile(r"「[^」]*」")


def chinese_outside_quotes(text: str) -> list[str]:
    """The lines of ``text`` that still hold a CJK character once every 「quote」 is removed."""
    return [line.strip() for line in QUOTE.sub("", text).splitlines() if CJK.search(line)]


class _EnglishPage(HTMLParser):
    """Collects the text an English reader of the page sees (see the module docstring)."""

    SKIP = frozenset({"script", "style", "blockquote"})
    VOID = frozenset(
        {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "area", "base", "col", "embed"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) hidden from the reader
        self.lines: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        hidden = (
            self._hidden()
            or tag in self.SKIP
            or "l-zh" in (a.get("class") or "").split()
            or a.get("id") == "lang-toggle"
        )
        if not hidden:
            self.lines.extend(v for k, v in attrs if k in ("title", "aria-label", "alt") and v)
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.lines.append(data.strip())


def html_english(page: str) -> str:
    """The text of an HTML report as shown in English, one text node a line."""
    parser = _EnglishPage()
    parser.feed(page)
    parser.close()
    return "\n".join(parser.lines)


def xlsx_english(data: bytes) -> str:
    """Every cell an English reader of the workbook reads, one a line (see the module docstring)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    lines: list[str] = []
    for ws in wb.worksheets:
        lines.append(ws.title)
        skip: set[int] = set()
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            cells = ["" if c is None else str(c) for c in row]
            if r == 0 and ("Source quote" in cells or "Label (zh)" in cells):
                skip = {i for i, c in enumerate(cells) if c == "Source quote" or c.endswith("(zh)")}
            lines.extend(c for i, c in enumerate(cells) if c and i not in skip)
    return "\n".join(lines)


def json_english(text: str) -> str:
    """The English side of every bilingual pair of a JSON output, one a line."""
    return "\n".join(_en_values(json.loads(text)))


def _en_values(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if "zh" in data and "en" in data:
            if data["en"] is not None:
                yield str(data["en"])
            return
        for key, value in data.items():
            if key != "quotes":
                yield from _en_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _en_values(value)
