"""Salvage: compile what is valid of a rule document whose schema failed, so every mistake is seen.

load_rules reports a file's compile problems (unknown names in expressions, composites of unknown
targets ...) even when its schema fails, and lint checks the targets that do validate. Both need the
same thing, which lives here, below them both: a Measure built from the parts of the document that
validate on their own, compiled, with each problem placed at its path in the original document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from pydantic import TypeAdapter, ValidationError

from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure, compile_measure
from target_rules.language.source import Document

__all__ = ["DocumentContext", "compile_document", "raw_at", "salvage", "salvaged_compile_problems"]

_TARGET = TypeAdapter(m.Target)


def compile_document(
    doc: Document, data: dict[str, Any], measure: m.Measure | None
) -> tuple[DocumentContext, CompiledMeasure]:
    """Compile the measure, or what of it is valid when the schema failed, placing compile problems."""
    index_map: dict[int, list[int]] | None = None
    if measure is None:
        measure, index_map = salvage(data)
    ctx = DocumentContext(doc, data, measure, index_map)
    cm, cproblems = compile_measure(measure, doc.file)
    invalid = _invalid_target_ids(ctx) if index_map is not None else set()
    for p in cproblems:
        path = ctx.original_path(p.path)
        if p.code == "unknown_target" and (path[1], raw_at(data, path)) in invalid:
            continue  # the target is there but invalid, and its own error says why
        line, col = doc.where(path)
        ctx.add(dataclasses.replace(p, file=doc.file, line=line, column=col, path=path))
    return ctx, cm


def _invalid_target_ids(ctx: DocumentContext) -> set[tuple[Any, Any]]:
    """(year key, id) of the targets the salvage left out because they do not validate."""
    kept = {(ctx.year_key(y), i) for y, idx in (ctx.index_map or {}).items() for i in idx}
    return {(yk, t.get("id")) for yk, i, t in ctx.raw_targets() if (yk, i) not in kept and "id" in t}


def salvaged_compile_problems(doc: Document) -> list[Problem]:
    """For a rule file whose schema failed: the compile problems (unknown names in expressions,
    composites of unknown targets...) of the targets that are valid, so that a file's mistakes are
    reported together rather than one stage at a time."""
    if not isinstance(doc.data, dict):
        return []
    ctx, _ = compile_document(doc, doc.data, None)
    return ctx.problems


class DocumentContext:
    """A rule document, the Measure made of it, and the problems found so far, placed in the document."""

    def __init__(
        self, doc: Document, data: dict[str, Any], measure: m.Measure, index_map: dict[int, list[int]] | None
    ) -> None:
        self.doc = doc
        self.data = data
        self.measure = measure
        self.index_map = index_map
        self.problems: list[Problem] = []
        self.superseded: list[tuple[tuple[Any, ...], str]] = []  # (path prefix, message prefix)

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    def problem(self, message: str, path: tuple[Any, ...], *, key: bool = False, **kw: Any) -> None:
        self.problems.append(self.doc.problem(message, path, key=key, **kw))

    def supersede(self, path: tuple[Any, ...], message_prefix: str = "") -> None:
        """Drop validation problems at or under ``path`` (starting with the prefix): a check here
        reports the same mistake more precisely."""
        self.superseded.append((path, message_prefix))

    def supersedes(self, p: Problem) -> bool:
        return any(
            p.path[: len(path)] == path and p.message.startswith(prefix) for path, prefix in self.superseded
        )

    # raw document access

    def year_key(self, year: int) -> Any:
        years = self.data.get("years")
        if isinstance(years, dict):
            for k in years:
                if str(k) == str(year):
                    return k
        return year

    def raw_targets(self) -> Iterator[tuple[Any, int, dict[str, Any]]]:
        years = self.data.get("years")
        if not isinstance(years, dict):
            return
        for yk, yv in years.items():
            targets = yv.get("targets") if isinstance(yv, dict) else None
            if isinstance(targets, list):
                for i, t in enumerate(targets):
                    if isinstance(t, dict):
                        yield yk, i, t

    def target_path(self, year: int, index: int) -> tuple[Any, ...]:
        """Path of the index-th *validated* target of a year in the document."""
        original = self.index_map[year][index] if self.index_map is not None else index
        return ("years", self.year_key(year), "targets", original)

    def original_path(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(path) >= 4 and path[0] == "years" and path[2] == "targets" and isinstance(path[3], int):
            return (*self.target_path(path[1], path[3]), *path[4:])
        if len(path) >= 2 and path[0] == "years":
            return ("years", self.year_key(path[1]), *path[2:])
        return path

    def targets(self, year: int) -> list[tuple[tuple[Any, ...], Any]]:
        yt = self.measure.years.get(year)
        return [(self.target_path(year, i), t) for i, t in enumerate(yt.targets)] if yt else []


def salvage(data: dict[str, Any]) -> tuple[m.Measure, dict[int, list[int]]]:
    """A Measure built from whatever parts of an invalid document validate on their own."""
    metrics: dict[str, m.Metric] = {}
    raw_metrics = data.get("metrics")
    if isinstance(raw_metrics, dict):
        for name, raw in raw_metrics.items():
            try:
                metrics[str(name)] = m.Metric.model_validate(raw)
            except ValidationError:
                continue
    years: dict[int, m.YearTargets] = {}
    index_map: dict[int, list[int]] = {}
    raw_years = data.get("years")
    if isinstance(raw_years, dict):
        for yk, yv in raw_years.items():
            try:
                year = int(yk)
            except (TypeError, ValueError):
                continue
            kept: list[Any] = []
            index_map[year] = []
            targets = yv.get("targets") if isinstance(yv, dict) else None
            for i, raw in enumerate(targets if isinstance(targets, list) else []):
                try:
                    kept.append(_TARGET.validate_python(raw))
                except ValidationError:
                    continue
                index_map[year].append(i)
            text = yv.get("text") if isinstance(yv, dict) and isinstance(yv.get("text"), str) else None
            years[year] = m.YearTargets.model_construct(text=text, targets=kept)
    examples: list[m.Example] = []
    raw_examples = data.get("examples")
    for raw in raw_examples if isinstance(raw_examples, list) else []:
        try:
            examples.append(m.Example.model_validate(raw))
        except ValidationError:
            examples.append(None)  # type: ignore[arg-type]  # keeps indexes aligned; skipped by checks
    number = data.get("measure")
    measure = m.Measure.model_construct(  # type: ignore[call-arg]  # a partial Measure, for checks only
        measure=number if isinstance(number, int) and not isinstance(number, bool) else 0,
        metrics=metrics,
        years=years,
        examples=examples,
        agencies=[],
    )
    return measure, index_map


def raw_at(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` in parsed document data, or None where the path leads nowhere."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
