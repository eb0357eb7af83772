"""Tests for dyad.analysis (relations over time, top lists, GraphML network) and its CLI commands."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyad.analysis import Period, network, period_of, relations, relations_df, relations_svg, top, top_df
from dyad.cli import app
from dyad.errors import UsageError
from dyad.models import Actor, DocResult, Document, Event, Metadata, OffsetMap
from dyad.store import Store, date_bounds

VERSION = "0.1.0+test"
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}

# ------------------------------------------------------------------------------------------ builders


def actor(code: str) -> Actor:
    return Actor(text=code, code=code, country=code[:3], sectors=tuple(code[i : i + 3] for i in range(3, len(code), 3)))


def event(
    doc_id: str,
    n: int,
    source: str | None,
    target: str | None,
    quad: int,
    goldstein: float,
    date: str | None,
    *,
    cameo: str = "042",
    modality: str = "asserted",
) -> Event:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "unknown")
    return Event(
        event_id=f"{doc_id}-{n}",
        doc_id=doc_id,
        sentence_index=n,
        sentence=f"Sentence {n} of {doc_id}.",
        span=(0, 10),
        source=actor(source) if source else None,
        target=actor(target) if target else None,
        cameo=cameo,
        cameo_root=cameo[:2],
        cameo_name=f"name of {cameo}",
        plover=None,
        plover_mode=None,
        quad_class=quad,
        goldstein=goldstein,
        date=date,
        date_precision=precision,  # type: ignore[arg-type]
        date_text=None,
        location=None,
        modality=modality,  # type: ignore[arg-type]
        attribution=None,
        rule="test",
        confidence=0.9,
        dyad_version=VERSION,
    )


def coded(doc_id: str, published: str | None, events: list[Event]) -> DocResult:
    text = "Some clean text."
    doc = Document(
        id=doc_id,
        origin=f"corpus/{doc_id}.txt",
        text=text,
        paragraphs=[(0, len(text))],
        meta=Metadata(title=doc_id, published=published, published_precision="day" if published else "unknown"),
        offsets=OffsetMap(((0, 0, len(text)),)),
    )
    return DocResult(doc_id=doc_id, origin=doc.origin, status="coded", document=doc, events=events)


def results() -> list[DocResult]:
    """July 2018: 4 docs; August 2018: 2 docs; one doc dated only 2018 (year bins only)."""
    return [
        coded(
            "d1",
            "2018-07-02",
            [
                event("d1", 0, "IRNGOV", "PRKGOV", 1, 3.0, "2018-07-02", cameo="042"),  # IRN->PRK q1
                event("d1", 1, "IRN", "PRK", 2, 7.0, "2018-07-03", cameo="057"),  # IRN->PRK q2
                event("d1", 2, "PRK", "IRNGOV", 3, -2.0, "2018-07-04", cameo="112"),  # PRK->IRN q3
                event("d1", 3, "IRN", "PRK", 4, -10.0, "2018-07-05", cameo="190", modality="negated"),  # ignored
            ],
        ),
        coded("d2", "2018-07-15", [event("d2", 0, "IRN", "PRK", 4, -9.0, "2018-07-16", cameo="190")]),
        coded("d3", "2018-07-20", [event("d3", 0, "USAGOV", "IRNGOV", 3, -2.0, "2018-07-20", cameo="112")]),
        coded("d4", "2018-07-30", []),
        coded(
            "d5",
            "2018-08-01",
            [
                event("d5", 0, "PRK", "IRN", 1, 1.0, "2018-08-01", cameo="042"),
                event("d5", 1, "IRN", "PRK", 1, 3.0, "2018-08", cameo="042"),  # month precision
                event("d5", 2, "IRN", None, 3, -2.0, "2018-08-01", cameo="112"),  # no target: out
            ],
        ),
        coded("d6", "2018-08-20", [event("d6", 0, "USA", "PRK", 3, -2.0, "2018-08-20", cameo="112")]),
        coded("d7", "2018", [event("d7", 0, "IRN", "PRK", 2, 6.0, "2018", cameo="057")]),  # year precision
        coded("d8", "2018-10-05", [event("d8", 0, "PRKMIL", "IRNMIL", 4, -10.0, "2018-10-05", cameo="190")]),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.duckdb"
    with Store(path) as store:
        store.write(results(), VERSION)
    return path


@pytest.fixture
def store(db: Path) -> Any:
    with Store(db, read_only=True) as s:
        yield s


def rows_by(table: Any) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["period"], r["direction"]): r for r in table.to_pylist()}


# ----------------------------------------------------------------------------------------- relations


def period(value: str, by: Period) -> str | None:
    bounds = date_bounds(value)
    assert bounds is not None
    return period_of(bounds[0], bounds[1], by)


def test_period_of_requires_the_whole_range_in_one_period() -> None:
    assert period("2018-07-04", "month") == "2018-07"
    assert period("2018-07-04", "week") == "2018-W27"
    assert period("2018-12-31", "week") == "2019-W01"
    assert period("2018", "year") == "2018"
    assert period("2018", "month") is None
    assert period("2018-07", "week") is None
    assert period_of(None, None, "month") is None


def test_relations_by_month(store: Store) -> None:
    table = relations(store, "IRN", "PRK")
    assert table.column_names[:2] == ["period", "direction"]
    got = rows_by(table)
    # July..October, gaps filled, both directions each
    assert [k for k in got] == [
        ("2018-07", "IRN->PRK"), ("2018-07", "PRK->IRN"), ("2018-08", "IRN->PRK"), ("2018-08", "PRK->IRN"),
        ("2018-09", "IRN->PRK"), ("2018-09", "PRK->IRN"), ("2018-10", "IRN->PRK"), ("2018-10", "PRK->IRN"),
    ]  # fmt: skip
    july = got[("2018-07", "IRN->PRK")]
    assert (july["q1"], july["q2"], july["q3"], july["q4"]) == (1, 1, 0, 1)
    assert july["n_events"] == 3 == july["q1"] + july["q2"] + july["q3"] + july["q4"]
    assert july["goldstein_sum"] == pytest.approx(1.0)
    assert july["goldstein_mean"] == pytest.approx(1.0 / 3)
    assert july["net_cooperation"] == 2 - 1
    assert july["n_docs"] == 4
    assert july["events_per_1000_docs"] == pytest.approx(3 / 4 * 1000)
    back = got[("2018-07", "PRK->IRN")]
    assert (back["n_events"], back["q3"], back["net_cooperation"]) == (1, 1, -1)
    assert back["goldstein_mean"] == pytest.approx(-2.0)
    aug = got[("2018-08", "IRN->PRK")]
    assert (aug["n_events"], aug["q1"], aug["n_docs"]) == (1, 1, 2)  # the month-precision event counts
    assert aug["events_per_1000_docs"] == pytest.approx(500.0)
    sep = got[("2018-09", "IRN->PRK")]
    assert sep["n_events"] == 0 and sep["goldstein_mean"] is None and sep["events_per_1000_docs"] is None
    octo = got[("2018-10", "PRK->IRN")]
    assert (octo["q4"], octo["net_cooperation"], octo["n_docs"]) == (1, -1, 1)
    # the year-precision event is left out of month bins and reported in the metadata
    assert table.schema.metadata[b"excluded_imprecise"] == b"1"
    assert sum(r["n_events"] for r in table.to_pylist()) == 7


def test_relations_by_year_and_week(store: Store) -> None:
    year = rows_by(relations(store, "PRK", "IRN", by="year"))
    assert set(year) == {("2018", "PRK->IRN"), ("2018", "IRN->PRK")}
    fwd = year[("2018", "IRN->PRK")]
    assert (fwd["n_events"], fwd["q1"], fwd["q2"], fwd["q4"]) == (5, 2, 2, 1)
    assert fwd["n_docs"] == 8  # every coded document, including the one published "2018"
    assert fwd["events_per_1000_docs"] == pytest.approx(5 / 8 * 1000)
    week = relations(store, "IRN", "PRK", by="week")
    assert week.schema.metadata[b"excluded_imprecise"] == b"2"  # "2018" and "2018-08"
    first = week.to_pylist()[0]
    assert first["period"] == "2018-W27" and first["n_events"] == 2
    assert all(r["period"].startswith("2018-W") for r in week.to_pylist())


def test_relations_filters_and_errors(store: Store) -> None:
    got = rows_by(relations(store, "IRN", "PRK", since="2018-08", until="2018-08"))
    assert set(got) == {("2018-08", "IRN->PRK"), ("2018-08", "PRK->IRN")}
    assert relations(store, "IRN", "CHN").num_rows == 0
    assert relations_df(store, "irn", "prk").shape[0] == 8
    with pytest.raises(UsageError):
        relations(store, "IRN", "PRK", since="July")
    with pytest.raises(UsageError):
        relations(store, "IRN", "PRK", by="day")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        relations(store, "", "PRK")


# ----------------------------------------------------------------------------------------------- top


def test_top_dyads_actors_codes(store: Store) -> None:
    dyads = top(store, "dyads").to_pylist()
    assert dyads[0] == {"source": "IRN", "target": "PRK", "n_events": 4}
    assert {"source": "USAGOV", "target": "IRNGOV", "n_events": 1} in dyads
    assert sum(d["n_events"] for d in dyads) == 10  # asserted events with both codes
    actors = {r["actor"]: r["n_events"] for r in top(store, "actors", limit=0).to_pylist()}
    assert actors["IRN"] == 6 and actors["PRK"] == 7 and actors["IRNGOV"] == 3  # IRN: one event without target
    codes = top(store, "codes").to_pylist()
    assert codes[0] == {"cameo": "112", "cameo_name": "name of 112", "n_events": 4}
    assert top(store, "dyads", limit=2).num_rows == 2
    usa = top(store, "dyads", country="USA").to_pylist()
    assert {(r["source"], r["target"]) for r in usa} == {("USAGOV", "IRNGOV"), ("USA", "PRK")}
    assert top(store, "codes", since="2018-10").to_pylist() == [
        {"cameo": "190", "cameo_name": "name of 190", "n_events": 1}
    ]
    assert list(top_df(store, "actors").columns) == ["actor", "n_events"]
    with pytest.raises(UsageError):
        top(store, "sectors")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        top(store, "dyads", until="2018-13")


# ------------------------------------------------------------------------------------------- network


def test_network_graphml(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    n_nodes, n_edges = network(store, out)
    root = ET.parse(out).getroot()
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.get("edgedefault") == "directed"
    nodes = {n.get("id") for n in graph.findall("g:node", NS)}
    assert nodes == {"IRN", "IRNGOV", "IRNMIL", "PRK", "PRKGOV", "PRKMIL", "USA", "USAGOV"}
    assert n_nodes == len(nodes)
    edges = {
        (e.get("source"), e.get("target")): {d.get("key"): d.text for d in e.findall("g:data", NS)}
        for e in graph.findall("g:edge", NS)
    }
    assert n_edges == len(edges) == 7
    irn_prk = edges[("IRN", "PRK")]
    assert (irn_prk["cooperation"], irn_prk["conflict"], irn_prk["total"]) == ("3", "1", "4")
    assert float(irn_prk["goldstein_mean"] or "nan") == pytest.approx((7.0 - 9.0 + 3.0 + 6.0) / 4)
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.findall("g:key", NS)}
    assert keys["goldstein_mean"] == ("edge", "double") and keys["total"] == ("edge", "int")

    n_nodes, n_edges = network(store, out, min_events=2)
    assert (n_nodes, n_edges) == (2, 1)
    n_nodes, n_edges = network(store, out, since="2019")
    assert (n_nodes, n_edges) == (0, 0)
    assert ET.parse(out).getroot().find("g:graph", NS) is not None
    with pytest.raises(UsageError):
        network(store, tmp_path / "missing" / "g.graphml")
    with pytest.raises(UsageError):
        network(store, out, min_events=0)


def test_relations_svg_is_svg(store: Store) -> None:
    svg = relations_svg(relations(store, "IRN", "PRK"), title="IRN / PRK")
    assert svg.startswith("<svg")
    assert svg.count("<polyline") == 4
    ET.fromstring(svg)  # well-formed
    empty = relations_svg(relations(store, "IRN", "CHN"))
    assert "no events" in empty
    ET.fromstring(empty)


# ----------------------------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_relations_csv_json_table(db: Path) -> None:
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["period", "direction", "n_events", "q1"]
    assert "net_cooperation" in rows[0] and "events_per_1000_docs" in rows[0]
    assert len(rows) == 1 + 8
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db), "--format", "json", "--by", "year"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["direction"] for r in data} == {"IRN->PRK", "PRK->IRN"}
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "IRN->PRK" in result.stdout and "2018-07" in result.stdout


def test_cli_relations_plot(db: Path, tmp_path: Path) -> None:
    svg = tmp_path / "rel.svg"
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db), "--format", "csv", "--plot", str(svg)])
    assert result.exit_code == 0, result.output
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db), "--plot", str(tmp_path / "x.gif")])
    assert result.exit_code == 2


def test_cli_relations_png_without_matplotlib(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    result = runner.invoke(app, ["relations", "IRN", "PRK", "--db", str(db), "--plot", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "matplotlib" in result.output


def test_cli_usage_errors(db: Path) -> None:
    for args in (
        ["relations", "IRN", "PRK", "--db", str(db), "--since", "yesterday"],
        ["relations", "IRN", "PRK", "--db", str(db), "--by", "day"],
        ["relations", "IRN", "PRK", "--db", str(db), "--format", "xml"],
        ["top", "dyads", "--db", str(db), "--until", "2018-99"],
        ["top", "sectors", "--db", str(db)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)


def test_cli_top_and_network(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["top", "dyads", "--db", str(db), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "IRN" in result.stdout and "PRK" in result.stdout
    result = runner.invoke(app, ["top", "codes", "--db", str(db), "--country", "USA"])
    assert result.exit_code == 0, result.output
    assert "112" in result.stdout
    out = tmp_path / "net.graphml"
    result = runner.invoke(app, ["network", "--out", str(out), "--db", str(db), "--since", "2018-07"])
    assert result.exit_code == 0, result.output
    assert "8 actors and 7 edges" in result.stdout
    assert ET.parse(out).getroot().tag.endswith("graphml")
    result = runner.invoke(app, ["network", "--out", str(out), "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
