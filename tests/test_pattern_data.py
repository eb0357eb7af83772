"""The event ontology (ontology/cameo.tsv) and the verb and noun patterns (patterns/*.yaml) as data.

These tests read the files directly (csv/PyYAML) so that a broken file fails here with a clear message,
independent of the coder. They also replay the pattern choice rule of docs/data-formats.md on a few
argument frames, so that edits which change what a common construction codes are noticed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyad" / "data"
CAMEO_TSV = DATA / "ontology" / "cameo.tsv"
PATTERN_DIR = DATA / "patterns"
PATTERN_FILES = {"verb": PATTERN_DIR / "verbs.yaml", "noun": PATTERN_DIR / "nouns.yaml"}
SHARED = ROOT.parent / "shared"

COLUMNS = ["code", "name", "goldstein", "goldstein_05b1", "quad_class", "plover", "plover_mode", "plover_context"]
HEADER_KEYS = ("schema", "version", "source", "licence")
PLOVER_EVENTS = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
    "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
}  # fmt: skip
ROLE_RE = re.compile(r"^(subject|object|dative|possessor|none|prep:[a-z]+(,[a-z]+)*)$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LEMMA_RE = re.compile(r"^[a-zé][a-zé-]*$")
CONSTRAINTS = ("prep", "particle", "object", "xcomp", "subject")
PATTERN_KEYS = {"id", "lemmas", "code", "source", "target", "note", "joint", *CONSTRAINTS}
# Too noisy as bare verbs, or coded by the engine's intent and modality constructions instead: allowed only
# with an object list ("pledged support for X", "denied access to X"), never alone or with an xcomp.
CONSTRAINED_ONLY_LEMMAS = {"say", "tell", "add", "state", "pledge", "promise", "vow", "plan", "intend", "hope", "deny"}
MIN_CODES = 230


# ---------------------------------------------------------------------------------------------- loaders
@cache
def cameo_table() -> tuple[dict[str, str], list[str], list[dict[str, str]]]:
    """Header keys, comment lines and rows of cameo.tsv."""
    header: dict[str, str] = {}
    comments: list[str] = []
    columns: list[str] | None = None
    rows: list[dict[str, str]] = []
    for line in CAMEO_TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if columns is None and sep and key.strip() in HEADER_KEYS and key.strip() not in header:
                header[key.strip()] = value.strip()
            else:
                comments.append(line[1:].strip())
            continue
        fields = line.split("\t")
        if columns is None:
            columns = fields
            continue
        assert len(fields) == len(columns), f"cameo.tsv: {line!r} has {len(fields)} fields"
        rows.append(dict(zip(columns, fields, strict=True)))
    assert columns == COLUMNS, f"cameo.tsv columns are {columns}"
    return header, comments, rows


def cameo_rows() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in cameo_table()[2]}


@cache
def pattern_files() -> dict[str, dict[str, Any]]:
    return {kind: yaml.safe_load(path.read_text(encoding="utf-8")) for kind, path in PATTERN_FILES.items()}


def patterns(kind: str | None = None) -> list[dict[str, Any]]:
    kinds = [kind] if kind else list(PATTERN_FILES)
    return [p for k in kinds for p in pattern_files()[k]["patterns"]]


def choose(kind: str, lemma: str, **frame: str) -> dict[str, Any] | None:
    """The pattern docs/data-formats.md says wins for a trigger with this argument frame.

    ``frame`` gives the one word seen for each constraint (prep="on", object="sanction", ...). A pattern
    fits when each of its constraints contains the frame's word; the most constrained fit wins, ties go
    to the pattern listed first.
    """
    best: dict[str, Any] | None = None
    best_n = -1
    for p in patterns(kind):
        if lemma not in p["lemmas"]:
            continue
        if any(p.get(k) and frame.get(k) not in p[k] for k in CONSTRAINTS):
            continue
        n = sum(1 for k in CONSTRAINTS if p.get(k))
        if n > best_n:
            best, best_n = p, n
    return best


# ---------------------------------------------------------------------------------------------- cameo.tsv
def test_cameo_header() -> None:
    header, _, _ = cameo_table()
    assert set(HEADER_KEYS) <= set(header), f"missing header keys: {set(HEADER_KEYS) - set(header)}"
    assert header["schema"] == "dyad-cameo/1"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", header["version"])
    for needle in ("CAMEO 1.1b3", "GDELT", "Goldstein", "CAMEO2PLOVER-2021"):
        assert needle in header["source"], f"source does not name {needle}"
    assert "CC BY-SA 4.0" in header["licence"]


def test_cameo_codes_are_well_formed_and_unique() -> None:
    rows = cameo_table()[2]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate CAMEO codes"
    for r in rows:
        assert re.fullmatch(r"\d{2,4}", r["code"]), r
        assert r["name"].strip() == r["name"] and r["name"], f"{r['code']}: empty or untrimmed name"
        assert "Ã" not in r["name"] and "â€" not in r["name"], f"{r['code']}: mis-encoded name"
        if len(r["code"]) > 2:
            assert r["code"][:-1] in cameo_rows(), f"{r['code']} has no parent {r['code'][:-1]}"
    assert {c for c in codes if len(c) == 2} == {f"{i:02d}" for i in range(1, 21)}
    assert len(codes) >= 300


def test_cameo_goldstein_values() -> None:
    for r in cameo_table()[2]:
        g = float(r["goldstein"])
        assert -10.0 <= g <= 10.0, r
        if r["goldstein_05b1"]:
            assert -10.0 <= float(r["goldstein_05b1"]) <= 10.0, r


@pytest.mark.parametrize(
    ("code", "goldstein", "name"),
    [
        ("01", 0.0, "MAKE PUBLIC STATEMENT"),
        ("057", 8.0, "Sign formal agreement"),
        ("0874", 10.0, "Retreat or surrender militarily"),
        ("163", -8.0, "Impose embargo, boycott, or sanctions"),
        ("1056", -5.0, "Demand de-escalation of military engagement"),
        ("106", -5.0, "Demand meeting, negotiation"),
        ("2042", -10.0, "Detonate nuclear weapons"),
    ],
)
def test_cameo_known_rows(code: str, goldstein: float, name: str) -> None:
    row = cameo_rows()[code]
    assert float(row["goldstein"]) == goldstein
    assert row["name"] == name


def test_quad_class_rule_holds_for_every_row() -> None:
    for r in cameo_table()[2]:
        root = int(r["code"][:2])
        expected = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        assert r["quad_class"] == str(expected), f"{r['code']}: quad_class {r['quad_class']}, expected {expected}"


def test_the_six_05b1_differences_are_listed() -> None:
    _, comments, rows = cameo_table()
    listed: dict[str, tuple[float, float]] = {}
    for line in comments:
        m = re.match(r"^(\d{2,4}) .*: GDELT (-?\d+\.\d), 0\.5B1 (-?\d+\.\d)", line)
        if m:
            listed[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    differing = {
        r["code"]: (float(r["goldstein"]), float(r["goldstein_05b1"]))
        for r in rows
        if r["goldstein_05b1"] and float(r["goldstein_05b1"]) != float(r["goldstein"])
    }
    assert listed == differing
    assert set(listed) == {"016", "022", "124", "163", "165", "166"}


def test_plover_columns() -> None:
    rows = cameo_rows()
    for code, r in rows.items():
        if code[:2] == "01":
            assert not r["plover"], f"{code}: PLOVER drops CAMEO 01"
            continue
        if code[:2] == "02":  # dyad extension: appeals take the REQUEST line of the parallel 10x demand
            assert r["plover"] == "REQUEST", f"{code}: appeals are PLOVER REQUEST"
            assert r["plover_mode"] == rows["10" + code[2:]]["plover_mode"]
            continue
        assert r["plover"] in PLOVER_EVENTS, f"{code}: unknown PLOVER event {r['plover']!r}"
        assert r["plover_mode"] == r["plover_mode"].strip()
        assert all(c and " " not in c for c in r["plover_context"].split("|") if r["plover_context"])
    assert (rows["163"]["plover"], rows["163"]["plover_mode"]) == ("COERCE", "restrict")
    assert (rows["0841"]["plover"], rows["0841"]["plover_mode"]) == ("RETREAT", "release")
    assert rows["082"]["plover"] == "CONCEDE" and rows["085"]["plover"] == "RETREAT"
    assert rows["091"]["plover_context"] == "crime|corruption"
    assert rows["20"]["plover"] == "ASSAULT" and rows["1712"]["plover"] == "ASSAULT"


def _load_builder() -> Any:
    path = ROOT / "scripts" / "build_ontology.py"
    spec = importlib.util.spec_from_file_location("build_ontology", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_ontology", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return sys.modules["build_ontology"]


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "codebooks").exists(), reason="../shared/codebooks is not present")
def test_cameo_tsv_is_the_builders_output() -> None:
    builder = _load_builder()
    rows, comments, _ = builder.build(SHARED)
    assert builder.render(rows, comments) == CAMEO_TSV.read_text(encoding="utf-8"), (
        "cameo.tsv is stale: run scripts/build_ontology.py"
    )
    table = (SHARED / "codebooks" / "cameo_codes_goldstein.tsv").read_text(encoding="utf-8").splitlines()
    gdelt = {f.split("\t")[0] for f in table[1:] if len(f.split("\t")) > 2 and f.split("\t")[2].strip()}
    assert gdelt <= set(cameo_rows()), f"codes of the Goldstein table missing: {gdelt - set(cameo_rows())}"


def test_quad_class_function_of_builder() -> None:
    builder = _load_builder()
    assert [builder.quad_class_of(c) for c in ("01", "0512", "06", "094", "10", "145", "15", "2042")] == [
        1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    with pytest.raises(ValueError):
        builder.quad_class_of("21")


# ---------------------------------------------------------------------------------------------- patterns
@pytest.mark.parametrize("kind", list(PATTERN_FILES))
def test_pattern_file_header(kind: str) -> None:
    data = pattern_files()[kind]
    assert set(HEADER_KEYS) <= set(data)
    assert data["schema"] == "dyad-patterns/1"
    assert isinstance(data["patterns"], list) and data["patterns"]


def test_pattern_ids_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(PATTERN_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") != "dyad-patterns/1":
            continue
        for p in data["patterns"]:
            assert p["id"] not in seen, f"pattern id {p['id']!r} in {path.name} and {seen[p['id']]}"
            seen[p["id"]] = path.name
    assert len(seen) == len(patterns())


@pytest.mark.parametrize("kind", list(PATTERN_FILES))
def test_pattern_fields(kind: str) -> None:
    codes = cameo_rows()
    for p in patterns(kind):
        pid = p.get("id")
        assert isinstance(pid, str) and ID_RE.match(pid), f"bad id {pid!r}"
        assert set(p) <= PATTERN_KEYS, f"{pid}: unknown keys {set(p) - PATTERN_KEYS}"
        assert isinstance(p["code"], str), f"{pid}: code must be a quoted string, not {p['code']!r}"
        assert p["code"] in codes, f"{pid}: code {p['code']} is not in cameo.tsv"
        for role in ("source", "target"):
            assert isinstance(p[role], str) and ROLE_RE.match(p[role]), f"{pid}: bad {role} {p[role]!r}"
        assert p["source"] != "none", f"{pid}: an event needs a source"
        lemmas = p["lemmas"]
        assert isinstance(lemmas, list) and lemmas, f"{pid}: empty lemma list"
        for key in ("lemmas", *CONSTRAINTS):
            if key not in p:
                continue
            values = p[key]
            assert isinstance(values, list) and values, f"{pid}: {key} must be a non-empty list"
            for v in values:
                # catches YAML 1.1 booleans (on/off/yes/no) and numbers that were not quoted
                assert isinstance(v, str), f"{pid}: {key} value {v!r} is not a string"
                assert LEMMA_RE.match(v) and v == v.lower(), f"{pid}: {key} value {v!r} is not a lemma"
            assert len(values) == len(set(values)), f"{pid}: repeated {key} value"
        if "note" in p:
            assert isinstance(p["note"], str) and p["note"].strip()


def test_noun_patterns_use_noun_roles_only() -> None:
    for p in patterns("noun"):
        assert not {"particle", "xcomp"} & set(p), f"{p['id']}: verb-only constraint on a noun"
        # a noun has no direct object: its object constraint is on the object of its preposition
        assert "object" not in p or p.get("prep"), f"{p['id']}: a noun's object constraint needs a prep"
        assert "subject" not in (p["source"], p["target"]) and "object" not in (p["source"], p["target"])
    for p in patterns("verb"):
        assert "possessor" not in (p["source"], p["target"]), f"{p['id']}: possessor is a noun role"


def test_no_bare_statement_intent_or_denial_verbs() -> None:
    for p in patterns("verb"):
        bad = sorted(CONSTRAINED_ONLY_LEMMAS & set(p["lemmas"]))
        if bad:
            assert p.get("object") and not p.get("xcomp"), (
                f"{p['id']}: {bad} only with an object list; statements, intent and denial are constructions"
            )


def test_all_roots_covered() -> None:
    covered = {p["code"][:2] for p in patterns()}
    assert covered == {f"{i:02d}" for i in range(1, 21)}


def test_enough_distinct_codes() -> None:
    codes = {p["code"] for p in patterns() if len(p["code"]) > 2}
    assert len(codes) >= MIN_CODES, f"only {len(codes)} distinct 3-/4-digit codes"


def test_every_verb_root_has_a_fallback_or_many_patterns() -> None:
    per_root: dict[str, int] = {}
    for p in patterns():
        per_root[p["code"][:2]] = per_root.get(p["code"][:2], 0) + 1
    assert min(per_root.values()) >= 10, per_root


def test_no_pattern_is_shadowed() -> None:
    """Two patterns with a common lemma and the same kinds of constraint that can both fit must agree.

    Otherwise the later one never wins for the words they share (ties go to the first listed).
    """
    for kind in PATTERN_FILES:
        plist = patterns(kind)
        for i, p in enumerate(plist):
            keys = {k for k in CONSTRAINTS if p.get(k)}
            for q in plist[:i]:
                if not set(p["lemmas"]) & set(q["lemmas"]) or keys != {k for k in CONSTRAINTS if q.get(k)}:
                    continue
                if bool(p.get("joint")) != bool(q.get("joint")):
                    continue  # a joint pattern asks for conjoined subjects: more specific, never shadowed
                if all(set(p[k]) & set(q[k]) for k in keys) and (
                    (p["code"], p["source"], p["target"]) != (q["code"], q["source"], q["target"])
                ):
                    common = {k: sorted(set(p[k]) & set(q[k])) for k in keys}
                    lemmas = sorted(set(p["lemmas"]) & set(q["lemmas"]))
                    pytest.fail(f"{q['id']} shadows {p['id']} on {lemmas} {common}")


# ---------------------------------------------------------------------------------------------- choices
@pytest.mark.parametrize(
    ("lemma", "frame", "code", "target"),
    [
        ("impose", {"object": "sanction", "prep": "on"}, "163", "prep:on,against"),
        ("accuse", {"prep": "of"}, "112", "object"),
        ("criticise", {}, "111", "object"),
        ("condemn", {}, "111", "object"),
        ("threaten", {"xcomp": "impose"}, "1312", "object"),
        ("threaten", {}, "130", "object"),
        ("host", {}, "043", "object"),
        ("visit", {}, "042", "object"),
        ("meet", {"prep": "with"}, "040", "prep:with"),
        ("meet", {"object": "demand"}, "083", "none"),
        ("hold", {"object": "talk", "prep": "with"}, "046", "prep:with"),
        ("sign", {"object": "agreement", "prep": "with"}, "057", "prep:with"),
        ("sign", {"object": "ceasefire"}, "0871", "prep:with"),
        ("strike", {"object": "deal"}, "057", "prep:with"),
        ("strike", {}, "190", "object"),
        ("call", {"prep": "on", "xcomp": "release"}, "0253", "prep:on,upon"),
        ("call", {"prep": "for"}, "020", "none"),
        ("call", {"particle": "off", "object": "strike"}, "082", "none"),
        ("call", {"particle": "off", "object": "talk"}, "164", "prep:with"),
        ("stage", {"object": "strike"}, "143", "prep:against"),
        ("launch", {"object": "strike"}, "190", "prep:on,against,in,into"),
        ("cut", {"particle": "off", "object": "tie"}, "161", "prep:with"),
        ("step", {"particle": "up", "object": "sanction"}, "163", "prep:on,against"),
        ("shoot", {"particle": "down"}, "190", "object"),
        ("release", {"object": "prisoner"}, "0841", "object"),
        ("release", {"object": "statement"}, "010", "none"),
        ("release", {"object": "fund"}, "071", "prep:to"),
        ("lift", {"object": "sanction"}, "085", "prep:on,against"),
        ("lift", {"object": "curfew"}, "0813", "prep:in,on"),
        ("lift", {"object": "blockade"}, "0872", "prep:on,of"),
        ("withdraw", {"object": "troop"}, "0874", "prep:from"),
        ("withdraw", {"object": "peacekeeper"}, "1661", "prep:from"),
        ("withdraw", {"object": "ambassador"}, "161", "prep:from"),
        ("expel", {"object": "diplomat"}, "161", "object"),
        ("expel", {}, "174", "object"),
        ("seize", {"object": "town"}, "192", "object"),
        ("seize", {"object": "tanker"}, "181", "object"),  # CAMEO 181: forcibly seize a ship
        ("seize", {"object": "cargo"}, "1711", "object"),
        ("arrest", {}, "173", "object"),
        ("provide", {"object": "aid", "prep": "to"}, "070", "prep:to,for"),
        ("send", {"object": "troop"}, "074", "prep:to"),
        ("mobilize", {"object": "troop"}, "154", "prep:against,to,near,along,on"),
        ("investigate", {}, "090", "object"),
        ("apologize", {}, "055", "prep:to"),
        ("forgive", {}, "056", "object"),
        ("mediate", {}, "045", "prep:between"),
        ("negotiate", {}, "046", "prep:with"),
        ("cooperate", {}, "060", "prep:with"),
        ("protest", {"prep": "against"}, "141", "prep:against,outside"),
        ("reject", {"object": "plan"}, "127", "none"),
        ("refuse", {"xcomp": "meet"}, "125", "object"),
        ("demand", {"object": "withdrawal"}, "1056", "prep:from,of"),
        ("issue", {"object": "ultimatum"}, "139", "prep:to"),
        ("veto", {}, "129", "object"),
        ("use", {"object": "civilian", "prep": "as"}, "184", "object"),
        ("massacre", {}, "202", "object"),
    ],
)
def test_verb_pattern_choice(lemma: str, frame: dict[str, str], code: str, target: str) -> None:
    p = choose("verb", lemma, **frame)
    assert p is not None, f"no pattern for {lemma} {frame}"
    assert (p["code"], p["target"]) == (code, target), f"{lemma} {frame} -> {p['id']}"


@pytest.mark.parametrize(
    ("lemma", "frame", "code", "source", "target"),
    [
        ("sanction", {"prep": "against"}, "163", "possessor", "prep:against,on"),
        ("summit", {"prep": "with"}, "044", "possessor", "prep:with"),
        ("talk", {"prep": "between"}, "046", "prep:between", "prep:between"),
        ("visit", {"prep": "by"}, "042", "prep:by", "prep:to"),
        ("visit", {"prep": "to"}, "042", "possessor", "prep:to"),
        ("attack", {"prep": "on"}, "190", "possessor", "prep:on,against,into"),
        ("arrest", {"prep": "of"}, "173", "possessor", "prep:of"),
        ("ceasefire", {"prep": "between"}, "0871", "prep:between", "prep:between"),
        ("ultimatum", {"prep": "to"}, "139", "possessor", "prep:to"),
    ],
)
def test_noun_pattern_choice(lemma: str, frame: dict[str, str], code: str, source: str, target: str) -> None:
    p = choose("noun", lemma, **frame)
    assert p is not None, f"no pattern for {lemma} {frame}"
    assert (p["code"], p["source"], p["target"]) == (code, source, target), f"{lemma} {frame} -> {p['id']}"


def test_patient_nouns_need_an_agent_phrase() -> None:
    # "Navalny's arrest": the possessor is the one arrested, so no pattern may take it as the source.
    for lemma in ("arrest", "release", "assassination", "kidnapping", "expulsion"):
        assert choose("noun", lemma) is None, f"{lemma} without by/of must not code an event"
