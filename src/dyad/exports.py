"""Writing dyad events in the layouts other event datasets use: GDELT 2.0, ICEWS and PLOVER JSON.

``export_events(events, fmt, out)`` writes one of the three formats and returns the number of rows
written. The per-format writers (:func:`write_gdelt`, :func:`write_icews`, :func:`write_plover`)
return an :class:`ExportCounts` that also says which events were left out and why.

Choices that the source formats leave open (see also each writer's docstring):

- Events without a date are skipped (``skipped["no date"]``): every format needs one. A date known
  only to the month or year is written as its first day (2018-08 -> 20180801; neither GDELT nor ICEWS
  has a precision field); ``date_precision`` is kept in the PLOVER record.
- Numeric ids (GDELT ``GLOBALEVENTID``, ICEWS ``Event ID``) are the first 15 hex digits of the
  event id read as an integer (dyad event ids are hex digests); other ids are hashed first.
- No filtering by modality happens here: pass asserted events only (the store's default) when the
  export should hold only what the text says happened.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TextIO

from dyad.datafiles import read_tsv
from dyad.errors import UsageError
from dyad.models import Actor, Event, Location
from dyad.resources import data_path

log = logging.getLogger(__name__)

ExportFormat = Literal["gdelt", "icews", "plover"]
FORMATS: tuple[str, ...] = ("gdelt", "icews", "plover")

# GDELT 2.0 event table, in file order (shared/schemas/gdelt_events_schema.md; BigQuery names).
_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# ICEWS Coded Event Data (Dataverse), header row verbatim (shared/schemas/icews_events_schema.md).
ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip

# PLOVER manual, "Quad categories in PLOVER" table (numeric quad code of each event category).
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

# dyad modality -> PLOVER auxiliary mode, which the manual puts in ``context``.
_AUXILIARY = {"negated": "negation", "hypothetical": "hypothetical", "intended": "future"}

# CAMEO international codes -> PLOVER's non-state "country" codes (manual, table of non-state actors).
_PLOVER_NONSTATE = {"IGO": "IGO", "NGO": "NGO", "MNC": "MNC", "IMG": "IMG"}
# CAMEO blocks that name an international entity: they go into the PLOVER ``code``, not ``sector``.
_NOT_SECTORS = frozenset({"IGO", "UNO", "NGO", "MNC", "IMG"})
# CAMEO sector -> PLOVER sector where the manual renames or merges it (sector code notes 3 and 4).
_PLOVER_SECTOR = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB"}


@dataclass
class ExportCounts:
    """Rows written, and events left out by reason ("no date", "no PLOVER category")."""

    written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


# ------------------------------------------------------------------------------------------ data files


@dataclass(frozen=True)
class _Codes:
    table: dict[str, str]  # actor code block -> table ("country", "type/role", "known group", ...)
    label: dict[str, str]  # actor code block -> label
    states: frozenset[str]  # codes of states and pseudo-states (not regions)
    fips: dict[str, str]  # ISO3 -> FIPS 10-4


@lru_cache(maxsize=1)
def _codes() -> _Codes:
    table: dict[str, str] = {}
    label: dict[str, str] = {}
    actor_codes = read_tsv(data_path("actors", "actor_codes.tsv"), "dyad-actor-codes/1", ("code", "table", "label"))
    for row in actor_codes.rows:
        table.setdefault(row.get("code"), row.get("table"))
        label.setdefault(row.get("code"), row.get("label"))
    states: set[str] = set()
    countries = read_tsv(data_path("actors", "countries.tsv"), "dyad-countries/1", ("code", "name", "kind"))
    for row in countries.rows:
        code = row.get("code")
        # ISO codes CAMEO 1.1b3 lacks (ROU, MNE, TLS, IMN, KSV, ...) come from dyad's country table
        table.setdefault(code, "country")
        label.setdefault(code, row.get("name"))
        if row.get("kind") in ("state", "pseudo"):
            states.add(code)
    fips_file = read_tsv(data_path("geo", "iso3_fips.tsv"), "dyad-iso3-fips/1", ("iso3", "fips"))
    fips = {row.get("iso3"): row.get("fips") for row in fips_file.rows}
    return _Codes(table, label, frozenset(states), fips)


def iso3_to_fips(iso3: str | None) -> str | None:
    """The FIPS 10-4 country code GDELT uses in its geography fields ("DEU" -> "GM"), or None."""
    return _codes().fips.get(iso3.upper()) if iso3 else None


def country_name(code: str | None) -> str | None:
    """The name of a CAMEO/ISO3 country or region code ("IRN" -> "Iran"), or None."""
    if not code:
        return None
    c = _codes()
    return c.label.get(code) if c.table.get(code) == "country" else None


# ------------------------------------------------------------------------------------------ helpers


def numeric_id(event_id: str) -> int:
    """A stable integer for an event id: its first 15 hex digits, else those of its sha256."""
    head = event_id[:15]
    if len(head) < 15 or any(ch not in "0123456789abcdefABCDEF" for ch in head):
        head = hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15]
    return int(head, 16)


def event_day(event: Event) -> date | None:
    """The event's day; a month or year date gives its first day. None when undated or invalid."""
    if not event.date:
        return None
    parts = event.date.strip()[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1)
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], 1)
        if len(numbers) == 3:
            return date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return None
    return None


def fraction_date(day: date) -> str:
    """GDELT's FractionDate: YYYY + (MONTH * 30 + DAY) / 365, four decimals (GDELT's approximation,
    kept as is: late-December days give a fraction above 1, as in GDELT's own files)."""
    return f"{day.year + (day.month * 30 + day.day) / 365:.4f}"


def _blocks(code: str | None) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)] if code else []


def _clean(value: Any) -> str:
    """A field value without tabs or line breaks (they would break the row)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").split())


def _num(value: float | None, places: int | None = None) -> str:
    if value is None:
        return ""
    return repr(round(float(value), places) if places is not None else float(value))


def _doc_value(documents: Mapping[str, Mapping[str, Any]] | None, doc_id: str, key: str) -> str | None:
    """A document field, top level first, then under ``meta`` (the shape of :meth:`Store.document`)."""
    if not documents:
        return None
    doc = documents.get(doc_id)
    if not doc:
        return None
    value = doc.get(key)
    if value is None and isinstance(doc.get("meta"), Mapping):
        value = doc["meta"].get(key)
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class _ActorParts:
    country: str | None
    known_group: str | None
    ethnic: str | None
    religions: tuple[str, ...]
    types: tuple[str, ...]


def _actor_parts(actor: Actor) -> _ActorParts:
    """Split a CAMEO actor code into its country, known group, ethnic, religion and type/role blocks."""
    c = _codes()
    blocks = _blocks(actor.code)
    country: str | None = None
    if blocks and c.table.get(blocks[0]) == "country":
        country = blocks[0]
        blocks = blocks[1:]
    elif not blocks and actor.country and c.table.get(actor.country) == "country":
        country = actor.country
    known = ethnic = None
    religions: list[str] = []
    types: list[str] = []
    for block in blocks:
        kind = c.table.get(block)
        if kind in ("known group", "phoenix extension") and known is None:
            known = block
        elif kind == "ethnic" and ethnic is None:
            ethnic = block
        elif kind == "religion":
            religions.append(block)
        elif kind == "type/role":
            types.append(block)
    return _ActorParts(country, known, ethnic, tuple(religions), tuple(types))


def _open(out: str | Path) -> TextIO:
    path = Path(out)
    if not path.parent.is_dir():
        raise UsageError(f"{path}: cannot export: the directory {path.parent} does not exist; create it first")
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the export: {exc.strerror or exc}") from exc


# ------------------------------------------------------------------------------------------ GDELT


def _gdelt_actor(actor: Actor | None) -> list[str]:
    if actor is None or not (actor.code or actor.name or actor.text):
        return [""] * len(_ACTOR_FIELDS)
    parts = _actor_parts(actor)
    name = actor.name or country_name(parts.country) or actor.text
    types = [*parts.types[:3], "", "", ""][:3]
    religions = [*parts.religions[:2], "", ""][:2]
    return [
        actor.code or "",
        _clean(name).upper(),
        parts.country or "",
        parts.known_group or "",
        parts.ethnic or "",
        *religions,
        *types,
    ]


def _geo_type(location: Location) -> int:
    """GDELT geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1."""
    us = location.country == "USA"
    if location.kind == "country":
        return 1
    if location.kind == "admin":
        return 2 if us else 5
    return 3 if us else 4


def _gdelt_geo(location: Location | None) -> list[str]:
    if location is None or not location.country:
        return ["0"] + [""] * (len(_GEO_FIELDS) - 1)
    geo_type = _geo_type(location)
    fips = iso3_to_fips(location.country) or ""
    country = country_name(location.country) or location.country
    full = country if geo_type == 1 else f"{location.name}, {country}"
    return [
        str(geo_type),
        _clean(full),
        fips,
        fips if geo_type == 1 else "",
        "",
        _num(location.lat, 4),
        _num(location.lon, 4),
        fips if geo_type == 1 else "",
    ]


def gdelt_row(
    event: Event, *, documents: Mapping[str, Mapping[str, Any]] | None = None, date_added: str | None = None
) -> list[str] | None:
    """One event as the 61 fields of a GDELT 2.0 event row, or None when it has no date."""
    day = event_day(event)
    if day is None:
        return None
    cameo = event.cameo
    row = [
        str(numeric_id(event.event_id)),
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        fraction_date(day),
        *_gdelt_actor(event.source),
        *_gdelt_actor(event.target),
        "1" if event.sentence_index == 0 else "0",
        cameo,
        cameo[:3],
        event.cameo_root or cameo[:2],
        str(event.quad_class),
        _num(event.goldstein),
        str(event.mentions),
        "1",
        "1",
        "",
        *_gdelt_geo(None),  # Actor1Geo_*: not known
        *_gdelt_geo(None),  # Actor2Geo_*
        *_gdelt_geo(event.location),
        date_added or day.strftime("%Y%m%d") + "000000",
        _clean(_doc_value(documents, event.doc_id, "url") or event.doc_id),
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return row


def write_gdelt(
    events: Iterable[Event],
    out: str | Path,
    *,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    header: bool = False,
    date_added: str | None = None,
) -> ExportCounts:
    """Write a GDELT 2.0 event table: 61 tab-separated fields a row, no header (as GDELT publishes it).

    - ``header=True`` writes the column names (the BigQuery names, SQLDATE for the codebook's Day).
    - ``GLOBALEVENTID``: :func:`numeric_id`; ``FractionDate``: :func:`fraction_date`.
    - Actor fields come from the CAMEO code: country (first block, if a CAMEO country or region code),
      known group, ethnic, religion and type/role blocks by dyad's ``actor_codes.tsv``. Names are upper
      case, as in GDELT: the actor's canonical name, else the country name, else the actor's text.
    - ``IsRootEvent`` is 1 for events from the first sentence (GDELT's lead-paragraph proxy).
    - ``NumMentions`` is ``event.mentions``; ``NumSources`` and ``NumArticles`` are 1 (one document).
    - ``AvgTone`` is empty: dyad does not score tone, and 0 would read as a neutral score.
    - Actor geography is not known (type 0, other fields empty, as GDELT writes missing places).
      ``ActionGeo_*`` come from ``event.location``: type 1 country, 2/5 US state/other ADM1, 3/4 US/other
      city; FIPS 10-4 country codes (``data/geo/iso3_fips.tsv``); for country matches ADM1Code and
      FeatureID hold the FIPS code, as in GDELT; ADM2 and GNS feature ids are unknown (empty). A location
      without a country (an unresolved place name) cannot be placed: type 0 like no location.
    - ``DATEADDED`` is ``date_added`` (YYYYMMDDHHMMSS) when given, else the event day + 000000, so that
      the same events always give the same file (the run time would not).
    - ``SOURCEURL`` is ``documents[doc_id]["url"]`` (or ``["meta"]["url"]``) when known, else the doc id.
    - No quoting: tabs and line breaks in values become spaces, double quotes become single quotes.
    """
    counts = ExportCounts()
    with _open(out) as fh:
        # GDELT files are not quoted: fields are joined by tabs; tabs and line breaks inside a value become
        # spaces and double quotes become single ones, so that readers that honour quotes (pandas, R) agree
        if header:
            fh.write("\t".join(GDELT_COLUMNS) + "\n")
        for event in events:
            row = gdelt_row(event, documents=documents, date_added=date_added)
            if row is None:
                counts.skipped["no date"] += 1
                continue
            fh.write("\t".join(_clean(value).replace('"', "'") for value in row) + "\n")
            counts.written += 1
    _log(counts, "gdelt", out)
    return counts


# ------------------------------------------------------------------------------------------ ICEWS


def _icews_actor(actor: Actor | None) -> tuple[str, str, str]:
    """(name, sectors, country name) in ICEWS style."""
    if actor is None:
        return "", "", ""
    parts = _actor_parts(actor)
    c = _codes()
    sectors: list[str] = []
    for block in (*parts.types, parts.known_group, parts.ethnic, *parts.religions):
        label = c.label.get(block) if block else None
        if label and label not in sectors:
            sectors.append(label)
    country = country_name(parts.country) or ""
    if actor.name:
        name = actor.name
    elif parts.types and country:
        name = f"{c.label.get(parts.types[0], parts.types[0])} ({country})"  # "Government (Iran)"
    elif country and len(_blocks(actor.code)) == 1:
        name = country
    else:
        name = actor.text
    return _clean(name), _clean(",".join(sectors)), _clean(country)


def icews_row(event: Event, *, documents: Mapping[str, Mapping[str, Any]] | None = None) -> list[str] | None:
    """One event as the 20 fields of an ICEWS event row, or None when it has no date."""
    day = event_day(event)
    if day is None:
        return None
    s_name, s_sectors, s_country = _icews_actor(event.source)
    t_name, t_sectors, t_country = _icews_actor(event.target)
    loc = event.location
    city = district = province = country = lat = lon = ""
    if loc is not None:
        if loc.kind == "city":
            city = loc.name
        elif loc.kind == "admin":
            province = loc.name
        country = country_name(loc.country) or loc.country or (loc.name if loc.kind == "country" else "")
        lat, lon = _num(loc.lat, 4), _num(loc.lon, 4)
    publisher = _doc_value(documents, event.doc_id, "publisher") or _doc_value(documents, event.doc_id, "source")
    return [
        str(numeric_id(event.event_id)),
        day.isoformat(),
        s_name,
        s_sectors,
        s_country,
        _clean(event.cameo_name),
        event.cameo,
        _num(event.goldstein),
        t_name,
        t_sectors,
        t_country,
        _clean(event.doc_id),
        str(event.sentence_index + 1),
        _clean(publisher),
        _clean(city),
        _clean(district),
        _clean(province),
        _clean(country),
        lat,
        lon,
    ]


def write_icews(
    events: Iterable[Event],
    out: str | Path,
    *,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    delimiter: str = "\t",
) -> ExportCounts:
    """Write ICEWS-style event rows with the Dataverse header row (20 columns).

    Tab-separated by default, as the ICEWS ``.tab`` files are; ``delimiter=","`` gives a CSV (quoted
    where needed). Missing values are empty. ``Event ID``: :func:`numeric_id`; ``Intensity``: the
    Goldstein weight; ``Source/Target Sectors``: labels of the code's type/role, known group, ethnic and
    religion blocks (``actor_codes.tsv``), comma-separated; names: the actor's canonical name, else
    "Sector (Country)" as ICEWS writes generic agents, else the country, else the text; ``Story ID``:
    the doc id; ``Sentence Number``: 1-based; ``Publisher``: the document's publisher (or source) when
    ``documents`` has it; City/Province/Country/Latitude/Longitude from ``event.location`` (District is
    not known).
    """
    counts = ExportCounts()
    with _open(out) as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(ICEWS_COLUMNS)
        for event in events:
            row = icews_row(event, documents=documents)
            if row is None:
                counts.skipped["no date"] += 1
                continue
            writer.writerow(row)
            counts.written += 1
    _log(counts, "icews", out)
    return counts


# ------------------------------------------------------------------------------------------ PLOVER


@lru_cache(maxsize=1)
def _plover_contexts() -> dict[str, tuple[str, ...]]:
    table = read_tsv(data_path("ontology", "cameo.tsv"), "dyad-cameo/1", ("code", "plover_context"))
    return {row.get("code"): tuple(row.list("plover_context")) for row in table.rows}


def _plover_country(actor: Actor) -> str | None:
    blocks = _blocks(actor.code)
    if not blocks:
        return actor.country if actor.country in _codes().states else None
    first = blocks[0]
    if first == "IGO":
        if "UNO" in blocks:
            return "UNO"
        if "EEC" in blocks:
            return "EUR"
        return "IGO"
    if first in _PLOVER_NONSTATE:
        return _PLOVER_NONSTATE[first]
    if first == "KSV":
        return "KOS"  # the PLOVER manual's code for Kosovo
    return first if first in _codes().states else None  # regions (WST, AFR, ...) get no country


def _plover_sectors(actor: Actor) -> list[str]:
    """The PLOVER sector codes of an actor's type/role blocks (CAMEO MED media -> JRN, HLH -> MED, ...)."""
    sectors: list[str] = []
    for block in _blocks(actor.code)[1:]:
        if _codes().table.get(block) != "type/role" or block in _NOT_SECTORS:
            continue
        sector = _PLOVER_SECTOR.get(block, block)
        if sector not in sectors:
            sectors.append(sector)
    return sectors


def _plover_entity(actor: Actor) -> dict[str, Any]:
    country = _plover_country(actor)
    sectors = _plover_sectors(actor)
    entity: dict[str, Any] = {
        "code": country,
        "sector": sectors[0] if sectors else None,
        "entity_text": actor.text or None,
        "identifier_id": actor.entity_id,
        "identifier_text": actor.name,
        # dyad's own fields (the manual allows named fields beyond its list)
        "country_name": country_name(country) if country else None,
        "other_sector_codes": sectors[1:],
        "cameo_code": actor.code,
    }
    return entity


def _plover_location(location: Location) -> dict[str, Any]:
    resolution = {"country": 1, "admin": 2, "city": 4}.get(location.kind or "")
    return {
        "resolved_place": location.name,
        "lat": location.lat,
        "lon": location.lon,
        "city": location.name if location.kind == "city" else None,
        "province": location.name if location.kind == "admin" else None,
        "country": country_name(location.country) if location.country else None,
        "country_code": location.country,
        "resolution": resolution,
    }


def plover_record(
    event: Event, *, documents: Mapping[str, Mapping[str, Any]] | None = None, include_text: bool = False
) -> dict[str, Any] | None:
    """One event as a PLOVER JSON record, or None when it has no PLOVER category or no date."""
    day = event_day(event)
    if not event.plover or day is None:
        return None
    context = list(_plover_contexts().get(event.cameo, ()))
    if event.modality in _AUXILIARY:
        context.append(_AUXILIARY[event.modality])
    text_info: dict[str, Any] = {"sequence": event.sentence_index, "start": event.span[0], "end": event.span[1]}
    cite_info = {
        "citation": event.doc_id,
        "url": _doc_value(documents, event.doc_id, "url"),
        "title": _doc_value(documents, event.doc_id, "title"),
        "publication": _doc_value(documents, event.doc_id, "publisher")
        or _doc_value(documents, event.doc_id, "source"),
        "coder": f"dyad {event.dyad_version}".strip(),
    }
    record: dict[str, Any] = {
        "id": event.event_id,
        "date": day.isoformat(),
        "actor": [_plover_entity(event.source)] if event.source else [],
        "recipient": [_plover_entity(event.target)] if event.target else [],
        "event": [event.plover],
        "mode": [event.plover_mode] if event.plover_mode else [],
        "context": context,
        "quad_code": PLOVER_QUAD.get(event.plover),
        "event_loc": _plover_location(event.location) if event.location else None,
        "event_text": [event.trigger.text] if event.trigger else [],
        "text_info": text_info,
        "cite_info": {k: v for k, v in cite_info.items() if v is not None},
        "coder": f"dyad {event.dyad_version}".strip(),
        # dyad's own fields
        "doc_id": event.doc_id,
        "date_precision": event.date_precision,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "confidence": event.confidence,
        "mentions": event.mentions,
    }
    if include_text:
        record["text"] = event.sentence
    return record


def write_plover(
    events: Iterable[Event],
    out: str | Path,
    *,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    include_text: bool = False,
) -> ExportCounts:
    """Write PLOVER records as JSON lines (the manual's "Data Fields" chapter).

    Fields: ``id``, ``date`` (YYYY-MM-DD), ``actor``/``recipient`` (lists of entity objects: ``code`` is
    the ISO3 country or one of the manual's non-state codes IGO/UNO/EUR/NGO/MNC/IMG, null for regions;
    ``sector`` the first type/role block in PLOVER's naming (CAMEO MED media -> JRN, HLH health -> MED,
    INS/SEP -> REB), the rest in ``other_sector_codes``; ``entity_text``, ``identifier_id``,
    ``identifier_text``; dyad adds ``country_name`` and the full ``cameo_code``),
    ``event``, ``mode`` and ``context`` (lists; dyad modality negated/hypothetical/intended adds the
    auxiliary mode negation/hypothetical/future to ``context``), ``quad_code`` (the manual's quad table,
    which can differ from CAMEO's QuadClass), ``event_loc``, ``event_text`` (the trigger), ``text_info``,
    ``cite_info``, ``coder``; then dyad's own named fields (``doc_id``, ``cameo``, ``goldstein``, ...).
    ``text`` (the sentence) only with ``include_text``: the manual fills it only when the coder holds
    the rights to the text. Events without a PLOVER category (CAMEO 01x and others) are skipped and
    counted (``skipped["no PLOVER category"]``).
    """
    counts = ExportCounts()
    with _open(out) as fh:
        for event in events:
            if not event.plover:
                counts.skipped["no PLOVER category"] += 1
                continue
            record = plover_record(event, documents=documents, include_text=include_text)
            if record is None:
                counts.skipped["no date"] += 1
                continue
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
            fh.write("\n")
            counts.written += 1
    _log(counts, "plover", out)
    return counts


# ------------------------------------------------------------------------------------------ entry point


def _log(counts: ExportCounts, fmt: str, out: str | Path) -> None:
    for reason, n in sorted(counts.skipped.items()):
        log.info("%s export to %s: skipped %d event(s): %s", fmt, out, n, reason)


def export_events(
    events: Iterable[Event],
    fmt: ExportFormat,
    out: str | Path,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    **options: Any,
) -> int:
    """Write ``events`` to ``out`` in ``fmt`` (gdelt, icews or plover); returns the rows written.

    ``options`` go to the format's writer (``header``/``date_added`` for gdelt, ``delimiter`` for
    icews, ``include_text`` for plover).
    """
    if fmt == "gdelt":
        return write_gdelt(events, out, documents=documents, **options).written
    if fmt == "icews":
        return write_icews(events, out, documents=documents, **options).written
    if fmt == "plover":
        return write_plover(events, out, documents=documents, **options).written
    raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
