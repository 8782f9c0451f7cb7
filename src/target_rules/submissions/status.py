"""The secretariat's board: per agency, what it owes, what has arrived, what is missing, what has errors.

    board = status(["subs/"], "rules/", year=107)
    for row in board.agencies:
        print(row.agency, len(row.owed), len(row.arrived), row.missing, len(row.errors))

What an agency owes comes from the rules (owed.obligations: named owners; a group such as 各機關
obliges nobody in particular). A figure has arrived when a submission that passed its checks reports
it for that agency (a value, a milestone, or not_reported with a reason). A submission with errors
is left out of the collected report, so its figures have not arrived: its errors are listed under
every agency it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from target_rules.errors import Problem
from target_rules.language.load import RuleSet, load_rules
from target_rules.submissions.collect import Collection, Submission, consolidate
from target_rules.submissions.owed import obligations

__all__ = ["AgencyStatus", "StatusBoard", "status", "status_board"]

UNATTRIBUTED = "(unattributed)"


@dataclass
class AgencyStatus:
    """One agency's row of the board."""

    agency: str
    en: str | None = None
    owed: list[tuple[int, str]] = field(default_factory=list)
    arrived: list[tuple[int, str]] = field(default_factory=list)
    extra: list[tuple[int, str]] = field(default_factory=list)  # reported, not owed (group measures)
    files: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def missing(self) -> list[tuple[int, str]]:
        got = set(self.arrived)
        return [k for k in self.owed if k not in got]

    @property
    def state(self) -> str:
        """errors / missing / complete / nothing_owed: the one word for the row."""
        if self.errors:
            return "errors"
        if self.missing:
            return "missing"
        return "complete" if self.owed else "nothing_owed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "en": self.en,
            "state": self.state,
            "owed": [_key(k) for k in self.owed],
            "arrived": [_key(k) for k in self.arrived],
            "missing": [_key(k) for k in self.missing],
            "extra": [_key(k) for k in self.extra],
            "files": list(self.files),
            "errors": [p.to_dict() for p in self.errors],
        }


def _key(k: tuple[int, str]) -> str:
    return f"{k[0]}.{k[1]}"


@dataclass
class StatusBoard:
    """Every agency's row, in the registry's order, and the collection it was read from."""

    year: int
    agencies: list[AgencyStatus]
    collection: Collection
    labels: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return sum(len(a.missing) for a in self.agencies)

    @property
    def errors(self) -> int:
        return len(self.collection.errors)

    @property
    def owed(self) -> int:
        return sum(len(a.owed) for a in self.agencies)

    @property
    def arrived(self) -> int:
        return sum(len(set(a.arrived) & set(a.owed)) for a in self.agencies)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "counts": {
                "agencies": len(self.agencies),
                "owed": self.owed,
                "arrived": self.arrived,
                "missing": self.missing,
                "errors": self.errors,
                "files": len(self.collection.submissions),
                "left_out": len(self.collection.left_out),
            },
            "agencies": [a.to_dict() for a in self.agencies],
            "left_out": [s.record() for s in self.collection.left_out],
            "problems": [p.to_dict() for p in self.collection.problems if p.severity == "error"],
        }


def status(
    submissions: Any, rules: RuleSet | str | Path | Iterable[str | Path], year: int, **kw: Any
) -> StatusBoard:
    """The board for ``year`` from whatever has been submitted so far."""
    if not isinstance(rules, RuleSet):
        rules = load_rules(rules)
    collection = consolidate(submissions, rules, year, **kw)
    rows: dict[str, AgencyStatus] = {}

    def row(name: str) -> AgencyStatus:
        if name not in rows:
            agency = rules.agencies.find(name)
            rows[name] = AgencyStatus(name, agency.en if agency is not None else None)
        return rows[name]

    owes = obligations(rules, year) if year in rules.years else {}
    for agency in rules.agencies:
        if agency.name in owes:
            row(agency.name).owed = owes[agency.name]
    for sub in collection.submissions:
        names = sub.agencies or _named(sub, rules) or [UNATTRIBUTED]
        for name in names:
            r = row(name)
            if sub.file not in r.files:
                r.files.append(sub.file)
            r.errors.extend(sub.errors)
        if not sub.used:
            continue
        for c in sub.contributions:
            key = (c.measure, c.metric)
            for name in dict.fromkeys([c.agency or UNATTRIBUTED, *([c.reporter] if c.reporter else [])]):
                r = row(name)
                target = r.arrived if key in r.owed else r.extra
                if key not in target and (name == (c.agency or UNATTRIBUTED) or key in r.owed):
                    target.append(key)
    # a conflict (same agency twice, two owners of a single-owner metric) is an error of both
    for p in collection.errors:
        if p.code == "conflict" and p.file is not None:
            for r in rows.values():
                if p.file in r.files and p not in r.errors:
                    r.errors.append(p)
    order = {a.name: i for i, a in enumerate(rules.agencies)}
    agencies = sorted(rows.values(), key=lambda r: (order.get(r.agency, len(order)), r.agency))
    for r in agencies:
        r.arrived.sort()
        r.extra.sort()
        r.files.sort()
    labels = {
        (cm.measure.measure, name): {"zh": metric.label.zh, "en": metric.label.en or metric.label.zh}
        for cm in rules
        for name, metric in cm.measure.metrics.items()
    }
    return StatusBoard(year, agencies, collection, labels)


status_board = status  # tr.status_board: target_rules.status is the vocabulary of verdict words


def _named(sub: Submission, rules: RuleSet) -> list[str]:
    """The agencies a submission that failed its checks names (its own agency field, rows, parts)."""
    data = sub.doc.data if sub.doc is not None and sub.file != "<data>" else None
    if not isinstance(data, dict):
        return []
    found: list[str] = []

    def note(raw: Any) -> None:
        if isinstance(raw, str) and raw.strip():
            name = rules.agencies.canonical(raw.strip())
            if name not in found:
                found.append(name)

    note(data.get("agency"))
    for mdata in (data.get("measures") or {}).values() if isinstance(data.get("measures"), dict) else ():
        if not isinstance(mdata, dict):
            continue
        note(mdata.get("agency"))
        for entry in (mdata.get("metrics") or {}).values() if isinstance(mdata.get("metrics"), dict) else ():
            if isinstance(entry, dict):
                note(entry.get("agency"))
                parts = entry.get("by_agency")
                for k in parts if isinstance(parts, dict) else ():
                    note(str(k))
    return sorted(found)
