"""Verb and noun patterns, and clause-level constructions, loaded from data/patterns (schema dyad-patterns/1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dyad.datafiles import read_yaml, yaml_item_lines
from dyad.errors import DictionaryError
from dyad.resources import data_path

ROLE_RE = re.compile(r"^(subject|object|dative|possessor|none|prep:[a-z]+(,[a-z]+)*)$")
KNOWN_KEYS = {
    "id", "lemmas", "code", "source", "target", "prep", "particle", "object", "xcomp", "subject", "joint", "note"
}  # fmt: skip


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: Literal["verb", "noun"]
    lemmas: frozenset[str]
    code: str
    source: str
    target: str
    prep: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    # lemmas of the subject's head or of its modifiers: "peacekeepers/peacekeeping troops arrived in X"
    subject: frozenset[str] = frozenset()
    joint: bool = False  # done together by two or more conjoined subjects ("A and B held joint exercises")
    where: str = ""
    order: int = 0

    @property
    def specificity(self) -> int:
        return sum(bool(x) for x in (self.prep, self.particle, self.object, self.xcomp, self.subject, self.joint))


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset([value.lower()])
    return frozenset(str(v).lower() for v in value)


def _by_prefix(table: dict[str, str], code: str) -> str | None:
    """The value of the longest key of ``table`` that is a prefix of ``code`` (at least two digits)."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


@dataclass(frozen=True)
class Constructions:
    intent_codes: dict[str, str]
    intent_default: str
    cooperation_nouns: frozenset[str]
    cooperation_verbs: frozenset[str]
    intent_default_verbs: frozenset[str]
    address_code: str
    address_verbs: frozenset[str]
    support_verbs: frozenset[str]
    request_verbs: frozenset[str]
    typer_codes: dict[str, str]
    negative_code: str
    negative_words: frozenset[str]
    positive_code: str
    positive_words: frozenset[str]
    distrust_verbs: frozenset[str] = frozenset()
    place_object_verbs: frozenset[str] = frozenset()
    refusal_verbs: frozenset[str] = frozenset()
    refusal_modals: frozenset[str] = frozenset()
    refusal_grant_verbs: frozenset[str] = frozenset()
    refusal_grant_roots: frozenset[str] = frozenset()
    refusal_codes: dict[str, str] = field(default_factory=dict)
    refusal_affirming: frozenset[str] = frozenset()
    obligation_modals: frozenset[str] = frozenset()
    obligation_default: str = "100"
    obligation_codes: dict[str, str] = field(default_factory=dict)
    reversal_nouns: frozenset[str] = frozenset()
    reversal_codes: dict[str, str] = field(default_factory=dict)
    receive_verbs: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    effort_nouns: frozenset[str] = frozenset()
    asked_roots: frozenset[str] = frozenset()
    answer_roots: frozenset[str] = frozenset()
    approve_verbs: frozenset[str] = frozenset()
    grant_code: str = "080"
    threat_codes: dict[str, str] = field(default_factory=dict)
    threat_intent_verbs: frozenset[str] = frozenset()
    operation_nouns: frozenset[str] = frozenset()
    operation_roots: frozenset[str] = frozenset()
    figurative_roots: frozenset[str] = frozenset()
    figurative_objects: frozenset[str] = frozenset()
    order_verbs: frozenset[str] = frozenset()
    order_roots: frozenset[str] = frozenset()
    dispatch_verbs: frozenset[str] = frozenset()
    dispatch_roots: frozenset[str] = frozenset()
    kind_nouns: frozenset[str] = frozenset()
    kind_codes: dict[str, str] = field(default_factory=dict)
    verbal_code: str = "111"
    verbal_nouns: frozenset[str] = frozenset()
    verbal_adjectives: frozenset[str] = frozenset()
    verbal_participles: frozenset[str] = frozenset()

    def reversal_code(self, code: str) -> str | None:
        """What ending an event of ``code`` is ("the lifting of sanctions": 163 -> 085), or None."""
        return _by_prefix(self.reversal_codes, code)

    def refusal_code(self, code: str) -> str | None:
        """The refusal of a yield code (longest matching prefix of ``refusal.codes``), or None."""
        return _by_prefix(self.refusal_codes, code)

    def threat_code(self, code: str) -> str | None:
        """The threat a conflictual event announced for the future is (``threat.codes``: 163 -> 1312), or None."""
        return _by_prefix(self.threat_codes, code)

    def obligation_code(self, code: str | None) -> str:
        """The demand code for an event someone "must" do (longest matching prefix of ``obligation.codes``)."""
        found = _by_prefix(self.obligation_codes, code) if code else None
        return found or self.obligation_default

    @classmethod
    def load(cls, path: str | Path | None = None) -> Constructions:
        p = Path(path) if path else data_path("patterns", "constructions.yaml")
        data = read_yaml(p, "dyad-constructions/1")
        try:
            intent = data["intent"]
            address = data["address"]
            ev = data["evaluation"]
            return cls(
                intent_codes={str(k).zfill(2): str(v) for k, v in intent["codes"].items()},
                intent_default=str(intent["default_code"]),
                cooperation_nouns=_as_set(intent.get("cooperation_nouns")),
                cooperation_verbs=_as_set(intent.get("cooperation_verbs")),
                intent_default_verbs=_as_set(intent.get("default_verbs")),
                address_code=str(address["code"]),
                address_verbs=_as_set(address["verbs"]),
                support_verbs=_as_set(data.get("support_verbs")),
                typer_codes={str(k).upper(): str(v) for k, v in ((data.get("typer") or {}).get("codes") or {}).items()},
                request_verbs=_as_set(data.get("request_verbs")),
                negative_code=str(ev["negative"]["code"]),
                negative_words=_as_set(ev["negative"]["words"]),
                positive_code=str(ev["positive"]["code"]),
                positive_words=_as_set(ev["positive"]["words"]),
                distrust_verbs=_as_set(ev["negative"].get("distrust_verbs")),
                place_object_verbs=_as_set(data.get("place_object_verbs")),
                refusal_verbs=_as_set((data.get("refusal") or {}).get("verbs")),
                refusal_modals=_as_set((data.get("refusal") or {}).get("modals")),
                refusal_grant_verbs=_as_set((data.get("refusal") or {}).get("grant_verbs")),
                refusal_grant_roots=_as_set((data.get("refusal") or {}).get("grant_roots")),
                refusal_codes={str(k): str(v) for k, v in ((data.get("refusal") or {}).get("codes") or {}).items()},
                refusal_affirming=_as_set((data.get("refusal") or {}).get("affirming")),
                obligation_modals=_as_set((data.get("obligation") or {}).get("modals")),
                obligation_default=str((data.get("obligation") or {}).get("default_code") or "100"),
                obligation_codes={
                    str(k): str(v) for k, v in ((data.get("obligation") or {}).get("codes") or {}).items()
                },
                reversal_nouns=_as_set((data.get("reversal") or {}).get("nouns")),
                reversal_codes={str(k): str(v) for k, v in ((data.get("reversal") or {}).get("codes") or {}).items()},
                receive_verbs=_as_set(data.get("receive_verbs")),
                group_nouns=_as_set(data.get("group_nouns")),
                effort_nouns=_as_set(data.get("effort_nouns")),
                asked_roots=_as_set((data.get("decision") or {}).get("asked_roots")),
                answer_roots=_as_set((data.get("decision") or {}).get("answer_roots")),
                approve_verbs=_as_set((data.get("decision") or {}).get("approve_verbs")),
                grant_code=str((data.get("decision") or {}).get("grant_code") or "080"),
                threat_codes={str(k): str(v) for k, v in ((data.get("threat") or {}).get("codes") or {}).items()},
                threat_intent_verbs=_as_set((data.get("threat") or {}).get("intent_verbs")),
                operation_nouns=_as_set((data.get("operation") or {}).get("nouns")),
                operation_roots=_as_set((data.get("operation") or {}).get("roots")),
                figurative_roots=_as_set((data.get("figurative") or {}).get("roots")),
                figurative_objects=_as_set((data.get("figurative") or {}).get("objects")),
                order_verbs=_as_set((data.get("ordered") or {}).get("verbs")),
                order_roots=_as_set((data.get("ordered") or {}).get("roots")),
                dispatch_verbs=_as_set((data.get("dispatch") or {}).get("verbs")),
                dispatch_roots=_as_set((data.get("dispatch") or {}).get("roots")),
                kind_nouns=_as_set((data.get("agreement_kinds") or {}).get("nouns")),
                kind_codes={
                    str(k).lower(): str(v) for k, v in ((data.get("agreement_kinds") or {}).get("codes") or {}).items()
                },
                verbal_code=str((data.get("verbal_attack") or {}).get("code") or "111"),
                verbal_nouns=_as_set((data.get("verbal_attack") or {}).get("nouns")),
                verbal_adjectives=_as_set((data.get("verbal_attack") or {}).get("adjectives")),
                verbal_participles=_as_set((data.get("verbal_attack") or {}).get("participles")),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise DictionaryError(str(p), None, f"missing or malformed key {exc}") from exc

    def codes(self) -> list[str]:
        return [
            *self.intent_codes.values(),
            self.intent_default,
            self.address_code,
            self.negative_code,
            self.positive_code,
            *self.typer_codes.values(),
            *self.refusal_codes.values(),
            self.obligation_default,
            *self.obligation_codes.values(),
            *self.reversal_codes.values(),
            self.grant_code,
            *self.threat_codes.values(),
            self.verbal_code,
            *self.kind_codes.values(),
        ]


class PatternSet:
    """All verb and noun patterns. ``PatternSet().load()`` reads the bundled files."""

    def __init__(self, verb_files: list[str | Path] | None = None, noun_files: list[str | Path] | None = None) -> None:
        self.verb_files = (
            [Path(p) for p in verb_files] if verb_files is not None else [data_path("patterns", "verbs.yaml")]
        )
        self.noun_files = (
            [Path(p) for p in noun_files] if noun_files is not None else [data_path("patterns", "nouns.yaml")]
        )
        self.verbs: dict[str, list[Pattern]] = {}
        self.nouns: dict[str, list[Pattern]] = {}
        self.all: list[Pattern] = []

    def load(self) -> PatternSet:
        seen: dict[str, str] = {}
        order = 0
        for kind, files, index in (("verb", self.verb_files, self.verbs), ("noun", self.noun_files, self.nouns)):
            for path in files:
                data = read_yaml(path, "dyad-patterns/1")
                lines = yaml_item_lines(path)
                items = data.get("patterns")
                if not isinstance(items, list):
                    raise DictionaryError(str(path), None, "'patterns' must be a list")
                for item in items:
                    pattern = self._parse(item, kind, path, lines, order)  # type: ignore[arg-type]
                    order += 1
                    if pattern.id in seen:
                        raise DictionaryError(
                            str(path),
                            lines.get(pattern.id),
                            f"duplicate pattern id {pattern.id!r} (first at {seen[pattern.id]})",
                        )
                    seen[pattern.id] = pattern.where
                    self.all.append(pattern)
                    for lemma in pattern.lemmas:
                        index.setdefault(lemma, []).append(pattern)
        return self

    @staticmethod
    def _parse(item: Any, kind: Literal["verb", "noun"], path: Path, lines: dict[str, int], order: int) -> Pattern:
        if not isinstance(item, dict) or "id" not in item:
            raise DictionaryError(str(path), None, f"pattern without id: {item!r}"[:200])
        pid = str(item["id"])
        where = f"{path}:{lines.get(pid, 0)}"
        unknown = set(item) - KNOWN_KEYS
        if unknown:
            raise DictionaryError(str(path), lines.get(pid), f"pattern {pid}: unknown keys {sorted(unknown)}")
        for key in ("lemmas", "code", "source", "target"):
            if key not in item:
                raise DictionaryError(str(path), lines.get(pid), f"pattern {pid}: missing {key!r}")
        code = str(item["code"])
        if not re.fullmatch(r"\d{2,4}", code):
            raise DictionaryError(str(path), lines.get(pid), f"pattern {pid}: bad CAMEO code {code!r}")
        for role_key in ("source", "target"):
            if not ROLE_RE.match(str(item[role_key])):
                raise DictionaryError(
                    str(path), lines.get(pid), f"pattern {pid}: bad {role_key} role {item[role_key]!r}"
                )
        joint = item.get("joint", False)
        if not isinstance(joint, bool):
            raise DictionaryError(str(path), lines.get(pid), f"pattern {pid}: joint must be true or false: {joint!r}")
        lemmas = _as_set(item["lemmas"])
        if not lemmas:
            raise DictionaryError(str(path), lines.get(pid), f"pattern {pid}: empty lemmas")
        return Pattern(
            id=pid,
            kind=kind,
            lemmas=lemmas,
            code=code,
            source=str(item["source"]),
            target=str(item["target"]),
            prep=_as_set(item.get("prep")),
            particle=_as_set(item.get("particle")),
            object=_as_set(item.get("object")),
            xcomp=_as_set(item.get("xcomp")),
            subject=_as_set(item.get("subject")),
            joint=joint,
            where=where,
            order=order,
        )
