"""The FastAPI application: a JSON API under ``/api/`` and the dashboard pages that read it.

Database access: every request opens the DuckDB file **read-only** and closes it when the response is
built (:func:`_store`). Read-only connections take DuckDB's shared lock only for the request's
duration, so the server never holds the file between requests: ``dyad code --db`` can write to the
same file while the server runs (a request that arrives while the writer holds the file gets a 503
with a JSON error saying so, and the next request sees the new data). The server reads nothing but
that database and the files of this package's ``static/`` folder (served by Starlette's
``StaticFiles``, which refuses paths outside it); every query is parameterised by the store.

Errors are JSON ``{"error": message}``: 400 for bad parameters (the message names the parameter and
says what to use), 404 for unknown documents, pages past the end or unknown routes, 503 for a
database that cannot be opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad import __version__
from dyad.analysis import PERIODS, TOP_KINDS, network_graph, relations, timeline, top
from dyad.errors import DyadError, StoreError, UsageError
from dyad.models import MODALITIES
from dyad.store import Store, plover_types

STATIC_DIR = Path(str(resources.files("dyad.web").joinpath("static")))

#: The dashboard's pages: URL path -> (title, name). Each page is ``static/shell.html`` with the body
#: ``static/pages/NAME.html`` and the script ``static/NAME.js``.
PAGES: dict[str, tuple[str, str]] = {
    "/": ("Overview", "overview"),
    "/dyads": ("Dyad explorer", "dyads"),
    "/network": ("Network", "network"),
    "/events": ("Events", "events"),
    "/article": ("Article", "article"),
}

QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

MAX_PAGE = 1000

# Query parameters shared by several endpoints (the filter language of Store.events).
Source = Annotated[str | None, Query(description="Source actor: country (IRN), full code (IRNGOV) or sector (GOV).")]
Target = Annotated[str | None, Query(description="Target actor, as for source.")]
Actor = Annotated[str | None, Query(description="Either actor (source or target), as for source.")]
Since = Annotated[str | None, Query(description="From date: YYYY, YYYY-MM, YYYY-MM-DD or ISO week YYYY-Www.")]
Until = Annotated[str | None, Query(description="To date (inclusive), as for since.")]
Code = Annotated[str | None, Query(description="CAMEO code prefix (11, 112, 0311) or a PLOVER type (CONSULT).")]
Plover = Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT, ACCUSE.")]
Quad = Annotated[str | None, Query(description="QuadClass 1-4.")]
Modality = Annotated[
    str,
    Query(description="asserted (default), negated, hypothetical, intended, reported, or all."),
]
By = Annotated[str, Query(description="Period: month, week (ISO) or year.")]


def event_filters(
    source: Source = None,
    target: Target = None,
    actor: Actor = None,
    since: Since = None,
    until: Until = None,
    code: Code = None,
    plover: Plover = None,
    quad_class: Quad = None,
    modality: Modality = "asserted",
) -> dict[str, Any]:
    """The event filters of a request, as keyword arguments for :meth:`Store.events` (checked there)."""
    return dict(
        source=source, target=target, actor=actor, since=since, until=until, code=code, plover=plover,
        quad_class=quad_class, modality=None if modality == "all" else modality,
    )  # fmt: skip


Filters = Annotated[dict[str, Any], Depends(event_filters)]


def _store(request: Request) -> Iterator[Store]:
    """The request's store: the app's database opened read-only, closed after the response."""
    path: Path = request.app.state.db
    try:
        store = Store(path, read_only=True).open()
    except StoreError as exc:
        if "locked" in str(exc):
            raise StoreError(
                f"the database {path.name} is being written by another process (e.g. dyad code): "
                "retry when it has finished; the dashboard then shows the new data"
            ) from exc
        raise
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(_store)]


def create_app(db: str | Path) -> FastAPI:
    """The dashboard and API application over the dyad database ``db`` (opened read-only per request).

    Raises :class:`StoreError` at once when ``db`` cannot be opened read-only.
    """
    path = Path(db)
    with Store(path, read_only=True):
        pass  # fail fast: missing file, not a dyad store, newer schema

    app = FastAPI(
        docs_url=None,  # the interactive docs load their scripts from a CDN; the dashboard works offline
        redoc_url=None,
        title="dyad",
        version=__version__,
        description=(
            "Political event data coded by dyad: events with their evidence, relations between actors, "
            "top lists, the actor network, documents and failures. Filters follow dyad's filter language "
            '(docs/web.md); errors are JSON objects {"error": message}.'
        ),
    )
    app.state.db = path

    @app.exception_handler(UsageError)
    async def usage_error(request: Request, exc: UsageError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=503)

    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, exc: DyadError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return JSONResponse({"error": "; ".join(problems) + " (see /openapi.json)"}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or API endpoint: {request.url.path} (the API is listed at /openapi.json)"
        return JSONResponse({"error": message}, status_code=exc.status_code)

    # ------------------------------------------------------------------------------------------ API

    @app.get("/api/summary", tags=["overview"])
    def api_summary(s: StoreDep) -> dict[str, Any]:
        """Corpus size, events, date range, top dyads and the number of failures."""
        summary = s.summary()
        summary["path"] = Path(summary["path"]).name
        return summary

    @app.get("/api/vocabulary", tags=["overview"])
    def api_vocabulary() -> dict[str, Any]:
        """The values the filters accept: PLOVER types, QuadClasses, modalities, periods, top kinds."""
        return {
            "plover": plover_types(),
            "quad_class": [{"value": k, "name": v} for k, v in QUAD_CLASSES.items()],
            "modality": [*MODALITIES, "all"],
            "by": list(PERIODS),
            "top": list(TOP_KINDS),
        }

    @app.get("/api/timeline", tags=["overview"])
    def api_timeline(s: StoreDep, filters: Filters, by: By = "month") -> dict[str, Any]:
        """Events per period and QuadClass (q1..q4) for the events matching the filters."""
        return _binned(timeline(s, by=_period(by), **filters))

    @app.get("/api/events", tags=["events"])
    def api_events(
        s: StoreDep,
        filters: Filters,
        doc_id: Annotated[str | None, Query(description="Only the events of this document.")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page.")] = 50,
        offset: Annotated[int, Query(ge=0, description="Events to skip (page start).")] = 0,
    ) -> dict[str, Any]:
        """Events matching the filters, ordered by date, one page at a time, with their evidence
        (the full dyad-event/1 record: sentence, actor and trigger offsets, rule, date, place)."""
        filters = {**filters, "doc_id": doc_id}
        total = s.count_events(**filters)
        if offset and offset >= total:
            raise StarletteHTTPException(
                404,
                f"offset={offset} is past the end: {total} events match these filters; "
                f"use an offset below {total} (e.g. 0)",
            )
        records = [json.loads(r) for r in s._records(limit=limit, offset=offset, **filters)]
        return {"total": total, "offset": offset, "limit": limit, "events": records}

    @app.get("/api/relations", tags=["analysis"])
    def api_relations(
        s: StoreDep,
        a: Annotated[str, Query(description="First actor (IRN, IRNGOV, GOV).")],
        b: Annotated[str, Query(description="Second actor.")],
        by: By = "month",
        since: Since = None,
        until: Until = None,
    ) -> dict[str, Any]:
        """Asserted events between a and b per period and direction (a->b, b->a): QuadClass counts,
        Goldstein mean and sum, net cooperation, events per 1,000 documents."""
        return _binned(relations(s, a, b, by=_period(by), since=since, until=until))

    @app.get("/api/top", tags=["analysis"])
    def api_top(
        s: StoreDep,
        what: Annotated[str, Query(description="dyads, actors or codes.")] = "dyads",
        since: Since = None,
        until: Until = None,
        country: Annotated[str | None, Query(description="Only events with this actor on either side.")] = None,
        limit: Annotated[int, Query(ge=0, le=MAX_PAGE, description="Rows (0 = all).")] = 10,
    ) -> dict[str, Any]:
        """The most frequent dyads, actors or CAMEO codes among asserted events."""
        if what not in TOP_KINDS:
            raise UsageError(f"what={what!r} cannot be ranked; use one of: {', '.join(TOP_KINDS)}")
        table = top(s, what, since=since, until=until, country=country, limit=limit)  # type: ignore[arg-type]
        return {"what": what, "rows": table.to_pylist()}

    @app.get("/api/network", tags=["analysis"])
    def api_network(
        s: StoreDep,
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000, description="Leave out smaller dyads.")] = 1,
    ) -> dict[str, Any]:
        """The directed actor network: nodes (actor, events) and edges (cooperation, conflict, total,
        Goldstein mean)."""
        nodes, edges = network_graph(s, since=since, until=until, min_events=min_events, actor=actor)
        return {
            "nodes": [{"id": code, "events": n} for code, n in sorted(nodes.items())],
            "edges": [
                {"source": a, "target": b, "cooperation": c, "conflict": k, "total": n, "goldstein_mean": g}
                for a, b, c, k, n, g in edges
            ],
        }

    @app.get("/api/actors", tags=["analysis"])
    def api_actors(
        s: StoreDep,
        limit: Annotated[int, Query(ge=0, le=10_000, description="Rows (0 = all).")] = 0,
    ) -> dict[str, Any]:
        """Actor codes of asserted events with their event counts, most frequent first (for pickers)."""
        table = top(s, "actors", limit=limit)
        return {"rows": table.to_pylist()}

    @app.get("/api/documents", tags=["documents"])
    def api_documents(
        s: StoreDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Documents (metadata, status, number of events), by doc_id."""
        rows = s.documents().drop_columns(["coded_at"]).to_pylist()
        if offset and offset >= len(rows):
            raise StarletteHTTPException(
                404, f"offset={offset} is past the end: there are {len(rows)} documents; use an offset below it"
            )
        return {"total": len(rows), "offset": offset, "limit": limit, "documents": rows[offset : offset + limit]}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(s: StoreDep, doc_id: str) -> dict[str, Any]:
        """One document: metadata, clean text, paragraphs, removed boilerplate, failures, and all its
        events (every modality)."""
        doc = s.document(doc_id)
        if doc is None:
            raise StarletteHTTPException(404, f"no document {doc_id!r} in this database; list them at /api/documents")
        doc["events"] = [json.loads(r) for r in s._records(doc_id=doc_id, modality=None)]
        return doc

    @app.get("/api/failures", tags=["documents"])
    def api_failures(s: StoreDep) -> dict[str, Any]:
        """Inputs that failed or were skipped: origin, doc_id, stage, status, reason."""
        rows = s.failures().to_pylist()
        for row in rows:
            row["at"] = row["at"].isoformat() if row["at"] is not None else None
        return {"total": len(rows), "failures": rows}

    # ---------------------------------------------------------------------------------------- pages

    for route, (title, name) in PAGES.items():
        app.add_api_route(route, _page(title, name), methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _binned(table: pa.Table) -> dict[str, Any]:
    """A table binned by period as JSON: its schema metadata (a, b, by, excluded_imprecise) and rows."""
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    answer: dict[str, Any] = {k: v for k, v in meta.items() if k in ("a", "b", "by")}
    answer["excluded_imprecise"] = int(meta.get("excluded_imprecise", "0"))
    answer["rows"] = table.to_pylist()
    return answer


def _period(value: str) -> Any:
    if value not in PERIODS:
        raise UsageError(f"by={value!r} is not a period; use one of: {', '.join(PERIODS)}")
    return value


def _page(title: str, name: str) -> Any:
    """The route serving one page: the shell with the page's title, body and script filled in."""
    shell = (STATIC_DIR / "shell.html").read_text(encoding="utf-8")
    body = (STATIC_DIR / "pages" / f"{name}.html").read_text(encoding="utf-8")
    html = shell.replace("<!--TITLE-->", title).replace("<!--BODY-->", body).replace("<!--SCRIPT-->", f"{name}.js")

    def serve() -> HTMLResponse:
        return HTMLResponse(html)

    return serve
