"""Reading documents: bytes -> text -> plain data plus a map of where every value was written.

Everything hostile is stopped here, before validation: oversized files, non-UTF-8 text, binary
files, duplicate keys, YAML alias bombs and deep nesting. All problems found are returned, not
raised one at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from target_rules.errors import Path as DocPath
from target_rules.errors import Problem
from target_rules.messages import Code, Message, say, yaml_words

__all__ = ["Document", "Limits", "decode", "parse_text", "read_document"]


@dataclass(frozen=True)
class Limits:
    """Bounds on what a document may cost to read; raise them explicitly for unusual files."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 2_000_000  # values after alias expansion (stops "billion laughs")


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


def read_document(path: str | Path, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Document:
    """Read a YAML or JSON file (by extension unless ``fmt`` is given)."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        return Document(name, problems=[Problem(say(Code.IO, reason=exc.strerror), file=name)])
    if p.is_dir():
        return Document(name, problems=[Problem(say("io.directory"), file=name)])
    if size > limits.max_bytes:
        return Document(
            name,
            problems=[
                Problem(
                    say(Code.TOO_LARGE, size=size, limit=limits.max_bytes),
                    file=name,
                    hint="raise the limit (--max-bytes) if this file is genuine",
                )
            ],
        )
    with p.open("rb") as fh:
        raw = fh.read(limits.max_bytes + 1)
    fmt = fmt or ("json" if p.suffix.lower() == ".json" else "yaml")
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
                hint="save the file as UTF-8",
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
                expected="a UTF-8 text file",
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
                hint="save the file as UTF-8 (Big5/CP950 files must be converted)",
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
            if node is not None:
                _Walker(doc, limits, build=False).walk(node, ())
        if dups and not any(p.code == "duplicate_key" for p in doc.problems):
            doc.problems.extend(dups)
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        too_deep = "maximum nesting depth" in str(exc.problem)  # libyaml stops at 1000 levels by itself
        doc.problems.append(
            Problem(
                say(Code.TOO_DEEP, limit=min(limits.max_depth, 1000))
                if too_deep
                else say(Code.SYNTAX, detail=yaml_words(str(exc.problem or exc))),
                file=name,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                code="too_deep" if too_deep else "syntax",
                hint=yaml_words(exc.context) if exc.context and not too_deep else None,
            )
        )
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
            )
        )
        return doc
    if node is None:
        doc.problems.append(Problem(say(Code.EMPTY), file=name, line=1, column=1))
        return doc
    doc.data = _Walker(doc, limits).walk(node, ())
    return doc


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
        self._constructor = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, path: DocPath) -> Any:
        try:
            return self._walk(node, path, 0)
        except _LimitExceeded:
            return None

    def _count(self, node: yaml.Node, path: DocPath, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._limit(node, path, say("too_many.values", limit=self.limits.max_nodes), "too_many")
        if depth > self.limits.max_depth:
            self._limit(node, path, say(Code.TOO_DEEP, limit=self.limits.max_depth), "too_deep")

    def _limit(self, node: yaml.Node, path: DocPath, msg: Message, code: str) -> None:
        m = node.start_mark
        self.doc.problems.append(
            Problem(
                msg,
                file=self.doc.file,
                line=m.line + 1,
                column=m.column + 1,
                path=path,
                code=code,
            )
        )
        raise _LimitExceeded

    def _walk(self, node: yaml.Node, path: DocPath, depth: int) -> Any:
        self._count(node, path, depth)
        m = node.start_mark
        self.doc.values.setdefault(path, (m.line + 1, m.column + 1))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            seen: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in self._pairs(node):
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                km = key_node.start_mark
                if key is None and not isinstance(key_node, yaml.ScalarNode):
                    self.doc.problems.append(
                        Problem(
                            say("syntax.key"),
                            file=self.doc.file,
                            line=km.line + 1,
                            column=km.column + 1,
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
                            file=self.doc.file,
                            line=km.line + 1,
                            column=km.column + 1,
                            path=(*path, key),
                            code="duplicate_key",
                            hint="each key may appear once; merge the two entries",
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
        return self._scalar(node) if self.build else None

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
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            m = node.start_mark
            self.doc.problems.append(
                Problem(
                    say("syntax.value", detail=yaml_words(str(getattr(exc, "problem", exc)))),
                    file=self.doc.file,
                    line=m.line + 1,
                    column=m.column + 1,
                    code="syntax",
                )
            )
            return None
        except (ValueError, OverflowError):
            # Resolved by pattern but impossible (2020-02-30 as a date): keep the text as written, so
            # the schema reports it at this position as any other bad value.
            return node.value


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
                        hint="each key may appear once; merge the two entries",
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
