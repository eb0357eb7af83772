"""Ingest: read input files, folders and stdin into :class:`~dyad.models.RawDocument` records.

This stage knows input formats and nothing else. It never raises for a bad input: every input that
cannot be read becomes a :class:`~dyad.models.Failure` (stage ``"ingest"``) with a message a user can
act on, and reading goes on with the next input.

Formats
    text   one document per file (``.txt``, ``.text``, no extension)
    html   one document per file (``.html``, ``.htm``, ``.xhtml``), ``kind="html"``
    jsonl  one object per line (``.jsonl``, ``.ndjson``, ``.json`` with one object per line):
           ``{"id", "text" or "html", "published"?, "title"?, "url"?, "source"?}``; streamed
    csv    a header row naming the same fields (``.csv``, ``.tsv``); streamed
    json   (``.json`` only) one object or an array of such objects in one JSON document

Text, HTML and whole-JSON files are refused when larger than ``max_bytes``; JSONL and CSV files are
streamed record by record and the limit applies to each record.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, Literal

from dyad.errors import ConfigError
from dyad.models import Failure, InputKind, RawDocument, content_hash

__all__ = ["INPUT_FORMATS", "IngestOptions", "InputFormat", "iter_documents"]

InputFormat = Literal["auto", "text", "html", "jsonl", "csv"]
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl", "csv")

STAGE = "ingest"
STDIN_ORIGIN = "<stdin>"
_READS = "dyad reads text, HTML, JSONL or CSV"
_RAISE_LIMIT = "raise it with --max-bytes or DYAD_MAX_BYTES"
_FIELDS = "id, text (or html), published, title, url, source"

_HEAD_BYTES = 8192  # how much of a file is read to detect its format, encoding and binary content
_SNIFF_CHARS = 1024
_CHUNK = 1 << 20
_DETECT_BYTES = 512 * 1024  # how much charset-normalizer looks at
_WESTERN_MAX_HIGH_SHARE = 0.3  # share of non-ASCII bytes among letters below which text is "Western"
_CONTROL_MAX_SHARE = 0.05

_TEXT_EXT = frozenset({".txt", ".text"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_JSONL_EXT = frozenset({".jsonl", ".ndjson"})
_CSV_EXT = frozenset({".csv", ".tsv", ".tab"})
_TAB_EXT = frozenset({".tsv", ".tab"})
_SKIPPED_SUFFIXES = ("~", ".gold.json", ".md", ".pyc")

# Known binary formats, by their first bytes: (magic, description, hint).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image data", ""),
    (b"%PDF-", "a PDF document", "; convert it to text first"),
    (b"PK\x03\x04", "a ZIP archive, or a .docx/.xlsx/.odt document", "; extract or convert it first"),
    (b"PK\x05\x06", "an empty ZIP archive", ""),
    (b"\x1f\x8b", "gzip-compressed data", "; decompress it first"),
    (b"BZh91AY&SY", "bzip2-compressed data", "; decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "; decompress it first"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data", "; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive", "; extract it first"),
    (b"\xff\xd8\xff", "JPEG image data", ""),
    (b"GIF87a", "GIF image data", ""),
    (b"GIF89a", "GIF image data", ""),
    (b"II*\x00", "TIFF image data", ""),
    (b"MM\x00*", "TIFF image data", ""),
    (b"\x7fELF", "an ELF executable", ""),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document (.doc/.xls)",
        "; convert it first",
    ),
    (b"SQLite format 3\x00", "an SQLite database", ""),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 11, 12, 13, 27})) + b"\x7f"
_ASCII_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_BYTES = bytes(range(128))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_LATIN1_NAMES = frozenset({"iso8859-1", "ascii"})  # browsers decode these as cp1252 (WHATWG)
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that did not decode (surrogateescape)
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates, e.g. from a JSON "\ud800" escape

Item = RawDocument | Failure


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs.

    ``format`` forces an input format ("auto" detects it per file); ``published`` is a date applied
    to documents that carry none; ``max_bytes`` refuses a single document larger than this (JSONL and
    CSV files are streamed, and the limit applies to each record); ``encoding`` forces a text encoding.
    """

    format: InputFormat = "auto"
    published: str | None = None
    max_bytes: int = 20_000_000
    encoding: str | None = None

    def __post_init__(self) -> None:
        if self.format not in INPUT_FORMATS:
            raise ConfigError(f"unknown input format {self.format!r}; use one of {', '.join(INPUT_FORMATS)}")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise ConfigError(f"max_bytes must be a positive whole number of bytes, not {self.max_bytes!r}")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError(
                    f"unknown text encoding {self.encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1"
                ) from None


def iter_documents(
    inputs: Sequence[str],
    options: IngestOptions = IngestOptions(),
    stdin: IO[bytes] | None = None,
) -> Iterator[RawDocument | Failure]:
    """Read every input (file, folder or ``-`` for stdin) and yield its documents or failures.

    Folders are walked recursively in a stable order (sorted by relative path), skipping hidden
    files and folders, README files and files ending in ``~``, ``.gold.json``, ``.md`` or ``.pyc``.
    ``stdin`` defaults to ``sys.stdin.buffer``.
    """
    if isinstance(inputs, str | bytes):
        raise TypeError("inputs must be a sequence of paths, not a single string")
    for name in inputs:
        if name == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            yield from _read_path(name, options)


# ---------------------------------------------------------------------------------------------------
# Paths and folders


class _Refused(Exception):
    """Internal: this input (or record) cannot be used, for ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _fail(origin: str, reason: str, doc_id: str | None = None) -> Failure:
    return Failure(origin, reason, stage=STAGE, doc_id=doc_id)


def _os_reason(exc: OSError, path: str) -> str:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        if os.path.islink(path):
            return "no such file or directory (broken symbolic link)"
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied; check the file's permissions"
    return f"cannot read ({exc.strerror or exc})"


def _skipped(name: str) -> bool:
    """Whether a folder walk skips a file with this name."""
    return name.startswith(".") or name.endswith(_SKIPPED_SUFFIXES) or name.lower().startswith("readme")


def skipped_name(name: str) -> bool:
    """True for a file name that a folder run skips (README files, backups, gold files, ...)."""
    return _skipped(name)


def iter_bytes(data: bytes, origin: str, options: IngestOptions = IngestOptions()) -> Iterator[RawDocument | Failure]:
    """The documents in one file's bytes, read exactly as a local file named ``origin`` would be
    (format from its name and content, encoding detection, limits). Used by engines that read files
    themselves, such as the Spark job."""
    name = origin.rstrip("/").rsplit("/", 1)[-1]
    yield from _read_stream(io.BytesIO(data), origin, name, len(data), options)


def iter_records(
    records: Iterable[Mapping[str, Any]], origin: str, options: IngestOptions = IngestOptions()
) -> Iterator[RawDocument | Failure]:
    """Documents from records already read as mappings (Parquet rows, ...): fields as for JSONL."""
    for index, record in enumerate(records):
        where = f"{origin}[{index}]"
        yield _record(dict(record), where, f"record {index}", options, "utf-8")


def _read_path(path: str, options: IngestOptions) -> Iterator[Item]:
    try:
        info = os.stat(path)
    except OSError as exc:
        yield _fail(path, _os_reason(exc, path))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, options)
    else:
        yield from _read_file(path, info, options)


def _walk(root: str, options: IngestOptions) -> Iterator[Item]:
    """Every file under ``root``, sorted by relative path; unreadable folders become failures."""
    found: list[tuple[tuple[str, ...], str, str | None]] = []  # (relative parts, path, error)
    seen: set[tuple[int, int]] = set()  # folders already walked (symbolic link loops)
    pending: list[tuple[tuple[str, ...], str]] = [((), root)]
    while pending:
        parts, folder = pending.pop()
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in seen:
                continue
            seen.add(key)
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as exc:
            found.append((parts, folder, f"{_os_reason(exc, folder)} (cannot list this folder)"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                pending.append(((*parts, entry.name), entry.path))
            elif not _skipped(entry.name):
                found.append(((*parts, entry.name), entry.path, None))
    if not found:
        yield _fail(
            root,
            "no input files in this folder (hidden files, README files and files ending in "
            + ", ".join(_SKIPPED_SUFFIXES)
            + " are skipped)",
        )
        return
    found.sort(key=lambda item: item[0])
    for _parts, path, error in found:
        if error is not None:
            yield _fail(path, error)
            continue
        try:
            info = os.stat(path)
        except OSError as exc:
            yield _fail(path, _os_reason(exc, path))
            continue
        if not stat.S_ISREG(info.st_mode):
            yield _fail(path, "not a regular file (a FIFO, socket or device); skipped")
            continue
        yield from _read_file(path, info, options)


def _read_file(path: str, info: os.stat_result, options: IngestOptions) -> Iterator[Item]:
    size = info.st_size if stat.S_ISREG(info.st_mode) else None
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, the generator may be suspended
    except OSError as exc:
        yield _fail(path, _os_reason(exc, path))
        return
    try:
        yield from _read_stream(handle, path, os.path.basename(path), size, options)
    except OSError as exc:
        yield _fail(path, _os_reason(exc, path))
    finally:
        handle.close()


def _read_stdin(stream: IO[bytes], options: IngestOptions) -> Iterator[Item]:
    try:
        yield from _read_stream(stream, STDIN_ORIGIN, None, None, options)
    except OSError as exc:
        yield _fail(STDIN_ORIGIN, f"cannot read ({exc.strerror or exc})")


# ---------------------------------------------------------------------------------------------------
# One stream: detect the format, refuse binary data, dispatch


class _Prefixed(io.RawIOBase):
    """A raw stream that replays ``head`` (already read to sniff) before the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view)) or b""
        view[: len(data)] = data
        return len(data)


def _read_up_to(stream: IO[bytes], limit: int) -> bytes:
    """Read until ``limit`` bytes or the end (pipes return short reads)."""
    chunks: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(limit - got, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_stream(
    raw: IO[bytes], origin: str, name: str | None, size: int | None, options: IngestOptions
) -> Iterator[Item]:
    head = _read_up_to(raw, _HEAD_BYTES)
    stream = io.BufferedReader(_Prefixed(head, raw), buffer_size=1 << 16)
    is_stdin = name is None
    if not head:
        yield _fail(origin, "empty input" if is_stdin else "empty file")
        return
    binary = _binary_reason(head)
    if binary is not None:
        yield _fail(origin, binary)
        return
    if options.format != "auto":
        fmt: str = options.format
    elif name is None:
        fmt = _sniff_stdin(head)
    else:
        fmt = _detect(name, head)
        ext = os.path.splitext(name)[1].lower()
        if ext not in _JSONL_EXT | _CSV_EXT and ext != ".json" and _head_text(head).startswith("{\\rtf"):
            yield _fail(origin, f"an RTF document; {_READS}: save it as plain text first")
            return
    if fmt == "jsonl":
        yield from _iter_jsonl(stream, head, origin, options)
    elif fmt == "csv":
        yield from _iter_csv(stream, head, origin, name or "", options)
    else:
        yield from _read_whole(stream, origin, fmt, size, options, is_stdin)


def _binary_reason(head: bytes) -> str | None:
    for magic, what, hint in _MAGIC:
        if head.startswith(magic):
            return f"binary file (looks like {what}); {_READS}{hint}"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return f"binary file (looks like WebP image data); {_READS}"
    if _bom_codec(head) in ("utf-16", "utf-32") or _utf16_guess(head) is not None:
        return None
    if b"\x00" in head:
        return f"binary file (contains NUL bytes); {_READS}"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_MAX_SHARE * len(head):
        return f"binary file (mostly control characters); {_READS}"
    return None


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: mostly-ASCII text has a NUL in every other byte."""
    n = min(len(data), _HEAD_BYTES) // 2
    if n < 2:
        return None
    sample = data[: 2 * n]
    even = sample[0::2].count(0) / n
    odd = sample[1::2].count(0) / n
    if odd > 0.4 and even < 0.05:
        codec = "utf-16-le"
    elif even > 0.4 and odd < 0.05:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    return codec if controls <= _CONTROL_MAX_SHARE * max(len(text), 1) else None


def _head_text(head: bytes) -> str:
    """The start of a stream as text, for sniffing only (lossy), without BOM and leading space."""
    codec = _bom_codec(head) or _utf16_guess(head) or "utf-8"
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head[:_HEAD_BYTES], final=False)
    return text.lstrip("\ufeff \t\r\n\f\v")


def _looks_html(text: str) -> bool:
    start = text[:_SNIFF_CHARS].lower()
    return start.startswith(("<!doctype", "<html")) or (start.startswith("<") and "<html" in start)


def _detect(name: str, head: bytes) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext in _TEXT_EXT:
        return "text"
    if ext in _HTML_EXT:
        return "html"
    if ext in _JSONL_EXT:
        return "jsonl"
    if ext in _CSV_EXT:
        return "csv"
    text = _head_text(head)
    if ext == ".json":
        return _json_flavour(text)
    if _looks_html(text):
        return "html"
    if ext and text.startswith("{"):
        return "jsonl"
    return "text"


def _json_flavour(text: str) -> str:
    """``.json``: JSON Lines when the first line is an object by itself, else one JSON document."""
    if not text.startswith("{"):
        return "json"
    first, newline, _rest = text.partition("\n")
    if not newline:
        return "jsonl"  # a first line longer than the sniffed head: one object per line is likely
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else "json"
    except (ValueError, RecursionError):
        return "json"


def _sniff_stdin(head: bytes) -> str:
    text = _head_text(head)
    if _looks_html(text):
        return "html"
    if text.startswith("{") or not text:
        return "jsonl"
    return "text"


# ---------------------------------------------------------------------------------------------------
# Whole documents: text, HTML, one JSON document


def _too_large(origin: str, size: int | None, limit: int) -> Failure:
    what = f"file is {size:,} bytes" if size is not None else "input is"
    return _fail(origin, f"{what} larger than the limit of {limit:,} bytes for one document; {_RAISE_LIMIT}")


def _read_whole(
    stream: IO[bytes], origin: str, fmt: str, size: int | None, options: IngestOptions, is_stdin: bool
) -> Iterator[Item]:
    limit = options.max_bytes
    if size is not None and size > limit:
        yield _too_large(origin, size, limit)
        return
    data = _read_up_to(stream, limit + 1)
    if len(data) > limit:
        yield _too_large(origin, None, limit)
        return
    try:
        text, encoding = _decode(data, options.encoding, html=fmt == "html")
    except _Refused as refused:
        yield _fail(origin, refused.reason)
        return
    if not text.strip():
        empty = "empty input" if is_stdin else "empty file"
        yield _fail(origin, f"{empty} (only whitespace)" if text else empty)
        return
    if fmt == "json":
        yield from _iter_json_document(text, origin, options, encoding)
        return
    kind: InputKind = "html" if fmt == "html" else "text"
    yield RawDocument(
        id="doc-" + content_hash(text),
        origin=origin,
        text=text,
        kind=kind,
        published=options.published,
        encoding=encoding,
    )


def _decode(data: bytes, forced: str | None, html: bool) -> tuple[str, str]:
    """Decode a whole document; returns (text, codec name). Raises _Refused."""
    if forced is not None:
        codec = codecs.lookup(forced).name
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise _Refused(
                f"cannot decode as {forced} (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
                "check the --encoding setting"
            ) from None
    bom = _bom_codec(data)
    if bom is not None:
        return data.decode(bom, errors="replace"), bom
    utf16 = _utf16_guess(data)  # before UTF-8: ASCII in UTF-16 is valid (NUL-riddled) UTF-8
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass
    return _decode_legacy(data)


def _declared_charset(data: bytes) -> str | None:
    """The codec an HTML document declares in a <meta> tag, if Python knows it (and not UTF-8)."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if codec in _LATIN1_NAMES:
        return "cp1252"
    return None if codec.startswith("utf-") else codec


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Text that is not UTF-8: cp1252 for Western text, else what charset-normalizer finds.

    Western European text in a single-byte encoding has few non-ASCII letters, and charset
    detection is unreliable on it (short English text with curly quotes is often "detected" as
    Cyrillic), so it is decoded as cp1252, the superset of Latin-1 used on Windows. Text that is
    mostly non-ASCII (Cyrillic, Greek, CJK, ...) is left to charset-normalizer.
    """
    high = len(data.translate(None, _ASCII_BYTES))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    if high <= _WESTERN_MAX_HIGH_SHARE * (high + letters):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    detected = _detect_charset(data)
    if detected is not None:
        try:
            return data.decode(detected), detected
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "iso8859-1"


def _detect_charset(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[:_DETECT_BYTES]).best()
        return codecs.lookup(best.encoding).name if best is not None else None
    except Exception:  # a heuristic third-party detector: any failure means "no guess"
        return None


def _iter_json_document(text: str, origin: str, options: IngestOptions, encoding: str) -> Iterator[Item]:
    """A ``.json`` file holding one object or an array of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _fail(
            origin,
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); dyad reads a JSON "
            "object, an array of objects, or JSON Lines (one object per line)",
        )
        return
    except RecursionError:
        yield _fail(origin, "not usable JSON (nested too deeply)")
        return
    if isinstance(value, dict):
        yield _record(value, origin, "the JSON object", options, encoding)
    elif isinstance(value, list):
        if not value:
            yield _fail(origin, "empty file (an empty JSON array)")
        for index, item in enumerate(value):
            yield _record(item, f"{origin}[{index}]", f"item {index}", options, encoding)
    else:
        yield _fail(origin, f"the file holds {_json_type(value)}; dyad reads an object or an array of objects")


# ---------------------------------------------------------------------------------------------------
# Records: JSONL lines, CSV rows, JSON objects


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _fold_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """Field names compared case-insensitively; an exact lower-case name wins over other spellings."""
    folded: dict[str, Any] = {}
    for key, value in record.items():
        name = str(key).strip().lstrip("\ufeff").lower()
        if name not in folded or key == name:
            folded[name] = value
    return folded


def _clean(value: str) -> str:
    """Replace lone surrogates (from a JSON escape like "\\ud800") so the text can be written out."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def _optional(fields: Mapping[str, Any], name: str, where: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _Refused(f'{where}: "{name}" must be a string, not {_json_type(value)}')
    value = _clean(value.strip())
    return value or None


def _record(value: object, origin: str, where: str, options: IngestOptions, encoding: str) -> Item:
    """One record (a JSON object or a CSV row) as a RawDocument, or a Failure naming the field."""
    if not isinstance(value, dict):
        return _fail(
            origin,
            f"{where} is {_json_type(value)}, not an object; each record must be an object such as "
            '{"id": "a1", "text": "..."}',
        )
    fields = _fold_keys(value)
    doc_id: str | None = None
    raw_id = fields.get("id")
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
            return _fail(origin, f'{where}: "id" must be a string or an integer, not {_json_type(raw_id)}')
        doc_id = _clean(str(raw_id).strip()) or None
    text = fields.get("text")
    html = fields.get("html")
    for name, given in (("text", text), ("html", html)):
        if given is not None and not isinstance(given, str):
            return _fail(origin, f'{where}: "{name}" must be a string, not {_json_type(given)}', doc_id)
    kind: InputKind
    if text is None and html is None:
        present = ", ".join(sorted(name for name, v in fields.items() if v is not None)) or "none"
        return _fail(origin, f'{where} has no "text" or "html" field (fields given: {present})', doc_id)
    if isinstance(text, str) and text.strip():
        content, kind = text, "text"
    elif isinstance(html, str) and html.strip():
        content, kind = html, "html"
    else:
        empty = "text" if text is not None else "html"
        return _fail(origin, f'{where}: "{empty}" is empty', doc_id)
    content = _clean(content)
    limit = options.max_bytes
    if len(content) > limit // 4 and len(content.encode("utf-8")) > limit:
        return _fail(
            origin,
            f'{where}: "{kind}" is {len(content.encode("utf-8")):,} bytes, larger than the limit of '
            f"{limit:,} bytes for one document; {_RAISE_LIMIT}",
            doc_id,
        )
    try:
        published = _optional(fields, "published", where)
        title = _optional(fields, "title", where)
        url = _optional(fields, "url", where)
        source = _optional(fields, "source", where)
    except _Refused as refused:
        return _fail(origin, refused.reason, doc_id)
    return RawDocument(
        id=doc_id if doc_id is not None else "doc-" + content_hash(content),
        origin=origin,
        text=content,
        kind=kind,
        published=published if published is not None else options.published,
        title=title,
        url=url,
        source=source,
        encoding=encoding,
        id_given=doc_id is not None,
    )


# ---------------------------------------------------------------------------------------------------
# Streams of records: JSONL and CSV, read line by line


def _stream_codec(head: bytes, forced: str | None) -> tuple[str, str, bool]:
    """(codec to read with, codec to record, whether undecodable UTF-8 falls back to cp1252)."""
    if forced is not None:
        codec = codecs.lookup(forced).name
        return ("utf-8-sig" if codec == "utf-8" else codec), codec, False
    bom = _bom_codec(head)
    if bom is not None:
        return bom, ("utf-8" if bom == "utf-8-sig" else bom), bom == "utf-8-sig"
    utf16 = _utf16_guess(head)
    if utf16 is not None:
        return utf16, utf16, False
    return "utf-8-sig", "utf-8", True


def _redecode(value: str, fallback: bool, label: str) -> tuple[str, str] | None:
    """Text with undecoded bytes (surrogateescape): cp1252 when allowed, else None."""
    if not _ESCAPED.search(value):
        return value, label
    if not fallback:
        return None
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "iso8859-1"


def _text_stream(stream: IO[bytes], codec: str) -> io.TextIOWrapper:
    # surrogateescape: undecodable bytes survive, so a record can be re-decoded (or refused) alone
    return io.TextIOWrapper(stream, encoding=codec, errors="surrogateescape", newline="")


def _lines(text: IO[str], limit: int) -> Iterator[tuple[int, str | None, int]]:
    """(line number, line or None when longer than ``limit``, its length) without unbounded reads."""
    number = 0
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(("\n", "\r")):
            length = len(line)
            while line and not line.endswith(("\n", "\r")):
                line = text.readline(_CHUNK)
                length += len(line)
            yield number, None, length
        else:
            yield number, line, len(line)


def _iter_jsonl(stream: IO[bytes], head: bytes, origin: str, options: IngestOptions) -> Iterator[Item]:
    codec, label, fallback = _stream_codec(head, options.encoding)
    text = _text_stream(stream, codec)
    limit = options.max_bytes
    emitted = False
    try:
        for number, line, length in _lines(text, limit):
            where = f"{origin}:{number}"
            if line is None:
                emitted = True
                yield _fail(
                    where,
                    f"line {number} is about {length:,} bytes, larger than the limit of {limit:,} bytes "
                    f"for one document; {_RAISE_LIMIT}",
                )
                continue
            if not line.strip():
                continue
            emitted = True
            decoded = _redecode(line.rstrip("\r\n"), fallback, label)
            if decoded is None:
                yield _fail(where, f"line {number} cannot be decoded as {label}; check the --encoding setting")
                continue
            body, encoding = decoded
            try:
                value = json.loads(body)
            except json.JSONDecodeError as exc:
                yield _fail(where, f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                yield _fail(where, f"line {number} is not usable JSON (nested too deeply)")
                continue
            yield _record(value, where, f"line {number}", options, encoding)
    finally:
        text.detach()
    if not emitted:
        yield _fail(origin, "empty file (no records)" if origin != STDIN_ORIGIN else "empty input (no records)")


class _LineTooLong(Exception):
    def __init__(self, number: int, length: int) -> None:
        super().__init__(number, length)
        self.number = number
        self.length = length


def _bounded(text: IO[str], limit: int) -> Iterator[str]:
    for number, line, length in _lines(text, limit):
        if line is None:
            raise _LineTooLong(number, length)
        yield line


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """csv's field size limit is process-wide: set it only while reading one row, then restore it."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_delimiter(name: str, head: bytes) -> str:
    """The delimiter whose split of the header row names a "text" or "html" column."""
    default = "\t" if os.path.splitext(name)[1].lower() in _TAB_EXT else ","
    first = next((line for line in _head_text(head).splitlines() if line.strip()), "")
    for delimiter in dict.fromkeys((default, ",", "\t", ";", "|")):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        names = {cell.strip().lower() for cell in cells}
        if "text" in names or "html" in names:
            return delimiter
    return default


def _iter_csv(stream: IO[bytes], head: bytes, origin: str, name: str, options: IngestOptions) -> Iterator[Item]:
    codec, label, fallback = _stream_codec(head, options.encoding)
    text = _text_stream(stream, codec)
    limit = options.max_bytes
    field_limit = min(limit + 1, 2**31 - 1)
    reader = csv.reader(_bounded(text, limit), delimiter=_csv_delimiter(name, head))
    header: list[str] | None = None
    records = 0
    try:
        while True:
            start = reader.line_num + 1
            where = f"{origin}:{start}"
            try:
                with _csv_field_limit(field_limit):
                    row = next(reader, None)
            except _LineTooLong as exc:
                yield _fail(
                    f"{origin}:{exc.number}",
                    f"line {exc.number} is about {exc.length:,} bytes, larger than the limit of {limit:,} "
                    f"bytes for one document; {_RAISE_LIMIT}; stopped reading this file",
                )
                return
            except csv.Error as exc:
                reason = str(exc)
                if "field larger than field limit" in reason:
                    reason = f"a field is larger than the limit of {limit:,} bytes; {_RAISE_LIMIT}"
                yield _fail(where, f"row {start} is not valid CSV ({reason}); stopped reading this file")
                return
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            fixed = [_redecode(cell, fallback, label) for cell in row]
            if any(cell is None for cell in fixed):
                records += 1
                yield _fail(where, f"row {start} cannot be decoded as {label}; check the --encoding setting")
                continue
            cells = [cell[0] for cell in fixed if cell is not None]
            encoding = next((cell[1] for cell in fixed if cell is not None and cell[1] != label), label)
            if header is None:
                header = [cell.strip().lstrip("\ufeff").lower() for cell in cells]
                if "text" not in header and "html" not in header:
                    columns = ", ".join(cell for cell in header if cell) or "none"
                    yield _fail(
                        origin,
                        f'the header row has no "text" or "html" column (columns: {columns}); dyad reads '
                        f"CSV files whose first row names the columns: {_FIELDS}",
                    )
                    return
                continue
            records += 1
            extra = cells[len(header) :]
            if any(cell.strip() for cell in extra):
                yield _fail(
                    where,
                    f"row {start} has {len(cells)} fields but the header has {len(header)} "
                    "(is a field containing the delimiter not quoted?)",
                )
                continue
            fields: dict[str, Any] = {}
            for index, column in enumerate(header):
                if column and column not in fields:
                    fields[column] = cells[index] if index < len(cells) else None
            yield _record(fields, where, f"row {start}", options, encoding)
    finally:
        text.detach()
    if header is None:
        yield _fail(origin, "empty file (no header row)")
    elif records == 0:
        yield _fail(origin, "no records (only a header row)")
