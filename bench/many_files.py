"""`validate DIR` on 2,500 and 10,000 one-measure files: the time ratio should be about 4 (linear).

.venv/bin/python bench/many_files.py            # prints both times and their ratio
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import target_rules as tr  # noqa: E402

FILE = "year: 107\nmeasures:\n  45:\n    metrics:\n      wiretap_cases_received: {i}\n"


def main() -> int:
    rules = tr.load_rules(ROOT / "tests" / "fixtures" / "validate" / "rules")
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (2_500, 10_000):
            d = Path(tmp) / str(n)
            d.mkdir()
            for i in range(n):
                (d / f"s{i:05d}.yaml").write_text(FILE.format(i=i), encoding="utf-8")
            gc.collect()
            start = time.perf_counter()
            result = tr.validate(d, rules, year=107)
            times[n] = time.perf_counter() - start
            assert len(result.files) == n
            print(f"validate {n:>6,} files: {times[n]:6.2f} s ({times[n] / n * 1e6:5.0f} µs per file)")
    print(f"ratio 10,000 / 2,500 files: {times[10_000] / times[2_500]:.2f} (linear: 4.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
