"""Issue #4, session 5: a verb whose object is an event, and who arrives where.

Sentences written for the tests, coded with patterns and constructions only (the ``code_text`` fixture of
test_pattern_fixes). Each test names the CAMEO/PLOVER reason for the type it expects; negative cases pin
what must stay as it was.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_pattern_fixes import code_text, events, plovers

__all__ = ["code_text"]  # the fixture, re-exported for pytest


def rules(result: Any) -> set[str]:
    return {e.rule for e in result.events}


# ------------------------------------------------------------------------------- deciding on a request
def test_rejecting_a_request_rejects_its_author(code_text: Any) -> None:
    # CAMEO 12 "reject requests": the rejection is the event, the asker its target; the request is not
    # coded again as the sentence's own appeal (020)
    r = code_text("Kenya rejected a request from Uganda for more water.")
    assert ("KEN", "UGA", "REJECT") in events(r)
    assert "REQUEST" not in plovers(r, None)


def test_rejecting_a_request_by_possessor_and_by_phrase(code_text: Any) -> None:
    r = code_text("Ghana refused France's request to close its embassy.")
    assert ("GHA", "FRA", "REJECT") in events(r)
    r = code_text("The Greek government turned down a request by Turkey to extradite the officers.")
    assert ("GRCGOV", "TUR", "REJECT") in events(r)
    assert "REQUEST" not in plovers(r, None)


def test_refusing_to_accept_a_request_rejects_its_author(code_text: Any) -> None:
    # "refused to accept": the refusal of a concession (083 -> 123), to the asker
    r = code_text("Nigeria refused to accept a request from Chad to open the border.")
    assert ("NGA", "TCD", "REJECT") in events(r)
    assert "REQUEST" not in plovers(r, None)


def test_a_request_of_ones_own_side_stays_a_one_sided_rejection(code_text: Any) -> None:
    # the asker is no other actor than the decider: no dyad of a country with itself, but still a rejection
    r = code_text("Iceland's president refused a request from the Icelandic prime minister to dissolve parliament.")
    assert "REJECT" in plovers(r)
    assert all(e.target is None or e.target.code != e.source.code for e in r.events if e.source)


def test_approving_a_request_grants_it(code_text: Any) -> None:
    # approving a request for help is granting it: CAMEO 08 (yield, accede to requests), not praise (051)
    r = code_text("The Spanish defence minister approved a request from Italy for help with the evacuation.")
    assert ("ESPGOV", "ITA", "CONCEDE") in events(r)
    assert not plovers(r, None) & {"SUPPORT", "REQUEST"}


def test_a_request_that_is_not_answered_stays_a_request(code_text: Any) -> None:
    # negative: only answering verbs (08/12 patterns, approval) absorb the request; welcoming it is praise
    r = code_text("Kenya welcomed a request from Uganda for talks.")
    assert ("UGA", "-", "REQUEST") in events(r)
    assert ("KEN", "UGA", "SUPPORT") in events(r)


# ------------------------------------------------------------------------------- approving an act
def test_approving_an_extradition_is_the_extradition(code_text: Any) -> None:
    # the approver does the approved act: judicial cooperation (063), to the receiving country
    r = code_text("The Chilean senate approved the extradition of a Peruvian general to Peru.")
    assert ("CHLLEG", "PER", "COOPERATE") in events(r)
    assert "SUPPORT" not in plovers(r, None)
    assert "approve+noun-extradition-of" in rules(r)


# the approved act, by the approver: troops deployed (154, as deploy-troops), peacekeepers (074)
APPROVED = [
    ("The Brazilian congress approved the deployment of troops in Haiti.", ("BRALEG", "HTI", "MOBILIZE")),
    ("The Ghanaian parliament approved the deployment of peacekeepers to Mali.", ("GHALEG", "MLI", "AID")),
]


@pytest.mark.parametrize(("text", "expected"), APPROVED)
def test_approving_a_deployment_is_the_deployment(code_text: Any, text: str, expected: tuple[str, str, str]) -> None:
    r = code_text(text)
    assert expected in events(r)
    assert "SUPPORT" not in plovers(r, None)


def test_approving_a_policy_or_an_actor_stays_praise(code_text: Any) -> None:
    # negative: CAMEO 051 "approve policy, action, or actor" when the object is no nominal event
    r = code_text("The Danish parliament approved the budget of Greenland.")
    assert "SUPPORT" in plovers(r)
    r = code_text("Germany praised Greece for its reforms.")
    assert ("DEU", "GRC", "SUPPORT") in events(r)


# ------------------------------------------------------------------------------- arriving
def test_peacekeepers_arriving_are_a_deployment_not_a_visit(code_text: Any) -> None:
    # CAMEO 074 "code here reported deployment of forces" (peacekeeping), not 042 "make a visit"
    r = code_text("Kenyan peacekeepers arrived in Somalia on Friday.")
    assert "AID" in plovers(r)
    assert "CONSULT" not in plovers(r, None)
    r = code_text("The first contingent of Rwandan peacekeeping troops arrived in Bangui.")
    assert "AID" in plovers(r)
    assert "arrive-in-peacekeepers" in rules(r)


def test_troops_arriving_are_deployed(code_text: Any) -> None:
    # as deploy-troops (154): troops arriving somewhere are not visiting it
    r = code_text("Additional Russian troops arrived in Belarus on Sunday.")
    assert "MOBILIZE" in plovers(r)
    assert "CONSULT" not in plovers(r, None)


def test_a_leader_arriving_is_still_a_visit(code_text: Any) -> None:
    # negative: the subject constraint leaves officials' travel a visit (042)
    r = code_text("The Indian prime minister arrived in Tokyo on Monday.")
    assert ("INDGOV", "JPNGOV", "CONSULT") in events(r)


# ------------------------------------------------------------------------------- announced conflict
def test_announced_sanctions_and_attacks_are_threats(code_text: Any) -> None:
    # PLOVER: a conflictual event plus a future mode is the single category THREATEN (CAMEO 1312, 1384)
    r = code_text("Peru will impose sanctions on Bolivia next month.")
    assert ("PER", "BOL", "THREATEN") in events(r)
    assert [e.cameo for e in r.events] == ["1312"]
    r = code_text("The Iranian army will attack Iraqi positions if the shelling continues.")
    assert "THREATEN" in plovers(r)
    assert any(e.cameo == "1384" for e in r.events)


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("The Ecuadorian government said it will extend the curfew in Guayaquil.", "1323"),
        ("Hamas vowed to retaliate against Israel.", "1384"),
    ],
)
def test_announced_curfew_and_vowed_retaliation_are_threats(code_text: Any, text: str, cameo: str) -> None:
    assert any(e.cameo == cameo and e.plover == "THREATEN" for e in code_text(text).events)


def test_would_in_reported_speech_is_the_future(code_text: Any) -> None:
    # "said they would boycott": the past of "will" (threat of dissent, CAMEO 133); "said it would recognize":
    # an intent (AGREE), as "will recognize"
    r = code_text("Venezuelan opposition parties said they would boycott the election.")
    assert "THREATEN" in plovers(r)
    r = code_text("The Syrian government said it would recognize Abkhazia.")
    assert "AGREE" in plovers(r)


def test_what_is_not_announced_by_its_doer_is_no_threat(code_text: Any) -> None:
    # negatives: an attack asked of another, a negated one, a scheduled trial, a done sanction
    r = code_text("Kenya demanded that Somalia end its attacks on Kenyan troops.")
    assert "THREATEN" not in plovers(r, None)
    r = code_text("Bolivia will not attack Peru.")
    assert "THREATEN" not in plovers(r, None)
    r = code_text("Will Peru impose sanctions on Bolivia?")
    assert "THREATEN" not in plovers(r, None)
    r = code_text("The Chilean police will arrest the former minister next week.")
    assert "THREATEN" not in plovers(r, None)
    r = code_text("Peru imposed sanctions on Bolivia last month.")
    assert [e.cameo for e in r.events] == ["163"]


# ------------------------------------------------------------------------------- refusing a nominal event
def test_refusing_talks_carried_by_a_light_verb_is_a_rejection(code_text: Any) -> None:
    # CAMEO 125 "refuse to meet, discuss, or negotiate", as for the verb ("will not meet X"): the talks are
    # not coded, neither negated nor asserted
    r = code_text("The Taliban said it will not begin talks with the Afghan government.")
    assert "REJECT" in plovers(r)
    assert "CONSULT" not in plovers(r, None)
    r = code_text("Hamas refused to hold talks with Fatah.")
    assert ("PSEREBHMS", "PSEGOVFTA", "REJECT") in events(r)
    assert "CONSULT" not in plovers(r, None)


def test_talks_begun_or_not_refused_stay_talks(code_text: Any) -> None:
    # negatives: talks begun are talks; "did not refuse" asserts neither talks nor a refusal
    r = code_text("The Taliban began talks with the Afghan government.")
    assert "CONSULT" in plovers(r)
    r = code_text("Hamas did not refuse to hold talks with Fatah.")
    assert not plovers(r) & {"REJECT", "CONSULT"}


def test_calling_for_sanctions_rallies_opposition(code_text: Any) -> None:
    # CAMEO 113 "solicits third parties to express disapproval of, protest against, or punish another party"
    r = code_text("Chile called for sanctions against Venezuela.")
    assert ("CHL", "VEN", "ACCUSE") in events(r)
    assert "113" in {e.cameo for e in r.events}


# ------------------------------------------------------------------------------- decisions and changed nouns
def test_a_decision_to_act_is_the_act(code_text: Any) -> None:
    # a government's decision to ease or lift a measure is the easing itself (CAMEO 08x), not a statement of
    # intent (03x): the decision is the official act
    r = code_text("Japan decided to ease its travel restrictions on Iran.")
    assert plovers(r) & {"YIELD", "CONCEDE", "RETREAT"}
    assert "AGREE" not in plovers(r)
    # a pledge stays an intent
    r = code_text("Japan pledged to ease its travel restrictions on Iran.")
    assert not plovers(r) & {"YIELD", "CONCEDE", "RETREAT"}


def test_lifting_sanctions_is_not_also_imposing_them(code_text: Any) -> None:
    # "lifted its sanctions": the verb pattern names its object and codes 085; the noun "sanctions" (163)
    # is that event's object, not a second event
    r = code_text("Japan lifted its sanctions on Iran.")
    assert ("JPN", "IRN", "RETREAT") in events(r)
    assert "COERCE" not in plovers(r, None)
    # a light verb of the same root keeps the noun's event and its target
    r = code_text("Russia launched an attack on Ukraine.")
    assert ("RUS", "UKR", "ASSAULT") in events(r)
