"""Event coding: clauses + actors + patterns -> CAMEO/PLOVER events with modality and evidence.

For each verb clause the most specific matching verb pattern is chosen (recorded in ``rule``), its
source and target roles are filled with resolved actors, conjoined arguments multiply events, and
conjoined subjects with no target code the event both ways ("Iran and North Korea pledged ...").
Clause-level constructions (data/patterns/constructions.yaml) add intent codes (03x), statements
addressed to someone ("X told Y", 010) and evaluations in reported speech ("X said Y is unreliable",
111). Noun patterns code nominal events ("U.S. sanctions against Iran", "summit with Kim").
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dyad.actors.resolve import ActorResolver, DocActors
from dyad.clauses import (
    Clause,
    ClauseFinder,
    background_participle,
    head_lemmas,
    participle_doers,
    partitive_of,
    purpose_clause,
    to_infinitive,
)
from dyad.clauses import expand as expand_conj
from dyad.models import Actor, Event, Location, Modality, Span
from dyad.ontology import Ontology
from dyad.patterns import Constructions, Pattern, PatternSet
from dyad.places import PlaceContext, PlaceResolver
from dyad.plover_rules import RULE_MARK, PloverRefiner, PloverRule
from dyad.temporal import DateResolver, ResolvedDate
from dyad.typer import EventTyper, fold_plover

# The learned typer re-types a sentence's pattern events only when it gives their type less than TYPER_VETO
# and its own best type at least TYPER_MIN_VETO; it codes a sentence no pattern fired on only when its best
# type has at least TYPER_MIN_FILL (higher: a new event risks a false positive, a re-typed one does not).
# Issue #4, seventh round (scripts/cv_eval.py, both fold seeds): at TYPER_MIN_VETO 0.3 the re-types made 13 right
# and 10 wrong (seed 0), 12 right and 17 wrong (seed 1); at 0.5 (and TYPER_OVERRIDE off) 12/7 and 12/9.
TYPER_VETO = 0.05
TYPER_MIN_VETO = 0.5
# ... or when its own best type has at least TYPER_OVERRIDE. Off (infinity) since the seventh round: a sure typer
# against a type it does not exclude was right no more often than the pattern (1 made right and 1 wrong on
# seed 0, none right and 3 wrong on seed 1).
TYPER_OVERRIDE = math.inf
TYPER_MIN_FILL = 0.3
# A threat names the act it threatens; the typer, which sees that act's words, keeps off its type.
THREAT_ROOT = "13"
# The typer's "no event" label (trained on sentences with no political interaction); never an event type.
TYPER_NONE = "NONE"
# ... and the typer fills a sentence only when it gives "no event" less than this. With word vectors the typer
# is less sure of "no event" on our non-political sentences: at 0.8 it typed 12 of the 183 (over the 5% limit),
# at 0.7 it types 7; cross-validated PLV accuracy is equal within 2 sentences of 1,050 (folds 0-6: 594 vs 596).
TYPER_MAX_NONE = 0.7
# ... and re-types a pattern event only when it gives "no event" less than this.
TYPER_RETYPE_MAX_NONE = 0.65


@dataclass(frozen=True)
class TyperRules:
    """When the learned typer's type wins over a pattern's, and when it codes a sentence no pattern coded.

    Defaults are the module constants above; ``scripts/cv_eval.py`` sets others to measure them.
    """

    veto: float = TYPER_VETO
    min_veto: float = TYPER_MIN_VETO
    override: float = TYPER_OVERRIDE
    min_fill: float = TYPER_MIN_FILL
    max_none: float = TYPER_MAX_NONE
    retype_max_none: float = TYPER_RETYPE_MAX_NONE


# Named-entity labels that make a sentence worth typing even when no actor in it is in a dictionary.
ACTORISH_LABELS = {"PERSON", "ORG", "GPE", "NORP"}

# Roots whose events may be reciprocal between conjoined subjects ("A and B met / agreed / talked").
RECIPROCAL_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14", "16", "19"}
NOT_ACTORS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL", "LAW", "EVENT", "WORK_OF_ART"}
TARGET_SEARCH_DEPS = {"compound", "poss", "nmod", "amod", "appos"}
# Pronouns that stand for an organisation, a country or a group (persons are the actor resolver's), by number.
ANAPHORS = {"it": "singular", "its": "singular", "they": "plural", "their": "plural", "them": "plural"}


@dataclass
class Candidate:
    """An event before dates, places and ids: what fired and between whom."""

    clause: Clause
    code: str
    rule: str
    source: Actor | None
    target: Actor | None
    modality: Modality
    confidence: float
    trigger: Token


class Coder:
    """Codes the events of one parsed document. All parts are loaded before use."""

    def __init__(
        self,
        patterns: PatternSet,
        constructions: Constructions,
        ontology: Ontology,
        clauses: ClauseFinder,
        resolver: ActorResolver,
        dates: DateResolver,
        places: PlaceResolver,
        version: str,
        typer: EventTyper | None = None,
        typer_rules: TyperRules | None = None,
        refiner: PloverRefiner | None = None,
    ) -> None:
        self.patterns = patterns
        self.cx = constructions
        self.ontology = ontology
        self.clauses = clauses
        self.resolver = resolver
        self.dates = dates
        self.places = places
        self.version = version
        self.typer = typer
        self.typer_rules = typer_rules if typer_rules is not None else TyperRules()
        self.refiner = refiner  # the PLOVER manual's refinements of the CAMEO -> PLOVER table (plover_rules.py)

    # ------------------------------------------------------------------ public
    def code(
        self,
        doc_id: str,
        spacy_doc: object,
        actors: DocActors,
        published: date | None,
        published_precision: str = "day",
        dateline: str | None = None,
        part: str = "body",
    ) -> list[Event]:
        """The events of one parsed document; ``dateline`` (the dateline place) is a fallback event place.

        ``part`` is ``headline`` when ``spacy_doc`` is the document's title: its events' evidence spans
        are then offsets in the title (see :func:`merge_headline`).
        """
        from spacy.tokens import Doc

        assert isinstance(spacy_doc, Doc)
        self.places.add_place_actors(spacy_doc, actors)  # "shelled Kharkiv": a city as a participant
        # pass 1: verb clauses and their best patterns; a pattern constrained on an open complement
        # ("threatened to attack", "refused to meet", "offered to mediate") subsumes that complement
        verbs = [t for t in spacy_doc if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")]
        clauses = {v.i: self.clauses.verb_clause(v) for v in verbs}
        best = {i: self._best_pattern(self.patterns.verbs.get(c.lemma, []), c, actors) for i, c in clauses.items()}
        subsumed: set[int] = set()
        # a yield pattern under a refusal verb ("refused to lift the ban") is the refusal; its governor
        # codes nothing more
        refused: dict[int, Clause] = {}
        for i, c in clauses.items():
            p = best[i]
            if c.lemma in self.cx.refusal_verbs and c.xcomp is not None and not (p and p.xcomp):
                inner = best.get(c.xcomp.i)
                if inner is not None and self.cx.refusal_code(inner.code):
                    refused[c.xcomp.i] = c
                    subsumed.add(i)
        for i, c in clauses.items():
            p = best[i]
            if p is not None and p.xcomp and c.xcomp is not None:
                subsumed.update(t.i for t in expand_conj(c.xcomp))
        operated = self._operations(clauses, best, subsumed)
        # a verb pattern that names its object noun and turns it into another kind of event ("lifted its
        # sanctions": 085, "rejected the proposal": 12x) is that noun's event; the noun codes nothing more. A
        # passive with no agent ("a visit by X to Y was postponed") has no one to code, and keeps the noun's.
        claimed = {
            o.i
            for i, c in clauses.items()
            if (p := best[i]) is not None and p.object and c.subjects and i not in subsumed
            for o in c.objects
            if o.lemma_.lower() in p.object and self._changes_noun(p, o, actors)
        }
        # ... and so is an object it names in the complement it subsumes: "threatened to halt talks with X" (134)
        # is no talks held
        claimed |= {
            o.i
            for i, c in clauses.items()
            if (p := best[i]) is not None and p.xcomp and p.object and c.xcomp is not None and i not in subsumed
            for o in c.xcomp.children
            if o.dep_ in ("dobj", "nsubjpass") and o.lemma_.lower() in p.object and self._changes_noun(p, o, actors)
        }
        candidates: list[Candidate] = []
        for tok in spacy_doc:
            if tok.i in refused:
                candidates.extend(self._refusal_events(clauses[tok.i], best[tok.i], refused[tok.i], actors))
            elif tok.i in clauses:
                if tok.i not in subsumed:
                    candidates.extend(self._verb_events(clauses[tok.i], best[tok.i], actors))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.patterns.nouns and tok.i not in claimed:
                candidates.extend(self._noun_events(tok, actors))
        candidates = [replace(c, modality=operated[c.trigger.i]) if c.trigger.i in operated else c for c in candidates]
        candidates = [c for c in candidates if not self._figurative(c)]
        candidates = _foreground(candidates)
        candidates = [self._agreement_kind(self._verbal(c)) for c in candidates]
        if self.typer is not None:
            candidates = self._typed(spacy_doc, candidates, clauses, actors)
        where = self.places.context(spacy_doc, actors.actors, dateline)
        return self._finish(doc_id, spacy_doc, candidates, actors, published, published_precision, where, part)

    # ------------------------------------------------------------------ operations (constructions.yaml)
    def _operations(
        self, clauses: dict[int, Clause], best: dict[int, Pattern | None], subsumed: set[int]
    ) -> dict[int, Modality]:
        """ "launched operations to detain X": the purpose clause's arrest is the operation ("sent jets to bomb X":
        the bombing is the sending, ``dispatch``). Subsumes the light verb and returns the purpose verbs with the
        modality their events take (the light verb's)."""
        out: dict[int, Modality] = {}

        def absorb(i: int, c: Clause, v: Token, roots: Iterable[str], **fields: Any) -> None:
            """The purpose or ordered verb ``v`` is the act of clause ``c`` when its pattern has one of ``roots``."""
            inner = best.get(v.i)
            if inner is not None and inner.code.startswith(tuple(roots)):
                subsumed.add(i)
                out[v.i] = c.modality
                clauses[v.i] = replace(clauses[v.i], subjects=c.subjects, **fields)

        for i, c in clauses.items():
            if c.lemma in self.cx.order_verbs:
                # "a judge ordered nine politicians jailed", "ordered the migrants deported": the ordered coercion
                # is the orderer's, on the ordered (as "ordered the arrest of X"); the order codes nothing more
                for v, who in self._ordered_participles(c):
                    absorb(i, c, v, self.cx.order_roots, objects=[who], passive=False)
            elif c.lemma in self.cx.dispatch_verbs:
                # "sent drones to destroy the arms depot": the purpose names the attack the sending is
                for v in c.trigger.children:
                    if purpose_clause(v):
                        absorb(i, c, v, self.cx.dispatch_roots)
            elif (p := best[i]) is not None and p.object:
                nouns = [o for o in c.objects if o.lemma_.lower() in self.cx.operation_nouns]
                # "launched operations to detain X" (a purpose clause of the verb) or "an operation to detain X"
                # (parsed as the noun's clause, with the noun as its subject)
                purposes = [v for v in c.trigger.children if purpose_clause(v)] if nouns else []
                purposes += [v for o in nouns for v in o.children if v.dep_ in ("acl", "relcl") and to_infinitive(v)]
                for v in purposes:
                    absorb(i, c, v, self.cx.operation_roots)
        return out

    @staticmethod
    def _ordered_participles(c: Clause) -> list[tuple[Token, Token]]:
        """(participle, who it is done to) of an order's small clause: "ordered [X jailed]" (the participle on the
        object, or a past-participle complement with its own subject)."""
        out = [(v, o) for o in c.objects for v in o.children if v.dep_ == "acl" and v.tag_ in ("VBN", "VBD")]
        for v in c.trigger.children:
            subj = [g for g in v.children if g.dep_ in ("nsubj", "nsubjpass")]
            if v.dep_ == "ccomp" and v.tag_ == "VBN" and subj and not any(g.dep_ == "aux" for g in v.children):
                out.append((v, subj[0]))
        return out

    # ------------------------------------------------------------------ figurative fights (constructions.yaml)
    def _figurative(self, cand: Candidate) -> bool:
        """A fight against problems, not actors: "is fighting corruption", "battling the pandemic"."""
        objects = cand.clause.objects
        return (
            cand.code[:2] in self.cx.figurative_roots
            and bool(objects)
            and all(o.lemma_.lower() in self.cx.figurative_objects for o in objects)
        )

    # ------------------------------------------------------------------ verbal attacks (constructions.yaml)
    def _verbal(self, cand: Candidate) -> Candidate:
        """An attack told with words of speech is criticism: "launched a scathing attack on X", "launched an attack
        on X, calling them incompetent" (constructions.yaml ``verbal_attack``); other candidates are returned as is."""
        if cand.code[:2] != "19":
            return cand
        trigger = cand.trigger
        nouns = [trigger] if trigger.lemma_.lower() in self.cx.verbal_nouns else []
        nouns += [o for o in cand.clause.objects if o.lemma_.lower() in self.cx.verbal_nouns]
        if not nouns:
            return cand
        said = any(
            k.dep_ == "amod" and k.lemma_.lower() in self.cx.verbal_adjectives for n in nouns for k in n.children
        ) or any(
            k.dep_ in ("advcl", "acl") and k.tag_ == "VBG" and k.lemma_.lower() in self.cx.verbal_participles
            for h in {*nouns, trigger, trigger.head if trigger.dep_ == "dobj" else trigger}
            for k in h.children
        )
        if not said:
            return cand
        return replace(cand, code=self.cx.verbal_code, rule=f"verbal:{cand.rule}")

    def _agreement_kind(self, cand: Candidate) -> Candidate:
        """ "signed a ceasefire agreement with X": an agreement of a kind with its own code is that code
        (constructions.yaml ``agreement_kinds``: 057 -> 0871); other candidates are returned as is."""
        if cand.code != "057":
            return cand
        nouns = [n for n in (cand.trigger, *cand.clause.objects) if n.lemma_.lower() in self.cx.kind_nouns]
        kinds = [k.lower_ for n in nouns for k in n.children if k.dep_ in ("compound", "amod", "nmod")]
        code = next((self.cx.kind_codes[k] for k in kinds if k in self.cx.kind_codes), None)
        if code is None:
            return cand
        return replace(cand, code=code, rule=f"kind:{cand.rule}")

    def _changes_noun(self, verb_pattern: Pattern, noun: Token, actors: DocActors) -> bool:
        """Whether a verb pattern on a noun object codes another root than the noun's own pattern ("lift" +
        "sanctions" is 085, not 163); "launched an attack" (19 both) keeps the noun's event and its arguments."""
        patterns = self.patterns.nouns.get(noun.lemma_.lower())
        if not patterns:
            return False
        own = self._best_pattern(patterns, self.clauses.noun_clause(noun), actors)
        return own is not None and own.code[:2] != verb_pattern.code[:2]

    # ------------------------------------------------------------------ learned typer
    def _typed(
        self, doc: object, candidates: list[Candidate], clauses: dict[int, Clause], actors: DocActors
    ) -> list[Candidate]:
        """Let the learned typer fill sentences no pattern coded and veto a pattern type it all but excludes.

        Both are recorded in the event's rule ("typer:ACCUSE", "typer:ACCUSE>accuse-of").
        """
        from spacy.tokens import Doc

        assert isinstance(doc, Doc) and self.typer is not None
        rules = self.typer_rules
        by_sent: dict[int, list[Candidate]] = {}
        for c in candidates:
            by_sent.setdefault(c.trigger.sent.start, []).append(c)
        out: list[Candidate] = []
        for sent in doc.sents:
            found = by_sent.get(sent.start, [])
            if not found and not any(actors.at(t) is not None or t.ent_type_ in ACTORISH_LABELS for t in sent):
                continue
            p_none, best, p_best, sent_probs = self._type_probs(sent, None)
            if found:
                types = {
                    plover for c in found if c.modality == "asserted" and (plover := self.ontology.get(c.code).plover)
                }
                # a statement of intent (03x, "pledged to build ties") keeps its type: the typer knows
                # the sentence's topic, not its modality
                # ... and so does an evaluation in reported speech ("said Y cannot be trusted": 111) and a
                # refusal ("will not release the prisoners": 1243, where the typer sees a release) and a
                # threat (13x, "threatening to cut off its aid", where the typer sees the aid)
                intent = any(
                    c.rule.startswith(("intent:", "evaluation-", "refuse:")) or c.code.startswith(THREAT_ROOT)
                    for c in found
                )
                # a typer that sees the event's actors ("pair" features) types each event; one that sees the
                # sentence only re-types a sentence whose events all have one type
                per_event = "pair" in self.typer.groups
                if not intent and (per_event or len(types) == 1):
                    probs = None if per_event else (p_none, best, p_best, sent_probs)
                    found = [self._retyped(c, doc, sent, probs) if c.modality == "asserted" else c for c in found]
                out.extend(found)
                continue
            if p_none >= rules.max_none or p_best < rules.min_fill or best not in self.cx.typer_codes:
                continue
            # the event's actors: the root clause's, else the first clause with a known actor
            verbs = [sent.root, *[t for t in sent if t.i in clauses and t.i != sent.root.i]]
            typed: list[Candidate] = []
            for verb in verbs:
                clause = clauses.get(verb.i)
                if clause is None and verb.i == sent.root.i:
                    # a copular or nominal root ("X is willing to withdraw"): its own arguments
                    clause = self.clauses.verb_clause(verb)
                if clause is None:
                    continue
                typed = self._typer_fill(clause, best, p_best, actors)
                if typed:
                    break
            out.extend(typed)
        return out

    def _type_probs(
        self, sent: SpacySpan, pair: tuple[Token | None, Token | None] | None
    ) -> tuple[float, str, float, dict[str, float]]:
        """The typer's P(no event), its best event type with that type's probability given an event, and
        every event type's probability given an event (renormalised without "no event")."""
        assert self.typer is not None
        ranked = self.typer.predict(sent, None, pair)
        p_none = dict(ranked).get(TYPER_NONE, 0.0)
        rest = max(1.0 - p_none, 1e-9)
        probs = {label: p / rest for label, p in ranked if label != TYPER_NONE}
        best = next(label for label, _ in ranked if label != TYPER_NONE)
        return p_none, best, probs[best], probs

    def _retyped(
        self,
        c: Candidate,
        doc: Doc,
        sent: SpacySpan,
        sent_probs: tuple[float, str, float, dict[str, float]] | None = None,
    ) -> Candidate:
        """A pattern event re-typed by the typer when it all but excludes the pattern's type (or is sure of
        its own); the rule keeps what coded it ("typer:ACCUSE>accuse-of"). ``sent_probs``: the sentence's
        :meth:`_type_probs`, when the typer does not look at the event's own actors."""
        assert self.typer is not None
        rules = self.typer_rules
        if sent_probs is not None:
            p_none, best, p_best, probs = sent_probs
        else:
            pair = (_head(doc, c.source), _head(doc, c.target)) if "pair" in self.typer.groups else None
            p_none, best, p_best, probs = self._type_probs(sent, pair)
        ptype = self.ontology.get(c.code).plover
        if not ptype or best not in self.cx.typer_codes or _fold(ptype) == best:
            return c
        if self._refinement(c) is not None:
            return c  # the PLOVER manual's own rule for this event's wording outranks the typer (plover_rules.py)
        if p_none >= rules.retype_max_none:
            return c  # a typer that all but rules out an event has no say on its type
        vetoed = probs.get(_fold(ptype), 0.0) < rules.veto and p_best >= rules.min_veto
        if not (vetoed or p_best >= rules.override):
            return c
        code = self.cx.typer_codes[best]
        return Candidate(
            c.clause, code, f"typer:{best}>{c.rule}", c.source, c.target, c.modality, round(p_best * 0.9, 3), c.trigger
        )

    # ------------------------------------------------------------------ verbs
    def _verb_events(self, clause: Clause, pattern: Pattern | None, actors: DocActors) -> list[Candidate]:
        verb = clause.trigger
        lemma = clause.lemma
        out: list[Candidate] = []
        intent_gov = self._intent_governor(verb)
        if intent_gov is not None:
            out.extend(self._intent_events(clause, pattern, intent_gov, actors))
            return out
        if lemma in self.clauses.lex.intent_verbs and clause.xcomp is not None and not (pattern and pattern.xcomp):
            return out  # coded through the complement
        if pattern is not None and pattern.xcomp and clause.xcomp is not None and not clause.objects:
            # the complement's arguments are the event's: "threatened to attack Ukraine"
            inner = self.clauses.verb_clause(clause.xcomp)
            clause = Clause(
                **{
                    **clause.__dict__,
                    "objects": inner.objects,
                    "preps": {**inner.preps, **clause.preps},
                    "datives": clause.datives or inner.datives,
                }
            )
        if pattern is not None or lemma in self.cx.approve_verbs:
            decided = self._decision(clause, pattern, actors)
            if decided is not None:
                clause, pattern = decided
                if pattern is None:
                    return out  # "approved the deployment of troops": the noun codes the approved act
        refusal = self.cx.refusal_code(pattern.code) if pattern is not None else None
        if (
            pattern is not None
            and refusal
            and (
                (
                    clause.modality == "negated"
                    and (self._modal_negation(verb) or self._negated_grant(verb, pattern.code))
                )
                or self._refused_complement(verb)
            )
        ):
            # "will not release the prisoners", "did not give permission for the march": a refusal to yield;
            # "will not go to Beijing to meet X": to meet
            out.extend(self._fill(clause, refusal, f"refuse:not>{pattern.id}", pattern, "asserted", actors))
        elif (
            pattern is not None
            and (clause.modality == "intended" or self._reported_future(verb, clause))
            and not verb.sent.text.rstrip().endswith("?")  # "Will Russia attack Ukraine?" announces nothing
            and (pattern.code[:2] in self.cx.intent_codes or self.cx.threat_code(pattern.code))
            and not self.clauses.directed(verb)
            and not purpose_clause(verb)
        ):
            # "will visit", "is going to meet": a statement of intent (CAMEO 03x); "will impose a curfew",
            # "will begin a military operation": a threat (13x, constructions.yaml ``threat``)
            intent = self.cx.intent_codes.get(pattern.code[:2])
            code, kind = (intent, "intent") if intent else (self.cx.threat_code(pattern.code) or "", "threat")
            out.extend(self._fill(clause, code, f"{kind}:future>{pattern.id}", pattern, "asserted", actors))
        elif pattern is not None:
            out.extend(self._fill(clause, pattern.code, pattern.id, pattern, clause.modality, actors))
        if lemma in self.cx.address_verbs and pattern is None:
            out.extend(self._address_events(clause, actors))
        if lemma in self.clauses.lex.speech_verbs:
            out.extend(self._evaluation_events(clause, actors))
            out.extend(self._obligation_events(clause, actors))
        return out

    def _obligation_events(self, clause: Clause, actors: DocActors) -> list[Candidate]:
        """ "X said Y must <event>": X demands the event of Y (constructions.yaml ``obligation``)."""
        verb = clause.trigger
        out: list[Candidate] = []
        for comp in verb.children:
            if comp.dep_ != "ccomp" or comp.pos_ not in ("VERB", "AUX"):
                continue
            modals = {c.lower_ for c in comp.children if c.dep_ in ("aux", "auxpass")} & self.cx.obligation_modals
            if not modals or any(c.dep_ == "neg" for c in comp.children):
                continue
            inner = self.clauses.verb_clause(comp)
            pattern = self._best_pattern(self.patterns.verbs.get(inner.lemma, []), inner, actors)
            code = self.cx.obligation_code(pattern.code if pattern else None)
            demand = Clause(
                trigger=verb,
                kind="verb",
                lemma=clause.lemma,
                subjects=clause.subjects,
                objects=[] if inner.passive else inner.subjects,
                modality=clause.modality,
                attribution=clause.attribution,
            )
            fake = Pattern(
                id="demand",
                kind="verb",
                lemmas=frozenset([clause.lemma]),
                code=code,
                source="subject",
                target="none" if inner.passive else "object",
            )
            rule = f"demand:{min(modals)}>{pattern.id if pattern else inner.lemma}"
            out.extend(self._fill(demand, code, rule, fake, clause.modality, actors, confidence=0.6))
        return out

    def _reported_future(self, verb: Token, clause: Clause) -> bool:
        """ "X said it would boycott the vote": "would" in reported speech is the past of "will" (no condition
        on the clause: "said it would attack if ..." stays hypothetical; a participle clause is no condition:
        "said it would boycott the referendum, raising doubts about it")."""
        kids = list(verb.children)
        return (
            clause.modality == "hypothetical"
            and verb.dep_ == "ccomp"
            and verb.head.lemma_.lower() in self.clauses.lex.speech_verbs
            and {k.lower_ for k in kids if k.dep_ == "aux"} & {"would", "'d"} != set()
            and not any(
                k.dep_ == "advcl" and (k.tag_ not in ("VBG", "VBN") or any(m.dep_ == "mark" for m in k.children))
                for k in kids
            )
        )

    def _modal_negation(self, verb: Token) -> bool:
        """Negated with a future or volitional modal: "will not", "won't", "would not"."""
        auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        return bool(auxes & self.cx.refusal_modals) and any(c.dep_ == "neg" for c in verb.children)

    def _negated_grant(self, verb: Token, code: str) -> bool:
        """A concession negated by a verb of granting ("did not give permission", "did not allow"): a refusal
        in any tense (constructions.yaml ``refusal.grant_verbs``); "did not meet X" stays plain negation."""
        return (
            verb.lemma_.lower() in self.cx.refusal_grant_verbs
            and code[:2] in self.cx.refusal_grant_roots
            and any(c.dep_ == "neg" for c in verb.children)
        )

    def _refused_complement(self, verb: Token) -> bool:
        """The own infinitive of a verb negated with a future modal is refused with it: "will not go to Beijing
        to meet X" (purpose), "will not act to lift sanctions". Not one asked of an object ("will not allow X to
        meet Y") nor under a verb whose negation affirms ("will not hesitate to", ``refusal.affirming``)."""
        head = verb.head
        return (
            verb.dep_ in ("xcomp", "advcl")
            and to_infinitive(verb)
            and head.lemma_.lower() not in self.cx.refusal_affirming
            and not (verb.dep_ == "xcomp" and any(k.dep_ in ("dobj", "dative") for k in head.children))
            and self._modal_negation(head)
        )

    def _refusal_events(
        self, clause: Clause, pattern: Pattern | None, gov: Clause, actors: DocActors
    ) -> list[Candidate]:
        """A yield event in the complement of a refusal verb, coded as the refusal (CAMEO 123/124x)."""
        assert pattern is not None
        code = self.cx.refusal_code(pattern.code)
        assert code is not None
        if gov.modality == "negated":
            return []  # "did not refuse to lift the ban": neither a refusal nor a concession is asserted
        modality: Modality = gov.modality
        decided = self._decision(clause, pattern, actors)  # "refused to accept a request from X": X is the target
        if decided is not None and decided[1] is not None:
            clause, pattern = decided[0], decided[1]
        if not clause.subjects:
            clause = Clause(**{**clause.__dict__, "subjects": gov.subjects})
        return self._fill(
            clause,
            code,
            f"refuse:{gov.lemma}>{pattern.id}",
            pattern,
            modality,
            actors,
            trigger=gov.trigger,
            attribution_clause=gov,
        )

    # ------------------------------------------------------------------ deciding on a nominal event
    def _object_event(self, clause: Clause, actors: DocActors) -> tuple[Clause, Pattern] | None:
        """The nominal event that is a verb clause's direct object ("a request from X", "the extradition of
        X"): its noun clause and noun pattern, or None."""
        for obj in clause.objects:
            patterns = self.patterns.nouns.get(obj.lemma_.lower())
            if obj.dep_ != "dobj" or obj.pos_ not in ("NOUN", "PROPN") or not patterns:
                continue  # most objects are no nominal event: no noun clause to build
            noun_clause = self.clauses.noun_clause(obj)
            found = self._best_pattern(patterns, noun_clause, actors)
            if found is not None:
                return noun_clause, found
        return None

    def _asker(self, noun_clause: Clause, pattern: Pattern) -> list[Token]:
        """Who asked or offered a nominal event: its owner, "by X" or "from X" ("X's request", "a request
        from X")."""
        if pattern.source.startswith("prep:"):
            return self._role_tokens(noun_clause, pattern.source)
        return noun_clause.possessors or _noun_agents(noun_clause, pattern)

    def _decision(
        self, clause: Clause, pattern: Pattern | None, actors: DocActors
    ) -> tuple[Clause, Pattern | None] | None:
        """A decision on a nominal event (constructions.yaml ``decision``), or None when the clause's object is
        none: the clause and pattern to code instead, with no pattern when the noun codes the event itself.

        "rejected a request from X": the rejection (the verb's own 12x) of X. "approved a request from X":
        granting it (080) to X. "approved the extradition of X to Y": the extradition, by the approver."""
        found = self._object_event(clause, actors)
        if found is None:
            return None
        noun_clause, noun_pattern = found
        asked = noun_pattern.code[:2] in self.cx.asked_roots
        approves = clause.lemma in self.cx.approve_verbs
        if not asked:
            return (clause, None) if approves else None
        if not approves and (pattern is None or pattern.code[:2] not in self.cx.answer_roots):
            return None
        # the asker is the target when dyad knows it as another actor than the decider ("Iceland's president
        # refused a request from the prime minister" stays a one-sided rejection)
        own = {a.code for a in self._actors_for(clause.subjects, actors, deep=False) if a.code}
        askers = [
            t
            for t in self._asker(noun_clause, noun_pattern)
            if any(a.code and a.code not in own for a in self._actors_for([t], actors, deep=True))
        ]
        target = "object" if askers else "none"
        if approves:
            pattern = _construction_pattern(f"grant>{noun_pattern.id}", clause.lemma, self.cx.grant_code, target)
        else:
            assert pattern is not None
            pattern = replace(pattern, id=f"{pattern.id}>{noun_pattern.id}", target=target)
        return Clause(**{**clause.__dict__, "objects": askers}), pattern

    def _answers(self, verb: Token, actors: DocActors) -> bool:
        """Whether a verb answers a nominal event asked of it: approves it or has a pattern of an answer root
        ("rejected", "met", "accepted")."""
        lemma = verb.lemma_.lower()
        if lemma in self.cx.approve_verbs:
            return True
        found = self._best_pattern(self.patterns.verbs.get(lemma, []), self.clauses.verb_clause(verb), actors)
        return found is not None and found.code[:2] in self.cx.answer_roots

    def _intent_governor(self, verb: Token) -> Token | None:
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in self.clauses.lex.intent_verbs:
            return head
        if verb.dep_ == "conj" and head.dep_ == "xcomp" and head.head.lemma_.lower() in self.clauses.lex.intent_verbs:
            return head.head
        return None

    def _intent_events(self, clause: Clause, pattern: Pattern | None, gov: Token, actors: DocActors) -> list[Candidate]:
        gov_clause = self.clauses.verb_clause(gov)
        modality = gov_clause.modality
        if pattern is not None:
            root = pattern.code[:2]
            if root in self.cx.intent_codes:
                code = self.cx.intent_codes[root]
                return self._fill(
                    clause,
                    code,
                    f"intent:{gov.lemma_.lower()}>{pattern.id}",
                    pattern,
                    modality,
                    actors,
                    trigger=gov,
                    attribution_clause=gov_clause,
                )
            threat = self.cx.threat_code(pattern.code)
            if threat and gov.lemma_.lower() in self.cx.threat_intent_verbs:
                # "vowed to retaliate against X", "plans to attack Y": a threat (13x), as the intent verb says
                return self._fill(
                    clause,
                    threat,
                    f"threat:{gov.lemma_.lower()}>{pattern.id}",
                    pattern,
                    modality,
                    actors,
                    trigger=gov,
                    attribution_clause=gov_clause,
                )
            mod: Modality = "intended" if modality == "asserted" else modality
            return self._fill(
                clause,
                pattern.code,
                f"intent:{gov.lemma_.lower()}>{pattern.id}",
                pattern,
                mod,
                actors,
                trigger=gov,
                attribution_clause=gov_clause,
            )
        words = {t.lemma_.lower() for t in clause.trigger.subtree}
        if (clause.lemma in self.cx.cooperation_verbs and words & self.cx.cooperation_nouns) or (
            gov.lemma_.lower() in self.cx.intent_default_verbs and not self._conflictual(clause)
        ):
            return self._fill(
                clause,
                self.cx.intent_default,
                f"intent:{gov.lemma_.lower()}>cooperate",
                None,
                modality,
                actors,
                trigger=gov,
                attribution_clause=gov_clause,
            )
        return []

    def _typer_fill(self, clause: Clause, label: str, prob: float, actors: DocActors) -> list[Candidate]:
        """An event of the typer's type on a clause: subject to object, else to its first prepositional object."""
        code = self.cx.typer_codes[label]
        targets = ["object", *(f"prep:{p}" for p in clause.preps)]
        for target in targets:
            fake = Pattern(
                id=f"typer:{label}",
                kind="verb",
                lemmas=frozenset([clause.lemma]),
                code=code,
                source="subject",
                target=target,
            )
            typed = self._fill(
                clause, code, fake.id, fake, clause.modality, actors, confidence=prob * 0.8, allow_unknown=True
            )
            if any(c.target is not None for c in typed) or (typed and target == targets[-1]):
                return typed
        if clause.passive and not clause.subjects:
            # "X was arrested", with no "by" agent: an event with an unknown source and X as the target
            return [
                Candidate(clause, code, f"typer:{label}", None, t, clause.modality, prob * 0.7, clause.trigger)
                for t in self._actors_for(clause.objects, actors, deep=False)
            ]
        return []

    def _conflictual(self, clause: Clause) -> bool:
        """Whether a complement's verb is a conflict verb ("vowed to retaliate"): it has a conflict pattern that
        needs no particular object and fits its particles ("agreed to set up a station" is not "set fire to",
        "agreed to extend the mission" not "extended sanctions")."""
        particles = set(clause.particles)
        for p in self.patterns.verbs.get(clause.lemma, []):
            if p.code[:2] < "10" or p.object or p.xcomp:
                continue
            if particles and not (p.particle & particles or p.prep & particles):
                continue  # a phrasal verb is another word
            if p.particle and not p.particle & particles:
                continue
            return True
        return False

    def _address_events(self, clause: Clause, actors: DocActors) -> list[Candidate]:
        addressees = clause.objects or clause.datives
        if not addressees or not any(actors.at(t) for t in addressees):
            return []
        fake = _construction_pattern(f"address-{clause.lemma}", clause.lemma, self.cx.address_code, "object")
        cl = clause
        if not clause.objects:
            cl = Clause(**{**clause.__dict__, "objects": clause.datives})
        return self._fill(cl, fake.code, fake.id, fake, clause.modality, actors, confidence=0.6)

    def _evaluation_events(self, clause: Clause, actors: DocActors) -> list[Candidate]:
        verb = clause.trigger
        out: list[Candidate] = []
        said = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
            said.append(verb.head)
        for comp in said:
            subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            distrust = self._distrusted(comp)
            if distrust is not None:
                subj = distrust
            if subj is None:
                continue
            own = {t.i for t in verb.subtree} if comp.i == verb.head.i else set()
            # the evaluation is said of the subject, not inside it: "an anonymous bomb threat forced an
            # evacuation, police said" calls no one a threat
            own |= {t.i for t in subj.subtree} if distrust is None else set()
            words = {t.lower_ for t in comp.subtree if t.i not in own}
            if distrust is not None or words & self.cx.negative_words:
                code, rule = self.cx.negative_code, "evaluation-negative"
            elif words & self.cx.positive_words and not any(t.dep_ == "neg" for t in comp.children):
                code, rule = self.cx.positive_code, "evaluation-positive"
            else:
                continue
            sub_clause = Clause(
                trigger=verb,
                kind="verb",
                lemma=clause.lemma,
                subjects=clause.subjects,
                objects=[subj],
                modality=clause.modality,
                attribution=clause.attribution,
            )
            fake = Pattern(
                id=rule, kind="verb", lemmas=frozenset([clause.lemma]), code=code, source="subject", target="object"
            )
            out.extend(
                self._fill(sub_clause, code, f"{rule}:{clause.lemma}", fake, clause.modality, actors, confidence=0.6)
            )
        return out

    def _distrusted(self, comp: Token) -> Token | None:
        """Who a negated trust verb says cannot be trusted: "Y cannot be trusted" (Y), "we can't rely on Y" (Y)."""
        if comp.lemma_.lower() not in self.cx.distrust_verbs:
            return None
        # "cannot be trusted", "nobody can rely on Y", "no one trusts Y"
        if not any(
            c.dep_ == "neg"
            or (c.dep_ == "nsubj" and (c.lower_ == "nobody" or any(d.lower_ == "no" for d in c.children)))
            for c in comp.children
        ):
            return None
        passive = next((c for c in comp.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive
        for c in comp.children:
            if c.dep_ == "dobj":
                return c
            if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        return None

    # ------------------------------------------------------------------ nouns
    def _noun_events(self, noun: Token, actors: DocActors) -> list[Candidate]:
        clause = self.clauses.noun_clause(noun)
        slot = noun  # the noun phrase that stands for the event in its clause
        if noun.dep_ == "compound" and noun.head.lemma_.lower() in self.cx.effort_nouns:
            # "launched a mediation effort between X and Y": the effort's arguments and governor are the event's
            slot = noun.head
            clause = self._inside(clause, noun, slot)
        elif noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and noun.head.lemma_.lower() in self.patterns.nouns:
            # "expressed its rejection and condemnation of X": a nominal event conjoined to another shares its
            # owner, governor and modality (the first conjunct stands in the clause)
            slot = noun.head
            clause = self._inside(clause, noun, slot)
        if slot.dep_ == "dobj" and slot.head.lemma_.lower() in self.cx.support_verbs | self.cx.approve_verbs:
            # "launched an attack on X", "unleashed a tirade against X": the parser often hangs the noun's
            # prepositions on the light verb; they are the noun's
            for child in slot.head.children:
                if child.dep_ == "prep" and child.lower_ not in clause.preps:
                    self.clauses.add_prep(clause, child)
        ender = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "to") else None
        if ender is not None and not (
            ender.pos_ in ("NOUN", "VERB") and ender.lemma_.lower() in self.cx.reversal_nouns
        ):
            ender = None
        if ender is not None:
            # "welcomed the lifting of sanctions": the sanctions end (085), as the ending says (its modality,
            # governor, owner and prepositions: "Germany's suspension of aid to Turkey"), and the ending takes
            # the event's place in its clause ("announced the suspension of aid": the light verb's subject ends it)
            clause = self._inside(clause, noun, ender)
            slot = ender
        pattern = self._best_pattern(self.patterns.nouns.get(clause.lemma, []), clause, actors)
        if pattern is None:
            return []
        gov = clause.governor
        if (
            ender is None
            and slot.dep_ == "dobj"
            and gov is not None
            and pattern.code[:2] in self.cx.asked_roots
            and self._answers(gov, actors)
        ):
            return []  # "rejected a request from X": the answer is the event (the verb's, to X)
        code = pattern.code
        rule = pattern.id
        if ender is not None:
            reversed = self.cx.reversal_code(code)
            if reversed is None:
                return []
            noun = ender
            code, rule = reversed, f"reversal:{ender.lemma_.lower()}>{pattern.id}"
        if pattern.code[:2] == "04" and clause.possessors:
            # "the Singapore summit", "the Hanoi talks": a place named before a meeting is where, not who
            kept = [t for t in clause.possessors if not (t.dep_ == "compound" and t.ent_type_ in ("GPE", "LOC", "FAC"))]
            clause = Clause(**{**clause.__dict__, "possessors": kept})
        received = gov is not None and slot.dep_ == "dobj" and gov.lemma_.lower() in self.cx.receive_verbs
        if received and gov is not None and "from" not in clause.preps:
            # "the plan drew criticism from Germany": the parser hangs the giver on the verb
            for child in gov.children:
                if child.dep_ == "prep" and child.lower_ == "from":
                    self.clauses.add_prep(clause, child)
        if pattern.source == "possessor" and not clause.possessors:
            clause = Clause(**{**clause.__dict__, "possessors": _noun_agents(clause, pattern)})
        if received and gov is not None and pattern.target.startswith("prep:") and not self._role_tokens(
            clause, pattern.target
        ):
            # "Iran faces criticism from the U.N.": who receives the event is the verb's subject
            subjects = self.clauses.subjects(gov)
            if subjects:
                preps = {**clause.preps, pattern.target[5:].split(",")[0]: subjects}
                clause = Clause(**{**clause.__dict__, "preps": preps})
        modality = clause.modality
        if gov is not None and gov.pos_ == "VERB" and slot.dep_ in ("dobj", "pobj", "nsubjpass"):
            gov_lemma = gov.lemma_.lower()
            if gov_lemma in self.cx.request_verbs and modality == "asserted":
                modality = "intended"  # "called for an investigation into X": asked for, not done
            # a possessive pronoun is the light verb's subject too ("completed its withdrawal")
            # ... and so is a common noun that only names the event's kind: "carried out air strikes" (session 6)
            unowned = all(
                actors.at(t) is None and (t.pos_ == "PRON" or (t.dep_ == "compound" and t.pos_ == "NOUN"))
                for t in clause.possessors
            )
            # ... but only the light verb's own object: "launched an investigation into the killing" is no killing
            # ... or an approval of it: "parliament approved the deployment of troops" is the deployment
            light = (gov_lemma in self.cx.support_verbs or gov_lemma in self.cx.approve_verbs) and slot.dep_ in (
                "dobj",
                "nsubjpass",
            )
            if unowned and (light or gov_lemma in self.cx.request_verbs):
                # "police launched an investigation into X": the light verb's subject does the noun's event
                subjects = self.clauses.verb_clause(gov).subjects
                if subjects and pattern.source.startswith("prep:"):
                    # a pattern whose doer is a "by" phrase the sentence does not have ("a mediation effort
                    # between X and Y"): the light verb's subject is that phrase
                    if not self._role_tokens(clause, pattern.source):
                        preps = {**clause.preps, pattern.source[5:].split(",")[0]: subjects}
                        clause = Clause(**{**clause.__dict__, "preps": preps})
                        rule = f"{gov_lemma}+{rule}"
                elif subjects:
                    clause = Clause(**{**clause.__dict__, "possessors": subjects})
                    rule = f"{gov_lemma}+{rule}"
            refusal = self.cx.refusal_code(code) if light else None
            how = self._refused(gov) if refusal else None
            if refusal and how is not None:
                # "will not begin talks with X", "refused to hold talks with X": the refusal (constructions.yaml
                # ``refusal``, 04x -> 125), as for the verb ("will not meet X"); not talks, negated or asserted
                if how[1] == "negated":
                    return []  # "did not refuse to hold talks": neither is asserted
                code, rule, modality = refusal, f"refuse:{how[0]}>{rule}", how[1]
        return self._fill(clause, code, rule, pattern, modality, actors, confidence=0.7)

    def _refused(self, verb: Token) -> tuple[str, Modality] | None:
        """How a verb is refused, with the refusal's modality: "will not hold" ("not", asserted), "refused to
        hold" ("refuse", the refusal verb's modality); None when it is not."""
        if self._modal_negation(verb):
            return "not", "asserted"
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in self.cx.refusal_verbs:
            return head.lemma_.lower(), self.clauses.verb_clause(head).modality
        return None

    def _inside(self, clause: Clause, noun: Token, outer_tok: Token) -> Clause:
        """A nominal event told through another noun ("a mediation effort", "the suspension of aid"): that
        noun's prepositions, modality, attribution and governor are the event's, and its owner is, when the
        event has none of its own."""
        outer = self.clauses.noun_clause(outer_tok)
        owners = clause.possessors or [t for t in outer.possessors if t.i != noun.i]
        return Clause(
            **{
                **clause.__dict__,
                "preps": {**outer.preps, **clause.preps},
                "possessors": owners,
                "modality": outer.modality,
                "attribution": outer.attribution,
                "governor": outer.governor,
            }
        )

    # ------------------------------------------------------------------ patterns
    def _best_pattern(self, patterns: list[Pattern], clause: Clause, actors: DocActors) -> Pattern | None:
        best: Pattern | None = None
        particles = set(clause.particles)
        for p in patterns:
            if particles and not (p.particle or (p.prep & particles)):
                continue  # a phrasal verb is another word: "backed away" is not "backed"
            if p.prep and not (p.prep & (set(clause.preps) | particles)):
                continue
            if p.particle and not (p.particle & set(clause.particles)):
                continue
            objects = clause.object_lemmas | _prep_object_lemmas(clause, p.prep) | _xcomp_object_lemmas(clause, p)
            if p.object and not (p.object & objects):
                continue
            if p.xcomp and not (clause.xcomp is not None and clause.xcomp.lemma_.lower() in p.xcomp):
                continue
            if p.subject and not (p.subject & _subject_lemmas(clause)):
                continue
            if p.joint and len(clause.subjects) < 2:
                continue  # a joint act needs its partners as conjoined subjects ("A and B held exercises")
            if best is None or p.specificity > best.specificity:
                best = p
        return best

    def _role_tokens(self, clause: Clause, role: str) -> list[Token]:
        if role == "subject":
            return clause.subjects
        if role == "object":
            return clause.objects
        if role == "dative":
            return clause.datives or [t for t in clause.preps.get("to", [])]
        if role == "possessor":
            return clause.possessors
        if role.startswith("prep:"):
            out: list[Token] = []
            for p in role[5:].split(","):
                out.extend(clause.preps.get(p, []))
            return out
        return []

    def _actors_for(self, tokens: Iterable[Token], actors: DocActors, deep: bool) -> list[Actor]:
        """Resolved actors for argument tokens; an argument with none gets an unresolved actor (code None)."""
        found: list[Actor] = []
        for tok in tokens:
            hits = self._actor_search(tok, actors, deep)
            for named in [tok, *partitive_of(tok)] if not hits else []:
                # an argument no dictionary knows keeps its words: "hundreds of prisoners" -> "prisoners"
                if named.pos_ in ("NOUN", "PROPN") and not named.is_stop and named.ent_type_ not in NOT_ACTORS:
                    hits = [_unresolved(named)]
                    break
            for a in hits:
                if all(a is not f for f in found):
                    found.append(a)
        return found

    def _actor_search(self, tok: Token, actors: DocActors, deep: bool) -> list[Actor]:
        actor = actors.at(tok)
        if actor is not None:
            return [actor]
        antecedent = self._antecedent(tok, actors)
        if antecedent is not None:
            return [antecedent]
        for part in partitive_of(tok):  # "released hundreds of prisoners", "arrested one of the suspects"
            found = self._actor_search(part, actors, deep)
            if found:
                return found
        for child in tok.children:  # "his counterpart, Javad Zarif": the apposition names the actor
            if child.dep_ == "appos" and actors.at(child) is not None:
                return [actors.at(child)]  # type: ignore[list-item]
        from dyad.clauses import list_members

        members = list_members(tok)
        if members:
            return [a for a in (actors.at(m) for m in members) if a is not None]
        if not deep:
            return self._group_owner(tok, actors)
        # the doer inside a nominal argument: "the restoration of U.S. sanctions" -> U.S.
        frontier = [tok]
        for _ in range(3):
            nxt: list[Token] = []
            for t in frontier:
                for ch in t.children:
                    if ch.dep_ in TARGET_SEARCH_DEPS:
                        a = actors.at(ch)
                        if a is not None:
                            return [a]
                for ch in t.children:
                    if ch.dep_ == "prep" and ch.lower_ in ("of", "by"):
                        nxt.extend(g for g in ch.children if g.dep_ == "pobj")
                    elif ch.dep_ in ("compound", "nmod"):
                        nxt.append(ch)
            frontier = nxt
            for t in frontier:
                a = actors.at(t)
                if a is not None:
                    return [a]
        return []

    def _group_owner(self, tok: Token, actors: DocActors) -> list[Actor]:
        """The actor a group noun belongs to: "Palestinian factions", "NATO allies", "members of Hamas"
        (constructions.yaml ``group_nouns``; never a person's possessor: "Argentina's captain")."""
        if tok.lemma_.lower() not in self.cx.group_nouns:
            return []
        for ch in tok.children:
            if ch.dep_ in ("compound", "amod", "nmod") and actors.at(ch) is not None:
                return [actors.at(ch)]  # type: ignore[list-item]
        for doer in participle_doers(tok):  # "the Saudi-led coalition" (session 6)
            if actors.at(doer) is not None:
                return [actors.at(doer)]  # type: ignore[list-item]
        for ch in tok.children:
            if ch.dep_ == "prep" and ch.lower_ == "of":
                found = [a for g in ch.children if g.dep_ == "pobj" and (a := actors.at(g)) is not None]
                if found:
                    return found[:1]
        return []

    def _antecedent(self, tok: Token, actors: DocActors) -> Actor | None:
        """The actor an unresolved "it", "they", "its" or "their" stands for: the nearest earlier subject of a
        clause it is embedded in that agrees in number ("Russia said it had expelled ...", "the army
        intensified its shelling of ...", "rebels said they will release ...")."""
        number = ANAPHORS.get(tok.lower_)
        if number is None or tok.pos_ != "PRON":
            return None
        for anc in tok.ancestors:
            if anc.pos_ not in ("VERB", "AUX"):
                continue
            for subj in self.clauses.subjects(anc):
                if subj.i >= tok.i or subj.pos_ == "PRON" or _number(subj) != number:
                    continue
                found = actors.at(subj)
                if found is not None:
                    return replace(
                        found, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), why="coreference:subject"
                    )
        return None

    def _fill(
        self,
        clause: Clause,
        code: str,
        rule: str,
        pattern: Pattern | None,
        modality: Modality,
        actors: DocActors,
        *,
        trigger: Token | None = None,
        confidence: float = 0.8,
        attribution_clause: Clause | None = None,
        allow_unknown: bool = False,
    ) -> list[Candidate]:
        """Candidates for a clause's source and target roles.

        An event needs at least one actor dyad knows, unless ``allow_unknown`` (the typer's events, whose
        actors keep their text and have no code).
        """
        src_role = pattern.source if pattern else "subject"
        tgt_role = pattern.target if pattern else "none"
        sources = self._actors_for(self._role_tokens(clause, src_role), actors, deep=False)
        targets = self._actors_for(self._role_tokens(clause, tgt_role), actors, deep=True) if tgt_role != "none" else []
        trig = trigger if trigger is not None else clause.trigger
        out: list[Candidate] = []
        if not allow_unknown and not any(a.code for a in (*sources, *targets)):
            return out
        if not sources:
            if (
                clause.passive
                and src_role == "subject"
                and not clause.subjects
                and trig.dep_ not in ("relcl", "acl")
                and not _stative_passive(trig)
            ):
                # "X was released", with no "by" agent: the event happened to X; who did it is not said (not in
                # a relative clause: "Estrada, who was convicted last month" is background to the sentence's event)
                out = [
                    Candidate(clause, code, rule, None, t, modality, confidence * 0.8, trig)
                    for t in targets
                    if t.code or allow_unknown
                ]
            return out
        if not targets and len(sources) > 1 and code[:2] in RECIPROCAL_ROOTS:
            for s in sources:
                for t in sources:
                    if s is not t and s.code != t.code:
                        out.append(Candidate(clause, code, rule + "+reciprocal", s, t, modality, confidence, trig))
            return out
        if not targets:
            # a one-sided event ("X called for expanded relations"): stored, not dyadic
            if tgt_role == "none" or not self._role_tokens(clause, tgt_role):
                for s in sources:
                    out.append(Candidate(clause, code, rule, s, None, modality, confidence * 0.8, trig))
            return out
        for s in sources:
            for t in targets:
                if s.code and t.code and s.code == t.code and not _distinct(s, t):
                    continue
                if _self_reference(s, t) and not (len(s.code or "") > len(t.code or "") and _distinct(s, t)):
                    # a government acting on a place of its own country ("imposed a curfew on Basra") is an
                    # event; a country acting on its own government ("U.S. sanctions ... Trump") an artefact
                    continue
                if not s.code and not t.code and not allow_unknown:
                    continue
                if s.start == t.start:
                    continue
                out.append(Candidate(clause, code, rule, s, t, modality, confidence, trig))
        return out

    # ------------------------------------------------------------------ finishing
    def _finish(
        self,
        doc_id: str,
        spacy_doc: object,
        candidates: list[Candidate],
        actors: DocActors,
        published: date | None,
        published_precision: str,
        where: PlaceContext,
        part: str = "body",
    ) -> list[Event]:
        from spacy.tokens import Doc

        assert isinstance(spacy_doc, Doc)
        sent_index = {s.start: i for i, s in enumerate(spacy_doc.sents)}
        events: dict[tuple[object, ...], Event] = {}
        previous: ResolvedDate | None = None
        # verb events first at a trigger so a nominal duplicate of the same dyad and code is dropped
        for cand in sorted(candidates, key=lambda c: (c.trigger.i, c.clause.kind != "verb")):
            info = self.ontology.get(cand.code)
            # -- PLOVER refinements (plover_rules.py): the manual's rule for this wording outranks the table
            refined = self._refinement(cand)
            plover, mode = (refined.plover, refined.mode) if refined else (info.plover, info.plover_mode)
            rule = f"{cand.rule}{RULE_MARK}{refined.id}" if refined else cand.rule
            # --
            sent = cand.trigger.sent
            when = self._when(cand.trigger, published, published_precision, previous)
            if when.precision not in ("document", "unknown"):
                previous = when
            on = _as_date(when.date) if when.precision in ("day", "week", "month") else None
            source = self.resolver.code_on(cand.source, on) if cand.source and on else cand.source
            target = self.resolver.code_on(cand.target, on) if cand.target and on else cand.target
            location = self.places.for_event(
                cand.trigger,
                where,
                info.code,
                source.country if source else None,
                target.country if target else None,
                self.cx.place_object_verbs,
            )
            attribution = self._attribution(cand, actors)
            s_code = source.code if source else None
            t_code = target.code if target else None
            key = (s_code, t_code, info.code, when.date, cand.modality)
            evidence = Span(sent.start_char, sent.start_char + len(sent.text.rstrip()), sent.text.strip(), part)
            dup = events.get(key)
            if dup is not None:
                # the same event told twice in the body: one event, all its evidence
                _absorb(dup, 1, [evidence], location)
                continue
            where_in = "" if part == "body" else part  # body ids as before; a headline's never collide
            event_id = hashlib.sha1(
                f"{doc_id}|{where_in}{cand.trigger.idx}|{s_code}|{t_code}|{info.code}|{cand.rule}".encode()
            ).hexdigest()[:16]
            events[key] = Event(
                event_id=event_id,
                doc_id=doc_id,
                sentence_index=sent_index.get(sent.start, 0),
                sentence=sent.text.strip(),
                span=(sent.start_char, sent.start_char + len(sent.text.rstrip())),
                source=source,
                target=target,
                cameo=info.code,
                cameo_root=info.root,
                cameo_name=info.name,
                plover=plover,
                plover_mode=mode,
                quad_class=info.quad_class,
                goldstein=info.goldstein,
                date=when.date or None,
                date_precision=when.precision,
                date_text=when.text,
                location=location,
                modality=cand.modality,
                attribution=attribution,
                rule=rule,
                confidence=round(
                    cand.confidence * (0.85 if source and (source.why or "").startswith("coref") else 1.0), 3
                ),
                dyad_version=self.version,
                trigger=Span(cand.trigger.idx, cand.trigger.idx + len(cand.trigger.text), cand.trigger.text),
                evidence=[evidence],
            )
        return _merge_undated(list(events.values()))

    def _refinement(self, cand: Candidate) -> PloverRule | None:
        """The PLOVER manual's refinement rule that fits this event, if any (data/ontology/plover_refinements.yaml)."""
        if self.refiner is None:
            return None
        return self.refiner.refine(cand.code, cand.trigger, cand.clause, cand.source, cand.target)

    def _when(
        self, trigger: Token, published: date | None, precision: str, previous: ResolvedDate | None
    ) -> ResolvedDate:
        """The event's date: its own expression, else its governing clause's, else by tense.

        A participle clause ("..., seeking another meeting") shares its head's date. Without any
        expression, the present ("are pledging", "says") is the publication day and the present
        perfect ("has praised") the publication month; a past tense keeps the document date.
        """
        when = self.dates.for_clause(trigger, published, precision, previous)  # type: ignore[arg-type]
        if when.precision != "document":
            return when
        participle = trigger.dep_ == "advcl" and trigger.tag_ == "VBG"
        # ... and so does the object of a light verb ("held talks on Monday", "unleashed a tirade last year")
        light = trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in self.cx.support_verbs
        if (participle or light) and trigger.head.pos_ == "VERB":
            head = self.dates.for_clause(trigger.head, published, precision, previous)  # type: ignore[arg-type]
            if head.precision != "document":
                return head
        if published is None or precision != "day" or trigger.pos_ != "VERB":
            return when
        auxes = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
        if trigger.tag_ == "VBN" and auxes & {"has", "have", "'ve", "'s"}:
            return ResolvedDate(published.strftime("%Y-%m"), "month", None)
        if trigger.tag_ in ("VBZ", "VBP") or (trigger.tag_ == "VBG" and auxes & {"is", "are", "am", "'re"}):
            return ResolvedDate(published.isoformat(), "day", None)
        return when

    def _attribution(self, cand: Candidate, actors: DocActors) -> Actor | None:
        tok = cand.clause.attribution
        if tok is None and cand.trigger is not cand.clause.trigger:
            tok = self.clauses.attribution(cand.trigger)
        if tok is None:
            return None
        found = self._actor_search(tok, actors, deep=True)
        if not found:
            return None
        a = found[0]
        if cand.source is not None and a.start == cand.source.start:
            return None
        return a


_fold = fold_plover


def _unresolved(tok: Token) -> Actor:
    """An argument no dictionary knows: its noun phrase text, no code (not counted as dyadic)."""
    left = tok.left_edge.i
    for t in tok.lefts:
        if t.dep_ in ("det", "punct") and t.i == left:
            left += 1
    right = tok.i
    for t in tok.rights:  # "the blogger Anton Vasko": a name in apposition belongs to the phrase
        if t.dep_ in ("appos", "compound", "flat") and t.pos_ == "PROPN" and t.i == right + 1:
            right = t.right_edge.i
    span = tok.doc[left : right + 1]
    return Actor(text=span.text, code=None, start=span.start_char, end=span.end_char, why="unresolved")


def _prep_object_lemmas(clause: Clause, preps: frozenset[str]) -> set[str]:
    """Lemmas of the objects of a pattern's prepositions: "agreed on a deal" -> {deal}."""
    return {lemma for p in preps for t in clause.preps.get(p, []) for lemma in head_lemmas(t)}


def _xcomp_object_lemmas(clause: Clause, pattern: Pattern) -> set[str]:
    """With an ``xcomp`` constraint, the complement's own objects: "failed to reach a deal" -> {deal}."""
    if not pattern.xcomp or clause.xcomp is None:
        return set()
    return {t.lemma_.lower() for t in clause.xcomp.children if t.dep_ in ("dobj", "nsubjpass")}


def _noun_agents(clause: Clause, pattern: Pattern) -> list[Token]:
    """Who does a nominal event with no possessor: "an attack by militants", "criticism from the U.N.",
    "a request from Kyiv" ("from" only where the pattern's target is not a "from" phrase)."""
    if clause.preps.get("by"):
        return clause.preps["by"]
    targets = pattern.target[5:].split(",") if pattern.target.startswith("prep:") else []
    return [] if "from" in targets else clause.preps.get("from", [])


def _construction_pattern(pid: str, lemma: str, code: str, target: str) -> Pattern:
    """A verb pattern made by a construction (not from the data files): subject to ``target``."""
    return Pattern(id=pid, kind="verb", lemmas=frozenset([lemma]), code=code, source="subject", target=target)


def _subject_lemmas(clause: Clause) -> set[str]:
    """Lemmas of a clause's subjects, their "of" objects and their modifiers: "the first contingent of
    peacekeeping troops" -> {contingent, first, troop, peacekeeping}."""
    of_objects = [g for s in clause.subjects for p in s.children if p.lower_ == "of" for g in p.children]
    heads = [*clause.subjects, *(g for g in of_objects if g.dep_ == "pobj")]
    return {t.lemma_.lower() for h in heads for t in (h, *h.children) if t is h or t.dep_ in ("compound", "amod")}


def _foreground(candidates: list[Candidate]) -> list[Candidate]:
    """Drop the events of a reduced relative clause on a subject ("the army fighting the insurgents has
    declared a ceasefire") when the subject's own verb has an event: the participle describes the actor, the
    finite verb is what the sentence reports (session 7). With no event of the finite verb, it stays."""
    triggers = {c.trigger.i for c in candidates}
    out = []
    for c in candidates:
        main = background_participle(c.trigger)
        if main is not None and main.i in triggers:
            continue
        out.append(c)
    return out


def _stative_passive(verb: Token) -> bool:
    """A present-tense passive says how something is regarded, not what was done to it ("the U.S. is
    recognized as unreliable", "Iran is seen as a threat"); "was released", "has been arrested" are events."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & {"is", "are", "am", "'s", "'re"}) and not auxes & {"been", "being", "was", "were"}


def _head(doc: Doc, actor: Actor | None) -> Token | None:
    """The syntactic head token of an actor's text in the parse (None without an actor or offsets)."""
    if actor is None or actor.start < 0:
        return None
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _number(tok: Token) -> str:
    """A noun's grammatical number for pronoun agreement: "plural" ("rebels", "Iran and Iraq"), "person" (a
    person's name: "he" or "she", never "it"), else "singular"."""
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
        return "plural"
    return "person" if tok.ent_type_ == "PERSON" else "singular"


def _distinct(a: Actor, b: Actor) -> bool:
    """Two mentions of different actors that share a code ("Peres blamed Netanyahu", both ISRGOV) or a
    country ("Iraqi officials imposed a curfew on Basra", IRQGOV on IRQ): neither a coreference of the other
    nor the same words nor overlapping text. Their event is domestic, not a parse artefact."""
    if any((x.why or "").startswith("coref") for x in (a, b)):
        return False
    if a.start < 0 or b.start < 0 or (a.start < b.end and b.start < a.end):
        return False
    wa, wb = set(a.text.lower().split()), set(b.text.lower().split())
    return not (wa <= wb or wb <= wa)


def _self_reference(a: Actor, b: Actor) -> bool:
    """A country and its own government ("U.S." -> "USAGOV"): a parse artefact, not an event."""
    if not a.code or not b.code:
        return False
    short, long_ = (a.code, b.code) if len(a.code) <= len(b.code) else (b.code, a.code)
    return len(short) == 3 and long_ == short + "GOV"


def _as_date(value: str) -> date | None:
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15)
        if len(parts) == 1 and value:
            return date(int(parts[0]), 7, 1)
    except ValueError:
        return None
    return None


def _place_rank(loc: Location | None) -> int:
    """How direct a place is: the clause's own (2) over a fallback (1) over none (0)."""
    if loc is None:
        return 0
    return 2 if (loc.why or "").startswith("prep:") else 1


def location_of(loc: Location | None) -> str | None:
    return loc.name if loc else None


def _merge_undated(events: list[Event]) -> list[Event]:
    """An undated telling (precision ``document``) of an event the document also tells with a date is
    that event: a standfirst's "X criticized Y" and the body's "X on Tuesday criticized Y" are one event.

    Same source, target, CAMEO code and modality; merged only when exactly one dated telling exists
    (two dated ones are two events, and the undated one could be either). The dated event keeps its
    date and gains the mention, the evidence and, if better, the place.
    """
    out: list[Event] = []
    dated: dict[tuple[str, str, str, str], list[Event]] = {}
    for ev in events:
        if ev.date_precision != "document":
            dated.setdefault((*_codes(ev), ev.cameo, ev.modality), []).append(ev)
    for ev in events:
        same = dated.get((*_codes(ev), ev.cameo, ev.modality), [])
        if ev.date_precision != "document" or len(same) != 1 or not any(_codes(ev)):
            out.append(ev)
            continue
        _absorb(same[0], ev.mentions, ev.evidence, ev.location)
    return out


def _codes(ev: Event) -> tuple[str, str]:
    """An event's source and target codes ("" for none)."""
    return (ev.source.code or "" if ev.source else "", ev.target.code or "" if ev.target else "")


def _absorb(into: Event, mentions: int, evidence: list[Span], location: Location | None) -> None:
    """Another telling of ``into``: its mentions, its evidence spans not yet there, its place if better."""
    into.mentions += mentions
    into.evidence.extend(e for e in evidence if all((e.start, e.part) != (x.start, x.part) for x in into.evidence))
    if location is not None and _place_rank(location) > _place_rank(into.location):
        into.location = location


def has_dyads(events: list[Event]) -> bool:
    """Whether any asserted event has a coded source and target (only those can take headline mentions)."""
    return any(ev.modality == "asserted" and all(_codes(ev)) for ev in events)


def merge_headline(body: list[Event], headline: list[Event]) -> list[Event]:
    """Count the headline's events as further mentions of the body's events; return ``body``.

    A headline event tells a body event when both are asserted, their sources and targets are known
    and of the same countries (the headline's "Russia" is the body's "Russia's foreign ministry") and
    they have the same CAMEO root (the headline's "criticizes" is the body's "accused"); the body event
    (same actor codes first, then same CAMEO code, then the earliest) gains a mention and the headline
    as an evidence span. A headline event no body event matches is not kept: title-case telegraphese
    parses poorly and a story's events are told in its body.
    """
    for hev in headline:
        s_code, t_code = _codes(hev)
        if hev.modality != "asserted" or not s_code or not t_code:
            continue
        same = [
            ev
            for ev in body
            if ev.modality == "asserted"
            and ev.cameo_root == hev.cameo_root
            and all(ours and ours[:3] == theirs[:3] for ours, theirs in zip(_codes(ev), (s_code, t_code), strict=True))
        ]
        if not same:
            continue
        match = min(same, key=lambda ev: (_codes(ev) != (s_code, t_code), ev.cameo != hev.cameo, ev.sentence_index))
        _absorb(match, 1, hev.evidence[:1], None)
    return body
