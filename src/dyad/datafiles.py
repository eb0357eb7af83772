"""Reading dyad's versioned data files (TSV with a header block, YAML with header keys).

Every data file names its schema, version, source and licence (see docs/data-formats.md). The readers
here check the header and the columns and report problems as ``DictionaryError(path, line, reason)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import DictionaryError

REQUIRED_HEADER = ("schema", "version", "source", "licence")


@dataclass(frozen=True)
class Row:
    """One data row: its values by column name and the line it came from."""

    values: dict[str, str]
    line: int
    path: str

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default) or default

    def list(self, key: str) -> list[str]:
        raw = self.values.get(key, "") or ""
        return [part.strip() for part in raw.split("|") if part.strip()]

    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class TsvFile:
    path: str
    header: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_tsv(path: str | Path, schema: str, columns: tuple[str, ...], *, strict: bool = True) -> TsvFile:
    """Read a dyad TSV data file and check its header and columns.

    ``columns`` are the required columns; extra columns are allowed. With ``strict`` a row with the
    wrong number of fields raises, else it is skipped.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(str(p), None, f"cannot read data file ({exc})") from exc
    header: dict[str, str] = {}
    cols: tuple[str, ...] | None = None
    rows: list[Row] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if cols is None and ":" in line:
                key, _, value = line[1:].partition(":")
                key = key.strip().lower()
                if key in REQUIRED_HEADER and key not in header:
                    header[key] = value.strip()
            continue
        fields = line.split("\t")
        if cols is None:
            cols = tuple(f.strip() for f in fields)
            missing_header = [k for k in REQUIRED_HEADER if k not in header]
            if missing_header:
                raise DictionaryError(str(p), lineno, f"header lacks {', '.join(missing_header)}")
            if header["schema"] != schema:
                raise DictionaryError(str(p), 1, f"schema is {header['schema']!r}, expected {schema!r}")
            missing = [c for c in columns if c not in cols]
            if missing:
                raise DictionaryError(str(p), lineno, f"missing columns: {', '.join(missing)}")
            continue
        if len(fields) != len(cols):
            if strict:
                raise DictionaryError(str(p), lineno, f"{len(fields)} fields, expected {len(cols)} ({', '.join(cols)})")
            continue
        rows.append(Row(dict(zip(cols, (f.strip() for f in fields), strict=True)), lineno, str(p)))
    if cols is None:
        raise DictionaryError(str(p), None, "no column header line")
    return TsvFile(str(p), header, cols, tuple(rows))


#: libyaml's safe loader when PyYAML has it (10x faster: the pattern files load in every worker process)
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path, schema: str) -> dict[str, Any]:
    """Read a YAML data file whose top-level mapping carries the header keys."""
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(str(p), None, f"cannot read data file ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(str(p), line, f"invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DictionaryError(str(p), 1, "top level must be a mapping with schema/version/source/licence")
    missing = [k for k in REQUIRED_HEADER if k not in data]
    if missing:
        raise DictionaryError(str(p), 1, f"header lacks {', '.join(missing)}")
    if data["schema"] != schema:
        raise DictionaryError(str(p), 1, f"schema is {data['schema']!r}, expected {schema!r}")
    return data


def yaml_item_lines(path: str | Path, key: str = "id") -> dict[str, int]:
    """Line numbers of ``- id: X`` items in a YAML file, for messages that point at a pattern."""
    lines: dict[str, int] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(f"- {key}:"):
            value = stripped.split(":", 1)[1].strip().strip("'\"")
            lines.setdefault(value, lineno)
    return lines


def iter_dates_ok(values: list[str]) -> Iterator[str]:
    """Yield the values that are not valid ISO dates (YYYY, YYYY-MM or YYYY-MM-DD)."""
    for v in values:
        if v and parse_iso_date(v) is None:
            yield v


def parse_iso_date(value: str) -> str | None:
    """Normalise 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' to 'YYYY-MM-DD' (first day), or None if invalid."""
    from datetime import date

    parts = value.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 1, 1).isoformat()
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1).isoformat()
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None
    return None
