"""The Spark engine in local[2] gives the events of the local engine, and the same failures."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dyad.jobs import CodeJob, run_job
from dyad.settings import Settings
from dyad.store import Store

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'dyad[spark]')")
if shutil.which("java") is None:
    pytest.skip("java is not installed (Spark needs Java 17+)", allow_module_level=True)

pytestmark = pytest.mark.slow

DOCS = [
    {"id": "s1", "published": "2018-08-08", "text": "Germany criticized Russia on Monday over the border dispute."},
    {"id": "s2", "published": "2019-03-06", "text": "France praised Italy on Tuesday for its help with the floods."},
    {"id": "s3", "published": "2019-03-20", "text": "Spain accused Portugal of breaking the fishing deal."},
    {"id": "s4", "published": "2018-08-30", "text": "Japan met China in Tokyo on Wednesday to discuss trade."},
    {"id": "s1", "published": "2018-08-08", "text": "A different text with an id already used."},
    {"id": "s5", "text": 42},
    # two outlets telling one event in their own words (not wire copies): one incident of two articles
    {"id": "s6", "published": "2019-05-14", "source": "Daily One",
     "text": "Sweden condemned Norway on Monday over the whaling season."},
    {"id": "s7", "published": "2019-05-15", "source": "Evening Two",
     "text": "In a statement on Monday, Sweden also condemned Norway, saying the whaling season had gone too far."},
]  # fmt: skip


@pytest.fixture(scope="session")
def spark() -> Any:
    from dyad.spark import spark_session

    session = spark_session("local[2]", "dyad-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spark") / "corpus"
    root.mkdir()
    (root / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    (root / "letter.txt").write_text(
        "Brazil threatened Argentina with new tariffs on Friday.\n\nArgentina rejected the demand.\n",
        encoding="utf-8",
    )
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)  # (Spark lists no zero-byte files: see README)
    (root / "README.md").write_text("not an input\n", encoding="utf-8")
    return root


def _records(events: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(e, sort_keys=True) for e in events)


@dataclass(frozen=True)
class Runs:
    """One local run and one Spark run over the same corpus, shared by the tests of this module."""

    local: Any
    db: str
    out: Path
    stats: Any


@pytest.fixture(scope="module")
def runs(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Runs:
    from dyad.spark import spark_code

    tmp_path = tmp_path_factory.mktemp("spark-runs")
    settings = Settings(db=str(tmp_path / "local.duckdb"), published="2020-01-01")
    local = run_job(CodeJob((str(corpus),), settings), pipeline=pipeline)
    out = tmp_path / "events"
    stats = spark_code(spark, str(corpus), str(out), settings, partitions=2)
    return Runs(local, settings.db, out, stats)


def test_spark_local2_events_equal_the_local_engine(runs: Runs) -> None:
    from dyad.spark import read_events

    local, out, stats = runs.local, runs.out, runs.stats
    with Store(runs.db) as store:
        expected = _records([e.to_dict() for e in store.event_records(modality=None)])
        local_failures = sorted((f["doc_id"] or "", f["status"]) for f in store.failures().to_pylist())

    got = _records(read_events(str(out)))
    assert expected and got == expected
    assert stats.events == len(expected)
    assert (stats.failed, stats.skipped) == (local.failed, local.skipped)

    # partitioned by year and month of the event date, readable by DuckDB and pandas directly
    assert (out / "year=2018" / "month=8").is_dir()
    import duckdb
    import pandas as pd

    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true)").fetchall()
    assert rows[0][0] == len(expected)
    frame = pd.read_parquet(out)
    assert {"event_id", "cameo", "source_code", "year", "month"} <= set(frame.columns)

    failures = pd.read_parquet(stats.failures_output)
    assert sorted(zip(failures["doc_id"].fillna(""), failures["status"], strict=True)) == local_failures
    reasons = " ".join(failures["reason"])
    assert "duplicate id 's1' with different text" in reasons and "binary" in reasons


def test_spark_incidents_equal_the_local_store(runs: Runs) -> None:
    import duckdb

    from dyad.spark import read_incidents

    with Store(runs.db) as store:
        expected = store.incidents().to_pylist()
    with duckdb.connect(runs.db, read_only=True) as con:
        copies = con.execute("SELECT doc_id FROM documents WHERE copy_of IS NOT NULL").fetchall()
    for row in expected:
        row["date_start"], row["date_end"] = row["date_start"].isoformat(), row["date_end"].isoformat()
    assert not copies  # Spark does not detect wire copies: the corpus has none

    got = read_incidents(runs.stats.incidents_output)
    assert runs.stats.incidents == len(got)
    assert got == expected
    assert [i["doc_ids"] for i in got if i["num_articles"] == 2] == [["s6", "s7"]]
    shared = next(i for i in got if i["num_articles"] == 2)
    assert (shared["source"], shared["target"], shared["num_sources"]) == ("SWE", "NOR", 2)
    assert shared["first_seen"] == "2019-05-14" and shared["last_seen"] == "2019-05-15"
