"""Actor resolution: mentions in a parsed document -> CAMEO actors as of a date.

1. Dictionary phrases are found with the knowledge base's ``PhraseMatcher`` (longest match first);
   PERSON entities no dictionary knows become candidate mentions too.
2. Mentions joined by noun-phrase dependencies (compound, amod, poss, appos, "of") form one group:
   "North Korea's visiting foreign minister, Ri Yong Ho" is one actor — country from the possessor,
   sector from the role noun, person from the apposition.
3. A group's code: a known person's dated role, else country + role sector, else organisation,
   else the country (a capital or seat of government stands for the government).
4. Within a document, later short forms ("Ri", "Rouhani"), definite role nouns ("the president") and
   he/she resolve to an actor introduced earlier; a mention that cannot be resolved stays unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dyad.actors.kb import Entry, KnowledgeBase
from dyad.models import Actor

LINK_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "nn"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "erstwhile", "retired", "late"}
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person"}


@dataclass
class Mention:
    span: Span
    entry: Entry | None  # None for a PERSON entity no dictionary knows

    @property
    def kind(self) -> str:
        return self.entry.kind if self.entry else "unknown_person"


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
        candidates: list[tuple[Span, Entry]] = []
        for match_id, start, end in kb.matcher(doc):
            span = doc[start:end]
            key = doc.vocab.strings[match_id]
            for entry in kb.best_entries(key):
                if self._acceptable(span, entry):
                    candidates.append((span, entry))
                    break
        chosen = filter_spans([s for s, _ in candidates])
        by_span = {(s.start, s.end): e for s, e in candidates}
        mentions = [Mention(s, by_span[(s.start, s.end)]) for s in chosen]
        covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(i in covered for i in range(ent.start, ent.end)):
                # Trim a possessive 's that the NER sometimes includes.
                end = ent.end
                while end > ent.start and doc[end - 1].tag_ == "POS":
                    end -= 1
                if end > ent.start:
                    mentions.append(Mention(doc[ent.start : end], None))
        mentions.sort(key=lambda m: m.span.start)
        return mentions

    @staticmethod
    def _acceptable(span: Span, entry: Entry) -> bool:
        text = span.text
        if entry.exact_case and text != entry.phrase:
            return False
        if entry.proper:
            first_alpha = next((ch for ch in text if ch.isalpha()), "")
            if not first_alpha.isupper():
                return False  # "turkey", "chad", "us": a proper name is capitalised
            ent_types = {t.ent_type_ for t in span}
            if entry.kind in ("country", "metonym", "adjective") and ent_types & {"PERSON"}:
                return False  # "Jordan" in "Michael Jordan"
            if entry.kind in ("person", "surname") and len(span) == 1:
                tok = span[0]
                if tok.pos_ not in ("PROPN", "NOUN") or tok.ent_type_ in ("GPE", "LOC", "DATE", "FAC"):
                    return False
        return True

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
            root = m.span.root
            head = root.head
            target: int | None = None
            if root.dep_ in LINK_DEPS and head.i != root.i and head.i in owner:
                target = owner[head.i]
            elif root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.i in owner:
                target = owner[head.head.i]
            if target is not None and target != idx:
                parent[find(idx)] = find(target)
            # the head noun may itself point at us ("minister" appos of a name, or name appos of role)
            for child in root.children:
                if child.dep_ == "appos" and child.i in owner and owner[child.i] != idx:
                    parent[find(owner[child.i])] = find(idx)

        groups: dict[int, list[int]] = {}
        for idx in range(len(mentions)):
            groups.setdefault(find(idx), []).append(idx)

        result = DocActors()
        memory = _Memory()
        for members in sorted(groups.values(), key=lambda g: mentions[g[0]].span.start):
            group = [mentions[i] for i in members]
            actor = self._compose(group, on, memory)
            if actor is None:
                continue
            result.actors.append(actor)
            for m in group:
                for i in range(m.span.start, m.span.end):
                    result.by_token[i] = actor
                result.by_token.setdefault(m.span.root.i, actor)
            is_person = any(m.kind in ("person", "surname", "unknown_person") for m in group) or any(
                m.kind == "agent" and m.entry is not None and self.kb.agents[m.entry.ref].person for m in group
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
        return result

    def _compose(self, group: list[Mention], on: date | None, memory: _Memory) -> Actor | None:
        kb = self.kb
        start = min(m.span.start_char for m in group)
        end = max(m.span.end_char for m in group)
        doc = group[0].span.doc
        text = doc.text[start:end]
        possessors = {id(m) for m in group if m.span.root.dep_ == "poss" and len(group) > 1}
        surnames = [m for m in group if m.kind == "surname" and id(m) not in possessors]
        for m in surnames:
            # a surname refers to the person the document introduced with it, else to the dictionary's
            prev = memory.by_name(m.span)
            if prev is not None:
                return _with_span(prev, text, start, end, "coreference:name")
        people = [m for m in group if m.kind in ("person", "surname") and id(m) not in possessors]
        unknown = [m for m in group if m.kind == "unknown_person"]
        orgs = [m for m in group if m.kind == "org" and id(m) not in possessors]
        agents = [m for m in group if m.kind == "agent"]
        countries = [m for m in group if m.kind in ("country", "adjective", "metonym")]
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
                    o = kb.orgs.get(m.entry.ref)
                    country = o.country if o else None
                if country:
                    break
        former = any(
            t.lower_ in FORMER_WORDS for m in agents for t in m.span.root.children if t.dep_ in ("amod", "advmod")
        ) or any(t.lower_ in FORMER_WORDS for m in group for t in m.span)
        agent = kb.agents.get(agents[0].entry.ref) if agents and agents[0].entry else None

        if people:
            m = people[0]
            assert m.entry is not None
            person = kb.people[m.entry.ref]
            found = kb.person_code(person.entity_id, on)
            code = found[0] if found else None
            why = f"dictionary:{m.entry.where}"
            if code is None and agent is not None and (country or person.country):
                code = (country or person.country or "") + ("ELI" if former else agent.code)
                why = "role"
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
            return Actor(
                text,
                org.code,
                org.country,
                org.sectors or _sectors(org.code),
                org.name,
                org.entity_id,
                start,
                end,
                f"dictionary:{m.entry.where}",
            )
        if agent is not None:
            name = unknown[0].span.text if unknown else None
            sector = "ELI" if former and agent.person else agent.code
            if country is None and agent.person and not unknown:
                # "the president", "the envoy": the last actor introduced in that role
                prev = memory.last_in_role(agent.phrase, agent.code, start)
                if prev is not None:
                    return _with_span(prev, text, start, end, "coreference:role")
                return None
            code = f"{country}{sector}" if country else sector
            return Actor(
                text,
                code,
                country,
                _sectors(code),
                name or (self._country_name(country) if country else None),
                None,
                start,
                end,
                "role+country" if country else "role",
            )
        if unknown:
            for m in unknown:
                prev = memory.by_name(m.span)
                if prev is not None:
                    return _with_span(prev, text, start, end, "coreference:name")
            return None
        if countries:
            m = countries[0]
            assert m.entry is not None
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
        if poss_people:
            return None
        return None

    def _country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        c = self.kb.countries.get(code)
        return c.name if c else code

    def code_on(self, actor: Actor, on: date | None) -> Actor:
        """The same actor with a known person's code re-checked for another date (the event's)."""
        if actor.entity_id and actor.entity_id in self.kb.people and on is not None:
            found = self.kb.person_code(actor.entity_id, on)
            if found and found[0] != actor.code:
                return Actor(
                    actor.text,
                    found[0],
                    found[0][:3],
                    _sectors(found[0]),
                    actor.name,
                    actor.entity_id,
                    actor.start,
                    actor.end,
                    actor.why,
                )
        return actor


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
        if is_person:
            self.people.append(actor)
        for m in group:
            if m.kind == "agent" and m.entry is not None:
                self.roles.append((m.entry.ref, (actor.sectors or ("",))[0], actor))

    def by_name(self, span: Span) -> Actor | None:
        for t in reversed(list(span)):
            found = self.names.get(t.lower_)
            if found is not None:
                return found
        return None

    def last_in_role(self, phrase: str, sector: str, before: int) -> Actor | None:
        for role, _, actor in reversed(self.roles):
            if role == phrase and actor.start < before:
                return actor
        for actor in reversed(self.people):
            if actor.start < before and sector and sector in actor.sectors:
                return actor
        return None

    def last_person_before(self, offset: int) -> Actor | None:
        for actor in reversed(self.people):
            if actor.start < offset:
                return actor
        return None
