"""The Spark local job over N synthetic messages (default 1,000,000), against `phi-lint scan`.

    PHI_LINT_BIN=target/release/phi-lint python bindings/python/bench/spark_1m.py [--n 1000000]

Writes the messages to Parquet, runs `with_findings` in local mode on every core, and compares
its findings with `phi-lint scan --jobs <cores>` on the same rows, row for row. Prints rows/s of
the Spark job (reading Parquet, checking, collecting the findings back to the driver as
Parquet) and of scan.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from phi_lint.spark import with_findings
from synthetic import messages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    work = Path(tempfile.mkdtemp(prefix="phi-lint-spark-"))
    rows = messages(args.n, seed=1)
    pq.write_table(pa.Table.from_pylist(rows), work / "messages.parquet", row_group_size=100_000)
    with open(work / "messages.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    del rows

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("phi-lint 1M")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.perf_counter()
    df = spark.read.parquet(str(work / "messages.parquet"))
    out = with_findings(df, "text", channel_col="channel").select(
        "id", F.to_json("findings").alias("findings")
    )
    out.write.mode("overwrite").parquet(str(work / "findings"))
    spark_s = time.perf_counter() - t0
    spark.stop()

    t0 = time.perf_counter()
    with open(work / "messages.jsonl", "rb") as stdin, open(work / "scan.jsonl", "wb") as stdout:
        code = subprocess.run(
            [os.environ.get("PHI_LINT_BIN", "phi-lint"), "scan", "--fail-on", "never", "--jobs", str(cores), "--batch", "1000"],
            stdin=stdin,
            stdout=stdout,
            check=False,
        ).returncode
    scan_s = time.perf_counter() - t0
    assert code == 0, code

    ours = {r["id"]: json.loads(r["findings"]) for r in pq.read_table(work / "findings").to_pylist()}
    n = mismatches = with_findings_n = 0
    with open(work / "scan.jsonl") as f:
        for line in f:
            record = json.loads(line)
            n += 1
            with_findings_n += bool(record["findings"])
            if ours.get(record["id"]) != record["findings"]:
                mismatches += 1
    print(f"{args.n:,} messages on {cores} cores; {with_findings_n:,} with findings")
    print(f"spark local job: {spark_s:.1f} s = {args.n / spark_s:,.0f} rows/s")
    print(f"phi-lint scan --jobs {cores}: {scan_s:.1f} s = {args.n / scan_s:,.0f} rows/s")
    print(f"rows compared: {n:,} (spark rows {len(ours):,}); mismatches: {mismatches}")


if __name__ == "__main__":
    main()
