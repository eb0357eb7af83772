"""The learned event typer: the bundled weights, the runtime scorer, and its tie to the training script."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dyad.errors import DictionaryError
from dyad.typer import DEFAULT_GROUPS, DEFAULT_PATH, REQUIRED_HEADER, SCHEMA, EventTyper, default_pair

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LABELS = {
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE",
    "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD",
    "NONE",  # no event: trained on sport and entertainment sentences
}  # fmt: skip


@pytest.fixture(scope="module")
def parse() -> Any:
    """Parse one sentence with dyad's spaCy pipeline (loaded once for this module); returns its first Span."""
    from dyad.nlp import Parser

    nlp = Parser().load().nlp

    def run(text: str) -> Any:
        return next(iter(nlp(text).sents))

    return run


@pytest.fixture(scope="module")
def typer() -> EventTyper:
    return EventTyper().load()


def test_bundled_weights_have_header_and_labels() -> None:
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    for key in REQUIRED_HEADER:
        assert data[key], key
    assert data["schema"] == SCHEMA
    assert "PLV_train.tsv" in data["source"] and "research" in data["licence"]
    assert set(data["labels"]) == LABELS
    assert len(data["intercepts"]) == len(data["labels"])
    assert DEFAULT_PATH.stat().st_size < 2_000_000


def test_load_reads_groups_and_labels(typer: EventTyper) -> None:
    assert set(typer.labels) == LABELS
    assert typer.header["schema"] == SCHEMA
    assert typer.temperature > 0


def test_predict_gives_every_label_with_probabilities(typer: EventTyper, parse: Any) -> None:
    ranked = typer.predict(parse("The minister visited the border region on Tuesday."))
    assert {label for label, _ in ranked} == LABELS
    assert math.isclose(sum(p for _, p in ranked), 1.0, abs_tol=1e-9)
    probs = [p for _, p in ranked]
    assert probs == sorted(probs, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_features_are_deterministic(typer: EventTyper, parse: Any) -> None:
    sent = parse("The army did not withdraw its troops from the disputed town, officials said.")
    first = typer.features(sent)
    assert first == typer.features(sent) == typer.features(parse(sent.text))
    assert first["root=say"] == 1.0
    assert "neg" in first and "said=withdraw" in first
    assert all(isinstance(v, float) for v in first.values())


def test_trigger_adds_only_trigger_features(typer: EventTyper, parse: Any) -> None:
    sent = parse("Police arrested two protesters outside the embassy.")
    trigger = next(t for t in sent if t.lemma_ == "arrest")
    plain = typer.features(sent)
    with_trigger = typer.features(sent, trigger)
    assert with_trigger["trig=arrest"] == 1.0
    assert {k: v for k, v in with_trigger.items() if k in plain} == plain
    assert all(k.startswith("t") for k in set(with_trigger) - set(plain))


def _tok(sent: Any, text: str) -> Any:
    return next(t for t in sent if t.text == text)


def test_pair_features_follow_the_event_between_the_two_actors(parse: Any) -> None:
    # two events in one sentence: the pair's path picks the verb between its own two actors
    typer = EventTyper(groups=[*DEFAULT_GROUPS, "pair"])
    sent = parse("Russia attacked Ukraine, and France praised Germany.")
    first = typer.features(sent, None, (_tok(sent, "Russia"), _tok(sent, "Ukraine")))
    second = typer.features(sent, None, (_tok(sent, "France"), _tok(sent, "Germany")))
    assert first["plca=attack"] == 1.0 and "plca=praise" not in first
    assert second["plca=praise"] == 1.0 and "plca=attack" not in second
    assert second["ptgov=obj:praise"] == 1.0 and second["psgov=subj:praise"] == 1.0
    # the sentence's own features are the same whichever pair is typed
    assert {k: v for k, v in first.items() if not k.startswith("p")} == {
        k: v for k, v in second.items() if not k.startswith("p")
    }


def test_pair_features_name_the_targets_preposition(parse: Any) -> None:
    typer = EventTyper(groups=[*DEFAULT_GROUPS, "pair"])
    sent = parse("Protesters in Caracas demonstrated against the government.")
    f = typer.features(sent, None, (_tok(sent, "Protesters"), _tok(sent, "government")))
    assert f["ptprep=against"] == 1.0 and f["plca=demonstrate"] == 1.0
    assert f["ppath=demonstrate:prep>pobj"] == 1.0


def test_default_pair_is_the_event_verbs_subject_and_object(parse: Any) -> None:
    sent = parse("The rebels attacked the police station.")
    assert [t.text for t in default_pair(sent) if t is not None] == ["rebels", "station"]
    # a reporting verb hands the event to its complement
    sent = parse("Officials said the rebels attacked the town.")
    assert [t.text for t in default_pair(sent) if t is not None] == ["rebels", "town"]
    typer = EventTyper(groups=[*DEFAULT_GROUPS, "pair"])
    assert typer.features(sent) == typer.features(sent, None, default_pair(sent))


def test_without_pair_group_the_pair_changes_nothing(typer: EventTyper, parse: Any) -> None:
    sent = parse("Russia attacked Ukraine, and France praised Germany.")
    assert typer.features(sent, None, (_tok(sent, "France"), _tok(sent, "Germany"))) == typer.features(sent)


# Clear cases, written for this test. PLOVER (CAMEO2PLOVER 2021) codes signing a formal agreement (057) as
# SUPPORT and imposing sanctions or an embargo (163) as COERCE; SANCTION is reducing relations (expel, cut ties).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked a police station in the north.", {"ASSAULT"}),
        ("The two countries signed a trade agreement.", {"SUPPORT", "AGREE", "COOPERATE"}),
        ("The government imposed sanctions on the firm.", {"COERCE", "SANCTION"}),
        ("The country expelled two diplomats and cut diplomatic ties with its neighbour.", {"SANCTION"}),
        ("The foreign minister held talks with his Chinese counterpart in Beijing.", {"CONSULT"}),
        ("The president rejected the proposal.", {"REJECT"}),
    ],
)
def test_clear_cases(typer: EventTyper, parse: Any, text: str, expected: set[str]) -> None:
    label, prob = typer.best(parse(text))
    assert label in expected, typer.predict(parse(text))[:3]
    assert prob > 1 / len(LABELS)


def test_bad_weights_raise(tmp_path: Path) -> None:
    bad = tmp_path / "typer.json"
    bad.write_text(json.dumps({"schema": SCHEMA, "version": "1", "source": "x", "labels": ["A"]}), encoding="utf-8")
    with pytest.raises(DictionaryError, match="licence"):
        EventTyper(bad).load()
    bad.write_text(
        json.dumps(
            {"schema": SCHEMA, "version": "1", "source": "x", "licence": "y", "labels": ["A", "B"], "intercepts": [0]}
        ),
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError, match="intercepts"):
        EventTyper(bad).load()


def test_unknown_feature_group_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        EventTyper(groups=["verb", "nonsense"])


def _training_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_typer", REPO / "scripts" / "train_typer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_typer"] = module
    spec.loader.exec_module(module)
    return module


def test_training_script_uses_the_runtime_features() -> None:
    script = _training_script()
    assert script.EventTyper is EventTyper
    assert script.EventTyper.features is EventTyper.features
    assert script.SCHEMA == SCHEMA
    assert Path(script.DEFAULT_OUT).resolve() == DEFAULT_PATH.resolve()


def test_combination_reads_pattern_errors(tmp_path: Path) -> None:
    script = _training_script()
    errors = tmp_path / "errors.jsonl"
    errors.write_text(
        json.dumps({"line": "PLV_train.tsv:3", "expected": "AID", "got": "NONE"})
        + "\n"
        + json.dumps({"line": "PLV_train.tsv:4", "expected": "YIELD", "got": "CONCEDE"})
        + "\n",
        encoding="utf-8",
    )
    gold = ["ASSAULT", "AID", "AGREE"]
    assert script.read_pattern_predictions(errors, gold) == ["ASSAULT", "NONE", "YIELD"]


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "dev" / "PLV_train.tsv").exists(), reason="../shared/dev/PLV_train.tsv absent")
def test_marked_spans_match_the_dev_rows() -> None:
    script = _training_script()
    rows = script.read_rows(SHARED / "dev" / "PLV_train.tsv")[:50]
    for row in rows:
        spans = script.marked_spans(row)
        if "t" in spans:
            start, end = spans["t"]
            assert row["sentence"][start:end].strip() == row["target"].strip()


# ------------------------------------------------------------------ how the coder uses the typer (a stub typer)
class StubTyper(EventTyper):
    """Gives every sentence the same ranking, so the coder's decision rules can be tested on their own."""

    def __init__(self, ranked: list[tuple[str, float]]) -> None:
        super().__init__()
        self.ranked = ranked

    def predict(self, sent: Any, trigger: Any = None, pair: Any = None) -> list[tuple[str, float]]:
        return self.ranked


class PairStubTyper(EventTyper):
    """A typer with actor-pair features: types an event ASSAULT when its target is the given word, else
    AID; records every pair it is given."""

    def __init__(self, assault_target: str) -> None:
        super().__init__(groups=[*DEFAULT_GROUPS, "pair"])
        self.assault_target = assault_target
        self.pairs: list[tuple[str | None, str | None]] = []

    def predict(self, sent: Any, trigger: Any = None, pair: Any = None) -> list[tuple[str, float]]:
        src, tgt = pair if pair is not None else (None, None)
        self.pairs.append((src.text if src is not None else None, tgt.text if tgt is not None else None))
        if tgt is not None and tgt.text == self.assault_target:
            return [("ASSAULT", 0.9), ("AID", 0.05), ("NONE", 0.05)]
        return [("AID", 0.9), ("ASSAULT", 0.05), ("NONE", 0.05)]


def _code_with(pipeline: Any, typer: EventTyper, text: str, rules: Any = None) -> list[Any]:
    import copy
    from datetime import date

    coder = copy.copy(pipeline.coder)
    coder.typer = typer
    if rules is not None:
        coder.typer_rules = rules
    doc = pipeline.parser.nlp(text)
    actors = pipeline.resolver.resolve(doc, date(2020, 5, 1))
    return coder.code("stub", doc, actors, date(2020, 5, 1), "day")


# Neither the union nor the company is in any dictionary, and no verb pattern knows "picketed".
UNKNOWN_ACTORS = "The Brennan Workers Guild picketed Holloway Freight Systems."


def test_typer_codes_a_sentence_whose_actors_no_dictionary_knows(pipeline: Any) -> None:
    events = _code_with(pipeline, StubTyper([("PROTEST", 0.8), ("NONE", 0.1), ("ACCUSE", 0.1)]), UNKNOWN_ACTORS)
    assert [e.plover for e in events] == ["PROTEST"]
    (event,) = events
    assert event.rule == "typer:PROTEST"
    assert event.source is not None and event.source.code is None and "Guild" in event.source.text
    assert event.target is not None and event.target.code is None and "Holloway" in event.target.text


def test_typer_no_event_label_stops_a_fill(pipeline: Any) -> None:
    from dyad.coding import TYPER_MAX_NONE

    none = TYPER_MAX_NONE + 0.01
    stub = StubTyper([("NONE", none), ("PROTEST", (1 - none) * 0.9), ("ACCUSE", (1 - none) * 0.1)])
    assert _code_with(pipeline, stub, UNKNOWN_ACTORS) == []
    none = TYPER_MAX_NONE - 0.01
    stub = StubTyper([("NONE", none), ("PROTEST", (1 - none) * 0.9), ("ACCUSE", (1 - none) * 0.1)])
    assert [e.plover for e in _code_with(pipeline, stub, UNKNOWN_ACTORS)] == ["PROTEST"]


def test_typer_fill_needs_a_confident_type(pipeline: Any) -> None:
    # the type's probability is taken given that there is an event: p / (1 - p(NONE))
    from dyad.coding import TYPER_MIN_FILL

    def stub(share: float) -> StubTyper:
        p = 0.8 * share
        return StubTyper([("PROTEST", p), ("NONE", 0.2), ("ACCUSE", (0.8 - p) / 2), ("AID", (0.8 - p) / 2)])

    assert [e.plover for e in _code_with(pipeline, stub(TYPER_MIN_FILL + 0.02), UNKNOWN_ACTORS)] == ["PROTEST"]
    assert _code_with(pipeline, stub(TYPER_MIN_FILL - 0.02), UNKNOWN_ACTORS) == []


def test_typer_codes_a_passive_without_agent_as_a_sourceless_event(pipeline: Any) -> None:
    stub = StubTyper([("COERCE", 0.9), ("NONE", 0.05), ("ACCUSE", 0.05)])
    events = _code_with(pipeline, stub, "Anton Vasko was detained in Minsk on Monday.")
    assert [(e.source, e.plover) for e in events] == [(None, "COERCE")]
    assert events[0].target is not None and "Vasko" in events[0].target.text


def test_typer_leaves_sentences_without_any_actor_alone(pipeline: Any) -> None:
    stub = StubTyper([("ASSAULT", 0.9), ("NONE", 0.05), ("ACCUSE", 0.05)])
    assert _code_with(pipeline, stub, "It rained heavily all afternoon and the roads flooded.") == []


def test_a_pair_typer_types_each_pattern_event_with_its_own_actors(pipeline: Any) -> None:
    # two pattern events in one sentence; the stub re-types only the one whose target is "Ukraine"
    text = "Russia attacked Ukraine, and France praised Germany."
    plain = _code_with(pipeline, None, text)  # type: ignore[arg-type]
    stub = PairStubTyper("Ukraine")
    events = _code_with(pipeline, stub, text)
    assert ("Russia", "Ukraine") in stub.pairs and ("France", "Germany") in stub.pairs
    by_target = {e.target.text: e for e in events if e.target is not None}
    assert by_target["Ukraine"].plover == "ASSAULT"
    assert by_target["Germany"].rule.startswith("typer:AID>")
    assert {e.target.text for e in plain if e.target is not None} == set(by_target)


def test_typer_rules_are_per_coder(pipeline: Any) -> None:
    from dyad.coding import TyperRules

    stub = StubTyper([("PROTEST", 0.5), ("NONE", 0.45), ("ACCUSE", 0.05)])
    assert [e.plover for e in _code_with(pipeline, stub, UNKNOWN_ACTORS)] == ["PROTEST"]
    assert _code_with(pipeline, stub, UNKNOWN_ACTORS, TyperRules(max_none=0.4)) == []
    assert pipeline.coder.typer_rules == TyperRules()


def test_a_typer_that_sees_no_event_does_not_retype_a_pattern(pipeline: Any) -> None:
    from dyad.coding import TYPER_RETYPE_MAX_NONE

    text = "Germany condemned Russia on Monday."
    none = TYPER_RETYPE_MAX_NONE + 0.01
    unsure = StubTyper([("NONE", none), ("AID", 1 - none - 0.001), ("ACCUSE", 0.001)])
    assert [e.cameo for e in _code_with(pipeline, unsure, text)] == ["111"]
    sure = StubTyper([("NONE", 0.05), ("AID", 0.949), ("ACCUSE", 0.001)])
    assert [e.plover for e in _code_with(pipeline, sure, text)] == ["AID"]


def test_retyping_leaves_a_statement_and_an_evaluation_alone(pipeline: Any) -> None:
    # "told Y" (010, no PLOVER type) and "said X is unreliable" (111) are constructions, not topics
    sure = StubTyper([("NONE", 0.05), ("AID", 0.949), ("ACCUSE", 0.001)])
    events = _code_with(pipeline, sure, "The German chancellor told the Iranian president that Russia was unreliable.")
    assert sorted(e.cameo for e in events) == ["010", "111"]
    text = "The German chancellor told the Iranian president that Russia attacked Georgia."
    events = _code_with(pipeline, sure, text)
    assert sorted(e.cameo for e in events) == ["010", "070"]


def test_retyping_leaves_a_refusal_alone(pipeline: Any) -> None:
    # "will not release the prisoners" is a refusal (1243); the typer sees the topic (a release), not the refusal
    sure = StubTyper([("NONE", 0.05), ("ACCUSE", 0.949), ("YIELD", 0.001)])
    events = _code_with(pipeline, sure, "Israel will not release the prisoners held in the south.")
    assert [e.cameo for e in events if e.modality == "asserted"] == ["1243"]
    # the same typer does re-type a plain release
    events = _code_with(pipeline, sure, "Israel released the prisoners held in the south.")
    assert [e.plover for e in events if e.modality == "asserted"] == ["ACCUSE"]


def test_retyping_leaves_a_threat_alone(pipeline: Any) -> None:
    # "threatened to cut its funding": the typer sees the funding (AID), not the threat (13x)
    sure = StubTyper([("NONE", 0.05), ("AID", 0.949), ("THREATEN", 0.001)])
    events = _code_with(pipeline, sure, "Brazil threatened to cut its funding of the Andean Development Bank.")
    assert [e.plover for e in events if e.modality == "asserted"] == ["THREATEN"]
    # the same typer does re-type a plain accusation
    events = _code_with(pipeline, sure, "Brazil accused Peru of cutting its funding of the Andean Development Bank.")
    assert [e.plover for e in events if e.modality == "asserted"] == ["AID"]


def test_retyping_needs_the_patterns_type_excluded_and_a_likely_own_type(pipeline: Any) -> None:
    # "condemned" is ACCUSE (111); the typer re-types it only when it all but excludes ACCUSE (< TYPER_VETO) and
    # gives its own type at least TYPER_MIN_VETO, given an event
    from dyad.coding import TYPER_MIN_VETO, TYPER_VETO

    text = "Germany condemned Russia on Monday."

    def stub(p_aid: float, p_accuse: float) -> StubTyper:
        rest = (0.95 - 0.95 * p_aid - p_accuse) / 3
        others = [("PROTEST", rest), ("SUPPORT", rest), ("REJECT", rest)]
        return StubTyper([("NONE", 0.05), ("AID", 0.95 * p_aid), ("ACCUSE", p_accuse), *others])

    low = TYPER_VETO / 2
    assert [e.plover for e in _code_with(pipeline, stub(TYPER_MIN_VETO + 0.02, low), text)] == ["AID"]
    assert [e.cameo for e in _code_with(pipeline, stub(TYPER_MIN_VETO - 0.02, low), text)] == ["111"]
    # a typer sure of its own type does not re-type a pattern event whose type it does not exclude
    sure = StubTyper([("NONE", 0.02), ("AID", 0.9), ("ACCUSE", TYPER_VETO + 0.03)])
    assert [e.cameo for e in _code_with(pipeline, sure, text)] == ["111"]
