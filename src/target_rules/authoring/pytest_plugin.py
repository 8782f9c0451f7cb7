"""pytest plugin: the examples inside rule files become test items, so ``pytest rules/`` runs them.

Collected: YAML files under a directory named ``rules`` (relative to pytest's rootdir), and any other
``*.yaml``/``*.yml`` whose top level has both ``measure:`` and ``examples:``. Other YAML (test data,
fixtures) is left alone. Items are nested so any prefix of an id selects:

    rules/m45.yaml::m45::108::45.1::just-below-target

To keep a directory of rule-file fixtures out of collection, add a conftest.py there with
``collect_ignore_glob = ["*.yaml"]``.

Registered through the ``pytest11`` entry point; imports of target_rules happen at collection time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from target_rules.authoring.examples import ExampleCheck
    from target_rules.language.compile import CompiledMeasure

_SUFFIXES = (".yaml", ".yml")
_MEASURE = re.compile(r"^measure\s*:", re.MULTILINE)
_EXAMPLES = re.compile(r"^examples\s*:", re.MULTILINE)
_SNIFF_BYTES = 4 * 1024 * 1024


def _in_rules_dir(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        parts = (path.parent.name,)
    return "rules" in parts


def _looks_like_rules(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            text = fh.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_MEASURE.search(text) and _EXAMPLES.search(text))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix.lower() not in _SUFFIXES:
        return None
    if _in_rules_dir(file_path, parent.config.rootpath) or _looks_like_rules(file_path):
        return RuleFile.from_parent(parent, path=file_path)
    return None


class RuleFileError(Exception):
    """The rule file does not load; the message lists every problem."""


class ExampleFailed(AssertionError):
    """An example's expectation for a target did not hold."""

    def __init__(self, check: ExampleCheck) -> None:
        super().__init__(check.format())
        self.check = check


class RuleFile(pytest.File):
    """One rule file: its measure's examples, grouped by year and target."""

    def collect(self) -> Iterator[Any]:
        # pytest loads this plugin in every session: target_rules is imported only when rule files are collected
        from target_rules.errors import RuleError
        from target_rules.language.load import load_plan, load_rules
        from target_rules.language.plan import PLAN_FILE_NAMES

        if self.path.name in PLAN_FILE_NAMES:  # the plan file: it loads, or its problems fail
            try:
                load_plan(self.path)
            except RuleError as exc:
                yield LoadItem.from_parent(self, name="load", problems=str(exc))
            return
        try:
            rules = load_rules(self.path)
        except RuleError as exc:
            yield LoadItem.from_parent(self, name="load", problems=str(exc))
            return
        for cm in rules:
            if cm.measure.examples:
                yield MeasureNode.from_parent(self, name=f"m{cm.measure.measure:02d}", cm=cm)


class LoadItem(pytest.Item):
    def __init__(self, *, problems: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.problems = problems

    def runtest(self) -> None:
        raise RuleFileError(self.problems)

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, RuleFileError):
            return f"rule file {self.path} does not load:\n{excinfo.value}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, 0, f"load {self.path.name}"


class MeasureNode(pytest.Collector):
    """``m45``: runs each example once (cached) and hands each target's check to its item."""

    def __init__(self, *, cm: CompiledMeasure, **kw: Any) -> None:
        super().__init__(**kw)
        self.cm = cm
        self._lines: dict[int, int] | None = None
        self._results: dict[int, dict[str, ExampleCheck]] = {}

    def result(self, index: int, target: str) -> ExampleCheck:
        from target_rules.authoring.examples import example_checks, example_lines

        if self._lines is None:
            self._lines = example_lines(self.cm)
        if index not in self._results:
            self._results[index] = {c.target: c for c in example_checks(self.cm, index, self._lines)}
        return self._results[index][target]

    def line_of(self, index: int) -> int | None:
        from target_rules.authoring.examples import example_lines

        if self._lines is None:
            self._lines = example_lines(self.cm)
        return self._lines.get(index)

    def collect(self) -> Iterator[Any]:
        from target_rules.authoring.examples import NO_TARGET

        meas = self.cm.measure
        # year -> target id -> [(example index, name)], targets in the year's order, unknown ids last
        plan: dict[int, dict[str, list[tuple[int, str]]]] = {}
        for i, ex in enumerate(meas.examples):
            per_year = plan.setdefault(ex.year, {})
            if ex.year in meas.years:
                for t in meas.years[ex.year].targets:
                    per_year.setdefault(t.id, [])
            for tid in ex.expect or {NO_TARGET: None}:
                per_year.setdefault(str(tid), []).append((i, ex.name))
        for year in sorted(plan):
            yield YearNode.from_parent(self, name=str(year), targets=plan[year])


class YearNode(pytest.Collector):
    def __init__(self, *, targets: dict[str, list[tuple[int, str]]], **kw: Any) -> None:
        super().__init__(**kw)
        self.targets = targets

    def collect(self) -> Iterator[Any]:
        for tid, examples in self.targets.items():
            if examples:
                yield TargetNode.from_parent(self, name=tid, examples=examples)


class TargetNode(pytest.Collector):
    def __init__(self, *, examples: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(**kw)
        self.examples = examples

    def collect(self) -> Iterator[Any]:
        for index, name in self.examples:
            yield ExampleItem.from_parent(self, name=name, index=index, target=self.name)


class ExampleItem(pytest.Item):
    """One example's expectation for one target: ``m45::108::45.1::just-below-target``."""

    def __init__(self, *, index: int, target: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.index = index
        self.target = target

    @property
    def measure_node(self) -> MeasureNode:
        node = self.getparent(MeasureNode)
        assert node is not None
        return node

    def runtest(self) -> None:
        check = self.measure_node.result(self.index, self.target)
        if not check.passed:
            raise ExampleFailed(check)

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, ExampleFailed):
            return excinfo.value.check.format()
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        from target_rules.authoring.examples import check_id

        cm = self.measure_node.cm
        ex = cm.measure.examples[self.index]
        line = self.measure_node.line_of(self.index)
        return (
            self.path,
            (line - 1 if line else None),
            check_id(cm.measure.measure, ex.year, self.target, ex.name),
        )
