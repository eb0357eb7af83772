"""Cross-validated PLOVER root accuracy of the whole coder (patterns + learned typer) on a labelled TSV.

The typer is trained on PLV_train.tsv itself, so `dyad eval` on that file is optimistic. This script
trains the typer on k-1 folds (with scripts/train_typer.py's own functions, scikit-learn needed, and the
same NONE examples) and runs the full dyad pipeline on the held-out fold, for every fold, so each sentence
is coded by a model that never saw it. Sentences and NONE examples are parsed once; the pipeline is
loaded once and gets each fold's typer.

    .venv/bin/python scripts/cv_eval.py [--data ../shared/dev/PLV_train.tsv] [--folds 10] [--errors FILE]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _train_module() -> Any:
    spec = importlib.util.spec_from_file_location("train_typer", ROOT / "scripts" / "train_typer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_typer"] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "dev" / "PLV_train.tsv",
        help="labelled TSV (sentence, gold_root, source, target, marked_sentence)",
    )
    ap.add_argument("--folds", type=int, default=10, help="number of stratified folds")
    ap.add_argument("--seed", type=int, default=0, help="fold shuffling seed")
    ap.add_argument("--C", type=float, default=16.0, help="inverse L2 strength of the typer")
    ap.add_argument("--prune", type=float, default=0.05, help="drop weights with |w| below this")
    ap.add_argument("--negatives-per-doc", type=int, default=1, help="NONE examples per article (0: none)")
    ap.add_argument("--errors", type=Path, help="write every out-of-fold error (JSON lines) here")
    ap.add_argument("--groups", default=None, help="typer feature groups (default: those of the shipped weights)")
    ap.add_argument("--scale", type=float, default=None, help="dense word-vector block length (default: shipped)")
    ap.add_argument("--dense-parts", default=None, help="dense word-vector blocks (default: the shipped weights')")
    ap.add_argument("--temperature", type=float, default=None, help="softmax temperature (default: the shipped one)")
    ap.add_argument("--max-none", type=float, default=None, help="override TyperRules.max_none")
    ap.add_argument("--min-fill", type=float, default=None, help="override TyperRules.min_fill")
    ap.add_argument("--override", type=float, default=None, help="override TyperRules.override ('inf': off)")
    ap.add_argument("--veto", type=float, default=None, help="override TyperRules.veto")
    ap.add_argument("--min-veto", type=float, default=None, help="override TyperRules.min_veto")
    ap.add_argument("--retype-max-none", type=float, default=None, help="override TyperRules.retype_max_none")
    args = ap.parse_args(argv)

    from dataclasses import replace

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.model_selection import StratifiedKFold

    from dyad.evaluate import evaluate_sentences
    from dyad.pipeline import Pipeline
    from dyad.typer import EventTyper
    from dyad.vectors import StaticVectors

    tt = _train_module()
    with args.data.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    gold = [tt.label_of(r) for r in rows]
    use_neg = args.negatives_per_doc > 0 and tt.DEFAULT_NEGATIVES.is_dir()
    labels = sorted(set(gold) | ({tt.NONE} if use_neg else set()))
    y = np.array([labels.index(g) for g in gold])

    pipeline = Pipeline().load()
    nlp = pipeline.parser.nlp
    loaded = pipeline.coder.typer
    vectors = loaded.vectors if loaded is not None and loaded.vectors is not None else StaticVectors()
    shipped = EventTyper(vectors=vectors).load()
    groups = args.groups.split(",") if args.groups else shipped.groups
    scale = args.scale if args.scale is not None else shipped.scale
    dense_parts = args.dense_parts.split(",") if args.dense_parts else shipped.dense_parts
    typer = EventTyper(
        groups=groups, vectors=vectors if "vectors" in groups else None, scale=scale, dense_parts=dense_parts
    )
    temperature = args.temperature if args.temperature is not None else shipped.temperature
    rules = pipeline.coder.typer_rules
    for name in ("max_none", "min_fill", "override", "veto", "min_veto", "retype_max_none"):
        if getattr(args, name) is not None:
            rules = replace(rules, **{name: getattr(args, name)})
    pipeline.coder.typer_rules = rules
    print(
        f"typer groups {sorted(typer.groups)}, dense {typer.dense_parts}, temperature {temperature}, {rules}",
        flush=True,
    )
    docs = list(nlp.pipe((r["sentence"] for r in rows), batch_size=64))
    sents = [tt.pick_sentence(d, tt.marked_spans(r)) for d, r in zip(docs, rows, strict=True)]
    pairs = [tt.marked_pair(s, tt.marked_spans(r)) for s, r in zip(sents, rows, strict=True)]
    feats, twins = tt.training_views(typer, sents, pairs, [None] * len(sents))
    neg_sents = tt.read_negatives(tt.DEFAULT_NEGATIVES, args.negatives_per_doc, nlp) if use_neg else []
    neg = [tt.row_features(typer, s) for s in neg_sents]
    y_neg = np.full(len(neg), labels.index(tt.NONE)) if neg else np.zeros(0, dtype=int)

    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    correct = total = no_event = 0
    errors: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (train_idx, test_idx) in enumerate(folds.split(np.zeros(len(y)), y)):
            vec = DictVectorizer(sort=True)
            train_feats = [feats[i] for i in train_idx] + neg + ([twins[i] for i in train_idx] if twins else [])
            train_y = [y[train_idx], y_neg] + ([y[train_idx]] if twins else [])
            x = vec.fit_transform(train_feats)
            model = tt.fit(x, np.concatenate(train_y), args.C)
            path = Path(tmp, f"m{k}.json")
            path.write_text(
                tt.export(
                    model, vec, labels, sorted(typer.groups), temperature, args.C, args.prune, x.shape[0], 0.0, typer
                ),
                encoding="utf-8",
            )
            pipeline.coder.typer = EventTyper(path, vectors=vectors).load()
            test_tsv = Path(tmp, f"test{k}.tsv")
            with test_tsv.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=fields, delimiter="\t")
                w.writeheader()
                w.writerows(rows[i] for i in test_idx)
            fold_errors: list[dict[str, Any]] = []
            report = evaluate_sentences(test_tsv, pipeline, fold_errors, None)
            errors.extend(fold_errors)
            correct += report.correct
            total += report.total
            no_event += report.no_event
            print(f"fold {k}: {report.correct}/{report.total} = {report.correct / report.total:.3f}", flush=True)
    print(
        f"cross-validated PLOVER root accuracy (patterns + typer): {correct / total:.3f} ({correct}/{total}); "
        f"no event: {no_event}"
    )
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
