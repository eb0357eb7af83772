"""Why an event was coded: its sentence with the source, target and trigger marked, and the rule."""

from __future__ import annotations

from dataclasses import dataclass

from dyad.models import Event


@dataclass(frozen=True)
class Mark:
    start: int  # offsets relative to the sentence
    end: int
    role: str  # "source", "target", "trigger"


def marks(event: Event) -> list[Mark]:
    """Spans of source, target and trigger inside the event's sentence (non-overlapping, sorted)."""
    base = event.span[0]
    n = event.span[1] - base
    found: list[Mark] = []
    for role, actor in (("source", event.source), ("target", event.target)):
        if actor is not None and actor.start >= 0 and base <= actor.start and actor.end <= base + n:
            found.append(Mark(actor.start - base, actor.end - base, role))
    if event.trigger is not None and base <= event.trigger.start and event.trigger.end <= base + n:
        found.append(Mark(event.trigger.start - base, event.trigger.end - base, "trigger"))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mark] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


BRACKETS = {"source": ("[S: ", "]"), "target": ("[T: ", "]"), "trigger": ("[V: ", "]")}


def marked_sentence(event: Event, brackets: dict[str, tuple[str, str]] | None = None) -> str:
    """The sentence with ``[S: ...]``, ``[T: ...]`` and ``[V: ...]`` around source, target and trigger."""
    br = brackets or BRACKETS
    text = event.sentence
    out: list[str] = []
    pos = 0
    for m in marks(event):
        out.append(text[pos : m.start])
        left, right = br[m.role]
        out.append(f"{left}{text[m.start : m.end]}{right}")
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def describe(event: Event) -> str:
    """One line: date, source -> target, code and name, modality."""
    src = event.source.code if event.source and event.source.code else "?"
    tgt = event.target.code if event.target and event.target.code else "-"
    when = f"{event.date or '?'} ({event.date_precision})"
    extra = "" if event.modality == "asserted" else f" [{event.modality}]"
    return f"{when}  {src} -> {tgt}  {event.cameo} {event.cameo_name} / {event.plover or '-'}{extra}"


def event_where_when(event: Event, incident_id: str | None = None) -> str:
    """Date and precision, place (name, country, kind, why, confidence), mentions and incident of an event."""
    when = f"date {event.date or '?'} ({event.date_precision}"
    when += f", from {event.date_text!r})" if event.date_text else ")"
    loc = event.location
    if loc is None:
        where = "place unknown"
    else:
        conf = f", confidence {loc.confidence}" if loc.confidence is not None else ""
        where = f"place {loc.name} ({loc.country or '-'}, {loc.kind or '?'}; {loc.why or '?'}{conf})"
    mentions = f"mentions {event.mentions}"
    if len(event.evidence) > 1:
        places = ", ".join("headline" if s.part == "headline" else str(s.start) for s in event.evidence)
        mentions += f" (sentences at {places})"
    return f"{when}; {where}; {mentions}; incident {incident_id or '-'}"
