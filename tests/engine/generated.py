"""Generated rule sets and tables for the differential tests of the SQL and Spark engines.

A rule set is one measure (number 900) with every kind of target drawn at random: comparators,
bounds and precisions, ratio expressions with division and %, growth over a fixed or a reported
baseline, milestones with and without deadlines, breakdowns, composites of earlier targets, none.
A table's values are placed where judging is delicate: exactly on each bound, one step of the
precision below it, exactly half a step below (where half-up rounding decides), the next double
below, plus NULL, NaN, zero, unknown milestone ids, dates on both sides of each deadline, and partial
periods (a "period_end" before, on and after the year's last day: provisional flags).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from hypothesis import strategies as st

from target_rules.engine.kernel import PERIOD_END, kernel
from target_rules.errors import Problem
from target_rules.language import model as m
from target_rules.language.compile import compile_measure
from target_rules.language.load import RuleSet

YEAR = 107
NUMBERS = ["a", "b", "c", "s"]  # "s" is split by agency A and B
MILESTONES = ["draft", "sent", "done"]
DATES = [dt.date(2018, 3, 1), dt.date(2018, 6, 30), dt.date(2018, 7, 1), dt.date(2018, 12, 31)]
# a row's period end (partial periods): the whole year (none), partial years, the day before the
# year ends (provisional), its last day and a later day (final)
PERIOD_ENDS = [None, dt.date(2018, 6, 30), dt.date(2018, 12, 30), dt.date(2018, 12, 31), dt.date(2019, 1, 31)]
EXPRESSIONS = [
    "a / b * 100",
    "(a - b) / c * 100",
    "a * 100 / (b + c)",
    "max(a, b) - min(b, c) + abs(a - c)",
    "a % (b - 1) * 10",
    "-a + b / 2",
    "s / a * 100",
]
REQUIRES = ["a <= b", "a >= 0 and b >= 0", "not a > c", "a < b < c or c == 0", "b"]

_bound = st.one_of(
    st.integers(-5, 300).map(float),
    st.sampled_from([0.0, 0.5, 1.0, 20.5, 69.95, 70.0, 72.0, 99.99, 280.0, 1e8]),
    st.decimals(min_value=-100, max_value=1000, places=3, allow_nan=False).map(float),
)
_precision = st.one_of(st.none(), st.integers(0, 3))


@st.composite
def _comparison(draw: st.DrawFn) -> dict[str, Any]:
    c = draw(st.sampled_from(["at_least", "at_most", "equal", "between"]))
    if c == "between":
        lo, hi = sorted([draw(_bound), draw(_bound)])
        out: dict[str, Any] = {"between": [lo, hi]}
    else:
        out = {c: draw(_bound)}
    p = draw(_precision)
    if p is not None:
        out["precision"] = p
    return out


@st.composite
def rule_sets(draw: st.DrawFn, max_targets: int = 8) -> RuleSet:
    """A RuleSet of one measure whose year 107 has 1..max_targets targets of every kind."""
    targets: list[dict[str, Any]] = []
    n = draw(st.integers(1, max_targets))
    for i in range(n):
        tid = f"t{i}"
        kind = draw(
            st.sampled_from(
                [
                    "threshold",
                    "threshold",
                    "ratio",
                    "growth",
                    "completion",
                    "frequency",
                    "breakdown",
                    "composite",
                    "none",
                ]
            )
        )
        t: dict[str, Any] = {"id": tid, "label": tid, "kind": kind}
        if kind == "threshold":
            t |= {"metric": draw(st.sampled_from(NUMBERS))} | draw(_comparison())
        elif kind == "ratio":
            t |= {"expression": draw(st.sampled_from(EXPRESSIONS))} | draw(_comparison())
            t["requires"] = draw(st.lists(st.sampled_from(REQUIRES), max_size=2, unique=True))
        elif kind == "growth":
            cmp = draw(_comparison())
            t |= {"metric": draw(st.sampled_from(NUMBERS))} | cmp
            if draw(st.booleans()):
                t["baseline"] = draw(st.sampled_from([40.0, 0.5, -20.0, 1129.0]))
            else:
                t["baseline_metric"] = draw(st.sampled_from(NUMBERS))
        elif kind == "completion":
            t |= {"metric": "doc", "reach": draw(st.sampled_from(MILESTONES))}
            if draw(st.booleans()):
                t["deadline"] = draw(st.sampled_from(DATES)).isoformat()
        elif kind == "frequency":
            t |= {
                "metric": draw(st.sampled_from(NUMBERS)),
                "units": draw(st.integers(1, 22)),
                "times": draw(st.integers(1, 3)),
                "every": draw(st.sampled_from(["year", "half", "quarter", "month", "week"])),
            }
        elif kind == "breakdown":
            parts = {a: draw(st.integers(0, 10)) for a in draw(st.sampled_from([["A"], ["B"], ["A", "B"]]))}
            t |= {"metric": "s", "parts": parts, "require": draw(st.sampled_from(["all", "total", "parts"]))}
            if draw(st.booleans()) or t["require"] == "total":
                t["total"] = draw(st.integers(0, 20))
            # (no breakdown without parts: the row kernel cannot generate one, see the report)
        elif kind == "composite":
            if not targets:
                t = {"id": tid, "label": tid, "kind": "none"}
            else:
                of = draw(st.lists(st.sampled_from([x["id"] for x in targets]), min_size=1, unique=True))
                mode = draw(st.sampled_from(["all", "any", "at_least"]))
                t |= {"of": of, "mode": mode} | (
                    {"k": draw(st.integers(1, len(of)))} if mode == "at_least" else {}
                )
        targets.append(t)
    metrics = {
        **{x: {"label": x, "unit": "件" if x == "s" else "%"} for x in NUMBERS},
        "doc": {
            "label": "doc",
            "unit": "milestone",
            "milestones": [{"id": i, "label": i} for i in MILESTONES],
        },
    }
    rules, problems = compiled(measure_doc(900, metrics, targets, title="generated", agencies=["A", "B"]))
    assert not [p for p in problems if p.severity == "error"], problems
    return rules


def measure_doc(
    number: int,
    metrics: dict[str, Any],
    targets: list[dict[str, Any]],
    *,
    title: str = "t",
    agencies: list[str] | None = None,
) -> dict[str, Any]:
    """A measure as a rule file holds it, in strategy 1, with targets for YEAR only (agency "A" unless
    told): the tests that need one small rule state only its metrics and targets."""
    return {
        "measure": number,
        "strategy": {"number": 1, "title": "s"},
        "title": title,
        "agencies": ["A"] if agencies is None else agencies,
        "metrics": metrics,
        "years": {YEAR: {"targets": targets}},
    }


def compiled(*docs: dict[str, Any], file: str | None = None) -> tuple[RuleSet, list[Problem]]:
    """The RuleSet of measure documents, as load_rules would build it from files named ``file``, and
    every problem compile_measure found (the caller decides which it may have)."""
    rules = RuleSet()
    problems: list[Problem] = []
    for doc in docs:
        cm, found = compile_measure(m.Measure.model_validate(doc), file)
        rules.measures[cm.measure.measure] = cm
        problems += found
    return rules, problems


def delicate_values(rules: RuleSet) -> list[float]:
    """Each bound of the rules, one precision step and half a step below it, the double below."""
    out: set[float] = {0.0, 1.0, -1.0, 2.0, 3.0}
    for cm in rules:
        for ms in cm.specs.values():
            for t in ms.targets:
                bounds = [getattr(t, "bounds", None), getattr(t, "total", None)]
                bounds += [p.bounds for p in getattr(t, "parts", ())]
                for b in bounds:
                    if b is None:
                        continue
                    step = 10.0 ** -(b.precision if b.precision is not None else 2)
                    for x in (b.low, b.high):
                        if x is None:
                            continue
                        for v in (
                            x,
                            x - step,
                            x - step / 2,
                            x + step / 2,
                            x - step / 2 - 1e-9,
                            math.nextafter(x, -math.inf),
                        ):
                            out.add(v)
    return sorted(out)


@st.composite
def tables(draw: st.DrawFn, rules: RuleSet, rows: int = 12) -> dict[str, list[Any]]:
    """Columns for every column the rules read (all present, as the SQL engines require)."""
    k = kernel(rules, YEAR)
    values = delicate_values(rules)
    number = st.one_of(
        st.sampled_from(values),
        st.none(),
        st.just(math.nan),
        st.floats(min_value=-1000, max_value=1e7, allow_nan=False).map(lambda x: round(x, 4)),
    )
    cols: dict[str, list[Any]] = {}
    for c in k.columns:
        if c in k.milestone_columns:
            choice: st.SearchStrategy[Any] = st.sampled_from([None, "bogus", *MILESTONES])
        elif c == PERIOD_END:
            choice = st.sampled_from(PERIOD_ENDS)
        elif c in k.date_columns:
            choice = st.sampled_from([None, *DATES, dt.date(2019, 1, 2)])
        elif "[" in c and draw(st.integers(0, 3)) == 0:
            continue  # a part column may be absent from the table
        else:
            choice = number
        cols[c] = [draw(choice) for _ in range(rows)]
    return cols


def synthetic(rules: RuleSet, rows: int, seed: int = 107) -> dict[str, list[Any]]:
    """A seeded table for any rule set: every column the rules read, values on and around every
    bound, about 8% not reported (NULL or NaN), unknown milestone ids, dates on both sides."""
    rng = random.Random(seed)
    k = kernel(rules, YEAR)
    values = delicate_values(rules)
    cols: dict[str, list[Any]] = {}
    for c in k.columns:
        if c in k.milestone_columns:
            measure, metric = c.split(".", 1)
            ids = [None, "bogus", *rules[int(measure)].specs[YEAR].metric(metric).milestones]
            cols[c] = [rng.choice(ids) for _ in range(rows)]
        elif c == PERIOD_END:
            cols[c] = [rng.choice(PERIOD_ENDS) for _ in range(rows)]
        elif c in k.date_columns:
            cols[c] = [rng.choice([None, *DATES, dt.date(2019, 1, 2)]) for _ in range(rows)]
        else:
            col: list[Any] = []
            for _ in range(rows):
                r = rng.random()
                if r < 0.06:
                    col.append(None)
                elif r < 0.08:
                    col.append(math.nan)
                elif r < 0.7:
                    col.append(rng.choice(values))
                else:
                    col.append(round(rng.uniform(0, 2000), rng.choice([0, 1, 2, 4])))
            cols[c] = col
    return cols


def assert_same(got: Any, want: Any) -> None:
    """Two ColumnResults agree exactly: keys, statuses, actual and rate (bit for bit, NaN for
    none) and flags, naming the first row and target that differ."""
    assert got.keys == want.keys
    assert got.rows == want.rows
    for key in want.keys:
        s1, s2 = list(got.status[key]), list(want.status[key])
        a1, a2 = list(got.actual[key]), list(want.actual[key])
        r1, r2 = list(got.achievement_rate[key]), list(want.achievement_rate[key])
        for i in range(want.rows):
            where = f"{got.engine} vs {want.engine}, target {key}, row {i}"
            assert s1[i] == s2[i], f"{where}: status {s1[i]} != {s2[i]} (actual {a1[i]!r} / {a2[i]!r})"
            assert _same_float(a1[i], a2[i]), f"{where}: actual {a1[i]!r} != {a2[i]!r}"
            assert _same_float(r1[i], r2[i]), f"{where}: rate {r1[i]!r} != {r2[i]!r}"
        if want.flags is not None:
            assert got.flags is not None
            for i in range(want.rows):
                assert got.flags[key][i] == want.flags[key][i], f"{key} row {i}: flags"


def _same_float(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == y
