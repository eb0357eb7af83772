"""The plain typed values that pass between dyad's pipeline stages.

Stages: ingest -> RawDocument; clean -> Document; parse -> ParsedDocument; actors -> Actor;
coding -> Event; store. Every value here is a dataclass with no behaviour beyond small helpers,
so that the same records flow through a local worker pool, a Spark executor and the store.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "dyad-event/2"  # 2 adds location.confidence and evidence

InputKind = Literal["text", "html"]
DatePrecision = Literal["day", "week", "month", "year", "document", "unknown"]
Modality = Literal["asserted", "negated", "hypothetical", "intended", "reported"]
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "intended", "reported")
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "document", "unknown")


def content_hash(text: str | bytes) -> str:
    """A short, stable hash of a document's content (sha256, 16 hex digits)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class RawDocument:
    """One input document as read, before cleaning.

    ``origin`` names the input for messages ("corpus/a.txt", "docs.jsonl:17", "<stdin>:3").
    ``text`` is the decoded content (plain text or HTML, see ``kind``); ``encoding`` records how the
    bytes were decoded ("utf-8", "utf-8-sig", "cp1252", ...).
    """

    id: str
    origin: str
    text: str
    kind: InputKind = "text"
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    encoding: str | None = None
    id_given: bool = False


@dataclass(frozen=True)
class Removed:
    """A piece of the raw input that the cleaner removed, and the rule that removed it."""

    text: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class OffsetMap:
    """Maps character offsets in clean text back to the raw input.

    Clean text is made of slices of the raw text joined by separators. ``segments`` holds
    ``(clean_start, raw_start, length)`` for each slice, sorted by ``clean_start``.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, clean_offset: int) -> int | None:
        """Raw offset of a clean offset, or None when it falls on an inserted separator."""
        if not self.segments:
            return None
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, clean_offset) - 1
        if i < 0:
            return None
        c0, r0, n = self.segments[i]
        if clean_offset - c0 <= n:
            return r0 + (clean_offset - c0)
        return None


@dataclass
class Metadata:
    """What the cleaner learned about a document besides its text."""

    title: str | None = None
    standfirst: str | None = None
    publisher: str | None = None
    byline: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    dateline_place: str | None = None
    copyright_year: int | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or "YYYY" with precision year)
    published_precision: DatePrecision = "unknown"
    published_source: str | None = None  # "input", "html", "text", "copyright", ...
    url: str | None = None
    source: str | None = None
    author: str | None = None
    site: str | None = None


@dataclass
class Document:
    """A cleaned document: text ready to parse, its paragraphs, metadata and provenance."""

    id: str
    origin: str
    text: str
    paragraphs: list[tuple[int, int]]
    meta: Metadata
    offsets: OffsetMap
    removed: list[Removed] = field(default_factory=list)
    raw_hash: str = ""
    encoding: str | None = None
    kind: InputKind = "text"

    @property
    def content_hash(self) -> str:
        return self.raw_hash


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) in the clean text, with the text they cover.

    ``part`` says which text the offsets are in: ``body`` (the clean text) or ``headline`` (the title,
    which is not part of the clean text).
    """

    start: int
    end: int
    text: str
    part: str = "body"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.part != "body":
            d["part"] = self.part
        return d


@dataclass(frozen=True)
class Actor:
    """A resolved actor: an actor mention with its CAMEO code as of the event date."""

    text: str
    code: str | None
    country: str | None = None
    sectors: tuple[str, ...] = ()
    name: str | None = None
    entity_id: str | None = None
    start: int = -1
    end: int = -1
    why: str | None = None  # "dictionary:people.tsv:412", "apposition", "coreference", ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "sectors": list(self.sectors),
            "name": self.name,
            "entity_id": self.entity_id,
            "start": self.start,
            "end": self.end,
            "why": self.why,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            text=d.get("text") or "",
            code=d.get("code"),
            country=d.get("country"),
            sectors=tuple(d.get("sectors") or ()),
            name=d.get("name"),
            entity_id=d.get("entity_id"),
            start=int(d.get("start", -1) if d.get("start") is not None else -1),
            end=int(d.get("end", -1) if d.get("end") is not None else -1),
            why=d.get("why"),
        )


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # country, admin, city, region, site
    why: str | None = None  # prep:<p> (the clause's own place), dateline, visit-host
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One coded event. The JSON form is described by ``dyad/schemas/event.schema.json``."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    span: tuple[int, int]
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    plover: str | None
    plover_mode: str | None
    quad_class: int
    goldstein: float
    date: str | None
    date_precision: DatePrecision
    date_text: str | None
    location: Location | None
    modality: Modality
    attribution: Actor | None
    rule: str
    confidence: float
    dyad_version: str
    trigger: Span | None = None
    mentions: int = 1
    #: every sentence that tells this event in the document (the first is ``sentence``/``span``)
    evidence: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "span": list(self.span),
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "rule": self.rule,
            "confidence": self.confidence,
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "mentions": self.mentions,
            "evidence": [e.to_dict() for e in self.evidence],
            "dyad_version": self.dyad_version,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        trig = d.get("trigger")
        loc = d.get("location")
        return cls(
            event_id=d["event_id"],
            doc_id=d["doc_id"],
            sentence_index=int(d["sentence_index"]),
            sentence=d["sentence"],
            span=(int(d["span"][0]), int(d["span"][1])),
            source=Actor.from_dict(d["source"]) if d.get("source") else None,
            target=Actor.from_dict(d["target"]) if d.get("target") else None,
            cameo=d["cameo"],
            cameo_root=d["cameo_root"],
            cameo_name=d["cameo_name"],
            plover=d.get("plover"),
            plover_mode=d.get("plover_mode"),
            quad_class=int(d["quad_class"]),
            goldstein=float(d["goldstein"]),
            date=d.get("date"),
            date_precision=d.get("date_precision") or "unknown",
            date_text=d.get("date_text"),
            location=Location(**loc) if loc else None,
            modality=d.get("modality") or "asserted",
            attribution=Actor.from_dict(d["attribution"]) if d.get("attribution") else None,
            rule=d["rule"],
            confidence=float(d.get("confidence", 0.0)),
            dyad_version=d.get("dyad_version", ""),
            trigger=Span(**trig) if trig else None,
            mentions=int(d.get("mentions", 1)),
            evidence=[Span(**e) for e in d.get("evidence") or ()],
        )


Status = Literal["coded", "skipped", "failed"]

#: The stage named in the failure of a document whose id was already used earlier in the run. Such a
#: failure is recorded but never replaces the stored document of the first one (see ``Store.write``).
REPEAT_STAGE = "ids"


@dataclass(frozen=True)
class Failure:
    """An input that could not be coded (or was skipped), with a message a user can act on."""

    origin: str
    reason: str
    stage: str
    doc_id: str | None = None
    status: Status = "failed"

    def message(self) -> str:
        verb = "skipped" if self.status == "skipped" else "failed"
        return f"{self.origin}: {verb} at {self.stage}: {self.reason}"


@dataclass
class DocResult:
    """What the pipeline made of one document: its events, or why it has none."""

    doc_id: str
    origin: str
    status: Status
    document: Document | None = None
    events: list[Event] = field(default_factory=list)
    failure: Failure | None = None
    actors: list[Actor] = field(default_factory=list)
