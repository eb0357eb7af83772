"""Tests for the DuckDB store (dyad.store): round trips, re-runs, filters, exports, errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import StoreError, UsageError
from dyad.models import (
    DATE_PRECISIONS,
    MODALITIES,
    SCHEMA_VERSION,
    Actor,
    DocResult,
    Document,
    Event,
    Failure,
    Location,
    Metadata,
    OffsetMap,
    Removed,
    Span,
)
from dyad.store import EVENT_COLUMNS, Store, date_bounds

GOLDEN = Path(__file__).parent / "data" / "golden"
SCHEMA_FILE = Path(__file__).parents[1] / "src" / "dyad" / "schemas" / "event.schema.json"
REGENERATE = os.environ.get("REGENERATE", "") not in ("", "0")
VERSION = "0.1.0+test"

# ------------------------------------------------------------------------------------------ builders


def actor(code: str | None, text: str = "", **kw: Any) -> Actor:
    country = code[:3] if code and code[:3].isalpha() and not code.startswith("IGO") else None
    sectors = tuple(code[i : i + 3] for i in range(3, len(code), 3)) if code else ()
    return Actor(text=text or (code or "someone"), code=code, country=country, sectors=sectors, **kw)


def event(
    doc_id: str,
    n: int,
    *,
    source: str | None = "USAGOV",
    target: str | None = "IRNGOV",
    cameo: str = "112",
    date: str | None = "2018-08-07",
    modality: str = "asserted",
    **kw: Any,
) -> Event:
    values: dict[str, Any] = {
        "event_id": f"{doc_id}-{n}",
        "doc_id": doc_id,
        "sentence_index": n,
        "sentence": f"Sentence {n} of {doc_id}.",
        "span": (n * 40, n * 40 + 30),
        "source": actor(source) if source else None,
        "target": actor(target) if target else None,
        "cameo": cameo,
        "cameo_root": cameo[:2],
        "cameo_name": f"name of {cameo}",
        "plover": "ACCUSE",
        "plover_mode": None,
        "quad_class": 3,
        "goldstein": -2.0,
        "date": date,
        "date_precision": "day" if date and len(date) == 10 else ("month" if date else "unknown"),
        "date_text": None,
        "location": None,
        "modality": modality,
        "attribution": None,
        "rule": "accuse-of",
        "confidence": 0.8,
        "dyad_version": VERSION,
    }
    values.update(kw)
    return Event(**values)


def document(doc_id: str, text: str = "Some clean text.\n\nA second paragraph.") -> Document:
    first = text.find("\n\n")
    paragraphs = [(0, first), (first + 2, len(text))] if first >= 0 else [(0, len(text))]
    return Document(
        id=doc_id,
        origin=f"corpus/{doc_id}.txt",
        text=text,
        paragraphs=paragraphs,
        meta=Metadata(
            title=f"Title of {doc_id}",
            publisher="Wire",
            byline=["A. Writer", "B. Writer"],
            published="2018-08-08",
            published_precision="day",
            published_source="text",
            copyright_year=2018,
        ),
        offsets=OffsetMap(((0, 0, len(text)),)),
        removed=[Removed(text="Subscribe now", rule="subscribe", start=0, end=13)],
        raw_hash=f"hash-{abs(hash(text)) % 10**8}",
        encoding="utf-8",
    )


def coded(doc_id: str, events: list[Event], text: str | None = None) -> DocResult:
    doc = document(doc_id) if text is None else document(doc_id, text)
    return DocResult(doc_id=doc_id, origin=doc.origin, status="coded", document=doc, events=events)


def failed(doc_id: str, stage: str = "parse", reason: str = "boom", status: str = "failed") -> DocResult:
    origin = f"corpus/{doc_id}.txt"
    failure = Failure(origin=origin, reason=reason, stage=stage, doc_id=doc_id, status=status)  # type: ignore[arg-type]
    return DocResult(doc_id=doc_id, origin=origin, status=status, failure=failure)  # type: ignore[arg-type]


def golden_results() -> list[DocResult]:
    """A small fixed set covering nulls, nesting, non-ASCII and CSV quoting."""
    e1 = event(
        "bloomberg-1",
        0,
        sentence='U.S. officials accused Iran of "destabilising" the region, again.',
        span=(0, 66),
        source=None,
        date="2018-08-07",
        date_text="on Tuesday",
        location=Location(name="Tehran", country="IRN", lat=35.6892, lon=51.389, kind="city", why="gazetteer"),
        trigger=Span(15, 22, "accused"),
        mentions=2,
        cameo_name="Accuse, not specified below",
        plover_mode="disapprove",
    )
    e1.source = Actor(
        text="U.S. officials",
        code="USAGOV",
        country="USA",
        sectors=("GOV",),
        name=None,
        entity_id=None,
        start=0,
        end=14,
        why="dictionary:agents.tsv:12",
    )
    e2 = event(
        "bloomberg-1",
        1,
        sentence="Zarif said Washington “cannot be trusted” — and Tehran would respond.",
        span=(67, 136),
        source="IRNGOV",
        target="USAGOV",
        cameo="111",
        cameo_name="Criticize or denounce",
        date="2018-08",
        modality="reported",
        plover_mode="disapprove",
        goldstein=-2.0,
        confidence=0.55,
        attribution=Actor(
            text="Zarif",
            code="IRNGOV",
            country="IRN",
            sectors=("GOV",),
            name="Mohammad Javad Zarif",
            entity_id="person:mohammad_javad_zarif",
            start=67,
            end=72,
            why="dictionary:people.tsv:3",
        ),
    )
    e3 = event(
        "reuters-2",
        0,
        sentence="North Korea did not fire a missile.",
        span=(0, 35),
        source="PRKMIL",
        target=None,
        cameo="190",
        cameo_name="Use conventional military force, not specified below",
        date=None,
        modality="negated",
        plover="ASSAULT",
        quad_class=4,
        goldstein=-10.0,
        rule="fire-missile",
        confidence=1.0,
    )
    e4 = event(
        "reuters-2",
        1,
        sentence="The U.N. sanctioned North Korea in 2018.",
        span=(36, 76),
        source=None,
        target="PRKGOVMIL",
        cameo="163",
        cameo_name="Impose embargo, boycott, or sanctions",
        date="2018",
        date_precision="year",
        date_text="in 2018",
        plover="COERCE",
        plover_mode="restrict",
        quad_class=4,
        goldstein=-8.0,
        rule="sanction",
    )
    e4.source = Actor(
        text="The U.N.",
        code="IGOUNO",
        sectors=("IGO",),
        name="United Nations",
        entity_id="org:un",
        start=36,
        end=44,
    )
    return [coded("bloomberg-1", [e1, e2]), coded("reuters-2", [e3, e4])]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "x.duckdb") as store:
        yield store


def ids(table: pa.Table) -> list[str]:
    return [str(v) for v in table.column("event_id").to_pylist()]


# ------------------------------------------------------------------------------------------ schema


def test_json_schema_matches_models() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["title"] == SCHEMA_VERSION
    assert schema["$id"] == "https://dyad.example.org/schemas/dyad-event-2.json"
    assert schema["properties"]["modality"]["enum"] == list(MODALITIES)
    assert schema["properties"]["date_precision"]["enum"] == list(DATE_PRECISIONS)
    record = golden_results()[0].events[0].to_dict()
    assert set(schema["properties"]) == set(record) == set(schema["required"])
    assert set(schema["$defs"]["actor"]["properties"]) == set(record["source"])
    assert set(schema["$defs"]["location"]["properties"]) == set(record["location"])

    def described(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"property {name} has no description"
            for sub in node.values():
                described(sub)

    described(schema)


# ------------------------------------------------------------------------------------------ writing


def test_round_trip_events_and_document(db: Store) -> None:
    results = golden_results()
    db.write(results, VERSION)
    expected = sorted((e for r in results for e in r.events), key=lambda e: e.event_id)
    got = sorted(db.event_records(modality=None), key=lambda e: e.event_id)
    assert got == expected
    assert [Event.from_dict(e.to_dict()) for e in got] == expected

    doc = db.document("bloomberg-1")
    assert doc is not None
    source = results[0].document
    assert source is not None
    assert doc["status"] == "coded"
    assert doc["text"] == source.text
    assert doc["paragraphs"] == [list(p) for p in source.paragraphs]
    assert doc["removed"] == [{"text": "Subscribe now", "rule": "subscribe", "start": 0, "end": 13}]
    assert Metadata(**doc["meta"]) == source.meta
    assert doc["content_hash"] == source.content_hash
    assert doc["pipeline_version"] == VERSION
    assert doc["n_events"] == 2
    assert doc["coded_at"] is not None
    assert doc["failures"] == []
    assert db.document("nope") is None


def test_rewrite_is_idempotent(db: Store) -> None:
    db.write(golden_results(), VERSION)
    first = (db.summary(), db.events(modality=None), db.documents().num_rows)
    db.write(golden_results(), VERSION)
    db.write(golden_results(), VERSION)
    second = (db.summary(), db.events(modality=None), db.documents().num_rows)
    assert first[0] == second[0]
    assert first[1].equals(second[1])
    assert second[2] == 2
    assert db.events(modality=None).num_rows == 4


def test_changed_document_replaces_its_events(db: Store) -> None:
    db.write([coded("a", [event("a", 0), event("a", 1), event("a", 2)]), coded("b", [event("b", 0)])], "v1")
    old = db.document("a")
    assert old is not None
    new_events = [event("a", 0, cameo="042"), event("a", 7)]
    db.write([coded("a", new_events, text="Changed text.")], "v1")
    assert sorted(e.event_id for e in db.event_records(doc_id="a")) == ["a-0", "a-7"]
    assert db.event_records(doc_id="a", code="04")[0].cameo == "042"
    assert ids(db.events(doc_id="b")) == ["b-0"]
    new = db.document("a")
    assert new is not None
    assert new["text"] == "Changed text."
    assert new["content_hash"] != old["content_hash"]
    assert new["n_events"] == 2


def test_duplicate_results_in_one_batch_last_wins(db: Store) -> None:
    db.write([coded("a", [event("a", 0)]), coded("a", [event("a", 0), event("a", 1)])], VERSION)
    assert ids(db.events()) == ["a-0", "a-1"]


def test_is_current_and_known_versions(db: Store) -> None:
    a, b = coded("a", [event("a", 0)]), failed("b")
    db.write([a, b], "v1")
    assert a.document is not None
    h = a.document.content_hash
    assert db.is_current("a", h, "v1")
    assert not db.is_current("a", h, "v2")
    assert not db.is_current("a", "other", "v1")
    assert not db.is_current("b", "anything", "v1")  # failed documents are retried
    assert db.known_versions() == {"a": (h, "v1")}
    db.write([DocResult("c", "c.txt", "skipped", document=document("c"), failure=None)], "v1")
    assert db.is_current("c", document("c").content_hash, "v1")  # skipped: not retried


def test_failures_are_upserted_not_duplicated(db: Store) -> None:
    db.write([failed("a", reason="first")], VERSION)
    db.write([failed("a", reason="second")], VERSION)
    db.record_failures([Failure("bad.txt", "not UTF-8", "ingest"), Failure("bad.txt", "still not", "ingest")])
    db.record_failures([Failure("bad.txt", "not UTF-8 either", "ingest")])
    rows = db.failures().to_pylist()
    assert [(r["origin"], r["doc_id"], r["stage"], r["reason"]) for r in rows] == [
        ("corpus/a.txt", "a", "parse", "second"),
        ("bad.txt", None, "ingest", "not UTF-8 either"),
    ]
    doc = db.document("a")
    assert doc is not None
    assert doc["status"] == "failed"
    assert [f["reason"] for f in doc["failures"]] == ["second"]
    assert db.summary()["failures"] == 2


def test_failed_result_replaces_earlier_events(db: Store) -> None:
    db.write([coded("a", [event("a", 0)])], "v1")
    db.write([failed("a", stage="coding")], "v2")
    assert db.events().num_rows == 0
    doc = db.document("a")
    assert doc is not None
    assert (doc["status"], doc["n_events"]) == ("failed", 0)


def test_coded_result_clears_earlier_failures(db: Store) -> None:
    db.write([failed("a", stage="parse"), failed("b")], VERSION)
    db.write([failed("a", stage="coding")], VERSION)
    db.record_failures([Failure("corpus/a.txt", "unreadable", "ingest")])  # no doc_id yet
    assert db.failures().num_rows == 3
    db.write([coded("a", [event("a", 0)])], VERSION)
    assert db.failures().column("doc_id").to_pylist() == ["b"]
    doc = db.document("a")
    assert doc is not None
    assert doc["status"] == "coded"
    summary = db.summary()
    assert summary["documents"] == {"coded": 1, "failed": 1, "skipped": 0, "total": 2}


def test_skipped_result_without_document_or_failure(db: Store) -> None:
    db.write([DocResult("e", "empty.txt", "skipped")], VERSION)
    rows = db.failures().to_pylist()
    assert [(r["origin"], r["doc_id"], r["status"], r["stage"]) for r in rows] == [
        ("empty.txt", "e", "skipped", "unknown")
    ]
    assert db.documents().to_pylist()[0]["status"] == "skipped"


def test_event_doc_id_must_match_result(db: Store) -> None:
    with pytest.raises(ValueError, match="doc_id 'b'"):
        db.write([coded("a", [event("b", 0)])], VERSION)
    with pytest.raises(ValueError, match="occurs twice"):
        db.write([coded("a", [event("a", 0), event("a", 0)])], VERSION)


def test_failed_write_leaves_earlier_data_intact(db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    db.write(golden_results(), VERSION)
    before = (db.events(modality=None), db.documents(), db.failures(), db.summary())

    def broken(self: Store, con: duckdb.DuckDBPyConnection, events: pa.Table) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_events", broken)
    changed = coded("bloomberg-1", [event("bloomberg-1", 9)], text="New text")
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.write([changed, failed("z")], VERSION)
    after = (db.events(modality=None), db.documents(), db.failures(), db.summary())
    assert before[0].equals(after[0]) and before[1].equals(after[1]) and before[2].equals(after[2])
    assert before[3] == after[3]
    monkeypatch.undo()
    db.write([changed], VERSION)  # the store is still usable
    assert ids(db.events(doc_id="bloomberg-1")) == ["bloomberg-1-9"]


def test_database_error_inside_write_rolls_back(db: Store) -> None:
    db.write([coded("a", [event("a", 0)])], VERSION)
    clash = coded("b", [event("b", 0, event_id="a-0")])  # event id already used by document a
    with pytest.raises(StoreError, match=r"(?s)x\.duckdb: writing .* failed: .*nothing of it was written"):
        db.write([coded("c", [event("c", 0)]), clash], VERSION)
    assert ids(db.events()) == ["a-0"]
    assert db.document("c") is None


def test_rewriting_10000_events_replaces_them(db: Store) -> None:
    # (write speed is measured by benchmarks/run.py as a ratio to the parse, not by a timed test)
    results = [coded(f"d{i}", [event(f"d{i}", j) for j in range(10)]) for i in range(1000)]
    db.write(results, VERSION)
    db.write(results, VERSION)  # replacing every document and event
    assert db.summary()["events"]["all"] == 10_000


# ------------------------------------------------------------------------------------------ reading


@pytest.fixture
def filled(db: Store) -> Store:
    db.write(
        [
            coded(
                "a",
                [
                    event("a", 0, source="IRN", target="USA", cameo="111", date="2018-07-15"),
                    event("a", 1, source="IRNGOV", target="USAGOV", cameo="112", date="2018-07"),
                    event("a", 2, source="USAGOV", target="IRN", cameo="0311", date="2018"),
                    event("a", 3, source="IRQ", target="IRNMIL", cameo="190", date="2019-01-02"),
                    event("a", 4, source="IRN", target="USA", cameo="111", date=None),
                    event("a", 5, source="IRN", target="USA", cameo="111", modality="negated"),
                    event("a", 6, source=None, target="USA", cameo="010", date="2018-06-30"),
                ],
            )
        ],
        VERSION,
    )
    return db


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a-2", "a-6", "a-1", "a-0", "a-3", "a-4"]),
        ({"modality": None}, ["a-2", "a-6", "a-1", "a-0", "a-5", "a-3", "a-4"]),
        ({"modality": "negated"}, ["a-5"]),
        ({"source": "IRN"}, ["a-1", "a-0", "a-4"]),
        ({"source": "irngov"}, ["a-1"]),
        ({"source": "IR"}, ["a-1", "a-0", "a-3", "a-4"]),
        ({"target": "IRN"}, ["a-2", "a-3"]),
        ({"source": "IRN", "target": "USA"}, ["a-1", "a-0", "a-4"]),
        ({"code": "11"}, ["a-1", "a-0", "a-4"]),
        ({"code": "111"}, ["a-0", "a-4"]),
        ({"code": "03"}, ["a-2"]),
        ({"since": "2018-07"}, ["a-1", "a-0", "a-3"]),
        ({"since": "2018-07-15"}, ["a-0", "a-3"]),
        ({"since": "2018-07-16"}, ["a-3"]),
        ({"until": "2018-07"}, ["a-6", "a-1", "a-0"]),
        ({"until": "2018-07-14"}, ["a-6"]),
        ({"since": "2018", "until": "2018"}, ["a-2", "a-6", "a-1", "a-0"]),
        ({"since": "2018-07", "until": "2018-07"}, ["a-1", "a-0"]),
        ({"since": "2019"}, ["a-3"]),
        ({"doc_id": "a", "limit": 2}, ["a-2", "a-6"]),
        ({"limit": 2, "offset": 2}, ["a-1", "a-0"]),
        ({"doc_id": "a'; DROP TABLE events; --"}, []),
    ],
)
def test_filters(filled: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert ids(filled.events(**filters)) == expected
    assert [e.event_id for e in filled.event_records(**filters)] == expected


@pytest.mark.parametrize(
    "filters",
    [
        {"since": "July 2018"},
        {"until": "2018-13"},
        {"since": "2018-02-30"},
        {"modality": "maybe"},
        {"code": "1a"},
        {"source": "IRN' OR '1'='1"},  # refused as no actor code (was: matched nothing)
    ],
)
def test_bad_filters_raise_usage_error(filled: Store, filters: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        filled.events(**filters)


def test_date_bounds() -> None:
    assert date_bounds("2018") == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert date_bounds("2016-02") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert date_bounds("2018-07-15") == (dt.date(2018, 7, 15), dt.date(2018, 7, 15))
    assert date_bounds("2018-07-15T10:00:00Z") == (dt.date(2018, 7, 15), dt.date(2018, 7, 15))
    assert date_bounds(None) is None
    assert date_bounds("soon") is None
    assert date_bounds("2018-02-31") is None


def test_events_table_and_dataframe(filled: Store) -> None:
    table = filled.events()
    assert table.column_names == list(EVENT_COLUMNS)
    assert table.schema.field("source_sectors").type == pa.list_(pa.string())
    df = filled.events_df(source="IRN")
    assert list(df.columns) == list(EVENT_COLUMNS)
    assert list(df["event_id"]) == ["a-1", "a-0", "a-4"]
    assert list(df["source_sectors"].iloc[0]) == ["GOV"]


def test_summary(filled: Store) -> None:
    filled.write([failed("f")], VERSION)
    s = filled.summary()
    assert s["documents"] == {"coded": 1, "failed": 1, "skipped": 0, "total": 2}
    assert s["events"] == {"asserted": 6, "all": 7}
    assert s["failures"] == 1
    assert s["date_range"] == {"first": "2018-01-01", "last": "2019-01-02"}
    assert s["top_dyads"] == [
        {"source": "IRN", "target": "USA", "count": 2},
        {"source": "IRNGOV", "target": "USAGOV", "count": 1},
        {"source": "IRQ", "target": "IRNMIL", "count": 1},
        {"source": "USAGOV", "target": "IRN", "count": 1},
    ]
    assert s["schema_version"] >= 1
    assert s["path"].endswith("x.duckdb")


def test_summary_of_empty_store(db: Store) -> None:
    s = db.summary()
    assert s["documents"]["total"] == 0
    assert s["events"] == {"asserted": 0, "all": 0}
    assert s["date_range"] is None
    assert s["top_dyads"] == []


def test_documents_table(filled: Store) -> None:
    docs = filled.documents()
    assert docs.column("doc_id").to_pylist() == ["a"]
    assert "text" not in docs.column_names
    assert filled.documents(with_text=True).column("text").to_pylist() == [document("a").text]


# ------------------------------------------------------------------------------------------ exports


def check_golden(path: Path, name: str) -> None:
    golden = GOLDEN / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(path.read_bytes())
    assert golden.exists(), f"{golden} is missing; run with REGENERATE=1 and review it"
    assert path.read_bytes() == golden.read_bytes(), f"{name} differs from {golden}; review, or REGENERATE=1"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_golden(db: Store, tmp_path: Path, fmt: str) -> None:
    db.write(golden_results(), VERSION)
    out = tmp_path / f"events.{fmt}"
    assert db.export(fmt, out, modality=None) == 4  # type: ignore[arg-type]
    check_golden(out, f"events.{fmt}")


def test_export_jsonl_is_valid_against_schema(db: Store, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    db.write(golden_results(), VERSION)
    out = tmp_path / "events.jsonl"
    n = db.export("jsonl", out, modality=None)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n == 4
    for line in lines:
        record = json.loads(line)
        validator.validate(record)
        assert Event.from_dict(record).to_dict() == record
    bad = json.loads(lines[0]) | {"quad_class": 5}
    assert not validator.is_valid(bad)


def test_export_parquet_equals_table(db: Store, tmp_path: Path) -> None:
    db.write(golden_results(), VERSION)
    for filters in ({}, {"modality": None}, {"source": "IRN"}):
        out = tmp_path / "events.parquet"
        n = db.export("parquet", out, **filters)
        table = db.events(**filters)
        back = pq.read_table(out)
        assert n == table.num_rows == back.num_rows
        assert back.column_names == table.column_names
        # DuckDB marks columns without nulls "not null" and names list items "element": same data and types
        assert back.cast(table.schema).equals(table)


def test_export_csv_filters_and_errors(db: Store, tmp_path: Path) -> None:
    db.write(golden_results(), VERSION)
    assert db.export("csv", tmp_path / "a.csv") == 2  # asserted only by default
    assert db.export("jsonl", tmp_path / "b.jsonl", source="PRK") == 0
    assert (tmp_path / "b.jsonl").read_text() == ""
    with pytest.raises(UsageError, match="unknown export format"):
        db.export("xlsx", tmp_path / "x.xlsx")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown event filter"):
        db.export("csv", tmp_path / "x.csv", country="IRN")
    with pytest.raises(StoreError, match="does not exist"):
        db.export("csv", tmp_path / "missing" / "x.csv")


# ------------------------------------------------------------------------------------------ opening


def test_reopen_keeps_data_and_lazy_open(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    store = Store(path)
    assert not path.exists()  # the constructor does not connect
    store.write(golden_results(), VERSION)  # opens on first use
    store.close()
    store.close()
    with Store(path, read_only=True) as ro:
        assert ro.summary()["events"]["all"] == 4
        with pytest.raises(StoreError, match="read-only"):
            ro.write(golden_results(), VERSION)
    with Store(str(path)) as again:
        expected = {e.event_id: e for r in golden_results() for e in r.events}
        assert {e.event_id: e for e in again.event_records(modality=None)} == expected


def test_in_memory_store() -> None:
    with Store(":memory:") as store:
        store.write(golden_results(), VERSION)
        assert store.summary()["events"]["all"] == 4


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"missing.* does not exist.*another --db"):
        Store(tmp_path / "missing" / "x.duckdb").open()


def test_read_only_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"x\.duckdb does not exist"):
        Store(tmp_path / "x.duckdb", read_only=True).open()


def test_directory_as_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path).open()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match=r"ro/x\.duckdb"):
            Store(folder / "x.duckdb").open()
    finally:
        folder.chmod(0o755)


def test_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(StoreError, match=r"x\.duckdb is not a DuckDB database"):
        Store(path).open()
    with pytest.raises(StoreError, match=r"x\.duckdb is not a DuckDB database"):
        Store(path, read_only=True).open()


def test_other_duckdb_database(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a dyad store"):
        Store(path).open()


def test_newer_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    with Store(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"x\.duckdb has store schema version 999.*upgrade dyad"):
            Store(path, read_only=read_only).open()


def test_empty_database_read_only(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="cannot be upgraded"):
        Store(path, read_only=True).open()
    with Store(path) as store:  # a writable open creates the schema
        assert store.summary()["documents"]["total"] == 0


def test_open_twice_in_one_process_with_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    with Store(path), Store(path) as same:  # same settings share DuckDB's instance
        assert same.summary()["documents"]["total"] == 0
        with pytest.raises(StoreError, match="already open in this process"):
            Store(path, read_only=True).open()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('IO Error: Could not set lock on file "{p}": Conflicting lock is held in /usr/bin/python (PID 42)',
         "{p} is locked by another process (PID 42): close that process or use another --db"),
        ('IO Error: Could not set lock on file "{p}": Resource temporarily unavailable',
         "{p} is locked by another process: close that process or use another --db"),
        ('IO Error: Cannot open file "{p}": Permission denied', "{p} cannot be opened for writing"),
        ('IO Error: The file "{p}" exists, but it is not a valid DuckDB database file!',
         "{p} is not a DuckDB database"),
        ("IO Error: Trying to read a database file with version number 99, but we can only read version 64",
         "{p} was written by a different DuckDB version"),
        ("Something new", "{p} cannot be opened: Something new"),
    ],
)  # fmt: skip
def test_open_error_messages(tmp_path: Path, message: str, expected: str) -> None:
    store = Store(tmp_path / "x.duckdb")
    path = str(tmp_path / "x.duckdb")
    error = store._open_error(duckdb.IOException(message.format(p=path)))
    assert isinstance(error, StoreError)
    assert str(error).startswith(expected.format(p=path))


def test_locked_database(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    with Store(path):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb\ncon = duckdb.connect(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            with pytest.raises(StoreError) as info:
                Store(path, read_only=read_only).open()
            message = str(info.value)
            assert str(path) in message
            assert "locked by another process" in message
            assert f"PID {holder.pid}" in message
            assert "another --db" in message
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with Store(path) as store:  # free again once the holder is gone
        assert store.summary()["documents"]["total"] == 0


# ------------------------------------------------------------------------------------------ properties

_text = st.text(st.characters(codec="utf-8"), max_size=40)
_opt = st.none() | _text
_actor = st.builds(
    Actor,
    text=_text,
    code=st.none() | st.from_regex(r"[A-Z]{3}([A-Z]{3}){0,2}", fullmatch=True),
    country=_opt,
    sectors=st.lists(st.sampled_from(["GOV", "MIL", "REB", "OPP"]), max_size=3).map(tuple),
    name=_opt,
    entity_id=_opt,
    start=st.integers(-1, 10_000),
    end=st.integers(-1, 10_000),
    why=_opt,
)
_finite = st.floats(-10, 10, allow_nan=False)


@st.composite
def _events(draw: st.DrawFn) -> Event:
    base = event("h", draw(st.integers(0, 5)))
    cameo = draw(st.from_regex(r"[0-9]{2,4}", fullmatch=True))
    return replace(
        base,
        event_id=f"h-{base.sentence_index}",
        sentence=draw(_text),
        source=draw(st.none() | _actor),
        target=draw(st.none() | _actor),
        attribution=draw(st.none() | _actor),
        cameo=cameo,
        cameo_root=cameo[:2],
        cameo_name=draw(_text),
        plover=draw(_opt),
        goldstein=draw(_finite),
        confidence=draw(st.floats(0, 1)),
        date=draw(st.none() | st.sampled_from(["2018", "2018-07", "2018-07-15", "1999-12-31"])),
        date_precision=draw(st.sampled_from(DATE_PRECISIONS)),
        date_text=draw(_opt),
        modality=draw(st.sampled_from(MODALITIES)),
        location=draw(
            st.none() | st.builds(Location, name=_text, country=_opt, lat=st.none() | st.floats(-90, 90), lon=st.none())
        ),
        trigger=draw(st.none() | st.builds(Span, st.integers(0, 99), st.integers(0, 99), _text)),
        mentions=draw(st.integers(1, 5)),
        rule=draw(_text),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_events(), max_size=6, unique_by=lambda e: e.event_id))
def test_round_trip_property(db: Store, events: list[Event]) -> None:
    db.write([coded("h", events)], VERSION)
    got = {e.event_id: e for e in db.event_records(modality=None)}
    assert got == {e.event_id: e for e in events}
