"""One local SparkSession and one PostgreSQL server for the whole test session.

Spark: local[2], two shuffle partitions and no UI keep it small (starting it takes tens of seconds).
PostgreSQL: the server of the pgserver wheel (its own binaries, no root, no apt), in a temporary
directory, started once (about a second) and stopped at the end. Where pyspark, Java, pgserver or
psycopg is missing the tests skip, except in CI (CI=true), where they are required and fail
instead; a PostgreSQL server that is installed but cannot start always fails, saying why.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest


def _unavailable(reason: str, what: str = "Spark") -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the {what} tests are required in CI: {reason}")
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


@pytest.fixture(scope="session")
def postgres():
    """A psycopg connection (autocommit) to a fresh PostgreSQL server of this session.

    Its data lives in a directory of its own under the system's temporary directory, not under
    pytest's: run as root, pgserver runs the server as a user "pgserver" and opens the directories
    above the data to it, and every pytest run closes pytest-of-<user> again (mode 700), which
    would lock out the server of a run still going.
    """
    try:
        with warnings.catch_warnings():  # platformdirs warns where XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver
        import psycopg
    except ImportError as exc:
        _unavailable(f"{exc.name} is not installed (pip install -e '.[test]')", "PostgreSQL")
    data = Path(tempfile.mkdtemp(prefix="target-rules-pg-"))
    try:
        server = pgserver.get_server(data, cleanup_mode="delete")
        con = psycopg.connect(server.get_uri(), autocommit=True)
    except Exception as exc:  # any failure to start is a failure, never a skip
        log = data / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
        shutil.rmtree(data, ignore_errors=True)
        pytest.fail(f"the PostgreSQL server (pgserver) did not start in {data}: {exc}\n{tail}")
    yield con
    con.close()
    server.cleanup()
    shutil.rmtree(data, ignore_errors=True)
