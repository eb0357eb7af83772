"""The pipeline: ingest -> clean -> parse -> actors -> events (dates, places) -> results for the store.

``Pipeline(settings).load()`` loads the model and every data file once; ``run`` streams documents
through it in batches. Everything after the parse is per document, so a failure in one document is
recorded with its origin and the run goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from dyad import __version__
from dyad.actors.kb import KnowledgeBase
from dyad.actors.resolve import ActorResolver
from dyad.clauses import ClauseFinder, ModalityLexicon
from dyad.clean import Cleaner
from dyad.coding import Coder, has_dyads, merge_headline
from dyad.errors import DyadError, InputError
from dyad.limits import DocumentTimeout, time_limit
from dyad.models import REPEAT_STAGE, DocResult, Document, Event, Failure, RawDocument
from dyad.nlp import Parser, sentence_case
from dyad.ontology import Ontology
from dyad.patterns import Constructions, PatternSet
from dyad.places import PlaceResolver
from dyad.plover_rules import PloverRefiner
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
            refiner=PloverRefiner().load(),
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
        for item in screen_ids(items):
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self.run_batch(batch)
                batch = []
        if batch:
            yield from self.run_batch(batch)

    def run_batch(self, batch: list[RawDocument | Failure]) -> Iterator[DocResult]:
        """Code one batch, in order. Ids are not screened here: pass the batch through :func:`screen_ids`."""
        self.load()
        limit = self.settings.doc_timeout
        cleaned: list[tuple[int, Document]] = []
        results: list[DocResult | None] = [None] * len(batch)
        for i, item in enumerate(batch):
            if isinstance(item, Failure):
                results[i] = DocResult(item.doc_id or "", item.origin, item.status, failure=item)
                continue
            try:
                if item.kind == "text":
                    self._check_words(item.origin, item.text)
                with time_limit(limit, "clean"):
                    document = self.cleaner.clean(item)
                self._check_words(item.origin, document.text)
                cleaned.append((i, document))
            except InputError as exc:
                fail = Failure(item.origin, exc.reason, exc.stage, item.id)
                results[i] = DocResult(item.id, item.origin, "failed", failure=fail)
            except DocumentTimeout as exc:
                results[i] = DocResult(
                    item.id, item.origin, "failed", failure=Failure(item.origin, str(exc), "clean", item.id)
                )
            except Exception as exc:  # a cleaner bug on one document must not stop the run; it is recorded
                fail = Failure(item.origin, f"cleaning failed ({type(exc).__name__}: {exc})", "clean", item.id)
                results[i] = DocResult(item.id, item.origin, "failed", failure=fail)
        for (i, document), spacy_doc in zip(cleaned, self._parse_all([d for _, d in cleaned]), strict=True):
            if isinstance(spacy_doc, Failure):
                results[i] = DocResult(document.id, document.origin, "failed", document=document, failure=spacy_doc)
            else:
                results[i] = self._code_one(document, spacy_doc)
        for r in results:
            assert r is not None
            yield r

    def _check_words(self, origin: str, text: str) -> None:
        limit = self.settings.max_words
        if limit and len(text) > limit:  # a word takes at least two characters with its space
            words = len(text.split())
            if words > limit:
                raise InputError(
                    origin,
                    f"document too long: {words:,} words, more than the limit of {limit:,} words for one "
                    "document; split it, or raise the limit with --max-words or DYAD_MAX_WORDS",
                    "clean",
                )

    def _parse_all(self, docs: list[Document]) -> list[object]:
        """Parse a batch within ``doc_timeout`` per document; if the batch overruns, parse one by one so
        that only the slow documents fail (as :class:`Failure`)."""
        limit = self.settings.doc_timeout
        try:
            with time_limit(limit * max(len(docs), 1), "parse"):
                return [p.doc for p in self.parser.pipe(docs)]
        except DocumentTimeout:
            log.warning("a batch of %d documents overran its time limit; parsing them one by one", len(docs))
        parsed: list[object] = []
        for document in docs:
            try:
                with time_limit(limit, "parse"):
                    parsed.append(self.parser.parse(document).doc)
            except DocumentTimeout as exc:
                parsed.append(Failure(document.origin, str(exc), "parse", document.id))
        return parsed

    def _code_one(self, document: Document, spacy_doc: object) -> DocResult:
        try:
            with time_limit(self.settings.doc_timeout, "code"):
                published, precision = self.base_date(document)
                actors = self.resolver.resolve(spacy_doc, published)  # type: ignore[arg-type]
                events = self.coder.code(
                    document.id, spacy_doc, actors, published, precision, dateline=document.meta.dateline_place
                )
                title = document.meta.title
                if title and has_dyads(events):
                    events = self.with_headline(document, title, events, published, precision)
            return DocResult(
                document.id, document.origin, "coded", document=document, events=events, actors=actors.actors
            )
        except DocumentTimeout as exc:
            fail = Failure(document.origin, str(exc), "code", document.id)
            return DocResult(document.id, document.origin, "failed", document=document, failure=fail)
        except Exception as exc:  # one document's failure is recorded with its origin; the run goes on
            log.exception("coding failed for %s", document.origin)
            fail = Failure(
                document.origin,
                f"coding failed ({type(exc).__name__}: {exc}); please report this with the document",
                "code",
                document.id,
            )
            return DocResult(document.id, document.origin, "failed", document=document, failure=fail)

    def with_headline(
        self, document: Document, title: str, events: list[Event], published: date | None, precision: str
    ) -> list[Event]:
        """The body's events, with the headline's tellings of them counted as mentions (``merge_headline``)."""
        nlp = self.parser.nlp
        tokens = nlp.make_doc(title[:1000])
        matcher = self.kb.matcher
        keep = {i for _, start, end in (matcher(tokens) if matcher is not None else []) for i in range(start, end)}
        head_doc = nlp(sentence_case(tokens, keep))
        head_actors = self.resolver.resolve(head_doc, published)
        head_events = self.coder.code(
            document.id, head_doc, head_actors, published, precision, dateline=None, part="headline"
        )
        for ev in head_events:  # the evidence quotes the headline as written, not as re-cased for the parser
            ev.evidence = [replace(span, text=title[span.start : span.end]) for span in ev.evidence]
        return merge_headline(events, head_events)

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


def screen_ids(items: Iterable[RawDocument | Failure]) -> Iterator[RawDocument | Failure]:
    """Pass documents through, turning a repeated id into a :class:`Failure`: ``failed`` when its text
    differs from the first document with that id, ``skipped`` when it is the same document again."""
    seen: dict[str, tuple[str, str]] = {}
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        digest = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
        prior = seen.get(item.id)
        if prior is None:
            seen[item.id] = (item.origin, digest)
            yield item
        elif prior[1] != digest:
            yield Failure(
                item.origin,
                f"duplicate id {item.id!r} with different text (first seen in {prior[0]}); "
                "give each document its own id",
                REPEAT_STAGE,
                item.id,
            )
        else:
            yield Failure(
                item.origin, f"same document as {prior[0]} (id {item.id!r})", REPEAT_STAGE, item.id, status="skipped"
            )
