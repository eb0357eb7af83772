"""Issue #4, wrong event types: pattern data fixes, each on a sentence written for the test.

Sentences are coded with patterns and constructions only (the ``code_text`` fixture of test_pattern_fixes),
so that these tests pin the pattern data, not the learned typer. Each test names the CAMEO/PLOVER reason
for the type it expects.
"""

from __future__ import annotations

from typing import Any

from tests.test_pattern_fixes import code_text, events, plovers

__all__ = ["code_text"]  # the fixture, re-exported for pytest


# ---------------------------------------------------------------------------------------------- failed talks
def test_failing_to_reach_agreement_is_a_rejection(code_text: Any) -> None:
    # each side declined the other's terms: CAMEO 127, PLOVER REJECT (like refusing to sign); the
    # pattern subsumes its complement, so no agreement is coded at all, not even a negated one
    r = code_text("Brazil and Chile failed to reach agreement on the trade deal.")
    assert ("BRA", "CHL", "REJECT") in events(r)
    assert "SUPPORT" not in plovers(r, None)


def test_failing_to_agree_on_a_budget_is_a_rejection(code_text: Any) -> None:
    r = code_text("Peru and Bolivia failed to agree on a new border treaty.")
    assert ("PER", "BOL", "REJECT") in events(r)


def test_failing_to_reach_a_place_is_no_rejection(code_text: Any) -> None:
    # the complement's object must be an agreement: troops failing to reach a town reject nothing
    r = code_text("Peruvian troops failed to reach the border town of Tumbes before nightfall.")
    assert "REJECT" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- calls for sanctions
def test_calling_for_sanctions_against_a_state_censures_it(code_text: Any) -> None:
    # the act aimed at Moscow is rallying opposition (CAMEO 113, PLOVER ACCUSE); the sanctions are only asked for
    r = code_text("Some European countries have called for sanctions against Moscow over the poisoning.")
    assert ("RUSGOV", "ACCUSE") in {(t, p) for _, t, p in events(r)}
    assert not {e.cameo for e in r.events if e.modality == "asserted"} & {"163"}
    assert "163" in {e.cameo for e in r.events if e.modality == "intended"}


def test_calling_for_an_investigation_is_not_censure(code_text: Any) -> None:
    # only sanctions and their like: a call for talks or an inquiry keeps its own code
    r = code_text("Kenya called for talks with Somalia on the maritime border.")
    assert "ACCUSE" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- capture of places
def test_capturing_a_headquarters_is_occupation_not_arrest(code_text: Any) -> None:
    # a place taken by force is CAMEO 192 (occupy territory), not 173 (arrest); both are PLOVER COERCE in
    # CAMEO2PLOVER-2021, so the check is on the CAMEO code
    r = code_text("Rebels captured the army headquarters in Goma.")
    assert {e.cameo for e in r.events if e.modality == "asserted"} == {"192"}


# ---------------------------------------------------------------------------------------------- modality
def test_an_event_demanded_by_a_noun_is_asked_for_not_done(code_text: Any) -> None:
    # "its demand that X lift sanctions": like the verb "demanded that", the lifting has not happened
    r = code_text("Venezuela repeated its demand that Washington lift the sanctions.")
    assert not plovers(r) & {"RETREAT", "CONCEDE", "YIELD"}
    assert "RETREAT" in plovers(r, "intended")


# ---------------------------------------------------------------------------------------------- light verbs
def test_reiterating_a_demand_is_the_demand(code_text: Any) -> None:
    # "reiterated its demand that ...": saying it again is the demand (CAMEO 10, PLOVER REQUEST) by the
    # subject; the event demanded stays asked for
    r = code_text("Cuba reiterated its demand that the United States end the embargo.")
    assert ("CUB", "-", "REQUEST") in events(r)
    assert "RETREAT" not in plovers(r)


def test_a_call_for_talks_with_a_state_is_an_appeal_not_a_phone_call(code_text: Any) -> None:
    r = code_text("Japan renewed its call for talks with China.")
    assert "REQUEST" in plovers(r)
    assert "CONSULT" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- support and aid
def test_solidarity_is_support_not_empathy(code_text: Any) -> None:
    # CAMEO 018 is empathy and condolences (no PLOVER type); solidarity with X is support for X (051)
    r = code_text("Jordan expressed its solidarity with the government of Lebanon.")
    assert ("JOR", "LBNGOV", "SUPPORT") in events(r)


def test_money_given_for_a_group_is_aid_to_it(code_text: Any) -> None:
    r = code_text("The EU provides EUR 45 million support for farmers in Nigeria.")
    assert ("IGOEUREEC", "AGR", "AID") in events(r)


def test_reinforcing_a_commitment_is_no_mobilization(code_text: Any) -> None:
    # CAMEO 154 is more troops or weapons
    assert "MOBILIZE" not in plovers(code_text("Germany has reinforced its commitment to Jordanian refugees."), None)
    assert "MOBILIZE" in plovers(code_text("Russia reinforced its troops near the Ukrainian border."))


# ---------------------------------------------------------------------------------------------- threats
def test_threatening_to_close_borders_is_a_threat_not_a_closure(code_text: Any) -> None:
    # the closure has not happened: THREATEN 'restrict' (CAMEO 1381), no COERCE
    r = code_text("Iran has threatened to close all its borders with Iraq.")
    assert "THREATEN" in plovers(r)
    assert "COERCE" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- orders
def test_a_court_ordering_a_retrial_brings_to_trial(code_text: Any) -> None:
    # like order-arrest: the order is the legal action (CAMEO 115, PLOVER ACCUSE 'bring to trial'), not a
    # demand addressed to the defendant (100, REQUEST)
    r = code_text("A court in Lima ordered the retrial of a Chilean businessman on bribery charges.")
    assert ("JUD", "CHLBUS", "ACCUSE") in events(r)
    assert "REQUEST" not in plovers(r, None)

