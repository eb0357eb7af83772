"""The cleaning stage: one raw news article (plain text or HTML) in, one :class:`~dyad.models.Document` out.

What the cleaner does
---------------------
No library removes boilerplate from *plain text*, so dyad uses rules kept as data in
``data/clean/boilerplate.yaml`` (schema ``dyad-boilerplate/1``; the file documents its own fields). The code
knows no outlet or wire service by name: every such string lives in the rules file.

1. The text is split into lines (leading/trailing whitespace trimmed). Blank lines separate blocks.
2. ``line`` and ``tail`` rules drop whole lines (advertisement markers, captions, bylines, copyright and
   date lines, contact lines, share/subscribe lines, ...). A ``tail`` rule found in the last part of the
   document drops everything after it as well. ``inline`` rules cut pieces (photo credits) out of kept lines.
   Named groups of a matching rule fill metadata (``extract``).
3. The headline: ``raw.title`` when given, else the first kept line when it is short, has no
   sentence-final punctuation and is followed by more text. Every line that repeats it is removed (rule ids
   ``title`` for the first occurrence and ``repeated-title`` for the others; these two ids are reserved).
   **The title is never part of the clean text**; it is in ``meta.title`` only.
4. Kept lines are grouped into paragraphs: a blank line always separates paragraphs; inside a block a line
   continues the previous one only when that one looks hard-wrapped (long, no sentence-final punctuation).
5. ``prefix`` rules cut a dateline ("WASHINGTON (Reuters) - ", "(Bloomberg) -- ") off the start of one of
   the first few paragraphs; the sentence after it is kept.
6. The standfirst is the paragraph between the title and the dateline paragraph. **It stays in the clean
   text as its own paragraph and is also recorded in** ``meta.standfirst`` (events found in it are
   deduplicated later, in the coding stage).

Text and offsets
----------------
The clean text is made only of slices of the cleaned input joined by separators: ``"\\n\\n"`` between
paragraphs and ``" "`` between two slices of one paragraph that are not adjacent in the input (a line of a
hard-wrapped paragraph was dropped, or an inline credit was cut from the middle of a line). Inside a slice
nothing is changed (a hard-wrapped paragraph keeps its newlines). ``Document.offsets`` maps every clean
offset that is not a separator back to the input, so ``source[doc.offsets.to_raw(i)] == doc.text[i]``.
``Document.paragraphs`` holds ``(start, end)`` of each paragraph in the clean text and ``Document.removed``
every removed piece with the rule that removed it and its input offsets.

For plain text the "input" is ``raw.text``. **For HTML it is the article text extracted by trafilatura**
(the markup has no stable character positions worth mapping to); offsets and ``removed`` refer to it.

Metadata
--------
Scalar fields (publisher, dateline place, copyright year) take the value found first in the document;
byline and contributors collect names from every matching rule, in document order. For HTML, trafilatura's
author, site name and title come first and the text fills the gaps. ``publisher`` falls back to
``raw.source``. The publication date is, in order of precedence: ``raw.published`` (ISO date or datetime,
source ``input``); the HTML date (``html``); a date line of the text, preferring date rules listed earlier
in the rules file, then a day-and-month dateline ("SEOUL, Aug 8 (AFP) -") completed with the copyright year
(``text``); the copyright year alone (precision ``year``, source ``copyright``); else unknown. The current
date is never used.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dyad.errors import DictionaryError, InputError
from dyad.models import Document, Metadata, OffsetMap, RawDocument, Removed, content_hash
from dyad.resources import data_path

__all__ = ["NO_ARTICLE_REASON", "SCHEMA", "Cleaner", "Rule", "RuleSet", "Settings", "lint", "load_rules"]

SCHEMA = "dyad-boilerplate/1"
HEADER_KEYS = ("schema", "version", "source", "licence")
KINDS = ("line", "tail", "prefix", "inline")
EXTRACT_FIELDS = ("publisher", "dateline_place", "byline", "contributors", "copyright_year", "published")
LIST_FIELDS = frozenset({"byline", "contributors"})
FLAGS: Mapping[str, re.RegexFlag] = MappingProxyType({"IGNORECASE": re.IGNORECASE, "VERBOSE": re.VERBOSE})
RULE_KEYS = frozenset({"id", "kind", "pattern", "flags", "extract", "max_chars", "example", "note"})
SPECIAL_SECTIONS = frozenset({"settings", "months", "weekdays", "defs"})
TITLE_RULE = "title"
REPEATED_TITLE_RULE = "repeated-title"
RESERVED_IDS = frozenset({TITLE_RULE, REPEATED_TITLE_RULE})
AUTO_DEFS = frozenset({"MONTH", "WEEKDAY"})

PARAGRAPH_SEP = "\n\n"
SEGMENT_SEP = " "
NO_ARTICLE_REASON = "HTML page has no article text (only navigation/boilerplate); nothing to code"

# Generic text shapes (no outlet names): used to read values the rules have already located.
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DEF_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DEF_REF_RE = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")
_LINE_RE = re.compile(r"[^\r\n\u2028\u2029]+")
_BREAK_RE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.,+\-Z ]*)?\s*$")
_ISO_IN_TEXT_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?")
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_EMAIL_RE = re.compile(r"\S+@\S+")
_NAME_SPLIT_RE = re.compile(r"\s*(?:[,;]|(?i:\band\b)|&)\s*")
_NAME_TAIL_RE = re.compile(r"\s+(?:in|at|from)\b.*$", re.DOTALL)
_WORD_RE = re.compile(r"\w+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "‐": "-", "–": "-", "—": "-"})

_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"  # BOM and zero-width characters, trimmed like whitespace
_NOT_TITLE_END = frozenset(".,;:")
_SENTENCE_END = frozenset(".!?:;\"'”’)")

# Keys added by the line-recording YAML loader (NUL-prefixed so they cannot clash with real keys).
_LINE = "\x00line"
_KEY_LINES = "\x00key_lines"
_DUPLICATES = "\x00duplicates"


# --------------------------------------------------------------------------------------------------------
# The rules file
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Numbers that tune the structural heuristics (``settings:`` in the rules file)."""

    title_max_chars: int = 200
    standfirst_max_chars: int = 500
    dateline_paragraphs: int = 4
    tail_lines: int = 12
    tail_fraction: float = 0.5
    min_article_words: int = 8
    wrapped_line_min_chars: int = 40


_SETTING_TYPES: Mapping[str, type] = MappingProxyType(
    {
        "title_max_chars": int,
        "standfirst_max_chars": int,
        "dateline_paragraphs": int,
        "tail_lines": int,
        "tail_fraction": float,
        "min_article_words": int,
        "wrapped_line_min_chars": int,
    }
)


@dataclass(frozen=True)
class Rule:
    """One compiled boilerplate rule."""

    id: str
    kind: str
    regex: re.Pattern[str]
    extract: tuple[str, ...]
    index: int
    line: int | None
    max_chars: int | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        return self.regex.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        return self.regex.match(text)


@dataclass(frozen=True)
class RuleSet:
    """A loaded, validated rules file (plain picklable values, so a loaded Cleaner can be shipped to workers)."""

    path: Path
    version: str
    rules: tuple[Rule, ...]
    settings: Settings
    months: Mapping[str, int]

    @property
    def line_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind in ("line", "tail"))


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping and key, and duplicate keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    data: dict[Any, Any] = {}
    key_lines: dict[Any, int] = {}
    duplicates: list[tuple[Any, int]] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in key_lines:
            duplicates.append((key, line))
        data[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = line
    data[_LINE] = node.start_mark.line + 1
    data[_KEY_LINES] = key_lines
    data[_DUPLICATES] = duplicates
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

Problem = tuple[int | None, str]


def _key_line(mapping: Mapping[Any, Any], key: str) -> int | None:
    lines = mapping.get(_KEY_LINES)
    if isinstance(lines, dict) and key in lines:
        return int(lines[key])
    line = mapping.get(_LINE)
    return int(line) if isinstance(line, int) else None


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _names_regex(groups: Sequence[Sequence[str]]) -> str:
    names = sorted({n.lower() for g in groups for n in g}, key=lambda n: (-len(n), n))
    return r"(?i:" + "|".join(re.escape(n) for n in names) + r")\b\.?"


class _RuleReader:
    """Reads and validates a rules file, collecting every problem (for ``lint``) instead of stopping."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.defs: dict[str, str] = {}
        self.expanded: dict[str, str] = {}

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append((line, message))

    def read(self) -> RuleSet | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(None, "rules file not found")
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(None, f"cannot read rules file: {exc}")
            return None
        try:
            data = yaml.load(text, Loader=_LineLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problem(mark.line + 1 if mark else None, f"not valid YAML: {exc.problem or exc}")
            return None
        except (yaml.YAMLError, TypeError) as exc:
            self.problem(None, f"not valid YAML: {exc}")
            return None
        if not isinstance(data, dict):
            self.problem(1, f"expected a mapping with the header keys {', '.join(HEADER_KEYS)} and rule lists")
            return None
        for key, line in data[_DUPLICATES]:
            self.problem(line, f"duplicate key {key!r}")
        version = self._header(data)
        settings = self._settings(data)
        months = self._calendar(data, "months", 12)
        weekdays = self._calendar(data, "weekdays", 7)
        if months is not None:
            self.defs["MONTH"] = _names_regex(months)
        if weekdays is not None:
            self.defs["WEEKDAY"] = _names_regex(weekdays)
        self._read_defs(data)
        rules = self._rules(data)
        if self.problems:
            return None
        month_map = {n.lower(): i + 1 for i, g in enumerate(months or []) for n in g}
        return RuleSet(
            path=self.path,
            version=version,
            rules=tuple(rules),
            settings=settings,
            months=month_map,
        )

    def _header(self, data: dict[Any, Any]) -> str:
        for key in HEADER_KEYS:
            value = data.get(key)
            if value is None or not str(value).strip():
                self.problem(1, f"missing header key {key!r}")
        schema = data.get("schema")
        if schema is not None and schema != SCHEMA:
            self.problem(_key_line(data, "schema"), f"schema is {schema!r}, expected {SCHEMA!r}")
        return str(data.get("version", ""))

    def _settings(self, data: dict[Any, Any]) -> Settings:
        raw = data.get("settings")
        if raw is None:
            return Settings()
        if not isinstance(raw, dict):
            self.problem(_key_line(data, "settings"), "settings must be a mapping of names to numbers")
            return Settings()
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if not isinstance(key, str) or key.startswith("\x00"):
                continue
            line = _key_line(raw, key)
            kind = _SETTING_TYPES.get(key)
            if kind is None:
                self.problem(line, f"unknown setting {key!r} (known: {', '.join(sorted(_SETTING_TYPES))})")
                continue
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if kind is int:
                ok = ok and isinstance(value, int) and value >= 0
            elif ok:
                ok = 0.0 <= float(value) <= 1.0
            if not ok:
                want = "a whole number >= 0" if kind is int else "a number between 0 and 1"
                self.problem(line, f"setting {key!r} must be {want}, not {value!r}")
                continue
            values[key] = kind(value)
        return Settings(**values)

    def _calendar(self, data: dict[Any, Any], key: str, count: int) -> list[list[str]] | None:
        value = data.get(key)
        line = _key_line(data, key)
        if value is None:
            self.problem(1, f"missing {key!r}: a list of {count} lists of names")
            return None
        if not (isinstance(value, list) and len(value) == count and all(_is_str_list(g) and g for g in value)):
            self.problem(line, f"{key!r} must be a list of {count} non-empty lists of names")
            return None
        return [[str(n) for n in g] for g in value]

    def _read_defs(self, data: dict[Any, Any]) -> None:
        raw = data.get("defs")
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.problem(_key_line(data, "defs"), "defs must be a mapping of NAME: regex fragment")
            return
        for name, value in raw.items():
            if not isinstance(name, str) or name.startswith("\x00"):
                continue
            line = _key_line(raw, name)
            if name in AUTO_DEFS:
                self.problem(line, f"def {name!r} is built from the months/weekdays lists; do not define it")
            elif not _DEF_NAME_RE.match(name):
                self.problem(line, f"def name {name!r} must be upper case (A-Z, 0-9, _)")
            elif not isinstance(value, str) or not value:
                self.problem(line, f"def {name!r} must be a non-empty regex string")
            else:
                self.defs[name] = value
        for name in list(self.defs):
            if name in AUTO_DEFS:
                continue
            expanded = self._expand(self.defs[name], _key_line(raw, name), (name,))
            if expanded is not None:
                try:
                    re.compile(expanded)
                except re.error as exc:
                    self.problem(_key_line(raw, name), f"def {name!r} is not a valid regex: {exc}")

    def _expand(self, pattern: str, line: int | None, stack: tuple[str, ...] = ()) -> str | None:
        failed = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal failed
            name = match.group(1)
            if name in stack:
                self.problem(line, f"def {name!r} refers to itself ({' -> '.join((*stack, name))})")
                failed = True
                return ""
            if name not in self.defs:
                self.problem(line, f"unknown def {{{{{name}}}}}")
                failed = True
                return ""
            if name not in self.expanded:
                inner = self._expand(self.defs[name], line, (*stack, name))
                if inner is None:
                    failed = True
                    return ""
                self.expanded[name] = inner
            return "(?:" + self.expanded[name] + ")"

        result = _DEF_REF_RE.sub(substitute, pattern)
        return None if failed else result

    def _rules(self, data: dict[Any, Any]) -> list[Rule]:
        rules: list[Rule] = []
        seen: dict[str, int | None] = {}
        for section, items in data.items():
            if not isinstance(section, str) or section.startswith("\x00"):
                continue
            if section in HEADER_KEYS or section in SPECIAL_SECTIONS:
                continue
            line = _key_line(data, section)
            if not isinstance(items, list):
                self.problem(line, f"section {section!r} must be a list of rules")
                continue
            for item in items:
                rule = self._rule(item, line, len(rules), seen)
                if rule is not None:
                    rules.append(rule)
        if not rules and not self.problems:
            self.problem(1, "the file defines no rules")
        return rules

    def _rule(self, item: Any, section_line: int | None, index: int, seen: dict[str, int | None]) -> Rule | None:
        if not isinstance(item, dict):
            self.problem(section_line, "each rule must be a mapping with id, kind and pattern")
            return None
        line = item.get(_LINE)
        line = int(line) if isinstance(line, int) else section_line
        for key in item:
            if isinstance(key, str) and not key.startswith("\x00") and key not in RULE_KEYS:
                self.problem(_key_line(item, key), f"unknown rule key {key!r} (known: {', '.join(sorted(RULE_KEYS))})")
        rule_id = item.get("id")
        if not isinstance(rule_id, str) or not _ID_RE.match(rule_id):
            self.problem(line, f"rule id must be lower-case words joined by '-', not {rule_id!r}")
            return None
        if rule_id in RESERVED_IDS:
            self.problem(line, f"rule id {rule_id!r} is reserved for the headline removal")
        if rule_id in seen:
            self.problem(line, f"duplicate rule id {rule_id!r} (first defined on line {seen[rule_id]})")
        seen.setdefault(rule_id, line)
        kind = item.get("kind")
        if kind not in KINDS:
            self.problem(_key_line(item, "kind"), f"rule {rule_id}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
            return None
        flags = 0
        raw_flags = item.get("flags", [])
        if not isinstance(raw_flags, list):
            raw_flags = [raw_flags]
        for flag in raw_flags:
            if flag not in FLAGS:
                self.problem(
                    _key_line(item, "flags"), f"rule {rule_id}: unknown flag {flag!r} (known: {', '.join(FLAGS)})"
                )
            else:
                flags |= FLAGS[flag]
        pattern = item.get("pattern")
        pattern_line = _key_line(item, "pattern")
        if not isinstance(pattern, str) or not pattern:
            self.problem(pattern_line, f"rule {rule_id}: pattern must be a non-empty string")
            return None
        expanded = self._expand(pattern, pattern_line)
        if expanded is None:
            return None
        try:
            regex = re.compile(expanded, flags)
        except re.error as exc:
            self.problem(pattern_line, f"rule {rule_id}: bad regex: {exc}")
            return None
        extract = item.get("extract", [])
        if not isinstance(extract, list):
            extract = [extract]
        for name in extract:
            if name not in EXTRACT_FIELDS:
                self.problem(
                    _key_line(item, "extract"),
                    f"rule {rule_id}: cannot extract {name!r} (known: {', '.join(EXTRACT_FIELDS)})",
                )
            elif name not in regex.groupindex:
                self.problem(_key_line(item, "extract"), f"rule {rule_id}: pattern has no named group (?P<{name}>...)")
        max_chars = item.get("max_chars")
        if max_chars is not None and (not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 1):
            self.problem(_key_line(item, "max_chars"), f"rule {rule_id}: max_chars must be a whole number >= 1")
            max_chars = None
        probe = regex.match if kind == "prefix" else regex.search
        if probe("") is not None:
            self.problem(pattern_line, f"rule {rule_id}: pattern matches an empty line")
        examples = item.get("example", [])
        if isinstance(examples, str):
            examples = [examples]
        if not _is_str_list(examples):
            self.problem(_key_line(item, "example"), f"rule {rule_id}: example must be a string or a list of strings")
        else:
            for example in examples:
                if probe(example.strip()) is None or (max_chars is not None and len(example.strip()) > max_chars):
                    self.problem(
                        _key_line(item, "example"), f"rule {rule_id}: pattern does not match its example {example!r}"
                    )
        return Rule(
            id=rule_id,
            kind=str(kind),
            regex=regex,
            extract=tuple(str(e) for e in extract),
            index=index,
            line=line,
            max_chars=max_chars,
        )


def _format_problem(path: Path, line: int | None, message: str) -> str:
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


def lint(path: Path) -> list[str]:
    """Check a boilerplate rules file; return its problems as ``"file:line: message"`` strings."""
    reader = _RuleReader(Path(path))
    reader.read()
    return [_format_problem(reader.path, line, message) for line, message in reader.problems]


def load_rules(path: Path | None = None) -> RuleSet:
    """Read, validate and compile a rules file (the bundled one by default)."""
    rules_path = Path(path) if path is not None else data_path("clean", "boilerplate.yaml")
    reader = _RuleReader(rules_path)
    rules = reader.read()
    if rules is None:
        line, message = reader.problems[0] if reader.problems else (None, "cannot load rules")
        more = len(reader.problems) - 1
        if more > 0:
            message += f" (and {more} more problem{'s' if more > 1 else ''}; run `dyad dict lint`)"
        raise DictionaryError(str(rules_path), line, message)
    return rules


# --------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Comparison form of a headline: NFKC, straight quotes, case-folded, single spaces, no end punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .,;:!?-")


def _blank(text: str) -> bool:
    """Whether a text holds only whitespace and invisible characters (a BOM, zero-width spaces)."""
    return not text.strip().strip(_INVISIBLE).strip()


def _titlecase_if_shouting(text: str) -> str:
    return text.title() if text.isupper() else text


def split_names(value: str) -> list[str]:
    """Names from a byline-like string: "Jane Doe in London at jd@x.com; John Roe" -> [Jane Doe, John Roe]."""
    names: list[str] = []
    for part in _NAME_SPLIT_RE.split(_EMAIL_RE.sub(" ", value)):
        name = _NAME_TAIL_RE.sub("", part.strip()).strip(" \t.,;:-–—()[]")
        if not name or not name[0].isupper() or len(name.split()) > 6:
            continue
        name = _titlecase_if_shouting(name)
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class _Date:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is None or not 1000 <= year <= 2999:
        return False
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return not (day is not None and month is None)


def parse_iso(value: str | None) -> _Date | None:
    """An ISO date or datetime ("2018-06-12", "2018-06-12T14:05:00Z", "2018-06", "2018"), or None."""
    if not value:
        return None
    m = _ISO_RE.match(value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return _Date(year, month, day) if _valid(year, month, day) else None


def _parse_text_date(value: str, months: Mapping[str, int]) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) read from a date the rules caught: "Tue Jun 12, 2018", "12 June 2018", "Aug 8"."""
    m = _ISO_IN_TEXT_RE.search(value)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    year: int | None = None
    month: int | None = None
    day: int | None = None
    for token in _TOKEN_RE.findall(_TIME_RE.sub(" ", value)):
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
        elif month is None:
            month = months.get(token.lower())
    return year, month, day


# --------------------------------------------------------------------------------------------------------
# The cleaner
# --------------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    block: int
    pieces: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Found:
    name: str
    pos: int
    order: int
    value: str


@dataclass
class _Cleaned:
    text: str
    paragraphs: list[tuple[int, int]]
    segments: tuple[tuple[int, int, int], ...]
    removed: list[Removed]
    found: list[_Found]
    title: str | None
    standfirst: str | None


@dataclass(frozen=True)
class _HtmlInfo:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    date: str | None


class _Pass:
    """The state of cleaning one text (local to one call of ``Cleaner.clean``)."""

    def __init__(self, rules: RuleSet, text: str, one_line_paragraphs: bool) -> None:
        self.rules = rules
        self.settings = rules.settings
        self.text = text
        self.one_line_paragraphs = one_line_paragraphs
        self.removed: list[Removed] = []
        self.found: list[_Found] = []
        self.line_rules = rules.line_rules
        self.inline_rules = tuple(r for r in rules.rules if r.kind == "inline")
        self.prefix_rules = tuple(r for r in rules.rules if r.kind == "prefix")

    # -- bookkeeping
    def trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
            end -= 1
        return start, end

    def remove(self, start: int, end: int, rule: str) -> None:
        start, end = self.trim(start, end)
        if end > start:
            self.removed.append(Removed(text=self.text[start:end], rule=rule, start=start, end=end))

    def extract(self, rule: Rule, match: re.Match[str], base: int) -> None:
        for name in rule.extract:
            value = match.group(name)
            if value and value.strip():
                self.found.append(_Found(name, base + match.start(name), rule.index, value.strip()))

    # -- steps
    def split_lines(self) -> tuple[list[_Line], dict[int, int]]:
        lines: list[_Line] = []
        block_max: dict[int, int] = {}
        block = 0
        prev_end = 0
        for m in _LINE_RE.finditer(self.text):
            if len(_BREAK_RE.findall(self.text, prev_end, m.start())) >= 2:
                block += 1
            prev_end = m.end()
            start, end = self.trim(m.start(), m.end())
            if start == end:
                block += 1
                continue
            if self.one_line_paragraphs and lines:
                block += 1
            lines.append(_Line(start, end, block))
            block_max[block] = max(block_max.get(block, 0), end - start)
        return lines, block_max

    def apply_line_rules(self, lines: list[_Line]) -> None:
        n = len(lines)
        tail_from = max(0, min(n - self.settings.tail_lines, math.ceil(n * (1.0 - self.settings.tail_fraction))))
        tail_rule: Rule | None = None
        for idx, line in enumerate(lines):
            hit = self.first_match(self.text[line.start : line.end])
            if tail_rule is not None or hit is not None:
                rule = hit[0] if hit is not None else tail_rule
                assert rule is not None
                if hit is not None:
                    self.extract(hit[0], hit[1], line.start)
                self.remove(line.start, line.end, rule.id)
                line.pieces = []
                if tail_rule is None and rule.kind == "tail" and idx >= tail_from:
                    tail_rule = rule
                continue
            line.pieces = self.apply_inline(line.start, line.end)

    def first_match(self, text: str) -> tuple[Rule, re.Match[str]] | None:
        for rule in self.line_rules:
            m = rule.search(text)
            if m is not None:
                return rule, m
        return None

    def apply_inline(self, start: int, end: int) -> list[tuple[int, int]]:
        pieces = [(start, end)]
        for rule in self.inline_rules:
            out: list[tuple[int, int]] = []
            for s, e in pieces:
                last = s
                if rule.max_chars is not None and e - s > rule.max_chars:
                    out.append((s, e))
                    continue
                for m in rule.regex.finditer(self.text[s:e]):
                    if m.end() == m.start():
                        continue
                    self.extract(rule, m, s)
                    self.remove(s + m.start(), s + m.end(), rule.id)
                    if s + m.start() > last:
                        out.append((last, s + m.start()))
                    last = s + m.end()
                if last < e:
                    out.append((last, e))
            pieces = [p for p in (self.trim(a, b) for a, b in out) if p[1] > p[0]]
        return pieces

    def is_dateline(self, text: str) -> bool:
        return any(r.match(text) for r in self.prefix_rules)

    def title_like(self, line: _Line, following: _Line | None) -> bool:
        if line.pieces != [(line.start, line.end)] or following is None:
            return False
        text = self.text[line.start : line.end]
        if len(text) > self.settings.title_max_chars or text[-1] in _NOT_TITLE_END:
            return False
        if not any(ch.isalpha() for ch in text) or self.is_dateline(text):
            return False
        next_text = self.text[following.start : following.end]
        return not (following.block == line.block and next_text[:1].islower())

    def remove_title(self, lines: list[_Line], given: str | None) -> str | None:
        kept = [ln for ln in lines if ln.pieces]
        if not kept:
            return given
        first = kept[0]
        following = kept[1] if len(kept) > 1 else None
        first_text = self.text[first.start : first.end]
        title = given
        if given is None:
            if not self.title_like(first, following):
                return None
            title = first_text
        assert title is not None
        target = _normalise(title)
        if not target:
            return title
        occurrences = 0
        for line in kept:
            if line.pieces != [(line.start, line.end)] or line.end - line.start > 2 * len(title) + 20:
                continue
            norm = _normalise(self.text[line.start : line.end])
            same = norm == target
            if not same and line is first and given is not None and norm and self.title_like(first, following):
                same = norm in target or target in norm  # a site suffix on one of them
            if same:
                self.remove(line.start, line.end, TITLE_RULE if occurrences == 0 else REPEATED_TITLE_RULE)
                line.pieces = []
                occurrences += 1
        return title

    def continues(self, prev: _Line, line: _Line, block_max: Mapping[int, int]) -> bool:
        """Whether ``line`` continues the paragraph of ``prev`` (same block, ``prev`` looks hard-wrapped)."""
        if line.block != prev.block:
            return False
        if self.text[prev.pieces[-1][1] - 1] in _SENTENCE_END:
            return False
        width = prev.end - prev.start
        return width >= max(self.settings.wrapped_line_min_chars, 0.6 * block_max.get(prev.block, 0))

    def group(self, lines: list[_Line], block_max: Mapping[int, int]) -> list[list[tuple[int, int]]]:
        paras: list[list[tuple[int, int]]] = []
        prev: _Line | None = None
        for line in lines:
            if not line.pieces:
                continue
            if prev is None or not self.continues(prev, line, block_max):
                paras.append([])
            para = paras[-1]
            for s, e in line.pieces:
                if para and _blank(self.text[para[-1][1] : s]):
                    para[-1] = (para[-1][0], e)
                else:
                    para.append((s, e))
            prev = line
        return paras

    def cut_dateline(self, paras: list[list[tuple[int, int]]]) -> int | None:
        for p in range(min(self.settings.dateline_paragraphs, len(paras))):
            s0, e0 = paras[p][0]
            head = self.text[s0:e0]
            for rule in self.prefix_rules:
                m = rule.match(head)
                if m is None or m.end() == 0:
                    continue
                self.extract(rule, m, s0)
                self.remove(s0, s0 + m.end(), rule.id)
                new_start, _ = self.trim(s0 + m.end(), e0)
                if new_start < e0:
                    paras[p][0] = (new_start, e0)
                else:
                    paras[p].pop(0)
                    if not paras[p]:
                        paras.pop(p)
                return p
        return None

    def para_text(self, para: Sequence[tuple[int, int]]) -> str:
        return SEGMENT_SEP.join(self.text[s:e] for s, e in para)

    def run(self, given_title: str | None) -> _Cleaned:
        lines, block_max = self.split_lines()
        self.apply_line_rules(lines)
        title = self.remove_title(lines, given_title)
        paras = self.group(lines, block_max)
        dateline_at = self.cut_dateline(paras)
        standfirst = None
        if title is not None and dateline_at is not None and dateline_at >= 1 and paras:
            candidate = self.para_text(paras[0])
            if len(candidate) <= self.settings.standfirst_max_chars and any(c.isalpha() for c in candidate):
                standfirst = candidate
        parts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        paragraphs: list[tuple[int, int]] = []
        pos = 0
        for i, para in enumerate(paras):
            if i:
                parts.append(PARAGRAPH_SEP)
                pos += len(PARAGRAPH_SEP)
            para_start = pos
            for j, (s, e) in enumerate(para):
                if j:
                    parts.append(SEGMENT_SEP)
                    pos += len(SEGMENT_SEP)
                segments.append((pos, s, e - s))
                parts.append(self.text[s:e])
                pos += e - s
            paragraphs.append((para_start, pos))
        self.removed.sort(key=lambda r: (r.start, r.end))
        return _Cleaned(
            text="".join(parts),
            paragraphs=paragraphs,
            segments=tuple(segments),
            removed=self.removed,
            found=sorted(self.found, key=lambda f: (f.pos, f.order)),
            title=title.strip() if title else None,
            standfirst=standfirst,
        )


class Cleaner:
    """Turns a :class:`RawDocument` into a clean :class:`Document`. Call :meth:`load` once, then :meth:`clean`."""

    def __init__(self, rules_path: Path | None = None) -> None:
        self.rules_path = rules_path
        self._rules: RuleSet | None = None

    def load(self) -> Cleaner:
        """Read, validate and compile the rules file. Raises DictionaryError when it is malformed."""
        self._rules = load_rules(self.rules_path)
        return self

    @property
    def rules(self) -> RuleSet:
        if self._rules is None:
            raise RuntimeError("Cleaner.load() must be called before the cleaner is used")
        return self._rules

    def clean(self, raw: RawDocument) -> Document:
        """Clean one document. Raises InputError (stage "clean") when it has no usable text."""
        rules = self.rules
        html = _extract_html(raw) if raw.kind == "html" else None
        source = html.text if html is not None else raw.text
        if _blank(source):
            raise InputError(raw.origin, "document is empty (no text to code)", stage="clean")
        given_title = raw.title.strip() if raw.title and raw.title.strip() else None
        if given_title is None and html is not None:
            given_title = html.title
        cleaned = _Pass(rules, source, one_line_paragraphs=html is not None).run(given_title)
        if html is not None:
            longest = max((len(_WORD_RE.findall(cleaned.text[s:e])) for s, e in cleaned.paragraphs), default=0)
            if longest < rules.settings.min_article_words:
                raise InputError(raw.origin, NO_ARTICLE_REASON, stage="clean")
        if not cleaned.text.strip():
            raise InputError(
                raw.origin,
                f"no article text left after removing boilerplate ({_plural(len(cleaned.removed), 'piece')} "
                "removed: headline, captions, credits, links); nothing to code",
                stage="clean",
            )
        return Document(
            id=raw.id,
            origin=raw.origin,
            text=cleaned.text,
            paragraphs=cleaned.paragraphs,
            meta=_metadata(raw, cleaned, html, rules),
            offsets=OffsetMap(cleaned.segments),
            removed=cleaned.removed,
            raw_hash=content_hash(raw.text),
            encoding=raw.encoding,
            kind=raw.kind,
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _extract_html(raw: RawDocument) -> _HtmlInfo:
    """The article text and metadata of an HTML page, via trafilatura (imported on first use: it is slow)."""
    import trafilatura
    from lxml import etree

    try:
        result = trafilatura.bare_extraction(
            raw.text,
            url=raw.url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (ValueError, TypeError, LookupError, etree.LxmlError) as exc:
        raise InputError(raw.origin, f"HTML page cannot be parsed: {exc}", stage="clean") from exc

    def get(name: str) -> str | None:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        return value.strip() if isinstance(value, str) and value.strip() else None

    text = get("text") if result is not None else None
    if text is None:
        raise InputError(raw.origin, NO_ARTICLE_REASON, stage="clean")
    return _HtmlInfo(text=text, title=get("title"), author=get("author"), sitename=get("sitename"), date=get("date"))


def _first(found: Sequence[_Found], name: str) -> str | None:
    return next((f.value for f in found if f.name == name), None)


def _metadata(raw: RawDocument, cleaned: _Cleaned, html: _HtmlInfo | None, rules: RuleSet) -> Metadata:
    found = cleaned.found
    meta = Metadata(title=cleaned.title, standfirst=cleaned.standfirst, url=raw.url, source=raw.source)
    if html is not None:
        meta.author = html.author
        meta.site = html.sitename
        if html.author:
            meta.byline.extend(split_names(html.author))
    for f in found:
        if f.name in LIST_FIELDS:
            names = meta.byline if f.name == "byline" else meta.contributors
            names.extend(n for n in split_names(f.value) if n not in names)
    meta.publisher = (html.sitename if html else None) or _first(found, "publisher") or raw.source
    place = _first(found, "dateline_place")
    meta.dateline_place = _titlecase_if_shouting(place) if place else None
    year = _first(found, "copyright_year")
    meta.copyright_year = int(year) if year else None
    _set_published(meta, raw, html, found, rules)
    return meta


def _set_published(
    meta: Metadata, raw: RawDocument, html: _HtmlInfo | None, found: Sequence[_Found], rules: RuleSet
) -> None:
    chosen: _Date | None = None
    source: str | None = None
    given = parse_iso(raw.published)
    if given is not None:
        chosen, source = given, "input"
    elif html is not None and (html_date := parse_iso(html.date)) is not None:
        chosen, source = html_date, "html"
    else:
        full: list[tuple[int, int, _Date]] = []
        yearless: list[tuple[int, int, int, int]] = []
        for f in found:
            if f.name != "published":
                continue
            year, month, day = _parse_text_date(f.value, rules.months)
            if _valid(year, month, day):
                assert year is not None
                full.append((f.order, f.pos, _Date(year, month, day)))
            elif year is None and month is not None and day is not None:
                yearless.append((f.order, f.pos, month, day))
        best = min(full, key=lambda c: (c[2].precision != "day", c[0], c[1]), default=None)
        if best is not None:
            chosen, source = best[2], "text"
        elif yearless and meta.copyright_year is not None:
            for _order, _pos, month, day in sorted(yearless):
                if _valid(meta.copyright_year, month, day):
                    chosen, source = _Date(meta.copyright_year, month, day), "text"
                    break
        if chosen is None and meta.copyright_year is not None:
            chosen, source = _Date(meta.copyright_year), "copyright"
    if chosen is None:
        meta.published, meta.published_precision, meta.published_source = None, "unknown", None
        return
    meta.published = chosen.iso()
    meta.published_precision = "day" if chosen.day else "month" if chosen.month else "year"
    meta.published_source = source
