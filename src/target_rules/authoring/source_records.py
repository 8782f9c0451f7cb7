"""A plan's tab-separated execution report (執行情形, one record per measure), read into records.

The source is one record per measure. A record starts at a line ``序次<TAB>n``; every other line is
``<field name><TAB><value>``. Field names vary in spacing (``107 年績效目標值`` / ``107年績效目標值``),
a value may continue over following lines that carry no recognised field name, and cells may hold
HTML fragments (``<p>``, ``<ol><li>``). authoring/importer.py drafts rules from these records.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from target_rules.errors import Problem
from target_rules.messages import bi, say

__all__ = [
    "F_AGENCIES",
    "F_GOAL",
    "F_INDICATOR",
    "F_NUMBER",
    "F_STRATEGY",
    "F_TITLE",
    "ImportProblem",
    "SourceRecord",
    "SourceRecords",
    "html_to_text",
    "is_known_field",
    "normalise_field_name",
    "parse_source",
    "short_text",
    "target_year",
]

# ---------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class ImportProblem(Problem):
    """A Problem found while importing; ``measure`` is the 序次 it belongs to (None: the document)."""

    measure: int | None = None


# ---------------------------------------------------------------------------------------------
# Field names

F_NUMBER = "序次"
F_STRATEGY = "具體策略"
F_TITLE = "執行措施"
F_GOAL = "績效目標"
F_AGENCIES = "辦理機關"
F_INDICATOR = "績效衡量指標"

_FIXED_FIELDS = frozenset(
    {F_NUMBER, F_STRATEGY, F_TITLE, F_GOAL, F_AGENCIES, F_INDICATOR, "分組主辦機關列管說明"}
)
_TARGET_FIELD = re.compile(r"^(\d{2,4})年(?:度)?績效目標值$")
_YEAR_FIELDS = (
    _TARGET_FIELD,
    re.compile(r"^\d{2,4}年度(?:\([^)]*\))?績效目標達成情形$"),
    re.compile(r"^\d{2,4}年及\d{2,4}年績效目標「達成率」及執行成果比較$"),
    re.compile(r"^\d{2,4}年特殊績效及亮點成果$"),
    re.compile(r"^\d{2,4}年執行效益$"),
)
_FULLWIDTH_PUNCT = str.maketrans("（）０１２３４５６７８９", "()0123456789")


def normalise_field_name(name: str) -> str:
    """Remove all whitespace and use ASCII parentheses/digits: ``107 年度(1 月至 12 月)...``."""
    return re.sub(r"\s+", "", name).translate(_FULLWIDTH_PUNCT)


def is_known_field(name: str) -> bool:
    """A recognised field name (already normalised); generic over the year numbers."""
    return name in _FIXED_FIELDS or any(p.match(name) for p in _YEAR_FIELDS)


def target_year(name: str) -> int | None:
    """``107年績效目標值`` -> 107; None for any other field."""
    m = _TARGET_FIELD.match(name)
    return int(m.group(1)) if m else None


def _looks_like_field_name(cell: str) -> bool:
    """An unrecognised first cell that is probably a field name rather than wrapped text."""
    name = normalise_field_name(cell)
    return (
        0 < len(name) <= 40
        and re.search(r"[\u4e00-\u9fffA-Za-z]", name) is not None
        and not re.search(r"[。，,；;：:！？]", name)
        and not re.match(r"[\d(（\-•]", name)
    )


# ---------------------------------------------------------------------------------------------
# HTML -> text


_LI_MARK = "\x00LI\x00"
_ITEM_START = re.compile(r"^\s*(?:\d{1,2}\.|\(\d{1,2}\)|（\d{1,2}）)")


def html_to_text(value: str) -> str:
    """Plain text from a cell: tags dropped, entities decoded, whitespace collapsed.

    Numbering written in the text ("1." "(1)") is kept; unnumbered ``<li>`` items get "1." "2." ...
    so that items stay recognisable.
    """
    s = value
    if "<" in s:
        s = re.sub(r"<\s*br\s*/?\s*>", " ", s, flags=re.IGNORECASE)
        s = re.sub(r"<\s*li\b[^>]*>", _LI_MARK, s, flags=re.IGNORECASE)
        s = re.sub(r"</?\s*[A-Za-z][^<>]*>", " ", s)
        if _LI_MARK in s:
            head, *items = s.split(_LI_MARK)
            out = [head]
            for k, item in enumerate(items, 1):
                out.append(item if _ITEM_START.match(item) else f" {k}. {item}")
            s = " ".join(out)
    s = html.unescape(s)
    s = s.replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------------------------------------
# Parsing the source


@dataclass
class SourceRecord:
    """One measure as the source prints it."""

    number: int
    line: int  # the 序次 line
    file: str = "<input>"
    fields: dict[str, str] = field(default_factory=dict)  # normalised name -> plain text
    lines: dict[str, int] = field(default_factory=dict)  # normalised name -> line where it starts
    raw: dict[str, str] = field(default_factory=dict)  # normalised name -> value as written
    names: dict[str, str] = field(default_factory=dict)  # normalised name -> name as written
    problems: list[ImportProblem] = field(default_factory=list)

    def target_fields(self) -> dict[int, str]:
        """Year -> normalised field name of that year's 績效目標值, in year order."""
        years: dict[int, str] = {}
        for n in self.fields:
            y = target_year(n)
            if y is not None:
                years[y] = n
        return {y: years[y] for y in sorted(years)}


class SourceRecords(list[SourceRecord]):
    """The records of a document plus every problem found (document-level and per record)."""

    def __init__(self, records: Iterable[SourceRecord] = (), problems: Iterable[ImportProblem] = ()):
        super().__init__(records)
        self.problems: list[ImportProblem] = list(problems)
        self.preamble: list[str] = []


def parse_source(text: str, file: str = "<input>") -> SourceRecords:
    """Split the document into records; never raises on odd input, says what was odd instead."""
    records = SourceRecords()
    doc_problems: list[ImportProblem] = []
    current: SourceRecord | None = None
    current_field: str | None = None
    pending: dict[str, list[str]] = {}

    def warn(msg: str, line: int, measure: int | None, code: str, **kw: Any) -> ImportProblem:
        p = ImportProblem(msg, file=file, line=line, code=code, severity="warning", measure=measure, **kw)
        (current.problems if current is not None else doc_problems).append(p)
        return p

    def close() -> None:
        if current is None:
            return
        for name, parts in pending.items():
            raw = "\n".join(parts)
            current.raw[name] = raw
            current.fields[name] = html_to_text(raw)
        pending.clear()

    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        head, tab, rest = line.partition("\t")
        name = normalise_field_name(head) if tab else ""
        if name == F_NUMBER:
            close()
            value = rest.strip().translate(_FULLWIDTH_PUNCT)
            expected = records[-1].number + 1 if records else 1
            if value.isdigit():
                number = int(value)
                if number != expected:
                    warn(
                        say("numbering.gap", number=number, previous=expected - 1),
                        lineno,
                        number,
                        "numbering",
                    )
            else:
                number = expected
                doc_problems.append(
                    ImportProblem(
                        say("numbering.not_a_number", value=value, number=number),
                        file=file,
                        line=lineno,
                        code="numbering",
                        severity="warning",
                        measure=number,
                    )
                )
            if any(r.number == number for r in records):
                doc_problems.append(
                    ImportProblem(
                        say("duplicate_measure.source", number=number),
                        file=file,
                        line=lineno,
                        code="duplicate_measure",
                        severity="warning",
                        measure=number,
                    )
                )
            current = SourceRecord(number=number, line=lineno, file=file)
            current.fields[F_NUMBER] = str(number)
            current.lines[F_NUMBER] = lineno
            current.names[F_NUMBER] = head
            records.append(current)
            current_field = None
            continue
        if current is None:
            if tab and is_known_field(name):
                doc_problems.append(
                    ImportProblem(
                        say("outside_record.field", name=head.strip()),
                        file=file,
                        line=lineno,
                        code="outside_record",
                        severity="warning",
                    )
                )
            else:
                records.preamble.append(line.strip())
            continue
        if re.fullmatch(r"[\s\-–—_=|]*", line):
            continue  # a table rule such as "--\t--"
        if tab and name and (is_known_field(name) or _looks_like_field_name(head)):
            if not is_known_field(name):
                warn(
                    say("unknown_field.kept", measure=current.number, name=head.strip()),
                    lineno,
                    current.number,
                    "unknown_field",
                )
            if name in pending:
                warn(
                    say("duplicate_field.joined", measure=current.number, name=head.strip()),
                    lineno,
                    current.number,
                    "duplicate_field",
                )
                pending[name].append(rest)
            else:
                pending[name] = [rest]
                current.lines[name] = lineno
                current.names[name] = head.strip()
            current_field = name
            continue
        # a continuation line: no recognised field name
        content = " ".join(c for c in line.split("\t") if c.strip())
        if current_field is None:
            warn(
                say("stray_text.before_field", measure=current.number, text=short_text(content)),
                lineno,
                current.number,
                "stray_text",
            )
            continue
        pending[current_field].append(content)
    close()

    for rec in records:
        missing = [f for f in (F_STRATEGY, F_TITLE, F_AGENCIES) if not rec.fields.get(f)]
        if missing:
            rec.problems.append(
                ImportProblem(
                    say(
                        "missing_field.measure",
                        measure=rec.number,
                        fields=bi("、".join(missing), ", ".join(missing)),
                    ),
                    file=file,
                    line=rec.line,
                    code="missing_field",
                    severity="warning",
                    measure=rec.number,
                )
            )
        if not rec.target_fields():
            rec.problems.append(
                ImportProblem(
                    say("missing_field.targets", measure=rec.number),
                    file=file,
                    line=rec.line,
                    code="missing_field",
                    severity="warning",
                    measure=rec.number,
                )
            )
    if not records:
        doc_problems.append(
            ImportProblem(
                say("no_records.source"),
                file=file,
                code="no_records",
                severity="error",
            )
        )
    records.problems = doc_problems + [p for r in records for p in r.problems]
    return records


def short_text(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
