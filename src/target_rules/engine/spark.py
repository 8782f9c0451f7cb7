"""Apache Spark: the rules' query (sql.py) run as Spark SQL on a DataFrame, locally or on a cluster.

    out = tr.evaluate_spark(rules, spark.read.parquet("s3://.../submissions/"), year=107)
    out.write.parquet("s3://.../verdicts/")

The result is a lazy DataFrame: every column of the input the rules do not read (ids, agency
names), then per target "<measure>:<target id>:status|actual|rate|flags", as sql.py describes. The
plan is plain Spark SQL with no Python function inside, so it runs on the executors of any cluster
as it runs in local mode, under ANSI mode or not (every division is guarded). The columns are
checked against the rules before anything runs.
"""

from __future__ import annotations

import uuid
from typing import Any

from target_rules.engine.column_result import ColumnResult
from target_rules.engine.sql import (
    OUTPUTS,
    ColumnType,
    query_for_table,
    target_keys,
)

__all__ = ["evaluate_spark", "spark_class", "spark_columns"]


def spark_class(data_type: Any) -> ColumnType:
    """A Spark SQL data type as the kind of value it holds."""
    from pyspark.sql import types as T

    if isinstance(data_type, T.NullType):
        return "null"
    if isinstance(data_type, T.NumericType):
        return "number"
    if isinstance(data_type, T.StringType | T.VarcharType | T.CharType):
        return "text"
    if isinstance(data_type, T.DateType | T.TimestampType | T.TimestampNTZType):
        return "date"
    return "other"


def evaluate_spark(
    rules: Any, dataframe: Any, year: int, *, status: str = "word", flags: bool = True, nan: bool = False
) -> Any:
    """Judge every row of a Spark DataFrame against ``year``'s targets; a DataFrame, one row each.

    ``status``: "word" (met, unmet, not_applicable, missing) or "code" (0-3, as evaluate_columns).
    ``flags``: include the flags columns; ``nan``: NaN, not NULL, where there is no actual or rate.
    """
    try:
        from pyspark.sql import DataFrame
    except ModuleNotFoundError as exc:
        from target_rules.extras import missing_message

        raise ModuleNotFoundError(missing_message("pyspark", "evaluate_spark"), name="pyspark") from exc
    if not isinstance(dataframe, DataFrame):
        raise TypeError(f"expected a pyspark.sql.DataFrame, not {type(dataframe).__name__}")
    schema = {f.name: (spark_class(f.dataType), f.dataType.simpleString()) for f in dataframe.schema.fields}
    view = f"target_rules_{uuid.uuid4().hex}"
    q = query_for_table(
        rules,
        year,
        schema,
        where="dataframe",
        table=view,
        status="code" if status == "code" else "word",
        outputs=OUTPUTS if flags else OUTPUTS[:3],
        nan=nan,
    )
    spark = dataframe.sparkSession
    dataframe.createOrReplaceTempView(view)
    try:
        # analysis is eager: the returned DataFrame holds the plan, not the view's name
        return spark.sql(q.sql("spark", pretty=False))
    finally:
        spark.catalog.dropTempView(view)


def spark_columns(rules: Any, dataframe: Any, year: int, *, flags: bool = False) -> ColumnResult:
    """``evaluate_columns(..., engine="spark")``: the result collected through Arrow."""
    from target_rules.engine.duck import column_result

    out = evaluate_spark(rules, dataframe, year, status="code", flags=flags, nan=True)
    return column_result(out.toArrow(), target_keys(rules, year), year, flags, engine="spark")
