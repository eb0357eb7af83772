"""Tests for dyad.clean: boilerplate rules, headline/standfirst handling, metadata, dates, offsets, HTML.

Every fixture text here and under tests/data/clean/ was written for these tests (invented countries and
people) in the styles of the wire services; none is copied from a real article.
"""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad import clean as clean_module
from dyad.clean import NO_ARTICLE_REASON, Cleaner, lint
from dyad.errors import DictionaryError, InputError
from dyad.models import Document, RawDocument, content_hash

DATA = Path(__file__).resolve().parent / "data" / "clean"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_8f47767206761bd3.txt"
SEED_GOLD = SHARED / "seed" / "000_8f47767206761bd3.gold.json"
RULES = Path(clean_module.__file__).resolve().parent / "data" / "clean" / "boilerplate.yaml"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner().load()


def raw(text: str, **kw: object) -> RawDocument:
    return RawDocument(id=str(kw.pop("id", "doc1")), origin=str(kw.pop("origin", "test.txt")), text=text, **kw)  # type: ignore[arg-type]


def fixture(name: str, **kw: object) -> RawDocument:
    return raw((DATA / name).read_text(encoding="utf-8"), origin=name, **kw)


def assert_offsets(doc: Document, source: str) -> None:
    """Every clean character outside a separator maps back to the same character of the source."""
    covered = [False] * len(doc.text)
    previous_end = 0
    for clean_start, raw_start, length in doc.offsets.segments:
        assert clean_start >= previous_end
        assert doc.text[clean_start : clean_start + length] == source[raw_start : raw_start + length]
        for i in range(clean_start, clean_start + length):
            covered[i] = True
            mapped = doc.offsets.to_raw(i)
            assert mapped is not None
            assert source[mapped] == doc.text[i]
        previous_end = clean_start + length
    for i, is_covered in enumerate(covered):
        if not is_covered:
            assert doc.text[i] in "\n ", f"offset {i} ({doc.text[i]!r}) is neither mapped nor a separator"
    for start, end in doc.paragraphs:
        assert doc.text[start:end] == doc.text[start:end].strip()
        assert start < end
    for r in doc.removed:
        assert source[r.start : r.end] == r.text


# ---------------------------------------------------------------------------------------------------------
# Wire styles
# ---------------------------------------------------------------------------------------------------------

STYLES: dict[str, dict[str, Any]] = {
    "bloomberg_style.txt": {
        "dateline": "(Bloomberg) --",
        "tail": ["--With assistance from", "To contact the reporter", "To contact the editors", "©2021"],
        "kept": "Ostland and Westmark agreed on Thursday to reopen three border crossings",
        "meta": {
            "publisher": "Bloomberg",
            "byline": ["Mia Stone"],
            "contributors": ["Paul Grant", "Rita Lowe"],
            "copyright_year": 2021,
            "dateline_place": None,
        },
    },
    "reuters_style.txt": {
        "dateline": "WASHINGTON (Reuters) -",
        "tail": ["(Reporting by", "Editing by"],
        "kept": "Ostland recalled its ambassador from Westmark on Friday",
        "meta": {
            "publisher": "Reuters",
            "byline": ["Lena Park"],
            "contributors": ["Omar Said"],
            "dateline_place": "Washington",
        },
    },
    "ap_style.txt": {
        "dateline": "TEHRAN, Iran (AP) —",
        "tail": ["contributed to this report", "Copyright 2019", "may not be published"],
        "kept": "Ostland's president promised on Sunday to rebuild hundreds of homes",
        "meta": {
            "publisher": "Associated Press",
            "byline": ["Jane Doe"],
            "contributors": ["John Roe"],
            "dateline_place": "Tehran",
            "copyright_year": 2019,
        },
    },
    "afp_style.txt": {
        "dateline": "SEOUL, Aug 8 (AFP) -",
        "tail": ["bur-ka/jm", "© 2018 AFP", "AFP PHOTO"],
        "kept": "Westmark on Wednesday rejected a trade offer from Ostland",
        "meta": {
            "publisher": "AFP",
            "dateline_place": "Seoul",
            "copyright_year": 2018,
            # the dateline gives day and month; the copyright line gives the year
            "published": "2018-08-08",
            "published_precision": "day",
            "published_source": "text",
        },
    },
    "bbc_style.txt": {
        "dateline": "BBC News, Kell",
        "tail": ["Related Topics", "Share this with", "Image source", "Image caption", "Read more:", "\nTwitter"],
        "kept": "The leaders of Ostland and Westmark have signed a peace accord",
        "meta": {
            "publisher": "BBC News",
            "byline": ["Jane Doe"],
            "dateline_place": "Kell",
            "published": "2018-06-12",
            "published_precision": "day",
            "published_source": "text",
        },
    },
}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_wire_style(cleaner: Cleaner, name: str) -> None:
    expect = STYLES[name]
    document = fixture(name)
    doc = cleaner.clean(document)
    assert expect["dateline"] in document.text
    assert expect["dateline"] not in doc.text
    for piece in expect["tail"]:
        assert piece not in doc.text, piece
    assert expect["kept"] in doc.text
    for key, value in expect["meta"].items():
        assert getattr(doc.meta, key) == value, key
    assert doc.meta.title is not None and doc.meta.title not in doc.text
    assert_offsets(doc, document.text)


def test_dateline_cut_keeps_the_sentence(cleaner: Cleaner) -> None:
    text = (
        "Westmark closes its airspace\n\n"
        "LONDON (Meridian Wire) - Westmark closed its airspace to Ostland airlines on Monday.\n\n"
        "The ban will last a month, the transport ministry said.\n"
    )
    doc = cleaner.clean(raw(text))
    assert doc.text.startswith("Westmark closed its airspace to Ostland airlines on Monday.")
    assert doc.meta.publisher == "Meridian Wire"
    assert doc.meta.dateline_place == "London"
    cut = [r for r in doc.removed if r.rule == "dateline"]
    assert [r.text for r in cut] == ["LONDON (Meridian Wire) -"]


def test_dateline_on_its_own_line(cleaner: Cleaner) -> None:
    text = "Talks collapse\n\nKELL (Example Wire) -\nOstland walked out of the talks on Friday.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text == "Ostland walked out of the talks on Friday."
    assert doc.meta.dateline_place == "Kell"


def test_leading_byline_line(cleaner: Cleaner) -> None:
    text = "Ostland votes\n\nBy Jane Doe and John Roe\n\nOstland voted on Sunday in a snap election.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text == "Ostland voted on Sunday in a snap election."
    assert doc.meta.byline == ["Jane Doe", "John Roe"]


# ---------------------------------------------------------------------------------------------------------
# Title, standfirst, repeated headline
# ---------------------------------------------------------------------------------------------------------


def test_title_standfirst_and_repeated_headline(cleaner: Cleaner) -> None:
    doc = cleaner.clean(fixture("bloomberg_style.txt"))
    title = "Ostland and Westmark Agree to Reopen Border Crossings"
    assert doc.meta.title == title
    assert title not in doc.text
    assert [r.rule for r in doc.removed].count("title") == 1
    assert [r.rule for r in doc.removed].count("repeated-title") == 2
    standfirst = "The deal ends a two-year standoff that had cut trade between the neighbours by half."
    assert doc.meta.standfirst == standfirst
    # the standfirst stays in the text as its own (first) paragraph
    first_start, first_end = doc.paragraphs[0]
    assert doc.text[first_start:first_end] == standfirst


def test_no_standfirst_without_dateline(cleaner: Cleaner) -> None:
    text = "Ostland votes\n\nOstland voted on Sunday.\n\nTurnout was high.\n"
    doc = cleaner.clean(raw(text))
    assert doc.meta.title == "Ostland votes"
    assert doc.meta.standfirst is None
    assert doc.text == "Ostland voted on Sunday.\n\nTurnout was high."


def test_given_title_is_removed_from_body(cleaner: Cleaner) -> None:
    text = (
        "Ostland Votes In Snap Election\n\nOstland voted on Sunday.\n\n"
        "OSTLAND VOTES IN SNAP ELECTION\n\nTurnout was high.\n"
    )
    doc = cleaner.clean(raw(text, title="Ostland votes in snap election"))
    assert doc.meta.title == "Ostland votes in snap election"
    assert doc.text == "Ostland voted on Sunday.\n\nTurnout was high."


def test_first_sentence_is_not_a_title(cleaner: Cleaner) -> None:
    doc = cleaner.clean(raw("Ostland voted on Sunday.\n\nTurnout was high.\n"))
    assert doc.meta.title is None
    assert doc.text == "Ostland voted on Sunday.\n\nTurnout was high."


def test_single_line_without_period_is_kept(cleaner: Cleaner) -> None:
    doc = cleaner.clean(raw("Ostland troops cross the border\n"))
    assert doc.text == "Ostland troops cross the border"
    assert doc.meta.title is None


def test_hard_wrapped_paragraph_is_one_paragraph(cleaner: Cleaner) -> None:
    text = (
        "Ostland and Westmark agreed on Thursday to reopen three border\n"
        "crossings that had been closed for two years, officials from both\n"
        "governments said in a joint statement.\n\n"
        "Trade is expected to double.\n"
    )
    doc = cleaner.clean(raw(text))
    assert len(doc.paragraphs) == 2
    start, end = doc.paragraphs[0]
    assert doc.text[start:end].endswith("joint statement.")
    assert "\n" in doc.text[start:end]  # slices are not rewritten
    assert_offsets(doc, text)


def test_boilerplate_inside_wrapped_paragraph(cleaner: Cleaner) -> None:
    text = (
        "Ostland and Westmark agreed on Thursday to reopen three border\n"
        "ADVERTISEMENT\n"
        "crossings that had been closed for two years, officials from both\n"
        "governments said in a joint statement.\n"
    )
    doc = cleaner.clean(raw(text))
    assert "ADVERTISEMENT" not in doc.text
    assert len(doc.paragraphs) == 1
    assert "three border crossings" in doc.text  # joined by a single-space separator
    assert_offsets(doc, text)


# ---------------------------------------------------------------------------------------------------------
# Captions, credits, e-mail and navigation lines
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "The minister speaks in Kell on Monday. (Photographer: Tom Reed/Example)",
            "The minister speaks in Kell on Monday.",
        ),
        ("Troops parade through Vale. (AP Photo/Sam Lee)", "Troops parade through Vale."),
        (
            "A man watches the news at a railway station. (Example Wire Photo/Sam Lee)",
            "A man watches the news at a railway station.",
        ),
    ],
)
def test_caption_keeps_its_text_and_loses_the_credit(cleaner: Cleaner, line: str, kept: str) -> None:
    text = f"Ostland troops cross the border\n\n{line}\n\nOstland troops crossed the border on Monday, Westmark said.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text.split("\n\n")[0].strip() == kept
    assert any("credit" in r.rule for r in doc.removed)


@pytest.mark.parametrize(
    "line",
    [
        "A market in Kell on Friday. (Reuters/Ana Cruz)",
        "Crowds gather in the capital - AFP PHOTO / STR",
        "Protesters outside the embassy on Tuesday. Photograph: Tom Reed/Getty Images",
        "Photo: Tom Reed/Example Wire",
        "The port of Vale. REUTERS/Ana Cruz",
    ],
)
def test_caption_lines_are_removed(cleaner: Cleaner, line: str) -> None:
    text = f"Ostland troops cross the border\n\n{line}\n\nOstland troops crossed the border on Monday, Westmark said.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text == "Ostland troops crossed the border on Monday, Westmark said."
    assert any(r.text == line for r in doc.removed)


def test_credit_inside_a_long_paragraph_is_cut_inline(cleaner: Cleaner) -> None:
    body = (
        "Ostland's army said on Monday that it had moved two brigades to the frontier with Westmark "
        "after weeks of shelling that killed at least a dozen civilians in the border villages near Kell, "
        "and that more troops would follow if the attacks did not stop, a spokesman told reporters at "
        "a briefing in the capital on Monday afternoon. (Photographer: Tom Reed/Example) The defence "
        "ministry in Westmark said it was studying the statement and would respond later in the week, "
        "adding that its own forces had only returned fire after being attacked by Ostland artillery."
    )
    doc = cleaner.clean(raw(body))
    assert "(Photographer: Tom Reed/Example)" not in doc.text
    assert "Monday afternoon." in doc.text and "The defence ministry" in doc.text
    assert [r.rule for r in doc.removed] == ["credit-inline"]
    assert len(doc.offsets.segments) == 2  # one paragraph made of two slices
    assert_offsets(doc, body)


@pytest.mark.parametrize(
    "line",
    [
        "Send tips to newsdesk@example.org",
        "jdoe@example.com",
        "Contact the reporter at j.doe@mail.example.co.uk for comment",
    ],
)
def test_email_lines_are_removed(cleaner: Cleaner, line: str) -> None:
    text = f"Ostland voted on Sunday.\n\n{line}\n\nTurnout was high.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text == "Ostland voted on Sunday.\n\nTurnout was high."
    assert [r.rule for r in doc.removed] == ["email-line"]


def test_long_paragraph_with_email_is_kept(cleaner: Cleaner) -> None:
    body = (
        "Investigators in Ostland said the hackers had sent messages from the address ops@example.org to "
        "hundreds of officials in Westmark over several months, and that the same server had been used in "
        "earlier attacks on banks, power companies and the national election commission in both countries."
    )
    doc = cleaner.clean(raw(body))
    assert doc.text == body


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "Advertisement",
        "Story continues below",
        "Read more: How the dispute began",
        "Related: Ostland election results",
        "Follow us on Twitter @ExampleNews",
        "Share this article",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "Click here for live updates",
        "All rights reserved.",
        "Copyright 2019 The Associated Press.",
    ],
)
def test_navigation_and_advertising_lines(cleaner: Cleaner, line: str) -> None:
    text = f"Ostland voted on Sunday.\n\n{line}\n\nTurnout was high.\n"
    doc = cleaner.clean(raw(text))
    assert doc.text == "Ostland voted on Sunday.\n\nTurnout was high."


def test_body_sentences_that_look_like_labels_are_kept(cleaner: Cleaner) -> None:
    text = (
        "Photographs released by state media showed the leader at the launch site.\n\n"
        "Related talks are planned for next week in Vale.\n\n"
        "Read more about the dispute in the report published by the council.\n\n"
        "Iran contributed troops to the peacekeeping mission.\n"
    )
    doc = cleaner.clean(raw(text))
    assert doc.text == text.strip()
    assert doc.removed == []


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------


def test_copyright_year_only(cleaner: Cleaner) -> None:
    doc = cleaner.clean(fixture("bloomberg_style.txt"))
    assert (doc.meta.published, doc.meta.published_precision, doc.meta.published_source) == (
        "2021",
        "year",
        "copyright",
    )
    assert doc.meta.copyright_year == 2021


def test_no_date_at_all(cleaner: Cleaner) -> None:
    doc = cleaner.clean(fixture("reuters_style.txt"))
    assert doc.meta.published is None
    assert doc.meta.published_precision == "unknown"
    assert doc.meta.published_source is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: June 12, 2018", "2018-06-12"),
        ("Updated: 2018-06-12 14:05 GMT", "2018-06-12"),
        ("12 June 2018", "2018-06-12"),
        ("June 12, 2018 / 4:05 PM", "2018-06-12"),
        ("Tue Jun 12, 2018", "2018-06-12"),
        ("Last updated on Tuesday, 12th June 2018 at 16:05 BST", "2018-06-12"),
        ("Sept 3, 2017", "2017-09-03"),
    ],
)
def test_date_line(cleaner: Cleaner, line: str, expected: str) -> None:
    text = f"Ostland votes\n{line}\n\nOstland voted on Sunday.\n"
    doc = cleaner.clean(raw(text))
    assert doc.meta.published == expected
    assert doc.meta.published_precision == "day"
    assert doc.meta.published_source == "text"
    assert doc.text == "Ostland voted on Sunday."
    assert any(r.text == line and r.rule.startswith("date-") for r in doc.removed)


def test_published_label_preferred_over_updated(cleaner: Cleaner) -> None:
    text = "Updated: 2018-06-14 09:00 GMT\nPublished: June 12, 2018\n\nOstland voted on Sunday.\n"
    doc = cleaner.clean(raw(text))
    assert doc.meta.published == "2018-06-12"


def test_raw_published_takes_precedence(cleaner: Cleaner) -> None:
    text = "Ostland votes\nPublished: June 12, 2018\n\nOstland voted on Sunday.\n\n©2018 Example Wire L.P.\n"
    doc = cleaner.clean(raw(text, published="2018-06-10T22:15:00Z"))
    assert (doc.meta.published, doc.meta.published_precision, doc.meta.published_source) == (
        "2018-06-10",
        "day",
        "input",
    )
    assert "Published" not in doc.text  # the date line is still removed


def test_unusable_raw_published_falls_back_to_text(cleaner: Cleaner) -> None:
    text = "Ostland votes\n12 June 2018\n\nOstland voted on Sunday.\n"
    doc = cleaner.clean(raw(text, published="sometime last week"))
    assert doc.meta.published == "2018-06-12"
    assert doc.meta.published_source == "text"


def test_yearless_dateline_needs_a_year(cleaner: Cleaner) -> None:
    text = "SEOUL, June 12 (Example Wire) - Ostland voted on Sunday.\n"
    doc = cleaner.clean(raw(text))
    assert doc.meta.published is None  # never completed with the current year
    assert doc.meta.dateline_place == "Seoul"
    assert doc.text == "Ostland voted on Sunday."


# ---------------------------------------------------------------------------------------------------------
# Document fields, errors
# ---------------------------------------------------------------------------------------------------------


def test_document_fields(cleaner: Cleaner) -> None:
    document = fixture(
        "reuters_style.txt", id="abc", url="https://example.com/a", source="Example Feed", encoding="utf-8"
    )
    doc = cleaner.clean(document)
    assert doc.id == "abc"
    assert doc.origin == "reuters_style.txt"
    assert doc.kind == "text"
    assert doc.encoding == "utf-8"
    assert doc.raw_hash == content_hash(document.text)
    assert doc.meta.url == "https://example.com/a"
    assert doc.meta.source == "Example Feed"
    assert doc.meta.publisher == "Reuters"  # found in the text; raw.source is only the fallback
    assert doc.removed == sorted(doc.removed, key=lambda r: (r.start, r.end))


def test_publisher_falls_back_to_source(cleaner: Cleaner) -> None:
    doc = cleaner.clean(raw("Ostland voted on Sunday.\n", source="Example Feed"))
    assert doc.meta.publisher == "Example Feed"


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n", "\ufeff\n"])
def test_empty_input(cleaner: Cleaner, text: str) -> None:
    with pytest.raises(InputError) as info:
        cleaner.clean(raw(text, origin="empty.txt"))
    assert info.value.stage == "clean"
    assert info.value.origin == "empty.txt"
    assert "empty" in info.value.reason


def test_only_boilerplate(cleaner: Cleaner) -> None:
    text = "ADVERTISEMENT\n\nShare this article\n\n©2018 Example Wire L.P.\n"
    with pytest.raises(InputError) as info:
        cleaner.clean(raw(text))
    assert info.value.stage == "clean"
    assert "no article text" in info.value.reason


def test_loaded_cleaner_pickles(cleaner: Cleaner) -> None:
    """A loaded cleaner travels to worker processes (multiprocessing, Spark) by pickling."""
    clone = pickle.loads(pickle.dumps(cleaner))
    document = fixture("ap_style.txt")
    assert clone.clean(document) == cleaner.clean(document)


def test_clean_before_load() -> None:
    with pytest.raises(RuntimeError, match="load"):
        Cleaner().clean(raw("Ostland voted on Sunday."))


# ---------------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------------


def test_html_article(cleaner: Cleaner) -> None:
    document = fixture("article.html", kind="html")
    doc = cleaner.clean(document)
    assert doc.kind == "html"
    assert doc.text.startswith("Ostland and Westmark signed a treaty on Monday")
    assert "ADVERTISEMENT" not in doc.text
    assert "Follow us" not in doc.text
    assert "Home" not in doc.text and "Privacy" not in doc.text
    assert doc.meta.title == "Ostland and Westmark sign water treaty"
    assert doc.meta.title not in doc.text
    assert doc.meta.byline == ["Jane Doe"]
    assert doc.meta.author == "Jane Doe"
    assert doc.meta.publisher == "Example News"
    assert doc.meta.site == "Example News"
    assert (doc.meta.published, doc.meta.published_precision, doc.meta.published_source) == (
        "2019-03-04",
        "day",
        "html",
    )
    assert doc.meta.dateline_place == "Kell"
    assert len(doc.paragraphs) == 3
    assert doc.raw_hash == content_hash(document.text)


def test_html_raw_published_wins(cleaner: Cleaner) -> None:
    doc = cleaner.clean(fixture("article.html", kind="html", published="2019-03-05"))
    assert (doc.meta.published, doc.meta.published_source) == ("2019-03-05", "input")


def test_html_offsets_map_to_extracted_text(cleaner: Cleaner) -> None:
    doc = cleaner.clean(fixture("article.html", kind="html"))
    extracted = clean_module._extract_html(fixture("article.html", kind="html")).text
    assert_offsets(doc, extracted)


def test_html_without_article(cleaner: Cleaner) -> None:
    with pytest.raises(InputError) as info:
        cleaner.clean(fixture("navigation_only.html", kind="html"))
    assert info.value.reason == NO_ARTICLE_REASON
    assert info.value.stage == "clean"


def test_html_empty(cleaner: Cleaner) -> None:
    with pytest.raises(InputError) as info:
        cleaner.clean(raw("<html><body></body></html>", kind="html"))
    assert info.value.stage == "clean"


# ---------------------------------------------------------------------------------------------------------
# Offsets: property tests
# ---------------------------------------------------------------------------------------------------------

WORDS = ["Ostland", "Westmark", "said", "the", "talks", "on", "Monday", "troops", "border", "and", "Kell", "a"]
BOILERPLATE_LINES = [
    "ADVERTISEMENT",
    "Story continues below",
    "Share this article",
    "Read more: Ostland profile",
    "Photo: Tom Reed/Example",
    "A soldier in Kell. (AP Photo/Sam Lee)",
    "Follow us on Twitter @ExampleNews",
    "Subscribe to our newsletter",
    "news@example.org",
    "Copyright 2018 Example Wire. All rights reserved.",
]

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(lambda ws: " ".join(ws) + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=3)
layout = st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n  \n", "\n\n\n"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    paras = draw(st.lists(paragraphs, min_size=1, max_size=6))
    body_sentences = [s for p in paras for s in p]
    blocks: list[str] = []
    inserted: list[str] = []
    for para in paras:
        wrap = draw(st.booleans())
        lines = para if wrap else [" ".join(para)]
        for line in lines:
            if draw(st.integers(0, 4)) == 0:
                extra = draw(st.sampled_from(BOILERPLATE_LINES))
                inserted.append(extra)
                blocks.append(extra + draw(st.sampled_from(["\n", "\n\n"])))
            blocks.append(draw(st.sampled_from(["", " ", "\t"])) + line + draw(st.sampled_from(["", "  "])) + "\n")
        blocks.append(draw(layout))
    return "".join(blocks), body_sentences, inserted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_offsets_property_with_boilerplate(cleaner: Cleaner, generated: tuple[str, list[str], list[str]]) -> None:
    text, body, inserted = generated
    doc = cleaner.clean(raw(text))
    assert_offsets(doc, text)
    flat = " ".join(doc.text.split())
    for sentence in body:
        assert sentence in flat
    for line in inserted:
        assert line not in doc.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_offsets_property_arbitrary_text(cleaner: Cleaner, text: str) -> None:
    try:
        doc = cleaner.clean(raw(text))
    except InputError as exc:
        assert exc.stage == "clean"
        return
    assert_offsets(doc, text)
    assert doc.text.strip()


# ---------------------------------------------------------------------------------------------------------
# The rules file
# ---------------------------------------------------------------------------------------------------------


def test_bundled_rules_lint_clean() -> None:
    assert lint(RULES) == []


def test_rules_are_data_not_code() -> None:
    """No outlet name appears in a string literal of the code (docstrings may show examples)."""
    tree = ast.parse(Path(clean_module.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    literals = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    for outlet in ("Bloomberg", "Reuters", "Associated Press", "AFP", "BBC", "Getty"):
        assert not [s for s in literals if outlet.lower() in s.lower()], outlet


HEADER = "schema: dyad-boilerplate/1\nversion: 2026-01-01\nsource: tests\nlicence: MIT\n"
CALENDAR = (
    "months: [[january], [february], [march], [april], [may], [june], [july], [august], [september],"
    " [october], [november], [december]]\n"
    "weekdays: [[monday], [tuesday], [wednesday], [thursday], [friday], [saturday], [sunday]]\n"
)


def write_rules(tmp_path: Path, body: str, header: str = HEADER + CALENDAR) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_custom_rules_file(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        "rules:\n  - id: house-ad\n    kind: line\n    pattern: '^Buy the paper'\n    example: 'Buy the paper today'\n",
    )
    assert lint(path) == []
    doc = Cleaner(path).load().clean(raw("Ostland voted on Sunday.\n\nBuy the paper today\n\nADVERTISEMENT\n"))
    assert doc.text == "Ostland voted on Sunday.\n\nADVERTISEMENT"
    assert [r.rule for r in doc.removed] == ["house-ad"]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("rules:\n  - id: a\n    kind: sideways\n    pattern: 'x'\n", 9, "unknown kind 'sideways'"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: '(unclosed'\n", 10, "bad regex"),
        (
            "rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n  - id: a\n    kind: line\n    pattern: 'y'\n",
            11,
            "duplicate rule id 'a'",
        ),
        ("rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n    extract: [mood]\n", 11, "cannot extract 'mood'"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n    extract: [publisher]\n", 11, "no named group"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: 'x*'\n", 10, "matches an empty line"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n    example: 'y'\n", 11, "does not match its example"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: '{{NOPE}}'\n", 10, "unknown def {{NOPE}}"),
        ("rules:\n  - id: title\n    kind: line\n    pattern: 'x'\n", 8, "reserved"),
        ("rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n    colour: red\n", 11, "unknown rule key 'colour'"),
        ("settings:\n  tail_lines: many\nrules:\n  - id: a\n    kind: line\n    pattern: 'x'\n", 8, "tail_lines"),
        ("rules: [\n", None, "not valid YAML"),
    ],
)
def test_lint_reports_problems(tmp_path: Path, body: str, line: int | None, message: str) -> None:
    path = write_rules(tmp_path, body)
    problems = lint(path)
    assert problems, body
    assert any(message in p for p in problems), problems
    if line is not None:
        assert any(p.startswith(f"{path}:{line}: ") and message in p for p in problems), problems
    with pytest.raises(DictionaryError) as info:
        Cleaner(path).load()
    assert info.value.path == str(path)


def test_lint_header_problems(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "rules:\n  - id: a\n    kind: line\n    pattern: 'x'\n", header="schema: other/1\n")
    problems = lint(path)
    assert any("expected 'dyad-boilerplate/1'" in p for p in problems)
    assert any("missing header key 'licence'" in p for p in problems)
    assert any("'months'" in p for p in problems)


def test_lint_missing_file(tmp_path: Path) -> None:
    assert lint(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: rules file not found"]
    with pytest.raises(DictionaryError):
        Cleaner(tmp_path / "nope.yaml").load()


# ---------------------------------------------------------------------------------------------------------
# The seed article (gold standard in ../shared, skipped when absent)
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(not SEED_GOLD.exists(), reason="needs ../shared/seed")
def test_seed_article_against_gold(cleaner: Cleaner) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["document"]
    text = SEED.read_text(encoding="utf-8")
    doc = cleaner.clean(raw(text, id="seed", origin=SEED.name))
    for piece in gold["boilerplate_removed"]:
        assert piece not in doc.text, piece
    for piece in gold["body_kept"]:
        assert piece in doc.text, piece
    assert doc.text.count(gold["title"]) == gold["headline_occurrences_in_body"]
    for key in ("title", "standfirst", "publisher", "byline", "contributors", "copyright_year"):
        assert getattr(doc.meta, key) == gold[key], key
    # the text states no date: only the copyright year can be inferred
    assert doc.meta.published == gold["published"][:4]
    assert doc.meta.published_precision == "year"
    assert_offsets(doc, text)
    dated = cleaner.clean(raw(text, id="seed", origin=SEED.name, published=gold["published"]))
    assert (dated.meta.published, dated.meta.published_precision) == (gold["published"], "day")
