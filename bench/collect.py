"""Collecting submissions: a year's templates cold, and 10,000 files, linear in the number of files.

    .venv/bin/python bench/collect.py                  # both workloads, sizes 1000,2500,5000,10000
    .venv/bin/python bench/collect.py --sizes 500,1000 # quicker

1. A year's templates: `target-rules template --every-agency` for the rules in rules/ (every agency
   they name, 46 measures), every row filled with a number (or a milestone), then
   `target-rules collect` on the folder in a fresh process (cold: imports and rule loading included).
   Goal: under 1 s.
2. N submission files: a generated rule set (plan.yaml with N agencies; one measure whose metrics
   every agency contributes to: a sum, a rate with numerator and denominator, a milestone), one CSV
   or YAML file per agency, collected (tr.consolidate) and validated (tr.validate) in this process.
   Goal: 10,000 files in at most 30 s, and time per file flat as N grows (linear, not quadratic).

Figures are printed, never asserted: the machine decides them. One run, one process per workload.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "target_rules"]


def _fill_templates(folder: Path) -> int:
    """Every blank of every template: a count, a milestone id, or a percentage; returns the rows."""
    rng = random.Random(107)
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig") as fh:
            table = list(csv.DictReader(fh))
        # one count per file: figures that hold together (approved <= received, a rate's counts)
        count, percent = rng.randint(1, 500), f"{rng.uniform(50, 99):.2f}%"
        for row in table:
            if row["unit"] == "milestone":
                ids = row["label"].split("milestone: ", 1)[1].rstrip(")").split(" / ")
                row["milestone"] = ids[-1]
            elif row["unit"] == "%":
                row["value"] = percent
            else:
                row["value"] = str(count)
            rows += 1
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(table[0]) if table else ["year"])
            w.writeheader()
            w.writerows(table)
    return rows


def year_of_templates(work: Path) -> None:
    folder = work / "templates"
    rules = str(ROOT / "rules")
    make = [
        *CLI,
        "template",
        "--rules",
        rules,
        "--year",
        "107",
        "--every-agency",
        "--format",
        "csv",
        "--lang",
        "en",  # English headings: the filler below reads the columns by their English names
        "-o",
        str(folder),
    ]
    subprocess.run(make, check=True, capture_output=True)
    files = len(list(folder.glob("*.csv")))
    rows = _fill_templates(folder)
    collect = [*CLI, "collect", str(folder), "--rules", rules, "--year", "107", "-o", str(work / "out")]
    runs = [_timed(collect) for _ in range(3)]
    wall, cpu, done = min(runs, key=lambda r: r[0])
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
    start_wall, start_cpu, _ = min((_timed([*CLI, "--version"]) for _ in range(3)), key=lambda r: r[0])
    print(
        f"year of templates: {files} agencies' CSV templates, {rows} rows; collect in a fresh process (best of 3): "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU (python + imports alone: {start_wall:.2f} s wall, "
        f"{start_cpu:.2f} s CPU); goal < 1 s"
    )
    print(f"  {summary}")


def _timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time, and the CPU time the child used (less sensitive to a busy machine than wall time)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def synthetic(work: Path, n: int) -> tuple[Path, Path]:
    """A rule set with n agencies and one measure, and one submission file per agency."""
    rules = work / f"rules-{n}"
    subs = work / f"subs-{n}"
    shutil.rmtree(rules, ignore_errors=True)
    shutil.rmtree(subs, ignore_errors=True)
    rules.mkdir(parents=True)
    subs.mkdir(parents=True)
    names = [f"機關{i:05d}" for i in range(n)]
    with (rules / "plan.yaml").open("w", encoding="utf-8") as fh:
        fh.write("plan: {title: {zh: 基準測試, en: Benchmark}}\nagencies:\n  - {name: 各機關, group: true}\n")
        fh.writelines(f"  - {{name: {a}, en: Agency {i}}}\n" for i, a in enumerate(names))
    (rules / "m01.yaml").write_text(
        """measure: 1
strategy: {number: 1, title: 策略}
title: 基準
agencies: [各機關]
metrics:
  sessions: {label: 場次, unit: 場次}
  cases: {label: 案件數, unit: 件}
  handled: {label: 處理數, unit: 件}
  rate: {label: 處理比率, unit: "%", numerator: handled, denominator: cases}
  plan: {label: 計畫, unit: milestone, milestones: [{id: drafted, label: 草擬}, {id: done, label: 完成}]}
years:
  107:
    targets:
      - {id: "1.1", label: 場次, kind: threshold, metric: sessions, at_least: 1}
      - {id: "1.2", label: 比率, kind: threshold, metric: rate, at_least: 50}
      - {id: "1.3", label: 計畫, kind: completion, metric: plan, reach: drafted}
""",
        encoding="utf-8",
    )
    rng = random.Random(n)
    for i, a in enumerate(names):
        cases = rng.randint(10, 99)
        handled = rng.randint(0, cases)
        rate = f"{handled * 100 / cases:.2f}%"
        if i % 2:
            (subs / f"{i:05d}.csv").write_text(
                "year,measure,metric,value,milestone,agency\n"
                f"107,1,sessions,{rng.randint(0, 9)},,{a}\n107,1,cases,{cases},,{a}\n"
                f"107,1,handled,{handled},,{a}\n107,1,rate,{rate},,{a}\n107,1,plan,,done,{a}\n",
                encoding="utf-8",
            )
        else:
            (subs / f"{i:05d}.yaml").write_text(
                f"year: 107\nagency: {a}\nmeasures:\n  1:\n    metrics:\n      sessions: {rng.randint(0, 9)}\n"
                f"      cases: {cases}\n      handled: {handled}\n      rate: {rate}\n      plan: {{milestone: done}}\n",
                encoding="utf-8",
            )
    return rules, subs


def many_files(work: Path, sizes: list[int]) -> None:
    import target_rules as tr

    print("many files: one submission per agency (half CSV, half YAML), one measure, 5 metrics each")
    print(f"{'files':>7} {'collect s':>10} {'µs/file':>9} {'validate s':>11} {'µs/file':>9}  result")
    first: tuple[float, float] | None = None
    for n in sizes:
        rules_dir, subs = synthetic(work, n)
        rules = tr.load_rules(rules_dir)
        t0, c0 = time.perf_counter(), time.process_time()
        collection = tr.consolidate(subs, rules, 107)
        tc, cc = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        result = tr.validate(subs, rules, 107)
        tv, cv = time.perf_counter() - t0, time.process_time() - c0
        ok = collection.ok and not result.errors
        value = collection.report.measures[1].metrics["sessions"].value if collection.report else None
        per = (tc / n * 1e6, tv / n * 1e6)
        first = first or per
        print(
            f"{n:>7} {tc:>10.2f} {per[0]:>9.0f} {tv:>11.2f} {per[1]:>9.0f}  "
            f"{'ok' if ok else 'ERRORS'}; sessions summed to {value}; "
            f"per file vs first size: collect x{per[0] / first[0]:.2f}, validate x{per[1] / first[1]:.2f}; "
            f"CPU s: collect {cc:.1f}, validate {cv:.1f}"
        )
        shutil.rmtree(subs, ignore_errors=True)
        shutil.rmtree(rules_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,2500,5000,10000", help="numbers of files, comma-separated")
    parser.add_argument("--skip-templates", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start (figures scale with it)")
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        work = Path(tmp)
        if not args.skip_templates:
            year_of_templates(work)
        many_files(work, sizes)


if __name__ == "__main__":
    main()
