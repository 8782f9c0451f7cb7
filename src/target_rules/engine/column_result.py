"""ColumnResult: what every columnar engine returns (python, numpy, DuckDB, Spark), per target a column.

Its own module so the engines that produce it (columns.py, duck.py, spark.py) all import it from
below, and columns.py can dispatch to the others without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from target_rules.engine.judging import STATUS_CODES
from target_rules.engine.verdict import Status

__all__ = ["ColumnResult"]


@dataclass
class ColumnResult:
    """Per-target columns; keys are "<measure>:<target id>" in the order of Evaluation.verdicts."""

    year: int
    rows: int
    keys: list[str]
    status: dict[str, Any]
    actual: dict[str, Any]
    achievement_rate: dict[str, Any]
    flags: dict[str, list[tuple[str, ...]]] | None = None
    engine: str = "python"
    fallback: list[str] = field(default_factory=list)  # targets the numpy engine judged row by row

    def statuses(self, key: str) -> list[Status]:
        return [STATUS_CODES[int(c)] for c in self.status[key]]

    def __len__(self) -> int:
        return self.rows
