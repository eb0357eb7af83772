"""`dyad dict lint` and `dyad dict import-petrarch`: checking and converting data files.

Every problem is reported as ``file:line: message``. Checks: the header and columns of each schema,
duplicate entries, actor codes made of known CAMEO parts, CAMEO event codes that exist, ISO dates
with start before end, and patterns that load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from dyad.datafiles import TsvFile, parse_iso_date, read_tsv
from dyad.errors import DictionaryError
from dyad.places import PLACE_COLUMNS, PLACES_SCHEMA, check_place_row
from dyad.resources import data_path

SCHEMA_RE = re.compile(r"^#?\s*schema:\s*(\S+)", re.M)


def _schema_of(path: Path) -> str | None:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return None
    m = SCHEMA_RE.search(head)
    return m.group(1).strip("'\"") if m else None


def _actor_vocab() -> set[str]:
    table = read_tsv(data_path("actors", "actor_codes.tsv"), "dyad-actor-codes/1", ("code",))
    vocab = {r.get("code") for r in table.rows}
    countries = data_path("actors", "countries.tsv")
    if countries.exists():
        vocab |= {r.get("code") for r in read_tsv(countries, "dyad-countries/1", ("code",), strict=False).rows}
    return vocab


def check_actor_code(code: str, vocab: set[str]) -> str | None:
    """None when every 3-letter part of a CAMEO actor code is known, else the problem."""
    if not code or len(code) % 3 or not code.isalnum() or not code.isupper():
        return f"bad actor code {code!r} (3-letter CAMEO parts, upper case)"
    unknown = [code[i : i + 3] for i in range(0, len(code), 3) if code[i : i + 3] not in vocab]
    if unknown:
        return f"actor code {code!r} has unknown part(s) {', '.join(unknown)}"
    return None


def _dates(row_start: str, row_end: str) -> str | None:
    s = parse_iso_date(row_start) if row_start else ""
    e = parse_iso_date(row_end) if row_end else ""
    if s is None:
        return f"bad start date {row_start!r} (use YYYY-MM-DD)"
    if e is None:
        return f"bad end date {row_end!r} (use YYYY-MM-DD)"
    if s and e and e < s:
        return f"end {row_end} is before start {row_start}"
    return None


def _lint_tsv(path: Path, schema: str, vocab: set[str]) -> list[str]:
    from dyad.actors import kb

    columns: dict[str, tuple[str, ...]] = {
        "dyad-countries/1": kb.COUNTRY_COLUMNS,
        "dyad-organizations/1": kb.ORG_COLUMNS,
        "dyad-agents/1": kb.AGENT_COLUMNS,
        "dyad-people/1": kb.PEOPLE_COLUMNS,
        "dyad-actor-codes/1": ("code", "table", "label"),
        "dyad-cameo/1": ("code", "name", "goldstein", "quad_class", "plover"),
        "dyad-iso3-fips/1": ("iso3", "fips"),
        "dyad-places/1": PLACE_COLUMNS,
    }
    problems: list[str] = []
    try:
        table: TsvFile = read_tsv(path, schema, columns[schema])
    except DictionaryError as exc:
        return [str(exc)]
    seen: dict[str, int] = {}

    def dup(key: str, line: int, what: str) -> None:
        if key in seen:
            problems.append(f"{path}:{line}: duplicate {what} (first at line {seen[key]})")
        else:
            seen[key] = line

    for row in table.rows:
        where = f"{path}:{row.line}"
        if schema == "dyad-countries/1":
            dup(row.get("code"), row.line, f"country code {row.get('code')}")
        elif schema == "dyad-organizations/1":
            key = "|".join((row.get("entity_id"), row.get("start"), row.get("end")))
            dup(key, row.line, f"entity_id {row.get('entity_id')} for the same dates")
            problem = check_actor_code(row.get("code"), vocab)
            if problem:
                problems.append(f"{where}: {problem}")
            d = _dates(row.get("start"), row.get("end"))
            if d:
                problems.append(f"{where}: {d}")
        elif schema == "dyad-agents/1":
            dup(row.get("phrase").lower(), row.line, f"agent phrase {row.get('phrase')!r}")
            problem = check_actor_code(row.get("code").lstrip("~"), vocab)
            if problem:
                problems.append(f"{where}: {problem}")
            if row.get("person").lower() not in ("yes", "no"):
                problems.append(f"{where}: person must be yes or no")
        elif schema == "dyad-people/1":
            key = "|".join((row.get("entity_id"), row.get("code"), row.get("start"), row.get("end")))
            dup(key, row.line, f"role row for {row.get('entity_id')}")
            if row.get("code"):
                problem = check_actor_code(row.get("code"), vocab)
                if problem:
                    problems.append(f"{where}: {problem}")
            d = _dates(row.get("start"), row.get("end"))
            if d:
                problems.append(f"{where}: {d}")
        elif schema == "dyad-cameo/1":
            dup(row.get("code"), row.line, f"CAMEO code {row.get('code')}")
        elif schema == "dyad-actor-codes/1":
            dup(row.get("code"), row.line, f"actor code {row.get('code')}")
        elif schema == "dyad-iso3-fips/1":
            dup(row.get("iso3"), row.line, f"iso3 {row.get('iso3')}")
            if len(row.get("iso3")) != 3 or len(row.get("fips")) != 2:
                problems.append(f"{where}: iso3 must have 3 letters and fips 2")
        elif schema == PLACES_SCHEMA:
            problems.extend(f"{where}: {p}" for p in check_place_row(row))
            key = "|".join((row.get("name").lower(), row.get("country"), row.get("kind")))
            dup(key, row.line, f"place {row.get('name')!r} in {row.get('country') or '-'}")
    return problems


def _lint_patterns(path: Path) -> list[str]:
    from dyad.ontology import Ontology
    from dyad.patterns import PatternSet

    nouns = "noun" in path.name
    try:
        ps = PatternSet(verb_files=[] if nouns else [path], noun_files=[path] if nouns else []).load()
        onto = Ontology().load()
    except DictionaryError as exc:
        return [str(exc)]
    problems = []
    frames: dict[tuple[object, ...], str] = {}
    for p in ps.all:
        if p.code not in onto:
            problems.append(f"{p.where}: pattern {p.id}: CAMEO code {p.code} does not exist")
        for lemma in p.lemmas:
            frame = (lemma, p.prep, p.particle, p.object, p.xcomp, p.subject, p.joint)
            if frame in frames and frames[frame] != p.id:
                problems.append(f"{p.where}: pattern {p.id}: same frame as {frames[frame]} for lemma {lemma!r}")
            frames.setdefault(frame, p.id)
    return problems


def _lint_loader(loader: Callable[[Path], object]) -> Callable[[Path], list[str]]:
    def run(path: Path) -> list[str]:
        try:
            loader(path)
        except DictionaryError as exc:
            return [str(exc)]
        return []

    return run


def _lint_constructions(path: Path) -> list[str]:
    from dyad.ontology import Ontology
    from dyad.patterns import Constructions

    try:
        cx = Constructions.load(path)
        onto = Ontology().load()
    except DictionaryError as exc:
        return [str(exc)]
    return [f"{path}: CAMEO code {c} does not exist" for c in cx.codes() if c not in onto]


def _lint_plover_refinements(path: Path) -> list[str]:
    """The PLOVER refinement rules load (ids, keys, types and modes checked) and name CAMEO codes that exist."""
    from dyad.ontology import Ontology
    from dyad.plover_rules import PloverRefiner

    try:
        refiner = PloverRefiner(path).load()
        onto = Ontology().load()
    except DictionaryError as exc:
        return [str(exc)]
    return [
        f"{rule.where}: rule {rule.id}: CAMEO code {code} does not exist"
        for rule in refiner.rules
        for code in rule.codes
        if code not in onto
    ]


def _lint_boilerplate(path: Path) -> list[str]:
    from dyad import clean

    return list(clean.lint(path))


def lint_file(path: Path, vocab: set[str]) -> list[str]:
    schema = _schema_of(path)
    if schema is None:
        return [f"{path}: no '# schema:' header; every data file names its schema (docs/data-formats.md)"]
    if schema in (
        "dyad-countries/1",
        "dyad-organizations/1",
        "dyad-agents/1",
        "dyad-people/1",
        "dyad-actor-codes/1",
        "dyad-cameo/1",
        "dyad-iso3-fips/1",
        PLACES_SCHEMA,
    ):
        return _lint_tsv(path, schema, vocab)
    if schema == "dyad-patterns/1":
        return _lint_patterns(path)
    if schema == "dyad-constructions/1":
        return _lint_constructions(path)
    if schema == "dyad-modality/1":
        from dyad.clauses import ModalityLexicon

        return _lint_loader(ModalityLexicon.load)(path)
    if schema == "dyad-boilerplate/1":
        return _lint_boilerplate(path)
    if schema == "dyad-plover-refinements/1":
        return _lint_plover_refinements(path)
    if schema == "dyad-temporal/1":
        from dyad.datafiles import read_yaml

        return _lint_loader(lambda p: read_yaml(p, "dyad-temporal/1"))(path)
    return [f"{path}: unknown schema {schema!r}"]


def bundled_files() -> list[Path]:
    root = data_path()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".tsv", ".yaml", ".yml") and "sample" not in p.relative_to(root).parts
    )


def lint_all(files: Iterable[str | Path] | None = None) -> tuple[list[str], int]:
    """Lint the given files (default: every bundled data file). Returns (problems, files checked)."""
    paths = [Path(f) for f in files] if files else bundled_files()
    try:
        vocab = _actor_vocab()
    except DictionaryError as exc:
        return [str(exc)], 0
    problems: list[str] = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file")
            continue
        problems.extend(lint_file(path, vocab))
    return problems, len(paths)


def import_petrarch(files: Iterable[str | Path], out: Path) -> dict[str, int]:
    """Convert PETRARCH/TABARI actor and agent files into dyad TSV files in ``out``."""
    from dyad.actors import petrarch

    out.mkdir(parents=True, exist_ok=True)
    people: list[dict[str, str]] = []
    orgs: list[dict[str, str]] = []
    agents: list[dict[str, str]] = []
    names = []
    for f in files:
        path = Path(f)
        names.append(path.name)
        if not path.exists():
            raise DictionaryError(str(path), None, "no such dictionary file")
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r"\[~[A-Z]{3}", text) or "agent" in path.name.lower():
            agents.extend(petrarch.agents_to_rows(petrarch.parse_agent_file(path)))
        else:
            p_rows, o_rows = petrarch.actors_to_rows(petrarch.parse_actor_file(path))
            people.extend(p_rows)
            orgs.extend(o_rows)
    source = "converted from PETRARCH/TABARI dictionaries: " + ", ".join(names)
    written: dict[str, int] = {}
    for rows, name, schema in (
        (people, "people.tsv", "dyad-people/1"),
        (orgs, "organizations.tsv", "dyad-organizations/1"),
        (agents, "agents.tsv", "dyad-agents/1"),
    ):
        if rows:
            target = out / name
            petrarch.write_tsv(rows, target, schema, source, "as the source dictionaries")
            written[str(target)] = len(rows)
    return written
