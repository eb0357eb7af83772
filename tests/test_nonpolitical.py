"""Sentences with no political interaction (sports, weather, markets...) yield no dyadic event.

The sentences in tests/data/nonpolitical.tsv were written for dyad; many use conflict or cooperation
verbs in a non-political sense next to country names. Target: a false-positive rate of at most 5%.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dyad.models import RawDocument

DATA = Path(__file__).parent / "data" / "nonpolitical.tsv"


def load_sentences() -> list[tuple[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(r["category"], r["sentence"]) for r in reader]


def test_the_set_is_large_enough() -> None:
    sentences = load_sentences()
    assert len(sentences) >= 100
    assert len({s for _, s in sentences}) == len(sentences)


def test_false_positive_rate_at_most_five_percent(pipeline: Any) -> None:
    sentences = load_sentences()
    raws = [
        RawDocument(id=f"np{i}", origin=f"nonpolitical.tsv:{i}", text=s, published="2020-05-05")
        for i, (_, s) in enumerate(sentences)
    ]
    flagged = []
    for (category, sentence), result in zip(sentences, pipeline.run(raws), strict=True):
        dyadic = [
            e
            for e in result.events
            if e.modality == "asserted" and e.source and e.target and e.source.code and e.target.code
        ]
        if dyadic:
            e = dyadic[0]
            flagged.append(f"{category}: {sentence} -> {e.source.code} {e.cameo} {e.target.code} ({e.rule})")
    rate = len(flagged) / len(sentences)
    assert rate <= 0.05, f"{len(flagged)}/{len(sentences)} false positives:\n" + "\n".join(flagged)


def test_typer_rarely_codes_a_non_political_sentence(pipeline: Any) -> None:
    """The learned typer may code events whose actors no dictionary knows; its "no event" label must keep it
    off non-political sentences (any typer event with a source counts here, coded or not)."""
    sentences = load_sentences()
    raws = [RawDocument(id=f"nt{i}", origin=f"nonpolitical.tsv:{i}", text=s, published="2020-05-05")
            for i, (_, s) in enumerate(sentences)]
    flagged = []
    for (category, sentence), result in zip(sentences, pipeline.run(raws), strict=True):
        typed = [e for e in result.events if e.rule.startswith("typer:") and e.source is not None]
        if typed:
            flagged.append(f"{category}: {sentence} -> {typed[0].plover} ({typed[0].rule})")
    assert len(flagged) / len(sentences) <= 0.05, "\n".join(flagged)
