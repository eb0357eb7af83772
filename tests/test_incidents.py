"""Cross-document incidents and wire copies: pure clustering, MinHash, and the store's incremental layer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.copies import COPY_THRESHOLD, signature, similarity
from dyad.incidents import IncidentEvent, cluster
from dyad.models import RawDocument
from dyad.store import Store

CORPUS = Path(__file__).parent / "data" / "dedup" / "corpus.jsonl"


def ev(eid: str, doc: str, d0: str, d1: str | None = None, place: str | None = None, code: str = "111", **kw):  # type: ignore[no-untyped-def]
    return IncidentEvent(
        event_id=eid, doc_id=doc, source="RUS", target="UKR", code=code, root=code[:2],
        date_start=date.fromisoformat(d0), date_end=date.fromisoformat(d1 or d0), place=place, **kw,
    )  # fmt: skip


def test_overlapping_windows_and_compatible_places_make_one_incident() -> None:
    incidents = cluster(
        [
            ev("a", "d1", "2018-08-07", outlet="A", mentions=2),
            ev("b", "d2", "2018-08-08", place="UKR", outlet="B"),
            ev("c", "d3", "2018-08-01", "2018-08-31", outlet="B"),  # a month: overlaps
            ev("e", "d5", "2018-09-20", outlet="C"),  # weeks later: another incident
        ]
    )
    by_events = {tuple(i.event_ids): i for i in incidents}
    assert set(by_events) == {("a", "b", "c"), ("e",)}
    main = by_events[("a", "b", "c")]
    assert (main.num_mentions, main.num_articles, main.num_sources, main.place) == (4, 3, 2, "UKR")
    # another place the same day is another incident; events of unknown place join the earliest one
    split = cluster([ev("b", "d2", "2018-08-08", place="UKR"), ev("d", "d4", "2018-08-07", place="RUS"),
                     ev("a", "d1", "2018-08-07")])  # fmt: skip
    assert sorted(tuple(i.event_ids) for i in split) == [("a", "d"), ("b",)]


def test_slack_and_key_are_configurable() -> None:
    events = [ev("a", "d1", "2018-08-07"), ev("b", "d2", "2018-08-10", code="112")]
    assert len(cluster(events, "code", slack_days=5)) == 2
    assert len(cluster(events, "root", slack_days=1)) == 2
    assert len(cluster(events, "root", slack_days=2)) == 1
    with pytest.raises(ValueError):
        cluster(events, "verb")  # type: ignore[arg-type]


def test_spark_group_function_builds_the_events_the_store_builds() -> None:
    """The Spark stage's per-group function (pandas in, pandas out; no Spark needed) reads places,
    outlets and dates as the store does, for either key, and leaves copies to the local engine."""
    import pandas as pd

    from dyad.spark import INCIDENT_SCHEMA, cluster_frame

    here = json.dumps({"name": "Kyiv", "country": "UKR", "why": "prep:in"})
    dateline = json.dumps({"name": "Moscow", "country": "RUS", "why": "dateline"})
    frame = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"], "doc_id": ["d1", "d2", "d3"], "source": ["RUS"] * 3,
            "target": ["UKR"] * 3, "code": ["111", "112", "111"], "root": ["11"] * 3,
            "date_start": [date(2018, 8, 7), pd.Timestamp("2018-08-08"), date(2018, 8, 20)],
            "date_end": [date(2018, 8, 7), pd.Timestamp("2018-08-08"), date(2018, 8, 20)],
            "location": [here, dateline, None], "mentions": [2, None, 1],
            "outlet": ["A", None, "A"], "seen": ["2018-08-07", "2018-08-09", None],
        }
    )  # fmt: skip
    events = [
        ev("a", "d1", "2018-08-07", code="111", place="UKR", place_name="Kyiv", mentions=2, outlet="A",
           seen="2018-08-07"),
        ev("b", "d2", "2018-08-08", code="112", place_name="Moscow", seen="2018-08-09"),
        ev("c", "d3", "2018-08-20", code="111", outlet="A"),
    ]  # fmt: skip
    for key in ("code", "root"):
        got = cluster_frame(frame, key, 1)
        assert list(got.columns) == INCIDENT_SCHEMA.names
        expected = [i.to_dict() for i in cluster(events, key, 1)]  # type: ignore[arg-type]
        rows = got.to_dict("records")
        for row in rows:
            row["date_start"], row["date_end"] = row["date_start"].isoformat(), row["date_end"].isoformat()
            row["event_ids"], row["doc_ids"] = list(row["event_ids"]), list(row["doc_ids"])
        assert rows == expected
    assert len(cluster_frame(frame, "root", 1)) == 2 and len(cluster_frame(frame, "code", 1)) == 3


def test_minhash_separates_copies_from_rewrites() -> None:
    text = "Russia on Tuesday condemned Ukraine over a drone strike on a fuel depot in Crimea, officials said."
    same = signature(text + " Separately, talks went on.")
    base, other = signature(text), signature("Russia denounced Ukraine on Tuesday over an attack by drones.")
    assert base and same and other
    assert similarity(base, signature(text) or []) == 1.0
    assert similarity(base, same) >= COPY_THRESHOLD > similarity(base, other)


def _raw(d: dict[str, str]) -> RawDocument:
    return RawDocument(
        id=d["id"], origin=f"corpus:{d['id']}", text=d["text"], published=d["published"],
        title=d["title"], source=d["source"],
    )  # fmt: skip


def test_dedup_corpus_gives_one_incident_per_real_event(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    results = list(pipeline.run([_raw(d) for d in docs]))
    with Store(tmp_path / "d.duckdb") as store:
        store.write(results[:2], pipeline.version)  # incremental: two batches
        store.write(results[2:], pipeline.version)
        rows = store.incidents().to_pylist()
        copy = store.document("metro-wire-1")
        ids = store.incident_ids("harbour-1")
    by_dyad = {(r["source"], r["target"], r["code"]): r for r in rows}
    assert set(by_dyad) == {("RUS", "UKR", "111"), ("TUR", "IRNGOV", "043"), ("CHL", "PER", "057")}
    condemn = by_dyad[("RUS", "UKR", "111")]
    assert (condemn["num_articles"], condemn["num_sources"], condemn["num_copies"]) == (4, 4, 1)
    assert condemn["first_seen"] == "2018-08-08" and condemn["last_seen"] == "2018-08-09"
    host = by_dyad[("TUR", "IRNGOV", "043")]
    assert host["num_articles"] == 3 and host["place"] == "TUR" and host["place_name"] == "Ankara"
    assert copy is not None and copy["copy_of"] == "harbour-1" and copy["copy_similarity"] >= 0.99
    assert condemn["incident_id"] in ids.values()


def test_recoding_a_changed_document_leaves_no_stale_incident(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = RawDocument(id="a", origin="a", text="Russia condemned Ukraine on Tuesday.", published="2018-08-08", source="A")
    b = RawDocument(id="b", origin="b", text="Russia denounced Ukraine on Tuesday.", published="2018-08-08", source="B")
    changed = RawDocument(id="b", origin="b", text="Chile praised Peru on Monday.", published="2018-08-08", source="B")
    with Store(tmp_path / "r.duckdb") as store:
        store.write(list(pipeline.run([a, b])), pipeline.version)
        store.write(list(pipeline.run([b])), pipeline.version)  # the same again: no double count
        (row,) = store.incidents().to_pylist()
        assert (row["num_articles"], row["num_mentions"]) == (2, 2)
        store.write(list(pipeline.run([changed])), pipeline.version)
        rows = {(r["source"], r["target"]): r for r in store.incidents().to_pylist()}
        assert rows[("RUS", "UKR")]["num_articles"] == 1 and rows[("RUS", "UKR")]["doc_ids"] == ["a"]
        assert ("CHL", "PER") in rows
    with Store(tmp_path / "r.duckdb", incident_key="root", incident_slack=3) as store:
        assert store.rebuild_incidents() == 2


def test_events_keep_every_mention_span(code_text) -> None:  # type: ignore[no-untyped-def]
    result = code_text("Russia condemned Ukraine on Tuesday.\n\nLater, Russia condemned Ukraine again on Tuesday.")
    (event,) = [e for e in result.events if e.cameo == "111"]
    assert event.mentions == 2 and [s.start for s in event.evidence] == [0, 38]
    assert event.to_dict()["evidence"][1]["text"].startswith("Later")


def test_cli_incidents_and_show(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from dyad.cli import app

    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        store.write(list(pipeline.run([_raw(d) for d in docs])), pipeline.version)
    runner = CliRunner()
    out = runner.invoke(app, ["incidents", "--db", str(db), "--min-articles", "2"])
    assert out.exit_code == 0, out.output
    assert "RUS -> UKR: 111" in out.output and "4 articles (1 copies)" in out.output and "2 incidents" in out.output
    shown = runner.invoke(app, ["show", "metro-wire-1", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "copy_of: harbour-1" in shown.output
    assert "place Ankara (TUR, city; prep:in, confidence 0.9)" in shown.output and "incident " in shown.output
    rebuilt = runner.invoke(app, ["incidents", "--db", str(db), "--rebuild", "--format", "jsonl"])
    assert rebuilt.exit_code == 0 and len(rebuilt.output.splitlines()) == 3


def test_a_schema_1_store_upgrades_and_builds_incidents_on_the_next_write(  # type: ignore[no-untyped-def]
    pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyad import store as store_module

    path = tmp_path / "old.duckdb"
    a = RawDocument(id="a", origin="a", text="Russia condemned Ukraine on Tuesday.", published="2018-08-08", source="A")
    b = RawDocument(id="b", origin="b", text="Russia denounced Ukraine on Tuesday.", published="2018-08-08", source="B")
    with monkeypatch.context() as m:  # a dyad from before incidents: schema 1, no incident layer
        m.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        m.setattr(store_module, "SCHEMA_VERSION", 1)
        m.setattr(store_module, "mark_copies", lambda con, results: None)
        m.setattr(store_module, "update_incidents", lambda con, docs, key, slack: 0)
        with Store(path) as old:
            old.write(list(pipeline.run([a])), pipeline.version)
    with Store(path) as store:  # opening upgrades to schema 2; the next write clusters old and new events
        assert store.summary()["schema_version"] >= 2
        store.write(list(pipeline.run([b])), pipeline.version)
        (row,) = store.incidents().to_pylist()
    assert row["num_articles"] == 2 and row["doc_ids"] == ["a", "b"]
