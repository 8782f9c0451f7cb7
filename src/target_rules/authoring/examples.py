"""Examples inside rule files, run like unit tests.

A rule file's ``examples:`` list gives worked cases: the values agencies might report for the measure
in one year, and the verdict each target should get. ``run_examples`` evaluates every example through
the real pipeline (Report -> evaluate -> Verdict) and compares; ``target-rules test`` and the pytest
plugin (``pytest rules/``) print the result.

One *check* is one expectation: one example's expected verdict for one target. Its id is
``m45::108::45.1::just-below-target`` (measure, year, target, example name).

    expect:
      "45.1": unmet                                   # a status
      "45.2": {status: met, achievement_rate: 100}    # or status, rate (to 1 decimal), flags
      "26.1[交通部]": met                              # one agency's part of a breakdown
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from target_rules.engine.evaluate import evaluate
from target_rules.engine.explain import fmt_value, rate_text
from target_rules.engine.verdict import Status, Verdict
from target_rules.errors import format_path
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure
from target_rules.language.load import RuleSet, load_rules
from target_rules.language.source import read_document
from target_rules.messages import Message, say, value_words
from target_rules.quantities import QuantityError, format_number, parse_quantity, round_half_up
from target_rules.suggest import did_you_mean

__all__ = [
    "ExampleCheck",
    "ExampleResults",
    "TargetRef",
    "boundary_gaps",
    "check_id",
    "example_checks",
    "run_examples",
]

STATUSES = tuple(s.value for s in Status)
EXPECT_KEYS = ("status", "achievement_rate", "flags")
NO_TARGET = "-"  # the target part of a check id when an example expects nothing


def check_id(measure: int, year: int, target: str, example: str) -> str:
    return f"m{measure:02d}::{year}::{target}::{example}"


@dataclass(frozen=True)
class TargetRef:
    """One target of one year of one measure (for coverage reports)."""

    measure: int
    year: int
    target: str
    kind: str
    file: str | None = None
    line: int | None = None

    @property
    def id(self) -> str:
        return f"m{self.measure:02d}::{self.year}::{self.target}"

    def __str__(self) -> str:
        where = f" ({self.file}:{self.line})" if self.file and self.line else ""
        return f"{self.id}{where}"


@dataclass
class ExampleCheck:
    """One example's expectation for one target, and how it came out."""

    measure: int
    year: int
    target: str
    example: str
    passed: bool
    expected: Any = None  # the expectation as written
    verdict: Verdict | None = None
    reasons: list[str] = field(default_factory=list)  # why it failed, one line each
    file: str | None = None
    line: int | None = None  # the example's line in the rule file

    @property
    def id(self) -> str:
        return check_id(self.measure, self.year, self.target, self.example)

    @property
    def location(self) -> str | None:
        if not self.file:
            return None
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self, details: bool = True) -> str:
        """``PASS id`` or ``FAIL id: expected met, got unmet, because 71.9% < 72%`` plus details."""
        if self.passed:
            return f"PASS {self.id}"
        text = f"FAIL {self.id}: " + "; ".join(self.reasons)
        if details:
            if self.verdict is not None:
                text += f"\n    explanation: {self.verdict.explanation['en']}"
                if self.verdict.explanation["zh"] != self.verdict.explanation["en"]:
                    text += f"\n    說明: {self.verdict.explanation['zh']}"
            if self.location:
                text += f"\n    example at {self.location}"
        return text

    def __str__(self) -> str:
        return self.format()


@dataclass
class ExampleResults:
    """Every check of every example, plus the targets no example mentions."""

    checks: list[ExampleCheck] = field(default_factory=list)
    uncovered: list[TargetRef] = field(default_factory=list)

    def __iter__(self) -> Iterator[ExampleCheck]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    @property
    def failures(self) -> list[ExampleCheck]:
        return [c for c in self.checks if not c.passed]

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def examples(self) -> int:
        return len({(c.measure, c.example) for c in self.checks})

    def check(self, check_id_: str) -> ExampleCheck:
        for c in self.checks:
            if c.id == check_id_:
                return c
        raise KeyError(check_id_)

    def summary(self) -> str:
        failed = len(self.failures)
        text = (
            f"{self.examples} examples, {len(self.checks)} checks: "
            f"{len(self.checks) - failed} passed, {failed} failed"
        )
        if self.uncovered:
            n = len(self.uncovered)
            text += f"; {n} target{' has' if n == 1 else 's have'} no example"
        return text

    def format(self, verbose: bool = False, quiet: bool = False) -> str:
        """One line per example (PASS) or per failing check (FAIL), coverage, then the summary."""
        lines: list[str] = []
        by_example: dict[tuple[int, int, str], list[ExampleCheck]] = {}
        for c in self.checks:
            by_example.setdefault((c.measure, c.year, c.example), []).append(c)
        for (measure, year, name), checks in by_example.items():
            bad = [c for c in checks if not c.passed]
            if verbose:
                lines.extend(c.format() for c in checks)
            elif bad:
                lines.extend(c.format() for c in bad)
            elif not quiet:
                n = len(checks)
                lines.append(f"PASS m{measure:02d}::{year}::{name} ({n} target{'s' if n != 1 else ''})")
        if self.uncovered:
            lines.append("")
            n = len(self.uncovered)
            lines.append(f"coverage: {n} target{' has' if n == 1 else 's have'} no example:")
            lines.extend(f"  {t}" for t in self.uncovered)
        elif self.checks:
            lines.append("")
            lines.append("coverage: every target has at least one example")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"


# --- running ------------------------------------------------------------------------------------


def run_examples(rules: RuleSet | str | Path | Iterable[str | Path]) -> ExampleResults:
    """Run every example of every measure; ``rules`` is a RuleSet or rule paths (loaded first)."""
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    results = ExampleResults()
    for cm in rules:
        lines = example_lines(cm)
        for i in range(len(cm.measure.examples)):
            results.checks.extend(example_checks(cm, i, lines))
        results.uncovered.extend(uncovered_targets(cm))
    return results


def example_lines(cm: CompiledMeasure) -> dict[int, int]:
    """Line of each example in the measure's file (empty when the measure has no file)."""
    if not cm.file or not Path(cm.file).is_file():
        return {}

    doc = read_document(cm.file)
    out: dict[int, int] = {}
    for i in range(len(cm.measure.examples)):
        line, _ = doc.where(("examples", i))
        if line is not None:
            out[i] = line
    return out


def target_ids(cm: CompiledMeasure, year: int) -> list[str]:
    """Ids an example may name for ``year``: the targets, then breakdown parts ``id[agency]``."""
    yt = cm.measure.years.get(year)
    if yt is None:
        return []
    ids = [t.id for t in yt.targets]
    for t in yt.targets:
        if isinstance(t, m.BreakdownTarget):
            ids.extend(f"{t.id}[{agency}]" for agency in t.parts)
    return ids


def example_checks(
    cm: CompiledMeasure, index: int, lines: dict[int, int] | None = None
) -> list[ExampleCheck]:
    """Evaluate example ``index`` of a measure; one ExampleCheck per target it expects."""
    meas = cm.measure
    ex = meas.examples[index]
    line = (lines or {}).get(index)

    def check(
        target: str, passed: bool, expected: Any = None, verdict: Verdict | None = None, reasons: Any = ()
    ) -> ExampleCheck:
        return ExampleCheck(
            meas.measure,
            ex.year,
            target,
            ex.name,
            passed,
            expected,
            verdict,
            list(reasons),
            cm.file,
            line,
        )

    if not ex.expect:
        return [check(NO_TARGET, False, reasons=[say("ui.example.expects_nothing")])]

    # Problems of the example as a whole fail every check it makes.
    whole: list[str] = []
    if ex.year not in meas.years:
        years: Any = ", ".join(map(str, sorted(meas.years))) or say("ui.cli.none")
        whole.append(say("ui.example.no_year", measure=meas.measure, year=ex.year, years=years))
    for name in ex.values:
        if name not in meas.metrics:
            hint = did_you_mean(str(name), meas.metrics)
            whole.append(_hinted(say("ui.example.unknown_metric", name=name), hint))
    report = None
    if not whole:
        try:
            report = m.Report.model_validate(
                {"year": ex.year, "measures": {meas.measure: {"metrics": dict(ex.values)}}}
            )
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])[4:]  # drop measures.<n>.metrics
                msg = err["msg"].removeprefix("Value error, ")
                whole.append(say("ui.example.invalid_value", path=format_path(loc), detail=value_words(msg)))
    if whole:
        return [check(str(tid), False, raw, reasons=whole) for tid, raw in ex.expect.items()]

    assert report is not None
    single = RuleSet(measures={meas.measure: cm})
    result = evaluate(single, report, ex.year)
    verdicts: dict[str, Verdict] = {}
    for v in result.verdicts:
        verdicts[v.target_id] = v
        for p in v.parts:
            if p.kind == "part":
                verdicts.setdefault(p.target_id, p)

    out: list[ExampleCheck] = []
    for tid, raw in ex.expect.items():
        tid = str(tid)
        found = verdicts.get(tid)
        if found is None:
            out.append(check(tid, False, raw, reasons=[_unknown_target(cm, ex.year, tid)]))
            continue
        reasons = compare(raw, found)
        out.append(check(tid, not reasons, raw, found, reasons))
    return out


def _hinted(text: Message, hint: str | None) -> Message:
    """``text; did you mean ...?`` in either language."""
    return say("ui.example.hinted", text=text, hint=hint) if hint else text


def _unknown_target(cm: CompiledMeasure, year: int, tid: str) -> Message:
    ids = target_ids(cm, year)
    text = _hinted(
        say("ui.example.unknown_target", target=tid, measure=cm.measure.measure, year=year),
        hint := did_you_mean(tid, ids),
    )
    other = [y for y in sorted(cm.measure.years) if y != year and tid in target_ids(cm, y)]
    if other:
        text = say("ui.example.target_of_year", text=text, target=tid, years=", ".join(map(str, other)))
    if not hint and ids:
        text = say("ui.example.targets_are", text=text, targets=", ".join(ids))
    return text


# --- comparing ------------------------------------------------------------------------------------


def parse_expectation(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """``met`` or ``{status, achievement_rate, flags}`` -> (normalised fields, problems)."""
    problems: list[str] = []
    out: dict[str, Any] = {}
    if isinstance(raw, str):
        raw = {"status": raw}
    if not isinstance(raw, dict):
        return out, [say("ui.example.bad_expectation", found=repr(raw))]
    for key, value in raw.items():
        if key not in EXPECT_KEYS:
            hint = did_you_mean(str(key), EXPECT_KEYS)
            said = say("ui.example.unknown_key", key=key, keys=", ".join(EXPECT_KEYS))
            problems.append(_hinted(said, hint))
        elif key == "status":
            if value not in STATUSES:
                hint = did_you_mean(str(value), STATUSES)
                said = say("ui.example.unknown_status", status=value, statuses=", ".join(STATUSES))
                problems.append(_hinted(said, hint))
            else:
                out["status"] = value
        elif key == "achievement_rate":
            if value is None:
                out["achievement_rate"] = None
                continue
            try:
                out["achievement_rate"] = parse_quantity(value).value
            except QuantityError as exc:
                problems.append(say("ui.example.rate_value", detail=value_words(str(exc))))
        elif key == "flags":
            flags = [value] if isinstance(value, str) else value
            if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
                problems.append(say("ui.example.flags_value", found=repr(value)))
            else:
                out["flags"] = sorted(flags)
    return out, problems


def compare(raw: Any, v: Verdict) -> list[str]:
    """Differences between an expectation and a verdict, each a readable sentence (empty: passed);
    a sentence is a catalog Message (English as a str, ``.in_("zh")`` in Chinese)."""
    exp, problems = parse_expectation(raw)
    if problems:
        return problems
    reasons: list[str] = []
    if "status" in exp and exp["status"] != v.status.value:
        reasons.append(
            say("ui.example.status", expected=exp["status"], got=v.status.value, because=because(v))
        )
    if "achievement_rate" in exp:
        want = exp["achievement_rate"]
        got = v.achievement_rate
        if ((want is None or got is None) and want is not got) or (
            want is not None and got is not None and round_half_up(got, 1) != round_half_up(want, 1)
        ):
            reasons.append(
                say("ui.example.rate", expected=rate_text(want), got=rate_text(got), because=because(v))
            )
    if "flags" in exp and exp["flags"] != sorted(v.flags):
        said = {"expected": ", ".join(exp["flags"]), "got": ", ".join(sorted(v.flags))}
        reasons.append(say("ui.example.flags", **said))
    return reasons


_OPS = {
    ("at_least", True): ">=",
    ("at_least", False): "<",
    ("at_most", True): "<=",
    ("at_most", False): ">",
    ("equal", True): "=",
    ("equal", False): "≠",
}


def because(v: Verdict) -> Message:
    """The facts behind a verdict in a few words: ``71.9% < 72%``, ``not reported: x``."""
    if v.status is Status.NOT_APPLICABLE:
        return say("ui.because.no_target")
    if v.status is Status.MISSING:
        if "undefined" in v.flags:
            reason = v.detail.get("reason")
            return say("ui.because.undefined", reason=reason) if reason else say("ui.because.undefined_plain")
        if "unknown_milestone" in v.flags:
            return say("ui.because.unknown_milestone", reached=v.detail.get("reached"))
        reason = v.detail.get("reason")
        if v.kind == "composite":
            undecided = ", ".join(p.target_id for p in v.parts if p.status is Status.MISSING)
            said = {"n": format_number(v.actual or 0), "total": len(v.parts), "undecided": undecided}
            return say("ui.because.composite_undecided", **said)
        missing = ", ".join(map(str, v.detail.get("missing", [])))
        what: Any = missing or say("ui.because.a_value")
        return (
            say("ui.because.not_reported_why", missing=what, reason=reason)
            if reason
            else say("ui.because.not_reported", missing=what)
        )
    if v.kind == "completion":
        d = v.detail
        said = {"reached": d.get("reached"), "required": d.get("required")}
        if not d.get("deadline"):
            return say("ui.because.completion", **said)
        date = d.get("date")
        when = say("ui.because.reached_on", date=date.isoformat()) if date else say("ui.because.undated")
        return say("ui.because.completion_by", deadline=d["deadline"].isoformat(), when=when, **said)
    if v.kind == "composite":
        parts = ", ".join(f"{p.target_id} {p.status.value}" for p in v.parts)
        said = {"n": format_number(v.actual or 0), "total": len(v.parts), "parts": parts}
        return say("ui.because.composite", needed=format_number(v.target_value or 0), **said)
    text: Message = _comparison(v)
    if v.kind == "breakdown" and v.parts:
        parts_said = [
            say("ui.because.part", agency=p.agency, comparison=_comparison(p))
            if p.actual is not None
            else say("ui.because.part_missing", agency=p.agency)
            for p in v.parts
        ]
        text = say("ui.because.breakdown", total=text, parts=parts_said)
    if "inconsistent" in v.flags:
        text = say("ui.because.inconsistent", text=text, rules=", ".join(v.detail.get("inconsistent", [])))
    return text


def _comparison(v: Verdict) -> Message:
    decimals = v.precision
    actual = v.actual
    if actual is None:
        return say("ui.because.no_value")
    met = v.status is Status.MET
    shown: Any = fmt_value(v.judged if v.judged is not None else actual, v.unit, decimals)
    if decimals is not None and v.judged is not None and not math.isclose(v.judged, actual, abs_tol=1e-12):
        shown = say("ui.because.judged", actual=fmt_value(actual, v.unit), judged=shown)
    if v.comparator == "between" and "between" in v.detail:
        lo, hi = v.detail["between"]
        key = "ui.because.within" if met else "ui.because.outside"
        return say(key, shown=shown, low=fmt_value(lo, v.unit), high=fmt_value(hi, v.unit))
    op = _OPS.get((v.comparator or "at_least", met), ">=" if met else "<")
    return say("ui.because.compare", shown=shown, op=op, target=fmt_value(v.target_value, v.unit))


# --- coverage -------------------------------------------------------------------------------------


def _targets(cm: CompiledMeasure) -> Iterator[tuple[int, Any]]:
    for year in sorted(cm.measure.years):
        for t in cm.measure.years[year].targets:
            yield year, t


def uncovered_targets(cm: CompiledMeasure) -> list[TargetRef]:
    """Targets (other than kind none) that no example of the measure mentions."""
    named = {(ex.year, str(tid)) for ex in cm.measure.examples for tid in ex.expect}
    return [
        TargetRef(cm.measure.measure, year, t.id, t.kind, cm.file, t.line)
        for year, t in _targets(cm)
        if t.kind != "none" and (year, t.id) not in named
    ]


def boundary_gaps(rules: RuleSet) -> list[tuple[TargetRef, list[str]]]:
    """Targets lacking a boundary example: each non-none, non-composite target needs examples
    expecting met (at the target), unmet (just below) and missing. -> (target, statuses lacking)."""
    gaps: list[tuple[TargetRef, list[str]]] = []
    for cm in rules:
        seen: dict[tuple[int, str], set[str]] = {}
        for ex in cm.measure.examples:
            for tid, raw in ex.expect.items():
                exp, _ = parse_expectation(raw)
                if "status" in exp:
                    seen.setdefault((ex.year, str(tid)), set()).add(exp["status"])
        for year, t in _targets(cm):
            if t.kind in ("none", "composite"):
                continue
            have = seen.get((year, t.id), set())
            lacking = [s for s in ("met", "unmet", "missing") if s not in have]
            if lacking:
                gaps.append((TargetRef(cm.measure.measure, year, t.id, t.kind, cm.file, t.line), lacking))
    return gaps
