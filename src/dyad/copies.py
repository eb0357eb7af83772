"""Wire copies: documents whose text is identical or nearly identical to an earlier one.

MinHash over word 5-shingles (128 permutations) with LSH banding (32 bands of 4 rows): two documents
whose estimated Jaccard similarity of shingles is at least :data:`COPY_THRESHOLD` are copies, the later
one a ``copy_of`` the earlier. dyad's own ~40 lines rather than ``datasketch``: the signature must be
identical across processes, Python versions and a Spark stage (fixed seeds, blake2b, numpy integer
arithmetic), and the store keeps the bands in a DuckDB table, so only the hashing was needed.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
COPY_THRESHOLD = 0.8
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_RNG = np.random.RandomState(20261129)
_A = _RNG.randint(1, 2**31 - 1, size=NUM_PERM).astype(np.uint64)
_B = _RNG.randint(0, 2**31 - 1, size=NUM_PERM).astype(np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The word k-shingles of a text (lower case; a text shorter than k words is one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def signature(text: str) -> list[int] | None:
    """The MinHash signature of a text (``NUM_PERM`` integers), or None for a text with no words."""
    grams = shingles(text)
    if not grams:
        return None
    hv = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in grams),
        dtype=np.uint64,
        count=len(grams),
    )
    sig = ((hv[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0)
    return [int(v) for v in sig]


def bands(sig: list[int]) -> list[int]:
    """LSH band hashes of a signature (signed 64-bit, one per band)."""
    rows = np.asarray(sig, dtype="<u8").reshape(BANDS, ROWS)
    return [
        int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little", signed=True) for row in rows
    ]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
