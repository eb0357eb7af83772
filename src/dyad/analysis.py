"""Analyses over a dyad store: relations between two actors over time, top lists, the actor network.

    >>> with Store("x.duckdb", read_only=True) as store:
    ...     table = relations(store, "IRN", "PRK", by="month", since="2018")
    ...     dyads = top(store, "dyads", country="IRN", limit=5)
    ...     n_nodes, n_edges = network(store, "graph.graphml", min_events=2)

Only asserted events count. Actor arguments are code prefixes (``IRN`` matches ``IRNGOV``), and date
filters work as for :meth:`Store.events <dyad.store.Store.events>`: ``since`` keeps events whose date
range starts on or after the first day of ``since``; ``until`` those ending on or before its last day.

Binning rule (:func:`relations`): an event falls in a period only when the whole range its date can
denote lies inside that period (``date_start`` and ``date_end`` in the same month, ISO week or year).
So an event dated only "2018" counts in the 2018 year bin but is left out of month and week bins, and an
event dated "2018-07" is left out of week bins. Such events are excluded (not spread over the finer
bins); their number is in the table's schema metadata under ``excluded_imprecise``. Undated events are
never counted. Documents are binned by their ``published`` date with the same rule.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, get_args
from xml.sax.saxutils import escape as xml_escape

import pandas as pd
import pyarrow as pa

from dyad.errors import UsageError
from dyad.store import Store, _actor_clause, _filter_args, _where, date_bounds, either_actor_clause

Period = Literal["month", "week", "year"]
TopKind = Literal["dyads", "actors", "codes"]
PERIODS: tuple[str, ...] = get_args(Period)
TOP_KINDS: tuple[str, ...] = get_args(TopKind)

#: Columns of :func:`relations`, in order.
RELATIONS_SCHEMA = pa.schema(
    [
        ("period", pa.string()),
        ("direction", pa.string()),
        ("n_events", pa.int64()),
        ("q1", pa.int64()),
        ("q2", pa.int64()),
        ("q3", pa.int64()),
        ("q4", pa.int64()),
        ("goldstein_mean", pa.float64()),
        ("goldstein_sum", pa.float64()),
        ("net_cooperation", pa.int64()),
        ("n_docs", pa.int64()),
        ("events_per_1000_docs", pa.float64()),
    ]
)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


# ------------------------------------------------------------------------------------------- periods


def _period_key(day: date, by: Period) -> str:
    if by == "year":
        return f"{day.year:04d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def period_of(start: date | None, end: date | None, by: Period) -> str | None:
    """The period label of a date range, or None when the range is missing or spans several periods."""
    if start is None or end is None:
        return None
    key = _period_key(start, by)
    return key if _period_key(end, by) == key else None


def _period_start(key: str, by: Period) -> date:
    if by == "year":
        return date(int(key), 1, 1)
    if by == "month":
        return date(int(key[:4]), int(key[5:7]), 1)
    return date.fromisocalendar(int(key[:4]), int(key[6:]), 1)


def _next_period(day: date, by: Period) -> date:
    if by == "year":
        return date(day.year + 1, 1, 1)
    if by == "month":
        return date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + timedelta(days=7)


def _periods_between(first: str, last: str, by: Period) -> Iterator[str]:
    """Every period label from ``first`` to ``last`` inclusive, in order."""
    day, end = _period_start(first, by), _period_start(last, by)
    while day <= end:
        yield _period_key(day, by)
        day = _next_period(day, by)


def _check_by(by: str) -> Period:
    if by not in PERIODS:
        raise UsageError(f"by={by!r} is not a period; use one of: {', '.join(PERIODS)}")
    return by  # type: ignore[return-value]  # checked above


def _asserted_where(
    store: Store, since: str | None, until: str | None, name: str, actor: str | None
) -> tuple[str, list[Any]]:
    """WHERE clause for asserted events in the date range with ``actor`` (named ``name`` in errors) on
    either side."""
    where, params = _where(None, None, since, until, None, None, "asserted")
    if actor:
        clause, values = either_actor_clause(store.check_actor(name, actor))
        where += f" AND {clause}"
        params += values
    return where, params


# ------------------------------------------------------------------------------------------- relations


def relations(
    store: Store,
    a: str,
    b: str,
    by: Period = "month",
    since: str | None = None,
    until: str | None = None,
) -> pa.Table:
    """Asserted events between actors ``a`` and ``b`` (code prefixes), per period and direction.

    One row per period and direction ("A->B", then "B->A") from the first to the last period with an
    event in either direction, gaps filled with zero counts (and null Goldstein mean). Columns: see
    :data:`RELATIONS_SCHEMA`. ``q1``..``q4`` count QuadClass 1 (verbal cooperation), 2 (material
    cooperation), 3 (verbal conflict), 4 (material conflict); ``net_cooperation`` is (q1+q2) - (q3+q4);
    ``events_per_1000_docs`` is n_events per 1,000 coded documents published in the period (null when
    there are none). See the module docstring for how imprecise dates are binned.
    """
    by = _check_by(by)
    code_a, code_b = store.check_actor("a", a), store.check_actor("b", b)
    forward, backward = f"{code_a}->{code_b}", f"{code_b}->{code_a}"
    where, params = _where(None, None, since, until, None, None, "asserted")
    a_src, p_a_src = _actor_clause("source", code_a)
    b_tgt, p_b_tgt = _actor_clause("target", code_b)
    b_src, p_b_src = _actor_clause("source", code_b)
    a_tgt, p_a_tgt = _actor_clause("target", code_a)
    sql = (
        f"SELECT CASE WHEN {a_src} AND {b_tgt} THEN 0 ELSE 1 END AS dir, "
        "date_start, date_end, quad_class, count(*) AS n, sum(goldstein) AS g_sum, count(goldstein) AS g_n "
        f"FROM events{where} AND source_code IS NOT NULL AND target_code IS NOT NULL "
        f"AND (({a_src} AND {b_tgt}) OR ({b_src} AND {a_tgt})) "
        "GROUP BY ALL"
    )
    args = [*p_a_src, *p_b_tgt, *params, *p_a_src, *p_b_tgt, *p_b_src, *p_a_tgt]
    with store._reading("analysing relations") as con:
        rows = con.execute(sql, args).fetchall()
        doc_rows = con.execute(
            "SELECT published, count(*) FROM documents WHERE status = 'coded' AND published IS NOT NULL "
            "GROUP BY published"
        ).fetchall()
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    excluded = 0
    for direction, start, end, quad, n, g_sum, g_n in rows:
        key = period_of(start, end, by)
        if key is None:
            excluded += int(n) if start is not None else 0
            continue
        cell = cells.setdefault((key, int(direction)), {"n": 0, "q": [0, 0, 0, 0], "g_sum": 0.0, "g_n": 0})
        cell["n"] += int(n)
        if quad in (1, 2, 3, 4):
            cell["q"][int(quad) - 1] += int(n)
        if g_n:
            cell["g_sum"] += float(g_sum)
            cell["g_n"] += int(g_n)
    docs: dict[str, int] = {}
    for published, n in doc_rows:
        bounds = date_bounds(str(published))
        key = period_of(bounds[0], bounds[1], by) if bounds else None
        if key is not None:
            docs[key] = docs.get(key, 0) + int(n)
    out: dict[str, list[Any]] = {name: [] for name in RELATIONS_SCHEMA.names}
    keys = sorted({key for key, _ in cells})
    periods = list(_periods_between(keys[0], keys[-1], by)) if keys else []
    for key in periods:
        n_docs = docs.get(key, 0)
        for direction, label in ((0, forward), (1, backward)):
            cell = cells.get((key, direction), {"n": 0, "q": [0, 0, 0, 0], "g_sum": 0.0, "g_n": 0})
            q1, q2, q3, q4 = cell["q"]
            out["period"].append(key)
            out["direction"].append(label)
            out["n_events"].append(cell["n"])
            for i, q in enumerate((q1, q2, q3, q4), 1):
                out[f"q{i}"].append(q)
            out["goldstein_mean"].append(cell["g_sum"] / cell["g_n"] if cell["g_n"] else None)
            out["goldstein_sum"].append(cell["g_sum"])
            out["net_cooperation"].append((q1 + q2) - (q3 + q4))
            out["n_docs"].append(n_docs)
            out["events_per_1000_docs"].append(cell["n"] / n_docs * 1000 if n_docs else None)
    schema = RELATIONS_SCHEMA.with_metadata({"by": by, "a": code_a, "b": code_b, "excluded_imprecise": str(excluded)})
    return pa.table(out, schema=schema)


def relations_df(
    store: Store,
    a: str,
    b: str,
    by: Period = "month",
    since: str | None = None,
    until: str | None = None,
) -> pd.DataFrame:
    """:func:`relations` as a pandas DataFrame."""
    return relations(store, a, b, by=by, since=since, until=until).to_pandas()


# ------------------------------------------------------------------------------------------- timeline

#: Columns of :func:`timeline`, in order.
TIMELINE_SCHEMA = pa.schema(
    [("period", pa.string()), ("q1", pa.int64()), ("q2", pa.int64()), ("q3", pa.int64()), ("q4", pa.int64()),
     ("n_events", pa.int64())]
)  # fmt: skip


def timeline(store: Store, by: Period = "month", **filters: Any) -> pa.Table:
    """Events per period and QuadClass, for the events matching ``filters`` (as for
    :meth:`Store.events <dyad.store.Store.events>`; default: asserted).

    One row per period from the first to the last with an event (gaps filled with zeros); columns
    :data:`TIMELINE_SCHEMA`. Periods are binned as in :func:`relations` (imprecise dates are left out;
    their number is in the schema metadata under ``excluded_imprecise``).
    """
    by = _check_by(by)
    where, params = store._filter_sql(_filter_args(filters))
    sql = f"SELECT date_start, date_end, quad_class, count(*) FROM events{where} GROUP BY ALL"
    with store._reading("counting events over time") as con:
        rows = con.execute(sql, params).fetchall()
    cells: dict[str, list[int]] = {}
    excluded = 0
    for start, end, quad, n in rows:
        key = period_of(start, end, by)
        if key is None:
            excluded += int(n) if start is not None else 0
            continue
        cell = cells.setdefault(key, [0, 0, 0, 0])
        if quad in (1, 2, 3, 4):
            cell[int(quad) - 1] += int(n)
    keys = sorted(cells)
    out: dict[str, list[Any]] = {name: [] for name in TIMELINE_SCHEMA.names}
    for key in _periods_between(keys[0], keys[-1], by) if keys else ():
        q = cells.get(key, [0, 0, 0, 0])
        out["period"].append(key)
        for i in range(4):
            out[f"q{i + 1}"].append(q[i])
        out["n_events"].append(sum(q))
    schema = TIMELINE_SCHEMA.with_metadata({"by": by, "excluded_imprecise": str(excluded)})
    return pa.table(out, schema=schema)


# ------------------------------------------------------------------------------------------------ top


def top(
    store: Store,
    what: TopKind,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    limit: int | None = 10,
) -> pa.Table:
    """The most frequent dyads, actors or CAMEO codes among asserted events, most frequent first.

    - ``dyads``: columns ``source``, ``target``, ``n_events`` (events with both actor codes).
    - ``actors``: ``actor``, ``n_events`` (events with the actor as source or target, each counted once).
    - ``codes``: ``cameo``, ``cameo_name``, ``n_events``.

    ``country`` keeps events where either actor code starts with it. ``limit`` None or 0 means all.
    """
    if what not in TOP_KINDS:
        raise UsageError(f"{what!r} cannot be ranked; use one of: {', '.join(TOP_KINDS)}")
    if limit is not None and int(limit) < 0:
        raise UsageError(f"limit={limit} must be 0 or more")
    where, params = _asserted_where(store, since, until, "country", country)
    if what == "dyads":
        sql = (
            f"SELECT source_code AS source, target_code AS target, count(*) AS n_events FROM events{where} "
            "AND source_code IS NOT NULL AND target_code IS NOT NULL "
            "GROUP BY ALL ORDER BY n_events DESC, source, target"
        )
    elif what == "actors":
        sql = (
            "SELECT actor, count(DISTINCT event_id) AS n_events FROM ("
            f"SELECT event_id, source_code AS actor FROM events{where} "
            f"UNION ALL SELECT event_id, target_code AS actor FROM events{where}"
            ") WHERE actor IS NOT NULL GROUP BY actor ORDER BY n_events DESC, actor"
        )
        params = params + params
    else:
        sql = (
            f"SELECT cameo, min(cameo_name) AS cameo_name, count(*) AS n_events FROM events{where} "
            "GROUP BY cameo ORDER BY n_events DESC, cameo"
        )
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    with store._reading(f"ranking {what}") as con:
        rows = con.execute(sql, params).fetchall()
    names = {"dyads": ("source", "target"), "actors": ("actor",), "codes": ("cameo", "cameo_name")}[what]
    fields = [pa.field(name, pa.string()) for name in names] + [pa.field("n_events", pa.int64())]
    return pa.table({f.name: [row[i] for row in rows] for i, f in enumerate(fields)}, schema=pa.schema(fields))


def top_df(
    store: Store,
    what: TopKind,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    limit: int | None = 10,
) -> pd.DataFrame:
    """:func:`top` as a pandas DataFrame."""
    return top(store, what, since=since, until=until, country=country, limit=limit).to_pandas()


# -------------------------------------------------------------------------------------------- network


def network_graph(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    min_events: int = 1,
    actor: str | None = None,
) -> tuple[dict[str, int], list[tuple[str, str, int, int, int, float | None]]]:
    """The directed actor network of asserted events: (nodes, edges).

    ``nodes`` maps each actor code to its events on the kept edges (self-loops once); ``edges`` are
    ``(source, target, cooperation, conflict, total, goldstein_mean)`` sorted by source and target:
    cooperation counts QuadClass 1+2, conflict 3+4. Dyads with fewer than ``min_events`` events are
    left out, and so are actors left without edges. ``actor`` keeps events with that actor on either
    side (the filter language of :meth:`Store.events <dyad.store.Store.events>`).
    """
    if int(min_events) < 1:
        raise UsageError(f"min_events={min_events} must be 1 or more")
    where, params = _asserted_where(store, since, until, "actor", actor)
    sql = (
        "SELECT source_code, target_code, count(*) FILTER (WHERE quad_class IN (1, 2)) AS coop, "
        "count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, count(*) AS total, avg(goldstein) AS g "
        f"FROM events{where} AND source_code IS NOT NULL AND target_code IS NOT NULL "
        "GROUP BY ALL HAVING count(*) >= ? ORDER BY source_code, target_code"
    )
    with store._reading("building the network") as con:
        rows = con.execute(sql, [*params, int(min_events)]).fetchall()
    edges = [
        (str(s), str(t), int(c), int(k), int(n), None if g is None else float(g)) for s, t, c, k, n, g in rows
    ]
    nodes: dict[str, int] = {}
    for source, target, _, _, total, _ in edges:
        nodes[source] = nodes.get(source, 0) + total
        if target != source:
            nodes[target] = nodes.get(target, 0) + total
    return nodes, edges


def network(
    store: Store,
    out_path: str | Path,
    since: str | None = None,
    until: str | None = None,
    min_events: int = 1,
    actor: str | None = None,
) -> tuple[int, int]:
    """Write the directed actor network of asserted events (:func:`network_graph`) as GraphML;
    return (nodes, edges).

    Nodes are actor codes (attribute ``events``: events on the node's kept edges, self-loops once).
    Edges go source -> target with ``cooperation`` (QuadClass 1+2 count), ``conflict`` (3+4), ``total``
    and ``goldstein_mean``; dyads with fewer than ``min_events`` events are left out, and so are actors
    left without edges.
    """
    if int(min_events) < 1:
        raise UsageError(f"min_events={min_events} must be 1 or more")
    out = Path(out_path)
    if not out.parent.is_dir():
        raise UsageError(
            f"{os.path.abspath(out)}: cannot write the network: the directory "
            f"{os.path.abspath(out.parent)} does not exist; create it first"
        )
    nodes, edges = network_graph(store, since=since, until=until, min_events=min_events, actor=actor)

    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = (
        ("events", "node", "int"),
        ("cooperation", "edge", "int"),
        ("conflict", "edge", "int"),
        ("total", "edge", "int"),
        ("goldstein_mean", "edge", "double"),
    )
    for name, domain, kind in keys:
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "dyad", "edgedefault": "directed"})
    for code in sorted(nodes):
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": code})
        ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "events"}).text = str(nodes[code])
    for i, (source, target, coop, conflict, total, g) in enumerate(edges):
        edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"id": f"e{i}", "source": source, "target": target})
        values = {"cooperation": coop, "conflict": conflict, "total": total}
        for name, value in values.items():
            ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", {"key": name}).text = str(int(value))
        if g is not None:
            ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", {"key": "goldstein_mean"}).text = repr(round(float(g), 6))
    ET.indent(root)
    try:
        ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    except OSError as exc:
        raise UsageError(f"{os.path.abspath(out)}: cannot write the network: {exc.strerror or exc}") from exc
    return len(nodes), len(edges)


# ---------------------------------------------------------------------------------------------- plots

_COLOURS = ("#1f77b4", "#d62728")


def relations_svg(table: pa.Table, title: str = "") -> str:
    """A hand-written SVG chart of a :func:`relations` table: net cooperation (top) and event counts
    (bottom) over time, one line per direction."""
    rows = table.to_pylist()
    periods = sorted({r["period"] for r in rows})
    directions = list(dict.fromkeys(r["direction"] for r in rows))
    width, height, left, right, top_margin = 760, 520, 70, 20, 50
    panel_h, gap = 180, 60
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14">{xml_escape(title)}</text>',
    ]

    def x_of(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    index = {p: i for i, p in enumerate(periods)}
    for panel, (column, label) in enumerate((("net_cooperation", "net cooperation"), ("n_events", "events"))):
        y0 = top_margin + panel * (panel_h + gap)
        values = [float(r[column]) for r in rows] or [0.0]
        lo, hi = min(0.0, *values), max(0.0, *values)
        if math.isclose(lo, hi):
            hi = lo + 1.0

        def y_of(v: float, y0: int = y0, lo: float = lo, hi: float = hi) -> float:
            return y0 + panel_h - (v - lo) / (hi - lo) * panel_h

        parts.append(f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{panel_h}" fill="none" stroke="#999"/>')
        parts.append(
            f'<text x="14" y="{y0 + panel_h / 2}" transform="rotate(-90 14 {y0 + panel_h / 2})" '
            f'text-anchor="middle">{xml_escape(label)}</text>'
        )
        for v in (lo, 0.0, hi) if lo < 0 < hi else (lo, hi):
            y = y_of(v)
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
            parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
        for colour, direction in zip(_COLOURS * len(directions), directions, strict=False):
            points = [
                f"{x_of(index[r['period']]):.1f},{y_of(float(r[column])):.1f}"
                for r in rows
                if r["direction"] == direction
            ]
            parts.extend(
                f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="{colour}"/>' for p in points
            )
            if points:
                parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>')
    step = max(1, math.ceil(len(periods) / 12))
    axis_y = top_margin + 2 * panel_h + gap + 16
    for i in range(0, len(periods), step):
        parts.append(f'<text x="{x_of(i):.1f}" y="{axis_y}" text-anchor="middle">{xml_escape(periods[i])}</text>')
    for k, (colour, direction) in enumerate(zip(_COLOURS * len(directions), directions, strict=False)):
        x = left + k * 160
        parts.append(
            f'<line x1="{x}" y1="{height - 14}" x2="{x + 24}" y2="{height - 14}" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(f'<text x="{x + 30}" y="{height - 10}">{xml_escape(direction)}</text>')
    if not periods:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no events</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def plot_relations(table: pa.Table, out_path: str | Path, title: str = "") -> None:
    """Draw a :func:`relations` table to ``out_path``: ``.svg`` is written by hand; ``.png`` needs matplotlib."""
    out = Path(out_path)
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"{out}: cannot plot to a {suffix or 'suffix-less'} file; use a .svg or .png file name")
    if not out.parent.is_dir():
        raise UsageError(f"{os.path.abspath(out)}: the directory {os.path.abspath(out.parent)} does not exist")
    if suffix == ".png":
        if importlib.util.find_spec("matplotlib") is None:
            raise UsageError(
                f"{out}: a .png plot needs matplotlib, which is not installed: pip install matplotlib, "
                "or plot to a .svg file instead"
            )
        _plot_png(table, out, title)
        return
    try:
        out.write_text(relations_svg(table, title), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{os.path.abspath(out)}: cannot write the plot: {exc.strerror or exc}") from exc


def _plot_png(table: pa.Table, out: Path, title: str) -> None:  # pragma: no cover - needs matplotlib
    matplotlib: Any = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    plt: Any = importlib.import_module("matplotlib.pyplot")
    rows = table.to_pylist()
    fig, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(9, 6))
    for direction in dict.fromkeys(r["direction"] for r in rows):
        mine = [r for r in rows if r["direction"] == direction]
        ax1.plot([r["period"] for r in mine], [r["net_cooperation"] for r in mine], label=direction)
        ax2.plot([r["period"] for r in mine], [r["n_events"] for r in mine], label=direction)
    ax1.set_ylabel("net cooperation")
    ax2.set_ylabel("events")
    ax1.axhline(0, color="#999", linewidth=0.8)
    ax1.legend()
    ax1.set_title(title)
    fig.autofmt_xdate()
    fig.savefig(out)
    plt.close(fig)
