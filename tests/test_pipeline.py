"""The pipeline keeps going when one document breaks a stage, and names that document."""

from __future__ import annotations

from typing import Any

import pytest

from dyad.models import Failure, RawDocument
from dyad.pipeline import Pipeline


def test_a_crash_in_one_document_is_recorded_and_the_rest_are_coded(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = pipeline.coder.code

    def flaky(doc_id: str, *args: Any, **kwargs: Any) -> Any:
        if doc_id == "bad":
            raise RuntimeError("boom")
        return original(doc_id, *args, **kwargs)

    monkeypatch.setattr(pipeline.coder, "code", flaky)
    raws = [
        RawDocument(id="good", origin="a.txt", text="Germany condemned Russia on Monday.", published="2019-03-06"),
        RawDocument(id="bad", origin="b.txt", text="France praised Italy.", published="2019-03-06"),
        Failure(origin="c.txt", reason="empty file", stage="ingest"),
    ]
    results = list(pipeline.run(raws))
    assert [r.status for r in results] == ["coded", "failed", "failed"]
    assert results[0].events
    assert results[1].failure is not None and "b.txt" in results[1].failure.message()
    assert "boom" in results[1].failure.reason


def test_duplicate_ids_with_different_text_fail_the_second(pipeline: Pipeline) -> None:
    raws = [
        RawDocument(id="x", origin="one.jsonl:1", text="Peru praised Chile."),
        RawDocument(id="x", origin="one.jsonl:2", text="Chile criticized Peru."),
        RawDocument(id="x", origin="one.jsonl:3", text="Peru praised Chile."),
    ]
    results = list(pipeline.run(raws))
    assert results[0].status == "coded"
    assert results[1].status == "failed" and "duplicate id" in (results[1].failure.reason if results[1].failure else "")
    assert results[2].status == "skipped"
