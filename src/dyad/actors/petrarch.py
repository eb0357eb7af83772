"""Read PETRARCH/TABARI actor and agent dictionaries (such as the Phoenix dictionaries) into dyad rows.

Actor files
-----------
An entry line names an actor; ``+`` lines add synonyms; indented ``[...]`` lines give its codes::

    HASSAN_ROUHANI_            # a comment
    +HASAN_ROWHANI_
        [IRNGOV 20130803-20210803]
        [IRNGOVLEG 800528-000526]
        [IRNELI]
    IRAN_  [IRN]

- Words are joined by ``_`` (or a blank, which in PETRARCH lets other words intervene; that difference
  is not kept). A trailing ``_`` means the last word must match exactly; without it the last word is a
  stem (prefix) — see :attr:`PatternName.exact_last`.
- Codes: ``[CODE]`` is the default code; ``[CODE >D]`` applies from D on; ``[CODE <D]`` before D;
  ``[CODE D1-D2]`` between D1 and D2. Several ``[...]`` groups may follow an entry on its own line.
  ``[---]`` is PETRARCH's explicit null code and is kept as the code ``"---"``.
- Dates are ``YYMMDD`` or ``YYYYMMDD``. Six-digit dates: ``YY < 30`` is ``20YY``, otherwise ``19YY``
  (PETRARCH itself uses ``YY <= 30``; no Phoenix date has ``YY == 30``). As in PETRARCH, a 7-digit date
  is read from its first six digits and a longer one from its first eight (with a warning).
- PETRARCH reads every restriction as "or equal" (both ends inclusive). :class:`DatedCode` stores the
  *half-open* interval dyad uses everywhere: ``start`` inclusive, ``end`` exclusive, so ``end`` is the
  day after the last day the file names (``<130804`` and ``...-130804`` both give ``end = 2013-08-05``).
  The dyad rows written by :func:`actors_to_rows` have the same meaning (see ``dyad.actors.kb``).
- ``#`` starts a comment (anywhere on a line); ``<!-- ... -->`` comments and ``<...>`` directive lines
  are skipped; ``---STOP---`` ends the file.
- An entry line without codes shares the codes of the next entry that has some, exactly as in
  PETRARCH (the Phoenix files rely on it, e.g. two adjacent spellings of one person); such entries are
  merged into one :class:`PetrarchActor` (``merge_codeless=False`` keeps them apart).

Agent files
-----------
``PHRASE {PLURAL} [~CODE]``: ``~CODE`` is appended after the country code, ``CODE~`` goes before it
(:attr:`PetrarchAgent.prefix`). ``{}`` means "no separate plural"; with no braces a regular plural is
formed. ``!SET! = A, B, C`` defines a substitution set; ``CONGRESS!PERSON!`` then stands for
``CONGRESSMAN``, ``CONGRESSMEN``, ... (paired into singular/plural where the set lists both).

Errors and warnings
-------------------
A line that cannot be read at all (an unclosed ``[``, an empty or badly formed code, a date restriction
that is not ``<D``, ``>D``, ``D-D``, a synonym or code line before any entry, an undefined ``!SET!``)
raises :class:`~dyad.errors.DictionaryError` naming the file and line. Lines that PETRARCH would read
with a complaint or skip (odd date lengths, an impossible calendar date, an interval that ends before
it starts, ``{...}`` in an actor file, an agent without a code, ...) are skipped or repaired and reported
as :class:`ParseWarning` values appended to the ``warnings`` list passed by the caller (and logged at
DEBUG level).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from dyad.errors import DictionaryError

log = logging.getLogger(__name__)

#: Six-digit years below this are 20YY, the others 19YY.
CENTURY_PIVOT = 30

#: Columns of the dyad TSV schemas these converters write (docs/data-formats.md).
SCHEMA_COLUMNS: dict[str, tuple[str, ...]] = {
    "dyad-people/1": ("entity_id", "name", "aliases", "country", "code", "role", "start", "end", "source"),
    "dyad-organizations/1": ("entity_id", "code", "name", "aliases", "country", "sectors", "start", "end"),
    "dyad-agents/1": ("phrase", "plural", "code", "person", "note"),
}

Row = dict[str, str]


def _wordset(text: str) -> frozenset[str]:
    """The blank-separated words of ``text`` as a set (for the word lists below)."""
    return frozenset(text.split())


ActorKind = Literal["person", "country", "organization", "none"]

# CAMEO sector codes and the words used for them in the free-text ``role`` column.
SECTOR_NAMES: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "REB": "rebel",
    "OPP": "opposition",
    "PTY": "political party",
    "COP": "police",
    "JUD": "judiciary",
    "SPY": "intelligence",
    "MED": "media",
    "EDU": "education",
    "BUS": "business",
    "CRM": "criminal",
    "CVL": "civilian",
    "ELI": "elite",
    "LAB": "labour",
    "LEG": "legislature",
    "HLH": "health",
    "REF": "refugees",
    "AGR": "agriculture",
    "DEV": "development",
    "ENV": "environment",
    "HRI": "human rights",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "NGM": "non-governmental movement",
    "IMG": "international militarised group",
    "MNC": "multinational corporation",
    "UAF": "armed forces",
    "INS": "insurgents",
    "SEP": "separatists",
    "MOD": "moderate",
    "RAD": "radical",
    "REL": "religious",
    "UNO": "United Nations",
    # Blocks of international organisation codes (IGO...), as the Phoenix dictionaries use them.
    "NAT": "NATO",
    "EEC": "European Union",
    "WBK": "World Bank",
    "IMF": "IMF",
    "OPC": "OPEC",
    "GCC": "Gulf Cooperation Council",
    "AFU": "African Union",
    "ARL": "Arab League",
    "IAE": "IAEA",
    "WHO": "WHO",
    "ILO": "ILO",
    "HCR": "UNHCR",
    "WTO": "WTO",
    "ASN": "ASEAN",
    "OAS": "Organization of American States",
    "WST": "Western",
    "EUR": "Europe",
    "ASA": "Asia",
    "AFR": "Africa",
    "MEA": "Middle East",
    "LAM": "Latin America",
    "SAM": "South America",
    "EAF": "East Africa",
    "WAF": "West Africa",
    "SAF": "Southern Africa",
    "PGS": "Persian Gulf",
    "SAS": "South Asia",
    "SCN": "Scandinavia",
    "CRB": "Caribbean",
    "MOS": "Muslim",
    "ALQ": "al-Qaeda",
}

# Leading words that are titles or roles, not part of a person's name ("President", "Ayatollah").
TITLE_WORDS = _wordset(
    """
    MR MR. MRS MRS. MS MS. DR DR. SIR DAME LORD LADY BARON BARONESS AYATOLLAH AYATOLLA GRAND HOJATOLISLAM HOJATOLESLAM
    HOJJATOLESLAM HOJJATOLISLAM HOJATOLESLAM SAYYED SAYYID SEYED SEYYED SAYED SHEIKH SHEIK SHAIKH MULLAH
    MAULANA GEN GEN. GENERAL LT LT. LIEUTENANT COL COL. COLONEL MAJ. MARSHAL FIELD ADMIRAL ADM. CAPT.
    CAPTAIN BRIGADIER KING QUEEN PRINCE PRINCESS CROWN PRESIDENT PRESIDENT-ELECT VICE VICE-PRESIDENT
    PRIME MINISTER PREMIER CHANCELLOR SECRETARY SECRETARY-GENERAL SECY SEC. GEN SENATOR SEN. GOV.
    GOVERNOR FOREIGN DEFENSE DEFENCE DEPUTY ACTING FORMER SUPREME LEADER CHAIRMAN SPEAKER OF THE STATE
    AFFAIRS INTERIOR REP. REPRESENTATIVE AMBASSADOR ENVOY CHIEF HEAD
    """
)
# Title words after which up to three qualifying words may come first ("Russian President", "U.N.").
STRONG_TITLES = _wordset(
    """
    PRESIDENT PRESIDENT-ELECT PRIME MINISTER PREMIER CHANCELLOR SECRETARY SECRETARY-GENERAL LEADER KING
    QUEEN PRINCE AMBASSADOR ENVOY SENATOR GOVERNOR CHIEF
    """
)
# Words that make a name an institution rather than a person.
INSTITUTION_WORDS = _wordset(
    """
    MINISTRY MINISTRIES COUNCIL PARTY ARMY FORCE FORCES FRONT MOVEMENT ASSEMBLY PARLIAMENT CONGRESS
    SENATE COURT BANK UNION ORGANIZATION ORGANISATION COMMITTEE COMMISSION GOVERNMENT POLICE GUARD GUARDS
    BRIGADE BRIGADES AGENCY OFFICE DEPARTMENT SERVICE SERVICES CORPS ASSOCIATION FEDERATION INSTITUTE
    UNIVERSITY COMPANY CORPORATION NEWS TIMES RADIO TELEVISION TV CHURCH ISLANDS PROVINCE REPUBLIC KINGDOM
    ADMINISTRATION CABINET LEAGUE ALLIANCE COALITION GROUP NETWORK FUND FOUNDATION SOCIETY CENTER CENTRE
    CHAMBER BOARD AUTHORITY TRIBUNAL REGIME JUNTA MILITIA MILITIAS REBELS OPPOSITION NAVY TROOPS EMBASSY
    MISSION CONFERENCE SUMMIT PROGRAMME PROGRAM COMMAND DIVISION BATTALION REGIMENT MILITARY SECURITY
    INTELLIGENCE BUREAU DIRECTORATE INC. INC LTD LTD. CORP CORP. AIRLINES AIRWAYS COMMUNITY COOPERATION
    PEOPLE PEOPLES COUNTRIES NATIONS STATES EMIRATES GULF OCEAN SEA RIVER ISLAND CITY PROVINCES REGION
    DEMOCRATIC SOCIALIST ISLAMIC NATIONAL INTERNATIONAL REVOLUTIONARY LIBERATION ORGANISATIONS RIGHTS
    WATCH INTERNET OBSERVATORY FORUM TRUST RELIEF CROSS CRESCENT PROJECT INITIATIVE CAMPAIGN JAISH JAYSH
    JABHAT HARAKAT KATAIB KATAEB LIWA HIZB TANZIM SOVIET SFSR COMMITTEES BRIGADE COUNCILS ARMED
    """
)
# Name particles written in lower case inside a name ("Bashar al-Assad", "Charles de Gaulle").
PARTICLES = _wordset("AL EL BIN IBN BINT DE DA DOS DAS DO DEL VON DER UL UD")
# Known acronyms kept in capitals; besides these, 2-4 letter words without vowels ("PKK", "ANC").
ACRONYMS = _wordset(
    """
    UN NATO EU US USA UK IMF WTO OPEC ASEAN AU OAS OAU PLO PKK ANC IAEA OSCE WHO UNHCR UNICEF UNESCO
    UNDP UNEP FAO ICC ICJ IRGC NGO CIA FBI KGB FSB GCC ECOWAS SADC IGAD BBC CNN AFP AP USSR PRC DPRK ROK
    """
)
_NOT_ACRONYMS = _wordset("MR MRS MS DR ST JR SR LT NG NGH HWNG")
_ROMAN = _wordset("II III IV VI VII VIII IX XII XIII XIV XV XVI XVII XVIII")
_VOWELS = frozenset("AEIOUY")

_CODE_RE = re.compile(r"^(?:---|~?[A-Z0-9]+~?)$")
_BRACKET_RE = re.compile(r"\[([^\]\[]*)\]")
_OPEN_RESTRICTION_RE = re.compile(r"^([<>])\s*(\d+)$")
_RANGE_RESTRICTION_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_BARE_DATE_RE = re.compile(r"^\d+$")
_MARKER_DEF_RE = re.compile(r"^!([^!\s]+)!\s*=\s*(.*)$")
_MARKER_RE = re.compile(r"!([^!\s]+)!")
_CLEAN_COMMENT_RE = re.compile(r"^[A-Za-z][A-Za-z ,'()/-]{1,48}$")


# ---------------------------------------------------------------------------------------------- values
@dataclass(frozen=True)
class PatternName:
    """One name pattern: its words (upper case) and whether the last word must match exactly.

    ``exact_last`` is True when the pattern ends with ``_`` (``ROUHANI_`` matches only "Rouhani");
    False means the last word is a stem (``MINISTR`` matches "ministry", "ministries").
    """

    words: tuple[str, ...]
    exact_last: bool = True

    @property
    def text(self) -> str:
        """The words joined by blanks, as written ("HASSAN ROUHANI")."""
        return " ".join(self.words)

    def display(self) -> str:
        """The name the way news text writes it ("Hassan Rouhani", "UN Security Council")."""
        return display_name(self.words)


@dataclass(frozen=True)
class DatedCode:
    """One code of an actor and the half-open interval ``[start, end)`` in which it applies.

    ``start`` is inclusive and ``end`` exclusive; None means open (since forever / still). A code with
    neither is the actor's default code. ``comment`` keeps a comment written on the code's line.
    """

    code: str
    start: date | None = None
    end: date | None = None
    comment: str | None = None

    @property
    def dated(self) -> bool:
        """True when the code carries a date restriction."""
        return self.start is not None or self.end is not None

    def covers(self, day: date) -> bool:
        """True when the code applies on ``day`` (a default code covers every day)."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class PetrarchActor:
    """One actor entry: its names (the first is the primary phrase), codes, line and entry comment."""

    names: list[PatternName]
    codes: list[DatedCode]
    line: int
    comment: str | None = None

    def code_on(self, day: date) -> str | None:
        """The code PETRARCH would assign on ``day``: the first dated code covering it, else the default.

        None when no code applies or the applicable code is the null code ``---``.
        """
        for dc in self.codes:
            if dc.dated and dc.covers(day):
                return None if dc.code == "---" else dc.code
        defaults = [dc for dc in self.codes if not dc.dated]
        if defaults and defaults[-1].code != "---":
            return defaults[-1].code
        return None


@dataclass
class PetrarchAgent:
    """One agent line: singular name patterns, plural patterns and the code.

    ``code`` is the sector code without ``~``; ``prefix`` is True for ``[CODE~]`` (the code goes before
    the actor's code, as ``IGO~``) and False for ``[~CODE]`` (appended after the country code).
    ``plurals`` holds the ``{...}`` form, or the generated regular plural when ``regular_plural`` is
    True; ``{}`` gives no plurals and ``null_plural`` True (singular and plural look alike, or the
    phrase is only ever one of them). A line with a ``!SET!`` marker gives one agent per expansion,
    each with its paired plural when the set lists one (``MAN``/``MEN``) and no plural otherwise.
    """

    names: list[PatternName]
    plurals: list[PatternName]
    code: str
    prefix: bool
    line: int
    regular_plural: bool = False
    comment: str | None = None
    null_plural: bool = False


@dataclass(frozen=True)
class ParseWarning:
    """A line that was read with a repair or skipped; ``str()`` gives ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ActorRows(NamedTuple):
    """Rows made from actor entries: ``people`` (dyad-people/1) and ``organizations``."""

    people: list[Row]
    organizations: list[Row]


# ---------------------------------------------------------------------------------------------- reading
class _Reader:
    """Shared line handling: decoding, comments, warnings."""

    def __init__(self, path: str | Path, encoding: str | None, warnings: list[ParseWarning] | None) -> None:
        self.path = str(path)
        self.warnings = warnings
        self.lines = self._decode(Path(path), encoding)

    def warn(self, line: int, message: str) -> None:
        w = ParseWarning(self.path, line, message)
        log.debug("%s", w)
        if self.warnings is not None:
            self.warnings.append(w)

    def error(self, line: int | None, reason: str) -> DictionaryError:
        return DictionaryError(self.path, line, reason)

    def _decode(self, path: Path, encoding: str | None) -> list[str]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DictionaryError(self.path, None, f"cannot read dictionary file ({exc.strerror or exc})") from exc
        if encoding is not None:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise DictionaryError(
                    self.path, line, f"not valid {encoding} ({exc.reason}); pass the file's encoding"
                ) from exc
            except LookupError as exc:
                raise DictionaryError(self.path, None, f"unknown encoding {encoding!r}") from exc
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                text = data.decode("cp1252", errors="replace")
                self.warn(line, "not valid UTF-8; read as cp1252 (pass encoding= to choose)")
        if text.startswith("\ufeff"):
            text = text[1:]
        return text.splitlines()

    def logical_lines(self) -> Iterable[tuple[int, str, str | None]]:
        """(line number, text without comment, comment) for each line that is not blank or a comment.

        The text keeps its leading white space (it matters in actor files).
        """
        in_xml = False
        for lineno, raw in enumerate(self.lines, start=1):
            line = raw.rstrip()
            if in_xml:
                if "-->" in line:
                    in_xml = False
                    line = line[line.index("-->") + 3 :]
                    if not line.strip():
                        continue
                else:
                    continue
            while "<!--" in line:
                head, _, tail = line.partition("<!--")
                if "-->" in tail:
                    line = head + tail[tail.index("-->") + 3 :]
                else:
                    line = head
                    in_xml = True
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("<"):
                self.warn(lineno, f"directive ignored: {stripped[:40]}")
                continue
            if "---STOP---" in stripped:
                return
            body, sep, comment = line.partition("#")
            if not body.strip():
                continue
            cleaned = " ".join(comment.split()) if sep else ""
            yield lineno, body.rstrip(), cleaned or None


# ---------------------------------------------------------------------------------------------- dates
def parse_petrarch_date(text: str) -> tuple[date, str | None]:
    """Read a PETRARCH date (``YYMMDD`` or ``YYYYMMDD``); returns the date and a note if it was odd.

    Raises ValueError for a string that is not a date.
    """
    digits = text.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"date {text!r} is not YYMMDD or YYYYMMDD")
    note: str | None = None
    if len(digits) <= 7:
        if len(digits) == 7:
            note = f"7-digit date {digits} read as YYMMDD {digits[:6]} (as PETRARCH does)"
        yy = int(digits[:2])
        year = 2000 + yy if yy < CENTURY_PIVOT else 1900 + yy
        month, day = int(digits[2:4]), int(digits[4:6])
    else:
        if len(digits) > 8:
            note = f"{len(digits)}-digit date {digits} read as YYYYMMDD {digits[:8]} (as PETRARCH does)"
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        return date(year, month, day), note
    except ValueError as exc:
        raise ValueError(f"impossible date {digits} ({exc})") from exc


class _OddLine(Exception):
    """A line PETRARCH would skip with a warning."""


def _parse_code_group(reader: _Reader, lineno: int, content: str, comment: str | None) -> DatedCode | None:
    """Parse the inside of one ``[...]`` group of an actor file."""
    parts = content.split(None, 1)
    if not parts:
        raise reader.error(lineno, "empty code '[]'")
    code = parts[0]
    if not _CODE_RE.match(code):
        raise reader.error(lineno, f"bad code {code!r} (expected CAMEO letters/digits, or ---)")
    rest = parts[1].strip() if len(parts) > 1 else ""
    if code != "---" and len(code.strip("~")) % 3:
        reader.warn(lineno, f"code {code} is not made of 3-letter blocks; it is not converted to dyad rows")
    if not rest:
        return DatedCode(code, None, None, comment)

    def read(d: str) -> date:
        try:
            value, note = parse_petrarch_date(d)
        except ValueError as exc:
            reader.warn(lineno, f"{exc}; code [{content}] skipped")
            raise _OddLine from exc
        if note:
            reader.warn(lineno, note)
        return value

    try:
        m = _OPEN_RESTRICTION_RE.match(rest)
        if m:
            day = read(m.group(2))
            if rest[1:2].isspace():
                reader.warn(lineno, f"blank after {m.group(1)!r} in [{content}]")
            if m.group(1) == ">":
                return DatedCode(code, day, None, comment)
            return DatedCode(code, None, day + timedelta(days=1), comment)
        m = _RANGE_RESTRICTION_RE.match(rest)
        if m:
            first, last = read(m.group(1)), read(m.group(2))
            if last < first:
                reader.warn(lineno, f"interval [{content}] ends before it starts; skipped")
                return None
            return DatedCode(code, first, last + timedelta(days=1), comment)
        if _BARE_DATE_RE.match(rest):
            day = read(rest)
            reader.warn(lineno, f"date without '<', '>' or '-' in [{content}]; read as '>{rest}'")
            return DatedCode(code, day, None, comment)
    except _OddLine:
        return None
    raise reader.error(lineno, f"cannot read date restriction {rest!r} in [{content}] (use <D, >D or D-D)")


def _code_groups(reader: _Reader, lineno: int, text: str) -> tuple[list[str], str]:
    """The contents of the ``[...]`` groups in ``text`` and the text outside them."""
    outside = _BRACKET_RE.sub(" ", text)
    if "[" in outside:
        raise reader.error(lineno, "'[' without a closing ']'")
    if "]" in outside:
        reader.warn(lineno, "stray ']' removed")
        outside = outside.replace("]", "")
    return [m.group(1) for m in _BRACKET_RE.finditer(text)], outside


def _parse_name(reader: _Reader, lineno: int, text: str) -> PatternName:
    """A name pattern from ``WORD_WORD_`` text."""
    text = text.strip()
    exact = text.endswith("_")
    words = tuple(w.upper() for w in re.split(r"[_\s]+", text) if w)
    if not words:
        raise reader.error(lineno, f"empty name {text!r}")
    return PatternName(words, exact)


# ---------------------------------------------------------------------------------------------- actors
def parse_actor_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    warnings: list[ParseWarning] | None = None,
    merge_codeless: bool = True,
) -> list[PetrarchActor]:
    """Parse a PETRARCH/TABARI ``.actors`` file into :class:`PetrarchActor` entries, in file order.

    ``encoding``: None reads UTF-8 (with or without BOM) and falls back to cp1252 with a warning; a
    named encoding is used strictly (undecodable bytes raise DictionaryError with their line).
    ``warnings``: a list that receives a :class:`ParseWarning` for each odd line that was skipped or
    repaired. Malformed lines raise :class:`~dyad.errors.DictionaryError` with the file and line.
    """
    reader = _Reader(path, encoding, warnings)
    actors: list[PetrarchActor] = []
    current: PetrarchActor | None = None

    def add_codes(lineno: int, groups: list[str], comment: str | None) -> None:
        assert current is not None
        for group in groups:
            dc = _parse_code_group(reader, lineno, group, comment)
            if dc is not None:
                current.codes.append(dc)

    for lineno, body, comment in reader.logical_lines():
        if "{" in body or "}" in body:
            reader.warn(lineno, "'{...}' is not used in actor files; ignored")
            body = re.sub(r"\{[^}]*\}?", " ", body).replace("}", " ")
            if not body.strip():
                continue
        indented = body[:1].isspace()
        text = body.strip()
        groups, outside = _code_groups(reader, lineno, text)
        outside = outside.strip()
        if text.startswith("+"):
            if current is None:
                raise reader.error(lineno, "synonym line '+...' before any actor entry")
            current.names.append(_parse_name(reader, lineno, outside[1:]))
            if groups:
                reader.warn(lineno, "code on a synonym line; applied to the whole entry")
                add_codes(lineno, groups, comment)
            continue
        if text.startswith("["):
            if current is None:
                raise reader.error(lineno, "code line before any actor entry")
            if outside:
                reader.warn(lineno, f"text {outside!r} after the code ignored")
            if not indented:
                reader.warn(lineno, "code line is not indented")
            add_codes(lineno, groups, comment)
            continue
        if indented:
            if current is None:
                raise reader.error(lineno, "indented line before any actor entry")
            reader.warn(lineno, "indented name read as a synonym of the entry above")
            current.names.append(_parse_name(reader, lineno, outside))
            add_codes(lineno, groups, comment)
            continue
        current = PetrarchActor([_parse_name(reader, lineno, outside)], [], lineno, comment)
        actors.append(current)
        add_codes(lineno, groups, None)

    if merge_codeless:
        actors = _merge_codeless(reader, actors)
    return actors


def _merge_codeless(reader: _Reader, actors: list[PetrarchActor]) -> list[PetrarchActor]:
    """Join entries without codes to the next entry, as PETRARCH shares the next entry's codes."""
    merged: list[PetrarchActor] = []
    pending: list[PetrarchActor] = []
    for actor in actors:
        if not actor.codes:
            pending.append(actor)
            continue
        if pending:
            first = pending[0]
            names = [n for p in pending for n in p.names] + actor.names
            comment = first.comment or actor.comment
            reader.warn(actor.line, f"entry at line {first.line} has no code; it shares this entry's codes")
            actor = PetrarchActor(names, actor.codes, first.line, comment)
            pending = []
        merged.append(actor)
    for actor in pending:
        reader.warn(actor.line, "entry has no code")
        merged.append(actor)
    return merged


# ---------------------------------------------------------------------------------------------- agents
_HEAD_PREPOSITIONS = ("OF", "FOR", "TO", "ON", "IN", "AT")


def _head_index(words: Sequence[str]) -> int:
    """Index of a role phrase's head noun: the word before its first preposition, else the last word."""
    for i, w in enumerate(words):
        if i > 0 and w.upper() in _HEAD_PREPOSITIONS:
            return i - 1
    return len(words) - 1


def regular_plural(words: Sequence[str]) -> tuple[str, ...]:
    """The regular plural of a role phrase: the head noun (before OF/FOR/TO..., else the last word) pluralised.

    ("HEAD", "OF", "STATE") -> ("HEADS", "OF", "STATE"); ("POLICEMAN",) -> ("POLICEMEN",).
    """
    ws = list(words)
    if not ws:
        return ()
    idx = _head_index(ws)
    w = ws[idx]
    if w.endswith("MAN") and not w.endswith("HUMAN"):
        p = w[:-3] + "MEN"
    elif w.endswith("Y") and len(w) > 1 and w[-2] not in "AEIOU":
        p = w[:-1] + "IES"
    elif w.endswith("S") and not w.endswith(("SS", "US", "IS")):
        p = w  # already plural ("OBSERVERS_IN", "TROOPS")
    elif w.endswith(("S", "SH", "CH", "X", "Z")):
        p = w + "ES"
    else:
        p = w + "S"
    ws[idx] = p
    return tuple(ws)


def _pair_members(members: list[str]) -> list[tuple[str, str | None]]:
    """Pair substitution-set members into (singular, plural) where the plural follows its singular."""
    pairs: list[tuple[str, str | None]] = []
    i = 0
    while i < len(members):
        m = members[i]
        nxt = members[i + 1] if i + 1 < len(members) else None
        if nxt is not None and nxt == regular_plural((m,))[0]:
            pairs.append((m, nxt))
            i += 2
        else:
            pairs.append((m, None))
            i += 1
    return pairs


def parse_agent_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    warnings: list[ParseWarning] | None = None,
) -> list[PetrarchAgent]:
    """Parse a PETRARCH ``.agents`` file into :class:`PetrarchAgent` lines, in file order.

    ``encoding`` and ``warnings`` as for :func:`parse_actor_file`. Substitution sets are expanded; a
    marker glued to a following letter (``AD!MINIST!RATION``, left by a search-and-replace) is read as
    the literal word with a warning.
    """
    reader = _Reader(path, encoding, warnings)
    sets: dict[str, list[str]] = {}
    agents: list[PetrarchAgent] = []
    for lineno, body, comment in reader.logical_lines():
        text = body.strip()
        if "!" in text and "=" in text:
            m = _MARKER_DEF_RE.match(text)
            if not m:
                raise reader.error(lineno, "substitution set must read '!NAME! = WORD, WORD, ...'")
            members = [w.strip().upper().replace(" ", "_") for w in m.group(2).split(",") if w.strip()]
            if not members:
                raise reader.error(lineno, f"substitution set !{m.group(1)}! is empty")
            sets[m.group(1).upper()] = members
            continue
        if "[" not in text:
            reader.warn(lineno, "agent without a code; skipped")
            continue
        phrase_part, _, code_part = text.partition("[")
        if "]" in code_part:
            code_text, _, after = code_part.partition("]")
        elif "}" in code_part:
            code_text, _, after = code_part.partition("}")
            reader.warn(lineno, "code closed with '}' instead of ']'")
        else:
            raise reader.error(lineno, "unclosed '[' in agent code")
        if after.strip():
            reader.warn(lineno, f"text {after.strip()!r} after the code ignored")
        code_text = code_text.strip()
        if not code_text or " " in code_text or not _CODE_RE.match(code_text) or code_text == "---":
            raise reader.error(lineno, f"bad agent code [{code_text}] (expected [~CODE] or [CODE~])")
        prefix = code_text.endswith("~") and not code_text.startswith("~")
        if code_text.startswith("~") and code_text.endswith("~"):
            raise reader.error(lineno, f"bad agent code [{code_text}]: '~' on both sides")
        if "~" not in code_text:
            reader.warn(lineno, f"agent code [{code_text}] has no '~'; appended after the country code")
        code = code_text.strip("~")
        plural_text: str | None = None
        if "{" in phrase_part or "}" in phrase_part:
            if (
                phrase_part.count("{") != 1
                or phrase_part.count("}") != 1
                or phrase_part.index("{") > (phrase_part.index("}"))
            ):
                raise reader.error(lineno, "plural must be written once as {PLURAL} (or {} for none)")
            head, _, tail = phrase_part.partition("{")
            plural_text, _, rest = tail.partition("}")
            if rest.strip():
                reader.warn(lineno, f"text {rest.strip()!r} after the plural ignored")
            phrase_part = head
        phrase = phrase_part.strip()
        if not phrase:
            raise reader.error(lineno, "agent line without a phrase")
        null_plural = plural_text is not None and not plural_text.strip()
        given = [_parse_name(reader, lineno, plural_text)] if plural_text and plural_text.strip() else []
        if "!" in phrase:
            for singular, plural in _expand_markers(reader, lineno, phrase, sets):
                paired = [_parse_name(reader, lineno, plural)] if plural is not None else []
                agents.append(
                    PetrarchAgent(
                        [_parse_name(reader, lineno, singular)],
                        given or ([] if null_plural else paired),
                        code,
                        prefix,
                        lineno,
                        comment=comment,
                        null_plural=null_plural,
                    )
                )
            continue
        name = _parse_name(reader, lineno, phrase)
        if plural_text is not None:
            agents.append(PetrarchAgent([name], given, code, prefix, lineno, comment=comment, null_plural=null_plural))
        else:
            regular = PatternName(regular_plural(name.words), name.exact_last)
            agents.append(PetrarchAgent([name], [regular], code, prefix, lineno, True, comment))
    return agents


def _expand_markers(
    reader: _Reader, lineno: int, phrase: str, sets: dict[str, list[str]]
) -> list[tuple[str, str | None]]:
    """Expand ``!SET!`` markers of an agent phrase into (singular, plural-or-None) phrases."""
    results: list[tuple[str, str | None]] = [("", "")]
    pos = 0
    for m in _MARKER_RE.finditer(phrase):
        literal = phrase[pos : m.start()]
        pos = m.end()
        name = m.group(1).upper()
        glued = m.end() < len(phrase) and phrase[m.end()].isalpha()
        if glued:
            reader.warn(lineno, f"marker !{m.group(1)}! inside a word read as the letters {m.group(1)}")
            results = [(s + literal + m.group(1), None if p is None else p + literal + m.group(1)) for s, p in results]
            continue
        if name not in sets:
            raise reader.error(lineno, f"substitution set !{m.group(1)}! is not defined above this line")
        expanded: list[tuple[str, str | None]] = []
        for s, p in results:
            for singular, plural in _pair_members(sets[name]):
                expanded.append(
                    (s + literal + singular, None if (p is None or plural is None) else p + literal + plural)
                )
        results = expanded
    tail = phrase[pos:]
    if "!" in tail:
        raise reader.error(lineno, f"unmatched '!' in {phrase!r}")
    return [(s + tail, None if p is None else p + tail) for s, p in results]


# ---------------------------------------------------------------------------------------------- names
def _case_word(word: str, first: bool) -> str:
    """Title-case one upper-case word of a name."""
    if word in ACRONYMS or (
        2 <= len(word) <= 4 and word.isalpha() and not (set(word) & _VOWELS) and word not in _NOT_ACRONYMS
    ):
        return word
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word):  # U.S., U.N.
        return word
    if not first and word in PARTICLES:
        return word.lower()
    if "-" in word:
        parts = word.split("-")
        out = [_case_word(parts[0], first)]
        for p in parts[1:]:
            out.append(_case_word(p, False) if p in PARTICLES else _case_word(p, True))
        if not first and parts[0] in PARTICLES:
            out[0] = parts[0].lower()
        return "-".join(out)
    low = word.lower()
    if not low:
        return low
    cased = low[0].upper() + low[1:]
    if len(word) > 2 and word[1] == "'" and word[0] in "ODL":  # O'Brien, D'Alema
        cased = word[0] + "'" + word[2:3] + low[3:]
    if re.match(r"^MC[A-Z]", word) and len(word) > 3:  # McCain
        cased = "Mc" + word[2] + low[3:]
    return cased


def display_name(words: Sequence[str]) -> str:
    """Title-case upper-case name words: HASSAN ROUHANI -> "Hassan Rouhani", UN -> "UN".

    Known acronyms (UN, NATO, ...) and short vowel-less words (PKK) stay in capitals, particles are
    lower case inside a name (al-Assad, de Gaulle), Roman numerals after a name stay (Abdullah II).
    """
    out: list[str] = []
    for i, w in enumerate(words):
        up = w.upper().replace("`", "")
        if i > 0 and up in _ROMAN:
            out.append(up)
        else:
            out.append(_case_word(up, i == 0))
    return " ".join(out)


def strip_titles(words: Sequence[str], keep: int = 2) -> tuple[str, ...]:
    """Drop leading titles and roles ("PRESIDENT", "RUSSIAN PRESIDENT", "AYATOLLAH SAYYED").

    Only strips when at least ``keep`` words remain; otherwise returns the words unchanged.
    """
    ws = [w.upper() for w in words]
    last_title = -1
    j = 0
    while j < len(ws) - 1 and j < 7:
        w = ws[j]
        if w in TITLE_WORDS:
            last_title = j
        elif last_title < 0 and any(x in STRONG_TITLES for x in ws[j + 1 : j + 4]):
            pass  # a qualifier before a role: "RUSSIAN PRESIDENT", "UNITED NATIONS SECRETARY"
        else:
            break
        j += 1
    if last_title < 0:
        return tuple(ws)
    rest = ws[last_title + 1 :]
    if len(rest) < keep:
        return tuple(ws)
    return tuple(rest)


def slugify(text: str) -> str:
    """A lower-case ASCII slug: "Mohammad Javad Zarif" -> "mohammad_javad_zarif", "Gideon Sa'ar" -> "gideon_saar"."""
    text = re.sub(r"['’`]", "", text)  # Sa'ar -> saar, O'Brien -> obrien
    norm = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("ß", "ss"))
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def name_key(text: str) -> str:
    """A matching key for a name: case, accents, punctuation and titles removed."""
    words = [w for w in re.split(r"[\s_]+", text.upper()) if w]
    return slugify(" ".join(strip_titles(words, keep=1))).replace("_", " ")


# ---------------------------------------------------------------------------------------------- codes
_NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "INT", "NGM"})
#: CAMEO 1.1b3 state codes that differ from ISO 3166 (dyad's countries.tsv uses the ISO codes).
LEGACY_STATE_CODES = {"ROM": "ROU", "MTN": "MNE", "TMP": "TLS", "IMY": "IMN"}


def iso_code(code: str) -> str:
    """A CAMEO code with a legacy state prefix replaced by the ISO one (``TMPGOV`` -> ``TLSGOV``)."""
    c = code.upper()
    prefix = LEGACY_STATE_CODES.get(c[:3])
    return prefix + c[3:] if prefix else c


_CAMEO_STATES = frozenset({"KSV", "USR", "YUG", "DDR", "CSK", "PSE", "SCG", "YMD", "YAR", "VDR"})


@lru_cache(maxsize=4096)
def code_country(code: str) -> str | None:
    """The 3-letter state code a CAMEO code starts with (``IRNGOV`` -> ``IRN``), else None."""
    c = iso_code(code.lstrip("~"))
    if len(c) < 3 or not c[:3].isalpha():
        return None
    prefix = c[:3]
    if prefix in _NON_STATE_PREFIXES:
        return None
    if prefix in _CAMEO_STATES:
        return prefix
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return None
    if pycountry.countries.get(alpha_3=prefix) or pycountry.historic_countries.get(alpha_3=prefix):
        return prefix
    return None


def code_sectors(code: str) -> list[str]:
    """The 3-letter sector blocks of a code after its country or IGO/NGO prefix."""
    c = code.lstrip("~").upper()
    blocks = [c[i : i + 3] for i in range(0, len(c), 3) if len(c[i : i + 3]) == 3]
    if blocks and (code_country(c) is not None or blocks[0] in _NON_STATE_PREFIXES):
        blocks = blocks[1:]
    return blocks


def role_of(code: str, comment: str | None = None) -> str:
    """Free-text role for a code: a clean comment on its line, else its sectors in words."""
    if comment and _CLEAN_COMMENT_RE.match(comment) and not comment.lower().endswith(".txt"):
        return comment
    sectors = code_sectors(code)
    if not sectors:
        return "country" if code_country(code) else SECTOR_NAMES.get(code.upper(), code.lower())
    words = [SECTOR_NAMES.get(s, s) for s in sectors]
    # "Western / NATO" -> "NATO": a region before a named organisation says nothing more.
    if code.upper().startswith("IGO") and any(s in _ORG_BLOCKS for s in sectors):
        words = [w for s, w in zip(sectors, words, strict=True) if s not in _REGION_BLOCKS]
    return " / ".join(words)


def _is_country_code(code: str) -> bool:
    return len(code) == 3 and code_country(code) is not None


_REGION_BLOCKS = _wordset("WST EUR ASA AFR MEA LAM SAM EAF WAF SAF PGS SAS SCN CRB")
_ORG_BLOCKS = _wordset("UNO NAT EEC WBK IMF OPC GCC AFU ARL IAE WHO ILO HCR WTO ASN OAS")
# CAMEO religion blocks, which (like sectors) say an entry is not a place.
_RELIGION_BLOCKS = _wordset("MOS SHI SUN CHR CTH ORT PRO JEW BUD HIN JAN SIK CON TAO ZRO DRZ ALE SFI ITH BAH")
_PATRONYMIC = _wordset("BIN IBN BINT")


def _is_geo_code(code: str) -> bool:
    """A state code followed only by non-sector blocks (``PSEGZA``, ``GBRPCN``, ``USRTJK``): a place."""
    if code_country(code) is None:
        return False
    c = code.lstrip("~")
    blocks = [c[i : i + 3] for i in range(3, len(c), 3)]
    return all(b not in SECTOR_NAMES and b not in _RELIGION_BLOCKS for b in blocks)


def classify_actor(actor: PetrarchActor) -> ActorKind:
    """Is an entry a person, a country-level name, an organisation or nothing usable?

    - ``country``: every code is a bare 3-letter state code (``[USA]``, ``[USR <900823]``): country
      names, cities and regions standing for the country.
    - ``person``: the primary name has no institution word (ministry, council, party, forces, ...) and
      is 2-7 words once titles are removed, and the entry either comes from a leader list (comment
      ``CountryInfo.txt`` or ``IGOrulers.txt``), or has at least one dated code (in the Phoenix files
      only people carry dated roles), or has a patronymic (``BIN``, ``IBN``) inside the name, or lists
      its bare surname as a synonym (``BASHAR_AL-ASSAD`` with ``+ASSAD``).
    - ``organization``: anything else with a code (institutions, groups, companies).
    - ``none``: no usable code.
    """
    codes = [dc for dc in actor.codes if dc.code != "---"]
    if not codes:
        return "none"
    if all(_is_country_code(dc.code.upper()) for dc in codes):
        return "country"
    comment = (actor.comment or "").lower()
    from_list = "countryinfo" in comment or "rulers" in comment
    if not from_list and all(_is_geo_code(dc.code.upper()) for dc in codes):
        return "country"
    words = actor.names[0].words
    if any(w in INSTITUTION_WORDS for w in words):
        return "organization"
    core = strip_titles(words, keep=1)
    looks_personal = 1 <= len(core) <= 7 and all(any(c.isalpha() for c in w) for w in core)
    patronymic = any(w in _PATRONYMIC for w in core[1:-1])
    last = name_key(" ".join(core)).split()[-1:]
    surname_synonym = any(name_key(n.text).split() == last for n in actor.names[1:])
    evidence = patronymic or surname_synonym or any(dc.dated for dc in codes)
    if looks_personal and (from_list or (len(core) >= 2 and evidence)):
        return "person"
    return "organization"


# ---------------------------------------------------------------------------------------------- rows
@dataclass
class _Entity:
    entity_id: str
    name: str
    aliases: list[str]
    country: str
    codes: list[DatedCode] = field(default_factory=list)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _merge_intervals(codes: list[DatedCode]) -> list[DatedCode]:
    """Merge overlapping or touching intervals that carry the same code (keeping the first comment)."""
    out: list[DatedCode] = []
    by_code: dict[str, list[DatedCode]] = {}
    for dc in codes:
        by_code.setdefault(dc.code, []).append(dc)
    for code, items in by_code.items():
        items.sort(key=lambda d: d.start or date.min)
        cur: DatedCode | None = None
        for dc in items:
            if cur is not None and (cur.end is None or (dc.start or date.min) <= cur.end):
                end = None if cur.end is None or dc.end is None else max(cur.end, dc.end)
                cur = DatedCode(code, cur.start, end, cur.comment or dc.comment)
            else:
                if cur is not None:
                    out.append(cur)
                cur = dc
        if cur is not None:
            out.append(cur)
    out.sort(key=lambda d: (d.start or date.min, d.code))
    return out


def _gaps(intervals: list[DatedCode]) -> list[tuple[date | None, date | None]]:
    """The complement of the union of half-open intervals, as (start, end) pairs."""
    spans = sorted(((d.start or date.min), (d.end or date.max)) for d in intervals)
    gaps: list[tuple[date | None, date | None]] = []
    cursor = date.min
    for s, e in spans:
        if s > cursor:
            gaps.append((None if cursor == date.min else cursor, s))
        cursor = max(cursor, e)
    if cursor != date.max:
        gaps.append((cursor, None))
    return gaps


def person_codes(codes: Iterable[DatedCode]) -> list[DatedCode]:
    """A person's codes as dyad rows need them (half-open intervals, no default fall-through).

    Dated codes are kept (overlapping intervals of one code merged). A default ``...ELI`` code is
    dropped when dated codes exist (dyad falls back to ``<country>ELI`` by itself); another default
    code becomes rows for the gaps between the dated intervals, as PETRARCH applies a default code
    when no dated one does. With no dated code, the default codes are kept undated.
    """
    codes = [dc for dc in codes if _convertible(dc.code)]
    dated = _merge_intervals([dc for dc in codes if dc.dated])
    defaults = [dc for dc in codes if not dc.dated]
    if not dated:
        seen: set[str] = set()
        out = []
        for dc in defaults:
            if dc.code not in seen:
                seen.add(dc.code)
                out.append(dc)
        return out
    if defaults:
        default = defaults[-1]
        if not default.code.endswith("ELI"):
            gaps = [DatedCode(default.code, s, e, default.comment) for s, e in _gaps(dated)]
            dated = _merge_intervals(dated + gaps)
    return dated


def _aliases(canonical: str, names: list[PatternName]) -> list[str]:
    """Other full forms of a name: titles stripped; institutional forms and single words (bare
    surnames, given names) dropped, except acronyms ("JFK")."""
    canon_key = name_key(canonical)
    forms: list[str] = []
    for n in names:
        if any(w in INSTITUTION_WORDS or not w[:1].isalnum() for w in n.words):
            continue
        words = strip_titles(n.words, keep=1)
        if any(w in TITLE_WORDS for w in words[:1]):
            continue
        forms.append(display_name(words))
    multi = [f for f in forms if len(f.split()) > 1] + [canonical]
    surnames = {name_key(f).split()[-1] for f in multi if name_key(f)}
    out: list[str] = []
    seen = {_surface(canonical)}
    for f in forms:
        k = name_key(f)
        if not k or _surface(f) in seen:
            continue
        if len(f.split()) == 1 and not f.isupper():
            continue  # a bare surname or given name ("Rouhani", "Abdullah"): dyad derives surnames itself
        if len(k.split()) == 1 and (k in surnames or k == canon_key):
            continue
        seen.add(_surface(f))
        out.append(f)
    return out


def _surface(text: str) -> str:
    """Case- and blank-insensitive form of a name; "al-Assad" and "al Assad" stay different."""
    return " ".join(text.lower().split())


def canonical_name(actor: PetrarchActor) -> str:
    """The display form of the primary name, with leading titles removed when two words remain."""
    return display_name(strip_titles(actor.names[0].words, keep=2))


def actors_to_rows(actors: Iterable[PetrarchActor], *, source: str = "phoenix") -> ActorRows:
    """Convert actor entries to dyad rows: ``people`` (dyad-people/1) and ``organizations``.

    Entries are classified with :func:`classify_actor`; country-level entries are left out (they
    belong in countries.tsv). A person's ``country`` is the country section the entry appears in
    (the last country-level entry above it) when one of its codes starts with that country, else the
    country most of its codes start with. People with the same name and country are merged; entity
    ids are ``person:<slug>`` (``person:<slug>_<country>`` and then ``_2``, ``_3`` ... when taken).
    A person found only under an IGO code (no country) joins the single same-named person who has one.
    Aliases are written on the first row of each person only. Dates are half-open (end exclusive).
    The legacy CAMEO state codes ROM, MTN, TMP and IMY are written as the ISO codes ROU, MNE, TLS, IMN.
    Rows are dicts keyed by the schema's columns (see :data:`SCHEMA_COLUMNS`). Codes that are not
    whole 3-letter blocks (the null code ``---``, typos such as ``NGOEEURENV``) are left out.
    """
    people: dict[tuple[str, str], _Entity] = {}
    orgs: dict[tuple[str, str], _Entity] = {}
    used_ids: set[str] = set()
    section: str | None = None

    def new_id(prefix: str, name: str, country: str) -> str:
        base = slugify(name) or "unnamed"
        candidates = [f"{prefix}:{base}"]
        if country:
            candidates.append(f"{prefix}:{base}_{country.lower()}")
        for c in candidates:
            if c not in used_ids:
                used_ids.add(c)
                return c
        n = 2
        while f"{candidates[-1]}_{n}" in used_ids:
            n += 1
        used_ids.add(f"{candidates[-1]}_{n}")
        return f"{candidates[-1]}_{n}"

    for actor in actors:
        kind = classify_actor(actor)
        if kind == "country":
            section = next((iso_code(dc.code) for dc in actor.codes if dc.code != "---"), section)
            continue
        if kind == "none":
            continue
        prefixes = [c for c in (code_country(dc.code) for dc in actor.codes if dc.code != "---") if c]
        if section and section in prefixes:
            country = section
        elif prefixes:
            country = max(set(prefixes), key=lambda c: (prefixes.count(c), -prefixes.index(c)))
        else:
            country = ""
        if kind == "person":
            name = canonical_name(actor)
            key = (name_key(name), country)
            ent = people.get(key)
            if ent is None:
                ent = _Entity(new_id("person", name, country), name, [], country)
                people[key] = ent
            for a in _aliases(ent.name, actor.names):
                if _surface(a) not in {_surface(x) for x in [ent.name, *ent.aliases]}:
                    ent.aliases.append(a)
            ent.codes.extend(person_codes(actor.codes))
        else:
            name = display_name(actor.names[0].words)
            key = (name.upper(), country)
            ent = orgs.get(key)
            if ent is None:
                ent = _Entity(new_id("org", name, country), name, [], country)
                orgs[key] = ent
            for n in actor.names[1:]:
                a = display_name(n.words)
                if a != name and a not in ent.aliases:
                    ent.aliases.append(a)
            ent.codes.extend(dc for dc in actor.codes if _convertible(dc.code))

    # A person listed without a country (an IGO post) joins the one person of that name with a country.
    for key, ent in list(people.items()):
        if ent.country:
            continue
        same = [e for k, e in people.items() if k[0] == key[0] and e.country]
        if len(same) == 1:
            target = same[0]
            target.codes.extend(ent.codes)
            for a in [ent.name, *ent.aliases]:
                if _surface(a) not in {_surface(x) for x in [target.name, *target.aliases]}:
                    target.aliases.append(a)
            del people[key]
    people_rows: list[Row] = []
    for ent in people.values():
        dated = _merge_intervals([dc for dc in ent.codes if dc.dated])
        # Undated codes of a person who has dated ones came from another entry of the same name:
        # they would hold on every day, so the dated codes win.
        codes = dated or _dedupe(ent.codes)
        for i, dc in enumerate(codes):
            people_rows.append(
                {
                    "entity_id": ent.entity_id,
                    "name": ent.name,
                    "aliases": "|".join(ent.aliases) if i == 0 else "",
                    "country": ent.country,
                    "code": iso_code(dc.code),
                    "role": role_of(dc.code, dc.comment),
                    "start": _iso(dc.start),
                    "end": _iso(dc.end),
                    "source": source,
                }
            )
    org_rows: list[Row] = []
    for ent in orgs.values():
        for i, dc in enumerate(_dedupe(ent.codes)):
            code = iso_code(dc.code)
            org_rows.append(
                {
                    "entity_id": ent.entity_id,
                    "code": code,
                    "name": ent.name,
                    "aliases": "|".join(ent.aliases) if i == 0 else "",
                    "country": code_country(code) or "",
                    "sectors": "|".join(code_sectors(code)),
                    "start": _iso(dc.start),
                    "end": _iso(dc.end),
                }
            )
    return ActorRows(people_rows, org_rows)


def _convertible(code: str) -> bool:
    """A code dyad rows can carry: not the null code, whole 3-letter blocks (``IRNGOV``, ``IGOUNO``)."""
    c = code.strip("~")
    return code != "---" and len(c) >= 3 and len(c) % 3 == 0


def _dedupe(codes: list[DatedCode]) -> list[DatedCode]:
    seen: set[tuple[str, date | None, date | None]] = set()
    out: list[DatedCode] = []
    for dc in codes:
        k = (dc.code.upper(), dc.start, dc.end)
        if k not in seen:
            seen.add(k)
            out.append(dc)
    return out


# Head nouns that name one person's role (agents.tsv ``person`` column).
_PERSON_HEADS = _wordset(
    """
    PRESIDENT MINISTER PREMIER CHANCELLOR SECRETARY AMBASSADOR ENVOY DIPLOMAT OFFICIAL SPOKESMAN
    SPOKESWOMAN SPOKESPERSON LEADER CHIEF HEAD KING QUEEN PRINCE PRINCESS EMIR SULTAN MONARCH GOVERNOR
    MAYOR GENERAL COMMANDER OFFICER SOLDIER JUDGE CAPTAIN CONSTABLE SERGEANT LIEUTENANT COLONEL MAJOR
    ADMIRAL MARSHAL BRIGADIER SECRETARY-GENERAL VICE-PRESIDENT PRESIDENT-ELECT EMISSARY NUN SHEIKH
    AYATOLLAH MULLAH PM LAWMAKER LEGISLATOR SENATOR DEPUTY MP ENVOY ADVISER
    ADVISOR AIDE CONSUL ATTACHE DIRECTOR CHAIRMAN CHAIRWOMAN CHAIRPERSON SPEAKER DICTATOR RULER CLERIC
    PRIEST BISHOP ARCHBISHOP POPE IMAM RABBI MONK JOURNALIST REPORTER EDITOR CORRESPONDENT STUDENT TEACHER
    PROFESSOR DOCTOR NURSE FARMER WORKER PEASANT REFUGEE ACTIVIST DISSIDENT REBEL INSURGENT MILITANT
    TERRORIST GUERRILLA FIGHTER GUNMAN BOMBER KILLER THIEF SMUGGLER TRAFFICKER PIRATE CRIMINAL SPY AGENT
    POLICEMAN POLICEWOMAN COP GUARD PROSECUTOR ATTORNEY LAWYER MEMBER CANDIDATE POLITICIAN BUSINESSMAN
    BUSINESSWOMAN EXECUTIVE CEO INVESTOR ENTREPRENEUR TYCOON MERCHANT TRADER CIVILIAN RESIDENT CITIZEN
    VILLAGER PROTESTER DEMONSTRATOR MAN WOMAN PERSON VETERAN OPPONENT DELEGATE NEGOTIATOR MEDIATOR
    INSPECTOR OBSERVER PEACEKEEPER VOLUNTEER
    """
)
_GROUP_HEADS = _wordset(
    """
    MINISTRY MINISTRIES GOVERNMENT COUNCIL PARTY ARMY FORCE FORCES POLICE MILITARY COURT AGENCY OFFICE
    DEPARTMENT COMMITTEE COMMISSION ASSEMBLY PARLIAMENT MEDIA PRESS COMPANY INDUSTRY BUSINESS GROUP
    ORGANIZATION ORGANISATION UNION ASSOCIATION PEOPLE CABINET REGIME ADMINISTRATION TROOPS
    """
)


def agent_is_person(words: Sequence[str]) -> bool:
    """Heuristic: does a role phrase name one person ("foreign minister") rather than a group?"""
    ws = [w.upper() for w in words]
    head = ws[_head_index(ws)]
    if head in _GROUP_HEADS:
        return False
    if head in _PERSON_HEADS:
        return True
    return head.endswith(("MAN", "WOMAN", "PERSON", "IST", "IAN", "ER", "OR", "ANT", "ENT")) and not head.endswith(
        ("CENTER", "SECTOR", "CORRIDOR", "PAPER", "TOWER", "BORDER", "QUARTER", "HEADQUARTER")
    )


def agents_to_rows(agents: Iterable[PetrarchAgent]) -> list[Row]:
    """Convert agent lines to dyad-agents/1 rows (``phrase``, ``plural``, ``code``, ``person``, ``note``).

    One row per singular phrase, lower case with blanks; the first line that names a phrase wins.
    ``plural`` lists the plural forms; for ``{}`` (no separate plural) it repeats the phrase itself so
    no "+s" form is invented. Prefix codes (``IGO~``) are written without the ``~`` and noted.
    """
    rows: list[Row] = []
    seen: set[str] = set()
    for agent in agents:
        for name in agent.names:
            phrase = " ".join(name.words).lower()
            if phrase in seen:
                continue
            seen.add(phrase)
            plurals = [" ".join(p.words).lower() for p in agent.plurals]
            if agent.null_plural and not plurals:
                plurals = [phrase]
            note = f"prefix code ({agent.code}~): goes before the actor code" if agent.prefix else ""
            rows.append(
                {
                    "phrase": phrase,
                    "plural": "|".join(dict.fromkeys(plurals)),
                    "code": agent.code,
                    "person": "yes" if agent_is_person(name.words) else "no",
                    "note": note,
                }
            )
    return rows


# ---------------------------------------------------------------------------------------------- writing
def _clean_field(value: str) -> str:
    return " ".join(str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ").split())


def write_tsv(
    rows: Iterable[Row],
    path: str | Path,
    schema: str,
    source: str,
    licence: str,
    *,
    version: str | None = None,
    comments: Sequence[str] = (),
) -> int:
    """Write rows as a dyad TSV data file with its header block; returns the number of rows written.

    The header holds ``schema``, ``version`` (default: today, ISO), ``source`` and ``licence`` and then
    each of ``comments`` as a ``# `` line, followed by the column header of ``schema``. Missing values
    are written empty; tabs and line breaks inside values become blanks.
    """
    if schema not in SCHEMA_COLUMNS:
        raise ValueError(f"unknown schema {schema!r}; known: {', '.join(SCHEMA_COLUMNS)}")
    columns = SCHEMA_COLUMNS[schema]
    lines = [
        f"# schema: {schema}",
        f"# version: {version or date.today().isoformat()}",
        f"# source: {_clean_field(source)}",
        f"# licence: {_clean_field(licence)}",
    ]
    lines.extend(f"# {_clean_field(c)}" if c.strip() else "#" for c in comments)
    lines.append("\t".join(columns))
    n = 0
    for row in rows:
        lines.append("\t".join(_clean_field(row.get(c, "") or "") for c in columns))
        n += 1
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n
