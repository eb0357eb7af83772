"""Issue #4: the PLOVER manual's "Potential ambiguities" rules (data/ontology/plover_refinements.yaml).

Each rule gets a sentence written for the test where it applies and one where it must not. Sentences are coded
with patterns and constructions only (the ``code_text`` fixture of test_pattern_fixes), except where the
learned typer's part is the point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_pattern_fixes import code_text

__all__ = ["code_text"]  # the fixture, re-exported for pytest


def typed(result: Any, cameo: str) -> tuple[str | None, str | None, str]:
    """(PLOVER type, mode, rule) of the result's one asserted event with this CAMEO code."""
    found = [(e.plover, e.plover_mode, e.rule) for e in result.events if e.cameo == cameo and e.modality == "asserted"]
    assert len(found) >= 1, f"no asserted {cameo} event in {[(e.cameo, e.rule) for e in result.events]}"
    return found[0]


# ---------------------------------------------------------------------------------------------- the file
def test_bundled_rules_load_and_quote_the_manual() -> None:
    from dyad.plover_rules import PloverRefiner

    refiner = PloverRefiner().load()
    assert len(refiner.rules) >= 20
    assert all(r.manual and r.codes for r in refiner.rules)
    assert "arrest" in refiner.modes["COERCE"] and "convict" in refiner.modes["SANCTION"]


def test_first_fitting_rule_wins_and_only_named_codes_are_looked_at(tmp_path: Path, nlp: Any) -> None:
    from dyad.clauses import Clause
    from dyad.plover_rules import PloverRefiner

    path = tmp_path / "r.yaml"
    path.write_text(
        "schema: dyad-plover-refinements/1\nversion: x\nsource: test\nlicence: MIT\n"
        "modes: {COERCE: [arrest], ASSAULT: [abduct]}\n"
        "rules:\n"
        "  - {id: a, manual: q, codes: ['17'], sentence: [prison], plover: COERCE, mode: arrest}\n"
        "  - {id: b, manual: q, codes: ['173'], plover: ASSAULT, mode: abduct}\n",
        encoding="utf-8",
    )
    refiner = PloverRefiner(path).load()
    doc = nlp("Police took the man to prison.")
    clause = Clause(trigger=doc[1], kind="verb", lemma="take")
    first = refiner.refine("173", doc[1], clause, None, None)
    assert first is not None and first.id == "a"
    other = nlp("Police took the man home.")
    second = refiner.refine("173", other[1], Clause(trigger=other[1], kind="verb", lemma="take"), None, None)
    assert second is not None and second.id == "b"
    assert refiner.refine("190", doc[1], clause, None, None) is None


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("{id: a, manual: q, codes: ['173'], plover: COERSE}", "unknown PLOVER type 'COERSE'"),
        ("{id: a, manual: q, codes: ['173'], plover: COERCE, mode: jail}", "COERCE has no mode 'jail'"),
        ("{id: a, codes: ['173'], plover: COERCE}", "'manual' must quote"),
        ("{id: a, manual: q, codes: [173x], plover: COERCE}", "'codes' must list CAMEO codes"),
        ("{id: a, manual: q, codes: ['999'], plover: COERCE}", "CAMEO code 999 does not exist"),
        ("{id: a, manual: q, codes: ['173'], plover: COERCE, lemma: [x]}", "unknown key(s) lemma"),
        ("{id: a, manual: q, codes: ['173'], plover: none, mode: arrest}", "plover none takes no mode"),
    ],
)
def test_lint_reports_a_broken_rule_file(tmp_path: Path, rule: str, problem: str) -> None:
    from dyad.lint import lint_file

    bad = tmp_path / "plover_refinements.yaml"
    bad.write_text(
        "schema: dyad-plover-refinements/1\nversion: x\nsource: test\nlicence: MIT\n"
        f"modes: {{COERCE: [arrest]}}\nrules:\n  - {rule}\n",
        encoding="utf-8",
    )
    problems = lint_file(bad, set())
    assert len(problems) == 1 and problem in problems[0] and str(bad) in problems[0], problems


def test_lint_checks_the_bundled_file() -> None:
    from dyad.lint import lint_all
    from dyad.resources import data_path

    problems, n = lint_all([data_path("ontology", "plover_refinements.yaml")])
    assert (problems, n) == ([], 1)


# ---------------------------------------------------------------------------------------------- convictions
def test_conviction_with_a_prison_term_is_an_arrest(code_text: Any) -> None:
    # SANCTION: "Convictions that result in imprisonment should also be coded as COERCE 'arrest'"
    r = code_text("A Kenyan court convicted the Ugandan pilot of smuggling and sentenced him to six years in prison.")
    plover, mode, rule = typed(r, "116")
    assert (plover, mode) == ("COERCE", "arrest")
    assert rule.endswith("+plover:conviction-imprisonment")


def test_conviction_without_prison_keeps_the_table_type(code_text: Any) -> None:
    # the manual's mode table would make it SANCTION 'convict'; that rule is off (the PLV annotations say ACCUSE)
    r = code_text("A Kenyan court convicted the Ugandan pilot of smuggling on Monday.")
    plover, _, rule = typed(r, "116")
    assert plover == "ACCUSE" and "+plover:" not in rule


def test_a_disabled_rule_applies_once_enabled(code_text: Any, pipeline: Any, tmp_path: Path) -> None:
    from dyad.plover_rules import PloverRefiner
    from dyad.resources import data_path

    text = data_path("ontology", "plover_refinements.yaml").read_text(encoding="utf-8")
    on = tmp_path / "plover_refinements.yaml"
    on.write_text(text.replace("enabled: false", "enabled: true"), encoding="utf-8")
    coder = pipeline.coder
    shipped, coder.refiner = coder.refiner, PloverRefiner(on).load()
    try:
        r = code_text("A Kenyan court convicted the Ugandan pilot of smuggling on Monday.")
    finally:
        coder.refiner = shipped
    assert typed(r, "116")[:2] == ("SANCTION", "convict")


def test_a_death_sentence_is_a_court_sanction_not_an_arrest(code_text: Any) -> None:
    # SANCTION mode convict: "found guilty and sentenced or sanctioned via court-order"; only imprisonment is COERCE
    r = code_text("A Kenyan court sentenced the Ugandan rebel commander to death.")
    assert typed(r, "173")[:2] == ("SANCTION", "convict")
    r = code_text("A Kenyan court sentenced the Ugandan rebel commander to ten years in jail.")
    assert typed(r, "173")[:2] == ("COERCE", "arrest")


def test_an_arrest_in_absentia_is_a_threat(code_text: Any) -> None:
    # COERCE/THREATEN: "Issuing an in-absentia arrest should be coded as a THREAT 'arrest'"
    r = code_text("A Kenyan court sentenced the Ugandan businessman in absentia to ten years in prison.")
    assert typed(r, "173")[:2] == ("THREATEN", "arrest")
    r = code_text("Kenyan police arrested the Ugandan businessman at the airport.")
    assert typed(r, "173")[:2] == ("COERCE", "arrest")


def test_captured_combatants_are_an_assault(code_text: Any) -> None:
    # COERCE/ASSAULT: "Combatants captured during conflict should be coded as ASSAULT 'abduct'"
    r = code_text("Kenyan forces captured five Ugandan soldiers during the clashes.")
    assert typed(r, "173")[:2] == ("ASSAULT", "abduct")
    r = code_text("Kenyan troops captured twenty fighters near the border.")
    assert typed(r, "173")[:2] == ("ASSAULT", "abduct")
    r = code_text("Kenyan police captured the Ugandan smuggler on Monday.")
    assert typed(r, "173")[:2] == ("COERCE", "arrest")


def test_an_allegation_beside_a_conviction_has_no_plover_type(code_text: Any) -> None:
    # ACCUSE: "When an accusation ... is also reported alongside a formal conviction, ACCUSE 'allege' should not
    # be coded"; the CAMEO event stays, with no PLOVER type
    r = code_text("Kenyan prosecutors accused the Ugandan minister of corruption, and a Kenyan court convicted him.")
    plover, mode, rule = typed(r, "112")
    assert (plover, mode) == (None, None) and rule.endswith("+plover:allegation-with-conviction")
    r = code_text("Kenyan prosecutors accused the Ugandan minister of corruption.")
    assert typed(r, "112")[0] == "ACCUSE"


def test_a_court_ordered_payment_is_a_sanction(code_text: Any) -> None:
    # AID/SANCTION: "court-ordered payments should be coded as SANCTION events with the winner and court as actor"
    r = code_text("A Kenyan court ordered Uganda to pay compensation to the victims.")
    assert typed(r, "105")[:2] == ("SANCTION", "convict")
    r = code_text("The Kenyan government ordered Uganda to pay compensation to the victims.")
    assert typed(r, "105")[0] == "REQUEST"


# ---------------------------------------------------------------------------------------------- meetings, entry
def test_cancelled_talks_and_meetings_are_rejections(code_text: Any) -> None:
    # SANCTION: "Cancellation of meetings are REJECT and therefore verbal conflict"
    r = code_text("Kenya cancelled talks with Uganda.")
    assert typed(r, "164")[:2] == ("REJECT", "meet")
    r = code_text("Kenya suspended talks with Uganda.")
    assert typed(r, "164")[0] == "SANCTION"
    r = code_text("The summit between Kenya and Uganda was cancelled.")
    assert typed(r, "044")[:2] == ("REJECT", "meet")


def test_meeting_an_ambassador_to_complain_is_an_accusation(code_text: Any) -> None:
    # CONSULT: consultations with ambassadors "to complain about an action ... would usually be ACCUSE"
    r = code_text("Kenya met the Ugandan ambassador to protest against the border closure.")
    assert typed(r, "040")[:2] == ("ACCUSE", "disapprove")
    r = code_text("Kenya met the Ugandan ambassador to discuss trade.")
    assert typed(r, "040")[0] == "CONSULT"


def test_barring_entry_is_a_rejection(code_text: Any) -> None:
    # COERCE/REJECT: a country that "bars a group or organization from entering its territory" is REJECT
    r = code_text("Kenya banned the Ugandan opposition leader from entering the country.")
    assert typed(r, "172")[0] == "REJECT"
    r = code_text("Kenya banned the Ugandan opposition party.")
    assert "REJECT" not in {e.plover for e in r.events}


def test_an_expelled_organization_is_coerced_and_expelled_workers_keep_the_table(code_text: Any) -> None:
    # COERCE: "a group or organization ... expelled from a country ... should be coded as COERCE"
    r = code_text("Kenya expelled the charity Oxfam from its territory.")
    assert typed(r, "1663")[:2] == ("COERCE", "deport")
    r = code_text("Kenya expelled three Ugandan aid workers.")
    assert all(e.plover != "COERCE" for e in r.events if e.cameo == "1663")


def test_a_state_protesting_is_a_diplomatic_protest(code_text: Any) -> None:
    # PROTEST: "Diplomatic protests ... are coded as ACCUSE 'disapprove.' PROTEST presumes significant
    # physical/material activity"
    r = code_text("Kenya protested to Uganda over the border incident.")
    assert typed(r, "140")[:2] == ("ACCUSE", "disapprove")
    r = code_text("Ugandan students protested against the Kenyan government.")
    assert "PROTEST" in {e.plover for e in r.events} and "ACCUSE" not in {e.plover for e in r.events}


def test_a_conflict_party_calling_for_peace_agrees(code_text: Any) -> None:
    # REQUEST: "When one or more parties to a conflict call for ending the conflict ... coded as AGREE"
    r = code_text("Ugandan rebels called for an end to the fighting with the Kenyan army.")
    assert typed(r, "020")[0] == "AGREE"
    r = code_text("Kenya called for an end to the fighting in Uganda.")
    assert typed(r, "020")[0] == "REQUEST"


def test_demands_by_protesters_are_a_protest(code_text: Any) -> None:
    # REQUEST: "demands that take the form of demonstrations, protests, etc. are coded as PROTEST"
    r = code_text("Ugandan protesters demanded the resignation of the Kenyan ambassador.")
    assert {e.plover for e in r.events if e.cameo.startswith(("02", "10"))} == {"PROTEST"}
    r = code_text("Uganda demanded the resignation of the Kenyan ambassador.")
    assert "PROTEST" not in {e.plover for e in r.events}


def test_a_call_for_dismissal_is_a_request_for_change(code_text: Any) -> None:
    # REQUEST: "REQUEST 'change' includes calls for dismissal of officials"
    r = code_text("The Ugandan opposition called for the dismissal of the Kenyan ambassador.")
    assert typed(r, "020")[:2] == ("REQUEST", "change")
    r = code_text("The Ugandan opposition called for talks with the Kenyan ambassador.")
    assert all(e.plover_mode != "change" for e in r.events)


def test_a_withdrawn_demand_is_a_concession(code_text: Any) -> None:
    # REQUEST: "Withdrawing a demand should be coded as CONCEDE"
    r = code_text("Kenya dropped its demand for compensation from Uganda.")
    assert typed(r, "100")[0] == "CONCEDE"
    r = code_text("Kenya repeated its demand for compensation from Uganda.")
    assert typed(r, "100")[0] == "REQUEST"


# ---------------------------------------------------------------------------------------------- concessions
def test_military_cooperation_is_cooperate(code_text: Any) -> None:
    # SUPPORT: "Military cooperation or defense should be coded as COOPERATE with a military context"
    r = code_text("Kenya and Uganda strengthened their defense cooperation.")
    assert {e.plover for e in r.events if e.cameo == "050"} == {"COOPERATE"}
    r = code_text("Kenya and Uganda expanded their trade ties.")
    assert {e.plover for e in r.events if e.cameo == "050"} == {"SUPPORT"}


def test_a_pardon_is_a_concession_and_a_release_a_retreat(code_text: Any) -> None:
    # SUPPORT/CONCEDE: "Formal pardons, acquittals, and amnesties ... CONCEDE; the actual release ... RETREAT"
    r = code_text("The Kenyan president pardoned the jailed Ugandan activists.")
    assert typed(r, "0841")[0] == "CONCEDE"
    r = code_text("Kenya released the jailed Ugandan activists.")
    assert typed(r, "0841")[0] == "RETREAT"


def test_a_hostage_rescue_is_aid(code_text: Any) -> None:
    # AID/RETREAT: "Hostage rescues ... 'Police in Barcelona freed 10 human trafficking victims' ... AID"
    r = code_text("Kenyan police freed ten hostages held by kidnappers.")
    assert typed(r, "0841")[0] == "AID"
    r = code_text("Ugandan rebels freed ten hostages on Sunday.")
    assert typed(r, "0841")[0] == "RETREAT"


def test_an_apology_is_a_concession(code_text: Any) -> None:
    # SUPPORT/CONCEDE: "Expressions of regret or remorse for an action or situation should be coded as CONCEDE"
    r = code_text("Kenya apologized to Uganda for the border incident.")
    assert typed(r, "055")[0] == "CONCEDE"
    r = code_text("Kenya praised Uganda for the border agreement.")
    assert "CONCEDE" not in {e.plover for e in r.events}


def test_an_announced_withdrawal_keeps_the_table_type(code_text: Any) -> None:
    # the manual's "Announcements of future retreats should be coded as CONCEDE" is off (PLV says AGREE)
    r = code_text("Kenya will withdraw its troops from Uganda next month.")
    assert {e.plover for e in r.events if e.cameo.startswith("035")} == {"AGREE"}


def test_tear_gas_is_crowd_control(code_text: Any) -> None:
    # ASSAULT mode crowd-control: "tear gas, water cannons, firing weapons in the air, lathi charges, etc."
    r = code_text("Kenyan police fired tear gas at Ugandan protesters.")
    assert typed(r, "175")[:2] == ("ASSAULT", "crowd-control")
    r = code_text("Kenyan police beat Ugandan protesters with batons.")
    assert typed(r, "182")[:2] == ("ASSAULT", "beat")


def test_machetes_are_primitive_weapons(code_text: Any) -> None:
    # ASSAULT: "assaults, murders, or clashes that involve knives, machetes, fire, rocks ... 'primitive' mode"
    r = code_text("Ugandan militiamen attacked Kenyan villagers with machetes.")
    assert {e.plover_mode for e in r.events if e.plover == "ASSAULT"} == {"primitive"}


# ---------------------------------------------------------------------------------------------- military moves
def test_joint_exercises_cooperate_and_single_country_exercises_mobilize(code_text: Any) -> None:
    # MOBILIZE: "Joint military operations are coded as COOPERATE but single-country exercises ... MOBILIZE"
    r = code_text("Kenya held joint military exercises with Uganda near the border.")
    assert "COOPERATE" in {e.plover for e in r.events} and "MOBILIZE" not in {e.plover for e in r.events}
    r = code_text("Kenya held military exercises near the border.")
    assert typed(r, "150")[0] == "MOBILIZE"


def test_mobilizing_warships_is_the_weapons_mode(code_text: Any) -> None:
    # MOBILIZE: "Mobilizing weapons, ships, or vehicles should be coded as MOBILIZE 'weapons' rather than 'troops'"
    r = code_text("Kenya deployed warships near the Ugandan coast.")
    assert typed(r, "154")[:2] == ("MOBILIZE", "weapons")
    r = code_text("Kenya deployed troops near the Ugandan border.")
    assert typed(r, "154")[:2] == ("MOBILIZE", "troops")


def test_mobilizing_for_disaster_relief_is_aid(code_text: Any) -> None:
    # MOBILIZE: "Mobilizing police or military forces for disaster relief should be coded as AID"
    r = code_text("Kenya mobilized troops for earthquake relief.")
    assert typed(r, "154")[0] == "AID"
    r = code_text("Kenya mobilized troops along the Ugandan border.")
    assert typed(r, "154")[0] == "MOBILIZE"


def test_mobilizing_supporters_is_a_protest(code_text: Any) -> None:
    # MOBILIZE: "Events that involved 'mobilizing supporters to demonstrate' should be coded as PROTEST"
    r = code_text("The Kenyan opposition mobilized its supporters against the government.")
    assert typed(r, "154")[:2] == ("PROTEST", "demo")


def test_a_state_of_emergency_for_a_disaster_is_no_coercion(code_text: Any) -> None:
    # COERCE: "State of emergencies in relation to national disasters should generally not be coded as COERCE"
    r = code_text("Kenya declared a state of emergency after the earthquake.")
    assert typed(r, "1724")[0] is None
    r = code_text("Kenya declared a state of emergency after the riots.")
    assert typed(r, "1724")[0] == "COERCE"


# ---------------------------------------------------------------------------------------------- the whole coder
def test_a_refined_event_is_not_retyped_by_the_learned_typer(pipeline: Any) -> None:
    from dyad.models import RawDocument

    assert pipeline.coder.typer is not None
    text = "A Kenyan court convicted the Ugandan pilot of smuggling and sentenced him to six years in prison."
    (r,) = list(pipeline.run([RawDocument(id="t", origin="<test>", text=text, published="2018-08-08")]))
    assert typed(r, "116")[:2] == ("COERCE", "arrest")
