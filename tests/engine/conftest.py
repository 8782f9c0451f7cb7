"""One local SparkSession for the whole test session (starting Spark takes tens of seconds).

local[2], two shuffle partitions and no UI keep it small. Where pyspark or Java is missing the
Spark tests skip, except in CI (CI=true), where they are required and fail instead.
"""

from __future__ import annotations

import os
import shutil

import pytest


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the Spark tests are required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _unavailable("pyspark is not installed (pip install 'target-rules[spark]')")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        _unavailable("Java is not installed (Debian: apt-get install openjdk-17-jre-headless)")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("target_rules tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .config("spark.ui.showConsoleProgress", "false")
        # tests build DataFrames from local Arrow tables; Spark would otherwise run the whole query
        # row by row, interpreted, inside its optimizer (47 of 50 s for the 107 rules on 2,000 rows).
        # Data read from files or a cluster is never a local relation, so this changes nothing there.
        .config(
            "spark.sql.optimizer.excludedRules",
            "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation",
        )
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
