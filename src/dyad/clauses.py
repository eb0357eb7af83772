"""Clause analysis: predicate-argument structures from a spaCy dependency parse, with no ontology in it.

For every verb (and every noun the caller asks about) this finds subjects, objects, datives,
prepositional arguments and particles, following conjunctions, passives ("by"-agents), control
("pledged to build", "accused X of moving", "urged X to"), relative clauses ("Trump, who unleashed"),
and sets the modality (negated, hypothetical, intended, reported) and the speaker the clause is
attributed to. The word lists that drive modality live in ``data/patterns/modality.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Token

from dyad.datafiles import read_yaml
from dyad.models import Modality
from dyad.resources import data_path

SUBJ_DEPS = {"nsubj", "csubj"}
PASS_SUBJ_DEPS = {"nsubjpass", "csubjpass"}
OBJ_DEPS = {"dobj", "obj"}
DATIVE_DEPS = {"dative", "iobj"}
REL_PRONOUNS = {"who", "which", "that", "whom"}
LIST_PREPS = {"from", "to", "including", "like", "as"}  # "countries from Russia to the U.K."
# Particles the parser often labels as adverbs right after the verb ("stepped down", "called off").
# Prepositions that make a gerund an adverbial of its governor, whose subject it shares: "after meeting Y".
ADVERBIAL_PREPS = {"after", "before", "by", "while", "without", "upon", "on", "through", "since", "despite", "when"}
ADVERB_PARTICLES = {"down", "up", "off", "out", "back", "away", "over", "in", "on", "aside"}
# Adjectives that make a phrasal verb right after it: "set free", "let loose", "broke free".
RESULT_PARTICLES = {"free", "loose"}
# Entity types that are never an actor argument of a preposition: dates, times, sums and amounts.
NOT_ARGUMENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"}
# Participles that make the noun they modify its doer's: "a Saudi-led strike", "a Taliban-claimed car bomb",
# "the Saudi-spearheaded intervention" (not "Russia-backed": a backer is not the doer).
DOER_PARTICIPLES = {"lead", "claim", "spearhead", "launch", "conduct", "mount", "stage", "orchestrate", "command"}


@dataclass(frozen=True)
class ModalityLexicon:
    """Word lists that set modality and attribution (from data/patterns/modality.yaml)."""

    speech_verbs: frozenset[str]
    doubt_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    accusation_verbs: frozenset[str]
    directive_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    hedges: frozenset[str]
    attribution_preps: tuple[tuple[str, ...], ...]
    statement_nouns: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    condition_adverbs: frozenset[str] = frozenset()
    path: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> ModalityLexicon:
        p = Path(path) if path else data_path("patterns", "modality.yaml")
        data = read_yaml(p, "dyad-modality/1")

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        return cls(
            speech_verbs=words("speech_verbs"),
            doubt_verbs=words("doubt_verbs"),
            denial_verbs=words("denial_verbs"),
            accusation_verbs=words("accusation_verbs"),
            directive_verbs=words("directive_verbs"),
            intent_verbs=words("intent_verbs"),
            object_control_verbs=words("object_control_verbs"),
            hypothetical_marks=words("hypothetical_marks"),
            hypothetical_modals=words("hypothetical_modals"),
            future_modals=words("future_modals"),
            hedges=words("hedges"),
            attribution_preps=tuple(tuple(str(p).lower().split()) for p in data.get("attribution_preps") or ()),
            statement_nouns=words("statement_nouns"),
            condition_marks=words("condition_marks"),
            condition_adverbs=words("condition_adverbs"),
            path=str(p),
        )


@dataclass
class Clause:
    """A predicate with its arguments (head tokens), modality and attribution."""

    trigger: Token
    kind: Literal["verb", "noun"]
    lemma: str
    subjects: list[Token] = field(default_factory=list)
    objects: list[Token] = field(default_factory=list)
    datives: list[Token] = field(default_factory=list)
    preps: dict[str, list[Token]] = field(default_factory=dict)
    particles: list[str] = field(default_factory=list)
    xcomp: Token | None = None
    possessors: list[Token] = field(default_factory=list)
    modality: Modality = "asserted"
    attribution: Token | None = None
    passive: bool = False
    governor: Token | None = None  # the verb an intent clause depends on ("pledged" for "to build")

    @property
    def object_lemmas(self) -> set[str]:
        """Lemmas of the objects, looking through a partitive ("withdrew some of its troops": some, troop) and
        a light head ("violated the ceasefire agreement": agreement, ceasefire)."""
        out: set[str] = set()
        for t in self.objects:
            out.update(head_lemmas(t))
            for g in partitive_of(t):
                out.update(head_lemmas(g))
        return out


# Heads that say little of their own: the noun compounded with them names the thing ("the ceasefire
# agreement", "shelter materials", "mediation efforts", "peacekeeping operations").
LIGHT_HEADS = frozenset(
    {"agreement", "accord", "deal", "pact", "material", "supply", "item", "kit", "effort", "operation", "mission"}
)


def head_lemmas(tok: Token) -> set[str]:
    """A noun's lemma and, for a light head, the lemmas of the nouns compounded with it."""
    out = {tok.lemma_.lower()}
    if tok.lemma_.lower() in LIGHT_HEADS:
        # "the ceasefire agreement", "the Ceasefire Agreement" (a title-cased compound is a PROPN)
        out.update(ch.lemma_.lower() for ch in tok.children if ch.dep_ == "compound" and ch.pos_ in ("NOUN", "PROPN"))
    return out


def partitive_of(tok: Token) -> list[Token]:
    """What a partitive or a quantity names part of: "some of its troops" -> [troops], "$4 million worth of
    equipment and medicines" -> [equipment, medicines]; [] for any other word."""
    if not (tok.lower_ in PARTITIVES or tok.like_num or tok.pos_ == "NUM"):
        return []
    out: list[Token] = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                if g.dep_ == "pobj":
                    out.extend(expand(g))
    return out


# Quantities that name part of what follows "of": the pattern's object class is the "of" object's.
PARTITIVES = frozenset(
    {
        "some",
        "all",
        "most",
        "many",
        "part",
        "half",
        "several",
        "none",
        "rest",
        "bulk",
        "majority",
        "thousands",
        "hundreds",
        "dozens",
        "scores",
        "remainder",
        "each",
        "both",
        "any",
        # quantities and batches: "$4 million worth of equipment", "40 percent of their arms"
        "worth",
        "percent",
        "%",
        "amount",
        "quantity",
        "batch",
        "shipment",
        "consignment",
        "ton",
        "tons",
        "tonnes",
        "round",
        "wave",
        "series",
        "number",
        "group",
        "team",
    }
)


def expand(tok: Token) -> list[Token]:
    """A head token and its conjuncts ("Iran and North Korea" -> [Iran, Korea])."""
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def list_members(tok: Token) -> list[Token]:
    """Members of a list noun: "countries from Russia to the U.K." -> [Russia, U.K.]."""
    members: list[Token] = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in LIST_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    members.extend(expand(pobj))
    return members


class ClauseFinder:
    """Finds clauses in a parsed document using one loaded :class:`ModalityLexicon`."""

    def __init__(self, lexicon: ModalityLexicon) -> None:
        self.lex = lexicon

    # ------------------------------------------------------------------ verbs
    def verb_clauses(self, doc: Doc) -> list[Clause]:
        clauses = []
        for tok in doc:
            if tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):
                clauses.append(self.verb_clause(tok))
        return clauses

    def verb_clause(self, verb: Token) -> Clause:
        c = Clause(trigger=verb, kind="verb", lemma=verb.lemma_.lower())
        subjects, passive = self._subjects(verb)
        c.subjects = subjects
        c.passive = passive
        objs: list[Token] = []
        for child in verb.children:
            if child.dep_ in OBJ_DEPS:
                objs.extend(expand(child))
            elif child.dep_ == "dative" and child.pos_ == "ADP":
                self.add_prep(c, child)  # "gave equipment to Kenya": the parser's dative "to" is a preposition
            elif child.dep_ in DATIVE_DEPS:
                c.datives.extend(expand(child))
            elif child.dep_ == "prt" or (
                child.dep_ == "advmod" and child.lower_ in ADVERB_PARTICLES and 0 < child.i - verb.i <= 2
            ):
                c.particles.append(child.lower_)
            elif child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                c.xcomp = child
        nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
        if nxt is not None and nxt.lower_ in RESULT_PARTICLES and nxt.lower_ not in c.particles:
            # "let free some 74 leaders", "set loose": the adjective is the phrasal verb's particle; when the
            # parser made it a verb, its objects are the phrasal verb's
            c.particles.append(nxt.lower_)
            if nxt.head.i == verb.i and not objs:
                objs = [o for ch in nxt.children if ch.dep_ in OBJ_DEPS for o in expand(ch)]
        if passive:
            # passive subject is the logical object; "by" agent the logical subject
            objs = [*self._passive_subjects(verb), *objs]
            c.subjects = self._agents(verb)
        elif not objs and c.xcomp is None:
            small = small_clause(verb)
            if small is not None:
                # "found [X guilty] of V-ing": the parser gives the adjective the subject X; X is the verb's
                # object and the adjective its complement (a pattern's `xcomp`)
                c.xcomp = small
                objs = [s for ch in small.children if ch.dep_ in SUBJ_DEPS for s in expand(ch)]
            else:
                # "declared [a state of siege] to begin at midnight": the infinitive's subject is the object
                objs = _infinitive_subject(verb)
        c.objects = objs
        for child in verb.children:
            if child.dep_ in ("prep", "agent") and not (passive and child.dep_ == "agent"):
                self.add_prep(c, child)
        for obj in c.objects[:1]:
            # "imposed sanctions on X", "sought a meeting with X", "supplied 60% of the equipment to X"
            for head in [obj, *partitive_of(obj)[:1]]:
                for child in head.children:
                    if child.dep_ == "prep":
                        self.add_prep(c, child)
        for prep in (ch for ch in verb.children if ch.dep_ == "prep" and ch.lower_ == "for"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                for child in pobj.children:
                    if child.dep_ == "prep" and child.lower_ in ("against", "on") and child.lower_ not in c.preps:
                        self.add_prep(c, child)  # "called for sanctions against X" (issue #4)
        c.modality = self.modality(verb)
        c.attribution = self.attribution(verb)
        return c

    def add_prep(self, c: Clause, prep: Token) -> None:
        """Add the objects of preposition ``prep`` to the clause's prepositional arguments (never dates)."""
        key = prep.lower_
        for pobj in prep.children:
            if pobj.dep_ in ("pobj", "pcomp") and pobj.ent_type_ not in NOT_ARGUMENTS:
                # "on Tuesday" is a date, never an argument ("called for X on Tuesday" is not "call on"); nor is
                # a sum ("an investigation into the $2 billion that went missing": no target actor)
                c.preps.setdefault(key, []).extend(expand(pobj))

    def subjects(self, verb: Token) -> list[Token]:
        """The logical subjects of a verb: its own, inherited ones, or a passive's "by" agents."""
        subjects, passive = self._subjects(verb)
        return self._agents(verb) if passive else subjects

    def _subjects(self, verb: Token) -> tuple[list[Token], bool]:
        passive = any(ch.dep_ in PASS_SUBJ_DEPS or ch.dep_ == "auxpass" for ch in verb.children)
        if passive:
            return [], True
        for child in verb.children:
            if child.dep_ in SUBJ_DEPS:
                if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                    return expand(verb.head), False
                return expand(child), False
        repaired = self._appositive_subject(verb) or _adverb_subject(verb)
        if repaired:
            return repaired, False
        return self._inherited_subjects(verb), False

    @staticmethod
    def _appositive_subject(verb: Token) -> list[Token]:
        """Repair a common mis-parse: "..., John Bolton, accused X" with the subject attached elsewhere.

        A finite verb with no subject, right after a comma that closes an appositive ("adviser, John
        Bolton,"), takes the appositive's head noun as its subject.
        """
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i < 2:
            return []
        if any(ch.dep_ == "cc" for ch in verb.children):
            return []
        doc = verb.doc
        comma = doc[verb.i - 1]
        before = doc[verb.i - 2]
        if comma.text != "," or before.pos_ not in ("PROPN", "NOUN"):
            return []
        tok = before
        while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
            tok = tok.head
        if tok.dep_ == "appos" and tok.head.pos_ in ("NOUN", "PROPN"):
            return [tok.head]
        return []

    def _inherited_subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        if depth > 4 or verb.head.i == verb.i:
            return []
        head = verb.head
        dep = verb.dep_
        if dep == "conj" and head.pos_ in ("VERB", "AUX"):
            subs, passive = self._subjects(head)
            return self._agents(head) if passive else subs
        if dep == "xcomp":
            if head.lemma_.lower() in self.lex.object_control_verbs:
                objs = [ch for ch in head.children if ch.dep_ in OBJ_DEPS]
                if objs:
                    return expand(objs[0])
            subs, passive = self._subjects(head)
            return subs
        if dep == "advcl" and (verb.tag_ in ("VBG", "VBN") or to_infinitive(verb)) and head.pos_ in ("VERB", "AUX"):
            # "..., seeking a meeting", "sent experts to Riyadh to investigate the attacks": the main subject's
            return self.subjects(head)
        if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            governor = head.head
            if governor.lemma_.lower() in self.lex.object_control_verbs or head.lower_ in ("of", "for"):
                objs = [ch for ch in governor.children if ch.dep_ in OBJ_DEPS]
                if objs:
                    return expand(objs[0])
            if head.lower_ in ADVERBIAL_PREPS:
                return self.subjects(governor)  # "X left after meeting Y", "X responded by expelling Y": X
        if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "ADJ" and head.lower_ in ("of", "for"):
            # "found X guilty of murdering Y", "X is responsible for killing Y": who the adjective is said of
            adj = head.head
            owner = adj.head
            own = [ch for ch in adj.children if ch.dep_ in SUBJ_DEPS]
            if own:
                return expand(own[0])  # a small clause: "found [the regime guilty]"
            if adj.dep_ in ("oprd", "ccomp", "xcomp", "advcl") and owner.pos_ in ("VERB", "AUX"):
                objs = [ch for ch in owner.children if ch.dep_ in OBJ_DEPS]
                if objs:
                    return expand(objs[0])
            if adj.dep_ == "acomp" and owner.pos_ in ("VERB", "AUX"):
                return self.subjects(owner)
        if dep == "acomp" and head.pos_ in ("VERB", "AUX"):
            return self._subjects(head)[0]  # "Russia is willing to withdraw": the copula's subject
        if dep == "relcl":
            return expand(head)
        if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
            owners = [ch for ch in head.children if ch.dep_ in ("poss", "compound")]
            if owners:
                return expand(owners[0])
            if verb.tag_ == "VBG":
                # "militants fighting the army": the noun does it; "a report accusing X" is its author's
                if head.lemma_.lower() in self.lex.statement_nouns:
                    return self.subjects(head.head) if head.dep_ in OBJ_DEPS else []
                return expand(head)
        return []

    @staticmethod
    def _passive_subjects(verb: Token) -> list[Token]:
        for child in verb.children:
            if child.dep_ in PASS_SUBJ_DEPS:
                if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                    return expand(verb.head)
                return expand(child)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return expand(verb.head)  # "sanctions imposed by Washington"
        return []

    @staticmethod
    def _agents(verb: Token) -> list[Token]:
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return expand(pobj)
        return []

    # ------------------------------------------------------------------ nouns
    def noun_clause(self, noun: Token) -> Clause:
        c = Clause(trigger=noun, kind="noun", lemma=noun.lemma_.lower())
        doers = participle_doers(noun)
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "nmod") or (
                child.dep_ == "amod" and child.ent_type_ in ("NORP", "GPE")
            ):
                c.possessors.extend(expand(child))
            elif child.dep_ == "prep":
                self.add_prep(c, child)
        if doers:
            # "a Saudi-led air strike": the leader owns it, not the kind of strike ("air") or the bomb's ("car")
            c.possessors = [*doers, *(t for t in c.possessors if t.dep_ == "poss")]
        owner = _responsible_owner(noun)
        if owner and not any(t.dep_ == "poss" for t in c.possessors):
            # "the militia has been responsible for brutal killings": the militia's killings, not the "brutal"'s
            c.possessors = owner
        # "a visit by X to Nepal": the parser often hangs "to Nepal" on X; take such preps one level down
        for pobjs in list(c.preps.values()):
            for pobj in pobjs:
                for child in pobj.children:
                    if child.dep_ == "prep" and child.lower_ not in c.preps and child.lower_ != "of":
                        self.add_prep(c, child)
        governor = noun.head if noun.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos") else None
        while governor is not None and governor.pos_ == "ADP":
            # a preposition at the root of its sentence is its own head: stop there, do not loop forever
            governor = governor.head if governor.head.i != governor.i else None
        c.modality = self.modality(governor) if governor is not None and governor.pos_ == "VERB" else "asserted"
        if governor is not None and governor.lemma_.lower() in self.lex.intent_verbs and c.modality == "asserted":
            c.modality = "intended"
        c.attribution = self.attribution(governor if governor is not None else noun)
        c.governor = governor
        return c

    # ------------------------------------------------------------------ modality
    def modality(self, verb: Token) -> Modality:
        lex = self.lex
        sent = verb.sent
        chain = [verb, *list(verb.ancestors)]
        for i, tok in enumerate(chain):
            kids = list(tok.children)
            # a conditional clause anywhere between the verb and its sentence root
            if tok.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in lex.hypothetical_marks for k in kids):
                return "hypothetical"
            if tok.dep_ == "advcl" and self._pending_condition(tok):
                return "hypothetical"  # "will not end the strike until the government pays them"
            # an open complement shares its governor's modals: "would allow X to deliver", "did not try to attack"
            if i == 0 or all(_open_complement(c) for c in chain[:i]):
                if any(k.dep_ == "neg" for k in kids):
                    return "negated"
                auxes = {k.lower_ for k in kids if k.dep_ in ("aux", "auxpass")}
                if auxes & lex.hypothetical_modals:
                    return "hypothetical"
                if auxes & lex.future_modals:
                    return "intended"
                if any(k.lower_ in lex.hedges for k in kids if k.dep_ == "advmod"):
                    return "reported"
            if i == 0 and purpose_clause(tok):
                return "intended"  # "sent experts to investigate the attacks": what they were sent for
            if i > 0 and tok.lemma_.lower() in lex.denial_verbs and chain[i - 1].dep_ in ("xcomp", "ccomp", "pcomp"):
                return "negated"
            if i > 0 and tok.lemma_.lower() in lex.doubt_verbs and chain[i - 1].dep_ == "ccomp":
                return "reported"
            if (
                i > 0
                and tok.lemma_.lower() in lex.accusation_verbs
                and chain[i - 1].dep_ == "prep"
                and chain[i - 1].lower_ in ("of", "for")
            ):
                return "reported"  # "accused X of attacking Y": the accuser's claim
            if i > 0 and self._directs(tok, chain[i - 1]):
                return "intended"  # "demanded that X release Y": asked for, not done
            if tok.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "prep", "pobj", "acl"):
                continue
            break
        if sent.text.rstrip().endswith("?"):
            return "hypothetical"
        return "asserted"

    def _pending_condition(self, clause: Token) -> bool:
        """Whether an adverbial clause is a time condition (``condition_marks``: "until", "once"; "as soon as" is
        the mark "as" under a ``condition_adverbs`` word) still to be met: its governing act is not asserted
        (negated, future, modal, or the complement of an intent: "will not end the strike until X pays", "was
        willing to withdraw as soon as a force had been sent"). Under an act that happened ("fought until the
        town fell") the condition happened too."""
        marks = {k.lower_ for k in clause.children if k.dep_ == "mark"}
        gov = clause.head
        if "as" in marks and gov.lemma_.lower() in self.lex.condition_adverbs:
            gov = gov.head
        elif not marks & self.lex.condition_marks:
            return False
        if self.modality(gov) != "asserted":
            return True
        # the complement of an intent ("was willing to withdraw ... as soon as"), also through a conjunct
        comp = gov.head if gov.dep_ == "conj" else gov
        return comp.dep_ == "xcomp" and comp.head.lemma_.lower() in self.lex.intent_verbs

    def _directs(self, tok: Token, comp: Token) -> bool:
        """Whether ``comp`` is the clausal complement of a directive verb ``tok`` ("demanded that ...") or of
        its noun ("its demand that X lift sanctions", "a call to withdraw")."""
        if tok.lemma_.lower() not in self.lex.directive_verbs:
            return False
        return comp.dep_ in ("ccomp", "xcomp") or (comp.dep_ == "acl" and tok.pos_ == "NOUN")

    def directed(self, verb: Token) -> bool:
        """Whether a verb is an event asked for: the complement of "demanded that", "asked X to"."""
        prev = verb
        for tok in verb.ancestors:
            if self._directs(tok, prev):
                return True
            if prev.dep_ not in ("ccomp", "xcomp", "conj"):
                return False
            prev = tok
        return False

    def attribution(self, verb: Token) -> Token | None:
        """The speaker a clause is attributed to: "according to X", or the subject of a speech verb above it."""
        lex = self.lex
        for tok in [verb, *list(verb.ancestors)]:
            for child in tok.children:
                if child.dep_ == "prep":
                    words = [child.lower_] + [g.lower_ for g in child.children if g.dep_ in ("prep", "pcomp")]
                    if tuple(words[:2]) in lex.attribution_preps or tuple(words[:1]) in lex.attribution_preps:
                        obj = _first_pobj(child)
                        if obj is not None:
                            return obj
        for prev, tok in zip([verb, *list(verb.ancestors)], list(verb.ancestors), strict=False):
            if tok.lemma_.lower() in lex.speech_verbs and prev.dep_ in ("ccomp", "parataxis", "xcomp"):
                for child in tok.children:
                    if child.dep_ in SUBJ_DEPS:
                        return child
        # "..., X said." with the quote as the root and the speech verb as parataxis/ccomp child
        for child in verb.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in lex.speech_verbs:
                for g in child.children:
                    if g.dep_ in SUBJ_DEPS:
                        return g
        return None


def _responsible_owner(noun: Token) -> list[Token]:
    """The subject of "X is/has been responsible for <noun>" told as a fact (the sentence's own root, not a
    claim reported under a speech verb: "said X was responsible for the attack" is an accusation)."""
    base = noun
    while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN"):
        base = base.head
    prep = base.head
    if base.dep_ != "pobj" or prep.lower_ != "for":
        return []
    adj = prep.head
    copula = adj.head
    if adj.lemma_.lower() != "responsible" or adj.dep_ != "acomp" or copula.dep_ != "ROOT":
        return []
    return [s for ch in copula.children if ch.dep_ in SUBJ_DEPS for s in expand(ch)]


def participle_doers(noun: Token) -> list[Token]:
    """The doer named before a participle that modifies the noun: "a [Saudi]-led strike" -> [Saudi]."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ == "amod" and child.tag_ == "VBN" and child.lemma_.lower() in DOER_PARTICIPLES:
            for g in child.children:
                if g.dep_ in ("npadvmod", "compound", "nmod", "nsubj") and g.i < child.i:
                    out.extend(expand(g))
    return out


def background_participle(verb: Token) -> Token | None:
    """The finite verb whose subject a reduced relative clause describes: "the army [fighting the
    insurgents] has declared a ceasefire" -> declared; "protesters [arrested last week] were freed" -> freed.
    The participle tells who the subject is (background), the finite verb what the sentence reports; None
    when the participle is not such a clause."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBG", "VBN"):
        return None
    noun = verb.head
    while noun.dep_ in ("conj", "appos") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ not in SUBJ_DEPS | PASS_SUBJ_DEPS or noun.head.pos_ not in ("VERB", "AUX"):
        return None
    return noun.head


def to_infinitive(verb: Token) -> bool:
    """A "to" infinitive: "to investigate" (the parser's aux "to")."""
    return verb.tag_ == "VB" and any(k.dep_ == "aux" and k.lower_ == "to" for k in verb.children)


def _adverb_subject(verb: Token) -> list[Token]:
    """Repair a mis-parse: a name or acronym right before a finite verb with no subject, labelled an adverb
    ("In cooperation with partners, USAID/advmod provided ..."), is the subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    for child in verb.children:
        if (
            child.dep_ in ("advmod", "npadvmod")
            and (child.pos_ == "PROPN" or (child.text.isupper() and len(child.text) > 1))  # "USAID/ADJ"
            and child.i == verb.i - 1
            and child.ent_type_ not in ("DATE", "TIME")
        ):
            return [child]
    return []


def _infinitive_subject(verb: Token) -> list[Token]:
    """The subject the parser gives a "to" infinitive complement after the verb: "declared [a state of siege] to
    begin", "ordered [the troops] to leave" (parsed as a clausal complement with its own subject)."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and to_infinitive(child):
            subj = [g for g in child.children if g.dep_ in SUBJ_DEPS and g.i < child.i]
            if subj:
                return expand(subj[0])
    return []


def small_clause(verb: Token) -> Token | None:
    """The adjective of a verbless small clause the verb takes: "found [the mayor guilty]", "declared [the
    vote void]" (parsed as an adjective complement with its own subject); None when there is none."""
    for child in verb.children:
        if (
            child.dep_ in ("ccomp", "xcomp", "oprd")
            and child.pos_ == "ADJ"
            and child.i > verb.i
            and any(g.dep_ in SUBJ_DEPS and g.i < child.i for g in child.children)
            and not any(g.dep_ in ("aux", "auxpass", "cop") for g in child.children)
        ):
            return child
    return None


def purpose_clause(verb: Token) -> bool:
    """An adverbial "to" infinitive: "sent experts to Riyadh to investigate" (a purpose, not a statement of
    intent: its event is "intended" but keeps its own code)."""
    return verb.dep_ == "advcl" and to_infinitive(verb)


def _open_complement(tok: Token) -> bool:
    """An infinitival complement: "tried to attack", "allow X to deliver" (often parsed as ccomp with 'to')."""
    return tok.dep_ == "xcomp" or (
        tok.dep_ == "ccomp" and any(k.dep_ == "aux" and k.lower_ == "to" for k in tok.children)
    )


def _first_pobj(prep: Token) -> Token | None:
    for child in prep.subtree:
        if child.dep_ == "pobj":
            return child
    return None
