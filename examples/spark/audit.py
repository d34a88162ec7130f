"""Audit logged messages for PHI with Spark.

    python examples/spark/audit.py MESSAGES.parquet OUT_DIR [--master local[*]]

Reads a Parquet file of sent messages (columns `id`, `channel`, `text`; `channel` one of sms,
push, email_subject, email_text, email_html, url), adds phi-lint's findings, writes one row per
finding to OUT_DIR as Parquet (id, channel and the finding's fields: never the message text),
and prints how many findings there are by category and channel.

Needs `pip install phi-lint pyspark pyarrow` (phi-lint from bindings/python) and Java 17.
"""

from __future__ import annotations

import argparse
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from phi_lint.spark import with_findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", help="Parquet file or directory of logged messages")
    parser.add_argument("out", help="directory to write the findings to (Parquet)")
    parser.add_argument("--master", default="local[*]")
    args = parser.parse_args()
    # Local mode: the executors run this interpreter, the one phi_lint is installed in.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    spark = (
        SparkSession.builder.master(args.master)
        .appName("phi-lint audit")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    messages = spark.read.parquet(args.messages).select("id", "channel", "text")
    checked = with_findings(messages, "text", channel_col="channel").drop("text").cache()

    findings = checked.select("id", "channel", F.explode("findings").alias("f")).select(
        "id", "channel", "f.*"
    )
    findings.write.mode("overwrite").parquet(args.out)

    total = checked.count()
    unchecked = checked.filter(F.col("findings").isNull()).count()
    flagged = checked.filter(F.size("findings") > 0).count()
    print(f"{total} messages, {flagged} with findings, {unchecked} not checkable (null text or unknown channel)")
    print("findings by category and channel:")
    summary = spark.read.parquet(args.out).groupBy("category", "channel").count()
    summary.orderBy(F.desc("count"), "category", "channel").show(100, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
