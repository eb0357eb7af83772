"""Tests for dyad.ingest: input formats, encodings, folders, failures and stable ids."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import string
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import ConfigError
from dyad.ingest import IngestOptions, iter_documents
from dyad.models import Failure, RawDocument, content_hash

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def read(*inputs: Path | str, **options: object) -> list[RawDocument | Failure]:
    return list(iter_documents([str(i) for i in inputs], IngestOptions(**options)))  # type: ignore[arg-type]


def one(*inputs: Path | str, **options: object) -> RawDocument | Failure:
    items = read(*inputs, **options)
    assert len(items) == 1, items
    return items[0]


def doc(*inputs: Path | str, **options: object) -> RawDocument:
    item = one(*inputs, **options)
    assert isinstance(item, RawDocument), item
    return item


def failure(*inputs: Path | str, **options: object) -> Failure:
    item = one(*inputs, **options)
    assert isinstance(item, Failure), item
    assert item.stage == "ingest"
    return item


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def from_stdin(data: bytes, **options: object) -> list[RawDocument | Failure]:
    return list(iter_documents(["-"], IngestOptions(**options), stdin=io.BytesIO(data)))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Text and HTML files


def test_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Iran criticised the United States on Monday.\n")
    d = doc(path)
    assert d.text == "Iran criticised the United States on Monday.\n"
    assert d.kind == "text"
    assert d.origin == str(path)
    assert d.encoding == "utf-8"
    assert d.id == "doc-" + content_hash(d.text)
    assert not d.id_given
    assert d.published is None


def test_published_option_fills_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Some news.")
    assert doc(path, published="2024-03-01").published == "2024-03-01"


@pytest.mark.parametrize("name", ["a.text", "noextension", "story.article"])
def test_other_text_names(tmp_path: Path, name: str) -> None:
    d = doc(write(tmp_path / name, "Plain text here."))
    assert d.kind == "text"
    assert d.text == "Plain text here."


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.xhtml"])
def test_html_by_extension(tmp_path: Path, name: str) -> None:
    d = doc(write(tmp_path / name, "<p>Protesters gathered.</p>"))
    assert d.kind == "html"


@pytest.mark.parametrize(
    "content",
    ["<!DOCTYPE html><html><p>x</p></html>", "\n  <html lang=en><p>x</p>", "<!-- c --><html></html>"],
)
def test_html_sniffed(tmp_path: Path, content: str) -> None:
    assert doc(write(tmp_path / "page", content)).kind == "html"
    assert doc(write(tmp_path / "page.dat", content)).kind == "html"


def test_txt_extension_wins_over_sniffing(tmp_path: Path) -> None:
    assert doc(write(tmp_path / "a.txt", "<html><p>x</p></html>")).kind == "text"


def test_html_meta_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    d = doc(write(tmp_path / "a.html", html.encode("cp1251")))
    assert d.text == html
    assert d.encoding == "cp1251"


def test_unknown_extension_starting_with_brace_is_jsonl(tmp_path: Path) -> None:
    items = read(write(tmp_path / "dump.log", '{"text": "a"}\n{"text": "b"}\n'))
    assert [i.text for i in items if isinstance(i, RawDocument)] == ["a", "b"]


# --------------------------------------------------------------------------------------------------
# Encodings


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "a.txt", codecs.BOM_UTF8 + "Café".encode()))
    assert d.text == "Café"
    assert d.encoding == "utf-8-sig"


def test_cp1252(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "a.txt", b"Caf\xe9 \x93quoted\x94"))
    assert d.text == "Café “quoted”"
    assert d.encoding == "cp1252"


def test_invalid_utf8_decodes_as_cp1252(tmp_path: Path) -> None:
    # valid UTF-8 for "é" followed by a lone Latin-1 byte: not UTF-8, so the whole file is cp1252
    d = doc(write(tmp_path / "a.txt", b"Caf\xc3\xa9 and na\xefve r\xe9sum\xe9 \x96 done"))
    assert d.encoding == "cp1252"
    assert d.text == "CafÃ© and naïve résumé – done"


def test_german_cp1252(tmp_path: Path) -> None:
    text = "Der Bürgermeister äußerte sich über die Straße."
    d = doc(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert (d.text, d.encoding) == (text, "cp1252")


def test_cyrillic_is_detected(tmp_path: Path) -> None:
    text = "Президент России заявил в понедельник, что переговоры будут продолжены."
    d = doc(write(tmp_path / "a.txt", text.encode("cp1251")))
    assert d.text == text
    assert d.encoding == "cp1251"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str) -> None:
    d = doc(write(tmp_path / "a.txt", "Protesters gathered in Kyiv.".encode(codec)))
    assert d.text == "Protesters gathered in Kyiv."
    assert d.encoding == codec


def test_utf16_without_bom(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "a.txt", "Protesters gathered in Kyiv.".encode("utf-16-le")))
    assert d.text == "Protesters gathered in Kyiv."
    assert d.encoding == "utf-16-le"


def test_forced_encoding(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "a.txt", b"Caf\xe9"), encoding="latin-1")
    assert (d.text, d.encoding) == ("Café", "iso8859-1")


def test_forced_encoding_that_does_not_fit_fails(tmp_path: Path) -> None:
    f = failure(write(tmp_path / "a.txt", b"Caf\xe9"), encoding="utf-8")
    assert "cannot decode as utf-8" in f.reason
    assert "0xe9" in f.reason


# --------------------------------------------------------------------------------------------------
# Bad files


def test_binary_png(tmp_path: Path) -> None:
    f = failure(write(tmp_path / "photo.txt", PNG + b"\x00" * 100))
    assert f.reason == "binary file (looks like PNG image data); dyad reads text, HTML, JSONL or CSV"
    assert f.origin == str(tmp_path / "photo.txt")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"plain\x00text with a NUL", "NUL"),
        (bytes(range(1, 9)) * 20, "control characters"),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes, what: str) -> None:
    for name in ("a.txt", "a.jsonl", "a.csv", "a.bin"):
        f = failure(write(tmp_path / name, data))
        assert f.reason.startswith("binary file")
        assert what in f.reason


def test_rtf_is_refused(tmp_path: Path) -> None:
    f = failure(write(tmp_path / "a.txt", r"{\rtf1\ansi Hello}"))
    assert "RTF" in f.reason


def test_empty_and_whitespace(tmp_path: Path) -> None:
    assert failure(write(tmp_path / "a.txt", b"")).reason == "empty file"
    assert failure(write(tmp_path / "b.txt", b" \n\t\r\n ")).reason.startswith("empty file")
    assert failure(write(tmp_path / "c.html", b"")).reason == "empty file"
    assert failure(write(tmp_path / "d.jsonl", b"\n\n  \n")).reason.startswith("empty file")


def test_missing_path(tmp_path: Path) -> None:
    f = failure(tmp_path / "nope.txt")
    assert f.reason == "no such file or directory"
    assert f.origin == str(tmp_path / "nope.txt")


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert "no such file or directory" in failure(link).reason


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "text")
    path.chmod(0)
    try:
        try:
            path.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("running with permission to read anything (root)")
        assert "permission denied" in failure(path).reason
    finally:
        path.chmod(0o644)


def test_a_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good text.")
    items = read(tmp_path / "missing.txt", write(tmp_path / "bad.txt", PNG), good)
    assert [type(i) for i in items] == [Failure, Failure, RawDocument]


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    line = b"a" * (1 << 20)
    with path.open("wb") as out:
        for _ in range(50):
            out.write(line)
    tracemalloc.start()
    try:
        f = failure(path, max_bytes=20_000_000)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "52,428,800 bytes" in f.reason
    assert "20,000,000" in f.reason
    assert "--max-bytes" in f.reason
    assert "DYAD_MAX_BYTES" in f.reason
    assert peak < 2_000_000


def test_too_large_stdin(tmp_path: Path) -> None:
    [f] = from_stdin(b"x" * 2000, format="text", max_bytes=1000)
    assert isinstance(f, Failure)
    assert "1,000 bytes" in f.reason


def test_options_are_validated() -> None:
    with pytest.raises(ConfigError):
        IngestOptions(format="xml")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        IngestOptions(max_bytes=0)
    with pytest.raises(ConfigError):
        IngestOptions(encoding="no-such-codec")


def test_a_single_string_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        list(iter_documents(str(tmp_path)))


# --------------------------------------------------------------------------------------------------
# Folders


def test_folder_order_and_skipping(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "a.txt", "A.txt"]:
        write(root / name, f"Text of {name}.")
    for name in [
        ".hidden.txt",
        ".git/objects/x.txt",
        "a/.cache/y.txt",
        "README",
        "readme.txt",
        "a/README.rst",
        "notes.md",
        "a/x.gold.json",
        "backup.txt~",
        "mod.pyc",
    ]:
        write(root / name, "skip me")
    items = read(root)
    assert all(isinstance(i, RawDocument) for i in items)
    expected = ["A.txt", "a/b/c.txt", "a/z.txt", "a.txt", "b.txt"]
    assert [i.origin for i in items] == [os.path.join(str(root), *n.split("/")) for n in expected]


def test_explicit_file_is_read_even_if_a_walk_would_skip_it(tmp_path: Path) -> None:
    assert doc(write(tmp_path / "README.md", "# Title\n\nSome text.")).kind == "text"


def test_folder_with_no_documents(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    write(root / ".hidden", "x")
    write(root / "README.md", "x")
    (root / "sub").mkdir()
    f = failure(root)
    assert f.origin == str(root)
    assert "no input files" in f.reason


def test_folder_failures_are_reported_in_order(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Alpha.")
    write(tmp_path / "b.png", PNG)
    write(tmp_path / "c.txt", b"")
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "Failure"]


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    write(tmp_path / "d/a.txt", "Alpha.")
    (tmp_path / "d/loop").symlink_to(tmp_path / "d")
    items = read(tmp_path / "d")
    assert [i.text for i in items if isinstance(i, RawDocument)] == ["Alpha."]


def test_mixed_formats_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Alpha.")
    write(tmp_path / "b.jsonl", '{"id": "b1", "text": "Beta."}\n')
    write(tmp_path / "c.csv", "id,text\nc1,Gamma.\n")
    write(tmp_path / "d.html", "<p>Delta.</p>")
    items = read(tmp_path)
    assert [(i.id if i.id_given else "-", i.kind) for i in items if isinstance(i, RawDocument)] == [
        ("-", "text"),
        ("b1", "text"),
        ("c1", "text"),
        ("-", "html"),
    ]


# --------------------------------------------------------------------------------------------------
# Stable ids


def ids(items: list[RawDocument | Failure]) -> list[str]:
    assert all(isinstance(i, RawDocument) for i in items), items
    return [i.id for i in items if isinstance(i, RawDocument)]


def test_ids_are_stable_across_runs_and_moves(tmp_path: Path) -> None:
    root = tmp_path / "one"
    write(root / "a.txt", "Alpha.")
    write(root / "sub/b.html", "<p>Beta.</p>")
    write(root / "c.jsonl", '{"text": "Gamma."}\n{"id": 7, "text": "Delta."}\n')
    first = ids(read(root))
    second = ids(read(root))
    moved = tmp_path / "elsewhere" / "two"
    moved.parent.mkdir()
    shutil.move(str(root), str(moved))
    third = ids(read(moved))
    assert first == second == third
    assert first[2] == "7"
    assert all(i.startswith("doc-") for i in first[:2] + first[3:])


def test_identical_content_gives_identical_ids(tmp_path: Path) -> None:
    a = doc(write(tmp_path / "a.txt", "Same."))
    b = doc(write(tmp_path / "b.txt", "Same."))
    c = doc(write(tmp_path / "c.txt", "Different."))
    assert a.id == b.id != c.id


# --------------------------------------------------------------------------------------------------
# JSONL


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "text": "Alpha.",
            "published": "yesterday",
            "title": "T",
            "url": "http://x",
            "source": "S",
        },
        {"id": 42, "text": "Beta."},
        {"text": "Gamma."},
        {"id": "h1", "html": "<p>Delta.</p>"},
        {"ID": "u1", "Text": "Upper case field names."},
    ]
    path = write(tmp_path / "docs.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    a, b, c, d, e = read(path, published="2020-01-01")
    assert isinstance(a, RawDocument)
    assert (a.id, a.id_given, a.text, a.published) == ("a1", True, "Alpha.", "yesterday")
    assert (a.title, a.url, a.source, a.origin) == ("T", "http://x", "S", f"{path}:1")
    assert isinstance(b, RawDocument) and (b.id, b.id_given, b.published) == ("42", True, "2020-01-01")
    assert isinstance(c, RawDocument) and (c.id, c.id_given) == ("doc-" + content_hash("Gamma."), False)
    assert isinstance(d, RawDocument) and (d.kind, d.text) == ("html", "<p>Delta.</p>")
    assert isinstance(e, RawDocument) and (e.id, e.text) == ("u1", "Upper case field names.")


def test_jsonl_blank_lines_and_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "d.ndjson", '\n{"text": "a"}\n   \n\r\n{"text": "b"}\r\n\n')
    assert [i.origin for i in read(path)] == [f"{path}:2", f"{path}:5"]


def test_jsonl_bad_json(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", '{"text": "ok"}\n{"id": "a" "text": "x"}\n{"text": "ok too"}\n')
    good, bad, good2 = read(path)
    assert isinstance(good, RawDocument) and isinstance(good2, RawDocument)
    assert isinstance(bad, Failure)
    assert bad.origin == f"{path}:2"
    assert bad.reason == "line 2 is not valid JSON (Expecting ',' delimiter at column 12)"


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"id": "a"}, ['no "text" or "html"', "id"]),
        ({"id": "a", "text": 5}, ['"text" must be a string', "number"]),
        ({"id": "a", "html": ["x"]}, ['"html" must be a string', "array"]),
        ({"id": ["x"], "text": "ok"}, ['"id" must be a string or an integer', "array"]),
        ({"id": True, "text": "ok"}, ['"id" must be a string or an integer', "boolean"]),
        ({"id": 1.5, "text": "ok"}, ['"id"']),
        ({"id": "a", "text": ""}, ['"text" is empty']),
        ({"id": "a", "text": "  \n "}, ['"text" is empty']),
        ({"id": "a", "text": "ok", "published": {"y": 1}}, ['"published" must be a string']),
        ({"id": "a", "text": "ok", "title": ["t"]}, ['"title"']),
    ],
)
def test_jsonl_record_failures(tmp_path: Path, record: object, words: list[str]) -> None:
    path = write(tmp_path / "d.jsonl", json.dumps(record) + "\n")
    f = failure(path)
    assert f.origin == f"{path}:1"
    assert f.reason.startswith("line 1")
    for word in words:
        assert word in f.reason


def test_jsonl_published_number_is_kept_as_text(tmp_path: Path) -> None:
    assert doc(write(tmp_path / "d.jsonl", '{"text": "a", "published": 2024}\n')).published == "2024"
    f = failure(write(tmp_path / "e.jsonl", '{"text": "a", "published": 2024.5}\n'))
    assert '"published" must be a string' in f.reason


def test_jsonl_failure_keeps_given_id(tmp_path: Path) -> None:
    assert failure(write(tmp_path / "d.jsonl", '{"id": "x9", "text": ""}\n')).doc_id == "x9"


@pytest.mark.parametrize("value", ["[1, 2]", '"text"', "17", "null"])
def test_jsonl_line_that_is_not_an_object(tmp_path: Path, value: str) -> None:
    f = failure(write(tmp_path / "d.jsonl", value + "\n"))
    assert "not an object" in f.reason


def test_jsonl_text_preferred_over_html_and_empty_text_falls_back(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.jsonl",
        '{"text": "plain", "html": "<p>rich</p>"}\n{"text": "", "html": "<p>rich</p>"}\n',
    )
    a, b = read(path)
    assert isinstance(a, RawDocument) and (a.kind, a.text) == ("text", "plain")
    assert isinstance(b, RawDocument) and (b.kind, b.text) == ("html", "<p>rich</p>")


def test_jsonl_lone_surrogate_escape_is_replaced(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "d.jsonl", '{"text": "a\\ud800b \\ud83d\\ude00"}\n'))
    assert d.text == "a\ufffdb \U0001f600"


def test_jsonl_line_too_long_is_skipped(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * 5000})
    path = write(tmp_path / "d.jsonl", f'{{"text": "a"}}\n{big}\n{{"text": "b"}}\n')
    a, f, b = read(path, max_bytes=1000)
    assert isinstance(f, Failure) and f.origin == f"{path}:2"
    assert "1,000" in f.reason and "--max-bytes" in f.reason
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument)
    assert b.origin == f"{path}:3"


def test_jsonl_cp1252_line(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", b'{"text": "ok \xc3\xa9"}\n{"text": "Caf\xe9"}\n')
    a, b = read(path)
    assert isinstance(a, RawDocument) and (a.text, a.encoding) == ("ok é", "utf-8")
    assert isinstance(b, RawDocument) and (b.text, b.encoding) == ("Café", "cp1252")


def test_jsonl_with_bom_and_utf16(tmp_path: Path) -> None:
    content = '{"text": "Alpha."}\n{"text": "Béta."}\n'
    for codec in ("utf-8-sig", "utf-16"):
        items = read(write(tmp_path / f"{codec}.jsonl", content.encode(codec)))
        assert [i.text for i in items if isinstance(i, RawDocument)] == ["Alpha.", "Béta."], codec


def test_jsonl_streams_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = json.dumps({"text": "Protesters gathered outside the parliament. " * 10})
    with path.open("w", encoding="utf-8") as out:
        for n in range(20_000):
            out.write(f'{{"id": "{n}", ' + record[1:] + "\n")
    assert path.stat().st_size > 9_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_documents([str(path)]) if isinstance(item, RawDocument))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 3_000_000


@pytest.mark.parametrize("content", ['{"text": "Alpha."}\n{"text": "Beta."}\n', '{"text": "Alpha."}'])
def test_json_file_with_one_object_per_line(tmp_path: Path, content: str) -> None:
    items = read(write(tmp_path / "d.json", content))
    assert all(isinstance(i, RawDocument) for i in items)
    assert items[0].origin == f"{tmp_path / 'd.json'}:1"


def test_json_file_with_an_array_or_a_pretty_object(tmp_path: Path) -> None:
    path = write(tmp_path / "arr.json", json.dumps([{"id": "a", "text": "Alpha."}, {"text": 3}], indent=2))
    a, f = read(path)
    assert isinstance(a, RawDocument) and (a.id, a.origin) == ("a", f"{path}[0]")
    assert isinstance(f, Failure) and f.origin == f"{path}[1]" and '"text" must be a string' in f.reason
    pretty = write(tmp_path / "one.json", json.dumps({"id": "p", "text": "Pretty."}, indent=2))
    assert doc(pretty).id == "p"
    assert "not valid JSON" in failure(write(tmp_path / "bad.json", "[1, 2")).reason


# --------------------------------------------------------------------------------------------------
# stdin


def test_stdin_jsonl() -> None:
    items = from_stdin(b'{"id": "s1", "text": "Alpha."}\n\nnot json\n')
    a, f = items
    assert isinstance(a, RawDocument) and (a.id, a.origin) == ("s1", "<stdin>:1")
    assert isinstance(f, Failure) and f.origin == "<stdin>:3"


def test_stdin_forced_text_is_one_document() -> None:
    [d] = from_stdin(b'{"text": "not parsed"}\nsecond line\n', format="text")
    assert isinstance(d, RawDocument)
    assert (d.origin, d.kind, d.text) == ("<stdin>", "text", '{"text": "not parsed"}\nsecond line\n')


def test_stdin_auto_plain_text_is_one_document() -> None:
    [d] = from_stdin(b"Iran criticised the United States.\nMore text.\n")
    assert isinstance(d, RawDocument) and d.origin == "<stdin>" and d.kind == "text"


def test_stdin_html_and_csv() -> None:
    [d] = from_stdin(b"<!doctype html><p>x</p>")
    assert isinstance(d, RawDocument) and d.kind == "html"
    [c] = from_stdin(b"id,text\nc1,Gamma.\n", format="csv")
    assert isinstance(c, RawDocument) and (c.id, c.origin) == ("c1", "<stdin>:2")


def test_stdin_empty() -> None:
    [f] = from_stdin(b"")
    assert isinstance(f, Failure) and f.reason == "empty input"


def test_stdin_large_jsonl_is_streamed() -> None:
    data = b"".join(b'{"text": "record %d"}\n' % n for n in range(5000))
    items = from_stdin(data, max_bytes=100)
    assert len(items) == 5000
    assert all(isinstance(i, RawDocument) for i in items)


# --------------------------------------------------------------------------------------------------
# CSV and TSV


def test_csv_quotes_commas_newlines(tmp_path: Path) -> None:
    rows = [
        ["ID", "Text", "Published", "Title"],
        ["a1", 'He said, "we will fight."\nThen he left.', "2024-05-01", "Quote, comma"],
        ["a2", "Second\r\nrow", "", ""],
    ]
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    a, b = read(path, published="2000-01-01")
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument)
    assert a.text == 'He said, "we will fight."\nThen he left.'
    assert (a.id, a.id_given, a.published, a.title) == ("a1", True, "2024-05-01", "Quote, comma")
    assert a.origin == f"{path}:2"
    assert b.text == "Second\r\nrow"
    assert (b.published, b.title) == ("2000-01-01", None)
    assert b.origin == f"{path}:4"  # the first record spans lines 2-3


def test_tsv_and_other_delimiters(tmp_path: Path) -> None:
    assert doc(write(tmp_path / "d.tsv", "id\ttext\nt1\tTab, separated.\n")).text == "Tab, separated."
    assert doc(write(tmp_path / "e.csv", "id;text\ns1;Semicolon, separated.\n")).id == "s1"


def test_csv_failures(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", 'id,text\n1,ok\n2,\n,\n3,"a",extra\n4,fine\n')
    items = read(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "Failure", "RawDocument"]
    assert '"text" is empty' in items[1].reason  # type: ignore[union-attr]
    assert items[1].origin == f"{path}:3"
    assert "header has 2" in items[2].reason  # type: ignore[union-attr]
    csv_items = read(write(tmp_path / "e.csv", "id,body\n1,x\n"))
    [f] = csv_items
    assert isinstance(f, Failure) and 'no "text" or "html" column' in f.reason and "body" in f.reason
    assert "only a header" in failure(write(tmp_path / "f.csv", "id,text\n")).reason


def test_csv_generated_ids_and_html_column(tmp_path: Path) -> None:
    a, b = read(write(tmp_path / "d.csv", "text,html\nAlpha.,\n,<p>Beta.</p>\n"))
    assert isinstance(a, RawDocument) and a.id == "doc-" + content_hash("Alpha.") and not a.id_given
    assert isinstance(b, RawDocument) and b.kind == "html"


def test_csv_large_field_and_limit_restored(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    big = "x" * 500_000
    d = doc(write(tmp_path / "d.csv", f'id,text\n1,"{big}"\n'))
    assert d.text == big
    assert csv.field_size_limit() == before
    f = failure(write(tmp_path / "e.csv", f'id,text\n1,"{big}"\n'), max_bytes=1000)
    assert "1,000" in f.reason
    assert csv.field_size_limit() == before


def test_csv_multiline_field_over_the_limit_stops_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", 'id,text\n1,"' + "abc\n" * 1000 + '"\n2,after\n')
    f = failure(path, max_bytes=1000)
    assert f.origin == f"{path}:2"
    assert "larger than the limit of 1,000 bytes" in f.reason and "stopped reading" in f.reason


def test_csv_cp1252_and_bom(tmp_path: Path) -> None:
    a, b = read(write(tmp_path / "d.csv", codecs.BOM_UTF8 + b"id,text\n1,Caf\xc3\xa9\n2,Caf\xe9\n"))
    assert isinstance(a, RawDocument) and (a.id, a.text, a.encoding) == ("1", "Café", "utf-8")
    assert isinstance(b, RawDocument) and (b.text, b.encoding) == ("Café", "cp1252")


# --------------------------------------------------------------------------------------------------
# Forced formats


def test_forced_formats(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", '{"text": "a"}\n{"text": "b"}\n')
    d = doc(path, format="text")
    assert d.text == '{"text": "a"}\n{"text": "b"}\n'
    assert doc(write(tmp_path / "p.txt", "<p>x</p>"), format="html").kind == "html"
    assert len(read(write(tmp_path / "x.txt", '{"text": "a"}\n{"text": "b"}\n'), format="jsonl")) == 2
    assert doc(write(tmp_path / "y.txt", "id,text\n1,a\n"), format="csv").id == "1"


# --------------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        # no NUL or control bytes: exercises decoding (UTF-8, cp1252, charset detection) not refusal
        st.lists(st.integers(0x20, 0xFF), max_size=3000).map(bytes),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_in_a_text_file_give_one_item(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "a.txt")
        with open(path, "wb") as out:
            out.write(data)
        items = list(iter_documents([path]))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, RawDocument | Failure)
    if isinstance(item, RawDocument):
        assert item.text.strip()
        assert item.encoding


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=8), st.integers(), st.lists(st.integers(), max_size=2), st.none()),
        "text": st.one_of(st.text(max_size=40), st.integers(), st.none()),
        "html": st.text(max_size=20),
        "published": st.one_of(st.text(max_size=10), st.integers()),
        "title": _json_values,
    },
)
_printable_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from(" \t"), max_size=40
)
_lines = st.one_of(
    _records.map(json.dumps),
    _json_values.map(json.dumps),
    _records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    _printable_line,
    st.sampled_from(["", "   ", "{", '{"text": "x"', "[]", '{"text": "a"} trailing']),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, max_size=12))
def test_jsonl_yields_one_item_per_non_blank_line(lines: list[str]) -> None:
    assert all("\n" not in line and "\r" not in line for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "d.jsonl")
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write("\n".join(lines))
        items = list(iter_documents([path]))
    expected = [n for n, line in enumerate(lines, 1) if line.strip()]
    if not expected:
        assert len(items) == 1 and isinstance(items[0], Failure)
        return
    assert [item.origin for item in items] == [f"{path}:{n}" for n in expected]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_letters + " ,\"'\n", min_size=1, max_size=30), max_size=6))
def test_csv_round_trips_any_text(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "d.csv")
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "text"])
            for n, text in enumerate(texts):
                writer.writerow([f"r{n}", text])
        items = list(iter_documents([path]))
    documents = {i.id: i.text for i in items if isinstance(i, RawDocument)}
    for n, text in enumerate(texts):
        if text.strip():
            assert documents[f"r{n}"] == text
        else:
            assert f"r{n}" not in documents
