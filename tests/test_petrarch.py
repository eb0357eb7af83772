"""PETRARCH/TABARI dictionary reading (dyad.actors.petrarch) and the Phoenix people import."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from dyad.actors import petrarch
from dyad.actors.petrarch import DatedCode, ParseWarning, PatternName
from dyad.datafiles import read_tsv
from dyad.errors import DictionaryError

DATA = Path(__file__).resolve().parent / "data" / "petrarch"
ACTORS = DATA / "sample.actors.txt"
AGENTS = DATA / "sample.agents.txt"
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
PHOENIX = SHARED / "actors" / "phoenix"
PEOPLE = REPO / "src" / "dyad" / "data" / "actors" / "people.tsv"
CURATED = REPO / "src" / "dyad" / "data" / "actors" / "people_curated.tsv"
PEOPLE_COLUMNS = petrarch.SCHEMA_COLUMNS["dyad-people/1"]

needs_phoenix = pytest.mark.skipif(not PHOENIX.exists(), reason="../shared (Phoenix dictionaries) is not present")


def by_name(actors: list[petrarch.PetrarchActor]) -> dict[str, petrarch.PetrarchActor]:
    return {a.names[0].text: a for a in actors}


def people_by_id(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        out.setdefault(row["entity_id"], []).append(row)
    return out


# ---------------------------------------------------------------------------------------------- actors
def test_entries_synonyms_and_stems() -> None:
    actors = by_name(petrarch.parse_actor_file(ACTORS))
    rouhani = actors["HASSAN ROUHANI"]
    assert rouhani.line == 9
    assert rouhani.comment == "public record"
    assert [n.text for n in rouhani.names] == ["HASSAN ROUHANI", "HASAN ROWHANI", "PRESIDENT ROUHANI", "ROUHANI"]
    assert rouhani.names[0] == PatternName(("HASSAN", "ROUHANI"), exact_last=True)
    # No trailing underscore: the last word is a stem.
    assert actors["MOHAMMAD JAVAD ZARIF"].names[0].exact_last is False
    assert actors["IRAN"].names[1] == PatternName(("IRANIAN",), exact_last=False)
    assert actors["IRAN"].codes == [DatedCode("IRN")]
    assert "NEVER READ" not in actors  # after ---STOP---


def test_dated_codes_are_half_open() -> None:
    actors = by_name(petrarch.parse_actor_file(ACTORS))
    rouhani = actors["HASSAN ROUHANI"].codes
    # 6-digit range (YY >= 30 -> 19YY, YY < 30 -> 20YY); PETRARCH's inclusive end becomes the next day.
    assert rouhani[0] == DatedCode("IRNGOVLEG", date(1980, 5, 28), date(2000, 5, 27))
    # 8-digit range.
    assert rouhani[1] == DatedCode("IRNGOV", date(2013, 8, 3), date(2021, 8, 3))
    # The default code.
    assert rouhani[2] == DatedCode("IRNELI", None, None)
    # '>' starts on the day, with the comment of its line kept.
    zarif = actors["MOHAMMAD JAVAD ZARIF"].codes
    assert zarif == [DatedCode("IRNGOV", date(2013, 8, 15), None, "foreign minister")]
    # '<' ends after the day ("or equal", as in PETRARCH).
    obama = actors["BARACK OBAMA"].codes
    assert obama[0] == DatedCode("USAELI", None, date(2009, 1, 20))
    assert obama[1] == DatedCode("USAGOV", date(2009, 1, 20), date(2017, 1, 20))
    assert len(obama) == 2  # the commented-out code line is not read
    khamenei = actors["ALI KHAMENEI"]
    assert khamenei.codes[1].comment == "Supreme Leader"
    assert khamenei.code_on(date(1985, 1, 1)) == "IRNGOV"
    assert khamenei.code_on(date(2020, 1, 1)) == "IRNGOV"
    assert actors["HASSAN ROUHANI"].code_on(date(2005, 1, 1)) == "IRNELI"
    assert actors["HASSAN ROUHANI"].code_on(date(2021, 8, 3)) == "IRNELI"
    assert actors["HASSAN ROUHANI"].code_on(date(2021, 8, 2)) == "IRNGOV"


def test_six_digit_years_pivot_on_30() -> None:
    assert petrarch.parse_petrarch_date("291231") == (date(2029, 12, 31), None)
    assert petrarch.parse_petrarch_date("300101") == (date(1930, 1, 1), None)
    assert petrarch.parse_petrarch_date("19411207") == (date(1941, 12, 7), None)
    day, note = petrarch.parse_petrarch_date("201005011")
    assert day == date(2010, 5, 1) and note is not None
    with pytest.raises(ValueError):
        petrarch.parse_petrarch_date("20100931")
    actors = by_name(petrarch.parse_actor_file(ACTORS))
    assert actors["BARNABY THISTLEWOOD"].codes == [
        DatedCode("USAOPP", date(2029, 12, 31), None),
        DatedCode("USAOPP", None, date(1930, 1, 2)),
    ]


def test_entry_without_code_shares_the_next_entrys_codes() -> None:
    actors = petrarch.parse_actor_file(ACTORS)
    medvedev = by_name(actors)["DMITRY MEDVEDEV"]
    assert [n.text for n in medvedev.names] == ["DMITRY MEDVEDEV", "DMITRIY MEDVEDEV", "DMITRI MEDVEDEV"]
    assert medvedev.line == 41
    assert medvedev.codes[0] == DatedCode("RUSGOV", date(2008, 5, 7), date(2012, 5, 7))
    apart = by_name(petrarch.parse_actor_file(ACTORS, merge_codeless=False))
    assert apart["DMITRY MEDVEDEV"].codes == []
    assert apart["DMITRI MEDVEDEV"].codes[1].start == date(2012, 5, 8)


def test_several_codes_on_an_entry_line() -> None:
    annan = by_name(petrarch.parse_actor_file(ACTORS))["KOFI ANNAN"]
    assert annan.codes == [DatedCode("IGOUNO", date(1997, 1, 1), date(2007, 1, 1)), DatedCode("ELI")]


def test_odd_lines_are_repaired_or_skipped_with_warnings() -> None:
    warnings: list[ParseWarning] = []
    actors = by_name(petrarch.parse_actor_file(ACTORS, warnings=warnings))
    odd = actors["WILHELMINA QUILLFEATHER"].codes
    assert DatedCode("USAGOV", date(1999, 1, 1), date(2000, 1, 1)) in odd  # 7-digit date: first six digits
    assert DatedCode("USAGOVLEG", date(2014, 6, 8), None) in odd  # blank after '>'
    assert DatedCode("USAGOVBUS", date(2020, 1, 1), None) in odd  # bare date read as '>'
    assert DatedCode("---") in odd  # PETRARCH's null code is kept
    assert not any(c.code == "USAGOVJUD" for c in odd)  # interval ending before it starts: skipped
    by_line = {w.line: w.message for w in warnings}
    assert {49, 50, 51, 52, 54} <= set(by_line)
    assert "7-digit" in by_line[49]
    assert "ends before it starts" in by_line[51]
    assert "{" in by_line[54]
    assert all(str(w).startswith(f"{ACTORS}:") for w in warnings)
    assert petrarch.parse_actor_file(ACTORS) == list(actors.values())  # warnings=None works the same


def test_malformed_actor_line_raises_with_file_and_line() -> None:
    path = DATA / "malformed.actors.txt"
    with pytest.raises(DictionaryError) as err:
        petrarch.parse_actor_file(path)
    assert err.value.path == str(path)
    assert err.value.line == 6
    assert "malformed.actors.txt:6:" in str(err.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("IRAN_ [IRN]\nROUHANI_\n\t[IRNGOV >20130803\n", 3),  # unclosed '['
        ("+ROUHANI_\nIRAN_ [IRN]\n", 1),  # synonym before any entry
        ("\t[IRNGOV]\n", 1),  # code line before any entry
        ("IRAN_ [IRN]\nROUHANI_\n\t[irn gov]\n", 3),  # not a code
        ("IRAN_ [IRN]\nROUHANI_\n\t[]\n", 3),  # empty code
    ],
)
def test_other_malformed_actor_lines(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "bad.actors.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        petrarch.parse_actor_file(path)
    assert err.value.line == line
    assert str(path) in str(err.value)


def test_encoding_fallback_and_strict_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.actors.txt"
    path.write_bytes("TURKEY_ [TUR]\nABDULLAH_G\xdcL_\n\t[TURGOV 20070828-20140827]\n".encode("cp1252"))
    warnings: list[ParseWarning] = []
    actors = petrarch.parse_actor_file(path, warnings=warnings)
    assert actors[1].names[0].words == ("ABDULLAH", "GÜL")
    assert warnings and warnings[0].line == 2 and "cp1252" in warnings[0].message
    assert petrarch.parse_actor_file(path, encoding="cp1252")[1].names[0].words == ("ABDULLAH", "GÜL")
    with pytest.raises(DictionaryError) as err:
        petrarch.parse_actor_file(path, encoding="utf-8")
    assert err.value.line == 2
    with pytest.raises(DictionaryError):
        petrarch.parse_actor_file(tmp_path / "missing.actors.txt")


def test_display_names() -> None:
    def show(text: str) -> str:
        return petrarch.display_name(text.split("_"))

    assert show("HASSAN_ROUHANI") == "Hassan Rouhani"
    assert show("UN_SECURITY_COUNCIL") == "UN Security Council"
    assert show("NATO") == "NATO"
    assert show("U.S._SENATE") == "U.S. Senate"
    assert show("BASHAR_AL-ASSAD") == "Bashar al-Assad"
    assert show("XI_JINPING") == "Xi Jinping"
    assert show("LI_KEQIANG") == "Li Keqiang"
    assert show("KING_ABDULLAH_II") == "King Abdullah II"
    assert show("CHARLES_DE_GAULLE") == "Charles de Gaulle"
    assert show("JOHN_MCCAIN") == "John McCain"
    assert show("PKK") == "PKK"
    assert petrarch.strip_titles(("RUSSIAN", "PRESIDENT", "VLADIMIR", "PUTIN")) == ("VLADIMIR", "PUTIN")
    assert petrarch.strip_titles(("AYATOLLAH", "SAYYED", "ALI", "KHAMENEI")) == ("ALI", "KHAMENEI")
    assert petrarch.strip_titles(("KING", "ABDULLAH")) == ("KING", "ABDULLAH")  # one word would be left
    assert petrarch.slugify("Mohammad-Javad Zarif") == "mohammad_javad_zarif"
    assert petrarch.slugify("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"


def test_classify_actors() -> None:
    actors = by_name(petrarch.parse_actor_file(ACTORS))
    assert petrarch.classify_actor(actors["IRAN"]) == "country"
    assert petrarch.classify_actor(actors["HASSAN ROUHANI"]) == "person"
    assert petrarch.classify_actor(actors["ISLAMIC REVOLUTIONARY GUARD CORPS"]) == "organization"
    assert petrarch.classify_actor(actors["UN"]) == "organization"


# ---------------------------------------------------------------------------------------------- agents
def test_agents() -> None:
    warnings: list[ParseWarning] = []
    agents = petrarch.parse_agent_file(AGENTS, warnings=warnings)
    by_phrase = {" ".join(a.names[0].words): a for a in agents}
    president = by_phrase["PRESIDENT"]
    assert (president.code, president.prefix, president.line) == ("GOV", False, 6)
    assert president.regular_plural and president.plurals[0].words == ("PRESIDENTS",)
    assert by_phrase["SOLDIER"].plurals == [PatternName(("SOLDIERS",), exact_last=False)]
    assert by_phrase["SOLDIER"].code == "MIL"
    assert by_phrase["POLICE"].plurals == [] and by_phrase["POLICE"].null_plural
    assert by_phrase["ATTORNEY GENERAL"].plurals[0].words == ("ATTORNEYS", "GENERAL")
    assert by_phrase["HEAD OF STATE"].plurals[0].words == ("HEADS", "OF", "STATE")
    assert by_phrase["CHIEF EXECUTIVE"].names[0].words == ("CHIEF", "EXECUTIVE")
    assert by_phrase["FOREIGN MINISTER"].comment == "jap 4/14/01"
    peacekeeper = by_phrase["PEACEKEEPER"]
    assert (peacekeeper.code, peacekeeper.prefix) == ("IGO", True)
    # Substitution sets: one agent per member, paired with the plural member that follows it.
    assert by_phrase["CONGRESSMAN"].plurals[0].words == ("CONGRESSMEN",)
    assert by_phrase["CONGRESSWOMAN"].plurals[0].words == ("CONGRESSWOMEN",)
    assert by_phrase["CONGRESSPERSON"].plurals == []
    assert by_phrase["MINISTRY OF DEFENCE"].plurals[0].words == ("MINISTRIES", "OF", "DEFENCE")
    # A marker glued to letters is the literal word (AD!MINIST!RATION -> ADMINISTRATION).
    assert "MINISTER FOR TERRITORIAL ADMINISTRATION" in by_phrase
    assert by_phrase["SECURITY FORCE"].code == "MIL"  # [~MIL} read with a warning
    assert "ISLAMIC EXTREMIST" not in by_phrase  # no code: skipped with a warning
    assert {w.line for w in warnings} == {14, 17, 18}


def test_malformed_agent_line_raises_with_file_and_line(tmp_path: Path) -> None:
    path = DATA / "malformed.agents.txt"
    with pytest.raises(DictionaryError) as err:
        petrarch.parse_agent_file(path)
    assert err.value.line == 4 and "malformed.agents.txt:4:" in str(err.value)
    for text, line in [("PIRATE [~CRM\n", 1), ("!PERSON MAN = MEN, WOMEN\n", 1), ("ENVOY {ENVOYS [~GOV]\n", 1)]:
        bad = tmp_path / "bad.agents.txt"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(DictionaryError) as err:
            petrarch.parse_agent_file(bad)
        assert err.value.line == line


def test_agents_to_rows() -> None:
    rows = {r["phrase"]: r for r in petrarch.agents_to_rows(petrarch.parse_agent_file(AGENTS))}
    assert rows["foreign minister"] == {
        "phrase": "foreign minister",
        "plural": "foreign ministers",
        "code": "GOV",
        "person": "yes",
        "note": "",
    }
    assert rows["police"]["plural"] == "police" and rows["police"]["person"] == "no"
    assert rows["congressman"]["plural"] == "congressmen"
    assert rows["ministry of defence"]["person"] == "no"
    assert rows["peacekeeper"]["code"] == "IGO" and "prefix" in rows["peacekeeper"]["note"]


# ---------------------------------------------------------------------------------------------- rows
def test_actors_to_rows() -> None:
    people, orgs = petrarch.actors_to_rows(petrarch.parse_actor_file(ACTORS))
    assert set(people[0]) == set(PEOPLE_COLUMNS)
    ids = people_by_id(people)
    rouhani = ids["person:hassan_rouhani"]
    assert rouhani[0]["name"] == "Hassan Rouhani"
    # Title and bare-surname synonyms are not aliases; the default IRNELI code is dyad's own fallback.
    assert rouhani[0]["aliases"] == "Hasan Rowhani"
    assert [(r["code"], r["start"], r["end"]) for r in rouhani] == [
        ("IRNGOVLEG", "1980-05-28", "2000-05-27"),
        ("IRNGOV", "2013-08-03", "2021-08-03"),
    ]
    assert {r["country"] for r in rouhani} == {"IRN"} and {r["source"] for r in rouhani} == {"phoenix"}
    assert [r["aliases"] for r in rouhani[1:]] == [""]  # aliases on the first row only
    trump = ids["person:donald_trump"]
    assert [(r["code"], r["start"], r["end"]) for r in trump] == [
        ("USAGOV", "2017-01-20", "2021-01-20"),
        ("USAGOV", "2025-01-20", ""),
    ]
    assert ids["person:mohammad_javad_zarif"][0]["role"] == "foreign minister"
    assert ids["person:ali_khamenei"][0]["start"] == "1981-10-13"  # overlapping IRNGOV spells merged
    assert ids["person:dmitry_medvedev"][0]["aliases"] == "Dmitriy Medvedev|Dmitri Medvedev"
    assert "person:iran" not in ids and not any(r["name"] == "United States" for r in people)
    assert ids["person:kofi_annan"][0]["country"] == ""  # an IGO post only
    assert not any(r["code"] == "---" for r in people)
    org = {r["entity_id"]: r for r in orgs}
    assert org["org:islamic_revolutionary_guard_corps"] == {
        "entity_id": "org:islamic_revolutionary_guard_corps",
        "code": "IRNMIL",
        "name": "Islamic Revolutionary Guard Corps",
        "aliases": "IRGC",
        "country": "IRN",
        "sectors": "MIL",
        "start": "",
        "end": "",
    }
    assert org["org:un"]["country"] == "" and org["org:un"]["sectors"] == "UNO"


def test_entity_ids_are_unique(tmp_path: Path) -> None:
    path = tmp_path / "twins.actors.txt"
    path.write_text(
        "IRAN_ [IRN]\nALI_AKBAR_\n\t[IRNGOV 20010101-20050101]\n"
        "IRAQ_ [IRQ]\nALI_AKBAR_\n\t[IRQGOV 20100101-20120101]\n"
        "ALI_AKBAR_\n\t[IRQMIL 20150101-20160101]\n",
        encoding="utf-8",
    )
    people, _ = petrarch.actors_to_rows(petrarch.parse_actor_file(path))
    ids = people_by_id(people)
    assert set(ids) == {"person:ali_akbar", "person:ali_akbar_irq"}
    assert [r["code"] for r in ids["person:ali_akbar_irq"]] == ["IRQGOV", "IRQMIL"]  # same name, same country


def test_write_tsv_round_trip(tmp_path: Path) -> None:
    people, orgs = petrarch.actors_to_rows(petrarch.parse_actor_file(ACTORS))
    agents = petrarch.agents_to_rows(petrarch.parse_agent_file(AGENTS))
    out = tmp_path / "people.tsv"
    n = petrarch.write_tsv(
        people, out, "dyad-people/1", "test", "MIT", version="2026-01-01", comments=["a note", "tab\there"]
    )
    assert n == len(people)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:6] == [
        "# schema: dyad-people/1",
        "# version: 2026-01-01",
        "# source: test",
        "# licence: MIT",
        "# a note",
        "# tab here",
    ]
    table = read_tsv(out, "dyad-people/1", PEOPLE_COLUMNS)
    assert len(table.rows) == len(people)
    assert table.rows[0].get("entity_id") == people[0]["entity_id"]
    petrarch.write_tsv(orgs, tmp_path / "orgs.tsv", "dyad-organizations/1", "test", "MIT")
    read_tsv(tmp_path / "orgs.tsv", "dyad-organizations/1", petrarch.SCHEMA_COLUMNS["dyad-organizations/1"])
    petrarch.write_tsv(agents, tmp_path / "agents.tsv", "dyad-agents/1", "test", "MIT")
    read_tsv(tmp_path / "agents.tsv", "dyad-agents/1", petrarch.SCHEMA_COLUMNS["dyad-agents/1"])
    with pytest.raises(ValueError):
        petrarch.write_tsv([], tmp_path / "x.tsv", "dyad-nothing/1", "test", "MIT")


# ---------------------------------------------------------------------------------------------- data files
def _rows(path: Path) -> dict[str, list[dict[str, str]]]:
    table = read_tsv(path, "dyad-people/1", PEOPLE_COLUMNS)
    return people_by_id([dict(r.values) for r in table.rows])


def _spells(rows: list[dict[str, str]], code: str) -> list[tuple[str, str]]:
    return [(r["start"], r["end"]) for r in rows if r["code"] == code]


def check_people(people: dict[str, list[dict[str, str]]]) -> None:
    """Facts the bundled people.tsv must hold (from Phoenix and the curated file)."""
    rouhani = people["person:hassan_rouhani"]
    assert rouhani[0]["name"] == "Hassan Rouhani" and rouhani[0]["country"] == "IRN"
    assert any(s.startswith("2013-08") for s, _ in _spells(rouhani, "IRNGOV"))
    assert ("2013-08-03", "2021-08-03") in _spells(rouhani, "IRNGOV")
    assert not any(e == "" for _, e in _spells(rouhani, "IRNGOV"))  # no longer in office
    zarif = people["person:mohammad_javad_zarif"]
    assert "Mohammad Zarif Khonsari" in zarif[0]["aliases"].split("|")  # the Phoenix entry joined
    assert ("2013-08-15", "2021-08-25") in _spells(zarif, "IRNGOV")
    trump = people["person:donald_trump"]
    assert _spells(trump, "USAGOV") == [("2017-01-20", "2021-01-20"), ("2025-01-20", "")]
    assert {r["source"] for r in trump} == {"public-record"}
    assert ("2021-01-20", "2025-01-20") in _spells(people["person:joe_biden"], "USAGOV")
    assert ("2024-07-28", "") in _spells(people["person:masoud_pezeshkian"], "IRNGOV")
    assert ("2024-08-21", "") in _spells(people["person:abbas_araghchi"], "IRNGOV")
    assert ("2011-12-17", "") in _spells(people["person:kim_jong_un"], "PRKGOV")
    assert ("2022-06-11", "") in _spells(people["person:choe_son_hui"], "PRKGOV")
    assert ("2024-07-05", "") in _spells(people["person:keir_starmer"], "GBRGOV")
    assert len({r["entity_id"] for rows in people.values() for r in rows}) == len(people)


def test_curated_file_is_valid() -> None:
    people = _rows(CURATED)
    assert len(people) > 300
    for rows in people.values():
        for r in rows:
            assert r["source"] == "public-record"
            assert r["code"].startswith((r["country"], "IGO")), r
            if r["start"] and r["end"]:
                assert r["end"] > r["start"], r
    assert _spells(people["person:donald_trump"], "USAGOV") == [("2017-01-20", "2021-01-20"), ("2025-01-20", "")]
    assert ("2021-08-03", "2024-05-19") in _spells(people["person:ebrahim_raisi"], "IRNGOV")
    # One holder at a time for each office (handover days excluded: end is exclusive).
    offices: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for eid, rows in people.items():
        for r in rows:
            if r["role"] in ("president", "prime minister", "foreign minister", "defence minister", "chancellor"):
                start = r["start"] if len(r["start"]) == 10 else r["start"] + "-01"
                end = (r["end"] if len(r["end"]) == 10 else r["end"] + "-01") if r["end"] else "9999"
                offices.setdefault((r["code"], r["role"]), []).append((start, end, eid))
    for office, spells in offices.items():
        spells.sort()
        for (_, end, eid), (start, _, other) in itertools.pairwise(spells):
            assert start >= end or eid == other, (office, eid, other)


def test_bundled_people_file() -> None:
    if not PEOPLE.exists():
        pytest.skip("people.tsv has not been generated")
    assert PEOPLE.stat().st_size < 3_000_000
    text = PEOPLE.read_text(encoding="utf-8")
    assert "# Includes data from the Phoenix dictionaries, MIT licence, (c) 2014 Open Event Data Alliance" in text
    assert "REIGN" in text and "Archigos" in text
    check_people(_rows(PEOPLE))


def _import_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_phoenix", REPO / "scripts" / "import_phoenix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_phoenix"] = module
    spec.loader.exec_module(module)
    return module


@needs_phoenix
def test_real_phoenix_dictionaries_parse() -> None:
    warnings: list[ParseWarning] = []
    actors = petrarch.parse_actor_file(PHOENIX / "Phoenix.Countries.actors.txt", warnings=warnings)
    assert len(actors) > 15000 and len(warnings) < 100
    people, _ = petrarch.actors_to_rows(actors)
    ids = people_by_id(people)
    assert any(r["code"] == "IRNGOV" for r in ids["person:hassan_rouhani"])
    zarif = ids["person:mohammad_zarif_khonsari"]
    assert "Mohammad Javad Zarif" in zarif[0]["aliases"].split("|")
    assert ("IRNGOV", "2013-08-15") in [(r["code"], r["start"]) for r in zarif]
    agents = petrarch.parse_agent_file(PHOENIX / "Phoenix.agents.txt")
    rows = {r["phrase"]: r for r in petrarch.agents_to_rows(agents)}
    assert len(rows) > 2000
    assert rows["policeman"]["plural"] == "policemen"
    for name in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        assert petrarch.parse_actor_file(PHOENIX / name)


@needs_phoenix
def test_import_script_builds_people(tmp_path: Path) -> None:
    script = _import_script()
    assert script.main(["--shared", str(SHARED), "--out", str(tmp_path), "--curated", str(CURATED)]) == 0
    out = tmp_path / "people.tsv"
    assert out.stat().st_size < 3_000_000
    people = _rows(out)
    check_people(people)
    sources = {r["source"] for rows in people.values() for r in rows}
    assert {"phoenix", "public-record", "reign"} <= sources
