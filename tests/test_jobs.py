"""The coding job: worker processes, per-document time limits, crashed workers, --watch."""

from __future__ import annotations

import copy
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.jobs import watch_inputs, worker_count
from dyad.models import DocResult, Failure, RawDocument
from dyad.pipeline import Pipeline, screen_ids
from dyad.settings import Settings
from dyad.store import Store

runner = CliRunner()


class FakePipeline(Pipeline):
    """No model: "codes" every document; a document saying CRASH kills its worker."""

    def __init__(self, settings: Settings) -> None:  # no data files read, no knowledge base built
        self.settings = settings
        self.version = "fake"

    def load(self) -> FakePipeline:
        return self

    def run_batch(self, batch: list[RawDocument | Failure]) -> Any:
        for item in batch:
            if isinstance(item, Failure):
                yield DocResult(item.doc_id or "", item.origin, item.status, failure=item)
            elif "CRASH" in item.text:
                os._exit(3)  # what a segfault in native code looks like to the parent
            else:
                yield DocResult(item.id, item.origin, "coded")


def fake_factory(settings: Settings) -> Pipeline:
    return FakePipeline(settings)


def _raws(n: int, crash: set[int] = frozenset()) -> list[RawDocument]:  # type: ignore[assignment]
    return [
        RawDocument(id=f"d{i}", origin=f"doc{i}.txt", text=("CRASH " if i in crash else "") + f"text {i}")
        for i in range(n)
    ]


def test_worker_pool_keeps_input_order_and_survives_a_dying_worker() -> None:
    from dyad.jobs import WorkerPool

    settings = Settings(batch_size=3, workers=2)
    with WorkerPool(settings, 2, fake_factory) as pool:
        results = list(pool.run(_raws(14, crash={5})))
    assert [r.origin for r in results] == [f"doc{i}.txt" for i in range(14)]
    assert [r.status for r in results].count("coded") == 13
    (dead,) = [r for r in results if r.status == "failed"]
    assert dead.origin == "doc5.txt" and dead.failure is not None
    assert "worker process" in dead.failure.reason and "died" in dead.failure.reason


def test_worker_count_defaults_to_cores() -> None:
    assert worker_count(Settings(workers=3)) == 3
    assert worker_count(Settings(workers=0)) >= 1


def test_screen_ids_fails_a_repeated_id_with_other_text_and_skips_a_repeat() -> None:
    items = [
        RawDocument(id="a", origin="x:1", text="one"),
        RawDocument(id="a", origin="x:2", text="two"),
        RawDocument(id="a", origin="x:3", text="one"),
        RawDocument(id="b", origin="x:4", text="two"),
    ]
    out = list(screen_ids(items))
    assert isinstance(out[0], RawDocument) and isinstance(out[3], RawDocument)
    assert isinstance(out[1], Failure) and out[1].status == "failed" and "x:1" in out[1].reason
    assert isinstance(out[2], Failure) and out[2].status == "skipped"


def test_slow_document_fails_with_the_time_limit_and_the_run_goes_on(pipeline: Any, monkeypatch: Any) -> None:
    """A monkeypatched coding stage that never finishes on one document: that document fails, naming
    the limit; the others are coded."""
    fast = copy.copy(pipeline)
    fast.settings = replace(pipeline.settings, doc_timeout=0.5)
    coder = copy.copy(pipeline.coder)
    real_code = coder.code

    def code(doc_id: str, *args: Any, **kwargs: Any) -> Any:
        if doc_id == "slow":
            for _ in range(600):  # far beyond the limit; bounded so that a broken limit cannot hang the suite
                time.sleep(0.05)
        return real_code(doc_id, *args, **kwargs)

    monkeypatch.setattr(coder, "code", code)
    fast._coder = coder
    docs = [
        RawDocument(id="before", origin="before.txt", text="Germany criticized Russia on Monday."),
        RawDocument(id="slow", origin="slow.txt", text="France praised Italy on Monday."),
        RawDocument(id="after", origin="after.txt", text="Spain accused Portugal on Monday."),
    ]
    results = {r.doc_id: r for r in fast.run(docs)}
    assert results["before"].status == "coded" and results["after"].status == "coded"
    slow = results["slow"]
    assert slow.status == "failed" and slow.failure is not None
    assert "slow.txt" in slow.failure.message() and "time limit of 0.5 s" in slow.failure.reason


def test_too_long_document_fails_with_the_word_limit(pipeline: Any) -> None:
    short = copy.copy(pipeline)
    short.settings = replace(pipeline.settings, max_words=50)
    (result,) = list(short.run([RawDocument(id="long", origin="long.txt", text="word " * 80)]))
    assert result.status == "failed" and result.failure is not None
    assert "80 words" in result.failure.reason and "--max-words" in result.failure.reason


def test_watch_yields_new_and_changed_files_once_they_are_stable(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("one", encoding="utf-8")
    (inbox / ".hidden.txt").write_text("no", encoding="utf-8")
    looks = watch_inputs([str(inbox)], poll=0)
    assert next(looks) == [str(inbox / "a.txt")]  # seen at the first look, unchanged at the second
    (inbox / "b.txt").write_text("two", encoding="utf-8")
    assert next(looks) == [str(inbox / "b.txt")]
    (inbox / "a.txt").write_text("one, changed", encoding="utf-8")
    assert next(looks) == [str(inbox / "a.txt")]


def test_watch_codes_files_in_the_folder(tmp_path: Path, pipeline: Any, capsys: Any) -> None:
    from dyad.cli import _watch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Germany criticized Russia on Monday.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    settings = Settings(db=str(db), published="2019-03-06")
    _watch([str(inbox)], settings, use_store=True, poll=0, max_polls=3, quiet=False, pipeline=pipeline)
    assert "1 coded" in capsys.readouterr().out
    with Store(db) as store:
        assert store.documents().num_rows == 1
        assert store.events().num_rows >= 1


def test_watch_refuses_stdin() -> None:
    result = runner.invoke(app, ["code", "-", "--watch", "--max-polls", "1"])
    assert result.exit_code == 2
    assert "--watch" in result.output


@pytest.mark.parametrize("flag", ["--workers", "--doc-timeout", "--max-words", "--watch"])
def test_code_help_lists_scaling_flags(flag: str) -> None:
    result = runner.invoke(app, ["code", "--help"])
    assert flag in result.output
