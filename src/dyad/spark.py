"""The coding pipeline as an Apache Spark job (``pip install 'dyad[spark]'``; Java 17+).

    dyad spark-code INPUT OUTPUT --master 'local[*]'
    spark-submit --master yarn .../dyad/launch/spark_job.py INPUT OUTPUT   (dyad installed on every node)

Stages, each a Spark stage, so the output equals that of ``dyad code`` on the same inputs:

1. **ingest** — files (text, HTML, JSON, JSONL, CSV; local paths or any Hadoop filesystem: ``hdfs://``,
   ``s3a://``...) are read as bytes and turned into documents by :func:`dyad.ingest.iter_bytes`, exactly as
   the local engine reads a file; Parquet inputs (``*.parquet`` or ``--format parquet``) are rows with the
   JSONL fields (``id``, ``text`` or ``html``, ``published``...).
2. **screen ids** — a repeated id is ``skipped`` (same text) or ``failed`` (other text), the first in input
   order (path, then position in the file) winning, as in :func:`dyad.pipeline.screen_ids`.
3. **code** — ``mapInArrow`` over evenly repartitioned documents; each Python worker process loads the
   pipeline once and keeps it for every task it runs (Spark reuses Python workers).
4. **dedup** — :func:`incidents_frame`, the cross-document stage: events grouped by key (source, target,
   CAMEO code or root, per ``settings.incident_key``) and each group clustered by the same pure
   :func:`dyad.incidents.cluster` the local store runs (``applyInPandas``), so the incidents equal the
   store's. Events themselves are kept, as the store keeps them (:func:`deduplicate_events`). Wire copies
   are not detected here: ``copy_of`` is None and ``num_copies`` 0 (see docs/scaling.md).
5. **write** — events as Parquet partitioned by ``year``/``month`` of the event date (``OUTPUT/year=2018/
   month=8/part-*.parquet``; undated events under ``year=__HIVE_DEFAULT_PARTITION__``), incidents in
   ``OUTPUT.incidents/`` (columns of :meth:`dyad.incidents.Incident.to_dict`) and one row per failed or
   skipped document in ``OUTPUT.failures/`` (Parquet).

Read the output with DuckDB (``SELECT * FROM read_parquet('OUTPUT/**/*.parquet', hive_partitioning=true)``),
pandas (``pd.read_parquet('OUTPUT')``) or :func:`read_events` (event dicts, as ``dyad events --format jsonl``);
incidents with :func:`read_incidents`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from dyad.errors import UsageError
from dyad.incidents import IncidentEvent, IncidentKey, cluster
from dyad.ingest import IngestOptions, iter_bytes, iter_records, skipped_name
from dyad.models import REPEAT_STAGE, DocResult, Failure, RawDocument
from dyad.pipeline import Pipeline
from dyad.settings import Settings
from dyad.store import EVENT_ARROW_SCHEMA, events_arrow

_RAW_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("path", pa.string()), ("seq", pa.int64()), ("id", pa.string()), ("origin", pa.string()),
    ("text", pa.string()), ("kind", pa.string()), ("published", pa.string()), ("title", pa.string()),
    ("url", pa.string()), ("source", pa.string()), ("encoding", pa.string()), ("id_given", pa.bool_()),
    ("digest", pa.string()), ("fail_reason", pa.string()), ("fail_stage", pa.string()),
    ("fail_status", pa.string()),
)  # fmt: skip
RAW_SCHEMA = pa.schema(list(_RAW_FIELDS))
_STATUS_FIELDS = (("row_kind", pa.string()), ("origin", pa.string()), ("stage", pa.string()),
                  ("status", pa.string()), ("reason", pa.string()))  # fmt: skip
#: per event row, what incidents need of its document: outlet (source, publisher or site) and publication date
_DOC_FIELDS = (("outlet", pa.string()), ("seen", pa.string()))
OUT_SCHEMA = pa.schema(
    [*EVENT_ARROW_SCHEMA, ("year", pa.int32()), ("month", pa.int32()), *_DOC_FIELDS, *_STATUS_FIELDS]
)
INCIDENT_SCHEMA = pa.schema(
    [
        ("incident_id", pa.string()), ("source", pa.string()), ("target", pa.string()), ("code", pa.string()),
        ("root", pa.string()), ("place", pa.string()), ("place_name", pa.string()), ("date_start", pa.date32()),
        ("date_end", pa.date32()), ("num_mentions", pa.int64()), ("num_sources", pa.int64()),
        ("num_articles", pa.int64()), ("num_copies", pa.int64()), ("first_seen", pa.string()),
        ("last_seen", pa.string()), ("event_ids", pa.list_(pa.string())), ("doc_ids", pa.list_(pa.string())),
    ]
)  # fmt: skip
FAILURE_COLUMNS = ("origin", "doc_id", "stage", "status", "reason")


@dataclass(frozen=True)
class SparkStats:
    """What a Spark run wrote."""

    events: int
    failed: int
    skipped: int
    output: str
    failures_output: str
    incidents: int = 0
    incidents_output: str = ""


# ------------------------------------------------------------------------------------------ stage 1


def _raw_rows(items: Iterator[RawDocument | Failure], path: str) -> pa.RecordBatch:
    rows: dict[str, list[Any]] = {name: [] for name, _ in _RAW_FIELDS}
    for seq, item in enumerate(items):
        rows["path"].append(path)
        rows["seq"].append(seq)
        if isinstance(item, Failure):
            values: dict[str, Any] = {"id": item.doc_id, "origin": item.origin, "fail_reason": item.reason,
                                      "fail_stage": item.stage, "fail_status": item.status}  # fmt: skip
        else:
            values = asdict(item)
            values["digest"] = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
        for name, _ in _RAW_FIELDS:
            if name not in ("path", "seq"):
                rows[name].append(values.get(name))
    return pa.RecordBatch.from_pydict(rows, schema=RAW_SCHEMA)


def ingest_files(batches: Iterator[pa.RecordBatch], options: IngestOptions) -> Iterator[pa.RecordBatch]:
    """``binaryFile`` rows (``path``, ``content``) -> document rows, as the local engine reads files."""
    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(), strict=True):
            if skipped_name(path.rstrip("/").rsplit("/", 1)[-1]):
                continue
            yield _raw_rows(iter_bytes(content or b"", _local_name(path), options), path)


def ingest_rows(batches: Iterator[pa.RecordBatch], options: IngestOptions, origin: str) -> Iterator[pa.RecordBatch]:
    """Parquet rows with the JSONL fields -> document rows."""
    for n, batch in enumerate(batches):
        yield _raw_rows(iter_records(batch.to_pylist(), f"{origin}#{n}", options), f"{origin}#{n:09d}")


def _local_name(path: str) -> str:
    return path[len("file:") :] if path.startswith("file:") else path


# ------------------------------------------------------------------------------------------ stage 3

_PIPELINES: dict[Settings, Pipeline] = {}  # one loaded pipeline per Python worker process and settings


def _pipeline(settings: Settings) -> Pipeline:
    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings).load()
    return _PIPELINES[settings]


def _items(batch: pa.RecordBatch) -> Iterator[RawDocument | Failure]:
    for row in batch.to_pylist():
        if row["fail_reason"] is not None:
            yield Failure(row["origin"], row["fail_reason"], row["fail_stage"], row["id"], status=row["fail_status"])
        else:
            yield RawDocument(
                id=row["id"], origin=row["origin"], text=row["text"], kind=row["kind"], published=row["published"],
                title=row["title"], url=row["url"], source=row["source"], encoding=row["encoding"],
                id_given=bool(row["id_given"]),
            )  # fmt: skip


def out_rows(results: list[DocResult]) -> pa.RecordBatch:
    """Event rows (with year and month) and status rows for failed or skipped documents, in one batch."""
    events = events_arrow([r for r in results if r.status == "coded"])
    starts = events.column("date_start").to_pylist()
    n = events.num_rows
    columns: dict[str, list[Any]] = {name: events.column(name).to_pylist() for name in EVENT_ARROW_SCHEMA.names}
    columns["year"] = [d.year if d else None for d in starts]
    columns["month"] = [d.month if d else None for d in starts]
    docs = {r.doc_id: r.document.meta for r in results if r.status == "coded" and r.document is not None}
    metas = [docs.get(d) for d in columns["doc_id"]]
    columns["outlet"] = [_outlet(m.source, m.publisher, m.site) if m else None for m in metas]
    columns["seen"] = [m.published if m else None for m in metas]
    columns["row_kind"] = ["event"] * n
    for name in ("origin", "stage", "status", "reason"):
        columns[name] = [None] * n
    for r in results:
        if r.status == "coded" or r.failure is None:
            continue
        for name in EVENT_ARROW_SCHEMA.names:
            columns[name].append(None)
        columns["doc_id"][-1] = r.failure.doc_id
        columns["year"].append(None)
        columns["month"].append(None)
        columns["outlet"].append(None)
        columns["seen"].append(None)
        columns["row_kind"].append("failure")
        columns["origin"].append(r.failure.origin)
        columns["stage"].append(r.failure.stage)
        columns["status"].append(r.failure.status)
        columns["reason"].append(r.failure.reason)
    return pa.RecordBatch.from_pydict(columns, schema=OUT_SCHEMA)


def _outlet(*names: str | None) -> str | None:
    """The first name that is not None, as the store's ``coalesce(source, publisher, site)``."""
    return next((n for n in names if n is not None), None)


def code_batches(batches: Iterator[pa.RecordBatch], settings: Settings) -> Iterator[pa.RecordBatch]:
    """Document rows -> event and status rows, with this worker's pipeline (loaded once)."""
    pipeline = _pipeline(settings)
    for batch in batches:
        yield out_rows(list(pipeline.run_batch(list(_items(batch)))))


# ------------------------------------------------------------------------------------------ the job


def deduplicate_events(events: Any) -> Any:
    """The events DataFrame as written (the columns of ``EVENT_ARROW_SCHEMA`` plus ``year``/``month``):
    the identity, since the local store also keeps every event and links it to its incident; the
    cross-document dedup is :func:`incidents_frame`."""
    return events


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):  # pandas may hand dates over as timestamps
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def cluster_frame(frame: Any, key: IncidentKey, slack_days: int) -> Any:
    """One key group of event rows (pandas) -> its incidents (pandas, columns of :data:`INCIDENT_SCHEMA`),
    clustered by :func:`dyad.incidents.cluster` with the :class:`IncidentEvent` rows the store builds."""
    import pandas as pd

    def missing(value: Any) -> bool:
        return value is None or bool(pd.isna(value))

    events = [
        IncidentEvent.from_row(
            r["event_id"],
            r["doc_id"],
            r["source"],
            r["target"],
            r["code"],
            r["root"],
            _as_date(r["date_start"]),
            _as_date(r["date_end"]),
            None if missing(r["location"]) else str(r["location"]),
            None if missing(r["mentions"]) else int(r["mentions"]),
            None if missing(r["outlet"]) else r["outlet"],
            None if missing(r["seen"]) else r["seen"],
            None,  # wire copies are not detected in Spark
        )
        for r in frame.to_dict("records")
    ]
    rows = []
    for inc in cluster(events, key, slack_days):
        row = inc.to_dict()
        row["date_start"], row["date_end"] = inc.date_start, inc.date_end
        rows.append(row)
    # object columns keep None as None (pandas 3 would make a missing string NaN)
    return pd.DataFrame({name: pd.Series([r[name] for r in rows], dtype=object) for name in INCIDENT_SCHEMA.names})


def incidents_frame(events: Any, key: IncidentKey = "code", slack_days: int = 1) -> Any:
    """Incidents of the event rows (``EVENT_ARROW_SCHEMA`` plus ``outlet``/``seen``) as a DataFrame:
    asserted, dyadic, dated events grouped by (source, target, code or root) and each group clustered
    by :func:`dyad.incidents.cluster`, as the local store does."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    qualifying = events.where(
        (F.col("modality") == "asserted")
        & F.col("source_code").isNotNull()
        & F.col("target_code").isNotNull()
        & F.col("date_start").isNotNull()
    ).select(
        "event_id", "doc_id", F.col("source_code").alias("source"), F.col("target_code").alias("target"),
        F.col("cameo").alias("code"), F.col("cameo_root").alias("root"), "date_start", "date_end", "location",
        "mentions", "outlet", "seen",
    )  # fmt: skip

    def one_group(frame: Any) -> Any:  # a plain function: Spark cannot read the type hints of a partial
        return cluster_frame(frame, key, slack_days)

    grouped = qualifying.groupBy("source", "target", "code" if key == "code" else "root")
    return grouped.applyInPandas(one_group, from_arrow_schema(INCIDENT_SCHEMA))


def spark_session(master: str | None = None, app_name: str = "dyad") -> Any:
    """A SparkSession for dyad (``master`` e.g. ``local[2]``; None: whatever spark-submit configured)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        builder = builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
    return builder.getOrCreate()


def spark_code(
    spark: Any,
    input_path: str,
    output: str,
    settings: Settings,
    *,
    partitions: int | None = None,
    mode: str = "overwrite",
) -> SparkStats:
    """Code ``input_path`` (a file or folder; local or any Hadoop filesystem) into event Parquet at ``output``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    options = IngestOptions(
        format=settings.input_format if settings.input_format != "parquet" else "auto",  # type: ignore[arg-type]
        published=settings.published,
        max_bytes=settings.max_bytes,
    )
    raw_schema = from_arrow_schema(RAW_SCHEMA)
    if settings.input_format == "parquet" or input_path.rstrip("/").endswith(".parquet"):
        rows = spark.read.parquet(input_path)
        raw = rows.mapInArrow(lambda it: ingest_rows(it, options, input_path), raw_schema)
    else:
        files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(input_path)
        raw = files.select("path", "content").mapInArrow(lambda it: ingest_files(it, options), raw_schema)

    # stage 2: the first document with an id wins; a repeat is skipped (same text) or failed (other text)
    first = Window.partitionBy("id", F.col("fail_reason").isNull()).orderBy("path", "seq")
    ranked = raw.withColumn("_rank", F.row_number().over(first)).withColumn(
        "_first", F.first(F.struct("origin", "digest")).over(first)
    )
    is_repeat = F.col("fail_reason").isNull() & (F.col("_rank") > 1)
    same = F.col("digest") == F.col("_first.digest")
    screened = ranked.select(
        *[c for c in RAW_SCHEMA.names if not c.startswith("fail_")],
        F.when(
            is_repeat & same,
            F.format_string("same document as %s (id '%s')", F.col("_first.origin"), F.col("id")),
        )
        .when(
            is_repeat,
            F.format_string(
                "duplicate id '%s' with different text (first seen in %s); give each document its own id",
                F.col("id"),
                F.col("_first.origin"),
            ),
        )
        .otherwise(F.col("fail_reason"))
        .alias("fail_reason"),
        F.when(is_repeat, F.lit(REPEAT_STAGE)).otherwise(F.col("fail_stage")).alias("fail_stage"),
        F.when(is_repeat & same, F.lit("skipped"))
        .when(is_repeat, F.lit("failed"))
        .otherwise(F.col("fail_status"))
        .alias("fail_status"),
    )
    n = partitions or max(2, spark.sparkContext.defaultParallelism)
    coded = (
        screened.repartition(n)
        .mapInArrow(lambda it: code_batches(it, settings), from_arrow_schema(OUT_SCHEMA))
        .persist()
    )
    try:
        event_rows = coded.where(F.col("row_kind") == "event")
        events = deduplicate_events(event_rows.select(*EVENT_ARROW_SCHEMA.names, "year", "month"))
        events.write.mode(mode).partitionBy("year", "month").parquet(output)
        incidents_output = output.rstrip("/") + ".incidents"
        key: IncidentKey = "root" if settings.incident_key == "root" else "code"
        incidents = incidents_frame(event_rows, key, settings.incident_slack)
        incidents.write.mode(mode).parquet(incidents_output)
        num_incidents = spark.read.parquet(incidents_output).count()
        failures_output = output.rstrip("/") + ".failures"
        status = coded.where(F.col("row_kind") == "failure").select(*FAILURE_COLUMNS)
        status.write.mode(mode).parquet(failures_output)
        counts = {r["status"]: r["count"] for r in status.groupBy("status").count().collect()}
        total = events.count()
    finally:
        coded.unpersist()
    return SparkStats(
        total, counts.get("failed", 0), counts.get("skipped", 0), output, failures_output,
        num_incidents, incidents_output,
    )  # fmt: skip


def read_events(output: str) -> list[dict[str, Any]]:
    """The events a Spark run wrote, as event dicts (``Event.to_dict``), read with pyarrow."""
    import pyarrow.dataset as ds

    table = ds.dataset(output, format="parquet", partitioning="hive").to_table(columns=["record"])
    return [json.loads(r) for r in table.column("record").to_pylist()]


def read_incidents(incidents_output: str) -> list[dict[str, Any]]:
    """The incidents a Spark run wrote (``OUTPUT.incidents``), as ``Incident.to_dict`` dicts, most reported
    first (as ``Store.incidents``)."""
    import pyarrow.dataset as ds

    rows = ds.dataset(incidents_output, format="parquet").to_table().to_pylist()
    for row in rows:
        row["date_start"], row["date_end"] = row["date_start"].isoformat(), row["date_end"].isoformat()
    rows.sort(key=lambda r: (-r["num_articles"], -r["num_mentions"], r["date_start"], r["incident_id"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    """``spark-submit dyad/launch/spark_job.py INPUT OUTPUT`` (or ``python -m dyad.spark``): the Spark job
    with the master spark-submit set."""
    ap = argparse.ArgumentParser(
        prog="dyad-spark", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", help="Spark master (default: as configured by spark-submit)")
    ap.add_argument("--format", default=None, help="input format: auto, text, html, jsonl, csv, parquet")
    ap.add_argument("--published", default=None, help="publication date for documents that carry none")
    ap.add_argument("--partitions", type=int, default=None, help="coding partitions (default: cores)")
    args = ap.parse_args(argv)
    settings = Settings.load({"input_format": args.format, "published": args.published})
    if settings.input_format not in ("auto", "text", "html", "jsonl", "csv", "json", "parquet"):
        raise UsageError(f"unknown --format {settings.input_format!r}")
    spark = spark_session(args.master)
    stats = spark_code(spark, args.input, args.output, settings, partitions=args.partitions)
    print(  # this is a command line entry point (spark-submit), not library code
        f"{stats.events} events into {stats.output}, {stats.incidents} incidents into {stats.incidents_output}; "
        f"{stats.failed} failed, {stats.skipped} skipped (see {stats.failures_output})"
    )
    return 1 if stats.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
