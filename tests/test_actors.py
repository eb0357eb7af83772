"""Actor resolution: the case table tests/data/actor_cases.tsv, plus focused tests of the mechanisms.

The spaCy model, the knowledge base and the resolver are loaded once per session (loading takes seconds).
Each case parses its sentence, resolves the actors as of the case's date and looks up the actor that
covers the mention: its code must be the expected one, or for "-" no actor (or one without a code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from dyad.actors.kb import KnowledgeBase
from dyad.actors.resolve import ActorResolver
from dyad.datafiles import read_tsv
from dyad.models import Actor

CASES_FILE = Path(__file__).parent / "data" / "actor_cases.tsv"

# Cases the resolver is known to get wrong, by line number in actor_cases.tsv, with the reason. Strict:
# a case that starts to pass makes its xfail fail, so the entry must then be removed. Keep this short.
KNOWN_FAILURES: dict[int, str] = {}


@dataclass(frozen=True)
class Case:
    line: int
    sentence: str
    mention: str
    on: date
    expected: str
    note: str


def _load_cases() -> list[Case]:
    table = read_tsv(CASES_FILE, "dyad-actor-cases/1", ("sentence", "mention", "date", "expected", "note"))
    return [
        Case(
            row.line,
            row.get("sentence"),
            row.get("mention"),
            date.fromisoformat(row.get("date")),
            row.get("expected"),
            row.get("note"),
        )
        for row in table.rows
    ]


CASES = _load_cases()


def _param(case: Case) -> object:
    marks = []
    if case.line in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.line]))
    return pytest.param(case, id=f"L{case.line}-{case.mention}", marks=marks)


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def actor_nlp() -> Language:
    from dyad.nlp import Parser

    return Parser().load().nlp


@pytest.fixture(scope="session")
def kb(actor_nlp: Language) -> KnowledgeBase:
    return KnowledgeBase().load(actor_nlp)


@pytest.fixture(scope="session")
def resolver(kb: KnowledgeBase) -> ActorResolver:
    return ActorResolver(kb)


def actor_for(resolver: ActorResolver, nlp: Language, text: str, mention: str, on: date | None) -> Actor | None:
    """The actor covering ``mention`` (its first occurrence in ``text``) as of ``on``.

    An actor whose [start, end) contains the mention wins over one that only overlaps it. Pronouns and
    other one-token coreferences are found through the token index as well.
    """
    start = text.index(mention)
    end = start + len(mention)
    doc = nlp(text)
    found = resolver.resolve(doc, on)
    candidates = [*found.actors, *(a for a in found.by_token.values() if a not in found.actors)]
    overlapping = [a for a in candidates if a.start < end and a.end > start]
    containing = [a for a in overlapping if a.start <= start and a.end >= end]
    best = containing or overlapping
    return best[0] if best else None


def code_for(resolver: ActorResolver, nlp: Language, text: str, mention: str, on: date | None) -> str | None:
    actor = actor_for(resolver, nlp, text, mention, on)
    return actor.code if actor else None


# ---------------------------------------------------------------------------------------------- the table
def test_case_table_is_consistent() -> None:
    assert len(CASES) >= 500
    for case in CASES:
        assert case.mention in case.sentence, f"line {case.line}: mention not in sentence"
    assert set(KNOWN_FAILURES) <= {c.line for c in CASES}


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_actor_case(case: Case, resolver: ActorResolver, actor_nlp: Language) -> None:
    actor = actor_for(resolver, actor_nlp, case.sentence, case.mention, case.on)
    got = actor.code if actor is not None and actor.code else "-"
    source = f"{actor.text!r} ({actor.why})" if actor is not None else "no actor"
    detail = f"{case.mention!r} on {case.on}: got {got} from {source}"
    assert got == case.expected, f"line {case.line}: {detail}; {case.note}"


# ---------------------------------------------------------------------------------------------- dated roles
@pytest.mark.parametrize(
    ("text", "mention", "on", "expected"),
    [
        ("Hassan Rouhani spoke in Tehran.", "Hassan Rouhani", date(2018, 8, 8), "IRNGOV"),
        ("Hassan Rouhani spoke in Tehran.", "Hassan Rouhani", date(2022, 3, 1), "IRNELI"),
        ("Donald Trump spoke in Ohio.", "Donald Trump", date(2018, 8, 8), "USAGOV"),
        ("Donald Trump spoke in Ohio.", "Donald Trump", date(2022, 9, 17), "USAELI"),
        ("Donald Trump spoke in Ohio.", "Donald Trump", date(2025, 4, 2), "USAGOV"),
    ],
)
def test_person_code_follows_the_date(
    resolver: ActorResolver, actor_nlp: Language, text: str, mention: str, on: date, expected: str
) -> None:
    assert code_for(resolver, actor_nlp, text, mention, on) == expected


def test_code_on_redates_people_and_organisations(resolver: ActorResolver, actor_nlp: Language) -> None:
    trump = actor_for(resolver, actor_nlp, "Donald Trump spoke in Ohio.", "Donald Trump", date(2018, 8, 8))
    taliban = actor_for(resolver, actor_nlp, "The Taliban attacked a checkpoint.", "Taliban", date(2019, 6, 1))
    assert trump is not None and taliban is not None
    assert (trump.code, taliban.code) == ("USAGOV", "AFGINSTAL")
    assert resolver.code_on(trump, date(2022, 9, 17)).code == "USAELI"
    assert resolver.code_on(taliban, date(2022, 12, 20)).code == "AFGGOVTAL"


def test_organisation_periods(kb: KnowledgeBase) -> None:
    taliban = kb.orgs["org:taliban"]
    assert len(taliban.spells) >= 2
    assert taliban.at(date(1999, 1, 1)).code == "AFGGOVTAL"
    assert taliban.at(date(2019, 6, 1)).code == "AFGINSTAL"
    assert taliban.at(date(2022, 12, 20)).code == "AFGGOVTAL"
    assert taliban.code == "AFGGOVTAL"  # no date: the latest period


# ---------------------------------------------------------------------------------------------- user dictionaries
USER_PEOPLE = """\
# schema: dyad-people/1
# version: 2026-11-29
# source: written for this test
# licence: MIT
entity_id\tname\taliases\tcountry\tcode\trole\tstart\tend\tsource
person:test_rouhani\tHassan Rouhani\t\tIRN\tIRNOPP\ttest role\t2000-01-01\t\ttest
person:zed_quill\tZed Quill\t\tCHE\tCHEGOV\ttest minister\t2010-01-01\t\ttest
"""


@pytest.fixture(scope="session")
def user_people_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dicts") / "my_people.tsv"
    path.write_text(USER_PEOPLE, encoding="utf-8")
    return path


def test_user_entry_beats_builtin_entry(actor_nlp: Language, user_people_file: Path) -> None:
    kb = KnowledgeBase(user_files=[user_people_file]).load(actor_nlp)
    resolver = ActorResolver(kb)
    actor = actor_for(resolver, actor_nlp, "Hassan Rouhani spoke in Tehran.", "Hassan Rouhani", date(2018, 8, 8))
    assert actor is not None
    assert (actor.code, actor.entity_id) == ("IRNOPP", "person:test_rouhani")
    # built-ins are still there
    assert code_for(resolver, actor_nlp, "Iran protested.", "Iran", date(2018, 8, 8)) == "IRN"
    assert code_for(resolver, actor_nlp, "Zed Quill protested.", "Zed Quill", date(2018, 8, 8)) == "CHEGOV"


def test_only_user_ignores_builtins(actor_nlp: Language, user_people_file: Path) -> None:
    kb = KnowledgeBase(user_files=[user_people_file], only_user=True).load(actor_nlp)
    resolver = ActorResolver(kb)
    assert not kb.countries and not kb.orgs and not kb.agents
    assert code_for(resolver, actor_nlp, "Iran protested.", "Iran", date(2018, 8, 8)) is None
    assert code_for(resolver, actor_nlp, "Zed Quill protested.", "Zed Quill", date(2018, 8, 8)) == "CHEGOV"


def test_user_file_redefines_builtin_person(actor_nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "redefine.tsv"
    path.write_text(
        USER_PEOPLE.split("entity_id")[0]
        + "entity_id\tname\taliases\tcountry\tcode\trole\tstart\tend\tsource\n"
        + "person:hassan_rouhani\tHassan Rouhani\t\tIRN\tIRNJUD\ttest role\t2000-01-01\t\ttest\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase(user_files=[path]).load(actor_nlp)
    assert kb.person_code("person:hassan_rouhani", date(2018, 8, 8)) == ("IRNJUD", "test role")


# ---------------------------------------------------------------------------------------------- noun phrases
@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("Ri Yong Ho, North Korea's foreign minister, met his Iranian counterpart.", "Ri Yong Ho", "PRKGOV"),
        # a name no dictionary has: the role and country come from the apposition alone
        ("Kwon Tae Sik, North Korea's foreign minister, met his Iranian counterpart.", "Kwon Tae Sik", "PRKGOV"),
        ("Kyrgyz Foreign Minister Jeenbek Kulubaev said the border was calm.", "Jeenbek Kulubaev", "KGZGOV"),
        ("Peru's Congress voted to remove the president.", "Peru's Congress", "PERLEG"),
        ("Congress passed the defence bill.", "Congress", "USALEG"),
        ("Rebels seized the airport on Sunday.", "Rebels", "REB"),
        ("Officials said the talks would resume.", "Officials", "GOV"),
        ("Texas police arrested two men.", "Texas police", None),
        ("The gunman fled the scene.", "The gunman", "UAF"),
    ],
)
def test_noun_phrases(resolver: ActorResolver, actor_nlp: Language, text: str, mention: str, expected: str) -> None:
    assert code_for(resolver, actor_nlp, text, mention, date(2018, 8, 8)) == expected


def test_apposition_without_dictionary_entry(resolver: ActorResolver, actor_nlp: Language, kb: KnowledgeBase) -> None:
    assert "kwon tae sik" not in kb.entries
    actor = actor_for(
        resolver, actor_nlp, "Kwon Tae Sik, North Korea's foreign minister, arrived.", "Kwon Tae Sik", date(2018, 8, 8)
    )
    assert actor is not None and actor.code == "PRKGOV" and actor.name == "Kwon Tae Sik"


# ---------------------------------------------------------------------------------------------- coreference
@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        (
            "Iranian President Hassan Rouhani met the envoy. Rouhani said the talks were useful.",
            "Rouhani said",
            "IRNGOV",
        ),
        ("French President Emmanuel Macron arrived. The president met Chinese leaders.", "The president", "FRAGOV"),
        ("Iranian President Hassan Rouhani met the envoy. He said sanctions would fail.", "He", "IRNGOV"),
        # a surname the dictionaries do not know, introduced with a role
        ("Kwon Tae Sik, North Korea's foreign minister, arrived. Kwon said he was hopeful.", "Kwon said", "PRKGOV"),
        # no earlier president in the document: unresolved
        ("The president met Chinese leaders on Thursday.", "The president", None),
    ],
)
def test_coreference(resolver: ActorResolver, actor_nlp: Language, text: str, mention: str, expected: str) -> None:
    assert code_for(resolver, actor_nlp, text, mention, date(2018, 8, 8)) == expected


def test_first_name_of_unknown_person_does_not_resolve(resolver: ActorResolver, actor_nlp: Language) -> None:
    text = "Kim Kardashian visited the White House. Kim said the meeting went well."
    assert code_for(resolver, actor_nlp, text, "Kim said", date(2018, 5, 30)) is None


# ---------------------------------------------------------------------------------------------- ambiguity
@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("Michael Jordan pledged millions to charity.", "Jordan", None),
        ("Jordan's King Abdullah met the Palestinian president.", "Jordan's King Abdullah", "JORGOV"),
        ("The talks had stalled, according to the Washington Post.", "Washington Post", "USAMED"),
        ("Washington and Beijing agreed to a truce.", "Washington", "USAGOV"),
        ("Georgia voters in Atlanta waited hours to cast their ballots.", "Georgia", None),
        ("The rally took place in Atlanta, Georgia, on Saturday.", "Georgia", None),
        ("Georgia's government in Tbilisi suspended talks.", "Georgia's government", "GEOGOV"),
        ("Russia fought a five-day war with Georgia.", "Georgia", "GEO"),
        ("Voters in New Mexico approved the measure.", "Mexico", None),
        ("Pilgrims were baptised in the Jordan River.", "Jordan", None),
        ("Russia attacked Eastern Ukraine.", "Ukraine", "UKR"),
        ("Paris Hilton launched a new perfume.", "Paris", None),
    ],
)
def test_ambiguous_names(resolver: ActorResolver, actor_nlp: Language, text: str, mention: str, expected: str) -> None:
    assert code_for(resolver, actor_nlp, text, mention, date(2020, 6, 5)) == expected
