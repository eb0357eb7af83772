"""PLOVER refinements: the PLOVER manual's own rules that refine or overrule the CAMEO -> PLOVER table.

The CAMEO2PLOVER table gives one PLOVER type and mode per CAMEO code. The PLOVER manual's "Potential
ambiguities" lists and mode tables say more: "Convictions that result in imprisonment should also be coded
as COERCE 'arrest'", "Issuing an in-absentia arrest should be coded as a THREAT 'arrest'", "Combatants
captured during conflict should be coded as ASSAULT 'abduct'". ``data/ontology/plover_refinements.yaml``
(schema ``dyad-plover-refinements/1``) states each such rule as data: the CAMEO codes it applies to, a
condition checked on the event's trigger, clause and sentence, and the PLOVER type and mode it sets.
Where the manual and the table disagree, the manual's specific rule wins.

:class:`PloverRefiner` loads the file (explicitly, ``PloverRefiner().load()``) and :meth:`PloverRefiner.refine`
returns the first rule that fits an event, or None. Only events whose CAMEO code a rule names are looked at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from dyad.clauses import Clause
from dyad.datafiles import read_yaml, yaml_item_lines
from dyad.errors import DictionaryError
from dyad.models import Actor
from dyad.resources import data_path

SCHEMA = "dyad-plover-refinements/1"
#: the value of ``plover`` that takes the PLOVER type away ("should not be coded as ...")
NO_TYPE = "none"
RULE_KEYS = {
    "id", "manual", "codes", "trigger", "head", "subject", "object", "clause", "sentence", "not_clause", "not_sentence",
    "source_sectors", "target_sectors", "plover", "mode", "enabled", "note",
}  # fmt: skip
#: the sector a bare country code stands for in ``source_sectors`` / ``target_sectors`` (the state as a whole)
STATE = "STATE"
#: the suffix an event's ``rule`` gets when a refinement set its PLOVER type: "convict+plover:conviction-prison"
RULE_MARK = "+plover:"


@dataclass(frozen=True)
class PloverRule:
    """One refinement: where it applies, what must hold, and the PLOVER type and mode it sets."""

    id: str
    manual: str
    codes: tuple[str, ...]
    plover: str | None  # None: the event has no PLOVER type ("should not be coded as COERCE")
    mode: str | None = None
    trigger: frozenset[str] = frozenset()
    head: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    clause: tuple[frozenset[str], ...] = ()
    sentence: tuple[frozenset[str], ...] = ()
    not_clause: frozenset[str] = frozenset()
    not_sentence: frozenset[str] = frozenset()
    source_sectors: frozenset[str] = frozenset()
    target_sectors: frozenset[str] = frozenset()
    enabled: bool = True
    where: str = ""
    order: int = 0  # its place in the file: the first rule that fits wins

    def fits(self, trigger: Token, clause: Clause, source: Actor | None, target: Actor | None) -> bool:
        """Whether every condition of the rule holds for an event with this trigger, clause and actors."""
        if self.trigger and trigger.lemma_.lower() not in self.trigger and trigger.lower_ not in self.trigger:
            return False
        if self.head and (trigger.head is trigger or trigger.head.lemma_.lower() not in self.head):
            return False
        if self.subject and not self.subject & {t.lemma_.lower() for t in clause.subjects}:
            return False
        if self.object and not self.object & clause.object_lemmas:
            return False
        if self.source_sectors and not self.source_sectors & _sectors(source):
            return False
        if self.target_sectors and not self.target_sectors & _sectors(target):
            return False
        if self.clause or self.not_clause:
            words = _Words(trigger.subtree)
            if not all(words.has_any(group) for group in self.clause) or words.has_any(self.not_clause):
                return False
        if self.sentence or self.not_sentence:
            words = _Words(trigger.sent)
            if not all(words.has_any(group) for group in self.sentence) or words.has_any(self.not_sentence):
                return False
        return True


class _Words:
    """The words of a stretch of text as lemmas and lower-case forms, for one-word and phrase look-ups."""

    def __init__(self, tokens: Iterable[Token]) -> None:
        toks = list(tokens)
        self.single = {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}
        self.lower = " " + " ".join(t.lower_ for t in toks) + " "
        self.lemmas = " " + " ".join(t.lemma_.lower() for t in toks) + " "

    def has(self, term: str) -> bool:
        if " " not in term:
            return term in self.single
        return f" {term} " in self.lower or f" {term} " in self.lemmas

    def has_any(self, terms: Iterable[str]) -> bool:
        return any(self.has(t) for t in terms)


def _sectors(actor: Actor | None) -> set[str]:
    """An actor's sector codes (the resolver's ``sectors``); a bare country code (the state as a whole:
    "Kenya", ``KEN``) is ``STATE``."""
    if actor is None:
        return set()
    found = set(actor.sectors)
    if actor.code and actor.code == actor.country:
        found.add(STATE)
    return found


class PloverRefiner:
    """The PLOVER manual's refinement rules. ``PloverRefiner().load()`` reads the bundled file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else data_path("ontology", "plover_refinements.yaml")
        self.rules: tuple[PloverRule, ...] = ()
        self.modes: dict[str, frozenset[str]] = {}
        self._by_code: dict[str, tuple[PloverRule, ...]] = {}

    def load(self) -> PloverRefiner:
        data = read_yaml(self.path, SCHEMA)
        lines = yaml_item_lines(self.path)
        modes = data.get("modes")
        if not isinstance(modes, dict) or not modes:
            raise DictionaryError(str(self.path), 1, "'modes' must map each PLOVER type to its modes (a list)")
        self.modes = {str(k).upper(): _terms(v, f"modes.{k}", str(self.path), None) for k, v in modes.items()}
        raw = data.get("rules")
        if not isinstance(raw, list) or not raw:
            raise DictionaryError(str(self.path), 1, "'rules' must be a non-empty list of refinement rules")
        rules: list[PloverRule] = []
        seen: set[str] = set()
        for order, item in enumerate(raw):
            rule = self._rule(item, lines, order)
            if rule.id in seen:
                raise DictionaryError(str(self.path), lines.get(rule.id), f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            rules.append(rule)
        self.rules = tuple(rules)
        by_code: dict[str, list[PloverRule]] = {}
        for rule in self.rules:
            if rule.enabled:
                for code in rule.codes:
                    by_code.setdefault(code, []).append(rule)
        self._by_code = {c: tuple(rs) for c, rs in by_code.items()}
        return self

    def _rule(self, item: Any, lines: dict[str, int], order: int) -> PloverRule:
        path = str(self.path)
        if not isinstance(item, dict) or not item.get("id"):
            raise DictionaryError(path, None, f"each rule must be a mapping with an id, got {item!r}")
        rid = str(item["id"])
        line = lines.get(rid)
        unknown = sorted(set(item) - RULE_KEYS)
        if unknown:
            raise DictionaryError(path, line, f"rule {rid}: unknown key(s) {', '.join(unknown)}")
        if not str(item.get("manual") or "").strip():
            raise DictionaryError(path, line, f"rule {rid}: 'manual' must quote the manual's rule it implements")
        codes = tuple(str(c) for c in (item.get("codes") or []))
        if not codes or not all(c.isdigit() and 2 <= len(c) <= 4 for c in codes):
            raise DictionaryError(path, line, f"rule {rid}: 'codes' must list CAMEO codes (2-4 digits, quoted)")
        plover = str(item.get("plover") or "").strip()
        if not plover:
            raise DictionaryError(path, line, f"rule {rid}: 'plover' (the PLOVER type it sets, or none) is missing")
        mode = item.get("mode")
        if plover.lower() == NO_TYPE:
            if mode:
                raise DictionaryError(path, line, f"rule {rid}: plover none takes no mode")
            ptype: str | None = None
        else:
            ptype = plover.upper()
            if ptype not in self.modes:
                raise DictionaryError(
                    path, line, f"rule {rid}: unknown PLOVER type {plover!r} (known: {', '.join(sorted(self.modes))})"
                )
            if mode and str(mode) not in self.modes[ptype]:
                raise DictionaryError(
                    path, line, f"rule {rid}: {ptype} has no mode {mode!r} (manual modes: "
                    f"{', '.join(sorted(self.modes[ptype])) or 'none'})",
                )  # fmt: skip
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            raise DictionaryError(path, line, f"rule {rid}: 'enabled' must be true or false")

        def terms(key: str) -> frozenset[str]:
            return _terms(item.get(key), key, path, line)

        return PloverRule(
            id=rid,
            manual=str(item["manual"]).strip(),
            codes=codes,
            plover=ptype,
            mode=str(mode) if mode else None,
            trigger=terms("trigger"),
            head=terms("head"),
            subject=terms("subject"),
            object=terms("object"),
            clause=_groups(item.get("clause"), "clause", path, line),
            sentence=_groups(item.get("sentence"), "sentence", path, line),
            not_clause=terms("not_clause"),
            not_sentence=terms("not_sentence"),
            source_sectors=frozenset(s.upper() for s in terms("source_sectors")),
            target_sectors=frozenset(s.upper() for s in terms("target_sectors")),
            enabled=enabled,
            where=f"{path}:{line}" if line else path,
            order=order,
        )

    def refine(
        self, code: str, trigger: Token, clause: Clause, source: Actor | None, target: Actor | None
    ) -> PloverRule | None:
        """The first enabled rule for ``code`` (or a prefix of it) whose conditions hold, else None.

        ``trigger`` is the event's trigger word, ``clause`` the clause it was coded from (its objects).
        """
        candidates = [r for n in range(2, len(code) + 1) for r in self._by_code.get(code[:n], ())]
        if not candidates:
            return None
        for rule in sorted(candidates, key=lambda r: r.order) if len(candidates) > 1 else candidates:
            if rule.fits(trigger, clause, source, target):
                return rule
        return None


def _terms(value: Any, key: str, path: str, line: int | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise DictionaryError(path, line, f"'{key}' must be a list of words, got {value!r}")
    return frozenset(str(v).lower().strip() for v in value if str(v).strip())


def _groups(value: Any, key: str, path: str, line: int | None) -> tuple[frozenset[str], ...]:
    """``[a, b]`` is one group (a or b); ``[[a, b], [c]]`` is several that must all hold ((a or b) and c)."""
    if value is None:
        return ()
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return tuple(_terms(v, key, path, line) for v in value)
    return (_terms(value, key, path, line),)
