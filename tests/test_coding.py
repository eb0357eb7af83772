"""The coder on sentences written for these tests: one test per construction in the coding scope."""

from __future__ import annotations

from typing import Any

import pytest


def dyads(result: Any, modality: str | None = "asserted") -> set[tuple[str, str, str]]:
    """(source code, target code, CAMEO root) of a result's events with the given modality."""
    return {
        (e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo_root)
        for e in result.events
        if modality is None or e.modality == modality
    }


def roots(result: Any, source: str, target: str, modality: str = "asserted") -> set[str]:
    return {
        e.cameo_root
        for e in result.events
        if e.modality == modality
        and e.source
        and e.target
        and (e.source.code or "").startswith(source)
        and (e.target.code or "").startswith(target)
    }


def test_simple_transitive(code_text: Any) -> None:
    r = code_text("Germany condemned Russia on Monday.")
    assert roots(r, "DEU", "RUS") == {"11"}


def test_conjoined_subjects_without_target_code_both_ways(code_text: Any) -> None:
    r = code_text("Iran and Syria pledged to strengthen their ties.")
    assert roots(r, "IRN", "SYR") and roots(r, "SYR", "IRN")
    assert all(root == "03" for root in roots(r, "IRN", "SYR"))


def test_conjoined_objects_multiply_events(code_text: Any) -> None:
    r = code_text("France criticized Iran and Syria.")
    assert roots(r, "FRA", "IRN") == {"11"}
    assert roots(r, "FRA", "SYR") == {"11"}


def test_passive_with_by_agent_swaps_roles(code_text: Any) -> None:
    r = code_text("Iran was criticized by France on Monday.")
    assert roots(r, "FRA", "IRN") == {"11"}
    assert not roots(r, "IRN", "FRA")


def test_passive_without_agent_has_no_source(code_text: Any) -> None:
    r = code_text("Iran was criticized on Monday.")
    assert not any(e.target and e.source for e in r.events)


def test_object_control_accuse_of(code_text: Any) -> None:
    r = code_text("Germany accused Russia of interfering in the election.")
    assert "11" in roots(r, "DEU", "RUS")


def test_list_subject_from_to(code_text: Any) -> None:
    r = code_text("Countries from Germany to Japan condemned North Korea.")
    assert roots(r, "DEU", "PRK") == {"11"}
    assert roots(r, "JPN", "PRK") == {"11"}


def test_target_inside_nominal_object(code_text: Any) -> None:
    r = code_text("Canada criticized the expansion of Chinese military bases.")
    assert "11" in roots(r, "CAN", "CHN")


def test_negation(code_text: Any) -> None:
    r = code_text("Japan did not condemn China.")
    assert not roots(r, "JPN", "CHN")
    assert roots(r, "JPN", "CHN", modality="negated") == {"11"}


def test_denial(code_text: Any) -> None:
    r = code_text("Iran denied attacking Saudi Arabia.")
    assert not roots(r, "IRN", "SAU")
    assert roots(r, "IRN", "SAU", modality="negated")


def test_conditional_is_hypothetical(code_text: Any) -> None:
    r = code_text("Turkey will respond if Greece attacks Cyprus.")
    assert not roots(r, "GRC", "CYP")
    assert roots(r, "GRC", "CYP", modality="hypothetical")


def test_question_is_hypothetical(code_text: Any) -> None:
    r = code_text("Will Russia attack Ukraine?")
    assert not roots(r, "RUS", "UKR")


def test_intent_verbs_give_03x(code_text: Any) -> None:
    r = code_text("China promised to provide aid to Pakistan.")
    assert roots(r, "CHN", "PAK") == {"03"}


def test_future_visit_is_intent_to_meet(code_text: Any) -> None:
    r = code_text("The Chinese president will visit Russia next week.")
    assert roots(r, "CHN", "RUS") == {"03"}


def test_reported_speech_evaluation(code_text: Any) -> None:
    r = code_text("Iran said that the United States is an unreliable partner.")
    assert roots(r, "IRN", "USA") == {"11"}


def test_according_to_sets_attribution(code_text: Any) -> None:
    r = code_text("Iraq condemned Turkey on Sunday, according to Iranian state media.")
    events = [e for e in r.events if e.source and e.source.code == "IRQ"]
    assert events and events[0].attribution is not None
    assert events[0].attribution.code == "IRNMED"


def test_nominal_sanctions_against(code_text: Any) -> None:
    r = code_text("The restoration of U.S. sanctions against Iran angered many traders.")
    assert roots(r, "USA", "IRN") == {"16"}


def test_nominal_summit_with(code_text: Any) -> None:
    r = code_text("Japan's summit with India ended without a statement.")
    assert roots(r, "JPN", "IND") & {"04"}


def test_nominal_talks_between(code_text: Any) -> None:
    r = code_text("Talks between Armenia and Azerbaijan resumed in Moscow.")
    assert roots(r, "ARM", "AZE") & {"04"} or roots(r, "AZE", "ARM") & {"04"}


def test_nominal_visit_by_to(code_text: Any) -> None:
    r = code_text("A visit by the Indian prime minister to Nepal was postponed.")
    assert roots(r, "IND", "NPL") & {"04"}


def test_nominal_attack_on(code_text: Any) -> None:
    r = code_text("Israel's attack on Gaza drew wide criticism.")
    # CAMEO codes Gaza as the pseudo-state GZS (Palestine as a whole is PSE)
    assert (roots(r, "ISR", "GZS") | roots(r, "ISR", "PSE")) & {"18", "19"}


@pytest.mark.parametrize(
    "text",
    [
        "Manchester United beat Chelsea 2-1 on Saturday.",
        "Heavy rain is expected across Britain this weekend.",
        "Shares in Tokyo fell 2 percent as the yen strengthened.",
        "The flight from Beijing to Pyongyang landed on time.",
    ],
)
def test_no_political_event(code_text: Any, text: str) -> None:
    r = code_text(text)
    assert not [e for e in r.events if e.source and e.target and e.modality == "asserted"]


def test_every_event_explains_itself(code_text: Any) -> None:
    r = code_text("Germany condemned Russia on Monday in Berlin.")
    (e,) = [e for e in r.events if e.source and e.target]
    assert e.rule and e.trigger is not None and e.trigger.text == "condemned"
    assert e.sentence.startswith("Germany condemned")
    assert r.document.text[e.span[0] : e.span[1]] == e.sentence
    assert e.date == "2018-08-06" and e.date_precision == "day"
    assert e.location is not None and e.location.country == "DEU"


# ------------------------------------------------------------------ refusing to yield (constructions.yaml: refusal)
@pytest.mark.parametrize(
    ("text", "source", "target", "code"),
    [
        ("Norway declined to remove the restrictions on Denmark.", "NOR", "DNK", "124"),
        ("Mexico will not lift the ban on Cuba.", "MEX", "CUB", "1241"),
        ("Greece won't release the Turkish fishermen.", "GRC", "TUR", "1243"),
    ],
)
def test_refusal_to_yield_is_coded_as_the_refusal(
    code_text: Any, text: str, source: str, target: str, code: str
) -> None:
    r = code_text(text)
    asserted = [e for e in r.events if e.modality == "asserted"]
    coded = [(e.source.code, e.target.code, e.cameo) for e in asserted if e.source and e.target]
    assert len(coded) == 1, coded
    assert coded[0][0].startswith(source) and coded[0][1].startswith(target) and coded[0][2].startswith(code)
    assert all(e.cameo_root != "08" for e in asserted)  # the refused concession is not asserted
    assert asserted[0].rule.startswith("refuse:")


def test_past_negation_of_a_concession_is_not_a_refusal(code_text: Any) -> None:
    r = code_text("Mexico did not lift the ban on Cuba.")
    assert not any(e.cameo_root == "12" for e in r.events)
    assert roots(r, "MEX", "CUB", modality="negated") == {"08"}


def test_not_refusing_is_neither_refusal_nor_concession(code_text: Any) -> None:
    r = code_text("Chile did not refuse to lift the sanctions on Peru.")
    assert roots(r, "CHL", "PER") == set()


# ------------------------------------------------------------------ a clause dated by the time noun it hangs on
def test_clause_after_a_time_noun_takes_its_date(code_text: Any) -> None:
    r = code_text(
        "Chile recalled its ambassador on Tuesday. It came on the same day that Peru criticized Bolivia.",
        published="2020-05-08",
    )
    (event,) = [e for e in r.events if e.source and e.source.code == "PER"]
    assert (event.date, event.date_precision) == ("2020-05-05", "day")


def test_a_reported_that_clause_is_not_dated_by_the_verb_before_it(code_text: Any) -> None:
    r = code_text("On Tuesday, Mexico said that Cuba criticized Spain.", published="2020-05-08")
    (event,) = [e for e in r.events if e.source and e.source.code == "CUB"]
    assert event.date_precision == "document"


# ------------------------------------------------------------------ distrust in reported speech
@pytest.mark.parametrize(
    "text",
    [
        "The Iranian president told reporters on Monday that the United States could not be trusted.",
        "The Iranian president said on Monday that the United States cannot be counted on.",
        "The Iranian president said on Monday that nobody can rely on the United States.",
    ],
)
def test_a_speaker_saying_someone_cannot_be_trusted_criticizes_them(code_text: Any, text: str) -> None:
    r = code_text(text, published="2020-05-08")
    assert roots(r, "IRN", "USA") == {"11"}
    (event,) = [e for e in r.events if e.cameo_root == "11"]
    assert (event.date, event.date_precision) == ("2020-05-04", "day")


def test_trust_without_negation_is_no_criticism(code_text: Any) -> None:
    r = code_text("The Iranian president said on Monday that the United States can be trusted.")
    assert "11" not in roots(r, "IRN", "USA")


# ------------------------------------------------------------------ a noun event under a light verb
def test_a_light_verbs_preposition_and_date_belong_to_its_noun(code_text: Any) -> None:
    r = code_text("The Iranian president unleashed a tirade against Israel on Monday.", published="2020-05-08")
    (event,) = [e for e in r.events if e.cameo_root == "11"]
    assert (event.source and event.source.code, event.target and event.target.code) == ("IRNGOV", "ISR")
    assert (event.date, event.date_precision) == ("2020-05-04", "day")


def test_a_relative_clause_noun_event_takes_its_own_year(code_text: Any) -> None:
    r = code_text(
        "The Iranian president, who unleashed harsh rhetoric against Israel last year, met the Pope.",
        published="2020-05-08",
    )
    (event,) = [e for e in r.events if e.cameo_root == "11"]
    assert (event.date, event.date_precision) == ("2019", "year")
    assert event.target is not None and event.target.code == "ISR"


# ------------------------------------------------------------------ one event told with and without a date
def test_an_undated_telling_joins_the_dated_telling_of_the_same_event(code_text: Any) -> None:
    r = code_text(
        "Germany condemned Russia over the border closure.\n\n"
        "Germany on Tuesday condemned Russia over the closure of the border crossing.",
        published="2020-05-08",
    )
    (event,) = [e for e in r.events if e.cameo_root == "11"]
    assert (event.date, event.date_precision, event.mentions) == ("2020-05-05", "day", 2)
    assert len(event.evidence) == 2 and "Tuesday" in event.sentence


def test_two_dated_tellings_leave_an_undated_one_apart(code_text: Any) -> None:
    r = code_text(
        "Germany condemned Russia on Monday. Germany condemned Russia again on Thursday. Germany condemned Russia.",
        published="2020-05-08",
    )
    assert sorted(e.date_precision for e in r.events if e.cameo_root == "11") == ["day", "day", "document"]


# ------------------------------------------------------------------ a city named as a participant is its country
def test_a_city_as_participant_is_coded_as_its_country(code_text: Any) -> None:
    r = code_text("Russian forces shelled Kharkiv on Monday.")
    assert roots(r, "RUS", "UKR") == {"19"}
    (event,) = r.events
    assert event.target is not None and event.target.why == "place:city"
    r = code_text("Turkey threatened to attack Kirkuk.")
    assert roots(r, "TUR", "IRQ") == {"13"}


def test_a_city_where_something_happens_is_no_participant(code_text: Any) -> None:
    r = code_text("Iran and France held talks in Geneva on Monday.")
    assert not [a for e in r.events for a in (e.source, e.target) if a is not None and a.code == "CHE"]


# ------------------------------------------------------------------ ending an event ("the lifting of sanctions")
def test_the_lifting_of_sanctions_is_easing_them_not_imposing_them(code_text: Any) -> None:
    r = code_text("France welcomed the lifting of EU sanctions on Cuba.")
    (event,) = [e for e in r.events if e.target and e.target.code == "CUB"]
    assert (event.cameo, event.modality, event.rule) == ("085", "asserted", "reversal:lifting>noun-sanctions")
    r = code_text("Russia called for the easing of US sanctions against Iran.")
    (event,) = [e for e in r.events if e.target and e.target.code == "IRN"]
    assert (event.cameo, event.modality) == ("085", "intended")  # asked for, not done


def test_the_suspension_of_aid_is_its_reduction_by_the_suspensions_owner(code_text: Any) -> None:
    # CAMEO 162 "reduce or stop aid": whoever suspends aid ends aid of their own, to its recipient
    r = code_text("Germany's suspension of aid to Turkey was criticised in Ankara.")
    (event,) = [e for e in r.events if e.cameo_root == "16"]
    assert (event.source.code, event.cameo, event.target.code) == ("DEU", "162", "TUR")
    assert event.rule == "reversal:suspension>noun-aid"
    assert not [e for e in r.events if e.cameo_root == "07"]
    # a light verb's subject ends it too ("announced the suspension of aid")
    r = code_text("The United States announced the lifting of sanctions on Sudan.")
    (event,) = [e for e in r.events if e.target and e.target.code == "SDN"]
    assert (event.source.code, event.cameo, event.rule) == ("USA", "085", "announce+reversal:lifting>noun-sanctions")


def test_the_end_of_an_event_without_a_reversal_codes_nothing(code_text: Any) -> None:
    r = code_text("Iran welcomed the end of the Iraqi attacks on its ships.")
    assert not [e for e in r.events if e.cameo_root == "19"]
    assert roots(code_text("Germany criticized the restoration of U.S. sanctions against Iran."), "USA", "IRN") == {
        "16"
    }


def test_a_present_tense_passive_is_a_view_not_an_event(code_text: Any) -> None:
    r = code_text("Across the region, Israel is recognized as a reliable partner.")
    assert not [e for e in r.events if e.cameo == "054"]
    r = code_text("Israel was recognized by Bahrain on Friday.")
    assert roots(r, "BHR", "ISR") == {"05"}


# ------------------------------------------------------------------ partitives and light verbs with a pronoun owner
@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Russia has begun withdrawing some of its troops from Syria.", "RUS", "SYR"),  # partitive object
        ("The United States completed its withdrawal of troops from Iraq.", "USA", "IRQ"),  # "its" = the subject
    ],
)
def test_troop_withdrawals_through_partitives_and_light_verbs(
    code_text: Any, text: str, source: str, target: str
) -> None:
    assert roots(code_text(text), source, target) == {"08"}


def test_a_noun_inside_a_light_verbs_object_is_not_the_subjects_act(code_text: Any) -> None:
    r = code_text("Iran launched an investigation into the killing of the diplomats.")
    assert not [e for e in r.events if e.cameo_root == "19"]
