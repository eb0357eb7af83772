"""Event dates: give each event its own date from the temporal expression attached to its clause.

Two steps, both on :class:`DateResolver`:

* :meth:`DateResolver.resolve` reads one expression ("last month", "on Tuesday", "June 12, 2018")
  against the publication date of the article and returns a :class:`ResolvedDate`, or ``None`` when the
  expression names no date an event can be given ("recently", "for two years", "since 2016").
* :meth:`DateResolver.for_clause` finds, in a spaCy dependency parse, the expression that belongs to an
  event's trigger (verb or noun) and resolves it; with none it returns the document date.

Conventions (news prefers the past):

* A bare weekday ("Wednesday", "on Wednesday") is the most recent such day on or before the publication
  date, so a Wednesday article saying "on Wednesday" means that same day. "last Tuesday" is strictly
  before it, "next Tuesday" strictly after it, "this Tuesday" the Tuesday of the publication week.
* A day or month without a year ("June 12", "in June") is the most recent one not after the
  publication date ("December 28" in an article of 2018-01-05 is 2017-12-28).
* Weeks are ISO weeks: ``date`` is the Monday, ``earliest``/``latest`` the Monday and the Sunday
  (Saturday and Sunday for "the weekend"). Months are written ``YYYY-MM``, years ``YYYY``; their
  ``earliest``/``latest`` are the first and last days.
* The future is used only when the expression says so ("tomorrow", "next week", "in two days"), or
  when ``future=True`` is given (``for_clause`` sets it for triggers with "will"/"shall" or under
  "plan to", "agree to", ...): a bare weekday or a date without a year is then the next one on or
  after the publication date.

Publication dates known only roughly (``base_precision``): an expression is resolved only when its
own grain is at least as coarse as what is known ("last month" resolves against a month-precise
date, "yesterday" does not: ``None``). Dates without a year are placed against the last day of the
known period ("June 12" with only 2018 known is 2018-06-12). ``base_precision="unknown"`` is the same
as ``base=None``: only absolute expressions that carry a year resolve ("June 12, 2018", "in 2017").

dateparser reads absolute dates ("12 June", "Aug. 7, 2018", "6/12/2018", "June 2017") and gives
their period (day, month, year). dateparser 1.5 takes settings only when a parser is built, so the one
parser built by :meth:`DateResolver.load` is anchored on a fixed reference date (a leap year, so that
"February 29" reads) and every computation against the publication date (the year of a date written
without one, weekdays, "last week", "two days ago") is done here by the phrase rules in
``data/temporal/expressions.yaml`` and by code. Results are cached per expression and publication
date in a bounded LRU on the resolver instance.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

import yaml

from dyad.errors import DictionaryError
from dyad.models import DatePrecision
from dyad.resources import data_path

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from spacy.tokens import Span, Token

__all__ = [
    "SCHEMA",
    "DateResolver",
    "ResolvedDate",
    "document_date",
    "parse_published",
]

SCHEMA: Final = "dyad-temporal/1"

Unit = Literal["day", "week", "weekend", "month", "year"]
_UNITS: Final[tuple[str, ...]] = ("day", "week", "weekend", "month", "year")

# How coarse each precision is; an expression of grain g resolves against a base of precision p
# only when _RANK[g] >= _RANK[p].
_RANK: Final[dict[str, int]] = {"day": 0, "week": 1, "weekend": 1, "month": 2, "year": 3}

_MAX_EXPRESSION: Final = 120  # longer text is not a temporal expression
_DEFAULT_CACHE: Final = 4096
# dateparser's reference date: the last day of a leap year, so every month and day of a year-less
# date ("February 29", "December 31") exists. Year-less dates get their year here, not from it.
_ANCHOR: Final = dt.datetime(2000, 12, 31)
_MIN_YEAR: Final = 1000
_MAX_YEAR: Final = 9999

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_NAMES: Final[tuple[str, ...]] = tuple(m.lower() for m in calendar.month_name[1:])
_MONTH_RE: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE: Final = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "a couple of": 2,
    "couple of": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER_RE: Final = (
    r"(\d{1,3}|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_COUNT_UNIT_RE: Final = r"(days?|weeks?|fortnights?|months?|years?)"

# --- normalisation ---------------------------------------------------------------------------------
_OUTER: Final = " \t\n\r,;:!?()[]{}\"'`-"
_CLOCK: Final = re.compile(
    r"\b(?:at |around |about |by |from )?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)"
    r"|\b(?:at |around |about )?\d{1,2}:\d{2}\b"
    r"|\b(?:local time|gmt|utc|edt|est|cet|cest|bst|ist)\b"
    r"|\b(?:at |around |about )?(?:noon|midday|midnight|dawn|dusk|daybreak|nightfall)\b"
)
_PART_OF_DAY: Final = re.compile(
    rf"\b({_WEEKDAY_RE}|yesterday|tomorrow|{_MONTH_RE} \d{{1,2}}(?:st|nd|rd|th)?)\s+"
    r"(?:morning|afternoon|evening|night)\b"
)
_PART_OF_DAY_OF: Final = re.compile(r"\bthe (?:morning|afternoon|evening|night) of\s+")
_LEAD_PREP: Final = re.compile(r"^(?:on|in|at|during|around|about|over|of|as of|circa|ca\.?)\s+")
_LEAD_MOD: Final = re.compile(
    r"^(?:(?:(?:very |as )?early|late|mid|overnight|"
    r"(?:the )?(?:end|beginning|start|middle|close|turn) of|"
    r"the (?:first|second|third|fourth|last|final) (?:week|weekend|days?|half|quarter) of)\s+|mid-)"
)

# --- forms handled in code ------------------------------------------------------------------------
_WEEKDAY_FORM: Final = re.compile(rf"(?:(last|past|previous|this|next|coming) )?({_WEEKDAY_RE})")
_AGO_FORM: Final = re.compile(rf"{_NUMBER_RE} {_COUNT_UNIT_RE} ago")
_IN_FORM: Final = re.compile(rf"in {_NUMBER_RE} {_COUNT_UNIT_RE}(?: time)?")
_LATER_FORM: Final = re.compile(rf"{_NUMBER_RE} {_COUNT_UNIT_RE} (later|after|afterwards|earlier|before)")
_DAY_OF_MONTH_FORM: Final = re.compile(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)")
_YEAR_FORM: Final = re.compile(r"(?:the year |(?:fiscal|calendar) (?:year )?)?(\d{4})")
_HAS_MONTH: Final = re.compile(rf"\b{_MONTH_RE}(?=[\s,]|$)")
_WEEKDAY_PREFIX: Final = re.compile(rf"^{_WEEKDAY_RE},?\s+")
_DAY_RE: Final = r"\d{1,2}(?:st|nd|rd|th)?"
_ABSOLUTE_FORM: Final = re.compile(
    "|".join(
        (
            rf"{_MONTH_RE} {_DAY_RE}(?:,? \d{{4}})?",
            rf"(?:the )?{_DAY_RE} (?:of )?{_MONTH_RE}(?:,? \d{{4}})?",
            rf"{_MONTH_RE}(?:,? (?:of )?\d{{4}})?",
            r"\d{4}-\d{1,2}-\d{1,2}",
            r"\d{4}-\d{1,2}",
            r"\d{4}/\d{1,2}/\d{1,2}",
            r"\d{1,2}/\d{1,2}/\d{4}",
            r"\d{1,2}/\d{1,2}",
        )
    )
)
_FOUR_DIGITS: Final = re.compile(r"(?<!\d)\d{4}(?!\d)")

# --- clause attachment ----------------------------------------------------------------------------
_TEMPORAL_LABELS: Final = frozenset({"DATE", "TIME"})
_DAY_WORDS: Final = frozenset({"yesterday", "today", "tonight", "overnight", "tomorrow"})
_PERIOD_NOUNS: Final = frozenset({"week", "month", "year", "weekend"})
_PERIOD_MODIFIERS: Final = frozenset({"last", "this", "next", "past", "previous", "coming", "earlier", "later"})
_DAY_NOUNS: Final = frozenset({"day", "night", "morning", "afternoon", "evening"})
_ANAPHORIC_MODIFIERS: Final = frozenset({"same", "that", "next", "following", "previous", "preceding"})
_TEMPORAL_NOUNS: Final = frozenset(
    {
        "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "morning",
        "afternoon", "evening", "night", "hours", "hour", "time", "date", "end", "beginning", "start",
        "middle", "half", "quarter", "dawn", "noon", "midnight", "period", "today", "yesterday",
        "tomorrow", "tonight",
    }
)  # fmt: skip
_CLAUSE_POS: Final = frozenset({"VERB", "AUX"})
_NOMINAL_POS: Final = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# A date that reaches a noun as one of these belongs to that noun ("the June 12 summit").
_PREMODIFIER_DEPS: Final = frozenset({"compound", "nmod", "amod", "poss", "nummod"})
# Prepositions that make a date a bound or a reference point, not the event's date.
_NON_DATING_PREPS: Final = frozenset(
    {"after", "before", "since", "until", "till", "by", "following", "ahead", "prior", "from",
     "between", "through", "throughout", "within", "for", "than", "like", "unlike", "despite"}
)  # fmt: skip
# Verbs whose object or subject noun takes the verb's date ("held talks on Tuesday").
_LIGHT_VERBS: Final = frozenset(
    {"be", "hold", "have", "conduct", "stage", "begin", "start", "launch", "open", "resume", "attend",
     "make", "take", "give", "deliver", "sign", "host", "carry", "mount", "call", "organize", "organise"}
)  # fmt: skip
_NOUN_ARGUMENT_DEPS: Final = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
_FUTURE_AUX: Final = frozenset({"will", "shall", "'ll", "wo"})
# Verbs whose open complement describes something still to come ("agreed to meet on Thursday").
_INTENT_VERBS: Final = frozenset(
    {"plan", "schedule", "expect", "intend", "set", "due", "agree", "promise", "pledge", "vow",
     "threaten", "hope", "want", "aim", "prepare", "seek", "propose", "offer", "decide"}
)  # fmt: skip


@dataclass(frozen=True)
class ResolvedDate:
    """The date an event is given, and how precise it is.

    ``date`` is ``YYYY-MM-DD`` for ``day`` and ``week`` precision (for a week: its Monday), ``YYYY-MM``
    for ``month``, ``YYYY`` for ``year``. For ``document`` it is the publication date written at the
    precision it is known at; for ``unknown`` it is ``""``. ``text`` is the expression as written
    ("last month"), ``None`` for document dates. ``start``/``end`` are character offsets of the
    expression in the spaCy ``Doc`` text (``-1`` when none). ``earliest``/``latest`` are the first and
    last ISO days of the interval the date stands for (``None`` when unknown).
    """

    date: str
    precision: DatePrecision
    text: str | None
    start: int = -1
    end: int = -1
    earliest: str | None = None
    latest: str | None = None


# --- small date helpers ---------------------------------------------------------------------------


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _day_result(day: dt.date, text: str | None) -> ResolvedDate:
    iso = day.isoformat()
    return ResolvedDate(iso, "day", text, earliest=iso, latest=iso)


def _week_result(
    monday: dt.date, text: str | None, first: dt.date | None = None, last: dt.date | None = None
) -> ResolvedDate:
    first = first or monday
    last = last or monday + dt.timedelta(days=6)
    return ResolvedDate(monday.isoformat(), "week", text, earliest=first.isoformat(), latest=last.isoformat())


def _month_result(year: int, month: int, text: str | None) -> ResolvedDate:
    last = calendar.monthrange(year, month)[1]
    return ResolvedDate(
        f"{year:04d}-{month:02d}",
        "month",
        text,
        earliest=dt.date(year, month, 1).isoformat(),
        latest=dt.date(year, month, last).isoformat(),
    )


def _year_result(year: int, text: str | None) -> ResolvedDate:
    return ResolvedDate(
        f"{year:04d}",
        "year",
        text,
        earliest=dt.date(year, 1, 1).isoformat(),
        latest=dt.date(year, 12, 31).isoformat(),
    )


def _bounds(base: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period a base date of this precision stands for."""
    if precision == "year":
        return dt.date(base.year, 1, 1), dt.date(base.year, 12, 31)
    if precision == "month":
        return base.replace(day=1), base.replace(day=calendar.monthrange(base.year, base.month)[1])
    if precision == "week":
        monday = _monday(base)
        return monday, monday + dt.timedelta(days=6)
    return base, base


def _start_of(resolved: ResolvedDate) -> dt.date | None:
    """First day of a resolved date's interval, read from ``earliest`` or from ``date``."""
    for value in (resolved.earliest, resolved.date):
        if not value:
            continue
        try:
            if len(value) == 4:
                return dt.date(int(value), 1, 1)
            if len(value) == 7:
                return dt.date(int(value[:4]), int(value[5:7]), 1)
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def document_date(base: dt.date | None, base_precision: DatePrecision = "day") -> ResolvedDate:
    """The date of an event whose clause carries no usable expression: the publication date.

    Written at the precision it is known at (``YYYY-MM-DD``, the Monday for a week, ``YYYY-MM``,
    ``YYYY``) with ``precision="document"`` and ``text=None``. With no publication date (``base`` is
    None or ``base_precision`` is ``"unknown"``) it is ``ResolvedDate(date="", precision="unknown",
    text=None)``.
    """
    if base is None or base_precision == "unknown":
        return ResolvedDate("", "unknown", None)
    base = _as_date(base)
    first, last = _bounds(base, base_precision)
    if base_precision == "year":
        text = f"{base.year:04d}"
    elif base_precision == "month":
        text = f"{base.year:04d}-{base.month:02d}"
    elif base_precision == "week":
        text = first.isoformat()
    else:
        text = base.isoformat()
    return ResolvedDate(text, "document", None, earliest=first.isoformat(), latest=last.isoformat())


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# --- publication dates ----------------------------------------------------------------------------

_PUBLISHED_YEAR: Final = re.compile(r"\d{4}")
_PUBLISHED_MONTH: Final = re.compile(r"(\d{4})-(\d{1,2})")
_PUBLISHED_MIN_YEAR: Final = 1800
_PUBLISHED_MAX_YEAR: Final = 2200
_PUBLISHED_FORMATS: Final[tuple[tuple[str, DatePrecision], ...]] = (
    ("%Y/%m/%d", "day"),
    ("%Y.%m.%d", "day"),
    ("%Y%m%d", "day"),
    ("%B %d, %Y", "day"),
    ("%b %d, %Y", "day"),
    ("%B %d %Y", "day"),
    ("%b %d %Y", "day"),
    ("%d %B %Y", "day"),
    ("%d %b %Y", "day"),
    ("%d %B, %Y", "day"),
    ("%A, %B %d, %Y", "day"),
    ("%a, %b %d, %Y", "day"),
    ("%A, %d %B %Y", "day"),
    ("%m/%d/%Y", "day"),
    ("%B %Y", "month"),
    ("%b %Y", "month"),
)


def _plausible(year: int) -> bool:
    return _PUBLISHED_MIN_YEAR <= year <= _PUBLISHED_MAX_YEAR


def parse_published(value: str) -> tuple[str, DatePrecision] | None:
    """Read a publication date: ``("YYYY-MM-DD", "day")``, ``("YYYY-MM", "month")``, ``("YYYY", "year")``.

    Accepts ISO dates and datetimes (with ``Z`` or an offset: the date is taken as written, in the
    publisher's time zone, not converted to UTC), ``2018-08``, ``2018``, RFC 2822 dates
    (``Wed, 08 Aug 2018 10:00:00 GMT``) and common English forms ("August 8, 2018", "8 Aug 2018",
    "Aug. 8, 2018", "08/08/2018" read month first, "August 2018"). Returns None for anything else,
    for relative dates ("yesterday"), and for years outside 1800-2200.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80 or not _PUBLISHED_YEAR.search(text):
        return None
    if _PUBLISHED_YEAR.fullmatch(text):
        year = int(text)
        return (text, "year") if _plausible(year) else None
    month = _PUBLISHED_MONTH.fullmatch(text)
    if month:
        year, mon = int(month.group(1)), int(month.group(2))
        return (f"{year:04d}-{mon:02d}", "month") if _plausible(year) and 1 <= mon <= 12 else None
    found = _published_day(text)
    if found is not None:
        return (found.isoformat(), "day") if _plausible(found.year) else None
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text.replace(".", ""))
    for fmt, precision in _PUBLISHED_FORMATS:
        try:
            parsed = dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        if not _plausible(parsed.year):
            return None
        return (parsed.isoformat(), "day") if precision == "day" else (parsed.strftime("%Y-%m"), "month")
    return _published_with_dateparser(text)


def _published_day(text: str) -> dt.date | None:
    """ISO date/datetime or RFC 2822, else None."""
    iso = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", text) else text
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if "," in text or re.search(r"\d{1,2}:\d{2}", text):
        try:
            return email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            return None
    return None


def _published_with_dateparser(text: str) -> tuple[str, DatePrecision] | None:
    """Last resort for publication dates: dateparser, requiring a written year."""
    from dateparser.date import DateDataParser  # heavy import, only when needed

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": _ANCHOR,
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises many kinds of error on odd input; unreadable is None
        return None
    when = data.date_obj
    if when is None or not _plausible(when.year):
        return None
    if data.period == "day":
        return when.date().isoformat(), "day"
    if data.period == "month":
        return when.strftime("%Y-%m"), "month"
    if data.period == "year":
        return f"{when.year:04d}", "year"
    return None


# --- rules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    kind: Literal["vague", "anaphoric", "relative"]
    pattern: re.Pattern[str]
    unit: Unit | None = None
    offset: int | None = None  # None with unit "weekend": the most recent weekend
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Rules:
    vague: tuple[_Rule, ...]
    anaphoric: tuple[_Rule, ...]
    relative: tuple[_Rule, ...]
    event_nouns: frozenset[str]


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _load_rules(path: Path) -> _Rules:
    """Read and check ``expressions.yaml``; :class:`DictionaryError` names the file and line."""
    where = str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(where, None, f"cannot read the temporal rules: {exc}") from exc
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(where, line, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DictionaryError(where, 1, "expected a mapping with schema, version, source, licence and rules")
    if data.get("schema") != SCHEMA:
        raise DictionaryError(where, _line_of(source, "schema"), f"schema must be {SCHEMA!r}")
    for key in ("version", "source", "licence"):
        if not data.get(key):
            raise DictionaryError(where, 1, f"header key {key!r} is missing or empty")

    def rules(kind: Literal["vague", "anaphoric", "relative"]) -> tuple[_Rule, ...]:
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            raise DictionaryError(where, _line_of(source, f"{kind}:"), f"{kind} must be a list of rules")
        out: list[_Rule] = []
        for number, entry in enumerate(entries, 1):
            out.append(_parse_rule(kind, number, entry, where, source))
        return tuple(out)

    nouns = data.get("event_nouns") or []
    if not isinstance(nouns, list) or not all(isinstance(n, str) and n.strip() for n in nouns):
        raise DictionaryError(where, _line_of(source, "event_nouns:"), "event_nouns must be a list of words")
    return _Rules(
        vague=rules("vague"),
        anaphoric=rules("anaphoric"),
        relative=rules("relative"),
        event_nouns=frozenset(n.strip().lower() for n in nouns),
    )


def _parse_rule(
    kind: Literal["vague", "anaphoric", "relative"], number: int, entry: Any, where: str, source: str
) -> _Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
        raise DictionaryError(where, None, f"{kind} rule {number}: needs a string 'pattern'")
    text: str = entry["pattern"]
    line = _line_of(source, text.replace("\\", "\\\\")) or _line_of(source, text)
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise DictionaryError(where, line, f"{kind} rule {number}: bad pattern: {exc}") from exc
    examples = entry.get("examples") or []
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise DictionaryError(where, line, f"{kind} rule {number}: examples must be a list of strings")
    unit: Unit | None = None
    offset: int | None = None
    if kind == "anaphoric":
        raw = entry.get("offset")
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise DictionaryError(where, line, f"anaphoric rule {number}: offset must be a whole number of days")
        offset = raw
    elif kind == "relative":
        raw_unit = entry.get("unit")
        if raw_unit not in _UNITS:
            raise DictionaryError(where, line, f"relative rule {number}: unit must be one of {', '.join(_UNITS)}")
        unit = raw_unit
        raw = entry.get("offset")
        if raw == "recent" and unit == "weekend":
            offset = None
        elif isinstance(raw, int) and not isinstance(raw, bool):
            offset = raw
        else:
            raise DictionaryError(
                where, line, f"relative rule {number}: offset must be a whole number ('recent' for weekends)"
            )
    return _Rule(kind, pattern, unit, offset, tuple(examples))


# --- the cache ------------------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _LRU(Generic[K, V]):
    """A small thread-safe least-recently-used map."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = max(0, maxsize)
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> tuple[bool, V | None]:
        with self._lock:
            if key not in self._data:
                return False, None
            self._data.move_to_end(key)
            return True, self._data[key]

    def put(self, key: K, value: V) -> None:
        if self._maxsize == 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


# --- normalisation --------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Lower case, single spaces, straight quotes, no outer punctuation, possessive, clock time."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = " ".join(s.split()).strip(_OUTER)
    s = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", s)
    s = _CLOCK.sub(" ", s)
    s = _PART_OF_DAY_OF.sub("", s)
    s = _PART_OF_DAY.sub(r"\1", s)
    s = " ".join(s.split()).strip(_OUTER)
    return s.rstrip(".") if not _HAS_MONTH.search(s) else s


def _strip_lead(text: str) -> str:
    """Remove leading prepositions and vagueness modifiers ("on", "in", "early", "the end of")."""
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_PREP.sub("", text, count=1)
        stripped = _LEAD_MOD.sub("", text, count=1)
        if stripped:
            text = stripped
        text = text.strip(_OUTER)
    return text


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _unit_of(word: str) -> tuple[Unit, int]:
    """Grain and multiplier of a counted unit word ("fortnights" is two weeks)."""
    if word.startswith("fortnight"):
        return "week", 2
    stem = word.rstrip("s")
    if stem == "day":
        return "day", 1
    if stem == "week":
        return "week", 1
    if stem == "month":
        return "month", 1
    return "year", 1


# --- the resolver ---------------------------------------------------------------------------------


class DateResolver:
    """Resolves temporal expressions against a publication date, and finds them in a parse.

    ``DateResolver(rules_path).load()`` reads the phrase rules (default
    ``dyad/data/temporal/expressions.yaml``) and builds the dateparser parser once; ``resolve`` and
    ``for_clause`` load lazily if ``load`` was not called. One instance can be shared by threads. It
    pickles as its configuration only (for worker pools) and loads again where it is used.
    """

    def __init__(self, rules_path: Path | None = None, cache_size: int = _DEFAULT_CACHE) -> None:
        """Store the configuration only: ``rules_path`` (None: the bundled rules) and the size of
        each of the two LRU caches (resolved expressions, and dateparser readings)."""
        self.rules_path = rules_path
        self.cache_size = cache_size
        self._reset()

    def _reset(self) -> None:
        self._rules: _Rules | None = None
        self._parser: DateDataParser | None = None
        self._cache: _LRU[tuple[Any, ...], ResolvedDate | None] = _LRU(self.cache_size)
        self._absolute_cache: _LRU[str, tuple[dt.date, str, bool] | None] = _LRU(self.cache_size)
        # the temporal spans of the last document seen: every clause of a document asks for them (holding the
        # document keeps its identity from being reused by another while it is cached)
        self._spans: tuple[Any, list[Span]] | None = None
        self._load_lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"rules_path": self.rules_path, "cache_size": self.cache_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules_path = state.get("rules_path")
        self.cache_size = int(state.get("cache_size", _DEFAULT_CACHE))
        self._reset()

    # -- loading --

    def load(self) -> DateResolver:
        """Read the phrase rules and build the dateparser parser (once). Returns self."""
        with self._load_lock:
            if self._rules is not None and self._parser is not None:
                return self
            from dateparser.date import DateDataParser  # heavy import, at load time

            path = self.rules_path or data_path("temporal", "expressions.yaml")
            rules = _load_rules(Path(path))
            parser = DateDataParser(
                languages=["en"],
                settings={
                    "PREFER_DATES_FROM": "past",
                    "RELATIVE_BASE": _ANCHOR,
                    "PREFER_DAY_OF_MONTH": "first",
                    "RETURN_AS_TIMEZONE_AWARE": False,
                    # relative dates are computed here, never by dateparser
                    "PARSERS": ["absolute-time"],
                },
            )
            self._rules, self._parser = rules, parser
        return self

    def _loaded_rules(self) -> _Rules:
        if self._rules is None:
            self.load()
        assert self._rules is not None
        return self._rules

    # -- one expression --

    def resolve(
        self,
        expression: str,
        base: dt.date | None,
        base_precision: DatePrecision = "day",
        previous: ResolvedDate | None = None,
        *,
        future: bool = False,
    ) -> ResolvedDate | None:
        """Resolve one temporal expression against the publication date ``base``.

        Returns None when the expression names no date an event can be given ("recently", "for two
        years", "since 2016", not a date at all), when it is relative and ``base`` is None or too
        coarse, or when it points back ("the same day", "the next day") and ``previous`` is None.
        ``previous`` is the date of the event before in the same document. ``future=True`` makes a
        bare weekday or a date without a year the next one on or after ``base`` instead of the last
        one on or before it. The result has ``start``/``end`` = -1; ``for_clause`` fills them.
        """
        if not isinstance(expression, str):
            return None
        if base is not None:
            base = _as_date(base)
        key = (expression, base, base_precision, previous, future)
        found, cached = self._cache.get(key)
        if found:
            return cached
        try:
            result = self._resolve(expression, base, base_precision, previous, future)
        except (OverflowError, ValueError):  # arithmetic past date.min/date.max
            result = None
        self._cache.put(key, result)
        return result

    def _resolve(
        self,
        expression: str,
        base: dt.date | None,
        base_precision: DatePrecision,
        previous: ResolvedDate | None,
        future: bool,
    ) -> ResolvedDate | None:
        raw = expression.strip()  # the expression as written, for ``text``
        if not raw or len(raw) > _MAX_EXPRESSION:
            return None
        norm = _normalise(raw)
        stripped = _strip_lead(norm)
        if not stripped:
            return None
        if base_precision == "unknown":
            base = None
        precision: str = "day" if base_precision == "document" else base_precision
        rules = self._loaded_rules()

        in_form = _IN_FORM.fullmatch(norm)
        if in_form:  # "in two days": explicit future
            unit, times = _unit_of(in_form.group(2))
            return self._relative(unit, _count(in_form.group(1)) * times, base, precision, raw)
        for rule in rules.vague:
            if rule.pattern.fullmatch(norm) or rule.pattern.fullmatch(stripped):
                return None
        for rule in rules.anaphoric:
            if rule.pattern.fullmatch(norm) or rule.pattern.fullmatch(stripped):
                return _from_previous(previous, "day", rule.offset or 0, raw)
        later = _LATER_FORM.fullmatch(stripped)
        if later:  # "two days later", "a year earlier": counts from the previous event
            unit, times = _unit_of(later.group(2))
            sign = 1 if later.group(3) in ("later", "after", "afterwards") else -1
            return _from_previous(previous, unit, sign * _count(later.group(1)) * times, raw)
        for rule in rules.relative:
            if rule.pattern.fullmatch(stripped) or rule.pattern.fullmatch(norm):
                assert rule.unit is not None
                return self._relative(rule.unit, rule.offset, base, precision, raw)
        weekday = _WEEKDAY_FORM.fullmatch(stripped)
        if weekday:
            return _weekday(weekday.group(1), WEEKDAYS[weekday.group(2)], base, precision, raw, future)
        ago = _AGO_FORM.fullmatch(stripped)
        if ago:
            unit, times = _unit_of(ago.group(2))
            return self._relative(unit, -_count(ago.group(1)) * times, base, precision, raw)
        day_of_month = _DAY_OF_MONTH_FORM.fullmatch(stripped)
        if day_of_month:
            return _day_of_month(int(day_of_month.group(1)), base, precision, raw, future)
        year = _YEAR_FORM.fullmatch(stripped)
        if year:
            value = int(year.group(1))
            return _year_result(value, raw) if _MIN_YEAR <= value <= _MAX_YEAR else None
        return self._absolute(stripped, base, precision, raw, future)

    def _relative(
        self, unit: Unit, offset: int | None, base: dt.date | None, precision: str, text: str
    ) -> ResolvedDate | None:
        """A date counted in ``unit`` from the publication date (``offset`` None: latest weekend)."""
        if base is None or _RANK[unit] < _RANK.get(precision, 0):
            return None
        if unit == "day":
            return _day_result(base + dt.timedelta(days=offset or 0), text)
        if unit == "week":
            return _week_result(_monday(base) + dt.timedelta(weeks=offset or 0), text)
        if unit == "weekend":
            weeks = offset if offset is not None else (0 if base.weekday() >= 5 else -1)
            monday = _monday(base) + dt.timedelta(weeks=weeks)
            return _week_result(monday, text, monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
        if unit == "month":
            year, month = _shift_month(base.year, base.month, offset or 0)
            return _month_result(year, month, text)
        return _year_result(base.year + (offset or 0), text)

    def _absolute(self, text: str, base: dt.date | None, precision: str, raw: str, future: bool) -> ResolvedDate | None:
        """A calendar date read by dateparser; a missing year is filled in from ``base``."""
        candidate = _WEEKDAY_PREFIX.sub("", text) if _HAS_MONTH.search(text) else text
        if not _ABSOLUTE_FORM.fullmatch(candidate):
            return None  # clearly not a date: dateparser is not asked
        parsed = self._parse_absolute(candidate)
        if parsed is None:
            return None
        when, period, has_year = parsed
        if has_year:
            if period == "day":
                return _day_result(when, raw)
            if period == "month":
                return _month_result(when.year, when.month, raw)
            return _year_result(when.year, raw)
        if base is None:
            return None
        first, last = _bounds(base, precision)
        if period == "day":
            day = _place_day(when.month, when.day, first if future else last, future)
            return _day_result(day, raw) if day is not None else None
        if period == "month":
            anchor = first if future else last
            year = anchor.year
            if not future and when.month > anchor.month:
                year -= 1
            if future and when.month < anchor.month:
                year += 1
            return _month_result(year, when.month, raw)
        return None

    def _parse_absolute(self, text: str) -> tuple[dt.date, str, bool] | None:
        """(date, period, year written?) from dateparser, cached per text (it does not use the base)."""
        found, cached = self._absolute_cache.get(text)
        if found:
            return cached
        if self._parser is None:
            self.load()
        assert self._parser is not None
        result: tuple[dt.date, str, bool] | None = None
        try:
            data = self._parser.get_date_data(text)
        except Exception:  # dateparser raises many kinds of error on odd input; unreadable is None
            data = None
        if data is not None and data.date_obj is not None and data.period in ("day", "month", "year"):
            parts = getattr(data, "parts", None)
            has_year = "year" in parts if parts is not None else bool(_FOUR_DIGITS.search(text))
            when = data.date_obj.date()
            if not has_year or _MIN_YEAR <= when.year <= _MAX_YEAR:
                result = (when, str(data.period), has_year)
        self._absolute_cache.put(text, result)
        return result

    # -- a clause in a parse --

    def for_clause(
        self,
        trigger: Token,
        base: dt.date | None,
        base_precision: DatePrecision,
        previous: ResolvedDate | None = None,
    ) -> ResolvedDate:
        """The date of the event whose trigger (verb or noun) is ``trigger``.

        Looks for DATE/TIME entities and temporal words ("yesterday", "overnight", "last week",
        weekdays) that hang off the trigger: in its subtree, but not inside an embedded clause with a
        verb of its own (ccomp, advcl, relcl, xcomp, ...), not under a noun that the date pre-modifies
        ("Trump's June 12 summit") or that is an event itself ("the summit of June 12"), and not as a
        bound ("after June 12", "since 2016"). The nearest one (fewest arcs, then fewest tokens away)
        that resolves wins; ``text``, ``start`` and ``end`` then describe it in the Doc. A conjoined
        verb without a date takes its first conjunct's ("met on Tuesday and signed ..."); a noun
        trigger without one takes the date of a light verb it is the argument of ("held talks on
        Tuesday", "the attack was on Tuesday"). With nothing attached the result is
        :func:`document_date` (precision ``"document"``, or ``"unknown"`` with ``date=""`` when the
        publication date is unknown). With ``base_precision`` coarser than day, finer relative
        expressions do not resolve and the event keeps the document date.
        """
        future = _looks_future(trigger)
        for span in self._attached(trigger):
            resolved = self.resolve(span.text, base, base_precision, previous, future=future)
            if resolved is not None:
                return replace(resolved, text=span.text, start=span.start_char, end=span.end_char)
        time_span = _time_clause_span(trigger)
        if time_span is not None:  # "on the same day that X criticized Y": dated by its time noun
            resolved = self.resolve(time_span.text, base, base_precision, previous, future=future)
            if resolved is not None:
                return replace(resolved, text=time_span.text, start=time_span.start_char, end=time_span.end_char)
        return document_date(base, base_precision)

    def _attached(self, trigger: Token) -> Iterator[Span]:
        """Temporal spans attached to the trigger, nearest first, then those of its fallbacks."""
        doc = trigger.doc
        if self._spans is None or self._spans[0] is not doc:
            self._spans = (doc, _temporal_spans(doc))
        spans = self._spans[1]
        nouns = self._loaded_rules().event_nouns
        seen: set[int] = set()
        for head in _fallback_heads(trigger):
            ranked: list[tuple[int, int, Span]] = []
            for span in spans:
                if span.start in seen:
                    continue
                hops = _hops(span, head, nouns)
                if hops is not None:
                    ranked.append((hops, abs(span.root.i - head.i), span))
            ranked.sort(key=lambda item: (item[0], item[1], item[2].start))
            for _, _, span in ranked:
                seen.add(span.start)
                yield span


# --- resolver helpers -----------------------------------------------------------------------------


def _from_previous(previous: ResolvedDate | None, unit: Unit, offset: int, text: str) -> ResolvedDate | None:
    """A date counted from the previous event's date ("the same day", "two days later")."""
    if previous is None or previous.precision not in ("day", "week", "month", "year"):
        return None
    if offset == 0:
        return replace(previous, text=text, start=-1, end=-1)
    start = _start_of(previous)
    if start is None or _RANK[unit] < _RANK[previous.precision]:
        return None
    if unit == "day":
        return _day_result(start + dt.timedelta(days=offset), text)
    if unit == "week":
        return _week_result(_monday(start + dt.timedelta(weeks=offset)), text)
    if unit == "month":
        year, month = _shift_month(start.year, start.month, offset)
        return _month_result(year, month, text)
    return _year_result(start.year + offset, text)


def _weekday(
    modifier: str | None, weekday: int, base: dt.date | None, precision: str, text: str, future: bool
) -> ResolvedDate | None:
    if base is None or precision != "day":
        return None
    back = (base.weekday() - weekday) % 7  # days since the last such day, 0 when base is one
    ahead = (weekday - base.weekday()) % 7
    if modifier in ("last", "past", "previous"):
        day = base - dt.timedelta(days=back or 7)
    elif modifier in ("next", "coming"):
        day = base + dt.timedelta(days=ahead or 7)
    elif modifier == "this":
        day = _monday(base) + dt.timedelta(days=weekday)
    elif future:
        day = base + dt.timedelta(days=ahead)
    else:
        day = base - dt.timedelta(days=back)
    return _day_result(day, text)


def _place_day(month: int, day: int, anchor: dt.date, future: bool) -> dt.date | None:
    """The (month, day) nearest to ``anchor`` on its side: not after it (past) or not before it."""
    step = 1 if future else -1
    year = anchor.year
    for _ in range(9):  # February 29 recurs within eight years
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            year += step
            continue
        if (candidate <= anchor) if not future else (candidate >= anchor):
            return candidate
        year += step
    return None


def _day_of_month(day: int, base: dt.date | None, precision: str, text: str, future: bool) -> ResolvedDate | None:
    """A day of the month ("the 12th"): the nearest one not after (``future``: not before) the base."""
    if base is None or precision != "day" or not 1 <= day <= 31:
        return None
    year, month = base.year, base.month
    step = 1 if future else -1
    for _ in range(13):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            if (candidate >= base) if future else (candidate <= base):
                return _day_result(candidate, text)
        year, month = _shift_month(year, month, step)
    return None


# --- parse helpers --------------------------------------------------------------------------------


def _temporal_spans(doc: Any) -> list[Span]:
    """DATE/TIME entities (adjacent ones merged) and temporal words the NER missed."""
    spans: list[Span] = []
    covered: set[int] = set()
    groups: list[list[int]] = []
    for ent in doc.ents:
        if ent.label_ not in _TEMPORAL_LABELS:
            continue
        if groups and ent.start == groups[-1][1]:  # "Wednesday" + "morning"
            groups[-1][1] = ent.end
        else:
            groups.append([ent.start, ent.end])
    for start, end in groups:
        spans.append(doc[start:end])
        covered.update(range(start, end))
    for token in doc:
        if token.i in covered:
            continue
        bounds = _word_span(token)
        if bounds is None or any(i in covered for i in range(*bounds)):
            continue
        spans.append(doc[bounds[0] : bounds[1]])
        covered.update(range(*bounds))
    return spans


def _word_span(token: Token) -> tuple[int, int] | None:
    """Token bounds of a temporal expression headed by a word the NER did not tag, else None."""
    low = token.lower_
    if low in _DAY_WORDS:
        return token.i, token.i + 1
    if low in WEEKDAYS or low in _PERIOD_NOUNS:
        mods = [c.i for c in token.children if c.i < token.i and c.lower_ in _PERIOD_MODIFIERS | {"early", "late"}]
        if low in _PERIOD_NOUNS and not any(c.lower_ in _PERIOD_MODIFIERS for c in token.children):
            return None
        for child in token.children:  # "earlier this month": "earlier" may hang off "this"
            mods.extend(g.i for g in child.children if g.i < token.i and g.lower_ in _PERIOD_MODIFIERS)
        return (min([*mods, token.i]), token.i + 1)
    if low in _DAY_NOUNS and any(
        c.lower_ in _ANAPHORIC_MODIFIERS for c in token.children if c.i < token.i
    ):  # "the same day", "that night", "the next morning"
        return min([c.i for c in token.children if c.i < token.i] + [token.i]), token.i + 1
    if low == "ago":  # "two days ago" when the NER missed it
        return token.left_edge.i, token.i + 1
    if low in _MONTH_NAMES and token.pos_ == "PROPN":
        numbers = [c.i for c in token.children if c.like_num and abs(c.i - token.i) <= 2]
        return min([*numbers, token.i]), max([*numbers, token.i]) + 1
    if (
        token.like_num
        and re.fullmatch(r"1[89]\d\d|20\d\d", token.text)
        and token.dep_ == "pobj"
        and token.head.lower_ in ("in", "during")
    ):
        return token.i, token.i + 1
    return None


def _is_event_noun(token: Token, nouns: frozenset[str]) -> bool:
    return token.lemma_.lower() in nouns or token.lower_ in nouns


def _hops(span: Span, trigger: Token, nouns: frozenset[str]) -> int | None:
    """Arcs from the span up to the trigger, or None when the span does not belong to it."""
    inside = range(span.start, span.end)
    if trigger.i in inside:
        return None
    child = span.root
    hops = 0
    while True:
        head = _head(child)
        if head.i == child.i:
            return None  # reached the sentence root without meeting the trigger
        hops += 1
        if head.pos_ in ("ADP", "SCONJ") and head.lower_ in _NON_DATING_PREPS:
            return None  # a bound or reference point: "after June 12", "since 2016"
        if head.i == trigger.i:
            return hops
        if head.i not in inside and _blocks(head, child, nouns):
            return None
        child = head


def _head(token: Token) -> Token:
    """The token's syntactic head, undoing one frequent misparse of reported speech.

    In "Turkey said on Friday it would retaliate" the parser hangs "on Friday" off "retaliate",
    though it stands before that clause's subject: it belongs to "said".
    """
    head = token.head
    if (
        head.dep_ == "ccomp"
        and head.head.i < token.i < head.i
        and token.dep_ in ("prep", "npadvmod", "advmod", "tmod")
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") and token.i < c.i < head.i for c in head.children)
    ):
        return head.head
    return head


def _blocks(token: Token, child: Token, nouns: frozenset[str]) -> bool:
    """Whether a date passing through ``token`` (coming up from ``child``) belongs to it instead."""
    if token.pos_ in _CLAUSE_POS:
        return True  # an embedded clause with its own verb
    if token.pos_ not in _NOMINAL_POS:
        return False  # prepositions, adverbs, adjectives, determiners pass
    if token.ent_type_ in _TEMPORAL_LABELS or token.lower_ in _TEMPORAL_NOUNS:
        return False  # "the morning of June 12", "the end of June"
    if child.dep_ in _PREMODIFIER_DEPS:
        return True  # "Trump's June 12 summit": the date is the noun's own
    if token.head.pos_ == "ADP" and token.head.lower_ in _NON_DATING_PREPS:
        return True  # "after the summit of June 12": a reference event
    return _is_event_noun(token, nouns)  # "the attack on Tuesday" is the attack's date


def _time_clause_span(trigger: Token) -> Span | None:
    """The temporal expression a clause is attached to by "that"/"when" ("the same day that ...",
    "the week when ..."), whether the parser made the clause a relative clause of the time noun or a
    complement of the verb before it."""
    head: Token | None = None
    if trigger.dep_ in ("relcl", "acl"):
        head = trigger.head
    else:
        marks = [c for c in trigger.children if c.dep_ in ("mark", "advmod") and c.lower_ in ("that", "when")]
        mark = marks[0] if marks else None
        if mark is not None and mark.i > 0 and mark.i < trigger.i:
            head = trigger.doc[mark.i - 1]
    if head is None or head.pos_ not in ("NOUN", "PROPN"):
        return None
    # "the (same) day that ..." names a time by the clause; "warned last month that ..." does not
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    for span in _temporal_spans(trigger.doc):
        if span.start <= head.i < span.end:
            return span
    return None


def _fallback_heads(trigger: Token) -> list[Token]:
    """The trigger, then the heads whose date it may share (first conjunct, light verb)."""
    heads = [trigger]
    current = trigger
    for _ in range(4):
        conjunct = current.dep_ == "conj" and current.head.pos_ == current.pos_
        light_verb_argument = (
            current.pos_ in ("NOUN", "PROPN")
            and current.dep_ in _NOUN_ARGUMENT_DEPS
            and current.head.lemma_.lower() in _LIGHT_VERBS
        )
        if current.head.i == current.i or not (conjunct or light_verb_argument):
            break
        current = current.head
        heads.append(current)
    return heads


def _looks_future(trigger: Token) -> bool:
    """Whether the trigger's clause speaks of the future ("will meet", "agreed to meet")."""
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.pos_ in _CLAUSE_POS:
        verb = trigger.head
    for _ in range(3):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in verb.children):
            return True
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _INTENT_VERBS:
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return False
