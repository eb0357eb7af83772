"""Staying power: `dyad code` killed with SIGKILL at several points, then run again to the end.

Every document must end coded exactly once, with the same events as an uninterrupted run; the store
must open after each kill and hold whole documents only (a document's events all there, or none).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dyad.jobs import CodeJob, run_job
from dyad.settings import Settings
from dyad.store import Store

pytestmark = pytest.mark.slow

COUNTRIES = ["Germany", "France", "Spain", "Japan", "Brazil", "Canada", "Egypt", "Kenya", "India", "Chile"]
VERBS = ["criticized", "praised", "accused", "met", "threatened", "thanked", "condemned", "visited"]


def _corpus(root: Path, n: int) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
        verb = VERBS[i % len(VERBS)]
        text = (
            f"Report {i}\n\n{a} {verb} {b} on Monday over the dispute number {i}.\n\n"
            f"Officials in {b} said they would respond to {a} next week."
        )
        (corpus / f"doc{i:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return corpus


def _dyad(*args: str) -> list[str]:
    return [sys.executable, "-c", "from dyad.cli import main; main()", "code", *args]


def _events_by_doc(db: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with Store(db) as store:
        for e in store.event_records(modality=None):
            out.setdefault(e.doc_id, []).append(json.dumps(e.to_dict(), sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the dyad process, then whatever it started (its worker processes)."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _dyad(*args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _wait_for_output(path: Path, proc: subprocess.Popen[bytes], limit: float = 180.0) -> None:
    """Until events start to appear in ``path`` (coding has begun), or the process ends."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.stat().st_size > 0:
            return
        time.sleep(0.02)


def _check_whole(db: Path, reference: dict[str, list[str]]) -> None:
    """The store opens, and every document in it has exactly its events: no partial document."""
    got = _events_by_doc(db)
    with Store(db) as store:
        docs = store.documents().to_pylist()
    for doc in docs:
        assert doc["status"] == "coded", doc
        assert got.get(doc["doc_id"], []) == reference.get(doc["doc_id"], []), doc["doc_id"]
    assert set(got) <= {d["doc_id"] for d in docs}


def test_sigkill_at_any_point_then_rerun_codes_everything_exactly_once(tmp_path: Path, pipeline: Any) -> None:
    corpus = _corpus(tmp_path, 80)
    ref_db = tmp_path / "reference.duckdb"
    reference_stats = run_job(CodeJob((str(corpus),), Settings(db=str(ref_db))), pipeline=pipeline)
    assert reference_stats.coded == 80
    reference = _events_by_doc(ref_db)
    assert sum(len(v) for v in reference.values()) >= 80

    db = tmp_path / "killed.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DYAD_")}
    base = [str(corpus), "--db", str(db), "--batch-size", "4", "--quiet"]

    # 1. very early: while Python imports and the model loads
    proc = _start([*base, "--workers", "1"], env)
    time.sleep(0.5)
    _kill(proc)
    if db.exists():
        _check_whole(db, reference)

    # 2. in the middle of coding, in one process, then 3. with two worker processes: kill once events
    # are being written out (batches are being committed)
    for workers in ("1", "2"):
        out = tmp_path / f"progress{workers}.jsonl"
        proc = _start([*base, "--workers", workers, "--out", str(out)], env)
        _wait_for_output(out, proc)
        _kill(proc)
        _check_whole(db, reference)
        print(f"killed with {workers} worker(s):", len(_events_by_doc(db)), "documents with events in the store")

    # 4. again, to the end, with two worker processes: their events equal those coded in this process
    done = subprocess.run(_dyad(*base, "--workers", "2"), env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()

    _check_whole(db, reference)
    final = _events_by_doc(db)
    assert final == reference
    with Store(db) as store:
        ids = store.events(modality=None).column("event_id").to_pylist()
        docs = store.documents().to_pylist()
    assert len(docs) == 80 and Counter(d["status"] for d in docs) == {"coded": 80}
    assert len(ids) == len(set(ids)) == sum(len(v) for v in reference.values())

    # and a further run finds nothing to do (and loads no model)
    again = subprocess.run(_dyad(*base[:-1], "--workers", "1"), env=env, capture_output=True, timeout=300)
    assert again.returncode == 0
    assert "80 documents: 0 coded, 80 skipped, 0 failed" in again.stdout.decode()
