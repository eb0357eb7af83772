"""Static word vectors (en_core_web_md's table) and the typer's dense "vectors" feature group."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dyad.errors import DictionaryError, ModelError
from dyad.typer import DENSE_PARTS, SCHEMA, EventTyper
from dyad.vectors import StaticVectors


@pytest.fixture(scope="module")
def vectors() -> StaticVectors:
    return StaticVectors().load()


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_related_words_are_closer_than_unrelated_ones(vectors: StaticVectors) -> None:
    shell, bomb, sign = (vectors.vector(w) for w in ("shell", "bombard", "sign"))
    assert shell is not None and bomb is not None and sign is not None
    assert vectors.width == 300
    assert _cos(shell, bomb) > _cos(shell, sign)


def test_capitalised_words_fall_back_to_lower_case(vectors: StaticVectors) -> None:
    assert vectors.vector("Xqzzvbwords") is None
    low = vectors.vector("ceasefire")
    assert low is not None
    up = vectors.vector("CEASEFIRE")
    assert up is not None


def test_mean_is_unit_length_and_none_without_known_words(vectors: StaticVectors) -> None:
    m = vectors.mean(["attack", "village", "qqqzzzxx"])
    assert m is not None and abs(float(np.linalg.norm(m)) - 1.0) < 1e-5
    assert vectors.mean(["qqqzzzxx"]) is None
    assert vectors.mean([]) is None


def test_a_missing_package_is_an_actionable_error() -> None:
    with pytest.raises(ModelError, match="pip install"):
        StaticVectors(package="no_such_vector_package_dyad").load()


def _dense_typer_file(
    tmp: Path, vectors: StaticVectors, weights: dict[str, list[float]], parts: list[str] | None = None
) -> Path:
    path = tmp / "typer.json"
    data = {
        "schema": SCHEMA,
        "version": "1",
        "source": "test",
        "licence": "test",
        "feature_groups": ["vectors"],
        "labels": ["ASSAULT", "AGREE"],
        "intercepts": [0.0, 0.0],
        "weights": {},
        "dense": {"vectors": vectors.name, "parts": parts or list(DENSE_PARTS), "scale": 1.0, "weights": weights},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_dense_weights_type_unseen_verbs_by_their_neighbours(
    tmp_path: Path, vectors: StaticVectors, nlp: Any
) -> None:
    # one weight vector per label, pointing at "attack" and at "agree" in the event-verb block only
    width = vectors.width
    rows = {}
    for label, word in (("ASSAULT", "attack"), ("AGREE", "agree")):
        row = np.zeros(len(DENSE_PARTS) * width)
        v = vectors.vector(word)
        assert v is not None
        row[:width] = 5 * v / np.linalg.norm(v)
        rows[label] = row.tolist()
    typer = EventTyper(_dense_typer_file(tmp_path, vectors, rows), vectors=vectors).load()
    # neither verb is "attack" or "agree": their vectors decide
    assert typer.best(next(nlp("The rebels bombarded the town.").sents))[0] == "ASSAULT"
    assert typer.best(next(nlp("The parties consented to the plan.").sents))[0] == "AGREE"
    # the training view names the same numbers "~d<i>"
    sent = next(nlp("The rebels bombarded the town.").sents)
    named = typer.dense_features(sent)
    dense = typer.dense(sent)
    assert named and all(dense[int(k[2:])] == pytest.approx(v) for k, v in named.items())


def test_dense_weights_of_the_wrong_width_are_refused(tmp_path: Path, vectors: StaticVectors) -> None:
    path = _dense_typer_file(tmp_path, vectors, {"ASSAULT": [0.0] * 10, "AGREE": [0.0] * 10})
    with pytest.raises(DictionaryError, match="dense weights"):
        EventTyper(path, vectors=vectors).load()
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["dense"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DictionaryError, match='"dense"'):
        EventTyper(path, vectors=vectors).load()


def test_subject_block_types_by_who_acts(tmp_path: Path, vectors: StaticVectors, nlp: Any) -> None:
    # weights on the optional "subject" block only: the same verb and object, told apart by the subject
    rows = {}
    for label, word in (("ASSAULT", "soldier"), ("AGREE", "negotiator")):
        v = vectors.vector(word)
        assert v is not None
        rows[label] = (5 * v / np.linalg.norm(v)).tolist()
    path = _dense_typer_file(tmp_path, vectors, rows, parts=["subject"])
    typer = EventTyper(path, vectors=vectors).load()
    assert typer.dense_parts == ("subject",)
    assert typer.best(next(nlp("The troops gathered near the square.").sents))[0] == "ASSAULT"
    assert typer.best(next(nlp("The negotiators gathered near the square.").sents))[0] == "AGREE"
    # the default blocks do not see the subject: both sentences give the same dense features
    plain = EventTyper(groups=["vectors"], vectors=vectors)
    a, b = (plain.dense(next(nlp(t).sents)) for t in ("The troops left.", "The negotiators left."))
    assert np.allclose(a[: 2 * vectors.width], b[: 2 * vectors.width])


def test_unknown_dense_parts_are_refused(tmp_path: Path, vectors: StaticVectors) -> None:
    with pytest.raises(ValueError, match="unknown dense parts"):
        EventTyper(dense_parts=["verb", "adverb"])
    path = _dense_typer_file(tmp_path, vectors, {"ASSAULT": [0.0] * 300, "AGREE": [0.0] * 300}, parts=["adverb"])
    with pytest.raises(DictionaryError, match="dense parts"):
        EventTyper(path, vectors=vectors).load()
