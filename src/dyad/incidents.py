"""Cross-document incidents: the same event told by several articles and outlets is one incident.

Events with the same source code, target code and CAMEO code (or root, ``key="root"``), compatible
places and overlapping date windows (each event's ``date_start .. date_end`` widened by ``slack_days``
on both sides) form one :class:`Incident`. Places are compatible when either is unknown or both name the
same country (or, without a country, the same place); an event of unknown place joins the earliest
overlapping incident of its group. Only the clause's own place and a visit's host
count here, since a dateline says where the reporter was.

:func:`cluster` is a pure function over :class:`IncidentEvent` rows (built from stored event rows by
:meth:`IncidentEvent.from_row`), so a Spark stage can run it per key group. The store
(:meth:`dyad.store.Store.write`) keeps incidents up to date incrementally: it re-clusters only the key
groups that a batch of documents touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

IncidentKey = Literal["code", "root"]
INCIDENT_KEYS: tuple[str, ...] = ("code", "root")


@dataclass(frozen=True)
class IncidentEvent:
    """What clustering needs of one stored event and its document."""

    event_id: str
    doc_id: str
    source: str
    target: str
    code: str
    root: str
    date_start: date
    date_end: date
    place: str | None = None  # key place: ISO3 country, else the place name; None when unknown
    place_name: str | None = None  # for display (any place, the dateline's too)
    mentions: int = 1
    outlet: str | None = None  # the document's source/publisher/site
    seen: str | None = None  # the document's publication date (ISO)
    copy_of: str | None = None

    @classmethod
    def from_row(
        cls,
        event_id: str,
        doc_id: str,
        source: str,
        target: str,
        code: str,
        root: str,
        date_start: date,
        date_end: date,
        location: str | None,
        mentions: int | None,
        outlet: str | None,
        seen: str | None,
        copy_of: str | None,
    ) -> IncidentEvent:
        """From an event row as stored (``location`` as its JSON text) and its document's outlet, date and
        copy mark: the one place where the store and the Spark job turn events into clustering input."""
        place = json.loads(location) if location else None
        return cls(
            event_id=event_id,
            doc_id=doc_id,
            source=source,
            target=target,
            code=code,
            root=root,
            date_start=date_start,
            date_end=date_end,
            place=key_place(place),
            place_name=(place or {}).get("name"),
            mentions=int(mentions or 1),
            outlet=outlet,
            seen=seen,
            copy_of=copy_of,
        )


@dataclass
class Incident:
    """One real-world event as told by every article that reports it."""

    incident_id: str
    source: str
    target: str
    code: str
    root: str
    place: str | None
    place_name: str | None
    date_start: date
    date_end: date
    num_mentions: int
    num_sources: int
    num_articles: int
    num_copies: int
    first_seen: str | None
    last_seen: str | None
    event_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        d = asdict(self)
        d["date_start"], d["date_end"] = self.date_start.isoformat(), self.date_end.isoformat()
        return d


def group_key(ev: IncidentEvent, key: IncidentKey = "code") -> tuple[str, str, str]:
    """The key group an event belongs to: (source, target, code or root)."""
    return ev.source, ev.target, ev.code if key == "code" else ev.root


def cluster(events: Iterable[IncidentEvent], key: IncidentKey = "code", slack_days: int = 1) -> list[Incident]:
    """Incidents of a set of events (deterministic: the same events give the same incidents and ids)."""
    if key not in INCIDENT_KEYS:
        raise ValueError(f"incident key {key!r} is unknown; use one of: {', '.join(INCIDENT_KEYS)}")
    slack = timedelta(days=max(0, int(slack_days)))
    groups: dict[tuple[str, str, str], list[IncidentEvent]] = {}
    for ev in events:
        groups.setdefault(group_key(ev, key), []).append(ev)
    incidents: list[Incident] = []
    for gkey in sorted(groups):
        # events with a known place first, so that places seed incidents; an event of unknown place then
        # joins the earliest overlapping incident
        members = sorted(
            groups[gkey], key=lambda e: (e.place is None, e.date_start, e.date_end, e.doc_id, e.event_id)
        )
        open_: list[tuple[date, date, str | None, list[IncidentEvent]]] = []
        for ev in members:
            lo, hi = ev.date_start - slack, ev.date_end + slack
            for i, (c_lo, c_hi, c_place, c_events) in enumerate(open_):
                if lo <= c_hi and c_lo <= hi and (ev.place is None or c_place is None or ev.place == c_place):
                    c_events.append(ev)
                    open_[i] = (min(c_lo, lo), max(c_hi, hi), c_place or ev.place, c_events)
                    break
            else:
                open_.append((lo, hi, ev.place, [ev]))
        incidents.extend(_incident(gkey, place, evs) for _, _, place, evs in open_)
    return incidents


def _incident(gkey: tuple[str, str, str], place: str | None, evs: list[IncidentEvent]) -> Incident:
    first = evs[0]
    codes: dict[str, int] = {}
    for e in evs:
        codes[e.code] = codes.get(e.code, 0) + e.mentions
    code = max(sorted(codes), key=lambda c: codes[c])
    docs = sorted({e.doc_id for e in evs})
    copies = {e.doc_id for e in evs if e.copy_of}
    outlets = {e.outlet or f"doc:{e.doc_id}" for e in evs}
    seen = sorted(s for s in (e.seen for e in evs) if s)
    names = [e.place_name for e in evs if e.place_name]
    digest = hashlib.sha1(f"{gkey[0]}|{gkey[1]}|{gkey[2]}|{first.event_id}".encode()).hexdigest()[:16]
    return Incident(
        incident_id=digest,
        source=gkey[0],
        target=gkey[1],
        code=code,
        root=first.root,
        place=place,
        place_name=max(sorted(set(names)), key=names.count) if names else None,
        date_start=min(e.date_start for e in evs),
        date_end=max(e.date_end for e in evs),
        num_mentions=sum(e.mentions for e in evs),
        num_sources=len(outlets),
        num_articles=len(docs),
        num_copies=len(copies),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        event_ids=sorted(e.event_id for e in evs),
        doc_ids=docs,
    )


def key_place(location: dict[str, Any] | None) -> str | None:
    """The place that counts in the incident key: the clause's own place or a visit's host, not a dateline."""
    if not location:
        return None
    why = str(location.get("why") or "")
    if not (why.startswith("prep:") or why == "visit-host"):
        return None
    return location.get("country") or (str(location.get("name") or "").lower() or None)
