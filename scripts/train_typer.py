#!/usr/bin/env python
"""Train dyad's learned event typer (``src/dyad/data/models/plover_typer.json``).

Parses the labelled sentences with dyad's spaCy pipeline, extracts features with the runtime's own
``dyad.typer.EventTyper.features``, trains a multinomial logistic regression (scikit-learn, needed here
only), reports stratified k-fold cross-validated accuracy and per-label F1, fits a softmax temperature
on the out-of-fold scores, then fits on all data and writes the pruned, rounded weights as JSON
(deterministic: the same data and options give the same bytes).

    .venv/bin/python scripts/train_typer.py                     # train, report CV, write the weights
    .venv/bin/python scripts/train_typer.py --report-combination /tmp/plv-errors.jsonl --no-write
    .venv/bin/python scripts/train_typer.py --ablate --no-write  # leave-one-feature-group-out CV

``--report-combination`` takes the ``--errors`` file of ``dyad eval`` on the same TSV (rows absent from it
were coded right by the patterns) and simulates combining the pattern coder with the classifier, using
out-of-fold classifier predictions only.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dyad.nlp import DEFAULT_MODEL, Parser  # noqa: E402
from dyad.typer import (  # noqa: E402
    ALL_DENSE_PARTS,
    DEFAULT_GROUPS,
    DEFAULT_SCALE,
    DENSE_PARTS,
    DENSE_PREFIX,
    FEATURE_GROUPS,
    SCHEMA,
    EventTyper,
)
from dyad.vectors import StaticVectors  # noqa: E402

if TYPE_CHECKING:  # scikit-learn is needed to train only: imported lazily, so tests can import this script
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

DEFAULT_DATA = REPO.parent / "shared" / "dev" / "PLV_train.tsv"
DEFAULT_OUT = REPO / "src" / "dyad" / "data" / "models" / "plover_typer.json"
# Sentences with no political interaction, labelled NONE, so that the typer can say "no event": the sport
# and entertainment sections of the BBC corpus (Greene & Cunningham 2006), one sentence per article.
DEFAULT_NEGATIVES = REPO.parent / "shared" / "corpora" / "bbc"
NEGATIVE_SECTIONS = ("sport", "entertainment", "tech", "business")
NONE = "NONE"
SOURCE = (
    "ZeroShotPLOVER PLV_train.tsv (1,050 sentences, research use); NONE examples: BBC corpus sport and "
    "entertainment sections (Greene & Cunningham 2006), one body sentence per article"
)
LICENCE = (
    "weights derived from research-use data (ZeroShotPLOVER PLV_train.tsv); "
    "research use only, like the data they were trained on"
)
FOLD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
_TAG = re.compile(r"</?[st]>")


# ------------------------------------------------------------------------------------------------ data
def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if not rows or "sentence" not in rows[0] or "gold_root" not in rows[0]:
        sys.exit(f"{path}: needs columns sentence and gold_root")
    return rows


def read_negatives(folder: Path, per_doc: int, nlp: Any) -> list[Any]:
    """NONE examples: body sentences (after the headline line) of the negative sections' articles."""
    sents: list[Any] = []
    files = sorted(p for section in NEGATIVE_SECTIONS for p in (folder / section).glob("*.txt"))
    texts = []
    for path in files:
        lines = [ln.strip() for ln in path.read_text(encoding="latin-1").splitlines() if ln.strip()]
        texts.append(" ".join(lines[1:3]))  # the headline is not a sentence; the first paragraphs are
    for doc in nlp.pipe(texts, batch_size=64):
        picked = [s for s in doc.sents if 6 <= len(s) <= 60][:per_doc]
        sents.extend(picked)
    return sents


def label_of(row: dict[str, str]) -> str:
    gold = row["gold_root"].strip().upper()
    return FOLD.get(gold, gold)


def marked_spans(row: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Character spans of the marked source (<s>) and target (<t>) in the plain sentence."""
    marked = row.get("marked_sentence") or ""
    spans: dict[str, tuple[int, int]] = {}
    plain: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    for m in _TAG.finditer(marked):
        plain.append(marked[pos : m.start()])
        offset = sum(len(p) for p in plain)
        tag = m.group(0)
        kind = tag.strip("</>")
        if tag.startswith("</"):
            if kind in opened:
                spans[kind] = (opened[kind], offset)
        else:
            opened[kind] = offset
        pos = m.end()
    plain.append(marked[pos:])
    if "".join(plain) != row["sentence"]:
        spans = {}
        for kind, col in (("s", "source"), ("t", "target")):
            text = (row.get(col) or "").strip()
            at = row["sentence"].find(text) if text else -1
            if at >= 0:
                spans[kind] = (at, at + len(text))
    return spans


def pick_sentence(doc: Any, spans: dict[str, tuple[int, int]]) -> Any:
    """The sentence holding the marked target (else source), else the longest sentence."""
    sents = list(doc.sents)
    if len(sents) == 1:
        return sents[0]
    for kind in ("t", "s"):
        if kind in spans:
            start = spans[kind][0]
            for s in sents:
                if s.start_char <= start < s.end_char:
                    return s
    return max(sents, key=len)


def marked_pair(sent: Any, spans: dict[str, tuple[int, int]]) -> tuple[Any, Any]:
    """The heads of the marked source and target in the sentence (None where unmarked or outside it)."""
    heads: list[Any] = []
    for kind in ("s", "t"):
        head = None
        if kind in spans:
            span = sent.doc.char_span(spans[kind][0], spans[kind][1], alignment_mode="expand")
            if span is not None and len(span) and sent.start <= span.root.i < sent.end:
                head = span.root
        heads.append(head)
    return heads[0], heads[1]


def training_views(
    typer: EventTyper, sents: list[Any], pairs: list[Any], triggers: list[Any]
) -> tuple[list[dict[str, float]], list[dict[str, float]] | None]:
    """Each row's features with its marked actor pair and, for a model with "pair" features, a twin
    with the default pair (as the runtime sees a sentence no pattern coded). Without "pair": no twins."""
    feats = [row_features(typer, s, t, p) for s, t, p in zip(sents, triggers, pairs, strict=True)]
    if "pair" not in typer.groups:
        return feats, None
    return feats, [row_features(typer, s, t) for s, t in zip(sents, triggers, strict=True)]


def dense_of(feats: dict[str, float], typer: EventTyper) -> np.ndarray | None:
    """The dense vector a training row's "~d<i>" features stand for (None without the "vectors" group)."""
    if "vectors" not in typer.groups or typer.vectors is None:
        return None
    out = np.zeros(len(typer.dense_parts) * typer.vectors.load().width, dtype=np.float32)
    for name, value in feats.items():
        if name.startswith(DENSE_PREFIX):
            out[int(name[len(DENSE_PREFIX) :])] = value
    return out


def row_features(typer: EventTyper, sent: Any, trigger: Any = None, pair: Any = None) -> dict[str, float]:
    """A training row: the sparse features and, with the "vectors" group, the dense ones named "~d<i>"."""
    return {**typer.features(sent, trigger, pair), **typer.dense_features(sent)}


def marked_trigger(sent: Any, spans: dict[str, tuple[int, int]]) -> Any:
    """Lowest common ancestor of the marked source and target heads (an experiment: runtime has no marks)."""
    heads = []
    for kind in ("s", "t"):
        if kind in spans:
            span = sent.doc.char_span(spans[kind][0], spans[kind][1], alignment_mode="expand")
            if span is not None and len(span) and sent.start <= span.root.i < sent.end:
                heads.append(span.root)
    if not heads:
        return None
    if len(heads) == 1:
        return heads[0].head
    up = {t.i for t in [heads[0], *heads[0].ancestors]}
    for t in [heads[1], *heads[1].ancestors]:
        if t.i in up:
            return t
    return None


# -------------------------------------------------------------------------------------------- modelling
def require_sklearn() -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("train_typer.py needs scikit-learn to train: .venv/bin/pip install -e '.[train]'")


def fit(x: Any, y: np.ndarray, c: float) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, tol=1e-6)
    model.fit(x, y)
    return model


def pruned_scores(model: LogisticRegression, x: Any, prune: float, vec: DictVectorizer | None = None) -> np.ndarray:
    """Decision scores with the exported (pruned, rounded) weights: what the runtime will compute. The dense
    "vectors" columns (named by ``vec``) are exported whole, so they are never pruned."""
    coef = np.round(model.coef_, 4)
    small = np.abs(coef) < prune
    if vec is not None:
        names = vec.get_feature_names_out()
        small[:, np.char.startswith(names.astype(str), DENSE_PREFIX)] = False
    coef[small] = 0.0
    return np.asarray(x @ coef.T) + np.round(model.intercept_, 4)


def softmax(scores: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def cross_val_scores(
    feats: list[dict[str, float]],
    y: np.ndarray,
    n_labels: int,
    folds: int,
    seed: int,
    c: float,
    prune: float,
    extra: tuple[list[dict[str, float]], np.ndarray] | None = None,
    twins: list[dict[str, float]] | None = None,
) -> np.ndarray:
    """Out-of-fold decision scores (each row scored by a model that never saw it).

    ``extra`` rows (the NONE examples) join every training fold and are never scored. ``twins[i]`` is
    a second view of row i (its features with the default actor pair) that joins the folds row i trains in.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(y), n_labels))
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in skf.split(np.zeros(len(y)), y):
        vec = DictVectorizer(sort=True)
        train_feats = [feats[i] for i in train]
        ytr = y[train]
        if extra is not None:
            train_feats += extra[0]
            ytr = np.concatenate([ytr, extra[1]])
        if twins is not None:
            train_feats += [twins[i] for i in train]
            ytr = np.concatenate([ytr, y[train]])
        xtr = vec.fit_transform(train_feats)
        model = fit(xtr, ytr, c)
        xte = vec.transform([feats[i] for i in test])
        scores = np.full((len(test), n_labels), -1e9)
        scores[:, model.classes_] = pruned_scores(model, xte, prune, vec)
        out[test] = scores
    return out


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature minimising out-of-fold log loss (grid search, deterministic)."""
    best_t, best_nll = 1.0, math.inf
    for t in np.round(np.arange(0.3, 3.01, 0.05), 2):
        p = softmax(scores, float(t))
        nll = float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))
        if nll < best_nll - 1e-9:
            best_t, best_nll = float(t), nll
    return best_t


def calibration(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[float, float]:
    """(log loss, expected calibration error of the top label)."""
    top = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    hit = (top == y).astype(float)
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(hit[m].mean() - conf[m].mean())
    nll = float(-np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, None))))
    return nll, float(ece)


def per_label_report(gold: list[str], pred: list[str], labels: list[str]) -> list[str]:
    lines = [f"{'label':<12}{'prec':>6}{'rec':>6}{'f1':>6}{'n':>6}"]
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        lines.append(f"{lab:<12}{prec:>6.2f}{rec:>6.2f}{f1:>6.2f}{ngold:>6}")
    lines.append(f"{'macro F1':<12}{'':>12}{sum(f1s) / len(f1s):>6.2f}")
    return lines


# ------------------------------------------------------------------------------------------ combination
def read_pattern_predictions(path: Path, gold: list[str]) -> list[str]:
    """The pattern coder's label per row: wrong rows from the errors file, every other row was right."""
    pred = list(gold)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            err = json.loads(line)
            where = str(err.get("line", ""))
            if ":" not in where:
                continue
            idx = int(where.rsplit(":", 1)[1]) - 2
            if 0 <= idx < len(pred):
                got = str(err.get("got") or "NONE").upper()
                pred[idx] = FOLD.get(got, got)
    return pred


def combination_report(gold: list[str], pattern: list[str], probs: np.ndarray, labels: list[str]) -> list[str]:
    n = len(gold)
    clf = [labels[i] for i in probs.argmax(axis=1)]
    conf = probs.max(axis=1)
    index = {lab: i for i, lab in enumerate(labels)}

    def acc(pred: list[str]) -> str:
        return f"{sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n:.3f}"

    none = [p == "NONE" for p in pattern]
    lines = [
        f"pattern coder alone: {acc(pattern)}  (no event on {sum(none)} of {n} rows)",
        f"classifier alone (out-of-fold): {acc(clf)}",
        "pattern type when there is one, else classifier: "
        + acc([c if x else p for p, c, x in zip(pattern, clf, none, strict=True)]),
        "classifier when its probability >= t (or the patterns found nothing), else the pattern type:",
        f"  {'t':>5}{'accuracy':>10}{'classifier decides':>20}{'overrides a pattern':>21}",
    ]
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99):
        pred = []
        decided = overrides = 0
        for p, c, x, q in zip(pattern, clf, none, conf, strict=True):
            if x or q >= t:
                pred.append(c)
                decided += 1
                overrides += int(not x and c != p)
            else:
                pred.append(p)
        lines.append(f"  {t:>5.2f}{acc(pred):>10}{decided:>20}{overrides:>21}")
    lines.append("the pattern type when the classifier gives it probability >= r, else the classifier:")
    lines.append(f"  {'r':>5}{'accuracy':>10}{'pattern kept':>14}")
    for r in (0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
        pred = []
        kept = 0
        for i in range(n):
            j = index.get(pattern[i])
            if j is not None and probs[i, j] >= r:
                pred.append(pattern[i])
                kept += 1
            else:
                pred.append(clf[i])
        lines.append(f"  {r:>5.2f}{acc(pred):>10}{kept:>14}")
    agree = [i for i in range(n) if not none[i] and pattern[i] == clf[i]]
    disagree = [i for i in range(n) if not none[i] and pattern[i] != clf[i]]
    lines.append(
        f"where both give a type: agree on {len(agree)} rows (accuracy "
        f"{sum(gold[i] == pattern[i] for i in agree) / max(1, len(agree)):.3f}), disagree on {len(disagree)} rows "
        f"(pattern right {sum(gold[i] == pattern[i] for i in disagree)}, classifier right "
        f"{sum(gold[i] == clf[i] for i in disagree)})"
    )
    lines.append(
        f"where the patterns found nothing ({sum(none)} rows): classifier accuracy "
        f"{sum(gold[i] == clf[i] for i in range(n) if none[i]) / max(1, sum(none)):.3f}"
    )
    lines.append(f"oracle (either right): {sum(1 for i in range(n) if gold[i] in (pattern[i], clf[i])) / n:.3f}")
    return lines


# ------------------------------------------------------------------------------------------------- export
def export(
    model: LogisticRegression,
    vec: DictVectorizer,
    labels: list[str],
    groups: list[str],
    temperature: float,
    c: float,
    prune: float,
    n_rows: int,
    cv_accuracy: float,
    typer: EventTyper | None = None,
) -> str:
    """The JSON weights. ``typer`` (the one whose features trained the model) gives the "vectors" group's
    width, scale and vector table; its dense columns ("~d<i>") are written as one list per label."""
    names = vec.get_feature_names_out()
    coef = np.round(model.coef_, 4)
    weights: dict[str, dict[str, float]] = {}
    dense_cols: dict[int, int] = {}
    for j, name in enumerate(names):
        if str(name).startswith(DENSE_PREFIX):
            dense_cols[int(str(name)[len(DENSE_PREFIX) :])] = j
            continue
        row = {labels[k]: float(coef[k, j]) for k in range(len(labels)) if abs(coef[k, j]) >= prune}
        if row:
            weights[str(name)] = row
    dense: dict[str, Any] | None = None
    if "vectors" in groups:
        assert typer is not None and typer.vectors is not None, "a typer with loaded vectors gives the dense width"
        width = len(typer.dense_parts) * typer.vectors.load().width
        table = np.zeros((len(labels), width))
        for i, j in dense_cols.items():
            table[:, i] = coef[:, j]
        dense = {
            "vectors": typer.vectors.name,
            "parts": list(typer.dense_parts),
            "scale": typer.scale,
            "weights": {label: [float(x) + 0.0 for x in table[k]] for k, label in enumerate(labels)},
        }
    head = {
        "schema": SCHEMA,
        "version": "1",
        "source": SOURCE,
        "licence": LICENCE,
        "model": (
            f"multinomial logistic regression (scikit-learn lbfgs, L2, C={c:g}) on {n_rows} sentences, "
            f"{cv_accuracy:.3f} cross-validated accuracy; weights with |w| < {prune:g} pruned, rounded to 4 decimals"
        ),
        "spacy_model": DEFAULT_MODEL,
        "trainer": "scripts/train_typer.py",
        "feature_groups": groups,
        "temperature": temperature,
        "labels": labels,
        "intercepts": [round(float(b), 4) + 0.0 for b in model.intercept_],
    }
    # One feature per line keeps diffs readable; sorted keys and fixed rounding make the bytes reproducible.
    lines = ["{"]
    lines += [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('"weights": {')
    items = sorted(weights.items())
    for i, (name, row) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(row, separators=(',', ':'))}{comma}")
    if dense is None:
        lines += ["}", "}"]
    else:
        lines.append("},")
        lines.append('"dense": {')
        lines += [f"{json.dumps(k)}: {json.dumps(v)}," for k, v in dense.items() if k != "weights"]
        lines.append('"weights": {')
        for k, label in enumerate(labels):
            comma = "," if k < len(labels) - 1 else ""
            lines.append(f"{json.dumps(label)}: {json.dumps(dense['weights'][label], separators=(',', ':'))}{comma}")
        lines += ["}", "}", "}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled TSV (sentence, gold_root)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON weights")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--C", type=float, default=None, help="inverse L2 strength (default: chosen by inner CV)")
    ap.add_argument("--C-grid", default="2,4,8,16,32", help="the C values the inner CV chooses from")
    ap.add_argument("--prune", type=float, default=0.05, help="drop exported weights with |w| below this")
    ap.add_argument(
        "--scale", type=float, default=DEFAULT_SCALE, help="length of each dense word-vector block (group vectors)"
    )
    ap.add_argument(
        "--dense-parts",
        default=",".join(DENSE_PARTS),
        help=f"blocks of the dense word-vector features (group vectors), of {','.join(ALL_DENSE_PARTS)}",
    )
    ap.add_argument(
        "--groups", default=",".join(DEFAULT_GROUPS), help=f"feature groups to use, of {','.join(FEATURE_GROUPS)}"
    )
    ap.add_argument(
        "--trigger",
        choices=("none", "marked"),
        default="none",
        help="features with no trigger (as for a sentence) or with the marked actors' common head",
    )
    ap.add_argument("--ablate", action="store_true", help="also report CV accuracy without each feature group")
    ap.add_argument(
        "--report-combination",
        type=Path,
        metavar="PATH",
        help="`dyad eval --errors` file on the same data: simulate pattern + classifier combinations",
    )
    ap.add_argument("--no-write", action="store_true", help="report only; do not write the weights")
    ap.add_argument(
        "--negatives",
        type=Path,
        default=DEFAULT_NEGATIVES,
        help="BBC-layout corpus folder whose sport/entertainment articles give NONE examples",
    )
    ap.add_argument("--negatives-per-doc", type=int, default=1, help="NONE sentences taken per article (0: none)")
    args = ap.parse_args(argv)
    require_sklearn()

    rows = read_rows(args.data)
    gold = [label_of(r) for r in rows]
    use_negatives = args.negatives_per_doc > 0 and args.negatives.is_dir()
    labels = sorted(set(gold) | ({NONE} if use_negatives else set()))
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[g] for g in gold])
    print(f"{args.data.name}: {len(rows)} rows, {len(labels)} labels: {dict(sorted(Counter(gold).items()))}")

    t0 = time.perf_counter()
    nlp = Parser(DEFAULT_MODEL).load().nlp
    docs = list(nlp.pipe((r["sentence"] for r in rows), batch_size=64))
    spans = [marked_spans(r) for r in rows]
    sents = [pick_sentence(d, s) for d, s in zip(docs, spans, strict=True)]
    triggers = (
        [marked_trigger(s, sp) for s, sp in zip(sents, spans, strict=True)]
        if args.trigger == "marked"
        else [None] * len(sents)
    )
    neg_sents = read_negatives(args.negatives, args.negatives_per_doc, nlp) if use_negatives else []
    print(f"parsed in {time.perf_counter() - t0:.1f}s; {len(neg_sents)} NONE examples from {args.negatives}")

    groups = [g for g in args.groups.split(",") if g]
    vectors = StaticVectors().load() if "vectors" in groups else None
    dense_parts = [x for x in args.dense_parts.split(",") if x]
    typer = EventTyper(groups=groups, vectors=vectors, scale=args.scale, dense_parts=dense_parts)
    t0 = time.perf_counter()
    pairs = [marked_pair(s, sp) for s, sp in zip(sents, spans, strict=True)]
    feats, twins = training_views(typer, sents, pairs, triggers)
    per = (time.perf_counter() - t0) / len(sents) * 1000
    neg_feats = [row_features(typer, s) for s in neg_sents]
    extra = (neg_feats, np.full(len(neg_feats), index[NONE])) if neg_feats else None
    print(f"features: {per:.3f} ms per sentence, {len({k for f in feats for k in f})} distinct")

    grid = [float(c) for c in args.C_grid.split(",")]
    if args.C is None:
        inner: dict[float, float] = {}
        for c in grid:
            sc = cross_val_scores(feats, y, len(labels), 5, args.seed + 1, c, args.prune, extra, twins)
            inner[c] = float((sc.argmax(axis=1) == y).mean())
        c_best = max(grid, key=lambda c: (round(inner[c], 4), -c))
        print("C by 5-fold CV (seed+1): " + ", ".join(f"C={c:g}: {a:.3f}" for c, a in inner.items()))
        print(f"chosen C={c_best:g}  (the {args.folds}-fold CV below reuses the same data: mildly optimistic)")
    else:
        c_best = args.C

    scores = cross_val_scores(feats, y, len(labels), args.folds, args.seed, c_best, args.prune, extra, twins)
    pred_idx = scores.argmax(axis=1)
    cv_acc = float((pred_idx == y).mean())
    temperature = fit_temperature(scores, y)
    probs = softmax(scores, temperature)
    nll1, ece1 = calibration(softmax(scores), y)
    nll, ece = calibration(probs, y)
    pred = [labels[i] for i in pred_idx]
    print(f"\n{args.folds}-fold stratified CV accuracy (classifier alone): {cv_acc:.3f}")
    print(
        f"calibration: log loss {nll1:.3f}, ECE {ece1:.3f} at T=1; log loss {nll:.3f}, ECE {ece:.3f} at T={temperature}"
    )
    print("\n".join(per_label_report(gold, pred, labels)))

    if args.ablate:
        print("\nleave-one-group-out CV accuracy:")
        for g in groups:
            sub = EventTyper(
                groups=[x for x in groups if x != g], vectors=vectors, scale=args.scale, dense_parts=dense_parts
            )
            fs, sub_twins = training_views(sub, sents, pairs, triggers)
            sub_extra = ([row_features(sub, s) for s in neg_sents], extra[1]) if extra else None
            sc = cross_val_scores(fs, y, len(labels), args.folds, args.seed, c_best, args.prune, sub_extra, sub_twins)
            print(f"  without {g:<14} {float((sc.argmax(axis=1) == y).mean()):.3f}")

    if args.report_combination:
        pattern = read_pattern_predictions(args.report_combination, gold)
        print(f"\ncombination with the pattern coder ({args.report_combination}), out-of-fold classifier:")
        print("\n".join(combination_report(gold, pattern, probs, labels)))

    if not args.no_write:
        from sklearn.feature_extraction import DictVectorizer

        vec = DictVectorizer(sort=True)
        all_feats = feats + (extra[0] if extra else []) + (twins or [])
        none = np.zeros(0, dtype=int)
        all_y = np.concatenate([y, extra[1] if extra else none, y if twins else none])
        x = vec.fit_transform(all_feats)
        model = fit(x, all_y, c_best)
        text = export(model, vec, labels, groups, temperature, c_best, args.prune, len(all_feats), cv_acc, typer)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        n_feats = len(json.loads(text)["weights"])
        # The runtime scorer on the written file must reproduce the (pruned, rounded) training scores.
        runtime = EventTyper(args.out, vectors=vectors).load()
        want = pruned_scores(model, x, args.prune, vec)
        got = np.array([runtime.scores(f, dense_of(f, typer)) for f in all_feats])
        drift = float(np.abs(got - want).max())
        if drift > 1e-3:
            sys.exit(f"runtime scores differ from the trained model's by {drift:.4f}")
        print(f"\nwrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {n_feats} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
