"""Cross-validated PLOVER root accuracy of the whole coder (patterns + learned typer) on a labelled TSV.

The typer is trained on PLV_train.tsv itself, so `dyad eval` on that file is optimistic. This script
trains the typer on k-1 folds (scripts/train_typer.py, scikit-learn needed) and runs the full dyad
pipeline on the held-out fold, for every fold, so each sentence is coded by a model that never saw it.

    .venv/bin/python scripts/cv_eval.py [--data ../shared/dev/PLV_train.tsv] [--folds 10]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
import tempfile
from pathlib import Path
from typing import Any

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
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "dev" / "PLV_train.tsv")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--C", type=float, default=16.0)
    args = ap.parse_args(argv)

    from sklearn.model_selection import StratifiedKFold

    from dyad.evaluate import evaluate_sentences
    from dyad.pipeline import Pipeline
    from dyad.settings import Settings

    train_typer = _train_module()
    with args.data.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    labels = [r["gold_root"].strip().upper() for r in rows]
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    correct = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, (train_idx, test_idx) in enumerate(folds.split(rows, labels)):
            train_tsv, test_tsv, model = Path(tmp, f"train{k}.tsv"), Path(tmp, f"test{k}.tsv"), Path(tmp, f"m{k}.json")
            for path, idx in ((train_tsv, train_idx), (test_tsv, test_idx)):
                with path.open("w", encoding="utf-8", newline="") as fh:
                    w = csv.DictWriter(fh, fieldnames=fields, delimiter="\t")
                    w.writeheader()
                    w.writerows(rows[i] for i in idx)
            train_typer.main(["--data", str(train_tsv), "--out", str(model), "--C", str(args.C), "--folds", "2"])
            pipeline = Pipeline(Settings(typer_model=str(model))).load()
            report = evaluate_sentences(test_tsv, pipeline, [], None)
            correct += report.correct
            total += report.total
            print(f"fold {k}: {report.correct}/{report.total} = {report.correct / report.total:.3f}", flush=True)
    print(f"cross-validated PLOVER root accuracy (patterns + typer): {correct / total:.3f} ({correct}/{total})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
