"""Build src/dyad/data/actors/people.tsv: people with dated roles.

Sources, in order of authority (a later one corrects an earlier one):

1. The Phoenix actor dictionaries (PETRARCH/TABARI format, MIT, (c) 2014 Open Event Data Alliance),
   read with :mod:`dyad.actors.petrarch`: about 18,000 people with dated roles up to early 2014.
2. Dated leader spells of heads of state or government from REIGN (leaderlist, to March 2021) and
   Archigos 4.1 (to 2015) for spells that run into 2014 or later, in countries that the curated file
   does not cover. REIGN and Archigos mostly give surnames: a spell is attached to a Phoenix person
   of the same country whose name contains the leader's name and who was active within ten years of
   it; a full name (Archigos ``dbpedia_name`` or a multi-word leader field) may create a new person;
   a surname that matches nobody (or several people) is reported and skipped, never invented.
3. ``people_curated.tsv`` (hand-written, public record, ``source`` = ``public-record``): heads of
   state and government, foreign and defence ministers and other prominent officials 2010-2026.
   A curated person takes over the Phoenix person of the same country and name (the curated id and
   name win, Phoenix spellings become aliases); the Phoenix rows of that person that the curated rows
   supersede are dropped or clipped (see ``reconcile``).

Dates are half-open everywhere: ``start`` inclusive, ``end`` exclusive (the day the role ended, which is
usually the successor's first day). REIGN gives end months only: the end is the successor's start when
that falls in the same month, else the first day of the following month.

Usage: python scripts/import_phoenix.py [--shared ../shared] [--out src/dyad/data/actors] [--report]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.actors import petrarch  # noqa: E402
from dyad.datafiles import parse_iso_date, read_tsv  # noqa: E402
from dyad.errors import DictionaryError  # noqa: E402

PEOPLE_SCHEMA = "dyad-people/1"
PEOPLE_COLUMNS = petrarch.SCHEMA_COLUMNS[PEOPLE_SCHEMA]
PHOENIX_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
# REIGN/Archigos spells that end before this day are not imported (Phoenix covers them).
SPELLS_FROM = date(2014, 1, 1)
# Roles in the curated file that make its country "covered" (REIGN/Archigos are then not used there).
HEAD_ROLES = (
    "president",
    "prime minister",
    "chancellor",
    "king",
    "queen",
    "emperor",
    "supreme leader",
    "premier",
    "head of state",
    "emir",
    "general secretary",
)
# Kinakuta (KNT) is the fictitious country of the TABARI/PETRARCH validation suite, not a real state.
FICTITIOUS_PREFIXES = ("KNT",)
PHOENIX_NOTICE = [
    "Includes data from the Phoenix dictionaries, MIT licence, (c) 2014 Open Event Data Alliance",
    "",
    "The MIT License (MIT) -- for the Phoenix-derived rows (source = phoenix)",
    "Copyright (c) 2014 Open Event Data Alliance",
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and",
    'associated documentation files (the "Software"), to deal in the Software without restriction,',
    "including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,",
    "and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,",
    "subject to the following conditions:",
    "The above copyright notice and this permission notice shall be included in all copies or substantial",
    "portions of the Software.",
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT',
    "LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN",
    "NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,",
    "WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE",
    "SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.",
]
CITATIONS = [
    "REIGN (source = reign): Bell, Curtis, Clayton Besaw and Matthew Frank. 2021. The Rulers, Elections,",
    "and Irregular Governance (REIGN) Dataset. Broomfield, CO: One Earth Future.",
    "Available at https://oefdatascience.github.io/REIGN.github.io/ (leaderlist of March 2021).",
    "Archigos (source = archigos): Goemans, Hein E., Kristian Skrede Gleditsch and Giacomo Chiozza. 2009.",
    '"Introducing Archigos: A Dataset of Political Leaders". Journal of Peace Research 46(2): 269-283.',
    "Data: ARCHIGOS, A Data Set on Leaders 1875-2015, version 4.1 (2016),",
    "https://www.rochester.edu/college/faculty/hgoemans/data.htm",
]

# Correlates of War state numbers (REIGN ``ccode``, Archigos ``ccode``) -> ISO 3166 alpha-3.
# fmt: off
COW_TO_ISO: dict[int, str] = {
    2: "USA", 20: "CAN", 31: "BHS", 40: "CUB", 41: "HTI", 42: "DOM", 51: "JAM", 52: "TTO", 53: "BRB",
    54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 70: "MEX", 80: "BLZ", 90: "GTM",
    91: "HND", 92: "SLV", 93: "NIC", 94: "CRI", 95: "PAN", 100: "COL", 101: "VEN", 110: "GUY",
    115: "SUR", 130: "ECU", 135: "PER", 140: "BRA", 145: "BOL", 150: "PRY", 155: "CHL", 160: "ARG",
    165: "URY", 200: "GBR", 205: "IRL", 210: "NLD", 211: "BEL", 212: "LUX", 220: "FRA", 221: "MCO",
    223: "LIE", 225: "CHE", 230: "ESP", 232: "AND", 235: "PRT", 255: "DEU", 260: "DEU", 290: "POL",
    305: "AUT", 310: "HUN", 316: "CZE", 317: "SVK", 325: "ITA", 331: "SMR", 338: "MLT", 339: "ALB",
    340: "SRB", 341: "MNE", 343: "MKD", 344: "HRV", 345: "SRB", 346: "BIH", 347: "KSV", 349: "SVN",
    350: "GRC", 352: "CYP", 355: "BGR", 359: "MDA", 360: "ROU", 365: "RUS", 366: "EST", 367: "LVA",
    368: "LTU", 369: "UKR", 370: "BLR", 371: "ARM", 372: "GEO", 373: "AZE", 375: "FIN", 380: "SWE",
    385: "NOR", 390: "DNK", 395: "ISL", 402: "CPV", 403: "STP", 404: "GNB", 411: "GNQ", 420: "GMB",
    432: "MLI", 433: "SEN", 434: "BEN", 435: "MRT", 436: "NER", 437: "CIV", 438: "GIN", 439: "BFA",
    450: "LBR", 451: "SLE", 452: "GHA", 461: "TGO", 471: "CMR", 475: "NGA", 481: "GAB", 482: "CAF",
    483: "TCD", 484: "COG", 490: "COD", 500: "UGA", 501: "KEN", 510: "TZA", 516: "BDI", 517: "RWA",
    520: "SOM", 522: "DJI", 530: "ETH", 531: "ERI", 540: "AGO", 541: "MOZ", 551: "ZMB", 552: "ZWE",
    553: "MWI", 560: "ZAF", 565: "NAM", 570: "LSO", 571: "BWA", 572: "SWZ", 580: "MDG", 581: "COM",
    590: "MUS", 591: "SYC", 600: "MAR", 615: "DZA", 616: "TUN", 620: "LBY", 625: "SDN", 626: "SSD",
    630: "IRN", 640: "TUR", 645: "IRQ", 651: "EGY", 652: "SYR", 660: "LBN", 663: "JOR", 666: "ISR",
    670: "SAU", 678: "YEM", 679: "YEM", 690: "KWT", 692: "BHR", 694: "QAT", 696: "ARE", 698: "OMN",
    700: "AFG", 701: "TKM", 702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ", 710: "CHN", 712: "MNG",
    713: "TWN", 731: "PRK", 732: "KOR", 740: "JPN", 750: "IND", 760: "BTN", 770: "PAK", 771: "BGD",
    775: "MMR", 780: "LKA", 781: "MDV", 790: "NPL", 800: "THA", 811: "KHM", 812: "LAO", 816: "VNM",
    820: "MYS", 830: "SGP", 835: "BRN", 840: "PHL", 850: "IDN", 860: "TLS", 900: "AUS", 910: "PNG",
    920: "NZL", 935: "VUT", 940: "SLB", 946: "KIR", 947: "TUV", 950: "FJI", 955: "TON", 970: "NRU",
    983: "MHL", 986: "PLW", 987: "FSM", 990: "WSM",
}
# fmt: on
# Successor states and their independence days. Phoenix may file one person twice: under the state that
# split, with a role left open, and under the new state from its independence ("Salva Kiir", SDNGOV from
# 2005, and "Salva Kiir Mayardit", SSDGOV from 2011). The old state's open rows shadow the new state's
# (both names match); ``merge_successors`` makes them one person whose old-state rows end at independence.
SUCCESSOR_STATES: dict[str, tuple[str, date]] = {
    "SSD": ("SDN", date(2011, 7, 9)),
    "KSV": ("SRB", date(2008, 2, 17)),
    "MNE": ("SRB", date(2006, 6, 3)),
}
_NAME_PARTICLES = {"ould", "bin", "ibn", "al", "el", "de", "da", "van", "von", "abu", "ben", "le", "la"}


# ---------------------------------------------------------------------------------------------- model
@dataclass
class Spell:
    """One dated role row."""

    code: str
    role: str
    start: date | None
    end: date | None  # exclusive
    source: str

    def overlaps(self, start: date | None, end: date | None) -> bool:
        return (self.start or date.min) < (end or date.max) and (start or date.min) < (self.end or date.max)


@dataclass
class Person:
    """A person and their role rows."""

    entity_id: str
    name: str
    aliases: list[str]
    country: str
    spells: list[Spell] = field(default_factory=list)
    curated: bool = False

    def name_keys(self) -> set[str]:
        """Name keys (case, accents, punctuation and titles removed) of the name and aliases."""
        return {k for k in (petrarch.name_key(n) for n in [self.name, *self.aliases]) if k}

    def add_alias(self, alias: str) -> None:
        seen = {_surface(x) for x in [self.name, *self.aliases]}
        if alias.strip() and _surface(alias) not in seen:
            self.aliases.append(alias.strip())


@dataclass
class LeaderSpell:
    """A head of state/government spell from REIGN or Archigos."""

    country: str
    leader: str
    full_name: str | None
    start: date
    end: date | None
    source: str


def _surface(text: str) -> str:
    return " ".join(text.lower().split())


def _date(value: str) -> date | None:
    iso = parse_iso_date(value) if value else None
    return date.fromisoformat(iso) if iso else None


# ---------------------------------------------------------------------------------------------- input
def load_phoenix(phoenix_dir: Path, warnings: list[petrarch.ParseWarning]) -> list[Person]:
    """People from the Phoenix actor files, grouped by entity id."""
    actors: list[petrarch.PetrarchActor] = []
    for name in PHOENIX_FILES:
        actors.extend(petrarch.parse_actor_file(phoenix_dir / name, warnings=warnings))
    rows, _orgs = petrarch.actors_to_rows(actors, source="phoenix")
    rows = [r for r in rows if not r["code"].startswith(FICTITIOUS_PREFIXES)]
    return _group(rows, curated=False)


def load_curated(path: Path) -> list[Person]:
    """People from the hand-curated file (checked against the dyad-people/1 schema)."""
    table = read_tsv(path, PEOPLE_SCHEMA, PEOPLE_COLUMNS)
    rows: list[dict[str, str]] = []
    for row in table.rows:
        values = dict(row.values)
        for col in ("entity_id", "name", "country", "code"):
            if not values.get(col):
                raise DictionaryError(table.path, row.line, f"curated row needs {col}")
        for col in ("start", "end"):
            if values.get(col) and parse_iso_date(values[col]) is None:
                raise DictionaryError(table.path, row.line, f"bad {col} date {values[col]!r}")
        start, end = _date(values.get("start", "")), _date(values.get("end", ""))
        if start and end and end <= start:
            raise DictionaryError(table.path, row.line, f"end {end} is not after start {start}")
        rows.append(values)
    return _group(rows, curated=True)


def _group(rows: Iterable[dict[str, str]], *, curated: bool) -> list[Person]:
    people: dict[str, Person] = {}
    for row in rows:
        eid = row["entity_id"]
        person = people.get(eid)
        if person is None:
            person = Person(eid, row["name"], [], row.get("country", ""), curated=curated)
            people[eid] = person
        for alias in (row.get("aliases") or "").split("|"):
            person.add_alias(alias)
        person.spells.append(
            Spell(
                row["code"],
                row.get("role", ""),
                _date(row.get("start", "")),
                _date(row.get("end", "")),
                row.get("source") or ("public-record" if curated else "phoenix"),
            )
        )
    return list(people.values())


def load_reign(path: Path) -> list[LeaderSpell]:
    """REIGN leader spells (any country) that run into 2014 or later."""
    spells: list[LeaderSpell] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        iso = COW_TO_ISO.get(int(row["ccode"])) if row["ccode"].strip().isdigit() else None
        if iso:
            by_country[iso].append(row)
    for iso, items in by_country.items():
        starts = sorted(d for d in (_ymd(r["syear"], r["smonth"], r["sdate"]) for r in items) if d is not None)
        for row in items:
            start = _ymd(row["syear"], row["smonth"], row["sdate"])
            if start is None:
                continue
            end: date | None = None
            if row["eyear"].strip():
                ey, em = int(row["eyear"]), int(row["emonth"] or 12)
                successor = [s for s in starts if s > start and (s.year, s.month) == (ey, em)]
                end = successor[0] if successor else (date(ey + 1, 1, 1) if em == 12 else date(ey, em + 1, 1))
                if end < SPELLS_FROM:
                    continue
            leader = _clean_leader(row["leader"])
            if leader:
                spells.append(LeaderSpell(iso, leader, None, start, end, "reign"))
    return spells


def load_archigos(path: Path) -> list[LeaderSpell]:
    """Archigos spells that run into 2014 or later (a 2015-12-31 end "still in office" is open)."""
    spells: list[LeaderSpell] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            iso = COW_TO_ISO.get(int(row["ccode"])) if row["ccode"].strip().isdigit() else None
            start, end = _date(row["startdate"]), _date(row["enddate"])
            if not iso or start is None:
                continue
            if "still in office" in (row.get("exit") or "").lower():
                end = None
            if end is not None and end < SPELLS_FROM:
                continue
            leader = _clean_leader(row["leader"])
            full = (row.get("dbpedia_name") or "").strip() or None
            if leader or full:
                spells.append(LeaderSpell(iso, leader or (full or ""), full, start, end, "archigos"))
    return spells


def _ymd(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        return None


def _clean_leader(text: str) -> str:
    """A leader field without notes: "Evans Paul (acting)" -> "Evans Paul"; co-leaders are dropped."""
    text = re.sub(r"\([^)]*\)", " ", text or "")
    text = " ".join(text.split()).strip(" .,")
    if " and " in f" {text.lower()} " or "/" in text or "&" in text:
        return ""
    return text


def combine_spells(reign: list[LeaderSpell], archigos: list[LeaderSpell]) -> list[LeaderSpell]:
    """One spell per tenure: an Archigos spell within 45 days of a REIGN spell of the same leader joins it.

    The joined spell keeps REIGN's end (Archigos stops in 2015), Archigos' full name and its start day.
    """
    out: list[LeaderSpell] = []
    used: set[int] = set()
    for r in reign:
        match = None
        for i, a in enumerate(archigos):
            if i in used or a.country != r.country or abs((a.start - r.start).days) > 45:
                continue
            a_last, r_last = _tokens(a.leader)[-1:], _tokens(r.leader)[-1:]
            if (
                a_last == r_last
                or (a_last and r_last and _similar(a_last[0], r_last[0]))
                or _contains(_tokens(a.full_name or ""), _tokens(r.leader))
            ):
                match = i
                break
        if match is None:
            out.append(r)
            continue
        used.add(match)
        a = archigos[match]
        end = r.end if (a.end is None or r.end is None or r.end > a.end) else a.end
        if a.end is not None and r.end is not None and abs((a.end - r.end).days) <= 45:
            end = a.end
        out.append(LeaderSpell(r.country, r.leader, a.full_name, a.start, end, "archigos" if end == a.end else "reign"))
    out.extend(a for i, a in enumerate(archigos) if i not in used)
    return out


def _tokens(text: str) -> list[str]:
    """Name words for matching: lower case, no accents or punctuation, "ibn" read as "bin"."""
    return ["bin" if t == "ibn" else t for t in petrarch.name_key(text).split() if t]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """All needle tokens occur in haystack in order, the last one as a whole token."""
    if not needle:
        return False
    it = iter(haystack)
    return all(any(tok == h for h in it) for tok in needle)


# ---------------------------------------------------------------------------------------------- merging
def attach_curated(phoenix: list[Person], curated: list[Person], report: list[str]) -> list[Person]:
    """Merge each curated person with the Phoenix people of the same country and name."""
    by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
    by_ends: dict[tuple[str, str, str], list[tuple[list[str], Person]]] = defaultdict(list)
    for p in phoenix:
        for k in p.name_keys():
            by_key[(p.country, k)].append(p)
            toks = k.split()
            if len(toks) >= 3:
                by_ends[(p.country, toks[0], toks[-1])].append((toks, p))
    absorbed: set[str] = set()
    for c in curated:
        matches: dict[str, Person] = {}
        for k in c.name_keys():
            for p in by_key.get((c.country, k), []) + by_key.get(("", k), []):
                if p.entity_id not in absorbed:
                    matches[p.entity_id] = p
            # "William Hague" is Phoenix's "William Jefferson Hague": same first and last word, and the
            # curated words in order, with at most two middle names more.
            toks = k.split()
            if len(toks) >= 2:
                for ptoks, p in by_ends.get((c.country, toks[0], toks[-1]), []):
                    if len(ptoks) - len(toks) in (1, 2) and _contains(ptoks, toks) and p.entity_id not in absorbed:
                        matches[p.entity_id] = p
        for p in matches.values():
            absorbed.add(p.entity_id)
            c.add_alias(p.name)
            for a in p.aliases:
                c.add_alias(a)
            reconcile(c, p.spells)
        if len(matches) > 1:
            report.append(f"curated {c.entity_id} joins Phoenix {', '.join(sorted(matches))}")
        elif not matches:
            report.append(f"curated {c.entity_id} has no Phoenix entry")
    curated_ids = {c.entity_id for c in curated}
    rest = [p for p in phoenix if p.entity_id not in absorbed]
    for p in rest:  # a Phoenix id that a different curated person took
        if p.entity_id in curated_ids:
            new = f"{p.entity_id}_{p.country.lower()}" if p.country else f"{p.entity_id}_2"
            report.append(f"Phoenix {p.entity_id} renamed {new} (id taken by a curated person)")
            p.entity_id = new
    return curated + rest


def merge_successors(people: list[Person], report: list[str]) -> list[Person]:
    """Merge a person of a state that split into the same-named person of its successor state
    (``SUCCESSOR_STATES``): the old state's rows, ended at independence when still open then, and the
    name become the successor person's; the old-state person is dropped."""
    by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for p in people:
        for k in p.name_keys():
            by_key[(p.country, k)].append(p)
    merged: set[int] = set()
    for new_state, (old_state, independence) in SUCCESSOR_STATES.items():
        for p in people:
            if p.country != old_state or id(p) in merged:
                continue
            heirs = {id(q): q for k in p.name_keys() for q in by_key.get((new_state, k), [])}
            if len(heirs) != 1:
                continue  # nobody, or several namesakes: leave both alone
            (heir,) = heirs.values()
            for sp in p.spells:
                end = sp.end
                if (sp.start or date.min) < independence < (end or date.max):
                    end = independence
                heir.spells.append(Spell(sp.code, sp.role, sp.start, end, sp.source))
            heir.add_alias(p.name)
            for alias in p.aliases:
                heir.add_alias(alias)
            merged.add(id(p))
            report.append(f"{p.entity_id} ({old_state}) merged into {heir.entity_id} ({new_state}) at {independence}")
    return [p for p in people if id(p) not in merged]


def reconcile(person: Person, phoenix_spells: list[Spell]) -> None:
    """Add Phoenix rows to a person whose curated (or leader-list) rows are authoritative.

    - undated Phoenix rows are dropped (the dated rows say more);
    - an open-ended Phoenix row is clipped at the end of the authoritative row with the same code that
      covers its start (or starts within 120 days of it); failing that, when every authoritative row
      has ended, at the last of those ends (the newer source says the person's last role ended then);
    - a Phoenix row whose days all lie inside authoritative rows is dropped (whatever its code: the
      curated rows say what the person did then).
    """
    auth = list(person.spells)
    all_ended = all(s.end is not None for s in auth)
    last_end = max((s.end for s in auth if s.end is not None), default=None)
    for sp in phoenix_spells:
        if sp.start is None and sp.end is None:
            continue
        start, end = sp.start, sp.end
        if end is None and start is not None:
            same = [
                a
                for a in auth
                if a.code == sp.code
                and a.end is not None
                and ((a.start or date.min) <= start < a.end or abs(((a.start or date.min) - start).days) <= 120)
            ]
            if same:
                end = max(a.end for a in same if a.end is not None)
            elif all_ended and last_end is not None and start < last_end:
                end = last_end
        if end is not None and start is not None and end <= start:
            continue
        clipped = Spell(sp.code, sp.role, start, end, sp.source)
        if _covered(clipped, auth):
            continue
        person.spells.append(clipped)


def _covered(sp: Spell, others: list[Spell]) -> bool:
    """True when every day of ``sp`` lies in the union of ``others``."""
    cursor = sp.start or date.min
    stop = sp.end or date.max
    for o in sorted(others, key=lambda o: o.start or date.min):
        if (o.start or date.min) > cursor:
            break
        cursor = max(cursor, o.end or date.max)
        if cursor >= stop:
            return True
    return cursor >= stop


def attach_leaders(
    people: list[Person], spells: list[LeaderSpell], covered_countries: set[str], report: list[str]
) -> list[Person]:
    """Attach leader spells to known people (surname + country + time), or to new full-named people."""
    by_country: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_country[p.country].append(p)
    ids = {p.entity_id for p in people}
    new_people: dict[tuple[str, str], Person] = {}
    for sp in sorted(spells, key=lambda s: (s.country, s.start)):
        if sp.country in covered_countries:
            continue
        person = _match_leader(
            sp, by_country.get(sp.country, []) + [p for (c, _), p in new_people.items() if c == sp.country]
        )
        if person is None:
            full = sp.full_name or (sp.leader if _is_full_name(sp.leader) else None)
            if full is None:
                report.append(f"unmatched {sp.source} leader {sp.leader!r} ({sp.country}, {sp.start}); skipped")
                continue
            if not sp.full_name and _surname_clash(sp, by_country.get(sp.country, [])):
                # "Santos Calderon" may be two surnames of Phoenix's "Juan Manuel Santos": neither a
                # safe match nor a safe new person.
                report.append(f"ambiguous {sp.source} leader {sp.leader!r} ({sp.country}, {sp.start}); skipped")
                continue
            key = (sp.country, petrarch.name_key(full))
            person = new_people.get(key)
            if person is None:
                eid = _unique_id(f"person:{petrarch.slugify(full)}", sp.country, ids)
                person = Person(eid, full, [], sp.country)
                new_people[key] = person
                report.append(f"new person {eid} from {sp.source} ({full})")
        leader_row = Spell(f"{sp.country}GOV", "head of state or government", sp.start, sp.end, sp.source)
        if any(
            s.code == leader_row.code and s.source != "phoenix" and s.overlaps(leader_row.start, leader_row.end)
            for s in person.spells
        ):
            continue  # a curated or earlier leader row already covers this tenure
        phoenix_rows = [s for s in person.spells if s.source == "phoenix"]
        person.spells = [s for s in person.spells if s.source != "phoenix"] + [leader_row]
        _clip_to_leader(person, phoenix_rows, leader_row)
    return people + list(new_people.values())


def _clip_to_leader(person: Person, phoenix_rows: list[Spell], leader: Spell) -> None:
    """Put back a person's Phoenix rows, ending at the leader spell's end an open government row
    (``<country>GOV...``) that began before that end: the leader list is newer than Phoenix and says
    the person's time at the top ended then (Phoenix, from 2014, cannot know)."""
    for sp in phoenix_rows:
        end = sp.end
        if (
            end is None
            and sp.start is not None
            and leader.end is not None
            and sp.code.startswith(leader.code)
            and sp.start < leader.end
        ):
            end = leader.end
        clipped = Spell(sp.code, sp.role, sp.start, end, sp.source)
        if sp.code == leader.code and _covered(clipped, [leader]):
            continue
        person.spells.append(clipped)


def _surname_clash(sp: LeaderSpell, candidates: list[Person]) -> bool:
    """True when a word of a multi-word leader field, other than its last, is someone's surname."""
    words = _tokens(sp.leader)[:-1]
    window_start = sp.start - timedelta(days=3653)
    return any(
        n and n[-1] in words and len(n[-1]) >= 3
        for p in candidates
        if any(s.overlaps(window_start, sp.end) for s in p.spells)
        for n in (_tokens(x) for x in [p.name, *p.aliases])
    )


def _match_leader(sp: LeaderSpell, candidates: list[Person]) -> Person | None:
    """The one known person a leader spell names, or None when there is none or several.

    Tiers: the full name (4); all of the leader's words in order inside a name (3); the leader's last
    word equal to a name's last word, the surname (2); the same up to spelling (difflib ratio >= 0.85, 1);
    the first of two words equal to a name's last word (0, Spanish double surnames; only for someone
    holding a GOV row during the spell).
    Below tier 4 the person must have a row within ten years before the spell (or during it), unless
    they are the only candidate at all. Someone holding a GOV row during the spell is preferred, then
    the one whose GOV row starts nearest the spell's start; a remaining tie matches nobody.
    """
    want_full = _tokens(sp.full_name) if sp.full_name else None
    want = _tokens(sp.leader)
    significant = [t for t in want if len(t) >= 3 and t not in _NAME_PARTICLES]
    if not want:
        return None
    window_start = sp.start - timedelta(days=3653)
    window_end = sp.end or date.max
    scored: list[tuple[tuple[bool, bool, bool, int, int], Person]] = []
    for p in candidates:
        names = [n for n in (_tokens(x) for x in [p.name, *p.aliases]) if n]
        if any(n == want_full for n in names) or (len(want) >= 2 and any(n == want for n in names)):
            tier = 4
        elif any(_contains(n, want) for n in names):
            tier = 3
        elif want[-1] in significant and any(n[-1] == want[-1] and _agrees(n, want) for n in names):
            tier = 2
        elif want[-1] in significant and any(_similar(n[-1], want[-1]) and _agrees(n, want) for n in names):
            tier = 1
        elif len(want) == 2 and want[0] in significant and any(n[-1] == want[0] for n in names):
            tier = 0  # "Santos Calderon": paternal and maternal surnames, the first one in use
        else:
            continue
        active = not p.spells or any(s.overlaps(window_start, window_end) for s in p.spells)
        strict = any(s.overlaps(sp.start, sp.end) and s.code.endswith("GOV") for s in p.spells)
        # Closest start of a GOV row to the spell's start (ties between namesakes, e.g. father and son).
        near = min(
            (abs(((s.start or date.min) - sp.start).days) for s in p.spells if s.code.endswith("GOV")),
            default=10**6,
        )
        scored.append(((tier == 4, strict, active, tier, -min(near, 10**6)), p))
    if not scored:
        return None
    top = max(key for key, _ in scored)
    tops = [p for key, p in scored if key == top]
    if len(tops) != 1:
        return None
    full_hit, strict, active, tier, _near = top
    if tier == 0:
        return tops[0] if strict else None
    if full_hit or active or (len(scored) == 1 and tier >= 2):
        return tops[0]
    return None


def _similar(a: str, b: str, threshold: float = 0.87) -> bool:
    """Two names that differ only in spelling ("afewerki", "afeworki"; "nazarbaev", "nazarbayev")."""
    return (
        len(a) >= 5
        and len(b) >= 5
        and a[0] == b[0]
        and abs(len(a) - len(b)) <= 1
        and SequenceMatcher(None, a, b).ratio() >= threshold
    )


def _agrees(name: list[str], leader: list[str]) -> bool:
    """A leader field's words before the surname ("Sadyr" in "Sadyr Japarov") occur in the name,
    allowing for spelling ("Ilhma Aliyev" is Ilham Aliyev); a surname alone always agrees."""
    return all(
        any(
            t == w
            or (len(t) == 1 and w.startswith(t))  # an initial: "E. Kenny"
            or (len(t) >= 4 and SequenceMatcher(None, t, w).ratio() >= 0.75)
            for w in name[:-1]
        )
        for t in leader[:-1]
        if t not in _NAME_PARTICLES
    )


def _is_full_name(text: str) -> bool:
    words = text.split()
    return (
        len(words) >= 2
        and words[0].lower() not in _NAME_PARTICLES
        and words[0][:1].isupper()
        and not any(w.endswith(".") for w in words)
    )


def _unique_id(base: str, country: str, ids: set[str]) -> str:
    for cand in (base, f"{base}_{country.lower()}"):
        if cand not in ids:
            ids.add(cand)
            return cand
    n = 2
    while f"{base}_{country.lower()}_{n}" in ids:
        n += 1
    ids.add(f"{base}_{country.lower()}_{n}")
    return f"{base}_{country.lower()}_{n}"


def load_vocabulary(actors_dir: Path) -> set[str]:
    """The known 3-letter CAMEO parts: actor_codes.tsv and the country codes (empty when missing)."""
    vocab: set[str] = set()
    for name, schema in (("actor_codes.tsv", "dyad-actor-codes/1"), ("countries.tsv", "dyad-countries/1")):
        path = actors_dir / name
        if path.exists():
            vocab |= {r.get("code") for r in read_tsv(path, schema, ("code",), strict=False).rows}
    return vocab


def known_code(code: str, vocab: set[str]) -> str | None:
    """The code cut before its first part that ``dyad dict lint`` would not know (``IGOAFRAFU`` ->
    ``IGOAFR``), or None when less than two known parts are left. Unchanged without a vocabulary."""
    if not vocab:
        return code
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    known: list[str] = []
    for part in parts:
        if part not in vocab:
            break
        known.append(part)
    if len(known) == len(parts):
        return code
    return "".join(known) if len(known) >= 2 else None


def restrict_codes(person: Person, vocab: set[str], report: list[str]) -> None:
    """Apply :func:`known_code` to a person's rows, reporting each change."""
    rows: list[Spell] = []
    for s in person.spells:
        code = known_code(s.code, vocab)
        if code != s.code:
            report.append(f"{person.entity_id}: code {s.code} has parts outside the CAMEO vocabulary -> {code}")
        if code:
            rows.append(Spell(code, s.role, s.start, s.end, s.source))
    person.spells = rows


def _several_words(name: str) -> bool:
    """True for a name of two or more words once titles are removed, or an acronym ("JFK")."""
    return name.isupper() or len(petrarch.strip_titles(name.split(), keep=1)) > 1


def tidy(person: Person) -> None:
    """Sort rows; drop exact duplicates and dated ``<country>ELI`` rows (dyad's own fallback)."""
    seen: set[tuple[str, date | None, date | None]] = set()
    rows: list[Spell] = []
    eli = f"{person.country}ELI" if person.country else None
    for s in sorted(person.spells, key=lambda s: (s.start or date.min, s.code, s.source)):
        k = (s.code, s.start, s.end)
        if k in seen or (s.code == eli and s.source != "public-record"):
            continue
        seen.add(k)
        rows.append(s)
    if not rows and person.spells and eli:
        rows = [Spell(eli, "elite", None, None, person.spells[0].source)]
    person.spells = rows


# ---------------------------------------------------------------------------------------------- output
def to_rows(people: list[Person]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for p in sorted(people, key=lambda p: (p.country, p.entity_id)):
        for i, s in enumerate(p.spells):
            rows.append(
                {
                    "entity_id": p.entity_id,
                    "name": p.name,
                    "aliases": "|".join(p.aliases) if i == 0 else "",
                    "country": p.country,
                    "code": s.code,
                    "role": s.role,
                    "start": s.start.isoformat() if s.start else "",
                    "end": s.end.isoformat() if s.end else "",
                    "source": s.source,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared inputs directory")
    ap.add_argument("--out", default=str(ROOT / "src" / "dyad" / "data" / "actors"), help="output directory")
    ap.add_argument("--curated", default=None, help="curated people file (default: <out>/people_curated.tsv)")
    ap.add_argument("--version", default=None, help="version written in the header (default: today)")
    ap.add_argument("--report", action="store_true", help="list unmatched leaders and other decisions")
    args = ap.parse_args(argv)

    shared = Path(args.shared)
    actors_dir = shared / "actors"
    out_dir = Path(args.out)
    if not out_dir.is_absolute():
        out_dir = ROOT / out_dir
    curated_path = Path(args.curated) if args.curated else out_dir / "people_curated.tsv"
    for needed in (actors_dir / "phoenix", curated_path):
        if not needed.exists():
            print(f"error: {needed} not found", file=sys.stderr)
            return 2

    warnings: list[petrarch.ParseWarning] = []
    report: list[str] = []
    phoenix = merge_successors(load_phoenix(actors_dir / "phoenix", warnings), report)
    curated = load_curated(curated_path)
    people = attach_curated(phoenix, curated, report)

    covered = {
        p.country
        for p in curated
        if any(s.role.lower().startswith(HEAD_ROLES) for s in p.spells if s.code == f"{p.country}GOV")
    }
    spells: list[LeaderSpell] = []
    reign_csv = actors_dir / "reign" / "leaderlist_3_21.csv"
    archigos_csv = actors_dir / "archigos" / "archigos_4.1_leaders.csv"
    if reign_csv.exists() or archigos_csv.exists():
        spells = combine_spells(
            load_reign(reign_csv) if reign_csv.exists() else [],
            load_archigos(archigos_csv) if archigos_csv.exists() else [],
        )
    people = attach_leaders(people, spells, covered, report)
    vocab = load_vocabulary(ROOT / "src" / "dyad" / "data" / "actors")
    for p in people:
        restrict_codes(p, vocab, report)
        tidy(p)
    # A one-word name from Phoenix ("Abdullah", "Hussein", "Albert": CountryInfo's regnal names, or
    # "Foreign Minister Abdullah") would claim every mention of that word; such people are left out
    # unless curated.
    people = [p for p in people if p.spells and (p.curated or _several_words(p.name))]

    rows = to_rows(people)
    out = out_dir / "people.tsv"
    comments = [
        *PHOENIX_NOTICE,
        "",
        *CITATIONS,
        "Rows with source = public-record come from people_curated.tsv (written for dyad, MIT).",
        "",
        "One row per role period; start is inclusive and end exclusive (the day the role ended, usually",
        "the successor's first day); an empty start or end is open. Outside every row a person resolves to",
        "<country>ELI. Aliases are listed on each person's first row. Generated by scripts/import_phoenix.py;",
        "edit people_curated.tsv, not this file.",
    ]
    n = petrarch.write_tsv(
        rows,
        out,
        PEOPLE_SCHEMA,
        "Phoenix actor dictionaries (Open Event Data Alliance); REIGN leaderlist 2021-03; Archigos 4.1; "
        "people_curated.tsv (public record, written for dyad)",
        "MIT (dyad; Phoenix rows (c) 2014 Open Event Data Alliance, MIT); REIGN and Archigos facts cited below",
        version=args.version,
        comments=comments,
    )
    by_source: dict[str, int] = defaultdict(int)
    for r in rows:
        by_source[r["source"]] += 1
    print(
        f"wrote {n} rows for {len(people)} people to {out} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(by_source.items()))}); "
        f"{len(warnings)} dictionary warnings, {len(report)} notes"
    )
    if args.report:
        for w in warnings:
            print(f"warning: {w}")
        for line in report:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
