"""The SQL engines at scale: DuckDB and Spark against the numpy path and polars, on Parquet files.

    ./scripts/bench sql                         # sizes 1m,10m; Spark at 10m
    ./scripts/bench sql --sizes 100k,1m --spark 1m

Workload: bench/run.py's synthetic submissions for the 107 rule set (77 targets, values around
every bound, ~8% not reported as NaN, unknown milestone ids), written once per size to a Parquet
file (pyarrow, snappy) in row groups of 122,880 rows (DuckDB's own default; see ROW_GROUP). Every
engine reads that same file, so reading is part of every time.

Every engine's process loads the rule set (tr.load_rules) and imports its libraries (numpy,
pyarrow, duckdb and sqlglot, or polars; see _imports) before its clock starts: rule loading and
imports are counted for none of them (the import time is printed beside). The clock stops while
the harness counts statuses to check the result. What each time then includes:

  numpy      tr.evaluate_columns(engine="numpy") on 1M-row batches of the file (pyarrow reader);
             status, actual and rate of all 77 targets
  duckdb     duck.prepare (the file's schema read and checked, the query compiled for all 77
             targets), printing it as DuckDB SQL, DuckDB planning and running it over read_parquet;
             status, actual and rate of all 77 targets, streamed out as Arrow batches
  spark      tr.evaluate_spark over spark.read.parquet, local[2]; all outputs written to Spark's
             "noop" sink (everything computed, nothing stored). Session start-up is not counted.
  polars42 / duckdb42
             the 42 threshold and frequency targets only (what bench/run.py's polars expressions
             cover), their status only, both built for exactly those targets, both returning the
             whole result in memory:
             polars: the kernel's generation and bench/run.py's plan (which polars' expressions are
             built from), scan_parquet + select of the 42 status expressions, collect (streaming);
             duckdb: duck.prepare(only=the 42 keys, outputs=status), printing, planning and running
             the query, to_arrow_table.

Each engine runs in its own process; the parent samples the resident memory of that process and
its children (Spark's JVM) every 0.1 s and reports the peak. Wall and CPU seconds are printed (CPU:
all the process's threads; it moves less than wall when other work shares the machine). Each
engine's count of every status of every target must equal numpy's (for the 42-target runs, on
those targets): asserted.

Changed in run 5 (see bench/README.md): row groups of 122,880 rows, not pyarrow's 1 Mi (the 1M
file was one row group, which DuckDB reads on one thread); imports out of every clock (DuckDB's
side had paid pyarrow's and pandas' import, about 0.4 s, polars' side polars' import); the
status counting out of every clock.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CHUNK = 1_000_000
# Rows per Parquet row group: DuckDB's own writer's default. pyarrow's default (1 Mi rows) made
# the 1M file ONE row group, which DuckDB reads on one thread (it splits a scan by row group),
# while polars splits by column; DuckDB, polars (256 Ki rows) and Spark (128 MB) write smaller groups.
ROW_GROUP = 122_880
POLARS_ENGINE = "streaming"


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s.rstrip("km")) * mult)


# --- the workload file ----------------------------------------------------------------------------


def write_workload(path: Path, n: int, rules_dir: str, year: int, seed: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import run as base  # bench/run.py

    import target_rules as tr
    from target_rules.engine import kernel as codegen

    rules = tr.load_rules(rules_dir)
    k = codegen.kernel(rules, year)
    writer = None
    done = 0
    while done < n:
        m = min(CHUNK, n - done)
        cols = base.workload(rules, year, k, m, seed + done, np)
        # every column the rules read, as the SQL engines require; dates are absent in the workload
        for c in k.columns:
            if c not in cols:
                cols[c] = pa.nulls(m, pa.date32()) if c in k.date_columns else pa.nulls(m, pa.float64())
        table = pa.table(
            {c: (pa.array(v, pa.string()) if isinstance(v, list) else v) for c, v in cols.items()}
        )
        if writer is None:
            writer = pq.ParquetWriter(str(path), table.schema)
        writer.write_table(table, row_group_size=ROW_GROUP)
        done += m
    assert writer is not None
    writer.close()


# --- workers: one engine, one process ---------------------------------------------------------------


def _counts(acc: dict[str, list[int]], key: str, status: Any) -> None:
    import numpy as np

    c = np.bincount(np.asarray(status, dtype=np.int64), minlength=4)
    row = acc.setdefault(key, [0, 0, 0, 0])
    for i in range(4):
        row[i] += int(c[i])


def _simple_keys(rules: Any, year: int) -> list[str]:
    from target_rules.language import spec as sp

    return [
        f"{ms.measure}:{t.id}"
        for cm in rules
        if year in cm.specs
        for ms in [cm.specs[year]]
        for t in ms.targets
        if isinstance(t, sp.ThresholdSpec | sp.FrequencySpec)
    ]


def _imports(engine: str) -> float:
    """Load the libraries ``engine`` and the status counting use, before its clock starts.

    Importing is start-up, as Spark's session start is: counted for no engine (it was counted for
    each before, unevenly: DuckDB's side also paid pandas, which pyarrow's to_numpy imports, about
    0.25 s). Returns the seconds it took, printed beside the engine's time.
    """
    t0 = time.perf_counter()
    import numpy as np
    import pyarrow as pa

    pa.array(np.zeros(1, np.int8)).to_numpy()  # pyarrow's pandas shim, imported on first use
    if engine in ("numpy", "duckdb", "duckdb42"):
        import pyarrow.parquet  # noqa: F401

        import target_rules.engine.columns
    if engine in ("duckdb", "duckdb42"):
        import duckdb  # noqa: F401
        import sqlglot.dialects.duckdb  # noqa: F401  (sqlglot loads a dialect on its first print)

        import target_rules.engine.duck  # noqa: F401  (and sqlglot through engine.sql)
    if engine == "polars42":
        import polars  # noqa: F401
    return time.perf_counter() - t0


class _Clock:
    """Wall and CPU time (all of the process's threads) summed over start/stop spans."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._t = self._c = 0.0

    def start(self) -> None:
        self._t, self._c = time.perf_counter(), time.process_time()

    def stop(self) -> None:
        self.wall += time.perf_counter() - self._t
        self.cpu += time.process_time() - self._c


def worker(engine: str, path: str, rules_dir: str, year: int) -> dict[str, Any]:
    """Run ``engine`` once over the file; the clock covers the engine's work (see the module
    docstring), not the imports nor the counting of statuses that checks its result."""
    import target_rules as tr

    rules = tr.load_rules(rules_dir)
    acc: dict[str, list[int]] = {}
    extra: dict[str, Any] = {}
    if engine == "spark":
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F

        t0 = time.perf_counter()
        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", "4g")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        extra["startup_s"] = time.perf_counter() - t0
        df = spark.read.parquet(path)
        t0 = time.perf_counter()
        out = tr.evaluate_spark(rules, df, year, status="code", flags=False, nan=True)
        out.write.format("noop").mode("overwrite").save()
        seconds = time.perf_counter() - t0
        keys = [c[: -len(":status")] for c in out.columns if c.endswith(":status")]
        sums = [F.sum((F.col(f"`{k}:status`") == i).cast("long")) for k in keys for i in range(4)]
        row = out.select(*sums).collect()[0]
        for j, key in enumerate(keys):
            acc[key] = [int(row[4 * j + i]) for i in range(4)]
        spark.stop()
        return {"seconds": seconds, "counts": acc, **extra}
    extra["startup_s"] = _imports(engine)
    clock = _Clock()  # the engine's time; the counting between its steps is left out
    clock.start()
    if engine == "numpy":
        import pyarrow.parquet as pq

        from target_rules.engine import kernel as codegen

        k = codegen.kernel(rules, year)
        text = k.milestone_columns | k.date_columns
        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK):
            cols = {
                name: (col.to_pylist() if name in text else col.to_numpy(zero_copy_only=False))
                for name, col in zip(batch.schema.names, batch.columns, strict=True)
            }
            res = tr.evaluate_columns(rules, cols, year, engine="numpy")
            clock.stop()
            for key in res.keys:
                _counts(acc, key, res.status[key])
            clock.start()
        clock.stop()
    elif engine == "duckdb":
        from target_rules.engine.duck import prepare
        from target_rules.engine.sql import output_name

        rel, q = prepare(rules, path, year, status="code", outputs=("status", "actual", "rate"), nan=True)
        text = q.sql("duckdb", pretty=False)
        # streamed: 77 targets' status, actual and rate at 10M rows would not fit in memory
        reader = rel.query("submissions", text).to_arrow_reader(CHUNK)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            clock.stop()
            for key in q.keys:
                _counts(acc, key, batch.column(output_name(key, "status")).to_numpy())
            clock.start()
        clock.stop()
    elif engine == "duckdb42":  # as polars: built for the 42 targets, their status only, all in memory
        from target_rules.engine.duck import prepare
        from target_rules.engine.sql import output_name

        only = _simple_keys(rules, year)
        rel, q = prepare(rules, path, year, status="code", outputs=("status",), only=only)
        result = rel.query("submissions", q.sql("duckdb", pretty=False)).to_arrow_table()
        clock.stop()
        for key in q.keys:
            _counts(acc, key, result.column(output_name(key, "status")).to_numpy())
    elif engine == "polars42":
        import polars as pl
        import run as base

        from target_rules.engine import kernel as codegen

        k = codegen.kernel(rules, year)
        plan = [p for p in base.build_plan(rules, year, k) if p["kind"] in ("threshold", "frequency")]
        ops = {">=": "__ge__", ">": "__gt__", "<=": "__le__", "<": "__lt__"}
        exprs = [
            pl.when(pl.col(p["x"]).is_null() | pl.col(p["x"]).is_nan())
            .then(3)
            .when(getattr(pl.col(p["x"]), ops[p["op"]])(p["c"]))
            .then(0)
            .otherwise(1)
            .cast(pl.Int8)
            .alias("{}:{}".format(*p["key"]))
            for p in plan
        ]
        out = pl.scan_parquet(path).select(exprs).collect(engine=POLARS_ENGINE)
        clock.stop()
        for name in out.columns:
            _counts(acc, name, out.get_column(name).to_numpy())
    else:
        raise SystemExit(f"unknown engine {engine}")
    return {"seconds": clock.wall, "cpu_s": clock.cpu, "counts": acc, **extra}


# --- the parent: run each engine, watch its memory ----------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parents[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, parent in parents.items():
            if parent == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run_engine(engine: str, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        "--file",
        str(path),
        "--rules",
        args.rules,
        "--year",
        str(args.year),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    out, _ = proc.communicate()
    stop.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{engine} failed (exit {proc.returncode})")
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_mb"] = peak / 2**20
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--year", type=int, default=107)
    ap.add_argument("--sizes", default="1m,10m")
    ap.add_argument("--spark", default="10m", help="sizes Spark runs at ('' for none)")
    ap.add_argument(
        "--engines", default="numpy,duckdb,duckdb42,polars42", help="which to run (spark: see --spark)"
    )
    ap.add_argument("--seed", type=int, default=20180101)
    ap.add_argument("--dir", help="where the Parquet files go (default: a temporary directory, removed)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.file, args.rules, args.year)))
        return 0

    import duckdb
    import numpy as np
    import polars as pl
    import pyspark

    print(
        f"machine: {os.cpu_count()} cpus, Python {sys.version.split()[0]}, numpy {np.__version__}, "
        f"duckdb {duckdb.__version__}, polars {pl.__version__}, pyspark {pyspark.__version__}"
    )
    spark_sizes = {parse_size(s) for s in args.spark.split(",") if s.strip()}
    tmp = tempfile.TemporaryDirectory(dir=args.dir) if not args.dir else None
    where = Path(tmp.name) if tmp else Path(args.dir)
    where.mkdir(parents=True, exist_ok=True)  # a --dir that does not exist yet is made, not a traceback
    results: list[tuple[int, str, dict[str, Any]]] = []
    for n in [parse_size(s) for s in args.sizes.split(",")]:
        path = where / f"submissions-{n}.parquet"
        t0 = time.perf_counter()
        if not path.exists():
            write_workload(path, n, args.rules, args.year, args.seed)
        print(
            f"N={n}: {path.stat().st_size / 2**20:.0f} MB of Parquet ({time.perf_counter() - t0:.0f} s to write)",
            flush=True,
        )
        engines = args.engines.split(",") + (["spark"] if n in spark_sizes else [])
        ref: dict[str, list[int]] | None = None
        for engine in engines:
            res = run_engine(engine, path, args)
            if ref is None:
                ref = res["counts"]
            for key, counts in res["counts"].items():
                assert counts == ref[key], (
                    f"{engine}: status counts of {key} {counts} != {engines[0]}'s {ref[key]}"
                )
            assert engine.endswith("42") or len(res["counts"]) == len(ref), engine
            results.append((n, engine, res))
            print(
                f"  {engine:<9} {res['seconds']:8.2f} s  {res['seconds'] / n * 1e6:7.2f} µs/row  "
                + (f"CPU {res['cpu_s']:7.2f} s  " if "cpu_s" in res else "")
                + f"peak {res['peak_mb']:7.0f} MB"
                + (f"  (start-up {res['startup_s']:.2f} s, not counted)" if "startup_s" in res else ""),
                flush=True,
            )
    names = {
        "numpy": "tr evaluate_columns, numpy (77 targets)",
        "duckdb": "tr DuckDB query (77 targets)",
        "spark": "tr Spark, local[2] (77 targets)",
        "duckdb42": "DuckDB, 42 threshold/frequency targets",
        "polars42": "polars, the same 42 targets",
    }
    print()
    print(
        f"{'N':>10}  {'engine':<42} {'s':>8} {'CPU s':>8} {'µs/row':>8} {'x numpy':>8} {'x duckdb':>9} "
        f"{'peak MB':>8}"
    )
    for n, engine, res in results:
        same = {e: r for m_, e, r in results if m_ == n}
        x_np = f"{res['seconds'] / same['numpy']['seconds']:8.2f}" if "numpy" in same else f"{'-':>8}"
        x_dk = f"{res['seconds'] / same['duckdb']['seconds']:9.2f}" if "duckdb" in same else f"{'-':>9}"
        cpu = f"{res['cpu_s']:8.2f}" if "cpu_s" in res else f"{'-':>8}"
        print(
            f"{n:>10}  {names[engine]:<42} {res['seconds']:8.2f} {cpu} {res['seconds'] / n * 1e6:8.2f} "
            f"{x_np} {x_dk} {res['peak_mb']:8.0f}"
        )
    sizes = sorted({n for n, _, _ in results})
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for engine in names:
            a = next((r for m_, e, r in results if m_ == lo and e == engine), None)
            b = next((r for m_, e, r in results if m_ == hi and e == engine), None)
            if a and b:
                print(f"scaling {engine}: {hi // lo}x rows -> {b['seconds'] / a['seconds']:.1f}x time")
    for n in sizes:
        same = {e: r for m_, e, r in results if m_ == n}
        ratios = [
            f"{label} = {same[a]['seconds'] / same[b]['seconds']:.2f}x"
            + (f" (CPU {same[a]['cpu_s'] / same[b]['cpu_s']:.2f}x)" if "cpu_s" in same[a] else "")
            for label, a, b in (
                ("DuckDB / numpy", "duckdb", "numpy"),
                ("DuckDB / polars on 42 targets", "duckdb42", "polars42"),
            )
            if a in same and b in same  # --engines may leave either out
        ]
        if ratios:
            print(f"N={n}: " + "; ".join(ratios))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
