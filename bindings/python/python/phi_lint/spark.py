"""Spark: add a findings column to a DataFrame of messages.

``with_findings(df)`` appends an array-of-structs column with the fields of a finding in the
CLI's JSON (``rule``, ``name``, ``category``, ``severity``, ``message``, ``start``, ``end``,
``location``, ``part``, ``excerpt``), computed with ``mapInArrow``: Arrow batches go to the
Rust linter without a per-row Python round trip, and the linter is built once per executor
process (Python workers are reused), not per row or per batch.

A row whose text is null or whose channel is not one phi-lint knows gets a null findings
column (``phi-lint scan`` answers such a line with an error record); an empty list means
checked and clean.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql.types import ArrayType

    from . import Linter

CHANNELS = ("sms", "push", "email_subject", "email_text", "email_html", "url")

# (name, kind) in the order of the CLI's JSON; kind "string" or "long".
FINDING_FIELDS = (
    ("rule", "string"),
    ("name", "string"),
    ("category", "string"),
    ("severity", "string"),
    ("message", "string"),
    ("start", "long"),
    ("end", "long"),
    ("location", "string"),
    ("part", "long"),
    ("excerpt", "string"),
)


def findings_type() -> ArrayType:
    """The Spark type of the findings column: an array of finding structs."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    kinds = {"string": StringType(), "long": LongType()}
    return ArrayType(
        StructType([StructField(name, kinds[kind], nullable=False) for name, kind in FINDING_FIELDS]),
        containsNull=False,
    )


def _arrow_type() -> pa.DataType:
    import pyarrow as pa

    kinds = {"string": pa.string(), "long": pa.int64()}
    return pa.list_(pa.struct([pa.field(name, kinds[kind], nullable=False) for name, kind in FINDING_FIELDS]))


# One linter per Python worker process and configuration: building one compiles every rule pack.
_LINTERS: dict[str, Linter] = {}


def _linter(options: dict[str, Any]) -> Linter:
    key = json.dumps(options, sort_keys=True, default=str)
    linter = _LINTERS.get(key)
    if linter is None:
        from . import Linter

        linter = _LINTERS[key] = Linter(**options)
    return linter


def check_columns(
    linter: Linter, texts: list[Optional[str]], channels: list[Optional[str]]
) -> list[Optional[list[dict[str, Any]]]]:
    """Findings (as dicts) per row, or None for a row that cannot be checked."""
    out: list[Optional[list[dict[str, Any]]]] = [None] * len(texts)
    by_channel: dict[str, list[int]] = {}
    for i, (text, channel) in enumerate(zip(texts, channels)):
        if isinstance(text, str) and channel in CHANNELS:
            by_channel.setdefault(channel, []).append(i)
    for channel, rows in by_channel.items():
        reports = linter.check_many([texts[i] for i in rows], channel=channel)
        for i, report in zip(rows, reports):
            out[i] = report.to_dict()["findings"] if report else []
    return out


def with_findings(
    df: DataFrame,
    text_col: str = "text",
    *,
    channel_col: Optional[str] = None,
    channel: str = "sms",
    output_col: str = "findings",
    **linter_options: Any,
) -> DataFrame:
    """Returns ``df`` with a findings column appended.

    Args:
        df: the messages.
        text_col: the column holding the message text.
        channel_col: a column holding each row's channel; without it every row is ``channel``.
        channel: the channel of every row when ``channel_col`` is not given.
        output_col: the name of the new column.
        **linter_options: passed to ``phi_lint.Linter`` on the executors (``config``,
            ``select``, ``ignore``, ``allow_terms``, ``redaction``, ``baa_providers``).
    """
    from pyspark.sql.types import StructField, StructType

    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    _linter(linter_options)  # fail fast on the driver for a broken configuration
    schema = StructType(list(df.schema.fields) + [StructField(output_col, findings_type(), nullable=True)])

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        linter = _linter(linter_options)
        arrow_type = _arrow_type()
        for batch in batches:
            texts = batch.column(text_col).to_pylist()
            channels = batch.column(channel_col).to_pylist() if channel_col else [channel] * len(texts)
            findings = check_columns(linter, texts, channels)
            yield pa.RecordBatch.from_arrays(
                list(batch.columns) + [pa.array(findings, type=arrow_type)],
                names=list(batch.schema.names) + [output_col],
            )

    return df.mapInArrow(run, schema)
