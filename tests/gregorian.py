"""A Gregorian copy of a plan that counts ROC years, so tests can hold the two calendars to one verdict.

``gregorian_copy(src, into)`` writes the plan in ``src`` again with ``calendar: gregorian`` and every
plan year as its Gregorian year (ROC y -> Calendar.ROC.gregorian(y), 113 -> 2024): the rules' years
and their examples' years, reports' and submissions' ``year`` (a CSV's year column too), and the
``data/<year>`` folders. Everything else is copied as written: dates are already Gregorian (an ROC
date such as 114-05-20 stays an ROC date: it is unambiguous and still read), and free text (targets'
text, quotes, comments) is prose, not a year the program reads.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import yaml

from target_rules.calendar import Calendar

__all__ = ["RULE", "gregorian_copy", "to_gregorian", "write_plan"]


def to_gregorian(year: int) -> int:
    """The Gregorian year of ROC ``year``."""
    return Calendar.ROC.gregorian(year)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _rewrite_yaml(data: Any, name: str) -> Any:
    if not isinstance(data, dict):
        return data
    if name.startswith("plan."):
        data.setdefault("plan", {})["calendar"] = "gregorian"
        return data
    if "measure" in data and "years" in data:  # a rule file
        data["years"] = {to_gregorian(y): body for y, body in data["years"].items()}
        for example in data.get("examples") or []:
            example["year"] = to_gregorian(example["year"])
        return data
    if isinstance(data.get("year"), int):  # a report or a submission
        data["year"] = to_gregorian(data["year"])
    return data


def _rewrite_csv(text: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if row.get("year", "").strip().isdigit():
            row["year"] = str(to_gregorian(int(row["year"])))
        writer.writerow(row)
    return out.getvalue()


def gregorian_copy(src: Path, into: Path) -> Path:
    """``src`` (a plan folder: rules/ with plan.yaml, data/, submissions/) counted in Gregorian years."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        parts = [
            str(to_gregorian(int(p))) if i > 0 and rel.parts[i - 1] == "data" and p.isdigit() else p
            for i, p in enumerate(rel.parts)
        ]
        dest = into.joinpath(*parts)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            dest.write_text(_yaml(_rewrite_yaml(data, path.name)), encoding="utf-8")
        elif path.suffix == ".csv":
            dest.write_text(_rewrite_csv(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(path, dest)
    return into


# A one-measure plan for tests that write their own years: a threshold (cases >= 10) and a completion
# with a deadline; its example reaches the milestone on the deadline. Line 13 holds the year's key,
# line 18 the example's year.
RULE = """\
measure: 1
strategy: {{number: 1, title: {{zh: 策略}}}}
title: {{zh: 措施}}
agencies: [甲部]
metrics:
  cases: {{label: {{zh: 案件數}}, unit: 件, agency: 甲部}}
  plan:
    label: {{zh: 計畫}}
    unit: milestone
    agency: 甲部
    milestones: [{{id: drafted, label: {{zh: 草案}}}}, {{id: done, label: {{zh: 完成}}}}]
years:
  {year}:
    targets:
      - {{id: "1.1", label: {{zh: 案件}}, kind: threshold, metric: cases, at_least: 10}}
      - {{id: "1.2", label: {{zh: 計畫}}, kind: completion, metric: plan, reach: done, deadline: {deadline}}}
examples:
  - {{name: on-time, year: {example}, values: {{cases: 10, plan: {{milestone: done, date: {deadline}}}}}, expect: {{"1.1": met, "1.2": met}}}}
"""


def write_plan(
    folder: Path, calendar: str | None, year: int, *, deadline: str = "2024-09-30", example: int | None = None
) -> Path:
    """``folder`` holding RULE for ``year`` and, unless ``calendar`` is None, a plan.yaml naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    if calendar is not None:
        plan = f"plan: {{calendar: {calendar}}}\nagencies: [{{name: 甲部}}]\n"
        (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    rule = RULE.format(year=year, deadline=deadline, example=year if example is None else example)
    (folder / "m1.yaml").write_text(rule, encoding="utf-8")
    return folder
