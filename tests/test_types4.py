"""Issue #4, wrong event types (session 7): refused complements, verbal attacks, conjoined nominal events,
spoken criticism offered, attacks that are the purpose of a sending.

Sentences written for these tests, coded with patterns and constructions only (the ``code_text`` fixture of
test_pattern_fixes), so that they pin the pattern data and the coder, not the learned typer. Each test names
the CAMEO/PLOVER reason for what it expects, and each group has a negative case.
"""

from __future__ import annotations

from typing import Any

from dyad.typer import fold_plover
from tests.test_pattern_fixes import code_text

__all__ = ["code_text"]  # the fixture, re-exported for pytest


def coded(result: Any, modality: str | None = "asserted") -> set[tuple[str, str, str]]:
    """(CAMEO code, source code, PLOVER root) of a result's events with the given modality."""
    return {
        (e.cameo, e.source.code if e.source else "-", fold_plover(e.plover) if e.plover else "-")
        for e in result.events
        if modality is None or e.modality == modality
    }


def roots(result: Any, modality: str | None = "asserted") -> set[str]:
    return {p for _, _, p in coded(result, modality)}


# ------------------------------------------------------------------------------ refused complements
def test_purpose_of_a_refused_trip_is_a_refusal_to_meet(code_text: Any) -> None:
    # "will not go to Beijing to meet X": the meeting is what is refused (CAMEO 125 "reject proposal to meet")
    r = code_text("The Czech president will not go to Beijing to meet Xi Jinping.")
    assert ("125", "CZEGOV", "REJECT") in coded(r)
    assert "CONSULT" not in roots(r, None)


def test_complement_of_a_refused_move_is_a_refusal_to_yield(code_text: Any) -> None:
    # "will not act to lift sanctions": CAMEO 1244 "refuse to ease sanctions", not a negated easing
    r = code_text("The French government will not act to lift sanctions on Iran.")
    assert ("1244", "FRAGOV", "REJECT") in coded(r)
    assert "YIELD" not in roots(r, None)


def test_past_negation_of_a_trip_stays_negation(code_text: Any) -> None:
    # negative case: "did not go to meet X" reports what did not happen; it refuses nothing
    r = code_text("The Czech president did not go to Beijing to meet Xi Jinping.")
    assert "REJECT" not in roots(r, None)


def test_negation_that_affirms_is_no_refusal(code_text: Any) -> None:
    # negative case: "will not hesitate to lift sanctions" promises the act (constructions.yaml refusal.affirming)
    r = code_text("The French government will not hesitate to lift sanctions on Iran.")
    assert "REJECT" not in roots(r, None)


def test_act_asked_of_an_object_is_no_refusal_of_the_subject(code_text: Any) -> None:
    # negative case: "will not allow X to meet Y" is not the subject refusing a meeting of its own
    r = code_text("Egypt will not allow Hamas leaders to meet Israeli officials in Cairo.")
    assert ("125", "EGY", "REJECT") not in coded(r)


# ------------------------------------------------------------------------------ verbal attacks
def test_attack_with_a_saying_participle_is_criticism(code_text: Any) -> None:
    # "launched an attack on X, calling them ...": CAMEO 111 "criticize or denounce ... defame, denigrate"
    r = code_text("Senator John Smith launched an attack on the Italian government, calling its ministers clowns.")
    assert "ACCUSE" in roots(r)
    assert "ASSAULT" not in roots(r, None)


def test_attack_with_an_evaluative_adjective_is_criticism(code_text: Any) -> None:
    r = code_text("The Italian opposition leader launched a scathing attack on the French government.")
    assert ("111", "ITAOPP", "ACCUSE") in coded(r)


def test_armed_attack_with_a_killing_participle_stays_force(code_text: Any) -> None:
    # negative cases: "killing six soldiers" is no saying verb, and "fierce" no word of speech
    r = code_text("Taliban fighters launched an attack on the Afghan army base, killing six soldiers.")
    assert "ASSAULT" in roots(r)
    assert "ACCUSE" not in roots(r, None)
    r = code_text("Rebels launched a fierce attack on the Afghan army.")
    assert "ASSAULT" in roots(r)


# ------------------------------------------------------------------------------ conjoined nominal events
def test_conjoined_condemnation_shares_the_owner(code_text: Any) -> None:
    # "expressed its rejection and condemnation of X": the condemnation is the owner's too (CAMEO 111)
    r = code_text("The African Union announced its rejection and firm condemnation of the coup in Mali.")
    assert ("111", "IGOAFRAFU", "ACCUSE") in coded(r)


def test_conjoined_actors_are_not_events(code_text: Any) -> None:
    # negative case: a list of actors after an event noun stays a list of targets
    r = code_text("The Arab League condemned the raid and Israel.")
    assert "ACCUSE" in roots(r)
    assert all(e.source is None or e.source.code == "IGOMEAARL" for e in r.events)


# ------------------------------------------------------------------------------ criticism offered
def test_offered_criticism_is_criticism_not_an_offer(code_text: Any) -> None:
    # "offered harsh criticism of X": the criticism is said now (CAMEO 111), no offer (030) nor intent
    r = code_text("The Swedish foreign minister offered harsh criticism of the Polish government.")
    assert "ACCUSE" in roots(r)
    assert "AGREE" not in roots(r, None)


def test_offered_aid_stays_an_offer(code_text: Any) -> None:
    # negative case: an offer of aid is CAMEO 033 "express intent to provide material aid" (PLOVER AGREE)
    r = code_text("Japan offered humanitarian aid to the Philippines.")
    assert "AGREE" in roots(r)
    assert "ACCUSE" not in roots(r, None)


# ------------------------------------------------------------------------------ the purpose of a sending
def test_jets_sent_to_destroy_a_target_are_the_attack(code_text: Any) -> None:
    # "sent drones to destroy the arms depot": the purpose is the act (an air strike), not military aid (072)
    r = code_text("Turkey sent drones to destroy the rebel arms depot.")
    assert "ASSAULT" in roots(r)
    assert "AID" not in roots(r, None)


def test_troops_sent_to_help_stay_a_sending(code_text: Any) -> None:
    # negative case: a purpose that is no attack leaves the sending its own code
    r = code_text("Russia sent troops to Syria to help the Syrian army.")
    assert "ASSAULT" not in roots(r, None)
    assert "AID" in roots(r)


# ------------------------------------------------------------------------------ threats to halt talks
def test_threat_to_halt_talks_is_a_threat_to_halt_negotiations(code_text: Any) -> None:
    # CAMEO 134 "threaten to break-up or withdraw from discussion, negotiation", with the talks' partner as target;
    # the talks are the threat's content, not talks held
    r = code_text("Zimbabwe threatened to halt talks with Britain if the arrests continue.")
    assert ("134", "ZWE", "THREATEN") in coded(r)
    assert "CONSULT" not in roots(r, None)


def test_threat_to_halt_exports_stays_a_generic_threat(code_text: Any) -> None:
    # negative case: halting exports is no negotiation (CAMEO 131 "threaten non-force")
    r = code_text("Zimbabwe threatened to halt oil exports to Britain.")
    assert ("134", "ZWE", "THREATEN") not in coded(r)
    assert "THREATEN" in roots(r)


# ------------------------------------------------------------------------------ ceasefire agreements
def test_ceasefire_agreement_is_a_ceasefire(code_text: Any) -> None:
    # CAMEO 0871: "agreements to commence a cease-fire ... are still coded here" (PLOVER YIELD, "ceasefires")
    r = code_text("The Sudanese government signed a ceasefire agreement with the rebels.")
    assert ("0871", "SDNGOV", "YIELD") in coded(r)
    r = code_text("The Colombian government renewed its truce accord with the guerrillas.")
    assert ("0871", "COLGOV", "YIELD") in coded(r)


def test_trade_agreement_stays_an_agreement(code_text: Any) -> None:
    # negative case: another kind of agreement keeps CAMEO 057 "sign formal agreement"
    r = code_text("Sudan signed a trade agreement with Egypt.")
    assert ("057", "SDN", "SUPPORT") in coded(r) or ("057", "SDN", "AGREE") in coded(r)
    assert "YIELD" not in roots(r, None)


# ------------------------------------------------------------------------------ ordered coercion
def test_ordered_jailing_is_the_orderers_arrest(code_text: Any) -> None:
    # "ordered X jailed" is the orderer's act through those who carry it out (CAMEO 173, as "ordered the arrest
    # of X"), not a demand (100) made of the jailed
    r = code_text("A Spanish judge ordered nine Catalan politicians jailed on Thursday.")
    assert ("173", "ESPJUD", "COERCE") in coded(r)
    assert "REQUEST" not in roots(r, None)
    r = code_text("The Spanish government ordered the Moroccan migrants deported.")
    assert ("174", "ESPGOV", "COERCE") in coded(r)


def test_order_given_to_police_stays_a_demand(code_text: Any) -> None:
    # negative case: "ordered police to arrest X" is an order to the police (100) and the police's arrest
    r = code_text("A Spanish judge ordered police to arrest nine Catalan politicians.")
    assert ("100", "ESPJUD", "REQUEST") in coded(r)
    assert ("173", "COP", "COERCE") in coded(r)
