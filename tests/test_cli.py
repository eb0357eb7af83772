"""The CLI as a user runs it: coding the bundled sample with its bad inputs, re-runs, streams, queries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyad.cli import app, run_code
from dyad.resources import data_path
from dyad.settings import Settings
from dyad.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> tuple[Path, Path, dict[str, int]]:
    """The sample corpus copied to a temporary folder and coded once into a database."""
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "sample"
    shutil.copytree(data_path("sample"), corpus)
    db = root / "events.duckdb"
    stats = run_code([str(corpus)], Settings(db=str(db)), pipeline=pipeline, quiet=True)
    return corpus, db, stats


def test_every_document_ends_coded_skipped_or_failed(coded: tuple[Path, Path, dict[str, int]]) -> None:
    _, db, stats = coded
    assert stats["coded"] >= 30
    assert stats["failed"] == 5  # the bad/ folder: empty, binary, two broken JSONL lines, HTML without article
    assert stats["documents"] == stats["coded"] + stats["skipped"] + stats["failed"]
    with Store(db) as store:
        failures = store.failures().to_pylist()
        summary = store.summary()
    assert len(failures) == 5
    origins = " ".join(f["origin"] for f in failures)
    for name in ("empty.txt", "binary.txt", "broken.jsonl:2", "broken.jsonl:3", "no_article.html"):
        assert name in origins
    assert all(f["reason"] for f in failures)
    assert summary["events"]["asserted"] > 50


def test_rerun_changes_nothing(coded: tuple[Path, Path, dict[str, int]], pipeline: Any) -> None:
    corpus, db, first = coded
    with Store(db) as store:
        before = (store.events(modality=None).num_rows, store.failures().num_rows, store.documents().num_rows)
    again = run_code([str(corpus)], Settings(db=str(db)), pipeline=pipeline, quiet=True)
    assert again["skipped"] == first["coded"]
    assert again["coded"] == 0
    with Store(db) as store:
        after = (store.events(modality=None).num_rows, store.failures().num_rows, store.documents().num_rows)
    assert after == before


def test_changed_document_is_recoded_and_replaces_its_events(tmp_path: Path, pipeline: Any) -> None:
    doc = tmp_path / "a.jsonl"
    db = tmp_path / "x.duckdb"
    doc.write_text(
        json.dumps({"id": "a1", "text": "Germany condemned Russia on Monday.", "published": "2019-03-06"}) + "\n"
    )
    run_code([str(doc)], Settings(db=str(db)), pipeline=pipeline, quiet=True)
    doc.write_text(
        json.dumps({"id": "a1", "text": "Germany praised France on Monday.", "published": "2019-03-06"}) + "\n"
    )
    stats = run_code([str(doc)], Settings(db=str(db)), pipeline=pipeline, quiet=True)
    assert stats["coded"] == 1
    with Store(db) as store:
        events = store.event_records(doc_id="a1")
    assert {(e.source.code if e.source else None, e.target.code if e.target else None) for e in events} == {
        ("DEU", "FRA")
    }


def test_jsonl_stream_in_and_out() -> None:
    lines = [
        {"id": "w1", "text": "On Tuesday, Japan accused China of violating its airspace.", "published": "2019-05-08"},
        {
            "id": "w2",
            "html": "<html><body><article><p>Canada praised Mexico for its new trade policy on Friday, "
            "officials in Ottawa said after the meeting of ministers.</p></article></body></html>",
            "published": "2019-05-10",
        },
        {"id": "w3"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = runner.invoke(app, ["code", "-", "--format", "jsonl", "--out", "-", "--quiet"], input=stdin)
    assert result.exit_code == 1, result.output  # w3 has no text
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {e["doc_id"] for e in events} == {"w1", "w2"}
    japan = [e for e in events if e["doc_id"] == "w1"]
    assert japan[0]["source"]["code"] == "JPN" and japan[0]["target"]["code"] == "CHN"
    assert japan[0]["date"] == "2019-05-07" and japan[0]["cameo_root"] == "11"


def test_events_show_export_summary(coded: tuple[Path, Path, dict[str, int]], tmp_path: Path) -> None:
    _, db, _ = coded
    result = runner.invoke(
        app, ["events", "--db", str(db), "--source", "USA", "--target", "PRK", "--format", "jsonl", "--limit", "0"]
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(
        e["source"]["code"].startswith("USA") and e["target"]["code"].startswith("PRK") for e in events
    )
    result = runner.invoke(app, ["events", "--db", str(db), "--since", "2019", "--format", "jsonl", "--limit", "0"])
    assert all((json.loads(x)["date"] or "") >= "2019" for x in result.stdout.splitlines())

    doc_id = events[0]["doc_id"]
    result = runner.invoke(app, ["show", doc_id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "[S: " in result.stdout and "[V: " in result.stdout and "rule:" in result.stdout

    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0

    result = runner.invoke(app, ["summary", "--db", str(db)])
    assert result.exit_code == 0 and "failures (5)" in result.stdout


def test_show_unknown_document_is_a_usage_error(coded: tuple[Path, Path, dict[str, int]]) -> None:
    result = runner.invoke(app, ["show", "no-such-doc", "--db", str(coded[1])])
    assert result.exit_code == 2
    assert "no document" in result.output


def test_missing_path_is_recorded_not_fatal(tmp_path: Path, pipeline: Any) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Egypt welcomed Sudan's decision on Sunday.\n", encoding="utf-8")
    stats = run_code(
        [str(tmp_path / "nope.txt"), str(good)], Settings(db=str(tmp_path / "x.duckdb")), pipeline=pipeline, quiet=True
    )
    assert stats["failed"] == 1 and stats["coded"] == 1


def test_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Peru praised Chile.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(f), "--published", "yesterday-ish", "--no-store"])
    assert result.exit_code == 2
    assert "--published" in result.output


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            con.execute("create table t(x int)")
            print("ready", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        f = tmp_path / "a.txt"
        f.write_text("Peru praised Chile.", encoding="utf-8")
        result = runner.invoke(app, ["code", str(f), "--db", str(db)])
        assert result.exit_code == 3, result.output
        assert "locked" in result.output and str(db.name) in result.output
    finally:
        holder.kill()
        holder.wait()


def test_help_is_complete() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("code", "events", "show", "export", "summary", "eval", "dict", "version"):
        assert command in result.stdout
    result = runner.invoke(app, ["code", "--help"])
    assert "Examples" in result.stdout and "--published" in result.stdout


def test_dict_lint_bundled_data_is_clean() -> None:
    result = runner.invoke(app, ["dict", "lint"])
    assert result.exit_code == 0, result.stdout
    assert "0 problems" in result.stdout


def test_dict_lint_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "people.tsv"
    bad.write_text(
        "# schema: dyad-people/1\n# version: 1\n# source: test\n# licence: MIT\n"
        "entity_id\tname\taliases\tcountry\tcode\trole\tstart\tend\tsource\n"
        "person:a\tA B\t\tUSA\tUSAGOV\tx\t2019-01-01\t2018-01-01\tt\n"
        "person:a\tA B\t\tUSA\tUSAGOV\tx\t2019-01-01\t2018-01-01\tt\n"
        "person:c\tC D\t\tUSA\tUSAXYZ\tx\t2019-13-01\t\tt\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["dict", "lint", str(bad)])
    assert result.exit_code == 1
    out = result.stdout
    assert f"{bad}:6: end 2018-01-01 is before start" in out
    assert f"{bad}:7: duplicate" in out
    assert f"{bad}:8: actor code 'USAXYZ' has unknown part" in out
    assert f"{bad}:8: bad start date" in out


def test_user_petrarch_dictionary_adds_and_overrides(tmp_path: Path, pipeline: Any) -> None:
    """`dyad code --actors FILE`: a PETRARCH-format entry codes a person no built-in dictionary has,
    and a user entry for words the built-ins know wins."""
    actors = tmp_path / "my.actors.txt"
    actors.write_text(
        "# user dictionary (PETRARCH format)\n"
        "ZORAN_VELIKOV_\n\t[SRBOPP >150101]\n"
        "KREMLIN_  [RUSMIL]\n"
        "THE_KREMLIN_  [RUSMIL]\n",
        encoding="utf-8",
    )
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Zoran Velikov criticized Germany on Monday.\n\nThe Kremlin condemned Poland on Monday.\n", encoding="utf-8"
    )
    out = tmp_path / "events.jsonl"
    result = runner.invoke(
        app, ["code", str(doc), "--actors", str(actors), "--published", "2019-03-06", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    pairs = {(e["source"]["code"], e["target"]["code"]) for e in events if e["source"] and e["target"]}
    assert ("SRBOPP", "DEU") in pairs
    assert ("RUSMIL", "POL") in pairs  # the user's code beats the built-in metonym RUSGOV


def test_import_petrarch_writes_dyad_tsv_that_lints(tmp_path: Path) -> None:
    src = Path(__file__).parent / "data" / "petrarch"
    out = tmp_path / "dicts"
    result = runner.invoke(
        app,
        ["dict", "import-petrarch", str(src / "sample.actors.txt"), str(src / "sample.agents.txt"), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert "people.tsv" in written and "agents.tsv" in written
    result = runner.invoke(app, ["dict", "lint", *[str(p) for p in sorted(out.iterdir())]])
    assert result.exit_code == 0, result.stdout
