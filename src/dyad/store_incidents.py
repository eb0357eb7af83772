"""The store's incremental layer for incidents and wire copies (tables of schema version 2).

Called by :meth:`dyad.store.Store.write` inside the batch's transaction, after the batch's documents
and events are written:

- :func:`mark_copies` gives each newly coded document a MinHash signature and LSH bands, and marks it
  ``copy_of`` the most similar earlier document when their similarity reaches
  :data:`dyad.copies.COPY_THRESHOLD`.
- :func:`update_incidents` re-clusters only the key groups (source, target, code or root) that the
  batch's documents had or have events in: their incidents and links are deleted and rebuilt from the
  events now stored, so a re-coded or changed document never leaves stale incidents or double counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from dyad.copies import COPY_THRESHOLD, bands, signature, similarity
from dyad.errors import UsageError
from dyad.incidents import IncidentEvent, IncidentKey, cluster
from dyad.models import DocResult

if TYPE_CHECKING:
    from dyad.store import Store

_QUALIFYING = (
    "e.modality = 'asserted' AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL "
    "AND e.date_start IS NOT NULL"
)
_INCIDENT_ARROW = pa.schema(
    [
        ("incident_id", pa.string()), ("source", pa.string()), ("target", pa.string()), ("grp", pa.string()),
        ("code", pa.string()), ("root", pa.string()), ("place", pa.string()), ("place_name", pa.string()),
        ("date_start", pa.date32()), ("date_end", pa.date32()), ("num_mentions", pa.int32()),
        ("num_sources", pa.int32()), ("num_articles", pa.int32()), ("num_copies", pa.int32()),
        ("first_seen", pa.string()), ("last_seen", pa.string()),
    ]
)  # fmt: skip


def mark_copies(con: duckdb.DuckDBPyConnection, results: list[DocResult]) -> None:
    """Sign the batch's coded documents and mark copies of earlier originals (stored or earlier in the batch).

    Bulk work: one query finds the stored documents that share an LSH band with any document of the
    batch, one update writes the signatures and copy marks.
    """
    from dyad.store import _registered

    if not results:
        return
    ids = pa.table({"doc_id": pa.array([r.doc_id for r in results], pa.string())})
    with _registered(con, "_dyad_signed", ids):
        con.execute("DELETE FROM doc_bands WHERE doc_id IN (SELECT doc_id FROM _dyad_signed)")
    sigs: dict[str, list[int]] = {}
    band_rows: list[tuple[int, int, str]] = []
    for result in results:
        assert result.document is not None
        sig = signature(result.document.text)
        if sig is not None:
            sigs[result.doc_id] = sig
            band_rows.extend((i, h, result.doc_id) for i, h in enumerate(bands(sig)))
    if not band_rows:
        return
    new_bands = pa.table(
        {
            "band": pa.array([b for b, _, _ in band_rows], pa.int32()),
            "hash": pa.array([h for _, h, _ in band_rows], pa.int64()),
            "doc_id": pa.array([d for _, _, d in band_rows], pa.string()),
        }
    )
    with _registered(con, "_dyad_bands", new_bands):
        stored = con.execute(
            "SELECT DISTINCT n.doc_id, b.doc_id, d.minhash FROM _dyad_bands n "
            "JOIN doc_bands b ON b.band = n.band AND b.hash = n.hash JOIN documents d ON d.doc_id = b.doc_id "
            "WHERE d.minhash IS NOT NULL AND d.copy_of IS NULL"
        ).fetchall()
        con.execute("INSERT INTO doc_bands BY NAME SELECT * FROM _dyad_bands")
    candidates: dict[str, dict[str, list[int]]] = {}
    for doc_id, other_id, minhash in stored:
        candidates.setdefault(doc_id, {})[other_id] = list(minhash)
    # in batch order a document can copy one earlier in the batch; each band remembers its first document
    # only, and stored candidates are originals only, so a thousand copies of one text cost linear time
    earlier: dict[tuple[int, int], str] = {}
    for band, h, doc_id in band_rows:
        other_id = earlier.setdefault((band, h), doc_id)
        if other_id != doc_id:
            candidates.setdefault(doc_id, {}).setdefault(other_id, sigs[other_id])
    copy_of: list[str | None] = []
    sims: list[float | None] = []
    for doc_id, sig in sigs.items():
        best: tuple[float, str] | None = None
        for other_id, other in sorted(candidates.get(doc_id, {}).items()):
            sim = similarity(sig, other)
            if sim >= COPY_THRESHOLD and (best is None or sim > best[0]):
                best = (sim, other_id)
        copy_of.append(best[1] if best else None)
        sims.append(round(best[0], 3) if best else None)
    marks = pa.table(
        {
            "doc_id": pa.array(list(sigs), pa.string()),
            "minhash": pa.array(list(sigs.values()), pa.list_(pa.uint64())),
            "copy_of": pa.array(copy_of, pa.string()),
            "copy_similarity": pa.array(sims, pa.float64()),
        }
    )
    with _registered(con, "_dyad_marks", marks):
        con.execute(
            "UPDATE documents SET minhash = m.minhash, copy_of = m.copy_of, copy_similarity = m.copy_similarity "
            "FROM _dyad_marks m WHERE documents.doc_id = m.doc_id"
        )


def update_incidents(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None, key: IncidentKey, slack_days: int
) -> int:
    """Re-cluster the key groups touched by ``doc_ids`` (all groups when None); returns the incidents written."""
    from dyad.store import _registered

    grp = "e.cameo" if key == "code" else "e.cameo_root"
    params = f"{key}:{slack_days}"
    stored = con.execute("SELECT value FROM meta WHERE key = 'incident_params'").fetchall()
    if doc_ids is not None and (not stored or stored[0][0] != params):
        doc_ids = None  # other settings than the incidents were built with: rebuild them all
    if doc_ids is None:
        con.execute("DELETE FROM incident_events")
        con.execute("DELETE FROM incidents")
        where = ""
    else:
        if not doc_ids:
            return 0
        docs = pa.table({"doc_id": pa.array(doc_ids, pa.string())})
        with _registered(con, "_dyad_changed", docs):
            groups = con.execute(
                "SELECT DISTINCT i.source, i.target, i.grp FROM incidents i JOIN incident_events l "
                "USING (incident_id) WHERE l.doc_id IN (SELECT doc_id FROM _dyad_changed) "
                f"UNION SELECT DISTINCT e.source_code, e.target_code, {grp} FROM events e "
                f"WHERE e.doc_id IN (SELECT doc_id FROM _dyad_changed) AND {_QUALIFYING}"
            ).fetchall()
        if not groups:
            return 0
        touched = pa.table(
            {
                "source": pa.array([g[0] for g in groups], pa.string()),
                "target": pa.array([g[1] for g in groups], pa.string()),
                "grp": pa.array([g[2] for g in groups], pa.string()),
            }
        )
        con.register("_dyad_groups", touched)
        con.execute(
            "DELETE FROM incident_events WHERE incident_id IN (SELECT incident_id FROM incidents i "
            "JOIN _dyad_groups g USING (source, target, grp))"
        )
        con.execute(
            "DELETE FROM incidents USING _dyad_groups g WHERE incidents.source = g.source "
            "AND incidents.target = g.target AND incidents.grp = g.grp"
        )
        where = f" JOIN _dyad_groups g ON e.source_code = g.source AND e.target_code = g.target AND {grp} = g.grp"
    try:
        rows = con.execute(
            "SELECT e.event_id, e.doc_id, e.source_code, e.target_code, e.cameo, e.cameo_root, e.date_start, "
            "e.date_end, e.location::VARCHAR, e.mentions, coalesce(d.source, d.publisher, d.site), d.published, "
            f"d.copy_of FROM events e JOIN documents d USING (doc_id){where} WHERE {_QUALIFYING}"
        ).fetchall()
    finally:
        if doc_ids is not None:
            con.unregister("_dyad_groups")
    events = [IncidentEvent.from_row(*row) for row in rows]
    incidents = cluster(events, key, slack_days)
    doc_of = {e.event_id: e.doc_id for e in events}
    if incidents:
        cols: dict[str, list[Any]] = {f.name: [] for f in _INCIDENT_ARROW}
        for inc in incidents:
            row = inc.to_dict()
            row["grp"] = inc.code if key == "code" else inc.root
            row["date_start"], row["date_end"] = inc.date_start, inc.date_end
            for name, values in cols.items():
                values.append(row[name])
        links = pa.table(
            {
                "incident_id": [i.incident_id for i in incidents for _ in i.event_ids],
                "event_id": [e for i in incidents for e in i.event_ids],
                "doc_id": [doc_of[e] for i in incidents for e in i.event_ids],
            }
        )
        with _registered(con, "_dyad_incidents", pa.table(cols, schema=_INCIDENT_ARROW)):
            con.execute("INSERT INTO incidents BY NAME SELECT * FROM _dyad_incidents")
        with _registered(con, "_dyad_links", links):
            con.execute("INSERT INTO incident_events BY NAME SELECT * FROM _dyad_links")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('incident_params', ?)", [params])
    return len(incidents)


def read_incidents(store: Store, filters: dict[str, Any], min_articles: int, limit: int | None) -> pa.Table:
    """The rows of :meth:`dyad.store.Store.incidents`."""
    from dyad.store import _arrow, _filter_args, _page, _where

    if "modality" in filters:
        raise UsageError("incidents are made of asserted events only: drop the modality filter")
    args = _filter_args(filters)
    doc_id = args.pop("doc_id")
    args["modality"] = None
    where, params = _where(doc_id=None, **args)
    where = where.replace("source_code", "i.source").replace("target_code", "i.target")
    where = where.replace("date_start", "i.date_start").replace("date_end", "i.date_end")
    where = where.replace("starts_with(cameo", "starts_with(i.code")
    clauses = [where[len(" WHERE ") :]] if where else []
    if doc_id is not None:
        clauses.append("i.incident_id IN (SELECT incident_id FROM incident_events WHERE doc_id = ?)")
        params.append(doc_id)
    clauses.append("i.num_articles >= ?")
    params.append(int(min_articles))
    sql = (
        "SELECT i.incident_id, i.source, i.target, i.code, i.root, i.place, i.place_name, i.date_start, "
        "i.date_end, i.num_mentions, i.num_sources, i.num_articles, i.num_copies, i.first_seen, i.last_seen, "
        "list(l.event_id ORDER BY l.event_id) AS event_ids, list(DISTINCT l.doc_id ORDER BY l.doc_id) AS doc_ids "
        "FROM incidents i JOIN incident_events l USING (incident_id) WHERE "
        + " AND ".join(clauses)
        + " GROUP BY ALL ORDER BY i.num_articles DESC, i.num_mentions DESC, i.date_start, i.incident_id"
        + _page(limit, 0, params)
    )
    with store._reading("reading incidents") as con:
        return _arrow(con.sql(sql, params=params))
