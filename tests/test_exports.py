"""Tests for dyad.exports: GDELT 2.0, ICEWS and PLOVER layouts against golden files.

REGENERATE=1 rewrites the golden files in tests/data/golden/exports/ (review the diff by eye).
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dyad.datafiles import read_tsv
from dyad.errors import UsageError
from dyad.exports import (
    GDELT_COLUMNS,
    ICEWS_COLUMNS,
    PLOVER_QUAD,
    export_events,
    fraction_date,
    iso3_to_fips,
    numeric_id,
    plover_record,
    write_gdelt,
    write_plover,
)
from dyad.models import Actor, DocResult, Document, Event, Location, Metadata, OffsetMap, Span
from dyad.resources import data_path
from dyad.store import Store

GOLDEN = Path(__file__).parent / "data" / "golden" / "exports"
REGENERATE = os.environ.get("REGENERATE", "") not in ("", "0")
SHARED = Path(__file__).parents[1].parent / "shared" / "schemas"
VERSION = "0.1.0+test"


def actor(code: str | None, text: str = "", name: str | None = None, entity_id: str | None = None) -> Actor:
    country = code[:3] if code else None
    sectors = tuple(code[i : i + 3] for i in range(3, len(code), 3)) if code else ()
    return Actor(text=text or (code or "someone"), code=code, country=country, sectors=sectors, name=name,
                 entity_id=entity_id)  # fmt: skip


def event(n: int, **kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_id": f"{n:x}" * 16,
        "doc_id": "doc-a",
        "sentence_index": 0,
        "sentence": "Iran's foreign ministry accused the United States of bad faith.",
        "span": (0, 63),
        "source": actor("IRNGOV", "Iran's foreign ministry"),
        "target": actor("USA", "the United States", name="United States"),
        "cameo": "112",
        "cameo_root": "11",
        "cameo_name": "Accuse, not specified below",
        "plover": "ACCUSE",
        "plover_mode": None,
        "quad_class": 3,
        "goldstein": -2.0,
        "date": "2018-08-07",
        "date_precision": "day",
        "date_text": None,
        "location": None,
        "modality": "asserted",
        "attribution": None,
        "rule": "accuse-of",
        "confidence": 0.8,
        "dyad_version": VERSION,
        "trigger": Span(24, 31, "accused"),
    }
    values.update(kw)
    return Event(**values)


def sample_events() -> list[Event]:
    return [
        event(1, location=Location("Tehran", "IRN", 35.6944, 51.4215, "city")),
        event(
            2,
            doc_id="doc-b",
            sentence_index=3,
            sentence="UN Secretary-General Antonio Guterres met German officials in Germany.",
            span=(200, 270),
            source=actor("IGOUNO", "Antonio Guterres", name="António Guterres", entity_id="Q311440"),
            target=actor("DEUGOV", "German officials"),
            cameo="0251",
            cameo_root="02",
            cameo_name="Appeal for easing of administrative sanctions",
            plover="REQUEST",
            plover_mode="ease",
            quad_class=1,
            goldstein=3.0,
            date="2019-12",
            date_precision="month",
            location=Location("Germany", "DEU", None, None, "country"),
            modality="hypothetical",
            mentions=2,
            trigger=None,
        ),
        event(
            3,
            cameo="010",
            cameo_root="01",
            cameo_name="Make statement, not specified below",
            plover=None,
            quad_class=1,
            goldstein=0.0,
            target=Actor("protesters\tin the\nstreets", None),
            source=actor("PRKMILREB", "North Korean rebels"),
            location=Location("Texas", "USA", 31.0, -100.0, "admin"),
        ),
        event(4, date=None, date_precision="unknown"),
    ]


DOCUMENTS: dict[str, dict[str, Any]] = {
    "doc-a": {"url": "https://example.org/news/1", "meta": {"publisher": "Example News", "title": "Accusations"}},
    "doc-b": {"meta": {"url": "https://example.org/news/2", "source": "Wire Service"}},
}


def check_golden(path: Path, name: str) -> None:
    golden = GOLDEN / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(path.read_bytes())
    assert golden.exists(), f"{golden} missing; run with REGENERATE=1"
    assert path.read_bytes() == golden.read_bytes()


# ------------------------------------------------------------------------------------------ GDELT


def test_gdelt_golden_and_shape(tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    counts = write_gdelt(sample_events(), out, documents=DOCUMENTS)
    assert counts.written == 3
    assert counts.skipped == {"no date": 1}
    check_golden(out, "events.gdelt.tsv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert all(len(line.split("\t")) == 61 for line in lines)
    df = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str, keep_default_na=False)
    assert list(df.columns) == list(GDELT_COLUMNS)
    assert len(df) == 3
    first, second, third = (df.iloc[i] for i in range(3))
    assert first["GLOBALEVENTID"] == str(int("1" * 15, 16))
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20180807", "201808", "2018")
    assert first["FractionDate"] == "2018.6767"  # 2018 + (8 * 30 + 7) / 365
    assert (first["Actor1Code"], first["Actor1CountryCode"], first["Actor1Type1Code"]) == ("IRNGOV", "IRN", "GOV")
    assert (first["Actor2Code"], first["Actor2Name"], first["Actor2CountryCode"]) == ("USA", "UNITED STATES", "USA")
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == ("112", "112", "11")
    assert (first["QuadClass"], first["GoldsteinScale"], first["IsRootEvent"]) == ("3", "-2.0", "1")
    assert (first["ActionGeo_Type"], first["ActionGeo_CountryCode"]) == ("4", "IR")
    assert first["ActionGeo_FullName"] == "Tehran, Iran"
    assert first["Actor1Geo_Type"] == "0"
    assert first["DATEADDED"] == "20180807000000"
    assert first["SOURCEURL"] == "https://example.org/news/1"
    # month precision -> first day of the month; leading zeros kept
    assert (second["SQLDATE"], second["EventCode"], second["EventBaseCode"], second["EventRootCode"]) == (
        "20191201", "0251", "025", "02",
    )  # fmt: skip
    assert (second["Actor1Type1Code"], second["Actor1Type2Code"], second["Actor1CountryCode"]) == ("IGO", "UNO", "")
    assert (second["ActionGeo_Type"], second["ActionGeo_CountryCode"], second["ActionGeo_FeatureID"]) == (
        "1", "GM", "GM",
    )  # fmt: skip
    assert second["NumMentions"] == "2"
    assert second["SOURCEURL"] == "https://example.org/news/2"
    assert second["IsRootEvent"] == "0"
    # tabs inside values never split a row; US state -> type 2
    assert third["Actor1Name"] == "NORTH KOREA"  # no canonical name: the country's
    assert (third["Actor2Name"], third["Actor2Code"]) == ("PROTESTERS IN THE STREETS", "")
    assert (third["Actor1Type1Code"], third["Actor1Type2Code"]) == ("MIL", "REB")
    assert third["ActionGeo_Type"] == "2"
    assert third["SOURCEURL"] == "https://example.org/news/1"


def test_gdelt_header_and_options(tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    n = export_events(sample_events()[:1], "gdelt", out, header=True, date_added="20260101120000")
    assert n == 1
    header, row = out.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == list(GDELT_COLUMNS)
    fields = row.split("\t")
    assert fields[GDELT_COLUMNS.index("DATEADDED")] == "20260101120000"
    assert fields[GDELT_COLUMNS.index("SOURCEURL")] == "doc-a"  # no documents: the doc id


@pytest.mark.skipif(not (SHARED / "gdelt_events_schema.md").exists(), reason="shared schemas absent")
def test_gdelt_columns_match_schema_file() -> None:
    text = (SHARED / "gdelt_events_schema.md").read_text(encoding="utf-8")
    names = [name for _, name in re.findall(r"^\| (\d+) \| `(\w+)`", text, re.M)]
    assert names == list(GDELT_COLUMNS)
    assert len(GDELT_COLUMNS) == 61


def test_gdelt_quotes_do_not_break_rows(tmp_path: Path) -> None:
    out = tmp_path / "q.tsv"
    quoted = event(8, target=Actor('"The Quartet" said', None), sentence_index=1)
    write_gdelt([quoted, event(9)], out, documents={"doc-a": {"url": 'https://x.org/a?q="b"'}})
    df = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str)
    assert len(df) == 2
    assert df["Actor2Name"].tolist()[0] == "'THE QUARTET' SAID"
    assert df["SOURCEURL"].tolist() == ["https://x.org/a?q='b'"] * 2


def test_numeric_id_and_fraction_date() -> None:
    assert numeric_id("0123456789abcdef") == int("0123456789abcde", 16)
    assert numeric_id("doc-1") == numeric_id("doc-1") != numeric_id("doc-2")
    assert numeric_id("doc-1") < 16**15
    import datetime as dt

    assert fraction_date(dt.date(2015, 1, 1)) == "2015.0849"  # (30 + 1) / 365


# ------------------------------------------------------------------------------------------ ICEWS


def test_icews_golden_and_header(tmp_path: Path) -> None:
    out = tmp_path / "events.icews.tab"
    n = export_events(sample_events(), "icews", out, documents=DOCUMENTS)
    assert n == 3
    check_golden(out, "events.icews.tab")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert tuple(rows[0]) == ICEWS_COLUMNS
    assert all(len(r) == 20 for r in rows)
    rec = [dict(zip(ICEWS_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert rec[0]["Source Name"] == "Government (Iran)"
    assert rec[0]["Source Sectors"] == "Government"
    assert rec[0]["Source Country"] == "Iran"
    assert rec[0]["Target Name"] == "United States"
    assert (rec[0]["CAMEO Code"], rec[0]["Intensity"], rec[0]["Event Date"]) == ("112", "-2.0", "2018-08-07")
    assert (rec[0]["City"], rec[0]["Country"], rec[0]["Publisher"]) == ("Tehran", "Iran", "Example News")
    assert rec[0]["Sentence Number"] == "1"
    assert rec[1]["Source Name"] == "António Guterres"
    assert rec[1]["Source Sectors"] == "Inter-Governmental Organization,United Nations"
    assert (rec[1]["CAMEO Code"], rec[1]["Publisher"], rec[1]["Country"]) == ("0251", "Wire Service", "Germany")
    assert rec[2]["Province"] == "Texas"
    assert rec[2]["Target Name"] == "protesters in the streets"


@pytest.mark.skipif(not (SHARED / "icews_events_schema.md").exists(), reason="shared schemas absent")
def test_icews_columns_match_schema_file() -> None:
    text = (SHARED / "icews_events_schema.md").read_text(encoding="utf-8")
    match = re.search(r"^`(Event ID, [^`]+)`$", text, re.M)
    assert match is not None
    assert tuple(match.group(1).split(", ")) == ICEWS_COLUMNS


def test_icews_csv_delimiter(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export_events(sample_events()[:2], "icews", out, delimiter=",")
    df = pd.read_csv(out, dtype=str)
    assert tuple(df.columns) == ICEWS_COLUMNS
    assert df["Source Sectors"].tolist()[1] == "Inter-Governmental Organization,United Nations"


# ------------------------------------------------------------------------------------------ PLOVER


def test_plover_golden_and_fields(tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    counts = write_plover(sample_events(), out, documents=DOCUMENTS)
    assert counts.written == 2
    assert counts.skipped == {"no PLOVER category": 1, "no date": 1}
    check_golden(out, "events.plover.jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first, second = records
    for rec in records:
        for key in ("id", "date", "actor", "event"):  # the manual's required fields
            assert rec[key]
        assert "text" not in rec
    assert first["actor"][0]["code"] == "IRN" and first["actor"][0]["sector"] == "GOV"
    assert first["recipient"][0]["code"] == "USA"
    assert first["event"] == ["ACCUSE"] and first["quad_code"] == 3
    assert first["cite_info"]["url"] == "https://example.org/news/1"
    assert first["event_loc"]["country_code"] == "IRN" and first["event_loc"]["resolution"] == 4
    assert second["date"] == "2019-12-01" and second["date_precision"] == "month"
    assert second["actor"][0]["code"] == "UNO"
    assert second["actor"][0]["identifier_id"] == "Q311440"
    assert second["mode"] == ["ease"]
    assert "hypothetical" in second["context"]
    assert second["quad_code"] == PLOVER_QUAD["REQUEST"] == 3


def test_plover_entity_codes() -> None:
    media = plover_record(event(5, source=actor("GBRMED", "the BBC"), target=actor("IGOEUREEC", "the EU")))
    assert media is not None
    assert (media["actor"][0]["code"], media["actor"][0]["sector"]) == ("GBR", "JRN")  # CAMEO MED is media
    assert (media["recipient"][0]["code"], media["recipient"][0]["sector"]) == ("EUR", None)
    region = plover_record(event(6, source=actor("AFRREB", "African rebels"), modality="negated"))
    assert region is not None
    assert region["actor"][0]["code"] is None  # regions get no PLOVER country
    assert region["context"] == ["negation"]
    assert plover_record(event(7, plover=None)) is None


def test_plover_include_text(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    assert export_events(sample_events()[:1], "plover", out, include_text=True) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["text"].startswith("Iran's foreign ministry")


def test_unknown_format_and_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        export_events([], "csv", tmp_path / "x")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        export_events([], "gdelt", tmp_path / "nope" / "x.tsv")


# ------------------------------------------------------------------------------------------ from the store


def test_export_from_store(tmp_path: Path) -> None:
    """Events and documents as the store gives them back export the same as the hand-built ones."""
    text = "Iran's foreign ministry accused the United States of bad faith."
    doc = Document(
        id="doc-a",
        origin="corpus/doc-a.txt",
        text=text,
        paragraphs=[(0, len(text))],
        meta=Metadata(publisher="Example News", url="https://example.org/news/1", title="Accusations"),
        offsets=OffsetMap(((0, 0, len(text)),)),
        raw_hash="hash-a",
    )
    events = sample_events()[:1]
    with Store(tmp_path / "x.duckdb") as store:
        store.write([DocResult("doc-a", doc.origin, "coded", document=doc, events=events)], "test")
        records = store.event_records()
        documents = {e.doc_id: d for e in records if (d := store.document(e.doc_id)) is not None}
    assert len(records) == 1
    for fmt in ("gdelt", "icews", "plover"):
        from_store, by_hand = tmp_path / f"store.{fmt}", tmp_path / f"hand.{fmt}"
        assert export_events(records, fmt, from_store, documents) == 1
        export_events(events, fmt, by_hand, DOCUMENTS)
        assert from_store.read_bytes() == by_hand.read_bytes(), fmt


# ------------------------------------------------------------------------------------------ FIPS data


@pytest.mark.parametrize(
    ("iso3", "fips"),
    [
        ("DEU", "GM"), ("GBR", "UK"), ("CHN", "CH"), ("RUS", "RS"), ("IRN", "IR"), ("PRK", "KN"),
        ("KOR", "KS"), ("ISR", "IS"), ("JPN", "JA"), ("USA", "US"), ("IRQ", "IZ"), ("AUT", "AU"),
        ("AUS", "AS"), ("ESP", "SP"), ("SRB", "RI"), ("SSD", "OD"), ("ZAF", "SF"), ("PHL", "RP"),
        ("UKR", "UP"), ("TUR", "TU"), ("IRL", "EI"), ("SWE", "SW"), ("CHE", "SZ"), ("LBN", "LE"),
    ],
)  # fmt: skip
def test_fips_spot_checks(iso3: str, fips: str) -> None:
    assert iso3_to_fips(iso3) == fips


def test_fips_unknown() -> None:
    assert iso3_to_fips(None) is None
    assert iso3_to_fips("PSE") is None  # FIPS splits it: WE and GZ
    assert iso3_to_fips("XXX") is None


def test_fips_file_lint() -> None:
    path = data_path("geo", "iso3_fips.tsv")
    table = read_tsv(path, "dyad-iso3-fips/1", ("iso3", "fips"))
    assert all(table.header.get(k) for k in ("schema", "version", "source", "licence"))
    iso3 = [row.get("iso3") for row in table.rows]
    fips = [row.get("fips") for row in table.rows]
    assert len(iso3) == len(set(iso3)), "duplicate iso3"
    assert len(fips) == len(set(fips)), "two countries share a FIPS code"
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in iso3)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in fips)
    assert iso3 == sorted(iso3)
    assert len(iso3) > 230
