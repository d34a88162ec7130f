"""The Spark helper in local mode, against `phi-lint scan` on the same rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from conftest import REPO, scan  # noqa: E402
from synthetic import messages  # noqa: E402

from phi_lint.spark import FINDING_FIELDS, with_findings  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Executors' Python must be this one (the one phi_lint is installed in).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("phi-lint-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def rows_with_edge_cases() -> list[dict]:
    rows = messages(400, seed=11)
    rows.append({"id": "nul", "channel": "sms", "text": None})
    rows.append({"id": "pager", "channel": "pager", "text": "HIV positive"})
    rows.append({"id": "empty", "channel": "sms", "text": ""})
    return rows


def test_findings_column_agrees_with_scan_row_for_row(spark, tmp_path):
    rows = rows_with_edge_cases()
    df = spark.createDataFrame(rows, "id string, channel string, text string").repartition(3)
    out = with_findings(df, "text", channel_col="channel").collect()
    assert len(out) == len(rows)
    by_id = {r["id"]: r for r in out}
    assert by_id["nul"]["findings"] is None and by_id["pager"]["findings"] is None
    assert by_id["empty"]["findings"] == []

    checkable = [r for r in rows if r["text"] is not None and r["channel"] != "pager"]
    expected = scan(checkable)
    flagged = 0
    for row in checkable:
        got = [f.asDict() for f in by_id[row["id"]]["findings"]]
        assert got == expected[row["id"]]["findings"], row["id"]
        flagged += bool(got)
    assert 0 < flagged < len(checkable), "the dataset mixes clean and flagged messages"
    some = next(r["findings"][0] for r in expected.values() if r["findings"])
    assert {name for name, _ in FINDING_FIELDS} == set(some), "the struct has the CLI's JSON fields"


def test_one_channel_for_every_row_and_linter_options(spark):
    df = spark.createDataFrame([("a", "SSN 078-05-1120 and HIV positive")], "id string, body string")
    only_ids = with_findings(df, "body", output_col="phi", select=["identifier"]).collect()[0]
    assert {f["category"] for f in only_ids["phi"]} == {"identifier"}
    with pytest.raises(ValueError, match="unknown channel"):
        with_findings(df, "body", channel="fax")
    import phi_lint

    with pytest.raises(phi_lint.ConfigError):
        with_findings(df, "body", select=["NOPE999"])


def test_audit_example_job(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = messages(300, seed=3)
    source = tmp_path / "messages.parquet"
    pq.write_table(pa.Table.from_pylist(rows), source)
    out_dir = tmp_path / "findings"
    job = subprocess.run(
        [sys.executable, str(REPO / "examples/spark/audit.py"), str(source), str(out_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    written = pq.read_table(out_dir).to_pylist()
    expected = scan(rows)
    n_expected = sum(len(r["findings"]) for r in expected.values())
    assert len(written) == n_expected, "one output row per finding"
    assert {"id", "channel", "rule", "category", "severity", "start", "end"} <= set(written[0])
    assert "category" in job.stdout and "channel" in job.stdout
    for secret in ("078-05-1120", "HIV"):
        assert secret not in job.stdout and secret not in json.dumps(written, default=str)
