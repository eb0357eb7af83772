"""dyad benchmarks: where the time goes, as ratios against spaCy's bare parse measured in the same run.

    python benchmarks/run.py [--corpus ../shared/corpora/bbc] [--limit 500] [--json out.json]

Stages are timed separately on the same cleaned texts: clean, parse (spaCy ``nlp.pipe`` alone, the
practical limit), actor resolution, coding (clauses, patterns, dates, places), the full pipeline and
the store write (documents, events, incidents and copy detection).
Reported: documents/s and words/s, each stage's time as a ratio of the parse time, and peak RSS.
Without ``../shared`` the bundled sample corpus is used (small: figures are indicative only).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.ingest import IngestOptions, iter_documents  # noqa: E402
from dyad.models import Document, RawDocument  # noqa: E402
from dyad.pipeline import Pipeline  # noqa: E402
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_corpus = ROOT.parent / "shared" / "corpora" / "bbc"
    fallback = ROOT / "src" / "dyad" / "data" / "sample"
    ap.add_argument("--corpus", default=str(default_corpus if default_corpus.exists() else fallback))
    ap.add_argument("--limit", type=int, default=500, help="documents to use (0 = all)")
    ap.add_argument("--repeat", type=int, default=2, help="repetitions per stage; the best is kept")
    ap.add_argument("--json", help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    raws = [r for r in iter_documents([args.corpus], IngestOptions()) if isinstance(r, RawDocument)]
    if args.limit:
        raws = raws[: args.limit]
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

    def code_all() -> int:
        n = 0
        for d, sd, acts, (on, prec) in zip(docs, parsed, actor_sets, dates, strict=True):
            n += len(coder.code(d.id, sd, acts, on, prec))
        return n

    t_code, n_events = timed(code_all, args.repeat)
    t_full, results = timed(lambda: list(Pipeline.run(pipeline, raws)), 1)

    def store_all() -> None:  # the DuckDB write: documents, events (and incidents and copies, schema 2+)
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
            "clean": t_clean, "parse": t_parse, "actors": t_actors, "coding": t_code, "full": t_full, "store": t_store,
        },
        "ratio_to_parse": {
            "clean": t_clean / t_parse,
            "actors": t_actors / t_parse,
            "coding": t_code / t_parse,
            "store": t_store / t_parse,
            "full_pipeline_throughput": t_parse / t_full,
        },
        "docs_per_s": {"parse": n / t_parse, "full": n / t_full},
        "ms_per_doc": {"coding": 1000 * t_code / n, "store": 1000 * t_store / n},
        "words_per_s": {"parse": words / t_parse, "full": words / t_full},
        "peak_rss_mb": peak_rss_mb(),
        "coded": sum(1 for r in results if r.status == "coded"),
    }
    print(f"corpus {args.corpus}: {n} documents, {words} words, {n_events} events")
    for stage, secs in figures["seconds"].items():
        print(f"  {stage:<8} {secs:8.2f} s")
    for key, value in figures["ratio_to_parse"].items():
        print(f"  {key:<26} {value:6.3f}")
    print(f"  parse {n / t_parse:.1f} docs/s, {words / t_parse:.0f} words/s; "
          f"full pipeline {n / t_full:.1f} docs/s, {words / t_full:.0f} words/s")
    print(f"  coding {1000 * t_code / n:.1f} ms/doc, store write {1000 * t_store / n:.1f} ms/doc")
    print(f"  peak RSS {figures['peak_rss_mb']:.0f} MB")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
