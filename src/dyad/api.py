"""The Python API: ``dyad.code(documents)`` and ``dyad.code_documents(documents)``.

Documents may be strings, dicts in the JSONL shape (``{"id", "text" or "html", "published"?, "title"?,
"url"?, "source"?}``) or :class:`~dyad.models.RawDocument` values. Pass a loaded
:class:`~dyad.pipeline.Pipeline` to code many batches without reloading the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dyad.errors import InputError
from dyad.models import DocResult, Event, Failure, RawDocument, content_hash
from dyad.settings import Settings


def to_raw(item: str | Mapping[str, Any] | RawDocument, index: int = 0) -> RawDocument | Failure:
    """One API input as a RawDocument, or a Failure naming what is wrong with it."""
    if isinstance(item, RawDocument):
        return item
    if isinstance(item, str):
        return RawDocument(id=f"doc-{content_hash(item)}", origin=f"<api>:{index}", text=item)
    if not isinstance(item, Mapping):
        return Failure(f"<api>:{index}", f"expected a str, dict or RawDocument, got {type(item).__name__}", "ingest")
    text, html = item.get("text"), item.get("html")
    body = text if isinstance(text, str) and text.strip() else html
    origin = f"<api>:{index}"
    if not isinstance(body, str) or not body.strip():
        return Failure(
            origin,
            "document has no 'text' or 'html' string",
            "ingest",
            str(item["id"]) if item.get("id") is not None else None,
        )
    given = item.get("id")
    doc_id = str(given) if given is not None else f"doc-{content_hash(body)}"
    return RawDocument(
        id=doc_id,
        origin=origin if given is None else f"{origin} (id {doc_id})",
        text=body,
        kind="text" if body is text else "html",
        published=str(item["published"]) if item.get("published") else None,
        title=item.get("title"),
        url=item.get("url"),
        source=item.get("source"),
        id_given=given is not None,
    )


def code_documents(
    documents: Iterable[str | Mapping[str, Any] | RawDocument],
    settings: Settings | None = None,
    pipeline: Any | None = None,
) -> list[DocResult]:
    """Code documents; one DocResult per input (coded, skipped or failed, with the reason)."""
    from dyad.pipeline import Pipeline

    pipe = pipeline if pipeline is not None else Pipeline(settings or Settings()).load()
    return list(pipe.run(to_raw(d, i) for i, d in enumerate(documents)))


def code(
    documents: Iterable[str | Mapping[str, Any] | RawDocument],
    settings: Settings | None = None,
    pipeline: Any | None = None,
    modalities: Iterable[str] | None = ("asserted",),
) -> list[Event]:
    """Code documents and return their events (asserted ones by default; ``modalities=None`` for all)."""
    keep = set(modalities) if modalities is not None else None
    events: list[Event] = []
    for result in code_documents(documents, settings, pipeline):
        events.extend(e for e in result.events if keep is None or e.modality in keep)
    return events


__all__ = ["InputError", "code", "code_documents", "to_raw"]
