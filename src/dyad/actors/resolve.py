"""Actor resolution: mentions in a parsed document -> CAMEO actors as of a date.

1. Dictionary phrases are found with the knowledge base's ``PhraseMatcher`` (longest match first);
   PERSON entities no dictionary knows become candidate mentions too. A match is rejected when it is
   only part of a longer proper name that the dictionaries do not explain: "Jordan" in "Michael Jordan"
   or "the Jordan River", "Mexico" in "New Mexico" or "the Gulf of Mexico", "Hilton" in "Paris Hilton".
   A country name that is also a U.S. state name ("Georgia") is the state when the document names a
   U.S. city of that state and nothing else of the country (its capital, its adjective).
2. Mentions joined by noun-phrase dependencies (compound, amod, poss, appos, "of") form one group:
   "North Korea's visiting foreign minister, Ri Yong Ho" is one actor — country from the possessor,
   sector from the role noun, person from the apposition.
3. A group's code: a known person's dated role (out of every listed role: the role the text gives in
   the same noun phrase, else ``<country>ELI``); else country + role sector; else an organisation's
   period on the date; else the country (a capital or seat of government stands for the government).
   An organisation named by a generic institution noun that is also a role noun ("Congress" is the U.S.
   Congress in organizations.tsv and "congress" a LEG role in agents.tsv) yields to the role reading
   when the noun phrase names another country: "Peru's Congress" is PERLEG, bare "Congress" USALEG.
4. A role with no country in its noun phrase stands alone as its sector code ("Rebels seized the
   airport" REB, "gunmen" UAF, "police" COP), except: a definite role ("the president", "the rebels")
   is first the last actor the document introduced in that role; a definite singular person role whose
   code needs a country ("the president", "the minister": GOV, MIL, ...; not REB, UAF, CRM...) and no
   such earlier actor stays unresolved; and a role modified by a place no dictionary knows ("Georgia
   voters in Atlanta", "Texas police") stays unresolved rather than losing its place. Codes starting
   with IGO, NGO, NGM, UIS, INT, MNC or IMG are complete and take no country ("Indian peacekeepers"
   IGOPKO).
5. Within a document, later short forms ("Ri", "Rouhani"), definite role nouns and he/she resolve to
   an actor introduced earlier; the name of a person no dictionary knows ("Kim Kardashian") blocks a
   later short form ("Kim") from resolving to someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dyad.actors.kb import Agent, Entry, KnowledgeBase
from dyad.models import Actor

# Lower-case articles and particles that begin names written in lower case in news text ("al-Shabab",
# "al-Qaeda", "el-Sisi", "bin Salman"): a proper name's capital is looked for after them.
NAME_PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "ibn", "bin"})

LINK_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "nn"}
# "of" always links a noun to the noun it modifies ("the president of Peru"); "for" only links to a role
# noun for a person ("a spokeswoman for the Somali government").
PREP_LINKS = {"of"}
PERSON_PREP_LINKS = {"for"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "erstwhile", "retired", "late"}
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person"}
DEFINITE = {"the", "this", "that", "these", "those"}
# Codes that mean something without a country: non-state and transnational actors. "The gunman" with no
# earlier gunman is still UAF, while "the president" of a country the text has not named is unresolved.
STANDALONE = frozenset({"REB", "INS", "SEP", "UAF", "CRM", "NGO", "NGM", "IGO", "PKO", "UIS", "INT", "MNC", "IMG"})
COMPLETE_PREFIXES = ("IGO", "NGO", "NGM", "UIS", "INT", "MNC", "IMG")
# fmt: off
# Words that may stand next to a name without being part of it.
HONORIFICS = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord", "lady",
    "gen", "gen.", "lt", "lt.", "col", "col.", "maj", "maj.", "capt", "capt.", "sgt", "sgt.", "adm", "adm.", "sen",
    "sen.", "rep", "rep.", "gov", "gov.", "pres", "pres.", "rev", "rev.", "sheikh", "sheik", "shaikh", "mullah",
    "haji", "hajji", "comrade", "jr", "jr.", "sr", "sr.",
})
# Compass words before a country name make a region of that country ("Eastern Ukraine"), not another name.
DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "upper",
    "lower",
})
# fmt: on
NAME_DEPS = {"compound", "flat", "nmod", "amod", "nn"}
PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "outside", "inside", "across", "around", "through"}
# NER labels of names that a country name inside them does not stand for (places, buildings, events).
PLACE_LABELS = {"LOC", "FAC", "GPE", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
COUNTRY_KINDS = ("country", "metonym", "adjective")
# Kinds of neighbouring dictionary matches that explain a capitalised neighbour of a match.
EXPLAINS: dict[str, frozenset[str]] = {
    "country": frozenset({"agent", "org", "country", "adjective", "metonym"}),
    "metonym": frozenset({"agent", "org", "country", "adjective", "metonym"}),
    "adjective": frozenset({"agent", "org", "country", "adjective", "metonym", "person", "surname"}),
    "person": frozenset({"agent", "org", "country", "adjective"}),
    "surname": frozenset({"agent", "org", "country", "adjective"}),
}


@dataclass
class Mention:
    span: Span
    entry: Entry | None  # None for a PERSON entity no dictionary knows
    alts: tuple[Entry, ...] = ()  # other acceptable readings of the same words (an org's role-noun reading)

    @property
    def kind(self) -> str:
        return self.entry.kind if self.entry else "unknown_person"

    @property
    def root(self) -> Token:
        """The syntactic head of the mention; a leading "the" is the determiner of that head, not it."""
        span = self.span
        if len(span) > 1 and span[0].lower_ == "the":
            return span[1:].root
        return span.root


@dataclass
class DocActors:
    """The actors of one document, addressable by token index."""

    by_token: dict[int, Actor] = field(default_factory=dict)
    actors: list[Actor] = field(default_factory=list)

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


class ActorResolver:
    """Resolves the actors of parsed documents with one loaded :class:`KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # ------------------------------------------------------------------ mentions
    def mentions(self, doc: Doc) -> list[Mention]:
        kb = self.kb
        assert kb.matcher is not None, "KnowledgeBase.load() first"
        candidates: list[tuple[Span, Entry, tuple[Entry, ...]]] = []
        for match_id, start, end in kb.matcher(doc):
            span = doc[start:end]
            key = doc.vocab.strings[match_id]
            chosen: Entry | None = None
            alts: list[Entry] = []
            for entry in kb.best_entries(key):
                if not self._acceptable(span, entry):
                    continue
                if chosen is None:
                    chosen = entry
                elif entry.kind == "agent" and chosen.kind == "org":
                    alts.append(entry)
            if chosen is not None:
                candidates.append((span, chosen, tuple(alts)))
        if candidates:
            cover: dict[int, set[str]] = {}
            for span, entry, _ in candidates:
                for i in range(span.start, span.end):
                    cover.setdefault(i, set()).add(entry.kind)
            state_evidence: set[str] | None = None
            kept: list[tuple[Span, Entry, tuple[Entry, ...]]] = []
            for span, entry, readings in candidates:
                if self._embedded(span, entry, cover):
                    continue
                if entry.kind == "country" and span.text.lower() in kb.homonyms.states:
                    if state_evidence is None:
                        state_evidence = self._state_evidence(doc)
                    if kb.homonyms.states[span.text.lower()] in state_evidence and not any(
                        e.ref == entry.ref and e.kind in ("metonym", "adjective") for _, e, _ in candidates
                    ):
                        continue  # "Georgia voters in Atlanta": the U.S. state
                kept.append((span, entry, readings))
            candidates = kept
        chosen_spans = filter_spans([s for s, _, _ in candidates])
        by_span = {(s.start, s.end): (e, a) for s, e, a in candidates}
        mentions = [Mention(s, *by_span[(s.start, s.end)]) for s in chosen_spans]
        covered = {i: m.kind for m in mentions for i in range(m.span.start, m.span.end)}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            # the name part of the entity that no dictionary match covers: all of it, or what follows a
            # title the dictionaries know ("King" in "King Abdullah")
            begin = ent.start
            for i in range(ent.start, ent.end):
                if i in covered:
                    begin = i + 1
            if any(covered.get(i, "agent") != "agent" for i in range(ent.start, begin)):
                continue  # part of a name the dictionaries know: no second, unknown person in it
            # Trim a possessive 's that the NER sometimes includes.
            end = ent.end
            while end > begin and doc[end - 1].tag_ == "POS":
                end -= 1
            if end > begin and any(doc[i].tag_ in ("NNP", "NNPS") for i in range(begin, end)):
                mentions.append(Mention(doc[begin:end], None))
        mentions.sort(key=lambda m: m.span.start)
        return mentions

    def _acceptable(self, span: Span, entry: Entry) -> bool:
        text = span.text
        if entry.exact_case and text != entry.phrase and not _titled_acronym(span, entry.phrase):
            return False
        if entry.proper:
            # a proper name is capitalised ("turkey", "chad", "us" are not); a leading "the" does not count
            first = span[1] if len(span) > 1 and span[0].lower_ == "the" else span[0]
            while first.i + 1 < span.end and (first.lower_ in NAME_PARTICLES or first.text == "-"):
                first = span.doc[first.i + 1]  # "al-Shabab", "al-Qaeda": the name after the article
            first_alpha = next((ch for ch in first.text if ch.isalpha()), "")
            if not first_alpha.isupper():
                return False
            if entry.kind in ("person", "surname") and len(span) == 1:
                tok = span[0]
                if tok.pos_ not in ("PROPN", "NOUN") or tok.ent_type_ == "DATE":
                    return False  # "May" in "in May"
                if tok.ent_type_ in ("GPE", "LOC", "FAC") and (
                    tok.lower_ in self.kb.homonyms.person_places
                    or (tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS)
                ):
                    return False  # "Austin" the city, "in Chester": a place, not the person

        return True

    def _embedded(self, span: Span, entry: Entry, cover: dict[int, set[str]]) -> bool:
        """Is this match only a piece of a longer proper name that the dictionaries do not explain?

        The capitalised proper nouns right before and after the match that no explaining dictionary match
        covers are its "name neighbours"; the match is embedded when a name neighbour and the match are
        one name in the parse (a compound or flat link between them: "Michael Jordan", "Jordan River",
        "New Mexico", "Paris Hilton"), or when the match lies inside a place, building or event entity
        with such words ("the Gulf of Mexico"). Person names are checked only for one-word matches (a
        surname or a one-word name); a word of the person's own names is no foreign neighbour ("Javad
        Zarif"). Title-case sentences (headlines) are not checked: every word is capitalised there.
        """
        kind = entry.kind
        explains = EXPLAINS.get(kind)
        if explains is None or (kind == "person" and len(span) > 1):
            return False
        doc = span.doc
        own: set[str] = set()
        if kind in ("person", "surname"):
            person = self.kb.people.get(entry.ref)
            own = person.name_words if person else set()

        def foreign(tok: Token) -> bool:
            if tok.tag_ not in ("NNP", "NNPS") or not tok.text[:1].isupper():
                return False
            low = tok.lower_
            return not (low in HONORIFICS or low in own or cover.get(tok.i, set()) & explains)

        left: list[Token] = []
        i = span.start - 1
        while i >= 0 and foreign(doc[i]):
            left.append(doc[i])
            i -= 1
        right: list[Token] = []
        i = span.end
        while i < len(doc) and foreign(doc[i]):
            right.append(doc[i])
            i += 1
        if kind in COUNTRY_KINDS and left and all(t.lower_ in DIRECTIONS for t in left):
            left = []  # "Eastern Ukraine" is a part of Ukraine
        if left or right:
            block = {t.i for t in left} | {t.i for t in right} | set(range(span.start, span.end))
            linked = any(t.dep_ in NAME_DEPS and t.head.i in block and t.head.i != t.i for t in (*left, *right)) or any(
                t.dep_ in NAME_DEPS and t.head.i in block and t.head.i not in range(span.start, span.end) for t in span
            )
            if linked and not self._title_case(span):
                return True
        if kind in COUNTRY_KINDS and span[0].ent_type_ in PLACE_LABELS:
            # the entity around the match, found from the IOB tags (no loop over all entities)
            first, last = span.start, span.end - 1
            if any(t.ent_type_ != span[0].ent_type_ or (t.i > span.start and t.ent_iob_ == "B") for t in span):
                return False  # the match is not inside one entity
            while doc[first].ent_iob_ == "I" and first > 0:
                first -= 1
            while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
                last += 1
            extra = [
                t
                for t in doc[first : last + 1]
                if (t.i < span.start or t.i >= span.end)
                and t.tag_ in ("NNP", "NNPS")
                and t.text[:1].isupper()
                and t.lower_ not in DIRECTIONS
                and not cover.get(t.i, set()) & explains
            ]
            return bool(extra) and not self._title_case(span)
        return False

    @staticmethod
    def _title_case(span: Span) -> bool:
        """Is the sentence of this span written in title case (a headline: "Iran Rejects New Demands")?"""
        words = [t for t in span.sent if t.is_alpha and not t.is_stop]
        return len(words) >= 4 and all(t.text[0].isupper() for t in words)

    def _state_evidence(self, doc: Doc) -> set[str]:
        """U.S. states named by a U.S. city in the document ("Atlanta" -> GA)."""
        cities = self.kb.homonyms.cities
        return {cities[e.text.lower()] for e in doc.ents if e.label_ == "GPE" and e.text.lower() in cities}

    # ------------------------------------------------------------------ groups
    def resolve(self, doc: Doc, on: date | None) -> DocActors:
        mentions = self.mentions(doc)
        owner: dict[int, int] = {}
        for idx, m in enumerate(mentions):
            for i in range(m.span.start, m.span.end):
                owner[i] = idx
        parent = list(range(len(mentions)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for idx, m in enumerate(mentions):
            root = m.root
            head = root.head
            target: int | None = None
            if root.dep_ in LINK_DEPS and head.i != root.i and head.i in owner:
                if not (root.dep_ == "appos" and self._not_apposable(m, mentions[owner[head.i]])):
                    target = owner[head.i]
            elif root.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in owner:
                prep = head.lower_
                if prep in PREP_LINKS or (
                    prep in PERSON_PREP_LINKS and self._person_role(mentions[owner[head.head.i]])
                ):
                    target = owner[head.head.i]
            if target is not None and target != idx:
                parent[find(idx)] = find(target)
            # the head noun may itself point at us ("minister" appos of a name, or name appos of role)
            for child in root.children:
                if (
                    child.dep_ == "appos"
                    and child.i in owner
                    and owner[child.i] != idx
                    and not self._not_apposable(mentions[owner[child.i]], m)
                ):
                    parent[find(owner[child.i])] = find(idx)

        groups: dict[int, list[int]] = {}
        for idx in range(len(mentions)):
            groups.setdefault(find(idx), []).append(idx)

        result = DocActors()
        memory = _Memory()
        doc_text = doc.text  # Doc.text joins every token: once per document, not once per group
        for members in sorted(groups.values(), key=lambda g: mentions[g[0]].span.start):
            group = [mentions[i] for i in members]
            actor = self._compose(group, on, memory, doc_text)
            if actor is None:
                memory.remember_unresolved(group)
                continue
            result.actors.append(actor)
            for m in group:
                for i in range(m.span.start, m.span.end):
                    result.by_token[i] = actor
                result.by_token.setdefault(m.root.i, actor)
            # a person: a name, or a person's role noun heading a phrase with no organisation in it
            # ("official" in "the official IRNA news agency" is an adjective, not a person)
            is_person = any(m.kind in ("person", "surname", "unknown_person") for m in group) or (
                not any(m.kind == "org" for m in group)
                and any(self._person_role(m) and m.root.pos_ in ("NOUN", "PROPN") for m in group)
            )
            memory.remember(actor, group, is_person)
        # pronouns and definite role nouns outside any group
        for tok in doc:
            if tok.i in result.by_token:
                continue
            if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
                prev = memory.last_person_before(tok.idx)
                if prev is not None:
                    result.by_token[tok.i] = _with_text(prev, tok, "coreference:pronoun")
            elif tok.pos_ == "PROPN" and tok.is_title and tok.lower_ in memory.names:
                # a short form the entity tagger missed ("Ri" tagged as a place after "Ri Yong Ho")
                prev = memory.names[tok.lower_]
                if prev.start < tok.idx and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"):
                    result.by_token[tok.i] = _with_text(prev, tok, "coreference:name")
                    memory.people.append(result.by_token[tok.i])
        return result

    def _not_apposable(self, a: Mention, b: Mention) -> bool:
        """A country and a person are never one referent: "... from Syria, Defence Minister Sergei Shoigu
        said" is a misparsed apposition, not Syria's defence minister."""
        person = {"person", "surname"}
        return (a.kind == "country" and (b.kind in person or self._person_role(b))) or (
            b.kind == "country" and (a.kind in person or self._person_role(a))
        )

    def _person_role(self, m: Mention) -> bool:
        return m.kind == "agent" and m.entry is not None and self.kb.agents[m.entry.ref].person

    def _compose(self, group: list[Mention], on: date | None, memory: _Memory, doc_text: str) -> Actor | None:
        kb = self.kb
        start = min(m.span.start_char for m in group)
        end = max(m.span.end_char for m in group)
        text = doc_text[start:end]
        possessors = {id(m) for m in group if m.root.dep_ == "poss" and len(group) > 1}
        surnames = [m for m in group if m.kind == "surname" and id(m) not in possessors]
        for m in surnames:
            # a surname refers to the person the document introduced with it, else to the dictionary's
            prev = memory.by_name(m.span)
            if prev is not None:
                return _with_span(prev, text, start, end, "coreference:name")
            if memory.unresolved_name(m.span):
                return None  # "Hilton" after "Paris Hilton" is not the dictionary's Hilton
        people = [m for m in group if m.kind in ("person", "surname") and id(m) not in possessors]
        unknown = [m for m in group if m.kind == "unknown_person"]
        orgs = [m for m in group if m.kind == "org" and id(m) not in possessors]
        agents = [m for m in group if m.kind == "agent"]
        # countries that modify the phrase directly ("Iran's", "Iranian") before those reached by a
        # preposition ("ambassador to Israel")
        countries = sorted(
            (m for m in group if m.kind in ("country", "adjective", "metonym")),
            key=lambda m: (m.root.dep_ == "pobj", m.span.start),
        )
        poss_people = [m for m in group if id(m) in possessors and m.kind in ("person", "surname", "org")]

        country: str | None = None
        for m in countries:
            assert m.entry is not None
            country = m.entry.ref
            break
        if country is None:
            for m in poss_people:
                assert m.entry is not None
                if m.entry.kind in ("person", "surname"):
                    p = kb.people.get(m.entry.ref)
                    country = p.country if p else None
                else:
                    spell = kb.org_at(m.entry.ref, on)
                    country = spell.country if spell else None
                if country:
                    break
        if country is not None and orgs:
            # a generic institution noun ("Congress") with another country in the phrase: the role reading
            for m in [m for m in orgs if m.alts]:
                assert m.entry is not None
                spell = kb.org_at(m.entry.ref, on)
                if spell is not None and spell.country != country:
                    orgs.remove(m)
                    agents.append(Mention(m.span, m.alts[0]))
            agents.sort(key=lambda m: m.span.start)
        former = any(
            t.lower_ in FORMER_WORDS for m in agents for t in m.root.children if t.dep_ in ("amod", "advmod")
        ) or any(t.lower_ in FORMER_WORDS for m in group for t in m.span)
        agent = kb.agents.get(agents[0].entry.ref) if agents and agents[0].entry else None

        if people:
            m = people[0]
            assert m.entry is not None
            person = kb.people[m.entry.ref]
            found = person.code_at(on)
            code: str | None = found[0] if found else None
            why = f"dictionary:{m.entry.where}"
            if code is None:
                # out of every listed role: the role the same noun phrase gives, else an elite
                home = country or person.country or (person.spells[0].code[:3] if person.spells else None)
                if former:
                    code = f"{home}ELI" if home else None
                elif orgs and orgs[0].entry is not None:
                    spell = kb.org_at(orgs[0].entry.ref, on)
                    code = spell.code if spell else None
                    why = "apposition"
                elif agent is not None and not person.spells and (home or _complete(agent.code)):
                    # a title in the text counts only for people whose offices the dictionary does not date;
                    # for the others the date decides ("President Hassan Rouhani" in 2022 is a former president)
                    code = _role_code(home, agent.code)
                    why = "apposition"
                if code is None:
                    fallback = kb.person_code(person.entity_id, on)
                    code = fallback[0] if fallback else None
                    why = f"dictionary:{m.entry.where}"
            return Actor(
                text=text,
                code=code,
                country=(code[:3] if code and len(code) >= 3 else person.country),
                sectors=_sectors(code),
                name=person.name,
                entity_id=person.entity_id,
                start=start,
                end=end,
                why=why,
            )
        if orgs:
            m = orgs[0]
            assert m.entry is not None
            org = kb.orgs[m.entry.ref]
            spell = org.at(on)
            return Actor(
                text,
                spell.code,
                spell.country,
                spell.sectors or _sectors(spell.code),
                org.name,
                org.entity_id,
                start,
                end,
                f"dictionary:{spell.where}",
            )
        if agent is not None:
            return self._role_actor(agents[0], agent, country, former, unknown, memory, start, end, text)
        if unknown:
            for m in unknown:
                prev = memory.by_name(m.span)
                if prev is not None:
                    return _with_span(prev, text, start, end, "coreference:name")
            return None
        if countries:
            m = countries[0]
            assert m.entry is not None
            if len(group) == 1 and m.span[0].ent_type_ == "PERSON" and memory.person_name(m.span):
                # "Jordan" after "Michael Jordan": the person again, not the country
                prev = memory.by_name(m.span)
                return _with_span(prev, text, start, end, "coreference:name") if prev else None
            code = m.entry.ref + ("GOV" if m.entry.kind == "metonym" else "")
            return Actor(
                text,
                code,
                m.entry.ref,
                _sectors(code),
                self._country_name(m.entry.ref),
                f"country:{m.entry.ref}",
                start,
                end,
                f"{m.entry.kind}:{m.entry.where}",
            )
        return None

    def _role_actor(
        self,
        head: Mention,
        agent: Agent,
        country: str | None,
        former: bool,
        unknown: list[Mention],
        memory: _Memory,
        start: int,
        end: int,
        text: str,
    ) -> Actor | None:
        name = unknown[0].span.text if unknown else None
        sector = "ELI" if former and agent.person else agent.code
        if country is None and not _complete(sector):
            if not unknown and _definite(head.span):
                # "the president", "the minister", "the rebels": the last actor introduced in that role
                prev = memory.last_in_role(agent.phrase, agent.code, start, person=agent.person)
                if prev is not None:
                    return _with_span(prev, text, start, end, "coreference:role")
                if agent.person and _singular(head) and sector[:3] not in STANDALONE:
                    return None  # "the president" of a country the document has not named
            if _unknown_place(head):
                return None  # "Georgia voters in Atlanta", "Texas police": a place no dictionary knows
        code = _role_code(country, sector)
        return Actor(
            text,
            code,
            country if not _complete(code) else None,
            _sectors(code),
            name or (self._country_name(country) if country else None),
            None,
            start,
            end,
            "role+country" if country and not _complete(code) else "role",
        )

    def _country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        c = self.kb.countries.get(code)
        return c.name if c else code

    def code_on(self, actor: Actor, on: date | None) -> Actor:
        """The same actor with a known person's or organisation's code re-checked for another date."""
        if not actor.entity_id or on is None:
            return actor
        code: str | None = None
        country: str | None = None
        sectors: tuple[str, ...] = ()
        if actor.entity_id in self.kb.people and not (actor.why or "").startswith("apposition"):
            found = self.kb.person_code(actor.entity_id, on)
            if found:
                code, country, sectors = found[0], found[0][:3], _sectors(found[0])
        elif actor.entity_id in self.kb.orgs:
            spell = self.kb.org_at(actor.entity_id, on)
            if spell:
                code, country, sectors = spell.code, spell.country, spell.sectors or _sectors(spell.code)
        if code is None or code == actor.code:
            return actor
        return Actor(actor.text, code, country, sectors, actor.name, actor.entity_id, actor.start, actor.end, actor.why)


def _complete(code: str) -> bool:
    """A code that takes no country prefix (IGOPKO, UIS, INT, NGO...)."""
    return code.startswith(COMPLETE_PREFIXES)


def _role_code(country: str | None, sector: str) -> str:
    if country is None or _complete(sector):
        return sector
    return f"{country}{sector}"


def _singular(m: Mention) -> bool:
    return m.root.tag_ not in ("NNS", "NNPS")


def _unknown_place(m: Mention) -> bool:
    """Is the role noun modified by a place name that no dictionary match covers ("Texas police")?"""
    return any(
        c.dep_ in ("compound", "poss", "amod", "nmod") and c.ent_type_ in ("GPE", "LOC")
        for c in m.root.children
        if c.i < m.span.start or c.i >= m.span.end
    )


def _definite(span: Span) -> bool:
    root = span.root
    return span[0].lower_ in DEFINITE or any(c.dep_ == "det" and c.lower_ in DEFINITE for c in root.children)


def _sectors(code: str | None) -> tuple[str, ...]:
    if not code:
        return ()
    rest = code[3:] if len(code) > 3 and code[:3].isalpha() and len(code) % 3 == 0 else code
    if len(code) == 3:
        return ()
    return tuple(rest[i : i + 3] for i in range(0, len(rest), 3))


def _with_span(actor: Actor, text: str, start: int, end: int, why: str) -> Actor:
    return Actor(text, actor.code, actor.country, actor.sectors, actor.name, actor.entity_id, start, end, why)


def _with_text(actor: Actor, tok: Token, why: str) -> Actor:
    return _with_span(actor, tok.text, tok.idx, tok.idx + len(tok.text), why)


class _Memory:
    """What a document has introduced so far, for short forms, role nouns and pronouns."""

    def __init__(self) -> None:
        self.names: dict[str, Actor] = {}
        self.unresolved: set[str] = set()  # name words of people introduced without a code
        self.people: list[Actor] = []
        self.roles: list[tuple[str, str, Actor]] = []

    def remember(self, actor: Actor, group: list[Mention], is_person: bool) -> None:
        named = [m for m in group if m.kind in ("person", "surname", "unknown_person")]
        if actor.name and named:
            for part in actor.name.split():
                if len(part) > 1 and part[0].isupper():
                    self.names.setdefault(part.lower(), actor)
            for m in named:
                for t in m.span:
                    if t.is_title:
                        self.names[t.lower_] = actor
                        self.unresolved.discard(t.lower_)
        if is_person:
            self.people.append(actor)
        for m in group:
            if m.kind == "agent" and m.entry is not None:
                self.roles.append((m.entry.ref, (actor.sectors or ("",))[0], actor))

    def remember_unresolved(self, group: list[Mention]) -> None:
        """Names of a person no dictionary knows, or of a name the resolver rejected ("Kim Kardashian")."""
        for m in group:
            if m.kind == "unknown_person":
                for t in m.span:
                    if t.is_title and t.lower_ not in self.names:
                        self.unresolved.add(t.lower_)

    def by_name(self, span: Span) -> Actor | None:
        for t in reversed(list(span)):
            found = self.names.get(t.lower_)
            if found is not None:
                return found
        return None

    def unresolved_name(self, span: Span) -> bool:
        return any(t.lower_ in self.unresolved for t in span)

    def person_name(self, span: Span) -> bool:
        return any(t.lower_ in self.names or t.lower_ in self.unresolved for t in span)

    def last_in_role(self, phrase: str, sector: str, before: int, *, person: bool = True) -> Actor | None:
        for role, _, actor in reversed(self.roles):
            if role == phrase and actor.start < before:
                return actor
        if not person:
            return None
        for actor in reversed(self.people):
            if actor.start < before and sector and sector in actor.sectors:
                return actor
        return None

    def last_person_before(self, offset: int) -> Actor | None:
        """The person mentioned closest before ``offset``."""
        before = [a for a in self.people if a.start < offset]
        return max(before, key=lambda a: a.start) if before else None


def _titled_acronym(span: Span, phrase: str) -> bool:
    """An acronym of four or more letters written as a name, as British style has it ("Nato", "Asean",
    "Opec" for NATO, ASEAN, OPEC), and tagged a proper noun or a named entity (so "Care" opening a
    sentence is not CARE)."""
    return (
        len(phrase) >= 4
        and phrase.isalpha()
        and phrase.isupper()
        and span.text == phrase.capitalize()
        and all(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP", "GPE") for t in span)
    )
