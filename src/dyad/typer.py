"""Learned help: a small linear classifier that types an event (PLOVER root) from the sentence parse.

The pattern coder (``dyad.coding``) is precise but misses many sentences. ``EventTyper`` predicts the
PLOVER root type of a sentence from features of its spaCy parse (the verb and its particle, preposition,
object and complements, negation, modality, a bag of noun and verb lemmas, the verbs that govern named
entities), with a multinomial logistic regression whose weights ship as JSON
(``dyad/data/models/plover_typer.json``, schema ``dyad-typer/1``). Scoring is a sparse dot product and
a softmax in plain Python: no scikit-learn at run time. ``scripts/train_typer.py`` trains the weights
with the same :meth:`EventTyper.features` function.

Usage::

    typer = EventTyper().load()
    typer.predict(sent)            # [("ASSAULT", 0.91), ("COERCE", 0.03), ...], best first
    typer.predict(sent, trigger)   # the same for the shipped weights: see features()
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from dyad.errors import DictionaryError
from dyad.vectors import StaticVectors

SCHEMA = "dyad-typer/1"
DEFAULT_PATH = Path(__file__).parent / "data" / "models" / "plover_typer.json"
REQUIRED_HEADER = ("schema", "version", "source", "licence")

# Feature groups, each switchable (the trained JSON lists the groups its weights were trained with).
FEATURE_GROUPS: tuple[str, ...] = (
    "verb",  # lemma of the sentence root (and of its clausal complement when the root is a verb of saying)
    "trigger",  # lemma and verb features of the trigger token, when one is given (prefixed "t")
    "particle",  # verb + particle ("back_down")
    "prep",  # verb + preposition ("call_for")
    "object",  # direct object head lemma, alone and with the verb
    "complement",  # xcomp / ccomp / conj verbs of the event verb, alone and chained ("agree>withdraw")
    "negation",  # negated event verb (and negated complement)
    "modal",  # modal or future auxiliary on the event verb
    "bag",  # lemmas of the nouns and verbs that are not stop words
    "entity_verbs",  # the verb governing each named entity, with its role ("subj:attack", "obj:attack")
    "entities",  # named-entity label counts (off by default: it lowered cross-validated accuracy)
    "pair",  # the path between the event's source and target heads: their governing verbs, the lowest
    # common ancestor verb with its own verb features (prefixed "p"), the target's preposition
    "vectors",  # dense: static word vectors (en_core_web_md) of the event verb, its objects and the content
    # words, each a unit-length mean (see dyad.vectors); scored with numpy, not in the sparse feature dict
)
# The dense blocks of the "vectors" group, in order: the event verb, its objects, the sentence's content words
# and (optional) the event verb's subjects' head words. The weights file lists the blocks it was trained with.
DENSE_PARTS: tuple[str, ...] = ("verb", "object", "bag")
ALL_DENSE_PARTS: tuple[str, ...] = (*DENSE_PARTS, "subject")
DEFAULT_SCALE = 2.0
# Training names the dense columns "~d0", "~d1", ... in the feature dict (dense_features()); export splits them off.
DENSE_PREFIX = "~d"
DEFAULT_GROUPS: tuple[str, ...] = tuple(g for g in FEATURE_GROUPS if g not in ("entities", "pair"))

_CONTENT_POS = frozenset({"NOUN", "VERB"})
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "MONEY", "CARDINAL", "DATE", "EVENT"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
_OBJ = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
_COMPLEMENT = frozenset({"xcomp", "ccomp", "conj", "advcl"})
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})
# Verbs of saying: when the sentence root is one, its clausal complement carries the event.
_REPORTING = frozenset(
    {"say", "tell", "report", "announce", "state", "add", "claim", "note", "quote", "according", "write", "insist"}
)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _is_verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


class EventTyper:
    """Predicts the PLOVER root type of a parsed sentence. ``EventTyper(path).load()`` reads the weights."""

    def __init__(
        self,
        path: Path | None = None,
        groups: Iterable[str] | None = None,
        vectors: StaticVectors | None = None,
        scale: float = DEFAULT_SCALE,
        dense_parts: Iterable[str] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else DEFAULT_PATH
        # word vectors for the "vectors" group (shared between typers; loaded when the weights need them)
        self.vectors = vectors
        self.scale = scale
        self.dense_parts: tuple[str, ...] = tuple(dense_parts) if dense_parts is not None else DENSE_PARTS
        bad_parts = set(self.dense_parts) - set(ALL_DENSE_PARTS)
        if bad_parts:
            raise ValueError(f"unknown dense parts: {sorted(bad_parts)} (known: {', '.join(ALL_DENSE_PARTS)})")
        self.groups: frozenset[str] = frozenset(groups if groups is not None else DEFAULT_GROUPS)
        unknown = self.groups - set(FEATURE_GROUPS)
        if unknown:
            raise ValueError(f"unknown feature groups: {sorted(unknown)}")
        self.header: dict[str, str] = {}
        self.labels: tuple[str, ...] = ()
        self.temperature = 1.0
        self._intercepts: list[float] = []
        self._weights: dict[str, list[tuple[int, float]]] = {}
        self._dense: np.ndarray | None = None  # labels x (parts * width) weights of the "vectors" group
        self._loaded = False

    # ------------------------------------------------------------------------------------------ loading
    def load(self) -> EventTyper:
        """Read and check the JSON weights; the feature groups become those the weights were trained with."""
        if self._loaded:
            return self
        where = str(self.path)
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DictionaryError(where, None, f"cannot read typer weights ({exc})") from exc
        if not isinstance(data, dict):
            raise DictionaryError(where, None, "typer weights must be a JSON object")
        missing = [k for k in REQUIRED_HEADER if not data.get(k)]
        if missing:
            raise DictionaryError(where, None, f"missing header keys: {', '.join(missing)}")
        if data["schema"] != SCHEMA:
            raise DictionaryError(where, None, f"schema is {data['schema']!r}, expected {SCHEMA!r}")
        labels = data.get("labels")
        intercepts = data.get("intercepts")
        weights = data.get("weights")
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
            raise DictionaryError(where, None, "labels must be a non-empty list of strings")
        if not isinstance(intercepts, list) or len(intercepts) != len(labels):
            raise DictionaryError(where, None, "intercepts must have one number per label")
        if not isinstance(weights, dict):
            raise DictionaryError(where, None, "weights must map feature -> {label: weight}")
        index = {label: i for i, label in enumerate(labels)}
        table: dict[str, list[tuple[int, float]]] = {}
        for feat, row in weights.items():
            if not isinstance(row, dict):
                raise DictionaryError(where, None, f"weights of {feat!r} must map label -> weight")
            try:
                table[feat] = [(index[label], float(w)) for label, w in row.items()]
            except (KeyError, TypeError, ValueError) as exc:
                raise DictionaryError(where, None, f"bad weight for {feat!r} ({exc})") from exc
        groups = data.get("feature_groups", list(DEFAULT_GROUPS))
        unknown = set(groups) - set(FEATURE_GROUPS)
        if unknown:
            raise DictionaryError(where, None, f"unknown feature groups {sorted(unknown)}")
        dense = self._load_dense(where, data.get("dense"), labels) if "vectors" in groups else None
        self.header = {k: str(data[k]) for k in REQUIRED_HEADER}
        self.labels = tuple(labels)
        self.groups = frozenset(groups)
        self._dense = dense
        self.temperature = float(data.get("temperature", 1.0)) or 1.0
        self._intercepts = [float(b) for b in intercepts]
        self._weights = table
        self._loaded = True
        return self

    def _load_dense(self, where: str, dense: Any, labels: list[str]) -> np.ndarray:
        """The dense weights ("dense": {"vectors", "scale", "weights": {label: [...]}}) and their vectors."""
        if not isinstance(dense, dict) or not isinstance(dense.get("weights"), dict):
            raise DictionaryError(where, None, 'feature group "vectors" needs a "dense" object with "weights"')
        parts = dense.get("parts", list(DENSE_PARTS))
        if not isinstance(parts, list) or not parts or set(parts) - set(ALL_DENSE_PARTS):
            raise DictionaryError(where, None, f"dense parts must be a list drawn from {', '.join(ALL_DENSE_PARTS)}")
        if self.vectors is None:
            self.vectors = StaticVectors()
        self.vectors.load()
        self.dense_parts = tuple(parts)
        width = len(parts) * self.vectors.width
        rows = []
        for label in labels:
            row = dense["weights"].get(label)
            if not isinstance(row, list) or len(row) != width:
                raise DictionaryError(
                    where, None, f"dense weights of {label!r} must be {width} numbers ({self.vectors.name})"
                )
            rows.append(row)
        try:
            self.scale = float(dense.get("scale", DEFAULT_SCALE))
            return np.asarray(rows, dtype=np.float32)
        except (TypeError, ValueError) as exc:
            raise DictionaryError(where, None, f"bad dense weights ({exc})") from exc

    # ---------------------------------------------------------------------------------------- features
    def dense(self, sent: Span) -> np.ndarray:
        """The "vectors" group: unit-length mean vectors of each of ``dense_parts`` (the event verb, its objects,
        the sentence's content words, its subjects), times ``scale`` (zeros where no word has a vector)."""
        if self.vectors is None:
            self.vectors = StaticVectors()
        vectors = self.vectors.load()
        verbs = _event_verbs(sent)
        words_of = {
            "verb": lambda: [_lemma(verbs[-1])],
            "object": lambda: [_lemma(c) for v in verbs for c in v.children if c.dep_ in _OBJ],
            "bag": lambda: [_lemma(t) for t in sent if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha],
            "subject": lambda: [_lemma(c) for v in verbs for c in v.children if c.dep_ in _SUBJ],
        }
        out = np.zeros(len(self.dense_parts) * vectors.width, dtype=np.float32)
        for k, part in enumerate(self.dense_parts):
            words = words_of[part]()
            m = vectors.mean(words)
            if m is not None:
                out[k * vectors.width : (k + 1) * vectors.width] = m * self.scale
        return out

    def dense_features(self, sent: Span) -> dict[str, float]:
        """The "vectors" group as named features ("~d0", ...) for training; empty without that group."""
        if "vectors" not in self.groups:
            return {}
        return {f"{DENSE_PREFIX}{i}": float(x) for i, x in enumerate(self.dense(sent)) if x}

    def features(
        self, sent: Span, trigger: Token | None = None, pair: tuple[Token | None, Token | None] | None = None
    ) -> dict[str, float]:
        """Features of an already-parsed sentence (and of the event's trigger token, when given).

        Binary indicators (value 1.0) except the entity counts; the same function serves training
        and prediction. The sentence's own features never depend on ``trigger``: a trigger only adds
        ``trig=``/``t``-prefixed features, which carry weight only in a model trained with triggers
        (``train_typer.py --trigger marked``), so the shipped model types a sentence alike with or without one.
        """
        g = self.groups
        f: dict[str, float] = {}
        root = sent.root
        event_verbs = _event_verbs(sent)
        if "verb" in g:
            f["root=" + _lemma(root)] = 1.0
            for v in event_verbs[1:]:
                f["said=" + _lemma(v)] = 1.0
        for v in event_verbs:
            self._verb_features(v, f)
        if "trigger" in g and trigger is not None:
            f["trig=" + _lemma(trigger)] = 1.0
            extra: dict[str, float] = {}
            self._verb_features(trigger, extra)
            for name in extra:
                f["t" + name] = 1.0
        if "pair" in g:
            self._pair_features(sent, pair if pair is not None else default_pair(sent), f)
        if "bag" in g:
            for tok in sent:
                if tok.pos_ in _CONTENT_POS and not tok.is_stop and tok.is_alpha:
                    f["w=" + _lemma(tok)] = 1.0
        if "entity_verbs" in g or "entities" in g:
            counts: dict[str, int] = {}
            for ent in sent.ents:
                label = ent.label_
                if label not in _ENTITY_LABELS:
                    continue
                counts[label] = counts.get(label, 0) + 1
                if "entity_verbs" in g and label in ("PERSON", "ORG", "GPE", "NORP"):
                    role, gov = _governor(ent.root)
                    if gov is not None:
                        f[f"ev={role}:{_lemma(gov)}"] = 1.0
            if "entities" in g:
                for label, n in counts.items():
                    f["ent=" + label] = min(n, 3) / 3.0
        return f

    def _pair_features(self, sent: Span, pair: tuple[Token | None, Token | None], f: dict[str, float]) -> None:
        """Features of the source -> target path: what the event between these two actors is about."""
        src, tgt = (t if t is not None and sent.start <= t.i < sent.end else None for t in pair)
        if src is None and tgt is None:
            f["p:none"] = 1.0
            return
        for name, tok in (("s", src), ("t", tgt)):
            if tok is None:
                f[f"p{name}:none"] = 1.0
                continue
            role, gov = _governor(tok)
            if gov is not None:
                f[f"p{name}gov={role}:{_lemma(gov)}"] = 1.0
                f[f"p{name}v={_lemma(gov)}"] = 1.0
        if tgt is not None and tgt.dep_ == "pobj":
            f["ptprep=" + tgt.head.lower_] = 1.0
        lca = _common_verb(src, tgt)
        if lca is None:
            return
        f["plca=" + _lemma(lca)] = 1.0
        if tgt is not None:
            f["ppath=" + _lemma(lca) + ":" + ">".join(_path_deps(tgt, lca))] = 1.0
        extra: dict[str, float] = {}
        self._verb_features(lca, extra)
        for name in extra:
            f["p" + name] = 1.0

    def _verb_features(self, v: Token, f: dict[str, float]) -> None:
        g = self.groups
        lem = _lemma(v)
        if "verb" in g:
            f["v=" + lem] = 1.0
        negated = False
        for c in v.children:
            dep = c.dep_
            if dep == "prt" and "particle" in g:
                f[f"vp={lem}_{c.lower_}"] = 1.0
            elif dep == "prep" and "prep" in g:
                f[f"vpp={lem}_{c.lower_}"] = 1.0
            elif dep in _OBJ and "object" in g:
                obj = _lemma(c)
                f["o=" + obj] = 1.0
                f[f"vo={lem}_{obj}"] = 1.0
            elif dep in _COMPLEMENT and "complement" in g and _is_verbal(c):
                f[f"{dep}={_lemma(c)}"] = 1.0
                f[f"vc={lem}>{_lemma(c)}"] = 1.0
                if "negation" in g and any(cc.dep_ == "neg" for cc in c.children):
                    f["neg_comp"] = 1.0
            elif dep == "neg":
                negated = True
            elif dep == "aux" and "modal" in g:
                aux = c.lower_
                if aux in _MODALS or _lemma(c) in _MODALS:
                    f["modal=" + _lemma(c)] = 1.0
                    f["modal"] = 1.0
                elif aux == "to":
                    f["infinitive"] = 1.0
        if negated and "negation" in g:
            f["neg"] = 1.0
            f["neg=" + lem] = 1.0

    # -------------------------------------------------------------------------------------- prediction
    def scores(self, feats: dict[str, float], dense: np.ndarray | None = None) -> list[float]:
        """Linear scores (one per label) of a feature dict (and of the dense "vectors" features, for weights
        that have them); unknown features are ignored."""
        if not self._loaded:
            self.load()
        out = list(self._intercepts)
        if self._dense is not None and dense is not None:
            out = [a + float(b) for a, b in zip(out, self._dense @ dense, strict=True)]
        weights = self._weights
        for name, value in feats.items():
            row = weights.get(name)
            if row is None:
                continue
            for i, w in row:
                out[i] += value * w
        return out

    def predict(
        self, sent: Span, trigger: Token | None = None, pair: tuple[Token | None, Token | None] | None = None
    ) -> list[tuple[str, float]]:
        """Every label with its probability (softmax over the linear scores), best first.

        ``pair`` (source head, target head) is the candidate event's actors; without it a model trained
        with the "pair" group uses :func:`default_pair`.
        """
        if not self._loaded:
            self.load()
        dense = self.dense(sent) if self._dense is not None else None
        scores = self.scores(self.features(sent, trigger, pair), dense)
        t = self.temperature
        top = max(scores)
        exps = [math.exp((s - top) / t) for s in scores]
        total = sum(exps)
        ranked = sorted(zip(self.labels, (e / total for e in exps), strict=True), key=lambda x: (-x[1], x[0]))
        return ranked

    def best(
        self, sent: Span, trigger: Token | None = None, pair: tuple[Token | None, Token | None] | None = None
    ) -> tuple[str, float]:
        """The most probable label and its probability."""
        return self.predict(sent, trigger, pair)[0]


def _event_verbs(sent: Span) -> list[Token]:
    """The sentence root, and when it is a verb of saying ("X said Y would ..."), its clausal complements,
    which carry the event."""
    root = sent.root
    verbs = [root]
    if _lemma(root) in _REPORTING:
        verbs.extend(c for c in root.children if c.dep_ in ("ccomp", "xcomp") and _is_verbal(c))
    return verbs


def _governor(tok: Token) -> tuple[str, Token | None]:
    """The role of a named entity's head and the verb that governs it ("subj", "obj", "pobj", "poss")."""
    role = tok.dep_
    if role in _SUBJ:
        kind = "subj"
    elif role in _OBJ:
        kind = "obj"
    elif role == "pobj":
        kind = "pobj:" + tok.head.lower_
    else:
        kind = "other"
    cur = tok.head
    for _ in range(6):
        if _is_verbal(cur):
            return kind, cur
        if cur.head is cur:
            break
        cur = cur.head
    return kind, None


def _common_verb(a: Token | None, b: Token | None) -> Token | None:
    """The lowest verb governing both tokens (or the one given): the event's verb between two actors."""
    chains = [[t, *t.ancestors] for t in (a, b) if t is not None]
    if len(chains) == 2:
        second = {t.i for t in chains[1]}
        chain = [t for t in chains[0] if t.i in second]
    else:
        chain = chains[0][1:]
    for tok in chain:
        if _is_verbal(tok):
            return tok
    return chain[0] if chain else None


def _path_deps(tok: Token, top: Token, limit: int = 4) -> list[str]:
    """Dependency labels from ``top`` down to ``tok`` (at most ``limit``, nearest ``top`` first)."""
    deps: list[str] = []
    cur = tok
    while cur.i != top.i and cur.head is not cur and len(deps) < limit:
        deps.append(cur.dep_)
        cur = cur.head
    return deps[::-1]


def default_pair(sent: Span) -> tuple[Token | None, Token | None]:
    """The source and target heads a sentence-level event would have: the event verb's subject and its
    object (else its first prepositional object). Used when no candidate event gives its actors."""
    root = sent.root
    verbs = [root]
    if _lemma(root) in _REPORTING:
        verbs = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and _is_verbal(c)] + verbs
    for v in verbs:
        subj = next((c for c in v.children if c.dep_ in _SUBJ), None)
        obj = next((c for c in v.children if c.dep_ in _OBJ), None)
        if obj is None:
            for c in v.children:
                if c.dep_ == "prep":
                    obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if obj is not None:
                        break
        if subj is not None or obj is not None:
            return subj, obj
    return None, None


PLOVER_FOLD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def fold_plover(plover: str) -> str:
    """PLOVER names as the typer knows them: CONCEDE and RETREAT are YIELD (as in the PLV gold)."""
    return PLOVER_FOLD.get(plover, plover)
