"""Year 107 end to end: a template per agency, each filled with that agency's figures, collected, judged.

The figures come from data/107, split by agency where the source gives per-agency figures (measures
5, 19, 26, 27, 37, 38, 46 ...): each by_agency part goes to that agency's submission; a plain value goes
to the agency the data names for it (value, measure or file), else to the metric's first named owner.
Collecting every agency's submission and judging the result must give the verdicts of judging
data/107 directly: splitting a report over agencies and collecting it back loses and adds nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import target_rules as tr
from target_rules.cli import main
from target_rules.language.source import read_document
from target_rules.submissions import template
from target_rules.submissions.owed import metric_owners

ROOT = Path(__file__).resolve().parents[2]
YEAR = 107


@pytest.fixture(scope="module")
def rules():
    return tr.load_rules(ROOT / "rules")


def _figures(rules) -> dict[str, list[dict[str, Any]]]:
    """Canonical agency -> rows (template columns) of its own figures in data/107."""
    out: dict[str, list[dict[str, Any]]] = {}
    for f in sorted((ROOT / "data" / "107").glob("m*.yaml")):
        data = read_document(f).data
        for n, mr in data["measures"].items():
            for name, entry in (mr.get("metrics") or {}).items():
                entry = entry if isinstance(entry, dict) else {"value": entry}
                period = entry.get("period") or mr.get("period")
                owner = entry.get("agency") or mr.get("agency") or data.get("agency")
                if owner is None:
                    measure = rules[n].measure
                    named = [
                        a.name
                        for o in metric_owners(measure, name)
                        for a in rules.agencies.resolve_all(o)
                        if not a.group
                    ]
                    owner = named[0]
                base = {"year": YEAR, "measure": n, "metric": name, "unit": entry.get("unit", "")}
                parts = entry.get("by_agency")
                if parts:
                    for agency, part in parts.items():
                        part = part if isinstance(part, dict) else {"value": part}
                        row = {**base, "agency": agency, **_cells(part, part.get("period") or period)}
                        # a group's part (大專校院) is sent by the agency that reports for it (教育部)
                        sender = agency if not rules.agencies.resolve(agency).group else owner
                        out.setdefault(rules.agencies.canonical(sender), []).append(row)
                else:
                    row = {**base, "agency": owner, **_cells(entry, period)}
                    out.setdefault(rules.agencies.canonical(owner), []).append(row)
    return out


def _cells(entry: dict[str, Any], period: dict[str, Any] | None) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for k in ("value", "milestone", "not_reported", "quote"):
        if entry.get(k) is not None:
            cells[k] = str(entry[k])
    if entry.get("date") is not None:
        cells["date"] = str(entry["date"])
    if period:
        cells["period_start"], cells["period_end"] = str(period["start"]), str(period["end"])
    return cells


def _fill(rules, agency: str, own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The agency's template with its figures filled in; rows it has no figure for are deleted, and a
    figure the template does not ask for (a metric no target reads) is added as a row."""
    try:
        items = template.entries(rules, YEAR, agency)
    except tr.RuleError:
        items = []
    rows = list(csv.DictReader(template.render_csv(items, YEAR).splitlines()))
    mine = {(int(r["measure"]), r["metric"], rules.agencies.canonical(r["agency"])): r for r in own}
    filled = []
    for row in rows:
        key = (int(row["measure"]), row["metric"], rules.agencies.canonical(row["agency"] or agency))
        figure = mine.pop(key, None)
        if figure is not None:
            filled.append({**row, **figure})
    filled.extend({h: "" for h in template.HEADER} | r for r in mine.values())
    return filled


def _write(path: Path, rows: list[dict[str, Any]], agency: str) -> Path:
    """Every third agency sends YAML, every third XLSX, the others CSV: collect reads the mix."""
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(template.HEADER))
            w.writeheader()
            w.writerows({h: r.get(h, "") for h in template.HEADER} for r in rows)
    elif path.suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(list(template.HEADER))
        for r in rows:
            ws.append([r.get(h, "") or None for h in template.HEADER])
        wb.save(path)
    else:  # JSON, the way a program would send it
        groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault((int(r["measure"]), r["metric"]), []).append(r)
        measures: dict[int, Any] = {}
        for (n, name), rs in groups.items():
            entries = {r["agency"] or agency: _entry(r) for r in rs}
            metrics = measures.setdefault(n, {"metrics": {}})["metrics"]
            if len(rs) == 1 and not _is_split(n, name):
                metrics[name] = {**_entry(rs[0]), "agency": rs[0]["agency"] or agency}
            else:
                metrics[name] = {"by_agency": entries}
        doc = {"year": YEAR, "agency": agency, "measures": measures}
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _is_split(n: int, name: str) -> bool:
    rules = tr.load_rules(ROOT / "rules" / f"m{n:02d}.yaml")
    return any(
        t.kind == "breakdown" and t.metric == name and t.parts
        for yt in rules[n].measure.years.values()
        for t in yt.targets
    )


def _entry(r: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {k: r[k] for k in ("value", "milestone", "not_reported", "quote") if r.get(k)}
    if r.get("date"):
        entry["date"] = r["date"]
    if r.get("period_start"):
        entry["period"] = {"start": r["period_start"], "end": r["period_end"]}
    return entry


@pytest.fixture(scope="module")
def submissions(rules, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("submissions")
    figures = _figures(rules)
    named = [a.name for a in rules.agencies if not a.group]
    assert set(figures) <= set(named), "every figure of data/107 belongs to a registered agency"
    for i, agency in enumerate(named):
        rows = _fill(rules, agency, figures.get(agency, []))
        if rows:
            _write(folder / f"{i:02d}-{agency}{('.csv', '.xlsx', '.json')[i % 3]}", rows, agency)
    return folder


def _verdicts(evaluation) -> dict[str, tuple[str, float | None]]:
    out = {}
    for v in evaluation.verdicts:
        for x in (v, *v.parts):
            out[x.target_id] = (str(x.status), None if x.actual is None else round(x.actual, 9))
    return out


def test_collected_templates_judge_as_data_107_does(rules, submissions, tmp_path):
    out = tmp_path / "collected"
    assert (
        main(["collect", str(submissions), "--rules", str(ROOT / "rules"), "--year", "107", "-o", str(out)])
        == 0
    )
    direct = tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"), YEAR)
    collected = tr.evaluate(rules, tr.load_report(out), YEAR)
    assert _verdicts(collected) == _verdicts(direct)
    # the figure of measure 5's joint target is the sum of the two agencies' own figures
    m5 = tr.load_report(out).measures[5].metrics["awareness_sessions"]
    assert m5.value == 948 and {k: a.value for k, a in m5.by_agency.items()} == {
        "法務部廉政署": 819,
        "監察院": 129,
    }
    assert all(
        a.origin is not None and a.origin.file.startswith(str(submissions)) for a in m5.by_agency.values()
    )


def test_every_agency_the_rules_name_gets_a_template_or_is_told_it_owes_nothing(rules):
    for agency in (a for a in rules.agencies if not a.group):
        try:
            items = template.entries(rules, YEAR, agency.name)
        except tr.RuleError as exc:
            assert exc.problems[0].code == "nothing_owed"
            continue
        assert items, agency.name


def test_evaluate_reads_the_submissions_directly(rules, submissions, capsys):
    """evaluate consolidates on the fly: the same verdicts as from data/107."""
    assert (
        main(
            [
                "evaluate",
                "--rules",
                str(ROOT / "rules"),
                "--report",
                str(submissions),
                "--year",
                "107",
                "--format",
                "json",
            ]
        )
        == 0
    )
    got = json.loads(capsys.readouterr().out)
    direct = tr.evaluate(rules, tr.load_report(ROOT / "data" / "107"), YEAR)
    assert {v["target"]: v["status"] for v in got["verdicts"]} == {
        v.target_id: str(v.status) for v in direct.verdicts
    }


def test_collecting_is_byte_identical_whatever_the_order_of_inputs(rules, submissions, tmp_path):
    files = sorted(submissions.iterdir())
    a, b = tmp_path / "a", tmp_path / "b"
    assert (
        main(["collect", *map(str, files), "--rules", str(ROOT / "rules"), "--year", "107", "-o", str(a)])
        == 0
    )
    assert (
        main(
            [
                "collect",
                *map(str, reversed(files)),
                "--rules",
                str(ROOT / "rules"),
                "--year",
                "107",
                "-o",
                str(b),
            ]
        )
        == 0
    )
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and "m05.yaml" in names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
