"""The seed evaluator's pairing of gold events with coded events (no model needed)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from dyad.evaluate import choose_event, match_one_to_one


def _event(src: str, tgt: str, root: str, sentence: str, date: str = "2020-01-01") -> Any:
    return SimpleNamespace(
        source=SimpleNamespace(code=src),
        target=SimpleNamespace(code=tgt),
        cameo_root=root,
        sentence=sentence,
        date=date,
        date_precision="day",
    )


def _gold(gid: str, src: str, tgt: str, roots: list[str], evidence: str, core: bool = True) -> dict[str, Any]:
    return {"id": gid, "source": src, "target": tgt, "roots": roots, "evidence": evidence, "core": core}


def test_one_coded_event_counts_for_one_gold_event_only() -> None:
    # two gold accusations of the same dyad, one coded: only one of them is found
    gold = [
        _gold("G1", "USAGOV", "PRK", ["11"], "the adviser accused the north of stalling"),
        _gold("G2", "USAGOV", "PRKGOV", ["11"], "who attacked the leader in speeches last year", core=False),
    ]
    events = [_event("USAGOV", "PRK", "11", "The adviser accused the north of stalling on its promises.")]
    assert match_one_to_one(gold, events) == {0: 0}


def test_each_gold_event_gets_the_event_whose_sentence_tells_it() -> None:
    gold = [
        _gold("G1", "FRA", "DEU", ["11"], "France criticized Germany over the budget"),
        _gold("G2", "FRA", "DEU", ["11"], "Paris condemned Berlin for the border closure"),
    ]
    events = [
        _event("FRA", "DEU", "11", "Paris condemned Berlin for the border closure on Friday."),
        _event("FRA", "DEU", "11", "France criticized Germany over the budget."),
    ]
    assert match_one_to_one(gold, events) == {0: 1, 1: 0}


def test_core_events_are_placed_first_and_the_matching_is_maximal() -> None:
    # G2 (core) can only use event 0; G1 could use either; both must be matched
    gold = [
        _gold("G1", "FRA", "DEU", ["11", "12"], "France rejected and criticized Germany", core=False),
        _gold("G2", "FRA", "DEU", ["11"], "France criticized Germany"),
    ]
    events = [_event("FRA", "DEU", "11", "France criticized Germany."), _event("FRA", "DEU", "12", "France rejected.")]
    assert match_one_to_one(gold, events) == {1: 0, 0: 1}


def test_wrong_dyad_or_root_never_matches() -> None:
    gold = [_gold("G1", "FRA", "DEU", ["11"], "x")]
    assert match_one_to_one(gold, [_event("DEU", "FRA", "11", "x"), _event("FRA", "DEU", "04", "x")]) == {}


def _coded(plover: str | None, modality: str, src: str, tgt: str | None) -> Any:
    return SimpleNamespace(
        plover=plover,
        modality=modality,
        source=SimpleNamespace(text=src),
        target=SimpleNamespace(text=tgt) if tgt else None,
        confidence=0.9,
    )


def test_a_sentence_label_is_about_an_event_with_a_plover_type() -> None:
    # "make statement" (010) has no PLOVER type: the rejection is what a PLOVER label can be about
    statement = _coded(None, "asserted", "the ministry", "the press")
    rejection = _coded("REJECT", "asserted", "the ministry", None)
    assert choose_event([statement, rejection], "", "the ministry", "the council") is rejection


def test_asserted_then_actor_overlap_choose_among_typed_events() -> None:
    planned = _coded("CONSULT", "intended", "France", "Germany")
    done = _coded("ACCUSE", "asserted", "France", "Spain")
    other = _coded("AID", "asserted", "Italy", "Germany")
    assert choose_event([planned, other, done], "", "France", "Spain") is done
    assert choose_event([], "", "France", "Spain") is None
