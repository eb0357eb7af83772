"""The `dyad code` job as a library: stream inputs, skip what is already coded, code in parallel, store.

    >>> job = CodeJob(inputs=("corpus/",), settings=Settings.load({"db": "events.duckdb", "workers": 2}))
    >>> stats = run_job(job)                          # or run_job(job, on_result=print_progress)

The parent process reads the inputs as a stream, drops documents whose content hash and pipeline
version are already in the store (unless ``recode``), screens repeated ids, and hands the rest to the
coding engine:

- one worker (``workers=1``, or a loaded ``pipeline`` passed in): coded in this process;
- ``workers=N``: N worker processes started with ``spawn`` (never ``fork`` after spaCy is loaded), each
  loading the pipeline once; the parent sends chunks of ``batch_size`` documents, keeps at most
  ``2 * N`` chunks in flight (so memory stays flat whatever the corpus size) and gets the results back
  in input order. A worker that dies (out of memory, a crash in native code) is replaced; the chunks
  it had are coded again one document at a time, and a document that kills a worker again fails with
  that reason;
- ``workers=0`` (the default): one worker per CPU core, but a stream that fits in one chunk is coded
  in this process (starting workers would cost more than it saves).

Only the parent writes the store (DuckDB has one writer): one transaction per ``batch_size`` results,
so a run killed at any point leaves whole documents only, and the next run codes the rest.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO

from dyad.ingest import IngestOptions, iter_documents
from dyad.models import DocResult, Failure, RawDocument, content_hash
from dyad.pipeline import Pipeline, screen_ids
from dyad.settings import Settings

Item = RawDocument | Failure
PipelineFactory = Callable[[Settings], Pipeline]


@dataclass(frozen=True)
class CodeJob:
    """What to code and how: the inputs (files, folders, ``-``), the settings, and the store policy."""

    inputs: tuple[str, ...]
    settings: Settings
    use_store: bool = True
    recode: bool = False
    stdin: IO[bytes] | None = None


@dataclass
class JobStats:
    """Counts of a job: every input document ends coded, skipped or failed."""

    documents: int = 0
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, result: DocResult) -> None:
        self.documents += 1
        if result.status == "coded":
            self.coded += 1
        elif result.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
        if result.failure is not None and result.status == "failed":
            self.failures.append(result.failure)
        self.events += len(result.events)


def worker_count(settings: Settings) -> int:
    """The number of worker processes ``settings.workers`` asks for (0 = one per CPU core)."""
    if settings.workers > 0:
        return settings.workers
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_job(
    job: CodeJob,
    *,
    on_result: Callable[[DocResult], None] | None = None,
    pipeline: Pipeline | None = None,
    factory: PipelineFactory = Pipeline,
    pool: bool = False,
) -> JobStats:
    """Run a coding job to the end; ``on_result`` sees every result (coded, skipped, failed) in order.

    Pass a loaded ``pipeline`` to code in this process and reuse its model across jobs; ``factory``
    builds the pipeline each worker loads (tests pass a slowed or crashing one); ``pool`` codes in
    worker processes even with one worker (benchmarks measure a worker that way).
    """
    from dyad.store import Store

    settings = job.settings
    version = pipeline.version if pipeline is not None else factory(settings).version
    options = IngestOptions(
        format=settings.input_format,  # type: ignore[arg-type]  # checked by IngestOptions itself
        published=settings.published,
        max_bytes=settings.max_bytes,
    )
    stats = JobStats()
    store = (
        Store(settings.db, incident_key=settings.incident_key, incident_slack=settings.incident_slack).open()
        if job.use_store
        else None
    )
    try:
        known = store.known_versions() if store is not None and not job.recode else {}

        def fresh() -> Iterator[Item]:
            # ids are screened before already-coded documents are dropped, so that a repeated id is
            # recognised as one even when the first document with it was coded in an earlier run
            for item in screen_ids(iter_documents(job.inputs, options, stdin=job.stdin or sys.stdin.buffer)):
                if isinstance(item, RawDocument) and known.get(item.id) == (content_hash(item.text), version):
                    skipped = DocResult(item.id, item.origin, "skipped")
                    stats.add(skipped)
                    if on_result is not None:
                        on_result(skipped)
                    continue
                yield item

        pending: list[DocResult] = []
        for result in code_stream(fresh(), settings, pipeline=pipeline, factory=factory, pool=pool):
            stats.add(result)
            if on_result is not None:
                on_result(result)
            pending.append(result)
            if store is not None and len(pending) >= settings.batch_size:
                store.write(pending, version)
                pending = []
        if store is not None and pending:
            store.write(pending, version)
    finally:
        if store is not None:
            store.close()
    return stats


def code_stream(
    items: Iterable[Item],
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    factory: PipelineFactory = Pipeline,
    pool: bool = False,
) -> Iterator[DocResult]:
    """Code a stream of documents with the engine ``settings.workers`` asks for; results in input order.
    ``pool`` uses worker processes even for one worker."""
    screened = screen_ids(items)
    first = next(screened, None)
    if first is None:  # nothing to code: load no model, start no worker
        return
    screened = itertools.chain([first], screened)
    if pipeline is not None:
        yield from pipeline.run(screened)
        return
    workers = worker_count(settings)
    if settings.workers == 0 and workers > 1:
        head = list(itertools.islice(screened, settings.batch_size + 1))
        if len(head) <= settings.batch_size:
            workers = 1
        screened = itertools.chain(head, screened)
    if workers <= 1 and not pool:
        yield from factory(settings).load().run(screened)
        return
    with WorkerPool(settings, workers, factory) as processes:
        yield from processes.run(screened)


# ------------------------------------------------------------------------------------------- workers

_worker_pipeline: list[Pipeline] = []  # the pipeline of this worker process (set once by _init_worker)


def _init_worker(settings: Settings, factory: PipelineFactory) -> None:
    _worker_pipeline.append(factory(settings).load())


def _code_chunk(chunk: list[Item]) -> list[DocResult]:
    return list(_worker_pipeline[0].run_batch(chunk))


class WorkerPool:
    """Worker processes, each with the pipeline loaded once; chunks in, results out in input order."""

    def __init__(self, settings: Settings, workers: int, factory: PipelineFactory = Pipeline) -> None:
        self.settings = settings
        self.workers = workers
        self.factory = factory
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.settings, self.factory),
            )
        return self._executor

    def _restart(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def run(self, items: Iterable[Item]) -> Iterator[DocResult]:
        """Code ``items`` (already screened for repeated ids) in chunks of ``batch_size``."""
        size = max(1, self.settings.batch_size)
        inflight: deque[tuple[list[Item], Future[list[DocResult]]]] = deque()
        it = iter(items)
        while True:
            chunk = list(itertools.islice(it, size))
            if chunk:
                inflight.append((chunk, self._pool().submit(_code_chunk, chunk)))
            if inflight and (not chunk or len(inflight) >= 2 * self.workers):
                yield from self._collect(inflight)
            if not chunk and not inflight:
                return

    def _collect(self, inflight: deque[tuple[list[Item], Future[list[DocResult]]]]) -> Iterator[DocResult]:
        chunk, future = inflight.popleft()
        try:
            yield from future.result()
            return
        except BrokenProcessPool:
            pass
        # A worker died: every chunk in flight is lost. Code them again one document at a time.
        lost = [chunk, *(c for c, _ in inflight)]
        inflight.clear()
        self._restart()
        for again in lost:
            yield from self._one_by_one(again)

    def _one_by_one(self, chunk: list[Item]) -> Iterator[DocResult]:
        for item in chunk:
            try:
                yield from self._pool().submit(_code_chunk, [item]).result()
            except BrokenProcessPool:
                self._restart()
                if isinstance(item, Failure):
                    yield DocResult(item.doc_id or "", item.origin, item.status, failure=item)
                    continue
                fail = Failure(
                    item.origin,
                    "the worker process coding this document died (twice); it may be too large for the "
                    "memory available, or hit a bug in a native library: please report it with the document",
                    "code",
                    item.id,
                )
                yield DocResult(item.id, item.origin, "failed", failure=fail)


# --------------------------------------------------------------------------------------------- watch


def watch_inputs(inputs: Iterable[str], *, poll: float = 2.0, max_polls: int = 0) -> Iterator[list[str]]:
    """Look at the files and folders every ``poll`` seconds; yield the files that are new or changed.

    A file is yielded once its size and modification time are the same at two looks in a row (so a file
    still being written waits for the next look), and again whenever it changes. Hidden files and the
    files a folder run skips are ignored. Stops after ``max_polls`` looks (0: never).
    """
    import time

    from dyad.ingest import skipped_name

    roots = list(inputs)
    seen: dict[str, tuple[int, int]] = {}
    done: dict[str, tuple[int, int]] = {}
    for look in itertools.count(1):
        now: dict[str, tuple[int, int]] = {}
        for root in roots:
            if os.path.isfile(root):
                candidates: Iterable[str] = [root]
            else:
                candidates = (
                    os.path.join(folder, name)
                    for folder, dirs, names in os.walk(root)
                    for name in names
                    if not name.startswith(".")
                    and not skipped_name(name)
                    and not any(part.startswith(".") for part in os.path.relpath(folder, root).split(os.sep)[1:])
                )
            for path in candidates:
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                now[path] = (info.st_size, info.st_mtime_ns)
        ready = sorted(p for p, sig in now.items() if seen.get(p) == sig and done.get(p) != sig)
        seen = now
        if ready:
            done.update((p, now[p]) for p in ready)
            yield ready
        if max_polls and look >= max_polls:
            return
        time.sleep(poll)
