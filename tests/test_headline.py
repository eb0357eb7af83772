"""A headline that tells a body event is one more mention of it, never an event of its own."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from dyad.nlp import sentence_case


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return spacy.blank("en")


def test_title_case_headline_is_put_in_sentence_case(tokenizer: Any) -> None:
    doc = tokenizer("Russia Accuses Ukraine Of Shelling Nuclear Plant Near NATO Border")
    keep = {2}  # "Ukraine", as if a dictionary knew it
    out = sentence_case(doc, keep)
    assert out == "Russia accuses Ukraine of shelling nuclear plant near NATO border"
    assert len(out) == len(doc.text)


def test_sentence_case_headline_is_left_alone(tokenizer: Any) -> None:
    text = "Russia accuses Ukraine of shelling the Zaporizhzhia plant"
    assert sentence_case(tokenizer(text), set()) == text


BODY = (
    "MOSCOW - Russia on Monday accused Ukraine of shelling a nuclear power plant near Enerhodar.\n\n"
    "Officials in Kyiv rejected the claim."
)


def _accusations(result: Any) -> list[Any]:
    return [e for e in result.events if e.cameo_root == "11" and e.source and (e.source.code or "")[:3] == "RUS"]


def test_a_headline_telling_a_body_event_adds_a_mention(code_text: Any) -> None:
    title = "Russia Accuses Ukraine Of Shelling Nuclear Plant"
    with_title = code_text(f"{title}\n\n{BODY}", published="2022-08-10")
    assert with_title.document.meta.title == title
    (event,) = _accusations(with_title)
    assert event.mentions == 2
    body, head = event.evidence
    assert body.part == "body" and head.part == "headline"
    assert head.text == title  # quoted as written, not as re-cased for the parser
    assert (event.date, event.date_precision) == ("2022-08-08", "day")  # the body's telling dates it
    assert head.to_dict()["part"] == "headline" and "part" not in body.to_dict()


def test_a_headline_event_no_body_event_tells_is_not_kept(code_text: Any) -> None:
    with_title = code_text(f"France Condemns Germany Over Border Closure\n\n{BODY}", published="2022-08-10")
    assert not [e for e in with_title.events if e.source and e.source.code == "FRA"]
    (event,) = _accusations(with_title)
    assert event.mentions == 1


def test_the_headline_mention_is_stored_and_shown(pipeline: Any, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from dyad.cli import app
    from dyad.models import RawDocument
    from dyad.store import Store

    text = f"Russia Accuses Ukraine Of Shelling Nuclear Plant\n\n{BODY}"
    raw = RawDocument(id="h1", origin="h1.txt", text=text, published="2022-08-10")
    db = tmp_path / "h.duckdb"
    with Store(db) as store:
        store.write(list(pipeline.run([raw])), pipeline.version)
    with Store(db) as store:
        (event,) = [e for e in store.event_records(doc_id="h1") if e.cameo_root == "11" and e.mentions == 2]
    assert [s.part for s in event.evidence] == ["body", "headline"]
    shown = CliRunner().invoke(app, ["show", "h1", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "mentions 2 (sentences at 0, headline)" in shown.output
