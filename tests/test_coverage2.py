"""Issue #4, session 5: sentences where dyad coded no event, each cause pinned on a sentence written for the
test (never dev text), with negative cases. Coded with patterns and constructions only (no learned typer).

Causes: organisations no dictionary knew (U.S. federal departments and agencies, international NGOs, armed
groups and cartels: the session-5 block of organizations.tsv), "found X guilty of" (a verbless small clause
[X guilty] the verb takes), conjoined actors of a joint act, and common light-verb events (the session-5
blocks of the pattern files).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_coverage import dyads
from tests.test_pattern_fixes import code_text  # noqa: F401  (a fixture: the pipeline without the typer)

ACTORS = [
    ("Department of Education", "The Department of Education fined a college in Ohio.", "USAGOVEDU"),
    ("NLRB", "The NLRB sued a car maker in Tennessee.", "USAGOVLAB"),
    ("ICE", "ICE deported forty Guatemalan migrants on Friday.", "USACOP"),
    ("Secret Service", "The Secret Service arrested a man near the White House.", "USACOP"),
    ("Medecins du Monde", "Medecins du Monde sent medicines to Yemen.", "NGOHLH"),
    ("ONLF", "The Ogaden National Liberation Front attacked an army post.", "ETHSEP"),
    ("Los Zetas", "Los Zetas kidnapped a police officer in Tamaulipas.", "MEXCRM"),
    ("Sudan Liberation Army", "The Sudan Liberation Army attacked a convoy in Darfur.", "SDNINS"),
]


@pytest.mark.parametrize(("text", "code"), [pytest.param(t, c, id=i) for i, t, c in ACTORS])
def test_an_organisation_is_known(code_text: Any, text: str, code: str) -> None:  # noqa: F811
    result = code_text(text)
    assert code in {a.code for a in result.actors}
    assert any(e.source is not None and e.source.code == code for e in result.events)


def test_a_name_after_a_lower_case_article_is_known(code_text: Any) -> None:  # noqa: F811
    # AP style writes "al-Shabab", "al-Qaeda": the capital is after the article
    result = code_text("Kenyan troops attacked al-Shabab, an al-Qaeda affiliate, near the border.")
    assert {"SOMINS", "IMGMOSALQ"} <= {a.code for a in result.actors}
    assert ("KENMIL", "SOMINS", "190") in dyads(result)


def test_a_lower_case_common_word_is_still_no_name(code_text: Any) -> None:  # noqa: F811
    # "turkey" the bird stays no country after the article rule
    assert "TUR" not in {a.code for a in code_text("The farmers sold a turkey at the market.").actors}


def test_top_brass_is_the_military(code_text: Any) -> None:  # noqa: F811
    assert ("PAKMIL", "CHNGOV", "040") in dyads(code_text("Pakistan's top brass met the Chinese envoy."))


def test_ice_is_an_agency_in_capitals_only(code_text: Any) -> None:  # noqa: F811
    # "ice" the word is never the agency: acronyms match in capitals only
    result = code_text("Thick ice blocked the port of Helsinki for a week.")
    assert "USACOP" not in {a.code for a in result.actors}


CODED = [
    # "found X guilty of V-ing": the court's finding (116) on X, and X's own act
    (
        "find-guilty",
        "A court in Berlin found the Chechen commander guilty of torturing German aid workers.",
        ("JUD", "?", "116"),
    ),
    ("find-guilty-noun", "A tribunal found the Serbian general guilty of war crimes.", ("JUD", "SRBMIL", "116")),
    ("declare-guilty", "The court declared the Kenyan minister guilty of fraud.", ("JUD", "KENGOV", "116")),
    # joint acts of conjoined subjects: each with each, both ways (062)
    ("joint-exercise", "Egypt and Greece began joint naval drills off Crete.", ("EGY", "GRC", "062")),
    ("joint-exercise-back", "Egypt and Greece began joint naval drills off Crete.", ("GRC", "EGY", "062")),
    ("joint-passive", "The war game was staged by Indian troops and French marines.", ("FRAMIL", "INDMIL", "062")),
    ("joint-carry-out", "Chile and Peru carried out naval exercises last week.", ("PER", "CHL", "062")),
    # meetings told through a meal or through joining someone for one
    ("meal-with", "The Polish president had dinner with the Czech prime minister.", ("POLGOV", "CZEGOV", "040")),
    (
        "join-for-talks",
        "The Dutch foreign minister joined her Belgian counterpart for talks on the border.",
        ("NLDGOV", "BELGOV", "040"),
    ),
    # observers sent to a country; relief carried there
    ("deploy-observers", "The African Union deployed observers in Malawi.", ("IGOAFRAFU", "MWI", "074")),
    ("fly-relief", "Turkey flew tons of food into Libya on Sunday.", ("TUR", "LBY", "073")),
    # a light head is named by its compound: "the ceasefire agreement" is a ceasefire, "peacekeeping
    # operations" peacekeeping
    (
        "light-head",
        "Kenya and Somalia were guilty of violating the ceasefire agreement.",
        ("KEN", "SOM", "196"),
    ),
    (
        "light-head-prep",
        "Fijian troops take part in peacekeeping operations in Lebanon.",
        ("FJIMIL", "?", "074"),
    ),
    # "set free", "let free": a phrasal verb whatever the parser makes of "free"
    ("let-free", "Egypt let free some forty Sudanese fishermen.", ("EGY", "SDNAGR", "0841")),
    ("set-free", "Uganda set free ten Kenyan students on Monday.", ("UGA", "KENEDU", "0841")),
    # "declared [a state of emergency] to begin at midnight": the infinitive's subject is the object
    (
        "infinitive-subject",
        "Peruvian authorities declared a state of emergency in Peru to begin at dawn on Monday.",
        ("PERGOV", "PER", "1724"),
    ),
    ("burn-flag", "Students in Athens burned the Turkish flag.", ("EDU", "TUR", "140")),
    # an acronym the parser took for an adverb before its verb is the subject
    (
        "acronym-subject",
        "In a joint effort, USAID sent food to Chad.",
        ("USAGOVDEV", "TCD", "073"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CODED])
def test_an_event_is_coded(code_text: Any, text: str, expected: tuple[str, str, str]) -> None:  # noqa: F811
    assert expected in dyads(code_text(text))


def test_a_guilty_finding_keeps_the_act_found(code_text: Any) -> None:  # noqa: F811
    # the torture is still the government's (1822), beside the court's finding (116)
    found = dyads(code_text("A Paris court found the Syrian government guilty of torturing French citizens."))
    assert {("FRAJUD", "SYRGOV", "116"), ("SYRGOV", "FRACVL", "1822")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Investigators found no evidence of fraud in the Kenyan election.",  # no small clause
        "The court found the Kenyan minister innocent of fraud.",  # not a guilty finding
        "Fans found the Brazilian striker brilliant in the final.",
    ],
)
def test_no_guilty_finding(code_text: Any, text: str) -> None:  # noqa: F811
    assert not any(e.cameo == "116" for e in code_text(text).events)


def test_one_country_exercising_is_no_joint_act(code_text: Any) -> None:  # noqa: F811
    # a single country's exercise is a show of force (150), never cooperation
    found = dyads(code_text("Iran held military exercises near the Strait of Hormuz."))
    assert ("IRN", "-", "150") in found
    assert not any(code == "062" for _, _, code in found)


def test_two_teams_beginning_a_game_is_no_joint_act(code_text: Any) -> None:  # noqa: F811
    assert not any(e.cameo == "062" for e in code_text("Brazil and Argentina began the game at noon.").events)


def test_a_meal_alone_is_no_meeting(code_text: Any) -> None:  # noqa: F811
    assert not any(e.cameo == "040" for e in code_text("The Polish president had dinner in Warsaw.").events)


def test_breaking_free_is_no_break(code_text: Any) -> None:  # noqa: F811
    # "broke free" is a phrasal verb: never "break a ceasefire"
    result = code_text("Two Iraqi prisoners broke free of the ceasefire.")
    assert not any(e.cameo.startswith("19") for e in result.events)


def test_burning_crops_is_no_protest(code_text: Any) -> None:  # noqa: F811
    assert not any(e.cameo == "140" for e in code_text("Turkish farmers burned the stubble in their fields.").events)
