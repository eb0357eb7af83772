"""CAMEO event codes with names, QuadClass, Goldstein weights and their PLOVER view (data/ontology)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyad.datafiles import read_tsv
from dyad.errors import DictionaryError
from dyad.resources import data_path

SCHEMA = "dyad-cameo/1"
COLUMNS = ("code", "name", "goldstein", "goldstein_05b1", "quad_class", "plover", "plover_mode")


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    goldstein: float
    goldstein_05b1: float
    quad_class: int
    plover: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


def quad_class_of(code: str) -> int:
    """GDELT convention: roots 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


class Ontology:
    """The CAMEO table. ``Ontology().load()`` reads the bundled file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else data_path("ontology", "cameo.tsv")
        self._codes: dict[str, CodeInfo] = {}

    def load(self) -> Ontology:
        table = read_tsv(self.path, SCHEMA, COLUMNS)
        codes: dict[str, CodeInfo] = {}
        for row in table.rows:
            code = row.get("code")
            if not code.isdigit() or len(code) not in (2, 3, 4):
                raise DictionaryError(table.path, row.line, f"bad CAMEO code {code!r}")
            if code in codes:
                raise DictionaryError(table.path, row.line, f"duplicate CAMEO code {code}")
            try:
                info = CodeInfo(
                    code=code,
                    name=row.get("name"),
                    goldstein=float(row.get("goldstein") or 0.0),
                    goldstein_05b1=float(row.get("goldstein_05b1") or row.get("goldstein") or 0.0),
                    quad_class=int(row.get("quad_class")),
                    plover=row.get("plover") or None,
                    plover_mode=row.get("plover_mode") or None,
                )
            except ValueError as exc:
                raise DictionaryError(table.path, row.line, f"bad number ({exc})") from exc
            if info.quad_class != quad_class_of(code):
                raise DictionaryError(table.path, row.line, f"quad_class {info.quad_class} breaks the rule")
            codes[code] = info
        self._codes = codes
        return self

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def get(self, code: str) -> CodeInfo:
        """The entry for a code; unknown 4-digit codes fall back to their 3-digit parent."""
        info = self._codes.get(code)
        if info is None and len(code) == 4:
            info = self._codes.get(code[:3])
        if info is None:
            raise KeyError(f"unknown CAMEO code {code!r}")
        return info

    def codes(self) -> list[str]:
        return sorted(self._codes)
