"""Run by scripts/check-core inside .venv-core (target_rules + core dependencies only, no pytest).

Not a pytest module (no test_ prefix): pytest is an extra, absent here on purpose. It checks that
1. the optional dependencies really are absent (else this proves nothing);
2. every command the core promises works: evaluate, lint, test, validate, template yaml/csv,
   report html/markdown, schema, --version;
3. a command needing an extra fails with exit 2 and ONE line naming the extra, never a traceback.
Prints one line per check; exits 1 on the first failure.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = (
    "openpyxl", "numpy", "polars", "pyarrow", "pandas", "duckdb", "sqlglot", "pyspark",
    "pytest", "hypothesis", "jsonschema", "playwright",
)  # fmt: skip


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "target_rules", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def check(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))
    if not ok:
        raise SystemExit(1)


def main() -> None:
    present = [m for m in OPTIONAL if importlib.util.find_spec(m) is not None]
    check("no optional dependency is installed", not present, f"installed: {present}")
    tmp = Path(tempfile.mkdtemp(prefix="core-check-"))
    rules, data = str(ROOT / "rules"), str(ROOT / "data" / "107")

    r = cli("--version")
    check("python -m target_rules --version", r.returncode == 0 and "target-rules" in r.stdout, r.stderr)
    r = cli("evaluate", "--rules", rules, "--report", data, "--year", "107")
    check("evaluate the 107 report", r.returncode == 0 and "4.1" in r.stdout, r.stderr[-500:])
    r = cli("lint", rules, "--lang", "en")  # rules/plan.yaml says zh
    linted = len(list((ROOT / "rules").glob("m*.yaml"))) + 1  # the measures' files and plan.yaml
    check("lint", r.returncode == 0 and f" in {linted} files" in r.stdout, r.stdout[-500:] + r.stderr[-500:])
    r = cli("test", rules, "--lang", "en")
    check("test", r.returncode == 0 and " passed, 0 failed" in r.stdout, r.stdout[-500:] + r.stderr[-500:])
    for fmt in ("html", "markdown"):
        out = tmp / f"report.{fmt}"
        r = cli(
            "report", "--rules", rules, "--report", data, "--year", "107", "--format", fmt, "-o", str(out)
        )
        check(f"report --format {fmt}", r.returncode == 0 and out.stat().st_size > 1000, r.stderr[-500:])
    for fmt in ("yaml", "csv"):
        out = tmp / f"m45.{fmt}"
        r = cli(
            "template", "--rules", rules, "--year", "107", "--measure", "45", "--format", fmt, "-o", str(out)
        )
        check(f"template --format {fmt}", r.returncode == 0 and out.stat().st_size > 100, r.stderr[-500:])
    r = cli("validate", str(tmp / "m45.yaml"), "--rules", rules, "--year", "107")
    check(
        "validate a blank template: exit 1, one line per missing value",
        r.returncode == 1 and "missing_value" in r.stdout and "Traceback" not in r.stderr,
        r.stdout[-500:] + r.stderr[-500:],
    )
    r = cli("schema", "rules")
    check("schema rules", r.returncode == 0 and '"$id"' in r.stdout, r.stderr[-500:])

    for name, args in {
        "report --format xlsx": ("report", "--rules", rules, "--report", data, "--year", "107"),
        "template --format xlsx": ("template", "--rules", rules, "--year", "107", "--measure", "45"),
    }.items():
        r = cli(*args, "--format", "xlsx", "-o", str(tmp / "out.xlsx"))
        lines = r.stderr.strip().splitlines()
        check(
            f"{name} without openpyxl: exit 2, one line naming the xlsx extra",
            r.returncode == 2
            and len(lines) == 1
            and "pip install 'target-rules[xlsx]'" in lines[0]
            and not (tmp / "out.xlsx").exists(),
            r.stderr[-800:],
        )
    for name, args in {
        "sql without sqlglot": ("sql", "--rules", rules, "--year", "107"),
        "evaluate-table without duckdb": (
            "evaluate-table", str(tmp / "m45.csv"), "--rules", rules, "--year", "107", "-o", str(tmp / "v.csv"),
        ),
    }.items():  # fmt: skip
        r = cli(*args)
        lines = r.stderr.strip().splitlines()
        check(
            f"{name}: exit 2, one line naming the sql extra",
            r.returncode == 2 and len(lines) == 1 and "target-rules[sql]" in lines[0],
            r.stderr[-800:],
        )
    sheet = tmp / "s.xlsx"  # shaped like a workbook, so validate gets as far as needing openpyxl
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    r = cli("validate", str(sheet), "--rules", rules, "--year", "107")
    check(
        "validate an .xlsx without openpyxl: a problem naming the xlsx extra, no traceback",
        r.returncode == 1 and "target-rules[xlsx]" in r.stdout and "Traceback" not in r.stderr,
        r.stdout[-500:] + r.stderr[-500:],
    )
    print("core install: every check passed")


if __name__ == "__main__":
    main()
