"""The dashboard's JSON API as a client uses it (FastAPI test client), on the bundled sample corpus coded
once per session; and schemathesis against its OpenAPI document: no 5xx for any generated request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from typer.testing import CliRunner

from dyad.analysis import relations
from dyad.cli import app as cli_app
from dyad.errors import StoreError
from dyad.store import Store
from dyad.web.app import PAGES, STATIC_DIR, create_app


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(demo_db))


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(client: TestClient, url: str, status: int = 400, **params: Any) -> str:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    message: str = body["error"]
    return message


def test_summary_matches_the_store(client: TestClient, demo_db: Path) -> None:
    body = ok(client, "/api/summary")
    with Store(demo_db, read_only=True) as store:
        summary = store.summary()
    assert body["events"] == summary["events"]
    assert body["documents"]["total"] == summary["documents"]["total"] > 30
    assert body["path"] == "dyad.duckdb"  # no server paths in answers


def test_events_filters_paging_and_evidence(client: TestClient, demo_db: Path) -> None:
    first = ok(client, "/api/events", source="IRN", limit=3)
    with Store(demo_db, read_only=True) as store:
        expected = store.events(source="IRN").column("event_id").to_pylist()
    assert first["total"] == len(expected) > 3
    second = ok(client, "/api/events", source="IRN", limit=3, offset=3)
    assert [e["event_id"] for e in first["events"] + second["events"]] == expected[:6]
    ev = first["events"][0]
    assert ev["source"]["code"].startswith("IRN")
    start, end = ev["span"]
    sentence = ev["sentence"]
    # actor and trigger offsets are in the clean text and fall inside the event's sentence
    for part in (ev["source"], ev["trigger"]):
        assert start <= part["start"] < part["end"] <= end
        assert sentence[part["start"] - start : part["end"] - start] == part["text"]


@pytest.mark.parametrize(
    "params",
    [
        {"source": "GOV"},
        {"code": "CONSULT"},
        {"code": "04"},
        {"plover": "ACCUSE"},
        {"quad_class": "4"},
        {"since": "2018-W32", "until": "2018-W40"},
        {"actor": "USA", "modality": "all"},
        {"target": "PRK", "since": "2018", "until": "2018-12-31"},
    ],
)
def test_events_answer_as_the_store_does(client: TestClient, demo_db: Path, params: dict[str, str]) -> None:
    body = ok(client, "/api/events", limit=1000, **params)
    filters: dict[str, Any] = {k: v for k, v in params.items() if k != "modality"}
    if params.get("modality") == "all":
        filters["modality"] = None
    with Store(demo_db, read_only=True) as store:
        expected = store.events(**filters).column("event_id").to_pylist()
    assert expected, f"the demo corpus should have events for {params}"
    assert [e["event_id"] for e in body["events"]] == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"source": "QQQ"}, "source='QQQ' is not a known actor code"),
        ({"target": "PRK' OR 1=1 --"}, "is not an actor code"),
        ({"since": "yesterday"}, "since='yesterday' is not a date"),
        ({"until": "2018-02-30"}, "until='2018-02-30' is not a date"),
        ({"code": "1; DROP TABLE events"}, "is not a CAMEO event code"),
        ({"plover": "HUG"}, "is not a PLOVER type"),
        ({"quad_class": "0"}, "is not a QuadClass"),
        ({"modality": "certain"}, "modality='certain' is unknown"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_bad_event_requests_say_what_to_fix(client: TestClient, params: dict[str, str], names: str) -> None:
    assert names in error(client, "/api/events", **params)


def test_a_page_past_the_end_is_404_with_the_total(client: TestClient) -> None:
    total = ok(client, "/api/events", source="IRN")["total"]
    message = error(client, "/api/events", 404, source="IRN", offset=total)
    assert f"{total} events match" in message
    assert "past the end" in error(client, "/api/documents", 404, offset=100_000)


def test_relations_are_the_library_table(client: TestClient, demo_db: Path) -> None:
    body = ok(client, "/api/relations", a="IRN", b="PRK", by="year")
    with Store(demo_db, read_only=True) as store:
        expected = relations(store, "IRN", "PRK", by="year").to_pylist()
    assert body["rows"] == expected
    assert {r["direction"] for r in body["rows"]} == {"IRN->PRK", "PRK->IRN"}
    assert "b='ZZZ'" in error(client, "/api/relations", a="IRN", b="ZZZ")
    assert "by='day'" in error(client, "/api/relations", a="IRN", b="PRK", by="day")
    assert "b: Field required" in error(client, "/api/relations", a="IRN")


def test_top_network_timeline_actors(client: TestClient) -> None:
    dyads = ok(client, "/api/top", what="dyads", limit=5)["rows"]
    assert len(dyads) == 5
    assert dyads == sorted(dyads, key=lambda r: -r["n_events"])
    assert "cannot be ranked" in error(client, "/api/top", what="people")
    net = ok(client, "/api/network", min_events=2)
    nodes = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["total"] >= 2 and {e["source"], e["target"]} <= nodes for e in net["edges"])
    assert all("PRK" in e["source"] + e["target"] for e in ok(client, "/api/network", actor="PRK")["edges"])
    years = ok(client, "/api/timeline", by="year")["rows"]
    assert sum(r["n_events"] for r in years) == ok(client, "/api/summary")["events"]["asserted"]
    actors = ok(client, "/api/actors")["rows"]
    assert actors[0]["n_events"] >= actors[-1]["n_events"]
    vocab = ok(client, "/api/vocabulary")
    assert "CONSULT" in vocab["plover"] and "all" in vocab["modality"]


def test_documents_article_and_failures(client: TestClient) -> None:
    docs = ok(client, "/api/documents", limit=100)
    assert docs["total"] == len(docs["documents"])
    doc_id = next(d["doc_id"] for d in docs["documents"] if d["n_events"] > 2)
    doc = ok(client, f"/api/documents/{doc_id}")
    assert doc["text"] and doc["events"] and doc["meta"]["title"]
    assert all(doc["text"][e["span"][0] : e["span"][1]] == e["sentence"] for e in doc["events"])
    assert isinstance(doc["removed"], list)
    assert "no document" in error(client, "/api/documents/no-such-doc", 404)
    assert "no document" in error(client, "/api/documents/x' OR '1'='1", 404)
    failures = ok(client, "/api/failures")
    assert failures["total"] == len(failures["failures"]) >= 5
    assert all(f["reason"] for f in failures["failures"])


def test_pages_and_static_files_only_from_the_package(client: TestClient) -> None:
    for route in PAGES:
        response = client.get(route)
        assert response.status_code == 200
        assert '<script src="/static/common.js">' in response.text
    assert client.get("/static/vendor/chart.umd.min.js").status_code == 200
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2f..%2fstore.py", "/etc/passwd"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "error" in response.json()
    assert (STATIC_DIR / "vendor" / "chart.js.LICENSE.md").is_file()
    assert client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]


def test_a_missing_or_foreign_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        create_app(tmp_path / "none.duckdb")
    (tmp_path / "notes.duckdb").write_text("not a database")
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "notes.duckdb")])
    assert result.exit_code == 3
    assert "not a DuckDB database" in result.output


# ---------------------------------------------------------------------------------------- schemathesis


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_generated_request_makes_a_server_error(demo_db: Path, mode: str) -> None:
    """Every operation of /openapi.json, with requests schemathesis generates from it (valid by the
    schema, then invalid): never a 5xx, and every 4xx is a JSON error."""
    api = schemathesis.openapi.from_asgi("/openapi.json", create_app(demo_db))
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10
    seen: set[str] = set()
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (case.path, case.path_parameters, case.query, response.text)
            if response.status_code >= 400:
                assert response.json()["error"]
            seen.add(case.path)

        try:
            check()
        except Unsatisfiable:  # no invalid request exists for an operation without parameters
            assert mode == "negative" and not operation.query, operation.path
    assert "/api/events" in seen


def test_a_database_being_written_answers_503_then_the_new_data(demo_db: Path, tmp_path: Path) -> None:
    """Each request opens the file read-only: while another process writes it, requests say so; after,
    they read it again (the server holds no connection between requests)."""
    import shutil
    import subprocess
    import sys

    db = tmp_path / "busy.duckdb"
    shutil.copy(demo_db, db)
    client = TestClient(create_app(db))
    assert ok(client, "/api/summary")["documents"]["total"] > 0
    writer = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
         "sys.stdin.readline(); c.execute(\"DELETE FROM failures\"); c.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        assert "being written by another process" in error(client, "/api/failures", 503)
    finally:
        writer.communicate("done\n", timeout=60)
    assert ok(client, "/api/failures")["total"] == 0
