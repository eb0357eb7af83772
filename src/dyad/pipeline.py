"""The pipeline: ingest -> clean -> parse -> actors -> events (dates, places) -> results for the store.

``Pipeline(settings).load()`` loads the model and every data file once; ``run`` streams documents
through it in batches. Everything after the parse is per document, so a failure in one document is
recorded with its origin and the run goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from dyad import __version__
from dyad.actors.kb import KnowledgeBase
from dyad.actors.resolve import ActorResolver
from dyad.clauses import ClauseFinder, ModalityLexicon
from dyad.clean import Cleaner
from dyad.coding import Coder
from dyad.errors import DyadError, InputError
from dyad.models import DocResult, Document, Failure, RawDocument
from dyad.nlp import Parser
from dyad.ontology import Ontology
from dyad.patterns import Constructions, PatternSet
from dyad.places import PlaceResolver
from dyad.resources import data_path
from dyad.settings import Settings
from dyad.temporal import DateResolver, parse_published
from dyad.typer import EventTyper

log = logging.getLogger(__name__)


def data_version(extra_files: Iterable[str | Path] = ()) -> str:
    """A short hash of every bundled data file (and user dictionaries): changes when knowledge changes."""
    h = hashlib.sha256()
    root = data_path()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "sample" not in p.parts):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    for extra in extra_files:
        p = Path(extra)
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:8]


class Pipeline:
    """Loads every stage once and codes documents."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.parser = Parser(self.settings.model, self.settings.batch_size)
        self.cleaner = Cleaner()
        self.kb = KnowledgeBase(
            user_files=[*self.settings.actors, *self.settings.agents], only_user=self.settings.only_user_dicts
        )
        self.version = f"{__version__}+{data_version([*self.settings.actors, *self.settings.agents])}"
        self._coder: Coder | None = None
        self._resolver: ActorResolver | None = None

    def load(self) -> Pipeline:
        if self._coder is not None:
            return self
        self.parser.load()
        self.cleaner.load()
        self.kb.load(self.parser.nlp)
        self._resolver = ActorResolver(self.kb)
        ontology = Ontology().load()
        patterns = PatternSet().load()
        places = PlaceResolver(self.kb).load()
        self._coder = Coder(
            patterns=patterns,
            constructions=Constructions.load(),
            ontology=ontology,
            clauses=ClauseFinder(ModalityLexicon.load()),
            resolver=self._resolver,
            dates=DateResolver().load(),
            places=places,
            version=self.version,
            typer=EventTyper(Path(self.settings.typer_model) if self.settings.typer_model else None).load()
            if self.settings.typer
            else None,
        )
        return self

    @property
    def coder(self) -> Coder:
        if self._coder is None:
            raise DyadError("pipeline not loaded: call Pipeline.load() first")
        return self._coder

    @property
    def resolver(self) -> ActorResolver:
        if self._resolver is None:
            raise DyadError("pipeline not loaded: call Pipeline.load() first")
        return self._resolver

    # ------------------------------------------------------------------ running
    def run(self, items: Iterable[RawDocument | Failure]) -> Iterator[DocResult]:
        """Code a stream of raw documents (failures from ingest pass through), batch by batch, in order."""
        self.load()
        batch: list[RawDocument | Failure] = []
        seen: dict[str, tuple[str, str]] = {}
        for item in items:
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch, seen)
                batch = []
        if batch:
            yield from self._run_batch(batch, seen)

    def _run_batch(self, batch: list[RawDocument | Failure], seen: dict[str, tuple[str, str]]) -> Iterator[DocResult]:
        cleaned: list[tuple[int, Document]] = []
        results: list[DocResult | None] = [None] * len(batch)
        for i, item in enumerate(batch):
            if isinstance(item, Failure):
                results[i] = DocResult(item.doc_id or "", item.origin, item.status, failure=item)
                continue
            prior = seen.get(item.id)
            digest = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
            if prior is not None:
                if prior[1] != digest:
                    fail = Failure(
                        item.origin,
                        f"duplicate id {item.id!r} with different text (first seen in "
                        f"{prior[0]}); give each document its own id",
                        "ingest",
                        item.id,
                    )
                    results[i] = DocResult(item.id, item.origin, "failed", failure=fail)
                else:
                    fail = Failure(
                        item.origin,
                        f"same document as {prior[0]} (id {item.id!r})",
                        "ingest",
                        item.id,
                        status="skipped",
                    )
                    results[i] = DocResult(item.id, item.origin, "skipped", failure=fail)
                continue
            seen[item.id] = (item.origin, digest)
            try:
                cleaned.append((i, self.cleaner.clean(item)))
            except InputError as exc:
                fail = Failure(item.origin, exc.reason, exc.stage, item.id)
                results[i] = DocResult(item.id, item.origin, "failed", failure=fail)
            except Exception as exc:  # a cleaner bug on one document must not stop the run; it is recorded
                fail = Failure(item.origin, f"cleaning failed ({type(exc).__name__}: {exc})", "clean", item.id)
                results[i] = DocResult(item.id, item.origin, "failed", failure=fail)
        docs = [d for _, d in cleaned]
        for (i, document), parsed in zip(cleaned, self.parser.pipe(docs), strict=True):
            results[i] = self._code_one(document, parsed.doc)
        for r in results:
            assert r is not None
            yield r

    def _code_one(self, document: Document, spacy_doc: object) -> DocResult:
        try:
            published, precision = self.base_date(document)
            actors = self.resolver.resolve(spacy_doc, published)  # type: ignore[arg-type]
            events = self.coder.code(
                document.id, spacy_doc, actors, published, precision, dateline=document.meta.dateline_place
            )
            return DocResult(
                document.id, document.origin, "coded", document=document, events=events, actors=actors.actors
            )
        except Exception as exc:  # one document's failure is recorded with its origin; the run goes on
            log.exception("coding failed for %s", document.origin)
            fail = Failure(
                document.origin,
                f"coding failed ({type(exc).__name__}: {exc}); please report this with the document",
                "code",
                document.id,
            )
            return DocResult(document.id, document.origin, "failed", document=document, failure=fail)

    @staticmethod
    def base_date(document: Document) -> tuple[date | None, str]:
        """The publication date to resolve relative dates against, with its precision."""
        meta = document.meta
        if not meta.published:
            return None, "unknown"
        parsed = parse_published(meta.published)
        if parsed is None:
            return None, "unknown"
        iso, precision = parsed
        parts = iso.split("-")
        if precision == "year" or len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
        if precision == "month" or len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
