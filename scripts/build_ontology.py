"""Build ``src/dyad/data/ontology/cameo.tsv`` (schema ``dyad-cameo/1``) from the shared codebooks.

Inputs, all in ``<shared>/codebooks/``:

- ``cameo_codes_goldstein.tsv``: CAMEO 1.1b3 names and Goldstein weights as GDELT publishes them, next to
  the older CAMEO 0.5B1 Goldstein scale;
- ``cameo_event_descriptions.csv``: the CAMEO 1.1b3 manual's names, descriptions and usage notes (used to
  repair the rows of the GDELT table that are damaged or contradict the manual);
- ``CAMEO2PLOVER-2021.txt``: the PLOVER project's CAMEO-to-PLOVER table (event, mode, context).

Every CAMEO 1.1b3 code of the Goldstein table gets one row; the table is re-runnable and deterministic.
Run ``python scripts/build_ontology.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dyad.ontology import quad_class_of as _quad_class

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "src" / "dyad" / "data" / "ontology" / "cameo.tsv"

SCHEMA = "dyad-cameo/1"
VERSION = "2026-11-29"
SOURCE = (
    "CAMEO 1.1b3 manual (Schrodt, Gerner, Yilmaz) as tabulated by GDELT for names and Goldstein weights, "
    "with the CAMEO 0.5B1 Goldstein scale beside it; PLOVER columns from the PLOVER project's "
    "CAMEO2PLOVER-2021 table (PLOVER manual draft 0.8, 2021-09-17; CC BY-SA 4.0); "
    "built by scripts/build_ontology.py"
)
LICENCE = (
    "PLOVER columns CC BY-SA 4.0 (PLOVER project), which this file as a whole therefore carries; "
    "CAMEO names and Goldstein weights are openly published by the CAMEO project and GDELT"
)
COLUMNS = (
    "code",
    "name",
    "goldstein",
    "goldstein_05b1",
    "quad_class",
    "plover",
    "plover_mode",
    "plover_context",
)

GOLDSTEIN_FILE = "cameo_codes_goldstein.tsv"
DESCRIPTIONS_FILE = "cameo_event_descriptions.csv"
PLOVER_FILE = "CAMEO2PLOVER-2021.txt"

# Codes whose GDELT name follows an older CAMEO draft and contradicts both the CAMEO 1.1b3 manual and the
# table's own 4-digit children (1011-1014 are demands for cooperation, 1051-1056 demands to yield). The
# manual's name is used; the GDELT name is kept in a header comment.
MANUAL_NAME_CODES = ("101", "105", "106", "107", "108")

# Plain typing slips in the GDELT names: (wrong, right).
TYPO_FIXES = (("matyerial", "material"), ("radiologicalweapons", "radiological weapons"))


@dataclass(frozen=True)
class GoldsteinRow:
    code: str
    name: str
    goldstein: str
    goldstein_05b1: str
    name_05b1: str


@dataclass(frozen=True)
class PloverEntry:
    event: str
    mode: str
    context: str


@dataclass(frozen=True)
class OntologyRow:
    code: str
    name: str
    goldstein: str
    goldstein_05b1: str
    quad_class: int
    plover: PloverEntry | None


def quad_class_of(code: str) -> int:
    """GDELT QuadClass from the root (the rule lives in dyad.ontology; checked here for the root range)."""
    if not 1 <= int(code[:2]) <= 20:
        raise ValueError(f"not a CAMEO code: {code!r}")
    return _quad_class(code)


def clean_text(value: str) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join(value.split())


def number(value: str) -> str:
    """A Goldstein weight written the same way everywhere ("-2.0", "3.4"), or "" when missing."""
    value = value.strip()
    return f"{float(value):.1f}" if value else ""


def read_goldstein(path: Path) -> list[GoldsteinRow]:
    rows: list[GoldsteinRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        fields = [*line.split("\t"), "", "", "", ""][:5]
        rows.append(GoldsteinRow(*(f.strip() for f in fields)))
    return rows


def read_manual_names(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"].strip(): clean_text(row["name"]) for row in csv.DictReader(fh)}


def read_plover(path: Path) -> tuple[dict[str, PloverEntry], list[str]]:
    """Parse CAMEO2PLOVER: ``code: EVENT, mode, context # comment``. First line of a code wins."""
    table: dict[str, PloverEntry] = {}
    conflicts: list[str] = []
    pattern = re.compile(r"^(\d{2,4})\s*:\s*(.*)$")
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = pattern.match(raw.strip())
        if not m:
            continue
        code, rest = m.group(1), m.group(2).split("#", 1)[0]
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        context = "|".join(c.strip() for c in parts[2].split(";") if c.strip())
        entry = PloverEntry(parts[0].upper(), parts[1], context)
        if code in table:
            if table[code] != entry:
                conflicts.append(f"{code}: kept {format_plover(table[code])}, ignored {format_plover(entry)}")
            continue
        table[code] = entry
    return table, conflicts


def format_plover(entry: PloverEntry) -> str:
    return ", ".join(part or "-" for part in (entry.event, entry.mode, entry.context))


def plover_for(code: str, table: dict[str, PloverEntry]) -> PloverEntry | None:
    """The code's own line, else that of its nearest parent (4 -> 3 -> 2 digits)."""
    for length in range(len(code), 1, -1):
        entry = table.get(code[:length])
        if entry is not None:
            return entry
    return None


def build(shared: Path) -> tuple[list[OntologyRow], list[str], list[str]]:
    """The table rows, the header comment lines and the 0.5B1 differences."""
    books = shared / "codebooks"
    goldstein_rows = read_goldstein(books / GOLDSTEIN_FILE)
    manual = read_manual_names(books / DESCRIPTIONS_FILE)
    plover, plover_conflicts = read_plover(books / PLOVER_FILE)

    rows: list[OntologyRow] = []
    differences: list[str] = []
    repairs: list[str] = []
    skipped: list[str] = []
    gdelt_names: list[str] = []
    absent_05b1: list[str] = []
    inherited: list[str] = []
    no_plover: list[str] = []
    appeals: list[str] = []
    for g in goldstein_rows:
        code = g.code
        name = clean_text(g.name)
        if not name and not g.goldstein:
            skipped.append(f"{code} ({clean_text(g.name_05b1)})")
            continue
        if "106:" in name:  # "1056 ...engagement106:[-5.0] Demand withdrawal": two rows run together
            name = name.split("106:", 1)[0].strip()
            repairs.append(f"{code}: the GDELT row ran into the next code's text; name cut at '106:'")
        for wrong, right in TYPO_FIXES:
            if wrong in name:
                name = name.replace(wrong, right)
                repairs.append(f"{code}: typo {wrong!r} -> {right!r}")
        if "Ã" in name or "â€" in name:
            name = manual[code]
            repairs.append(f"{code}: mis-encoded GDELT name replaced by the manual's {name!r}")
        if code in MANUAL_NAME_CODES and manual.get(code) and manual[code] != name:
            shown = repr(name) if name else "row empty (its text 'Demand withdrawal' ran into 1056)"
            gdelt_names.append(f"{code} GDELT {shown} -> manual {manual[code]!r}")
            name = manual[code]
        if not name:
            raise SystemExit(f"{GOLDSTEIN_FILE}: code {code} has no name and no repair")
        gold = number(g.goldstein)
        gold_05b1 = number(g.goldstein_05b1)
        if not gold:
            raise SystemExit(f"{GOLDSTEIN_FILE}: code {code} has no GDELT Goldstein weight")
        if not gold_05b1:
            absent_05b1.append(code)
        elif gold_05b1 != gold:
            differences.append(
                f"{code} {name}: GDELT {gold}, 0.5B1 {gold_05b1} (0.5B1 name {clean_text(g.name_05b1)!r})"
            )
        entry = plover_for(code, plover)
        if entry is None and code.startswith("02"):
            # dyad extension: PLOVER drops CAMEO 02 (appeals), but its REQUEST covers "all requests, demands,
            # and orders"; each 02x appeal takes the PLOVER line of its parallel 10x demand (021 <-> 101 ...).
            entry = plover_for("10" + code[2:], plover)
            if entry is not None:
                appeals.append(code)
        if entry is None:
            no_plover.append(code)
        elif code not in plover:
            inherited.append(code)
        rows.append(OntologyRow(code, name, gold, gold_05b1, quad_class_of(code), entry))

    comments = [
        "columns: plover_context lists PLOVER contexts separated by '|'; empty plover = no PLOVER equivalent",
        f"0.5B1 Goldstein values that differ from GDELT's ({len(differences)} codes):",
        *(f"  {d}" for d in differences),
        "  (the 0.5B1 table numbers some codes differently, so a differing value may belong to another name)",
        f"goldstein_05b1 is empty for the {len(absent_05b1)} codes the 0.5B1 scale lacks (use goldstein):",
        f"  {' '.join(absent_05b1)}",
        "names: the CAMEO 1.1b3 manual's name is used where GDELT's follows an older draft:",
        *(f"  {n}" for n in gdelt_names),
        "repairs of the GDELT table:",
        *(f"  {r}" for r in repairs),
        "codes of the 0.5B1 scale only, not CAMEO 1.1b3, left out: " + ", ".join(skipped),
        f"PLOVER: no line for {len(no_plover)} codes ({no_plover[0]} .. {no_plover[-1]}): the PLOVER manual "
        "drops CAMEO 01 (statements)"
        if no_plover
        else "PLOVER: every code has a PLOVER type",
        f"PLOVER (dyad extension): the {len(appeals)} CAMEO 02 appeal codes, which PLOVER drops, take the REQUEST "
        "line of the parallel 10 demand code (021 <-> 101, 0211 <-> 1011, ...), since PLOVER REQUEST covers "
        "all requests, demands and orders",
        "PLOVER: a code without its own CAMEO2PLOVER line takes its nearest parent's: "
        + (" ".join(inherited) or "(none needed)"),
        *(f"PLOVER: two lines for {c}" for c in plover_conflicts),
    ]
    return rows, comments, differences


def render(rows: Sequence[OntologyRow], comments: Sequence[str]) -> str:
    out = [
        f"# schema: {SCHEMA}",
        f"# version: {VERSION}",
        f"# source: {SOURCE}",
        f"# licence: {LICENCE}",
        *(f"# {c}" for c in comments),
        "\t".join(COLUMNS),
    ]
    for r in rows:
        p = r.plover or PloverEntry("", "", "")
        values = [r.code, r.name, r.goldstein, r.goldstein_05b1, str(r.quad_class), p.event, p.mode]
        out.append("\t".join([*values, p.context]))
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder holding codebooks/ (../shared)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write cameo.tsv")
    args = parser.parse_args(argv)
    rows, comments, differences = build(args.shared)
    text = render(rows, comments)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    roots = sum(1 for r in rows if len(r.code) == 2)
    print(f"wrote {args.out}: {len(rows)} codes ({roots} roots)")
    print(f"{len(differences)} codes whose 0.5B1 Goldstein value differs from GDELT's:")
    for line in differences:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
