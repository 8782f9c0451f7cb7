"""Year over year: pair the targets of two evaluations and say how each one moved.

    import target_rules as tr
    cmp = tr.compare(tr.evaluate(rules, report_106), tr.evaluate(rules, report_107))
    for row in cmp:
        print(row.measure, row.target_id, row.rate_a, row.rate_b, row.change)

Targets are paired by (measure, target id). ``a`` is the earlier (or reference) evaluation and ``b``
the later one. Rates are the rates as shown (one decimal, from the judged value, never contradicting
the status: see engine/explain.shown_rate_value), so ``change``, ``b``'s rate minus ``a``'s in
percentage points, is exactly the difference a reader computes from the two shown rates; it is only
given when both years have a rate. A rate alone can mislead when the target moved (75% of a higher
target is a lower rate), so each pair also carries both actuals and targets and ``target_changed``. Targets that exist in one year only are kept, with the other
side None, so nothing silently drops out of a comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from target_rules.engine.explain import rate_text, shown_rate_value
from target_rules.engine.verdict import Evaluation, Status, Verdict
from target_rules.messages import render as say_in
from target_rules.quantities import format_number
from target_rules.render.common import STATUS_WORD, actual_text, target_id_text, target_text
from target_rules.safe_text import markdown_text

__all__ = ["Comparison", "TargetChange", "comparable_verdicts", "compare", "markdown"]

Key = tuple[int, str]


def comparable_verdicts(evaluation: Evaluation) -> Iterator[Verdict]:
    """Every verdict that has a target id of its own: all targets, composite members, breakdown parts."""
    for v in evaluation.verdicts:
        yield v
        if v.kind == "breakdown":
            yield from v.parts


@dataclass(frozen=True, slots=True)
class TargetChange:
    """One (measure, target id) in two years. Either side is None when the target exists in one only."""

    measure: int
    target_id: str
    a: Verdict | None
    b: Verdict | None

    @property
    def presence(self) -> str:
        """'both', 'only_a' or 'only_b'."""
        if self.a is not None and self.b is not None:
            return "both"
        return "only_a" if self.a is not None else "only_b"

    @property
    def label(self) -> dict[str, str]:
        v = self.b if self.b is not None else self.a
        assert v is not None
        return v.label

    def shown_id(self, lang: str = "zh") -> str:
        """The target id as shown (a breakdown part's agency named as the plan's registry names it)."""
        v = self.b if self.b is not None else self.a
        assert v is not None
        return target_id_text(v, lang)

    @property
    def part_of(self) -> str | None:
        v = self.b if self.b is not None else self.a
        assert v is not None
        return v.part_of

    @property
    def rate_a(self) -> float | None:
        return None if self.a is None else shown_rate_value(self.a)

    @property
    def rate_b(self) -> float | None:
        return None if self.b is None else shown_rate_value(self.b)

    def actual(self, side: str, lang: str = "zh") -> str:
        """The actual of side 'a' or 'b' as shown ("—" when that year has no such target)."""
        v = self.a if side == "a" else self.b
        return "—" if v is None else actual_text(v, lang)

    def target(self, side: str, lang: str = "zh") -> str:
        """The target of side 'a' or 'b' as shown ("—" when that year has no such target)."""
        v = self.a if side == "a" else self.b
        return "—" if v is None else target_text(v, lang)

    @property
    def target_changed(self) -> bool:
        """True when both years have the target but it asks for something else (value, comparator,
        unit or milestone): then a change of rate is not a change of performance alone."""
        if self.a is None or self.b is None:
            return False
        return self.target("a") != self.target("b") or self.a.kind != self.b.kind

    @property
    def status_a(self) -> Status | None:
        return None if self.a is None else self.a.status

    @property
    def status_b(self) -> Status | None:
        return None if self.b is None else self.b.status

    @property
    def change(self) -> float | None:
        """Percentage points from a to b (b - a), when both years have an achievement rate."""
        if self.rate_a is None or self.rate_b is None:
            return None
        return float(Decimal(repr(self.rate_b)) - Decimal(repr(self.rate_a)))

    @property
    def status_changed(self) -> bool:
        return self.presence == "both" and self.status_a is not self.status_b

    @property
    def same_label(self) -> bool:
        """False when the same id names a differently worded target in the two years."""
        return self.a is None or self.b is None or self.a.label == self.b.label

    @property
    def trend(self) -> str:
        """'up', 'down', 'same' (by rate, else by status), 'new', 'dropped' or 'unknown'."""
        if self.presence == "only_b":
            return "new"
        if self.presence == "only_a":
            return "dropped"
        change = self.change
        if change is not None:
            if abs(change) < 1e-9:
                return "same"
            return "up" if change > 0 else "down"
        order = {Status.MET: 2, Status.UNMET: 1}
        sa, sb = order.get(self.status_a), order.get(self.status_b)  # type: ignore[arg-type]
        if sa is None or sb is None:
            return "unknown"
        return "same" if sa == sb else ("up" if sb > sa else "down")

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "measure": self.measure,
            "target": self.target_id,
            "presence": self.presence,
            "label": self.label,
            "status_a": None if self.status_a is None else str(self.status_a),
            "status_b": None if self.status_b is None else str(self.status_b),
            "actual_a": None if self.a is None else self.actual("a"),
            "actual_b": None if self.b is None else self.actual("b"),
            "target_a": None if self.a is None else self.target("a"),
            "target_b": None if self.b is None else self.target("b"),
            "target_changed": self.target_changed,
            "rate_a": r(self.rate_a),
            "rate_b": r(self.rate_b),
            "change": r(self.change),
            "trend": self.trend,
            "same_label": self.same_label,
        }


@dataclass
class Comparison:
    """The paired targets of two evaluations, in the later year's order, then those only in the earlier."""

    year_a: int
    year_b: int
    pairs: list[TargetChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {(p.measure, p.target_id): p for p in self.pairs}

    def __iter__(self) -> Iterator[TargetChange]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def get(self, measure: int, target_id: str) -> TargetChange | None:
        return self._index.get((measure, target_id))

    def __getitem__(self, key: Key) -> TargetChange:
        return self._index[key]

    @property
    def both(self) -> list[TargetChange]:
        return [p for p in self.pairs if p.presence == "both"]

    @property
    def only_a(self) -> list[TargetChange]:
        return [p for p in self.pairs if p.presence == "only_a"]

    @property
    def only_b(self) -> list[TargetChange]:
        return [p for p in self.pairs if p.presence == "only_b"]

    @property
    def summary(self) -> dict[str, Any]:
        top = [p for p in self.pairs if p.part_of is None]
        trends = Counter(p.trend for p in top)
        return {
            "year_a": self.year_a,
            "year_b": self.year_b,
            "paired": sum(1 for p in top if p.presence == "both"),
            "only_a": sum(1 for p in top if p.presence == "only_a"),
            "only_b": sum(1 for p in top if p.presence == "only_b"),
            "trend": {t: trends.get(t, 0) for t in ("up", "down", "same", "unknown", "new", "dropped")},
            "status_changed": sum(1 for p in top if p.status_changed),
            "target_changed": sum(1 for p in top if p.target_changed),
        }

    @property
    def counts_a(self) -> dict[str, int]:
        """The earlier year's summary figures: its targets (composite members and breakdown parts
        left out, as Evaluation.summary counts) by status, ``provisional`` and ``targets``."""
        tops = [p.a for p in self.pairs if p.a is not None and p.a.part_of is None]
        counts = {st.value: sum(1 for v in tops if v.status is st) for st in Status}
        counts["provisional"] = sum(1 for v in tops if "provisional" in v.flags)
        counts["targets"] = len(tops)
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "year_a": self.year_a,
            "year_b": self.year_b,
            "summary": self.summary,
            "pairs": [p.to_dict() for p in self.pairs],
        }


def compare(a: Evaluation, b: Evaluation) -> Comparison:
    """Pair the targets of ``a`` (earlier) and ``b`` (later) by (measure, target id)."""
    va = {(v.measure, v.target_id): v for v in comparable_verdicts(a)}
    vb = {(v.measure, v.target_id): v for v in comparable_verdicts(b)}
    pairs = [TargetChange(k[0], k[1], va.get(k), v) for k, v in vb.items()]
    only_a = [TargetChange(k[0], k[1], v, None) for k, v in va.items() if k not in vb]
    # keep b's order, and slot a-only targets in by measure so each measure stays together
    merged: list[TargetChange] = []
    rest = sorted(only_a, key=lambda p: p.measure)
    for p in pairs:
        while rest and rest[0].measure < p.measure:
            merged.append(rest.pop(0))
        merged.append(p)
    merged.extend(rest)
    return Comparison(year_a=a.year, year_b=b.year, pairs=merged)


# ---------------------------------------------------------------------------------------------
# Markdown: the year-over-year table, appended by ``target-rules report --format markdown``.


def _status_word(status: Status | None, lang: str) -> str:
    """The text table's word for a status; a dash in the year a target is absent from."""
    return "—" if status is None else STATUS_WORD[lang][str(status)]


def _rate(x: float | None) -> str:
    return "" if x is None else rate_text(x)


def change_text(change: float | None, lang: str = "zh") -> str:
    """+8.8 pp / −3 個百分點; empty when there is no change to state."""
    if change is None:
        return ""
    text = format_number(abs(change), 1).removesuffix(".0")
    sign = "+" if change > 0.05 else ("−" if change < -0.05 else "±")
    if sign == "±":
        text = "0"
    return say_in("ui.compare.points", lang, {"change": f"{sign}{text}"})


def markdown(comparison: Comparison, lang: str = "zh") -> str:
    """The year-over-year table: each year's actual, target, rate and status, and the change."""
    ya, yb = comparison.year_a, comparison.year_b
    s = comparison.summary
    figures = {**s, **s["trend"], "year_a": ya, "year_b": yb}
    out = [
        say_in("ui.compare.heading", lang, figures),
        "",
        say_in("ui.compare.summary", lang, figures),
        "",
        say_in("ui.compare.head", lang, figures),
    ]
    out.append("|" + "---|" * 12)
    moved = say_in("ui.compare.target_changed", lang)
    for p in comparison:
        label = markdown_text(p.label[lang])
        change = change_text(p.change, lang)
        if p.target_changed:
            change = (
                say_in("ui.compare.change_and_target", lang, {"change": change, "moved": moved})
                if change
                else moved
            )
        out.append(
            f"| {p.measure} | {markdown_text(p.shown_id(lang))} | {label} | "
            f"{markdown_text(p.actual('a', lang))} | {markdown_text(p.target('a', lang))} | {_rate(p.rate_a)} | "
            f"{_status_word(p.status_a, lang)} | "
            f"{markdown_text(p.actual('b', lang))} | {markdown_text(p.target('b', lang))} | {_rate(p.rate_b)} | "
            f"{_status_word(p.status_b, lang)} | {change} |"
        )
    return "\n".join(out) + "\n"
