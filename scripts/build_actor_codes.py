"""Build src/dyad/data/actors/actor_codes.tsv (the CAMEO actor code vocabulary) from the CAMEO codebook.

Usage: python scripts/build_actor_codes.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# Codes the Phoenix dictionaries (MIT, (c) 2014 Open Event Data Alliance) use that the CAMEO codebook lacks.
PHOENIX_EXTRA = {
    "AFU": "African Union",
    "EAC": "East African Community",
    "ISI": "Islamic State (ISIS/ISIL)",
    "JMA": "Jemaah Islamiyah",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    src = Path(args.shared) / "codebooks" / "cameo_actor_codes.csv"
    out = ROOT / "src" / "dyad" / "data" / "actors" / "actor_codes.tsv"
    rows: dict[str, tuple[str, str]] = {}
    with src.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip().upper()
            if len(code) == 3 and code not in rows:
                label = " ".join(row["label"].split()).replace("\t", " ")
                rows[code] = (row["table"].strip(), label)
    for code, label in PHOENIX_EXTRA.items():
        rows.setdefault(code, ("phoenix extension", label))
    lines = [
        "# schema: dyad-actor-codes/1",
        "# version: 2026-11-29",
        "# source: CAMEO actor codes (Schrodt, CAMEO manual 1.1b3), via shared/codebooks/cameo_actor_codes.csv;"
        " regenerate with scripts/build_actor_codes.py",
        "# licence: facts from the CAMEO manual; file MIT (dyad)",
        "# rows of table 'phoenix extension' are codes the Phoenix dictionaries use that the codebook lacks",
        "code\ttable\tlabel",
    ]
    lines += [f"{code}\t{table}\t{label}" for code, (table, label) in sorted(rows.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} codes to {out}")


if __name__ == "__main__":
    main()
