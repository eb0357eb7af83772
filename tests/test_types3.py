"""Issue #4, wrong event types (session 6): conditions, lapsed sanctions, ultimatums.

Sentences written for these tests, coded with patterns and constructions only (the ``code_text`` fixture of
test_pattern_fixes), so that they pin the pattern data and the coder, not the learned typer. Each test names
the CAMEO/PLOVER reason for what it expects, and each group has a negative case.
"""

from __future__ import annotations

from typing import Any

from dyad.typer import fold_plover
from tests.test_pattern_fixes import code_text
from tests.test_pattern_fixes import events as _events

__all__ = ["code_text"]  # the fixture, re-exported for pytest


def events(result: Any, modality: str | None = "asserted") -> set[tuple[str, str, str]]:
    """(source, target, root type) with the PLOVER sub-types folded into the evaluated roots (RETREAT and
    CONCEDE are YIELD)."""
    return {(s, t, fold_plover(p) if p else "-") for s, t, p in _events(result, modality)}


def plovers(result: Any, modality: str | None = "asserted") -> set[str]:
    return {p for _, _, p in events(result, modality)}


def _modalities(result: Any, plover: str) -> set[str]:
    return {e.modality for e in result.events if e.plover and fold_plover(e.plover) == plover}


# ---------------------------------------------------------------------------------------------- conditions
def test_until_clause_of_a_refusal_is_not_done(code_text: Any) -> None:
    # "will not release ... until Peru meets its demands": the demands are not met; only the refusal is asserted
    r = code_text("Bolivia will not release the Peruvian fishermen until Peru meets its demands.")
    assert "REJECT" in plovers(r)
    assert "YIELD" not in plovers(r)
    assert _modalities(r, "YIELD") <= {"hypothetical"}


def test_as_soon_as_clause_of_an_offer_is_not_done(code_text: Any) -> None:
    # "was willing to withdraw as soon as X had been sent": an intent (CAMEO 035); the sending is its condition
    r = code_text(
        "Kenya was willing to withdraw its soldiers from Somalia as soon as the African Union had sent peacekeepers."
    )
    assert "AGREE" in plovers(r)
    assert "AID" not in plovers(r)
    assert "hypothetical" in _modalities(r, "AID")


def test_once_clause_of_a_promise_is_not_done(code_text: Any) -> None:
    r = code_text("Iran will free the British sailors once Britain releases the tanker.")
    assert "YIELD" not in {p for _, _, p in events(r) if _ == "GBR"}
    assert all(e.modality != "asserted" for e in r.events if e.source and e.source.code == "GBR")


def test_until_clause_of_a_past_act_stays_asserted(code_text: Any) -> None:
    # negative case: the army really fought until the rebels surrendered; both happened
    r = code_text("The Chadian army fought Sudanese rebels until the rebels surrendered to Chad.")
    assert _modalities(r, "ASSAULT") == {"asserted"}


def test_time_clause_without_a_condition_mark_stays_asserted(code_text: Any) -> None:
    # negative case: "after" orders two events that both happened
    r = code_text("Bolivia will not sign the treaty after Peru released the fishermen.")
    assert "asserted" in _modalities(r, "YIELD")


# ---------------------------------------------------------------------------------------------- lapsed sanctions
def test_failing_to_renew_an_embargo_eases_it(code_text: Any) -> None:
    # the embargo lapses: CAMEO 085 ease economic sanctions (PLOVER YIELD), not a negated 163
    r = code_text("The European Union failed to renew its arms embargo on Belarus.")
    assert ("IGOEUREEC", "BLR", "YIELD") in events(r)
    assert "SANCTION" not in plovers(r) and "COERCE" not in plovers(r)


def test_failing_to_renew_a_lease_is_no_easing(code_text: Any) -> None:
    # negative case: only sanctions lapse into an easing
    r = code_text("Chile failed to renew the lease on the Peruvian port.")
    assert "YIELD" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- ultimatums
def test_giving_a_state_a_deadline_is_an_ultimatum(code_text: Any) -> None:
    # CAMEO 139 give ultimatum (PLOVER THREATEN), to the indirect object
    r = code_text("Ghana gave Togo a midnight deadline to withdraw its soldiers from the border.")
    assert ("GHA", "TGO", "THREATEN") in events(r)


def test_a_deadline_given_to_no_actor_is_no_event(code_text: Any) -> None:
    # negative case: "gave itself a deadline" names no other actor
    r = code_text("The committee gave itself a deadline of two weeks.")
    assert "THREATEN" not in plovers(r, None)


# ---------------------------------------------------------------------------------------------- stopping an attack
def test_stopping_fighting_is_de_escalation_not_an_attack(code_text: Any) -> None:
    # "stopped fighting X": CAMEO 087 de-escalate military engagement (PLOVER YIELD); no 19x is asserted
    r = code_text("Ethiopian troops stopped fighting Eritrean forces on Monday.")
    assert ("ETHMIL", "ERIMIL", "YIELD") in events(r)
    assert "ASSAULT" not in plovers(r, None)


def test_agreeing_to_halt_fighting_is_an_intent_not_an_attack(code_text: Any) -> None:
    # an intent to de-escalate (CAMEO 035 via constructions.yaml intent codes), PLOVER AGREE
    r = code_text("Ethiopia and Eritrea agreed to halt fighting in the border region.")
    assert "AGREE" in plovers(r)
    assert "ASSAULT" not in plovers(r, None)


def test_will_stop_bombing_is_no_threat(code_text: Any) -> None:
    r = code_text("Russia will stop bombing Syrian rebels.")
    assert "THREATEN" not in plovers(r, None) and "ASSAULT" not in plovers(r, None)


def test_stopping_aid_is_not_de_escalation(code_text: Any) -> None:
    # negative case: only attacks are de-escalated; stopping something else is not a 087
    r = code_text("Sudanese officials stopped negotiating with Chad over the border.")
    assert not {e.cameo for e in r.events} & {"087"}


# ---------------------------------------------------------------------------------------------- operations
def test_an_operation_to_detain_is_the_detention(code_text: Any) -> None:
    # the purpose names what the operation is: CAMEO 173 arrest/detain (PLOVER COERCE), asserted, no 190
    r = code_text("Kenyan police launched an operation to detain Somali militants in Nairobi.")
    assert "COERCE" in plovers(r)
    assert "ASSAULT" not in plovers(r, None)


def test_an_operation_without_a_coercive_purpose_stays_an_attack(code_text: Any) -> None:
    # negative case: a military operation with no arrest purpose keeps the light verb's 190
    r = code_text("Kenyan troops launched an operation against Somali militants on Monday.")
    assert "ASSAULT" in plovers(r)


# ---------------------------------------------------------------------------------------------- reported future
def test_would_in_reported_speech_with_a_participle_clause_is_a_threat(code_text: Any) -> None:
    # "said it would boycott the referendum, raising doubts about it": the participle is no condition; "would" is the
    # past of "will", a threat to boycott (CAMEO 133, PLOVER THREATEN)
    r = code_text(
        "Togo's main opposition party said it would boycott the referendum, raising doubts about its legitimacy."
    )
    assert "THREATEN" in plovers(r)


def test_would_with_an_if_clause_stays_hypothetical(code_text: Any) -> None:
    # negative case: a condition keeps the boycott hypothetical
    r = code_text("Togo's main opposition party said it would boycott the referendum if the army arrested its leader.")
    assert "THREATEN" not in plovers(r)


# ---------------------------------------------------------------------------------------------- evaluations
def test_an_evaluation_word_inside_the_subject_is_no_criticism(code_text: Any) -> None:
    # "an anonymous bomb threat forced an evacuation, police said": nobody is called a threat (CAMEO 111 needs
    # the speaker to say it of Y)
    r = code_text("An anonymous bomb threat against the Peruvian consulate forced an evacuation, Chilean police said.")
    assert "ACCUSE" not in plovers(r, None)


def test_an_evaluation_said_of_the_subject_is_criticism(code_text: Any) -> None:
    # negative case: the predicate still counts
    r = code_text("Chile said Peru was a threat to regional security.")
    assert ("CHL", "PER", "ACCUSE") in events(r)


# ---------------------------------------------------------------------------------------------- figurative fights
def test_fighting_corruption_is_no_assault(code_text: Any) -> None:
    # CAMEO 18-20 are force used against an actor; a government "fighting corruption" attacks no one
    r = code_text("The Kenyan government is fighting corruption and poverty.")
    assert "ASSAULT" not in plovers(r, None)


def test_fighting_a_pandemic_with_help_is_no_assault_on_the_helper(code_text: Any) -> None:
    r = code_text("Ghana is fighting the coronavirus pandemic with help from China.")
    assert ("GHA", "CHN", "ASSAULT") not in events(r, None)


def test_fighting_an_armed_group_stays_an_assault(code_text: Any) -> None:
    # negative case: an actor object keeps the 190
    r = code_text("Nigerian troops are fighting Boko Haram in the northeast.")
    assert "ASSAULT" in plovers(r)
