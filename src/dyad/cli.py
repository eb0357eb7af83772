"""dyad's command line: a thin layer over the library. Exceptions become messages only here.

Exit codes: 0 all documents coded (or skipped as already coded); 1 some documents failed; 2 usage or
configuration errors; 3 database errors.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from dyad import __version__
from dyad.errors import DyadError, UsageError
from dyad.models import DocResult, Event
from dyad.settings import Settings

EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

app = typer.Typer(
    name="dyad",
    help=(
        "dyad: political event data from news text, offline.\n\n"
        "Raw articles (text, HTML, JSONL, CSV) are cleaned, parsed with spaCy, their actors resolved to CAMEO "
        "codes as of the event date, and events coded in CAMEO and PLOVER with evidence, into DuckDB.\n\n"
        "Exit codes: 0 all coded; 1 some documents failed (see the failure report); 2 usage error; "
        "3 database error."
    ),
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
dict_app = typer.Typer(help="Check and convert dyad's data files and user dictionaries.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")

out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: DyadError) -> typer.Exit:
    err_console.print(f"dyad: error: {escape(str(exc))}")
    return typer.Exit(getattr(exc, "exit_code", 1))


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


DbOpt = Annotated[
    str | None, typer.Option("--db", help="DuckDB file (default: dyad.duckdb, or DYAD_DB, or dyad.toml).")
]


SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Source actor: country (IRN), code prefix (IRNGOV) or sector (GOV).")
]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Target actor, as for --source.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="From date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="To date (inclusive).")]
CodeOpt = Annotated[
    str | None, typer.Option("--code", help="CAMEO code prefix (11 = all 11x) or a PLOVER type (CONSULT).")
]


def _db(db: str | None) -> str:
    return Settings.load({"db": db}).db


# ---------------------------------------------------------------------------------------------- code
@app.command("code")
def code_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")],
    db: DbOpt = None,
    out: Annotated[str | None, typer.Option("--out", help="Write events as JSONL to FILE, or - for stdout.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Input format: auto, text, html, jsonl, csv.")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for documents that carry none.")
    ] = None,
    actors: Annotated[
        list[str] | None, typer.Option("--actors", help="Extra actor dictionary (dyad TSV or PETRARCH format).")
    ] = None,
    agents: Annotated[list[str] | None, typer.Option("--agents", help="Extra agent dictionary.")] = None,
    only_user_dicts: Annotated[
        bool, typer.Option("--only-user-dicts", help="Use only the --actors/--agents dictionaries.")
    ] = False,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write the database.")] = False,
    recode: Annotated[bool, typer.Option("--recode", help="Code documents again even if already coded.")] = False,
    all_modalities: Annotated[
        bool, typer.Option("--all-modalities", help="Also print/emit negated, hypothetical, intended, reported events.")
    ] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Documents per parse batch.")] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this.")
    ] = None,
    max_words: Annotated[
        int | None, typer.Option("--max-words", help="Fail documents longer than this many words (0 = no limit).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", help="Worker processes, each loading the model once (default: CPU cores)."),
    ] = None,
    doc_timeout: Annotated[
        float | None,
        typer.Option("--doc-timeout", help="Seconds a document may take per stage before it fails (0 = no limit)."),
    ] = None,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep running: code new and changed files in the folders as they arrive.")
    ] = False,
    poll: Annotated[float, typer.Option("--poll", help="With --watch: seconds between looks at the folders.")] = 2.0,
    max_polls: Annotated[
        int, typer.Option("--max-polls", help="With --watch: stop after this many looks (0 = until Ctrl-C).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print debugging detail.")] = False,
) -> None:
    """Code documents into events.

    Examples:

      dyad code article.txt --published 2018-08-08

      dyad code corpus/ --db events.duckdb

      cat docs.jsonl | dyad code - --format jsonl --out -

      dyad code corpus/ --workers 2 --db events.duckdb

      dyad code inbox/ --watch --db events.duckdb      (Ctrl-C to stop)
    """
    _setup_logging(verbose, quiet)
    try:
        settings = Settings.load(
            {
                "db": db,
                "published": published,
                "input_format": fmt,
                "actors": tuple(actors) if actors else None,
                "agents": tuple(agents) if agents else None,
                "only_user_dicts": only_user_dicts or None,
                "batch_size": batch_size,
                "max_bytes": max_bytes,
                "max_words": max_words,
                "workers": workers,
                "doc_timeout": doc_timeout,
            }
        )
        if settings.published is not None:
            from dyad.temporal import parse_published

            if parse_published(settings.published) is None:
                err_console.print(f"dyad: error: --published {settings.published!r} is not a date; use YYYY-MM-DD")
                raise typer.Exit(EXIT_USAGE)
        use_store = not no_store and (db is not None or out is None)
        if watch:
            _watch(inputs, settings, use_store=use_store, poll=poll, max_polls=max_polls, quiet=quiet)
            raise typer.Exit(EXIT_OK)
        stats = run_code(
            inputs, settings, out=out, use_store=use_store, recode=recode, all_modalities=all_modalities, quiet=quiet
        )
    except DyadError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(EXIT_FAILED_DOCS if stats["failed"] else EXIT_OK)


def run_code(
    inputs: list[str],
    settings: Settings,
    *,
    out: str | None = None,
    use_store: bool = True,
    recode: bool = False,
    all_modalities: bool = False,
    quiet: bool = False,
    pipeline: Any | None = None,
) -> dict[str, int]:
    """The `dyad code` job with its console output (see :func:`dyad.jobs.run_job`): returns counts of
    coded, skipped, failed documents and events.

    Pass a loaded :class:`~dyad.pipeline.Pipeline` to reuse its model across calls (codes in this process).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from dyad.jobs import CodeJob, run_job

    stats = {"documents": 0, "coded": 0, "skipped": 0, "failed": 0, "events": 0}
    shown: list[Event] = []
    keep = None if all_modalities else set(settings.include_modalities)
    stream = _open_out(out)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s"),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet or not err_console.is_terminal,
        transient=True,
    )
    started = time.perf_counter()
    task = progress.add_task("code", total=None, rate="-")

    def on_result(result: DocResult) -> None:
        stats["documents"] += 1
        stats[result.status] += 1
        if result.failure is not None and not quiet:
            err_console.print(escape(result.failure.message()))
        events = [e for e in result.events if keep is None or e.modality in keep]
        stats["events"] += len(events)
        if stream is not None:
            for e in events:
                stream.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        elif len(shown) < 25:
            shown.extend(events[: 25 - len(shown)])
        elapsed = max(time.perf_counter() - started, 1e-6)
        progress.update(task, advance=1, rate=f"{stats['documents'] / elapsed:.1f}")

    job = CodeJob(tuple(inputs), settings, use_store=use_store, recode=recode, stdin=sys.stdin.buffer)
    try:
        with progress:
            run_job(job, on_result=on_result, pipeline=pipeline)
    finally:
        if stream is not None and stream is not sys.stdout:
            stream.close()
        elif stream is not None:
            stream.flush()
    if not quiet and stream is not sys.stdout:
        if shown:
            _print_events(shown)
        where = f" into {settings.db}" if use_store else ""
        out_console.print(
            f"{stats['documents']} documents: {stats['coded']} coded, {stats['skipped']} skipped, "
            f"{stats['failed']} failed; {stats['events']} events{where}"
        )
        if stats["events"] > len(shown) and use_store and stream is None:
            out_console.print(f"(showing {len(shown)}; all of them: dyad events --db {settings.db})")
    elif stream is sys.stdout and not quiet:
        err_console.print(
            f"{stats['documents']} documents: {stats['coded']} coded, {stats['skipped']} skipped, "
            f"{stats['failed']} failed; {stats['events']} events"
        )
    return stats


def _watch(
    inputs: list[str],
    settings: Settings,
    *,
    use_store: bool,
    poll: float,
    max_polls: int,
    quiet: bool,
    pipeline: Any | None = None,
) -> None:
    """``dyad code --watch``: code new and changed files as they arrive, until Ctrl-C (or ``max_polls``).

    The model is loaded once, in this process, and kept between looks."""
    from dyad.jobs import watch_inputs
    from dyad.pipeline import Pipeline

    if "-" in inputs:
        raise UsageError("--watch reads files and folders, not standard input (-)")
    if pipeline is None:
        pipeline = Pipeline(settings).load()
    if not quiet:
        err_console.print(f"watching {', '.join(inputs)} every {poll:g} s (Ctrl-C to stop)")
    try:
        for changed in watch_inputs(inputs, poll=poll, max_polls=max_polls):
            run_code(changed, settings, use_store=use_store, quiet=quiet, pipeline=pipeline)
    except KeyboardInterrupt:
        if not quiet:
            err_console.print("stopped")


def _open_out(out: str | None) -> Any:
    if out is None:
        return None
    if out == "-":
        return sys.stdout
    try:
        return open(out, "w", encoding="utf-8")
    except OSError as exc:
        raise DyadError(f"{out}: cannot write events ({exc.strerror}); choose another --out") from exc


def _print_events(events: list[Event]) -> None:
    """Two lines an event: when, who to whom, what (CAMEO / PLOVER), rule; then the evidence."""
    from dyad.explain import describe

    for e in events:
        out_console.print(f"{escape(describe(e))}  [dim]({escape(e.rule)})[/dim]")
        text = e.sentence if len(e.sentence) <= 160 else e.sentence[:157] + "..."
        out_console.print(f"    [dim]{escape(text)}[/dim]")


# ---------------------------------------------------------------------------------------------- spark-code
@app.command("spark-code")
def spark_code_cmd(
    input_path: Annotated[str, typer.Argument(help="File or folder: local, hdfs://, s3a://...")],
    output: Annotated[str, typer.Argument(help="Folder for event Parquet (year=/month=).")],
    master: Annotated[
        str, typer.Option("--master", help="Spark master: local[N], spark://host:7077, yarn...")
    ] = "local[*]",
    fmt: Annotated[
        str | None, typer.Option("--format", help="Input format: auto, text, html, jsonl, csv, parquet.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date for documents that carry none.")
    ] = None,
    partitions: Annotated[int | None, typer.Option("--partitions", help="Coding partitions (default: cores).")] = None,
) -> None:
    """Code documents with Apache Spark into event Parquet partitioned by year and month.

    Needs `pip install 'dyad[spark]'` and Java 17+. On a cluster use spark-submit with dyad/launch/spark_job.py
    (see README, "Scaling out"). Failed and skipped documents go to OUTPUT.failures/.

    Example: dyad spark-code corpus/ events_parquet/ --master 'local[2]'
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        err_console.print("dyad: error: spark-code needs PySpark: pip install 'dyad[spark]' (and Java 17+)")
        raise typer.Exit(EXIT_USAGE) from None
    from dyad.spark import spark_code, spark_session

    try:
        settings = Settings.load({"input_format": fmt, "published": published})
        spark = spark_session(master)
        try:
            stats = spark_code(spark, input_path, output, settings, partitions=partitions)
        finally:
            spark.stop()
    except DyadError as exc:
        raise _fail(exc) from exc
    out_console.print(
        f"{stats.events} events into {stats.output}, {stats.incidents} incidents into {stats.incidents_output}; "
        f"{stats.failed} failed, {stats.skipped} skipped (see {stats.failures_output})"
    )
    raise typer.Exit(EXIT_FAILED_DOCS if stats.failed else EXIT_OK)


# ---------------------------------------------------------------------------------------------- events
@app.command("events")
def events_cmd(
    db: DbOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    code: CodeOpt = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER event type (CONSULT, ACCUSE...).")] = None,
    quad_class: Annotated[str | None, typer.Option("--quad-class", help="QuadClass 1-4.")] = None,
    actor: Annotated[str | None, typer.Option(help="Either actor (source or target), as for --source.")] = None,
    modality: Annotated[
        str, typer.Option(help="asserted (default), negated, hypothetical, intended, reported or all.")
    ] = "asserted",
    limit: Annotated[int, typer.Option(help="At most this many events (0 = all).")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many events first (paging).")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="table, brief (no sentences), jsonl or csv.")] = "table",
) -> None:
    """List stored events with filters.

    Example: dyad events --db events.duckdb --source IRN --target PRK --since 2018-01

    Dates: YYYY, YYYY-MM, YYYY-MM-DD or an ISO week (2018-W31). Example: dyad events --source GOV --code CONSULT
    """
    from dyad.store import Store

    try:
        with Store(_db(db), read_only=True) as store:
            events = store.event_records(
                source=source,
                target=target,
                since=since,
                until=until,
                code=code,
                plover=plover,
                quad_class=quad_class,
                actor=actor,
                modality=None if modality == "all" else modality,
                limit=limit or None,
                offset=offset,
            )
    except DyadError as exc:
        raise _fail(exc) from exc
    if fmt == "jsonl":
        for e in events:
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(
            [
                "event_id",
                "doc_id",
                "date",
                "date_precision",
                "source",
                "target",
                "cameo",
                "cameo_name",
                "plover",
                "quad_class",
                "goldstein",
                "modality",
                "rule",
                "sentence",
            ]
        )
        for e in events:
            w.writerow(
                [
                    e.event_id,
                    e.doc_id,
                    e.date,
                    e.date_precision,
                    e.source.code if e.source else "",
                    e.target.code if e.target else "",
                    e.cameo,
                    e.cameo_name,
                    e.plover,
                    e.quad_class,
                    e.goldstein,
                    e.modality,
                    e.rule,
                    e.sentence,
                ]
            )
    elif fmt == "brief":
        for e in events:
            src = f"{e.source.code or '?'} ({e.source.text})" if e.source else "-"
            tgt = f"{e.target.code or '?'} ({e.target.text})" if e.target else "-"
            trig = e.trigger.text if e.trigger else ""
            out_console.print(
                escape(
                    f"{e.date or '?'} {e.date_precision:<8} {src} -> {tgt}: {e.cameo} {e.cameo_name} "
                    f"[{e.plover or '-'}] '{trig}' ({e.rule})"
                )
            )
        out_console.print(f"{len(events)} events")
    elif fmt == "table":
        if events:
            _print_events(events)
        out_console.print(f"{len(events)} events")
    else:
        err_console.print(f"dyad: error: unknown --format {fmt!r}; use table, brief, jsonl or csv")
        raise typer.Exit(EXIT_USAGE)


# ---------------------------------------------------------------------------------------------- show
@app.command("show")
def show_cmd(
    doc_id: Annotated[str, typer.Argument(help="Document id (see dyad events / dyad summary).")],
    db: DbOpt = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Also show non-asserted events.")] = True,
) -> None:
    """Show a cleaned document with its events and why each was coded."""
    from dyad.explain import describe, event_where_when, marked_sentence
    from dyad.store import Store

    try:
        with Store(_db(db), read_only=True) as store:
            doc = store.document(doc_id)
            events = store.event_records(doc_id=doc_id, modality=None if all_modalities else "asserted")
            incident_of = store.incident_ids(doc_id)
    except DyadError as exc:
        raise _fail(exc) from exc
    if doc is None:
        err_console.print(f"dyad: error: no document {doc_id!r} in {_db(db)}; list ids with `dyad summary`")
        raise typer.Exit(EXIT_USAGE)
    meta = doc.get("meta") or {}
    out_console.print(f"[bold]{escape(str(meta.get('title') or '(no title)'))}[/bold]")
    for key in ("doc_id", "origin", "status"):
        if doc.get(key):
            out_console.print(f"{key}: {escape(str(doc[key]))}")
    for key in ("published", "published_precision", "publisher", "byline", "dateline_place", "url"):
        if meta.get(key):
            out_console.print(f"{key}: {escape(str(meta[key]))}")
    if doc.get("copy_of"):
        out_console.print(f"copy_of: {escape(str(doc['copy_of']))} (similarity {doc.get('copy_similarity')})")
    out_console.print()
    out_console.print(escape(str(doc.get("text") or "")))
    removed = doc.get("removed") or []
    if removed:
        out_console.print("\n[bold]Removed as boilerplate[/bold]")
        for r in removed:
            out_console.print(f"  - ({escape(str(r.get('rule')))}) {escape(str(r.get('text'))[:100])}")
    out_console.print(f"\n[bold]{len(events)} events[/bold]")
    for i, e in enumerate(sorted(events, key=lambda e: (e.sentence_index, e.span[0])), 1):
        out_console.print(f"\n{i}. {escape(describe(e))}")
        out_console.print(f"   {escape(marked_sentence(e))}")
        detail = f"   rule: {e.rule}; confidence {e.confidence}"
        if e.attribution:
            detail += f"; according to {e.attribution.text}"
        out_console.print(escape(detail))
        out_console.print(escape(f"   {event_where_when(e, incident_of.get(e.event_id))}"))
        for role, a in (("source", e.source), ("target", e.target)):
            if a is not None:
                out_console.print(escape(f"   {role}: {a.text!r} -> {a.code} ({a.name or '?'}; {a.why or ''})"))


# ---------------------------------------------------------------------------------------------- incidents
@app.command("incidents")
def incidents_cmd(
    db: DbOpt = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Only incidents this document reports.")] = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    code: CodeOpt = None,
    min_articles: Annotated[int, typer.Option(help="Only incidents reported by at least this many articles.")] = 1,
    limit: Annotated[int, typer.Option(help="At most this many incidents (0 = all).")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Cluster all events again with the current incident settings first.")
    ] = False,
) -> None:
    """List incidents: the same event reported by several articles and outlets, counted once.

    Events with the same source, target, CAMEO code (setting incident_key = code or root), compatible
    place and overlapping dates (widened by incident_slack days) are one incident, updated as documents
    are coded. Example: dyad incidents --db events.duckdb --source RUS --min-articles 2
    """
    from dyad.store import Store

    if fmt not in ("table", "jsonl"):
        err_console.print(f"dyad: error: unknown --format {fmt!r}; use table or jsonl")
        raise typer.Exit(EXIT_USAGE)
    settings = Settings.load({"db": db})
    try:
        with Store(
            settings.db,
            read_only=not rebuild,
            incident_key=settings.incident_key,
            incident_slack=settings.incident_slack,
        ) as store:
            if rebuild:
                store.rebuild_incidents()
            rows = store.incidents(
                source=source, target=target, since=since, until=until, code=code, doc_id=doc_id,
                min_articles=min_articles, limit=limit or None,
            ).to_pylist()  # fmt: skip
    except DyadError as exc:
        raise _fail(exc) from exc
    for r in rows:
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(r, default=str, ensure_ascii=False) + "\n")
            continue
        days = str(r["date_start"]) + ("" if r["date_end"] == r["date_start"] else f"..{r['date_end']}")
        place = f" at {r['place_name']} ({r['place'] or '-'})" if r["place_name"] or r["place"] else ""
        out_console.print(
            escape(
                f"{r['incident_id']} {days} {r['source']} -> {r['target']}: {r['code']}{place}; "
                f"{r['num_articles']} articles ({r['num_copies']} copies), {r['num_sources']} sources, "
                f"{r['num_mentions']} mentions; seen {r['first_seen']}..{r['last_seen']}"
            )
        )
    if fmt == "table":
        out_console.print(f"{len(rows)} incidents")


# ---------------------------------------------------------------------------------------------- export
@app.command("export")
def export_cmd(
    out: Annotated[str, typer.Option("--out", help="Output file.")],
    db: DbOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="parquet, csv, jsonl, gdelt (GDELT 2.0 event table), icews or plover.")
    ] = "parquet",
    header: Annotated[bool, typer.Option("--header", help="gdelt: write GDELT's column names first.")] = False,
) -> None:
    """Export asserted events: Parquet, CSV, JSONL (nested as in the event schema), or formats users know:
    the GDELT 2.0 event table (61 tab-separated columns), ICEWS (tab-separated) or PLOVER JSON lines.

    Example: dyad export --db events.duckdb --format gdelt --out events.gdelt.tsv
    """
    from dyad.store import Store

    formats = ("parquet", "csv", "jsonl", "gdelt", "icews", "plover")
    if fmt not in formats:
        err_console.print(f"dyad: error: unknown --format {fmt!r}; use {', '.join(formats)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        with Store(_db(db), read_only=True) as store:
            if fmt in ("parquet", "csv", "jsonl"):
                n = store.export(fmt, out)  # type: ignore[arg-type]
            else:
                from dyad.exports import export_events

                events = store.event_records(modality="asserted")
                documents = {d: store.document(d) or {} for d in sorted({e.doc_id for e in events})}
                options = {"header": header} if fmt == "gdelt" else {}
                n = export_events(events, fmt, out, documents=documents, **options)  # type: ignore[arg-type]
    except DyadError as exc:
        raise _fail(exc) from exc
    out_console.print(f"wrote {n} events to {out}")


# ---------------------------------------------------------------------------------------------- summary
@app.command("summary")
def summary_cmd(db: DbOpt = None) -> None:
    """Counts of documents, events and failures in a database, top dyads, and the failure report."""
    from dyad.store import Store

    try:
        with Store(_db(db), read_only=True) as store:
            s = store.summary()
            failures = store.failures().to_pylist()
    except DyadError as exc:
        raise _fail(exc) from exc
    out_console.print(f"dyad summary of {_db(db)}")
    for key, value in s.items():
        if key == "top_dyads":
            out_console.print("top dyads:")
            for row in value:
                out_console.print(f"  {escape(str(row))}")
        else:
            out_console.print(f"{key}: {escape(str(value))}")
    if failures:
        out_console.print(f"failures ({len(failures)}):")
        for f in failures:
            out_console.print(
                f"  {escape(str(f.get('origin')))}: {escape(str(f.get('status')))} at "
                f"{escape(str(f.get('stage')))}: {escape(str(f.get('reason')))}"
            )


# ---------------------------------------------------------------------------------------------- analysis
@app.command("relations")
def relations_cmd(
    a: Annotated[str, typer.Argument(metavar="A", help="First actor code prefix (IRN, IRNGOV).")],
    b: Annotated[str, typer.Argument(metavar="B", help="Second actor code prefix.")],
    by: Annotated[str, typer.Option("--by", help="Period: month, week (ISO) or year.")] = "month",
    since: Annotated[str | None, typer.Option(help="From date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date (inclusive).")] = None,
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    plot: Annotated[
        str | None, typer.Option("--plot", help="Draw net cooperation and event counts to FILE.svg (or .png).")
    ] = None,
) -> None:
    """Relations between two actors over time, both directions: QuadClass counts, Goldstein, net cooperation.

    Example: dyad relations IRN PRK --by month --since 2018 --plot irn-prk.svg
    """
    from dyad.analysis import plot_relations, relations
    from dyad.store import Store

    if fmt not in ("table", "csv", "json"):
        err_console.print(f"dyad: error: unknown --format {fmt!r}; use table, csv or json")
        raise typer.Exit(EXIT_USAGE)
    try:
        with Store(_db(db), read_only=True) as store:
            table = relations(store, a, b, by=by, since=since, until=until)  # type: ignore[arg-type]
        if plot:
            meta = table.schema.metadata or {}
            title = f"{meta.get(b'a', b'').decode()} / {meta.get(b'b', b'').decode()} by {by}"
            plot_relations(table, plot, title=title)
    except DyadError as exc:
        raise _fail(exc) from exc
    rows = table.to_pylist()
    if fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(table.column_names)
        for row in rows:
            w.writerow(["" if row[c] is None else row[c] for c in table.column_names])
    elif fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
    else:
        from rich.table import Table

        out = Table(title=f"{a.upper()} / {b.upper()} by {by}")
        for column in table.column_names:
            label = _SHORT.get(column, column)
            if column in ("period", "direction"):
                wide = max(9, len(a) + len(b) + 2) if column == "direction" else 8
                out.add_column(label, no_wrap=True, min_width=wide)
            else:
                out.add_column(label, no_wrap=True, min_width=len(label), justify="right")
        for row in rows:
            out.add_row(*(_cell(row[c]) for c in table.column_names))
        out_console.print(out, width=max(out_console.width, 120), crop=False)
        excluded = int((table.schema.metadata or {}).get(b"excluded_imprecise", b"0"))
        if excluded:
            out_console.print(f"({excluded} events dated too coarsely for --by {by} left out)")
    if plot:
        err_console.print(f"wrote plot to {plot}")


_SHORT = {
    "n_events": "events",
    "goldstein_mean": "gs mean",
    "goldstein_sum": "gs sum",
    "net_cooperation": "net coop",
    "n_docs": "docs",
    "events_per_1000_docs": "per 1k docs",
}


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return escape(str(value))


@app.command("top")
def top_cmd(
    what: Annotated[str, typer.Argument(metavar="WHAT", help="dyads, actors or codes.")],
    since: Annotated[str | None, typer.Option(help="From date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date (inclusive).")] = None,
    country: Annotated[
        str | None, typer.Option(help="Only events with this actor on either side: IRN, IRNGOV or a sector (GOV).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows (0 = all).")] = 10,
    db: DbOpt = None,
) -> None:
    """The most frequent dyads, actors or CAMEO codes among asserted events.

    Example: dyad top dyads --country IRN --since 2018 --limit 5
    """
    from rich.table import Table

    from dyad.analysis import top
    from dyad.store import Store

    try:
        with Store(_db(db), read_only=True) as store:
            table = top(store, what, since=since, until=until, country=country, limit=limit)  # type: ignore[arg-type]
    except DyadError as exc:
        raise _fail(exc) from exc
    out = Table(title=f"top {what}")
    for column in table.column_names:
        out.add_column(column, justify="right" if column == "n_events" else "left")
    for row in table.to_pylist():
        out.add_row(*(_cell(row[c]) for c in table.column_names))
    out_console.print(out)


@app.command("network")
def network_cmd(
    out: Annotated[str, typer.Option("--out", help="GraphML file to write.")],
    since: Annotated[str | None, typer.Option(help="From date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date (inclusive).")] = None,
    min_events: Annotated[int, typer.Option("--min-events", help="Leave out dyads with fewer events.")] = 1,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor on either side (IRN, GOV).")] = None,
    db: DbOpt = None,
) -> None:
    """Write the directed actor network (GraphML) with cooperation, conflict, total and Goldstein per edge.

    Example: dyad network --out graph.graphml --since 2018 --min-events 2
    """
    from dyad.analysis import network
    from dyad.store import Store

    try:
        with Store(_db(db), read_only=True) as store:
            n_nodes, n_edges = network(store, out, since=since, until=until, min_events=min_events, actor=actor)
    except DyadError as exc:
        raise _fail(exc) from exc
    out_console.print(f"wrote {n_nodes} actors and {n_edges} edges to {escape(out)}")


# ---------------------------------------------------------------------------------------------- eval
@app.command("eval")
def eval_cmd(
    gold: Annotated[list[str], typer.Argument(help="Gold files: *.gold.json (dyad-gold/1) or PLOVER TSV.")],
    published: Annotated[str | None, typer.Option(help="Publication date for gold documents.")] = None,
    errors: Annotated[
        str, typer.Option("--errors", help="Write misses and false positives here.")
    ] = "dyad-eval-errors.jsonl",
    limit: Annotated[int, typer.Option(help="Score only the first N sentences of a TSV (0 = all).")] = 0,
    no_typer: Annotated[
        bool,
        typer.Option("--no-typer", help="Patterns only: leave the learned typer out (it was trained on PLV_train)."),
    ] = False,
) -> None:
    """Score the coder against gold files and write every miss and false positive with its sentence and rule."""
    from dyad.evaluate import evaluate_files

    try:
        settings = Settings.load({"typer": False if no_typer else None})
        report = evaluate_files(gold, published=published, errors_path=errors, limit=limit or None, settings=settings)
    except DyadError as exc:
        raise _fail(exc) from exc
    out_console.print(report)


# ---------------------------------------------------------------------------------------------- dict
@dict_app.command("lint")
def dict_lint_cmd(
    files: Annotated[list[str] | None, typer.Argument(help="Files to check (default: all bundled data files).")] = None,
) -> None:
    """Check data files against their schemas: duplicates, bad codes, bad dates, with file and line."""
    from dyad.lint import lint_all

    problems, checked = lint_all(files or None)
    for p in problems:
        out_console.print(escape(p))
    out_console.print(f"{checked} files checked, {len(problems)} problems")
    raise typer.Exit(1 if problems else 0)


@dict_app.command("import-petrarch")
def dict_import_cmd(
    files: Annotated[list[str], typer.Argument(help="PETRARCH/TABARI actor or agent files.")],
    out: Annotated[str, typer.Option("--out", help="Folder for the dyad TSV files.")] = "dyad-dicts",
) -> None:
    """Convert PETRARCH/TABARI dictionaries to dyad's TSV format (people, organizations, agents)."""
    from dyad.lint import import_petrarch

    try:
        written = import_petrarch(files, Path(out))
    except DyadError as exc:
        raise _fail(exc) from exc
    for path, n in written.items():
        out_console.print(f"wrote {n} rows to {path}")


# --------------------------------------------------------------------------------------------- serve
@app.command("serve")
def serve_cmd(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web dashboard and its JSON API (/api/..., /openapi.json) over a database, read-only.

    Example: dyad serve --db dyad.duckdb   then open http://127.0.0.1:8000/
    """
    from dyad.web.app import create_app

    try:
        application = create_app(_db(db))
    except DyadError as exc:
        raise _fail(exc) from exc
    import uvicorn

    err_console.print(f"dyad: serving {escape(_db(db))} at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command("version")
def version_cmd() -> None:
    """Print dyad's version and the version of its data files."""
    from dyad.pipeline import data_version

    out_console.print(f"dyad {__version__} (data {data_version()})")


def main() -> None:
    try:
        app()
    except DyadError as exc:  # pragma: no cover - commands convert their own errors
        err_console.print(f"dyad: error: {escape(str(exc))}")
        sys.exit(getattr(exc, "exit_code", 1))


if __name__ == "__main__":
    main()
