"""The one filter language of the CLI, the Python API and the web API: sectors, PLOVER types, QuadClass,
ISO weeks, either-actor, unknown codes; and the analysis helpers the dashboard reads (timeline, network)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyad.analysis import network_graph, relations, timeline, top
from dyad.cli import app
from dyad.errors import UsageError
from dyad.models import DocResult
from dyad.store import Store, plover_types
from tests.test_analysis import VERSION, coded, event

runner = CliRunner()


def results() -> list[DocResult]:
    return [
        coded(
            "f1",
            "2018-07-30",
            [
                replace(event("f1", 0, "IRNGOV", "PRKGOV", 1, 3.0, "2018-07-30", cameo="042"), plover="CONSULT"),
                replace(event("f1", 1, "USAMIL", "IRN", 4, -10.0, "2018-07-31", cameo="190"), plover="ASSAULT"),
                replace(event("f1", 2, "PRK", "USAGOV", 3, -2.0, "2018-08-06", cameo="112"), plover="ACCUSE"),
                replace(event("f1", 3, "GOV", "IRN", 3, -2.0, "2018-08", cameo="112"), plover="ACCUSE"),
                replace(event("f1", 4, "XYZGOV", "IRN", 1, 3.0, "2019-01-02", cameo="042"), plover="CONSULT"),
            ],
        )
    ]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    path = tmp_path / "f.duckdb"
    with Store(path) as s:
        s.write(results(), VERSION)
    with Store(path, read_only=True) as s:
        yield s


def ids(table: Any) -> list[str]:
    return sorted(table.column("event_id").to_pylist())


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"source": "GOV"}, ["f1-0", "f1-3", "f1-4"]),  # sector GOV, and the bare code GOV
        ({"target": "gov"}, ["f1-0", "f1-2"]),
        ({"source": "MIL"}, ["f1-1"]),
        ({"actor": "USA"}, ["f1-1", "f1-2"]),
        ({"actor": "PRK", "source": "IRN"}, ["f1-0"]),
        ({"code": "CONSULT"}, ["f1-0", "f1-4"]),
        ({"code": "consult", "since": "2019"}, ["f1-4"]),
        ({"plover": "ACCUSE"}, ["f1-2", "f1-3"]),
        ({"quad_class": 3}, ["f1-2", "f1-3"]),
        ({"quad_class": "4"}, ["f1-1"]),
        ({"since": "2018-W31", "until": "2018-W31"}, ["f1-0", "f1-1"]),  # Mon 30 July .. Sun 5 August
        ({"since": "2018-w32"}, ["f1-2", "f1-4"]),
        ({"source": "XYZ"}, ["f1-4"]),  # not a CAMEO code, but stored (a user dictionary's)
    ],
)
def test_filter_language(store: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert ids(store.events(**filters)) == expected
    assert store.count_events(**filters) == len(expected)
    assert sorted(e.event_id for e in store.event_records(**filters)) == expected


@pytest.mark.parametrize(
    ("filters", "named"),
    [
        ({"source": "QQQ"}, "source='QQQ' is not a known actor code"),
        ({"actor": "IRN;"}, "actor='IRN;' is not an actor code"),
        ({"code": "999"}, "code='999' is not a CAMEO event code or prefix"),
        ({"code": "CONSLUT"}, "PLOVER type"),
        ({"plover": "HUG"}, "plover='HUG' is not a PLOVER type"),
        ({"quad_class": 5}, "quad_class=5 is not a QuadClass"),
        ({"since": "2018-W54"}, "ISO week"),
    ],
)
def test_bad_filters_name_the_parameter(store: Store, filters: dict[str, Any], named: str) -> None:
    with pytest.raises(UsageError, match=named.replace("(", r"\(")):
        store.events(**filters)


def test_plover_types_come_from_the_ontology() -> None:
    types = plover_types()
    assert {"CONSULT", "ACCUSE", "ASSAULT", "REQUEST"} <= set(types)
    assert types == sorted(types)


def test_analysis_takes_sectors_and_checks_codes(store: Store) -> None:
    table = relations(store, "GOV", "IRN", by="year")
    rows = {(r["period"], r["direction"]): r["n_events"] for r in table.to_pylist()}
    assert rows[("2018", "GOV->IRN")] == 1  # the bare GOV actor; IRNGOV->PRKGOV is not GOV->IRN
    assert rows[("2019", "GOV->IRN")] == 1  # XYZGOV, a government by sector
    assert top(store, "dyads", country="MIL").to_pylist() == [{"source": "USAMIL", "target": "IRN", "n_events": 1}]
    with pytest.raises(UsageError, match="a='QQQ'"):
        relations(store, "QQQ", "IRN")


def test_timeline_counts_quad_classes_per_period(store: Store) -> None:
    table = timeline(store, by="month")
    assert table.to_pylist() == [
        {"period": "2018-07", "q1": 1, "q2": 0, "q3": 0, "q4": 1, "n_events": 2},
        {"period": "2018-08", "q1": 0, "q2": 0, "q3": 2, "q4": 0, "n_events": 2},
        *({"period": f"2018-{m:02d}", "q1": 0, "q2": 0, "q3": 0, "q4": 0, "n_events": 0} for m in range(9, 13)),
        {"period": "2019-01", "q1": 1, "q2": 0, "q3": 0, "q4": 0, "n_events": 1},
    ]
    weeks = timeline(store, by="week", source="GOV")
    assert (weeks.schema.metadata or {})[b"excluded_imprecise"] == b"1"  # the 2018-08 event
    assert timeline(store, by="year", quad_class=3).column("q3").to_pylist() == [2]


def test_network_graph_with_an_actor_filter(store: Store) -> None:
    nodes, edges = network_graph(store, actor="PRK")
    assert nodes == {"IRNGOV": 1, "PRKGOV": 1, "PRK": 1, "USAGOV": 1}
    assert [(s, t, total) for s, t, _, _, total, _ in edges] == [("IRNGOV", "PRKGOV", 1), ("PRK", "USAGOV", 1)]
    with pytest.raises(UsageError):
        network_graph(store, min_events=0)


def test_cli_events_takes_the_same_filters(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    with Store(db) as s:
        s.write(results(), VERSION)
    out = runner.invoke(app, ["events", "--db", str(db), "--source", "GOV", "--quad-class", "1", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert sorted(json.loads(line)["event_id"] for line in out.stdout.splitlines()) == ["f1-0", "f1-4"]
    out = runner.invoke(app, ["events", "--db", str(db), "--code", "ACCUSE", "--offset", "1", "--format", "jsonl"])
    assert [json.loads(line)["event_id"] for line in out.stdout.splitlines()] == ["f1-2"]
    out = runner.invoke(app, ["events", "--db", str(db), "--plover", "HUG"])
    assert out.exit_code == 2
    assert "not a PLOVER type" in out.output
    out = runner.invoke(app, ["network", "--db", str(db), "--out", str(tmp_path / "g.graphml"), "--actor", "MIL"])
    assert out.exit_code == 0, out.output
    assert "wrote 2 actors and 1 edges" in out.output
