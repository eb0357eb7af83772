"""The DuckDB event store: documents, their events and failures, in one file.

    >>> with Store("x.duckdb") as store:
    ...     store.write(results, pipeline_version="0.1.0+data.2026-11-29")
    ...     table = store.events(source="IRN", since="2018-07")

Tables (schema version :data:`SCHEMA_VERSION`, upgraded by :data:`MIGRATIONS` on open):

- ``meta(key, value)``: ``schema_version``, ``created_at``.
- ``documents``: one row per document with its metadata, clean text, removed boilerplate, the content
  hash and pipeline version it was coded with, and its status (``coded``, ``failed``, ``skipped``).
- ``events``: one row per event with flat columns for querying and ``record``, the full
  :meth:`Event.to_dict` as JSON, for a lossless round trip. ``date_start``/``date_end`` hold the first and
  last day the event date can denote ("2018-07" -> 2018-07-01 .. 2018-07-31) for date filters.
- ``failures``: inputs that could not be coded or were skipped, one row per (origin, doc_id, stage).

The store always reflects the latest run: writing a document's result replaces its row, all its events
and all its failures. Every write is one transaction; on any error nothing of it is kept.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa

from dyad.errors import StoreError, UsageError
from dyad.incidents import INCIDENT_KEYS, IncidentKey
from dyad.models import MODALITIES, REPEAT_STAGE, DocResult, Document, Event, Failure

# --------------------------------------------------------------------------------------------- schema

#: Ordered migrations: (schema version, statements). A database at version N gets every later entry
#: applied, in order, in one transaction. Never edit a released entry; append a new one.
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [
    (
        1,
        (
            "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
            """CREATE TABLE documents (
                doc_id VARCHAR PRIMARY KEY,
                origin VARCHAR,
                content_hash VARCHAR,
                pipeline_version VARCHAR,
                status VARCHAR NOT NULL,
                title VARCHAR,
                standfirst VARCHAR,
                publisher VARCHAR,
                byline VARCHAR[],
                contributors VARCHAR[],
                dateline_place VARCHAR,
                copyright_year INTEGER,
                published VARCHAR,
                published_precision VARCHAR,
                published_source VARCHAR,
                url VARCHAR,
                source VARCHAR,
                author VARCHAR,
                site VARCHAR,
                encoding VARCHAR,
                kind VARCHAR,
                text VARCHAR,
                paragraphs JSON,
                removed JSON,
                n_events INTEGER NOT NULL DEFAULT 0,
                coded_at TIMESTAMP
            )""",
            """CREATE TABLE events (
                event_id VARCHAR PRIMARY KEY,
                doc_id VARCHAR NOT NULL,
                sentence_index INTEGER,
                sentence VARCHAR,
                span_start INTEGER,
                span_end INTEGER,
                source_text VARCHAR,
                source_code VARCHAR,
                source_country VARCHAR,
                source_sectors VARCHAR[],
                source_name VARCHAR,
                source_entity_id VARCHAR,
                target_text VARCHAR,
                target_code VARCHAR,
                target_country VARCHAR,
                target_sectors VARCHAR[],
                target_name VARCHAR,
                target_entity_id VARCHAR,
                cameo VARCHAR NOT NULL,
                cameo_root VARCHAR,
                cameo_name VARCHAR,
                plover VARCHAR,
                plover_mode VARCHAR,
                quad_class INTEGER,
                goldstein DOUBLE,
                date VARCHAR,
                date_precision VARCHAR,
                date_text VARCHAR,
                date_start DATE,
                date_end DATE,
                location JSON,
                modality VARCHAR NOT NULL,
                attribution JSON,
                rule VARCHAR,
                confidence DOUBLE,
                trigger JSON,
                mentions INTEGER,
                dyad_version VARCHAR,
                record JSON NOT NULL
            )""",
            "CREATE INDEX events_doc_id ON events (doc_id)",
            """CREATE TABLE failures (
                origin VARCHAR NOT NULL,
                doc_id VARCHAR,
                stage VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                reason VARCHAR,
                "at" TIMESTAMP
            )""",
            "CREATE INDEX failures_doc_id ON failures (doc_id)",
        ),
    ),
]

# --- where: incidents and copies (schema 2) ---
MIGRATIONS.append(
    (
        2,
        (
            "ALTER TABLE documents ADD COLUMN copy_of VARCHAR",
            "ALTER TABLE documents ADD COLUMN copy_similarity DOUBLE",
            "ALTER TABLE documents ADD COLUMN minhash UBIGINT[]",
            "CREATE TABLE doc_bands (band INTEGER NOT NULL, hash BIGINT NOT NULL, doc_id VARCHAR NOT NULL)",
            "CREATE INDEX doc_bands_hash ON doc_bands (hash)",
            """CREATE TABLE incidents (
                incident_id VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                target VARCHAR NOT NULL,
                grp VARCHAR NOT NULL,
                code VARCHAR,
                root VARCHAR,
                place VARCHAR,
                place_name VARCHAR,
                date_start DATE,
                date_end DATE,
                num_mentions INTEGER,
                num_sources INTEGER,
                num_articles INTEGER,
                num_copies INTEGER,
                first_seen VARCHAR,
                last_seen VARCHAR
            )""",
            "CREATE TABLE incident_events (incident_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, doc_id VARCHAR)",
            "CREATE INDEX incident_events_doc ON incident_events (doc_id)",
        ),
    )
)
# --- end where ---

SCHEMA_VERSION: int = MIGRATIONS[-1][0]

#: Columns of :meth:`Store.events` (and of the Parquet export), in order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "doc_id", "sentence_index", "sentence", "span_start", "span_end",
    "source_text", "source_code", "source_country", "source_sectors", "source_name", "source_entity_id",
    "target_text", "target_code", "target_country", "target_sectors", "target_name", "target_entity_id",
    "cameo", "cameo_root", "cameo_name", "plover", "plover_mode", "quad_class", "goldstein",
    "date", "date_precision", "date_text", "location", "modality", "attribution", "rule", "confidence",
    "trigger", "mentions", "dyad_version",
)  # fmt: skip
_JSON_COLUMNS = frozenset({"location", "attribution", "trigger"})

_LIST = pa.list_(pa.string())
_EVENT_ARROW = pa.schema(
    [
        ("event_id", pa.string()), ("doc_id", pa.string()), ("sentence_index", pa.int32()),
        ("sentence", pa.string()), ("span_start", pa.int32()), ("span_end", pa.int32()),
        ("source_text", pa.string()), ("source_code", pa.string()), ("source_country", pa.string()),
        ("source_sectors", _LIST), ("source_name", pa.string()), ("source_entity_id", pa.string()),
        ("target_text", pa.string()), ("target_code", pa.string()), ("target_country", pa.string()),
        ("target_sectors", _LIST), ("target_name", pa.string()), ("target_entity_id", pa.string()),
        ("cameo", pa.string()), ("cameo_root", pa.string()), ("cameo_name", pa.string()),
        ("plover", pa.string()), ("plover_mode", pa.string()), ("quad_class", pa.int32()),
        ("goldstein", pa.float64()), ("date", pa.string()), ("date_precision", pa.string()),
        ("date_text", pa.string()), ("date_start", pa.date32()), ("date_end", pa.date32()),
        ("location", pa.string()), ("modality", pa.string()), ("attribution", pa.string()),
        ("rule", pa.string()), ("confidence", pa.float64()), ("trigger", pa.string()),
        ("mentions", pa.int32()), ("dyad_version", pa.string()), ("record", pa.string()),
    ]
)  # fmt: skip
_DOC_ARROW = pa.schema(
    [
        ("doc_id", pa.string()), ("origin", pa.string()), ("content_hash", pa.string()),
        ("pipeline_version", pa.string()), ("status", pa.string()), ("title", pa.string()),
        ("standfirst", pa.string()), ("publisher", pa.string()), ("byline", _LIST),
        ("contributors", _LIST), ("dateline_place", pa.string()), ("copyright_year", pa.int32()),
        ("published", pa.string()), ("published_precision", pa.string()),
        ("published_source", pa.string()), ("url", pa.string()), ("source", pa.string()),
        ("author", pa.string()), ("site", pa.string()), ("encoding", pa.string()), ("kind", pa.string()),
        ("text", pa.string()), ("paragraphs", pa.string()), ("removed", pa.string()),
        ("n_events", pa.int32()), ("coded_at", pa.timestamp("us")),
    ]
)  # fmt: skip
_FAILURE_ARROW = pa.schema(
    [
        ("origin", pa.string()), ("doc_id", pa.string()), ("stage", pa.string()),
        ("status", pa.string()), ("reason", pa.string()), ("at", pa.timestamp("us")),
    ]
)  # fmt: skip
_META_FIELDS = (
    "title", "standfirst", "publisher", "byline", "contributors", "dateline_place", "copyright_year",
    "published", "published_precision", "published_source", "url", "source", "author", "site",
)  # fmt: skip
_LARGE_DOC_COLUMNS = frozenset({"text", "paragraphs", "removed"})

_EVENT_ORDER = "date_start NULLS LAST, doc_id, sentence_index, span_start, event_id"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PID_RE = re.compile(r"PID (\d+)")

ExportFormat = Literal["parquet", "csv", "jsonl"]
EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")


# --------------------------------------------------------------------------------------------- store


class Store:
    """A dyad database: ``with Store("x.duckdb") as s: ...``.

    The constructor only records the settings; the database is opened by :meth:`open`, by ``with``, or
    by the first method that needs it. Every database problem raises :class:`~dyad.errors.StoreError`
    with a message that names the file, says what went wrong and what to do.
    """

    def __init__(
        self,
        path: str | Path = "dyad.duckdb",
        *,
        read_only: bool = False,
        incident_key: str = "code",
        incident_slack: int = 1,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if incident_key not in INCIDENT_KEYS:
            raise UsageError(f"incident_key={incident_key!r} is unknown; use one of: {', '.join(INCIDENT_KEYS)}")
        if int(incident_slack) < 0:
            raise UsageError(f"incident_slack={incident_slack} must be 0 or more days")
        self.incident_key: IncidentKey = "root" if incident_key == "root" else "code"
        self.incident_slack = int(incident_slack)
        self._con: duckdb.DuckDBPyConnection | None = None

    def __repr__(self) -> str:
        state = "open" if self._con is not None else "closed"
        return f"Store({str(self.path)!r}, read_only={self.read_only}, {state})"

    @property
    def _name(self) -> str:
        """The database as named in messages: an absolute path (or ":memory:")."""
        if self._in_memory:
            return ":memory:"
        return os.path.abspath(self.path)

    @property
    def _in_memory(self) -> bool:
        return str(self.path) == ":memory:"

    # ----------------------------------------------------------------------------------- open / close

    def open(self) -> Store:
        """Connect, create or upgrade the schema, and return the store. Opening twice is harmless."""
        if self._con is not None:
            return self
        self._check_path()
        try:
            con = duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.Error as exc:
            raise self._open_error(exc) from exc
        try:
            self._migrate(con)
        except BaseException:
            con.close()
            raise
        self._con = con
        return self

    def close(self) -> None:
        """Close the connection (and release the file lock). Closing twice is harmless."""
        con, self._con = self._con, None
        if con is not None:
            try:
                con.close()
            except duckdb.Error as exc:
                raise self._error("closing the database", exc) from exc

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_path(self) -> None:
        if self._in_memory:
            return
        name = self._name
        if self.path.is_dir():
            raise StoreError(f"{name} is a directory, not a database file: give a file name with --db")
        if self.read_only and not self.path.exists():
            raise StoreError(
                f"{name} does not exist, so it cannot be opened read-only: "
                "check the path, or create it first with `dyad code --db`"
            )
        parent = self.path.parent if str(self.path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(
                f"{name}: cannot create the database because the directory {os.path.abspath(parent)} "
                "does not exist: create it, or use another --db"
            )

    def _open_error(self, exc: duckdb.Error) -> StoreError:
        name, msg = self._name, str(exc)
        low = msg.lower()
        if "lock" in low and ("conflicting" in low or "could not set lock" in low):
            pid = _PID_RE.search(msg)
            who = f" (PID {pid.group(1)})" if pid else ""
            return StoreError(f"{name} is locked by another process{who}: close that process or use another --db")
        if "not a valid duckdb database" in low or "not a duckdb database" in low:
            return StoreError(
                f"{name} is not a DuckDB database (or is damaged): move the file away, or use another --db"
            )
        if "permission denied" in low or "read-only file system" in low:
            return StoreError(
                f"{name} cannot be opened for writing (permission denied): fix the permissions of the file "
                "and its directory, open it read-only, or use another --db"
            )
        if "different configuration" in low:
            return StoreError(
                f"{name} is already open in this process with other settings (read-only or not): "
                "close the other Store first"
            )
        if "version" in low and ("storage" in low or "database file" in low):
            return StoreError(
                f"{name} was written by a different DuckDB version and cannot be opened ({msg}): "
                "install the DuckDB version that wrote it, or use another --db"
            )
        return StoreError(f"{name} cannot be opened: {msg}; check the file, or use another --db")

    def _error(self, action: str, exc: duckdb.Error, *, rolled_back: bool = False) -> StoreError:
        kept = "; nothing of it was written" if rolled_back else ""
        return StoreError(
            f"{self._name}: {action} failed: {exc}{kept}. "
            "Check the database with `dyad summary --db`, or use another --db"
        )

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        name = self._name
        try:
            found = _schema_version(con)
        except duckdb.Error as exc:
            raise self._error("reading the schema version", exc) from exc
        if found is None:
            raise StoreError(
                f"{name} is a DuckDB database but not a dyad store (it has other tables and no dyad "
                "meta table): use another --db"
            )
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"{name} has store schema version {found}, newer than this dyad understands "
                f"({SCHEMA_VERSION}): upgrade dyad (pip install -U dyad), or use another --db"
            )
        if found == SCHEMA_VERSION:
            return
        if self.read_only:
            what = "is empty (not a dyad store yet)" if found == 0 else f"has the older schema {found}"
            raise StoreError(
                f"{name} {what}, and a read-only store cannot be upgraded: "
                "open it once without read-only (e.g. `dyad summary --db`), then retry"
            )
        try:
            con.begin()
            for version, statements in MIGRATIONS:
                if version <= found:
                    continue
                for statement in statements:
                    con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            if found == 0:
                con.execute("INSERT OR REPLACE INTO meta VALUES ('created_at', ?)", [_now().isoformat()])
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            action = f"upgrading the schema from version {found} to {SCHEMA_VERSION}"
            raise self._error(action, exc, rolled_back=True) from exc
        except BaseException:
            _rollback(con)
            raise

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self.open()
        assert self._con is not None
        return self._con

    @contextmanager
    def _transaction(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.read_only:
            raise StoreError(f"{self._name} was opened read-only: cannot {action}; open it without read-only")
        con = self._connection()
        try:
            con.begin()
            yield con
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            raise self._error(action, exc, rolled_back=True) from exc
        except BaseException:
            _rollback(con)
            raise

    @contextmanager
    def _reading(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._connection()
        try:
            yield con
        except duckdb.Error as exc:
            raise self._error(action, exc) from exc

    # ---------------------------------------------------------------------------------------- writing

    def is_current(self, doc_id: str, content_hash: str, pipeline_version: str) -> bool:
        """True when ``doc_id`` was already coded (or skipped) from the same content by the same pipeline.

        Failed documents are never current, so they are retried on the next run.
        """
        with self._reading("checking a document") as con:
            row = _first(
                con.execute(
                    "SELECT 1 FROM documents WHERE doc_id = ? AND content_hash = ? AND pipeline_version = ? "
                    "AND status <> 'failed'",
                    [doc_id, content_hash, pipeline_version],
                )
            )
        return row is not None

    def known_versions(self) -> dict[str, tuple[str, str]]:
        """``doc_id -> (content_hash, pipeline_version)`` of every current (coded or skipped) document."""
        with self._reading("listing documents") as con:
            rows = con.execute(
                "SELECT doc_id, content_hash, pipeline_version FROM documents "
                "WHERE status <> 'failed' AND content_hash IS NOT NULL AND pipeline_version IS NOT NULL"
            ).fetchall()
        return {doc_id: (content, version) for doc_id, content, version in rows}

    def write(self, results: Sequence[DocResult], pipeline_version: str) -> None:
        """Store the outcome of a batch of documents in one transaction.

        For each result with a doc_id, its document row, all its events and all its earlier failures
        are replaced: a coded result stores the document and its events and clears old failures; a
        failed or skipped result stores the document (status, and metadata when known) with no events
        and records its failure (one row per origin, doc_id and stage). When several results in the
        batch share a doc_id, the last one wins. A repeated id (failure at stage ``ids``) only records its
        failure: the document stored under that id stays. On any error nothing of the batch is kept.
        """
        latest: dict[str, DocResult] = {}
        anonymous: list[DocResult] = []
        repeats: list[Failure] = []
        for result in results:
            if result.failure is not None and result.failure.stage == REPEAT_STAGE and result.status != "coded":
                repeats.append(result.failure)
            elif result.doc_id:
                latest.pop(result.doc_id, None)
                latest[result.doc_id] = result
            else:
                anonymous.append(result)
        kept = [*latest.values(), *anonymous]
        if not kept and not repeats:
            return
        now = _now()
        events_table = _events_table(r for r in latest.values() if r.status == "coded")
        docs_table = _documents_table(list(latest.values()), pipeline_version, now)
        failures = [_failure_of(r) for r in kept if r.status != "coded"]
        cleared = pa.table(
            {
                "doc_id": pa.array([r.doc_id or None for r in kept], pa.string()),
                "origin": pa.array([r.origin for r in kept], pa.string()),
            }
        )
        with self._transaction(f"writing {len(kept)} document results") as con:
            self._replace_documents(con, docs_table)
            self._insert_events(con, events_table)
            self._clear_failures(con, cleared)
            self._upsert_failures(con, [*failures, *repeats], now)
            mark_copies(con, [r for r in latest.values() if r.status == "coded" and r.document is not None])
            update_incidents(con, list(latest), self.incident_key, self.incident_slack)

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Record failures that have no document result (e.g. unreadable files), replacing earlier rows
        with the same (origin, doc_id, stage)."""
        if not failures:
            return
        with self._transaction(f"recording {len(failures)} failures") as con:
            self._upsert_failures(con, list(failures), _now())

    def _replace_documents(self, con: duckdb.DuckDBPyConnection, docs: pa.Table) -> None:
        if docs.num_rows == 0:
            return
        with _registered(con, "_dyad_new_documents", docs):
            con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM _dyad_new_documents)")
            con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _dyad_new_documents)")
            con.execute("INSERT INTO documents BY NAME SELECT * FROM _dyad_new_documents")

    def _insert_events(self, con: duckdb.DuckDBPyConnection, events: pa.Table) -> None:
        if events.num_rows == 0:
            return
        with _registered(con, "_dyad_new_events", events):
            con.execute("INSERT INTO events BY NAME SELECT * FROM _dyad_new_events")

    def _clear_failures(self, con: duckdb.DuckDBPyConnection, cleared: pa.Table) -> None:
        with _registered(con, "_dyad_cleared", cleared):
            con.execute(
                "DELETE FROM failures WHERE doc_id IN (SELECT doc_id FROM _dyad_cleared) "
                "OR (doc_id IS NULL AND origin IN (SELECT origin FROM _dyad_cleared))"
            )

    def _upsert_failures(self, con: duckdb.DuckDBPyConnection, failures: list[Failure], now: datetime) -> None:
        unique: dict[tuple[str, str | None, str], Failure] = {}
        for failure in failures:
            key = (failure.origin, failure.doc_id or None, failure.stage)
            unique.pop(key, None)
            unique[key] = failure
        if not unique:
            return
        rows = list(unique.values())
        table = pa.table(
            {
                "origin": [f.origin for f in rows],
                "doc_id": [f.doc_id or None for f in rows],
                "stage": [f.stage for f in rows],
                "status": [f.status for f in rows],
                "reason": [f.reason for f in rows],
                "at": [now] * len(rows),
            },
            schema=_FAILURE_ARROW,
        )
        with _registered(con, "_dyad_new_failures", table):
            con.execute(
                "DELETE FROM failures USING _dyad_new_failures AS n WHERE failures.origin = n.origin "
                "AND failures.stage = n.stage AND failures.doc_id IS NOT DISTINCT FROM n.doc_id"
            )
            con.execute("INSERT INTO failures BY NAME SELECT * FROM _dyad_new_failures")

    # ---------------------------------------------------------------------------------------- reading

    def events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        code: str | None = None,
        doc_id: str | None = None,
        modality: str | None = "asserted",
        plover: str | None = None,
        quad_class: int | str | None = None,
        actor: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pa.Table:
        """Events as an Arrow table with the flat columns :data:`EVENT_COLUMNS`, ordered by date.

        ``source``/``target`` match actor codes by prefix ("IRN" matches IRN and IRNGOV); a three-letter
        value also matches actors with that sector ("GOV" matches IRNGOV and USAGOV); ``actor`` matches
        either side. ``code`` matches CAMEO codes by prefix ("11" matches 110-119 and 1121...) or takes a
        PLOVER type ("CONSULT"); ``plover`` a PLOVER type; ``quad_class`` 1-4. ``since``/``until`` take
        "YYYY", "YYYY-MM", "YYYY-MM-DD" or an ISO week "YYYY-Www" and keep events whose whole date lies
        in the range: a "2018-07" event is in ``since="2018-07"`` and ``until="2018"``, but not in
        ``since="2018-07-15"``; undated events are left out when either is given. ``modality=None``
        keeps every modality. JSON columns (location, attribution, trigger) are JSON text. An actor code
        that neither dyad's actor codes nor the store know raises :class:`UsageError`.
        """
        filters = dict(source=source, target=target, since=since, until=until, code=code, doc_id=doc_id,
                       modality=modality, plover=plover, quad_class=quad_class, actor=actor)  # fmt: skip
        where, params = self._filter_sql(filters)
        columns = ", ".join(f"{c}::VARCHAR AS {c}" if c in _JSON_COLUMNS else c for c in EVENT_COLUMNS)
        sql = f"SELECT {columns} FROM events{where} ORDER BY {_EVENT_ORDER}{_page(limit, offset, params)}"
        with self._reading("reading events") as con:
            return _arrow(con.sql(sql, params=params))

    def count_events(self, **filters: Any) -> int:
        """How many events match ``filters`` (as for :meth:`events`; default: asserted)."""
        where, params = self._filter_sql(_filter_args(filters))
        with self._reading("counting events") as con:
            row = _first(con.execute(f"SELECT count(*) FROM events{where}", params))
        return int(row[0]) if row else 0

    def _filter_sql(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        for name in ("source", "target", "actor"):
            if filters.get(name):
                self.check_actor(name, filters[name])
        return _where(**filters)

    def check_actor(self, name: str, value: str) -> str:
        """The actor filter ``value``, checked: its first three letters are a known CAMEO actor code, or
        some stored actor code starts with it (codes from user dictionaries). Raises UsageError if not."""
        code = actor_filter(name, value)
        if code[:3] in actor_vocabulary():
            return code
        sql, params = either_actor_clause(code)
        with self._reading("checking an actor code") as con:
            row = _first(con.execute(f"SELECT 1 FROM events WHERE {sql} LIMIT 1", params))
        if row is None:
            raise UsageError(
                f"{name}={value!r} is not a known actor code: no CAMEO actor code starts with {code[:3]!r} and "
                f"no stored event has an actor code starting with {code!r}; use e.g. IRN (country), "
                "IRNGOV (full code) or GOV (sector)"
            )
        return code

    def events_df(self, **filters: Any) -> pd.DataFrame:
        """:meth:`events` as a pandas DataFrame (same filters)."""
        return self.events(**filters).to_pandas()

    def event_records(self, **filters: Any) -> list[Event]:
        """The matching events as :class:`~dyad.models.Event` values (same filters as :meth:`events`)."""
        return [Event.from_dict(json.loads(record)) for record in self._records(**filters)]

    def _records(
        self, *, limit: int | None = None, offset: int = 0, batch: int = 10_000, **filters: Any
    ) -> Iterator[str]:
        where, params = self._filter_sql(_filter_args(filters))
        page = _page(limit, offset, params)
        sql = f"SELECT record::VARCHAR FROM events{where} ORDER BY {_EVENT_ORDER}{page}"
        with self._reading("reading events") as con:
            cursor = con.cursor()
            try:
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(batch):
                    for (record,) in rows:
                        yield record
            finally:
                cursor.close()

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document as a dict: ``doc_id``, ``origin``, ``status``, ``content_hash``,
        ``pipeline_version``, ``coded_at`` (ISO, UTC), ``n_events``, ``meta`` (the
        :class:`~dyad.models.Metadata` fields), ``text`` (clean text), ``paragraphs`` ([start, end] pairs),
        ``removed`` (boilerplate: text, rule, start, end), ``encoding``, ``kind``, and ``failures``.
        None when the store has no such document."""
        with self._reading(f"reading document {doc_id!r}") as con:
            cursor = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
            names = [d[0] for d in cursor.description or ()]
            row = _first(cursor)
            if row is None:
                return None
            failures = con.execute(
                'SELECT origin, stage, status, reason, "at" FROM failures WHERE doc_id = ? ORDER BY "at", stage',
                [doc_id],
            ).fetchall()
        values = dict(zip(names, row, strict=True))
        coded_at = values["coded_at"]
        return {
            "doc_id": values["doc_id"],
            "origin": values["origin"],
            "status": values["status"],
            "content_hash": values["content_hash"],
            "pipeline_version": values["pipeline_version"],
            "coded_at": coded_at.isoformat() if coded_at is not None else None,
            "n_events": values["n_events"],
            "meta": {
                key: (list(values[key] or []) if key in ("byline", "contributors") else values[key])
                for key in _META_FIELDS
            },
            "text": values["text"],
            "paragraphs": json.loads(values["paragraphs"]) if values["paragraphs"] else [],
            "removed": json.loads(values["removed"]) if values["removed"] else [],
            "encoding": values["encoding"],
            "kind": values["kind"],
            "copy_of": values.get("copy_of"),
            "copy_similarity": values.get("copy_similarity"),
            "failures": [
                {"origin": o, "stage": s, "status": st, "reason": r, "at": a.isoformat() if a else None}
                for o, s, st, r, a in failures
            ],
        }

    # ------------------------------------------------------------------------------------ incidents

    def incidents(self, *, min_articles: int = 1, limit: int | None = None, **filters: str | None) -> pa.Table:
        """Incidents as an Arrow table (see :mod:`dyad.incidents`), most reported first.

        ``filters`` as for :meth:`events` (``source``, ``target``, ``since``, ``until``, ``code``,
        ``doc_id``: the incidents that document reports) plus ``min_articles``. ``event_ids`` and
        ``doc_ids`` list every linked mention.
        """
        return read_incidents(self, filters, min_articles, limit)

    def incident_ids(self, doc_id: str) -> dict[str, str]:
        """``event_id -> incident_id`` for the events of one document."""
        with self._reading(f"reading incidents of {doc_id!r}") as con:
            rows = con.execute(
                "SELECT event_id, incident_id FROM incident_events WHERE doc_id = ?", [doc_id]
            ).fetchall()
        return dict(rows)

    def rebuild_incidents(self) -> int:
        """Cluster every stored event again (after changing ``incident_key`` or ``incident_slack``)."""
        with self._transaction("rebuilding incidents") as con:
            return update_incidents(con, None, self.incident_key, self.incident_slack)

    def documents(self, *, with_text: bool = False) -> pa.Table:
        """All documents (without text, paragraphs and removed boilerplate unless ``with_text``)."""
        names = [f.name for f in _DOC_ARROW if with_text or f.name not in _LARGE_DOC_COLUMNS]
        columns = ", ".join(f"{c}::VARCHAR AS {c}" if c in ("paragraphs", "removed") else c for c in names)
        with self._reading("reading documents") as con:
            return _arrow(con.sql(f"SELECT {columns} FROM documents ORDER BY doc_id"))

    def failures(self) -> pa.Table:
        """All recorded failures and skips (origin, doc_id, stage, status, reason, at)."""
        with self._reading("reading failures") as con:
            return _arrow(
                con.sql(
                    'SELECT origin, doc_id, stage, status, reason, "at" FROM failures '
                    'ORDER BY "at", origin, doc_id NULLS FIRST, stage'
                )
            )

    def summary(self) -> dict[str, Any]:
        """Counts for a quick look at a store.

        ``documents`` by status (and ``total``); ``events`` (``asserted`` and ``all``); ``failures``;
        ``date_range`` ({"first", "last"} days covered by dated asserted events, or None); ``top_dyads``
        (the five most frequent source code -> target code pairs among asserted events).
        """
        with self._reading("summarising") as con:
            statuses = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
            counts = _first(
                con.execute(
                    "SELECT count(*) FILTER (WHERE modality = 'asserted'), count(*), "
                    "min(date_start) FILTER (WHERE modality = 'asserted'), "
                    "max(date_end) FILTER (WHERE modality = 'asserted') FROM events"
                )
            )
            (n_failures,) = _first(con.execute("SELECT count(*) FROM failures")) or (0,)
            dyads = con.execute(
                "SELECT source_code, target_code, count(*) AS n FROM events WHERE modality = 'asserted' "
                "AND source_code IS NOT NULL AND target_code IS NOT NULL GROUP BY ALL "
                "ORDER BY n DESC, source_code, target_code LIMIT 5"
            ).fetchall()
        asserted, total, first, last = counts or (0, 0, None, None)
        documents = {status: int(statuses.get(status, 0)) for status in ("coded", "failed", "skipped")}
        documents.update({s: int(n) for s, n in statuses.items() if s not in documents})
        documents["total"] = sum(int(n) for n in statuses.values())
        return {
            "path": self._name,
            "schema_version": SCHEMA_VERSION,
            "documents": documents,
            "events": {"asserted": int(asserted), "all": int(total)},
            "failures": int(n_failures),
            "date_range": (
                {"first": first.isoformat(), "last": last.isoformat()}
                if first is not None and last is not None
                else None
            ),
            "top_dyads": [{"source": s, "target": t, "count": int(n)} for s, t, n in dyads],
        }

    # ---------------------------------------------------------------------------------------- export

    def export(self, fmt: ExportFormat, out: str | Path, **filters: Any) -> int:
        """Write the events matching ``filters`` (as for :meth:`events`; default: asserted) to ``out``.

        - ``parquet``: the columns of :meth:`events`, written by DuckDB.
        - ``csv``: flat columns, one row per event: sectors joined with ``|``; location, attribution and
          trigger spread over ``location_*``, ``attribution_*`` and ``trigger_*`` columns.
        - ``jsonl``: one :meth:`Event.to_dict` per line (nested, the ``dyad-event/2`` JSON Schema).

        Returns the number of events written.
        """
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
        out_path = Path(out)
        if not out_path.parent.is_dir():
            folder = os.path.abspath(out_path.parent)
            raise StoreError(
                f"{os.path.abspath(out_path)}: cannot export: the directory {folder} does not exist; create it first"
            )
        if fmt == "jsonl":
            return self._export_jsonl(out_path, filters)
        where, params = self._filter_sql(_filter_args(filters))
        if fmt == "parquet":
            columns = ", ".join(f"{c}::VARCHAR AS {c}" if c in _JSON_COLUMNS else c for c in EVENT_COLUMNS)
            options = "FORMAT parquet"
        else:
            columns = ", ".join(_CSV_COLUMNS)
            options = "FORMAT csv, HEADER true"
        query = f"SELECT {columns} FROM events{where} ORDER BY {_EVENT_ORDER}"
        with self._reading(f"exporting events to {out_path}") as con:
            row = _first(con.execute(f"COPY ({query}) TO ? ({options})", [*params, str(out_path)]))
        return int(row[0]) if row else 0

    def _export_jsonl(self, out: Path, filters: dict[str, Any]) -> int:
        n = 0
        try:
            with out.open("w", encoding="utf-8", newline="\n") as fh:
                for record in self._records(**_filter_args(filters)):
                    event = Event.from_dict(json.loads(record))
                    fh.write(json.dumps(event.to_dict(), ensure_ascii=False))
                    fh.write("\n")
                    n += 1
        except OSError as exc:
            raise StoreError(f"{os.path.abspath(out)}: cannot write the export: {exc.strerror or exc}") from exc
        return n


# --------------------------------------------------------------------------------------------- helpers

_CSV_COLUMNS: tuple[str, ...] = (
    *(
        f"array_to_string({c}, '|') AS {c}" if c.endswith("_sectors") else c
        for c in EVENT_COLUMNS
        if c not in _JSON_COLUMNS
    ),
    "json_extract_string(location, '$.name') AS location_name",
    "json_extract_string(location, '$.country') AS location_country",
    "CAST(json_extract(location, '$.lat') AS DOUBLE) AS location_lat",
    "CAST(json_extract(location, '$.lon') AS DOUBLE) AS location_lon",
    "json_extract_string(location, '$.kind') AS location_kind",
    "json_extract_string(attribution, '$.text') AS attribution_text",
    "json_extract_string(attribution, '$.code') AS attribution_code",
    "CAST(json_extract(trigger, '$.start') AS INTEGER) AS trigger_start",
    "CAST(json_extract(trigger, '$.end') AS INTEGER) AS trigger_end",
    "json_extract_string(trigger, '$.text') AS trigger_text",
)


def _first(relation: Any) -> Any:
    """The first row of a result, fetching all of it (DuckDB 2 refuses new work on a half-read result)."""
    rows = relation.fetchall()
    return rows[0] if rows else None


def _now() -> datetime:
    """The current time in UTC, without tzinfo (DuckDB TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.rollback()


def _arrow(relation: Any) -> pa.Table:
    """A relation's result as an Arrow table, across DuckDB versions."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    table: pa.Table = fetch()
    return table


def _schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's schema version; 0 for an empty database; None for a database with other tables."""
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if "meta" not in tables:
        return 0 if not tables else None
    row = _first(con.execute("SELECT value FROM meta WHERE key = 'schema_version'"))
    if row is None or not str(row[0]).isdigit():
        return None
    return int(row[0])


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    con.register(name, table)
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)


@functools.lru_cache(maxsize=4096)
def date_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day an ISO date at any precision denotes: "2018" -> (2018-01-01, 2018-12-31).

    Leading "YYYY", "YYYY-MM" or "YYYY-MM-DD" is used (a time part is ignored); None when there is none.
    """
    if not value:
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        mon = int(month)
        if day is None:
            return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])
        d = date(year, mon, int(day))
        return d, d
    except ValueError:
        return None


def _query_bounds(name: str, value: str) -> tuple[date, date]:
    text = str(value).strip()
    week = re.fullmatch(r"(\d{4})-W(\d{2})", text.upper())
    bounds: tuple[date, date] | None = None
    if week:
        with contextlib.suppress(ValueError):
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            bounds = monday, date.fromisocalendar(int(week.group(1)), int(week.group(2)), 7)
    elif re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        bounds = date_bounds(text)
    if bounds is None:
        raise UsageError(
            f"{name}={value!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or an ISO week YYYY-Www (e.g. 2018-07)"
        )
    return bounds


# ------------------------------------------------------------------------------------ filter language
#
# One filter language for the CLI, the Python API and the web API (docs/web.md, "The filter language"):
#   actors  (source, target, either): a CAMEO actor code prefix: country "IRN", full code "IRNGOV";
#           a three-letter code also matches actors with that sector ("GOV" matches IRNGOV and USAGOV).
#   code:   CAMEO digits as a prefix ("11", "112", "0311"), or a PLOVER type ("CONSULT").
#   plover: a PLOVER type; quad_class: 1-4; modality: one of MODALITIES (None: all).
#   since/until: YYYY, YYYY-MM, YYYY-MM-DD or an ISO week YYYY-Www.


@functools.lru_cache(maxsize=1)
def actor_vocabulary() -> frozenset[str]:
    """The three-letter CAMEO actor codes dyad knows (``data/actors/actor_codes.tsv``)."""
    from dyad.datafiles import read_tsv
    from dyad.resources import data_path

    table = read_tsv(data_path("actors", "actor_codes.tsv"), "dyad-actor-codes/1", ("code",))
    return frozenset(row.get("code") for row in table.rows)


@functools.lru_cache(maxsize=1)
def _event_vocabulary() -> tuple[tuple[str, ...], frozenset[str]]:
    """(CAMEO event codes, PLOVER types) of the bundled ontology."""
    from dyad.ontology import Ontology

    onto = Ontology().load()
    codes = tuple(onto.codes())
    return codes, frozenset(p for c in codes if (p := onto.get(c).plover))


def plover_types() -> list[str]:
    """The PLOVER event types that CAMEO codes map to, sorted."""
    return sorted(_event_vocabulary()[1])


def actor_filter(name: str, value: str) -> str:
    """A checked actor filter value (upper case): letters and digits, e.g. IRN, IRNGOV or GOV."""
    code = str(value or "").strip().upper()
    if not code or not code.isalnum() or len(code) > 40:
        raise UsageError(
            f"{name}={value!r} is not an actor code: use a CAMEO actor code or prefix of letters and digits, "
            "e.g. IRN (country), IRNGOV (full code) or GOV (sector)"
        )
    return code


def _actor_clause(role: str, code: str) -> tuple[str, list[Any]]:
    if len(code) == 3:
        return f"(starts_with({role}_code, ?) OR list_contains({role}_sectors, ?))", [code, code]
    return f"starts_with({role}_code, ?)", [code]


def either_actor_clause(code: str) -> tuple[str, list[Any]]:
    """SQL (and parameters) for "source or target matches the actor filter ``code``"."""
    src, p1 = _actor_clause("source", code)
    tgt, p2 = _actor_clause("target", code)
    return f"({src} OR {tgt})", [*p1, *p2]


def _code_clause(value: str) -> tuple[str, list[Any]]:
    text = str(value).strip().upper()
    codes, plovers = _event_vocabulary()
    if text.isdigit():
        if not any(c.startswith(text) for c in codes):
            raise UsageError(
                f"code={value!r} is not a CAMEO event code or prefix: use two to four digits, e.g. 11, 112 or 0311"
            )
        return "starts_with(cameo, ?)", [text]
    if text in plovers:
        return "plover = ?", [text]
    raise UsageError(
        f"code={value!r} is not a CAMEO event code (digits, e.g. 11 or 112) or a PLOVER type "
        f"({', '.join(sorted(plovers))})"
    )


_FILTERS = ("source", "target", "since", "until", "code", "doc_id", "modality", "plover", "quad_class", "actor")


def _filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(filters) - set(_FILTERS))
    if unknown:
        raise UsageError(f"unknown event filter(s) {', '.join(unknown)}; known: {', '.join(_FILTERS)}")
    args: dict[str, Any] = dict.fromkeys(_FILTERS)
    args["modality"] = "asserted"
    args.update(filters)
    return args


def _where(
    source: str | None,
    target: str | None,
    since: str | None,
    until: str | None,
    code: str | None,
    doc_id: str | None,
    modality: str | None,
    *,
    plover: str | None = None,
    quad_class: int | str | None = None,
    actor: str | None = None,
) -> tuple[str, list[Any]]:
    """A parameterised WHERE clause for the event filters (values never enter the SQL text).

    Raises :class:`UsageError` naming the filter for any value outside the filter language.
    """
    clauses: list[str] = []
    params: list[Any] = []
    for role, value in (("source", source), ("target", target)):
        if value:
            sql, values = _actor_clause(role, actor_filter(role, value))
            clauses.append(sql)
            params.extend(values)
    if actor:
        sql, values = either_actor_clause(actor_filter("actor", actor))
        clauses.append(sql)
        params.extend(values)
    if since:
        clauses.append("date_start >= ?")
        params.append(_query_bounds("since", since)[0])
    if until:
        clauses.append("date_end <= ?")
        params.append(_query_bounds("until", until)[1])
    if code:
        sql, values = _code_clause(code)
        clauses.append(sql)
        params.extend(values)
    if plover:
        text = str(plover).strip().upper()
        if text not in _event_vocabulary()[1]:
            raise UsageError(f"plover={plover!r} is not a PLOVER type; use one of: {', '.join(plover_types())}")
        clauses.append("plover = ?")
        params.append(text)
    if quad_class is not None and str(quad_class).strip() != "":
        text = str(quad_class).strip()
        if text not in ("1", "2", "3", "4"):
            raise UsageError(
                f"quad_class={quad_class!r} is not a QuadClass: use 1 (verbal cooperation), 2 (material "
                "cooperation), 3 (verbal conflict) or 4 (material conflict)"
            )
        clauses.append("quad_class = ?")
        params.append(int(text))
    if doc_id is not None:
        clauses.append("doc_id = ?")
        params.append(doc_id)
    if modality is not None:
        if modality not in MODALITIES:
            raise UsageError(f"modality={modality!r} is unknown; use one of: {', '.join(MODALITIES)} (or all)")
        clauses.append("modality = ?")
        params.append(modality)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _page(limit: int | None, offset: int, params: list[Any]) -> str:
    """LIMIT/OFFSET as parameters (appended to ``params``)."""
    sql = ""
    if limit is not None:
        if int(limit) < 0:
            raise UsageError(f"limit={limit} must be 0 or more")
        sql += " LIMIT ?"
        params.append(int(limit))
    if offset:
        if int(offset) < 0:
            raise UsageError(f"offset={offset} must be 0 or more")
        sql += " OFFSET ?"
        params.append(int(offset))
    return sql


def _failure_of(result: DocResult) -> Failure:
    """The failure row for a failed or skipped result (the result's doc_id and status win)."""
    failure = result.failure or Failure(
        origin=result.origin, reason="no reason recorded", stage="unknown", doc_id=result.doc_id or None
    )
    return replace(failure, doc_id=failure.doc_id or result.doc_id or None, status=result.status)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _events_table(results: Iterator[DocResult] | Sequence[DocResult]) -> pa.Table:
    """The events of ``results`` as an Arrow table with the columns of the ``events`` table.

    Built column by column (one comprehension per column): this is the hot path of a large write.
    """
    events: list[Event] = []
    seen: dict[str, str] = {}
    for result in results:
        for ev in result.events:
            if ev.doc_id != result.doc_id:
                raise ValueError(
                    f"event {ev.event_id!r} has doc_id {ev.doc_id!r} "
                    f"but is in the result for document {result.doc_id!r}"
                )
            if ev.event_id in seen:
                raise ValueError(
                    f"event id {ev.event_id!r} occurs twice (documents {seen[ev.event_id]!r} and "
                    f"{ev.doc_id!r}); event ids must be unique"
                )
            seen[ev.event_id] = ev.doc_id
            events.append(ev)
    records = [ev.to_dict() for ev in events]
    bounds = [date_bounds(ev.date) for ev in events]
    columns: dict[str, list[Any]] = {
        "event_id": [ev.event_id for ev in events],
        "doc_id": [ev.doc_id for ev in events],
        "sentence_index": [ev.sentence_index for ev in events],
        "sentence": [ev.sentence for ev in events],
        "span_start": [ev.span[0] for ev in events],
        "span_end": [ev.span[1] for ev in events],
        "cameo": [ev.cameo for ev in events],
        "cameo_root": [ev.cameo_root for ev in events],
        "cameo_name": [ev.cameo_name for ev in events],
        "plover": [ev.plover for ev in events],
        "plover_mode": [ev.plover_mode for ev in events],
        "quad_class": [ev.quad_class for ev in events],
        "goldstein": [ev.goldstein for ev in events],
        "date": [ev.date for ev in events],
        "date_precision": [ev.date_precision for ev in events],
        "date_text": [ev.date_text for ev in events],
        "date_start": [b[0] if b else None for b in bounds],
        "date_end": [b[1] if b else None for b in bounds],
        "location": [_json(r["location"]) for r in records],
        "modality": [ev.modality for ev in events],
        "attribution": [_json(r["attribution"]) for r in records],
        "rule": [ev.rule for ev in events],
        "confidence": [ev.confidence for ev in events],
        "trigger": [_json(r["trigger"]) for r in records],
        "mentions": [ev.mentions for ev in events],
        "dyad_version": [ev.dyad_version for ev in events],
        "record": [json.dumps(r, ensure_ascii=False) for r in records],
    }
    for role in ("source", "target"):
        actors = [getattr(ev, role) for ev in events]
        columns[f"{role}_text"] = [a.text if a else None for a in actors]
        columns[f"{role}_code"] = [a.code if a else None for a in actors]
        columns[f"{role}_country"] = [a.country if a else None for a in actors]
        columns[f"{role}_sectors"] = [list(a.sectors) if a else None for a in actors]
        columns[f"{role}_name"] = [a.name if a else None for a in actors]
        columns[f"{role}_entity_id"] = [a.entity_id if a else None for a in actors]
    return pa.table({f.name: columns[f.name] for f in _EVENT_ARROW}, schema=_EVENT_ARROW)


def _documents_table(results: Sequence[DocResult], pipeline_version: str, now: datetime) -> pa.Table:
    columns: dict[str, list[Any]] = {f.name: [] for f in _DOC_ARROW}
    for result in results:
        doc: Document | None = result.document
        coded = result.status == "coded"
        row: dict[str, Any] = dict.fromkeys(columns)
        row.update(
            doc_id=result.doc_id,
            origin=result.origin,
            pipeline_version=pipeline_version,
            status=result.status,
            n_events=len(result.events) if coded else 0,
            coded_at=now,
        )
        if doc is not None:
            meta = doc.meta
            row.update({key: getattr(meta, key) for key in _META_FIELDS})
            row.update(
                byline=list(meta.byline),
                contributors=list(meta.contributors),
                content_hash=doc.content_hash or None,
                encoding=doc.encoding,
                kind=doc.kind,
                text=doc.text,
                paragraphs=json.dumps([list(p) for p in doc.paragraphs]),
                removed=json.dumps(
                    [{"text": r.text, "rule": r.rule, "start": r.start, "end": r.end} for r in doc.removed],
                    ensure_ascii=False,
                ),
            )
        for name, values in columns.items():
            values.append(row[name])
    return pa.table(columns, schema=_DOC_ARROW)


#: The Arrow schema of event rows, as stored and exported (also the Spark job's event Parquet).
EVENT_ARROW_SCHEMA: pa.Schema = _EVENT_ARROW


def events_arrow(results: Sequence[DocResult]) -> pa.Table:
    """The events of ``results`` as an Arrow table with the columns of the ``events`` table (plus
    ``date_start``/``date_end`` and ``record``, the full event as JSON)."""
    return _events_table(results)


from dyad.store_incidents import mark_copies, read_incidents, update_incidents  # noqa: E402
