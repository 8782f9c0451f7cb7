"""Reading documents: bytes -> text -> plain data plus a map of where every value was written.

Everything hostile is stopped here, before validation: oversized files, non-UTF-8 text, binary
files, duplicate keys, YAML alias and merge-key bombs, recursive anchors and deep nesting. The node
graph is measured (values and depth *after* alias and ``<<`` expansion, computed without expanding)
before anything is built, so a 600-byte file cannot cost minutes. Scalars are read by the YAML 1.2
core schema: the YAML 1.1 forms that would silently change a figure (``0110`` as 72, ``0x1F``,
``1:20`` as 80) are refused with a position or kept as the text written; unknown tags are errors.
All problems found are returned, not raised one at a time.
"""

from __future__ import annotations

import json
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.messages import Code, Message, os_words, say, yaml_words
from target_rules.safe_text import CONTROL, find_controls, normalise_controls, printable_name

__all__ = [
    "STDIN",
    "Document",
    "Limits",
    "decode",
    "measure_graph",
    "parse_text",
    "read_bytes",
    "read_document",
    "read_scalar",
    "yaml_syntax_problem",
]


@dataclass(frozen=True)
class Limits:
    """Bounds on what a document may cost to read; raise them explicitly for unusual files."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 2_000_000  # values after alias and merge-key expansion (stops "billion laughs")


DEFAULT_LIMITS = Limits()


@dataclass
class Document:
    """Parsed data plus where each value (and each mapping key) was written."""

    file: str
    data: Any = None
    values: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: DocPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of ``path``, or of its nearest written ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        if key and p in self.keys:
            return self.keys[p]
        while p:
            if p in self.values:
                return self.values[p]
            if p in table:
                return table[p]
            p = p[:-1]
        return self.values.get((), (1, 1)) if self.values else (None, None)

    def problem(self, message: str, path: DocPath = (), *, key: bool = False, **kw: Any) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(message, file=self.file, line=line, column=col, path=tuple(path), **kw)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


STDIN = "-"


def read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file, or of standard input for ``-``, never more than ``limits.max_bytes``.

    Past the bound is an error, never a silent truncation. Only regular files are opened: a FIFO,
    a device or a socket would block or never end, so it is refused (pipe data in with ``-``).
    """
    name = printable_name(str(path))
    if str(path) == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            return None, [Problem(say("io.stdin"), file=name)]
        raw = stream.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            return None, [_too_large(name, say("ui.more_than_bytes", n=limits.max_bytes), limits)]
        return raw, []
    p = Path(path)
    try:
        info = p.stat()
    except OSError as exc:
        return None, [Problem(say(Code.IO, reason=os_words(exc)), file=name)]
    except ValueError:  # a NUL byte in the name
        return None, [Problem(say("io.bad_name"), file=name)]
    if stat.S_ISDIR(info.st_mode):
        return None, [Problem(say("io.directory"), file=name)]
    if not stat.S_ISREG(info.st_mode):
        return None, [
            Problem(
                say("io.not_regular"),
                file=name,
                code="io",
                hint=say("hint.stdin"),
            )
        ]
    if info.st_size > limits.max_bytes:
        return None, [_too_large(name, say("ui.bytes", n=info.st_size), limits)]
    try:
        with p.open("rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        return None, [Problem(say(Code.IO, reason=os_words(exc)), file=name)]
    if len(raw) > limits.max_bytes:  # grew while being read
        return None, [_too_large(name, say("ui.more_than_bytes", n=limits.max_bytes), limits)]
    return raw, []


def _too_large(name: str, size: Message, limits: Limits) -> Problem:
    return Problem(
        say(Code.TOO_LARGE, size=size, limit=limits.max_bytes),
        file=name,
        hint=say("hint.max_bytes"),
    )


def read_document(path: str | Path, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Document:
    """Read a YAML or JSON file (by extension unless ``fmt`` is given); ``-`` is standard input."""
    name = printable_name(str(path))
    raw, problems = read_bytes(path, limits)
    if raw is None:
        return Document(name, problems=problems)
    fmt = fmt or ("json" if Path(path).suffix.lower() == ".json" else "yaml")
    text, problems = decode(raw, name)
    if text is None:
        return Document(name, problems=problems)
    doc = parse_text(text, name, fmt, limits)
    doc.problems[:0] = problems
    return doc


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 with or without BOM; anything else is a clear error naming the first bad byte."""
    problems: list[Problem] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                say("encoding.utf16"),
                file=name,
                line=1,
                column=1,
                code="encoding",
                expected="UTF-8",
                hint=say("hint.utf8"),
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
        return None, [
            Problem(
                say("encoding.binary"),
                file=name,
                line=1,
                column=1,
                code="encoding",
                expected=say("ui.utf8_text"),
            )
        ]
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                say(Code.ENCODING, byte=raw[exc.start], offset=exc.start),
                file=name,
                line=line,
                column=col,
                code="encoding",
                expected="UTF-8",
                hint=say("hint.utf8_big5"),
            )
        ]


def parse_text(text: str, name: str, fmt: str = "yaml", limits: Limits = DEFAULT_LIMITS) -> Document:
    doc = Document(name)
    if fmt == "json":
        dups = _parse_json(text, doc)
        # JSON is a YAML flow document: compose it too, only to learn positions (and to place
        # duplicate keys, which the walker reports with line and column).
        if doc.ok or dups:
            try:
                node = yaml.compose(text, Loader=_Loader)
            except (yaml.YAMLError, RecursionError):
                node = None
            if node is not None and measure_graph(node, doc, limits):
                _Walker(doc, limits, build=False).walk(node, ())
        if dups and not any(p.code == "duplicate_key" for p in doc.problems):
            doc.problems.extend(dups)
        try:
            doc.data = _without_controls(doc.data)
        except RecursionError:
            doc.data = None
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        too_deep = "maximum nesting depth" in str(exc.problem)  # libyaml stops at 1000 levels by itself
        if too_deep:
            mark = exc.problem_mark or exc.context_mark
            doc.problems.append(
                Problem(
                    say(Code.TOO_DEEP, limit=min(limits.max_depth, 1000)),
                    file=name,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                    code="too_deep",
                )
            )
        else:
            doc.problems.append(yaml_syntax_problem(exc, text, name))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(say(Code.SYNTAX, detail=yaml_words(str(exc))), file=name))
        return doc
    except RecursionError:
        doc.problems.append(
            Problem(
                say("too_deep.limit", limit=limits.max_depth),
                file=name,
                line=1,
                column=1,
                code="too_deep",
            )
        )
        return doc
    if node is None:
        doc.problems.append(Problem(say(Code.EMPTY), file=name, line=1, column=1))
        return doc
    if measure_graph(node, doc, limits):
        doc.data = _Walker(doc, limits).walk(node, ())
    return doc


def yaml_syntax_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """A YAML syntax error placed where the broken construct opens (an unclosed quote or bracket,
    a mapping) as well as where parsing stopped, with a hint for the usual mistakes.

    PyYAML gives two marks: ``context_mark`` (where the quote, bracket or mapping began) and
    ``problem_mark`` (where the parser gave up, often the end of the file). The Problem points at
    the opening when parsing ran to the end of the file, else at the stop; the message names both.
    """
    stop, start = exc.problem_mark, exc.context_mark
    problem = exc.problem or str(exc)
    detail: Any = yaml_words(problem)
    at = stop or start
    if start is not None and stop is not None and (start.line, start.column) != (stop.line, stop.column):
        detail = say(
            "syntax.opens",
            detail=detail,
            opened=yaml_words((exc.context or "here").removeprefix("while ")),
            start_line=start.line + 1,
            start_column=start.column + 1,
            stop_line=stop.line + 1,
            stop_column=stop.column + 1,
        )
        if stop.index >= len(text.rstrip()) or "end of stream" in problem:
            at = start  # ran off the end: the opening is what needs fixing
    return Problem(
        say(Code.SYNTAX, detail=detail),
        file=name,
        line=at.line + 1 if at else None,
        column=at.column + 1 if at else None,
        code="syntax",
        hint=_syntax_hint(exc, text),
    )


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> Any:
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    stop = exc.problem_mark
    line = lines[stop.line] if stop is not None and stop.line < len(lines) else ""
    if "\t" in problem or (line[: len(line) - len(line.lstrip())].count("\t")):
        return say("hint.yaml.tabs")
    if "quoted scalar" in context:
        return say("hint.yaml.quote")
    if "flow mapping" in context or "flow sequence" in context:
        return say("hint.yaml.flow", closer="}" if "mapping" in context else "]")
    if "mapping values are not allowed" in problem:
        return say("hint.yaml.colon")
    if "block end" in problem or "expected key" in problem or "block mapping" in context:
        return say("hint.yaml.indent")
    return None


def _where(file: str, mark: Any) -> dict[str, Any]:
    """Problem fields for a YAML mark (0-based line and column) in ``file``."""
    return {"file": file, "line": mark.line + 1, "column": mark.column + 1}


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        out: list[yaml.Node] = []
        for k, v in node.value:
            out.append(k)
            out.append(v)
        return out
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def measure_graph(root: yaml.Node, doc: Document, limits: Limits) -> bool:
    """Size and depth of ``root`` once every alias and merge key is expanded, without expanding.

    Each distinct node is visited once (iteratively: no recursion limit to hit), its expanded size
    and depth memoised, so the cost is linear in the file however many times a node is reused. A
    merge source is counted as a child of the mapping that merges it, which over-counts by one node
    per merge: the bound stays an upper bound. Recursive anchors are refused. Appends a located
    problem and returns False when a limit is exceeded.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in kids)
            depth[key] = 1 + max((depth[id(c)] for c in kids), default=0)
            on_path.discard(key)
            problem = None
            if size[key] > limits.max_nodes:
                problem = (say("too_many.values", limit=limits.max_nodes), "too_many")
            elif depth[key] > limits.max_depth + 1:
                problem = (say("too_deep.merges", limit=limits.max_depth), "too_deep")
            if problem is not None:
                m = node.start_mark
                doc.problems.append(
                    Problem(
                        problem[0],
                        **_where(doc.file, m),
                        code=problem[1],
                        hint=say("hint.limit"),
                    )
                )
                return False
            continue
        if key in size:
            continue
        if key in on_path:
            m = node.start_mark
            doc.problems.append(
                Problem(
                    say(Code.RECURSIVE_ALIAS),
                    **_where(doc.file, m),
                    code="recursive_alias",
                )
            )
            return False
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)
    return True


# Only compose is used (nodes with marks, aliases not expanded); construction is ours, in _Walker.
# libyaml's composer is ~10x faster than the pure-Python one: it is most of `validate`'s cold start.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LimitExceeded(Exception):
    pass


class _Walker:
    """Turns a composed YAML node graph into plain data, recording marks and enforcing limits."""

    def __init__(self, doc: Document, limits: Limits, build: bool = True) -> None:
        self.doc = doc
        self.limits = limits
        self.nodes = 0
        self.build = build

    def walk(self, node: yaml.Node, path: DocPath) -> Any:
        try:
            return self._walk(node, path, 0)
        except _LimitExceeded:
            return None

    def _count(self, node: yaml.Node, path: DocPath, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._limit(
                node, path, f"document expands to more than {self.limits.max_nodes:,} values", "too_many"
            )
        if depth > self.limits.max_depth:
            self._limit(node, path, f"nesting is deeper than {self.limits.max_depth} levels", "too_deep")

    def _limit(self, node: yaml.Node, path: DocPath, msg: str, code: str) -> None:
        m = node.start_mark
        self.doc.problems.append(
            Problem(
                msg,
                **_where(self.doc.file, m),
                path=path,
                code=code,
            )
        )
        raise _LimitExceeded

    def _walk(self, node: yaml.Node, path: DocPath, depth: int) -> Any:
        self._count(node, path, depth)
        m = node.start_mark
        self.doc.values.setdefault(path, (m.line + 1, m.column + 1))
        if node.tag not in (_TAG + "map", _TAG + "seq") and not isinstance(node, yaml.ScalarNode):
            self.doc.problems.append(
                Problem(
                    say(Code.UNKNOWN_TAG, tag=node.tag),
                    **_where(self.doc.file, m),
                    path=path,
                    code="unknown_tag",
                    hint=say("hint.remove_tag"),
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            seen: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in self._pairs(node):
                key: Any = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                km = key_node.start_mark
                if key is None and not isinstance(key_node, yaml.ScalarNode):
                    self.doc.problems.append(
                        Problem(
                            say("syntax.key"),
                            **_where(self.doc.file, km),
                            path=path,
                            code="syntax",
                        )
                    )
                    continue
                try:
                    hash(key)
                except TypeError:
                    key = str(key)
                if key in seen:
                    first = seen[key]
                    self.doc.problems.append(
                        Problem(
                            say(Code.DUPLICATE_KEY, key=key, line=first[0]),
                            **_where(self.doc.file, km),
                            path=(*path, key),
                            code="duplicate_key",
                            hint=say("hint.merge_keys"),
                        )
                    )
                    continue
                seen[key] = (km.line + 1, km.column + 1)
                self.doc.keys[(*path, key)] = (km.line + 1, km.column + 1)
                out[key] = self._walk(value_node, (*path, key), depth + 1)
            return out if self.build else None
        if isinstance(node, yaml.SequenceNode):
            items = [self._walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            return items if self.build else None
        if not self.build:  # JSON: values come from json.loads; only the warnings are wanted here
            if isinstance(node.value, str) and CONTROL.search(node.value) and getattr(node, "style", None):
                self._controls(node, node.value)
            return None
        return self._scalar(node)

    def _pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for k, v in node.value:
            if k.tag == "tag:yaml.org,2002:merge":  # "<<: *base" merges
                sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
                for src in sources:
                    if isinstance(src, yaml.MappingNode):
                        pairs.extend(self._pairs(src))
                continue
            pairs.append((k, v))
        return pairs

    def _scalar(self, node: yaml.Node) -> Any:
        value, problem = read_scalar(node)
        if isinstance(value, str) and CONTROL.search(value):
            value = self._controls(node, value)
        if problem is not None:
            m = node.start_mark
            self.doc.problems.append(
                Problem(
                    problem[0],
                    **_where(self.doc.file, m),
                    code=problem[1],
                    found=repr(node.value)[:80] if isinstance(node.value, str) else None,
                    hint=problem[2],
                )
            )
        return value

    def _controls(self, node: yaml.Node, value: str) -> str:
        m = node.start_mark
        self.doc.problems.append(
            Problem(
                say(Code.CONTROL_CHARACTER, chars=", ".join(find_controls(value)[:5])),
                **_where(self.doc.file, m),
                code="control_character",
                severity="warning",
                hint=say("hint.control_character"),
            )
        )
        return normalise_controls(value)


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) for plain scalars.
_Y12_INT = re.compile(r"[-+]?[0-9]+")
_Y12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_Y12_SPECIAL = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_Y12_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_Y12_NULL = {"", "~", "null", "Null", "NULL"}
# First characters of every plain scalar YAML 1.2 core reads as other than a string.
_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF") | {""}
_AMBIGUOUS_INT = re.compile(r"[-+]?(0[0-9]+|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+)")
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
}
_Constructor = yaml.SafeLoader("")
_RESOLVER = yaml.resolver.Resolver()
_ScalarProblem = tuple[str, str, str | None]


def read_scalar(node: yaml.Node) -> tuple[Any, _ScalarProblem | None]:
    """The value of a scalar by YAML 1.2 core rules, or (None, problem).

    PyYAML resolves plain scalars by YAML 1.1, where ``0110`` is 72, ``1:20`` is 80, ``0x1F`` is 31
    and ``yes`` is True. Here a plain scalar is a number, a boolean or null only in the 1.2 core
    forms; ``0110``, ``0x1F`` and ``0o17`` (whose reading differs between the two versions, or
    that nobody means in a report) are refused with a position; other 1.1-only forms (``1:20``,
    ``1_000``, ``0b101``, ``yes``) stay the text written, which a number field then rejects.
    """
    tag = node.tag
    if not isinstance(node, yaml.ScalarNode):
        return None, None
    text = node.value
    if tag not in _ALLOWED_TAGS:
        return None, (say(Code.UNKNOWN_TAG, tag=tag), Code.UNKNOWN_TAG, say("hint.remove_tag"))
    if node.style:  # quoted or block text (plain is None, or "" from libyaml)
        if tag != _TAG + "str":  # !!int "5": an explicit tag on quoted text
            return None, (say("unknown_tag.quoted", tag=tag), Code.UNKNOWN_TAG, say("hint.remove_tag"))
        return text, None
    if tag == _TAG + "str" and (text[:1] not in _MAYBE_SPECIAL or not _implicit_1_1(node)):
        return text, None  # plain text (the common case: decided by its first character), or !!str 0110
    if tag == _TAG + "timestamp":
        try:
            return _Constructor.construct_object(node, deep=True), None
        except (yaml.YAMLError, ValueError, OverflowError):
            # Resolved by pattern but impossible (2020-02-30): keep the text as written, so the
            # schema reports it at this position as any other bad value.
            return text, None
    if text in _Y12_NULL:
        return None, None
    if text in _Y12_BOOL:
        return _Y12_BOOL[text], None
    if _AMBIGUOUS_INT.fullmatch(text):
        return None, (
            say(Code.AMBIGUOUS_NUMBER, text=text),
            Code.AMBIGUOUS_NUMBER,
            say("hint.ambiguous_number", text=text),
        )
    if _Y12_INT.fullmatch(text):
        if len(text) > 400:
            return None, (say(Code.NUMBER_TOO_LONG, n=len(text)), Code.NUMBER_TOO_LONG, None)
        return int(text), None
    if _Y12_FLOAT.fullmatch(text) or _Y12_SPECIAL.fullmatch(text):
        if len(text) > 400:
            return None, (say(Code.NUMBER_TOO_LONG, n=len(text)), Code.NUMBER_TOO_LONG, None)
        return float(text.replace(".", "", 1) if _Y12_SPECIAL.fullmatch(text) else text), None
    if tag in (_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null") and not _implicit_1_1(node):
        return None, (say("syntax.tagged", text=text, type=tag.rsplit(":", 1)[1]), Code.SYNTAX, None)
    return text, None


def _implicit_1_1(node: yaml.ScalarNode) -> bool:
    """Was the scalar's tag resolved from its text (rather than written as ``!!int``)?"""
    return bool(node.tag == _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)))  # type: ignore[no-untyped-call]


def _without_controls(data: Any) -> Any:
    if isinstance(data, str):
        return normalise_controls(data) if CONTROL.search(data) else data
    if isinstance(data, dict):
        return {_without_controls(k): _without_controls(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_controls(v) for v in data]
    return data


def _parse_json(text: str, doc: Document) -> list[Problem]:
    dups: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                dups.append(
                    Problem(
                        say("duplicate_key.plain", key=k),
                        file=doc.file,
                        code="duplicate_key",
                        hint=say("hint.merge_keys"),
                    )
                )
            out[k] = v
        return out

    def bad_constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed")

    try:
        doc.data = json.loads(text, object_pairs_hook=pairs, parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        doc.problems.append(
            Problem(
                say("syntax.json", detail=exc.msg),
                file=doc.file,
                line=exc.lineno,
                column=exc.colno,
                code="syntax",
            )
        )
    except ValueError as exc:
        doc.problems.append(
            Problem(say("syntax.json_value", detail=str(exc)), file=doc.file, code=Code.SYNTAX)
        )
    except RecursionError:
        doc.problems.append(Problem(say("too_deep.plain"), file=doc.file, line=1, column=1))
    return dups
