"""dyad benchmarks: where the time goes, as ratios against spaCy's bare parse measured in the same run.

    python benchmarks/run.py [--corpus ../shared/corpora/bbc] [--limit 0] [--small 500] [--json out.json]

Stages are timed separately on the same cleaned texts: clean, parse (spaCy ``nlp.pipe`` alone with the
same model and components, the practical limit), actor resolution, coding (clauses, patterns, dates,
places) and the full pipeline (in this process). Then the `dyad code` job (ingest, pipeline, DuckDB
store) with worker processes: one worker on ``--small`` documents and on all of them (peak RSS per
worker: flat memory means the same peak at both sizes), and two workers on all of them.
Reported: documents/s and words/s, ratios to the parse, the 2-vs-1-worker speed-up, peak RSS.
Worker throughput is measured from the first result on (model loading excluded; reported apart).
Without ``../shared`` the bundled sample corpus is used (small: figures are indicative only).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.coding import has_dyads  # noqa: E402
from dyad.ingest import IngestOptions, iter_documents  # noqa: E402
from dyad.jobs import CodeJob, run_job  # noqa: E402
from dyad.models import DocResult, Document, RawDocument  # noqa: E402
from dyad.pipeline import Pipeline  # noqa: E402
from dyad.settings import Settings  # noqa: E402
from dyad.store import Store  # noqa: E402


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class WorkerMemory:
    """Samples the peak RSS (VmHWM) of this process's children (the workers) while a run goes on.
    (``RUSAGE_CHILDREN`` will not do: a spawned child counts the parent's pages until it execs.)"""

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.5):
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if fields.get("PPid", "").strip() == me and "VmHWM" in fields:
                    self.peak_mb = max(self.peak_mb, int(fields["VmHWM"].split()[0]) / 1024)


def job_run(paths: list[str], workers: int, batch_size: int) -> dict[str, float]:
    """`dyad code` (ingest, workers, store) on ``paths``; times from the first result on, and in all."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=os.path.join(tmp, "bench.duckdb"), workers=workers, batch_size=batch_size)
        first: list[float] = []
        count = [0]

        def seen(result: DocResult) -> None:
            count[0] += 1
            if not first:
                first.append(time.perf_counter())

        t0 = time.perf_counter()
        with WorkerMemory() as memory:
            stats = run_job(CodeJob(tuple(paths), settings), on_result=seen, pool=True)
        t1 = time.perf_counter()
    # the first batch_size results arrive together: count the rest against the time after them
    steady = (count[0] - batch_size) / max(t1 - first[0], 1e-9) if first and count[0] > batch_size else 0.0
    return {
        "documents": stats.documents,
        "coded": stats.coded,
        "seconds": t1 - t0,
        "startup_seconds": (first[0] - t0) if first else 0.0,
        "docs_per_s_steady": steady,
        "docs_per_s_wall": stats.documents / (t1 - t0),
        "worker_peak_rss_mb": memory.peak_mb,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_corpus = ROOT.parent / "shared" / "corpora" / "bbc"
    fallback = ROOT / "src" / "dyad" / "data" / "sample"
    ap.add_argument("--corpus", default=str(default_corpus if default_corpus.exists() else fallback))
    ap.add_argument("--limit", type=int, default=0, help="documents to use (0 = all)")
    ap.add_argument("--small", type=int, default=500, help="documents for the memory-flatness run")
    ap.add_argument("--batch-size", type=int, default=32, help="documents per chunk sent to a worker")
    ap.add_argument("--repeat", type=int, default=1, help="repetitions per stage; the best is kept")
    ap.add_argument("--no-workers", action="store_true", help="skip the worker-process runs")
    ap.add_argument("--workers-only", action="store_true", help="only the worker-process runs")
    ap.add_argument("--json", help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    raws = [r for r in iter_documents([args.corpus], IngestOptions()) if isinstance(r, RawDocument)]
    if args.limit:
        raws = raws[: args.limit]
    paths = [r.origin for r in raws]
    if args.workers_only:
        return worker_runs(args, paths, {}, None)
    pipeline = Pipeline().load()
    nlp = pipeline.parser.nlp
    coder = pipeline.coder
    resolver = pipeline.resolver

    t_clean, docs = timed(lambda: [pipeline.cleaner.clean(r) for r in raws], args.repeat)
    docs = [d for d in docs if isinstance(d, Document)]
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    t_parse, parsed = timed(lambda: list(nlp.pipe(texts, batch_size=pipeline.settings.batch_size)), args.repeat)
    dates = [Pipeline.base_date(d) for d in docs]
    t_actors, actor_sets = timed(
        lambda: [resolver.resolve(sd, on) for sd, (on, _) in zip(parsed, dates, strict=True)], args.repeat
    )

    body_events: list[list[Any]] = []

    def code_all() -> int:
        body_events.clear()
        for d, sd, acts, (on, prec) in zip(docs, parsed, actor_sets, dates, strict=True):
            body_events.append(coder.code(d.id, sd, acts, on, prec))
        return sum(len(evs) for evs in body_events)

    t_code, n_events = timed(code_all, args.repeat)

    def headlines() -> None:  # parse, resolve and code each title, merge into the body events (#5)
        for d, evs, (on, prec) in zip(docs, body_events, dates, strict=True):
            if d.meta.title and has_dyads(evs):
                pipeline.with_headline(d, d.meta.title, list(evs), on, prec)

    t_headline, _ = timed(headlines, args.repeat)
    t_full, results = timed(lambda: list(Pipeline.run(pipeline, raws)), 1)

    def store_all() -> None:  # the DuckDB write: documents, events, incidents and copy detection
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
            for i in range(0, len(results), pipeline.settings.batch_size):
                store.write(results[i : i + pipeline.settings.batch_size], pipeline.version)

    t_store, _ = timed(store_all, args.repeat)

    n = len(docs)
    figures = {
        "corpus": args.corpus,
        "documents": n,
        "words": words,
        "events": n_events,
        "seconds": {
            "clean": t_clean,
            "parse": t_parse,
            "actors": t_actors,
            "coding": t_code,
            "headline": t_headline,
            "full": t_full,
            "store": t_store,
        },
        "ms_per_doc": {"coding": 1000 * t_code / n, "headline": 1000 * t_headline / n, "store": 1000 * t_store / n},
        "ratio_to_parse": {
            "clean": t_clean / t_parse,
            "actors": t_actors / t_parse,
            "coding": t_code / t_parse,
            "headline": t_headline / t_parse,
            "store": t_store / t_parse,
            "full_pipeline_throughput": t_parse / t_full,
        },
        "docs_per_s": {"parse": n / t_parse, "full": n / t_full},
        "words_per_s": {"parse": words / t_parse, "full": words / t_full},
        "peak_rss_mb": peak_rss_mb(),
        "coded": sum(1 for r in results if r.status == "coded"),
    }
    print(f"corpus {args.corpus}: {n} documents, {words} words, {n_events} events")
    for stage, secs in figures["seconds"].items():
        print(f"  {stage:<8} {secs:8.2f} s")
    for key, value in figures["ratio_to_parse"].items():
        print(f"  {key:<26} {value:6.3f}")
    print(
        f"  parse {n / t_parse:.1f} docs/s, {words / t_parse:.0f} words/s; "
        f"full pipeline {n / t_full:.1f} docs/s, {words / t_full:.0f} words/s"
    )
    print(
        f"  coding {1000 * t_code / n:.1f} ms/doc, headline {1000 * t_headline / n:.1f} ms/doc, "
        f"store write {1000 * t_store / n:.1f} ms/doc"
    )
    print(f"  peak RSS {figures['peak_rss_mb']:.0f} MB (this process: model, all parses kept for the stage timings)")
    if not args.no_workers:
        del parsed, actor_sets, results
        return worker_runs(args, paths, figures, n / t_parse)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def worker_runs(args: argparse.Namespace, paths: list[str], figures: dict[str, Any], parse_rate: float | None) -> int:
    """The `dyad code` job in worker processes: 1 worker on --small docs and on all, 2 workers on all."""
    small = job_run(paths[: args.small], 1, args.batch_size)
    one = job_run(paths, 1, args.batch_size)
    two = job_run(paths, 2, args.batch_size)
    figures["workers"] = {"1_worker_small": small, "1_worker": one, "2_workers": two}
    speedup = two["docs_per_s_steady"] / max(one["docs_per_s_steady"], 1e-9)
    figures["ratio_2_vs_1_workers"] = speedup
    figures["ratio_1_worker_to_parse"] = one["docs_per_s_steady"] / parse_rate if parse_rate else None
    print(f"`dyad code` job (ingest, pipeline, store) in worker processes, chunks of {args.batch_size}:")
    for name, run in (
        (f"1 worker, {len(paths[: args.small])} docs", small),
        ("1 worker, all", one),
        ("2 workers, all", two),
    ):
        print(
            f"  {name:<20} {run['docs_per_s_steady']:6.2f} docs/s steady, {run['docs_per_s_wall']:6.2f} wall "
            f"({run['startup_seconds']:.0f} s to the first result); peak RSS per worker "
            f"{run['worker_peak_rss_mb']:.0f} MB"
        )
    print(f"  2 workers vs 1: {speedup:.2f}x;  1 worker vs bare parse: {figures['ratio_1_worker_to_parse']}")
    print(
        f"  memory: peak RSS per worker {small['worker_peak_rss_mb']:.0f} MB after {len(paths[: args.small])} "
        f"docs, {one['worker_peak_rss_mb']:.0f} MB after {len(paths)}"
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
