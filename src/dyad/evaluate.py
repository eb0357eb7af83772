"""`dyad eval`: score the coder against gold files and write every miss and false positive.

Two gold formats:
- ``dyad-gold/1`` documents (``*.gold.json``): core recall, recall, precision over dyadic events,
  must-not-code violations, date and sector accuracy of matched events, actor and metadata checks.
- Sentence-level PLOVER TSV (``gold_root``, ``sentence``, ``source``, ``target``): PLOVER root accuracy
  (a sentence with no event counts as wrong), per-type precision/recall, confusion matrix.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import UsageError
from dyad.models import DocResult, Event, RawDocument
from dyad.settings import Settings
from dyad.typer import PLOVER_FOLD  # PLOVER names in CAMEO2PLOVER-2021 that the dev set folds together


@dataclass
class GoldReport:
    name: str
    core_total: int = 0
    core_found: int = 0
    total: int = 0
    found: int = 0
    predicted_dyadic: int = 0
    predicted_correct: int = 0
    violations: list[str] = field(default_factory=list)
    date_checked: int = 0
    date_correct: int = 0
    sector_checked: int = 0
    sector_correct: int = 0
    actors_total: int = 0
    actors_correct: int = 0
    meta_checks: dict[str, bool] = field(default_factory=dict)

    def lines(self) -> list[str]:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.2f} ({a}/{b})" if b else "n/a"

        out = [
            f"== {self.name}",
            f"core recall          {ratio(self.core_found, self.core_total)}",
            f"recall (all events)  {ratio(self.found, self.total)}",
            f"precision (dyadic)   {ratio(self.predicted_correct, self.predicted_dyadic)}",
            f"must-not-code        {len(self.violations)} violations",
            f"date accuracy        {ratio(self.date_correct, self.date_checked)}",
            f"sector accuracy      {ratio(self.sector_correct, self.sector_checked)}",
            f"actors resolved      {ratio(self.actors_correct, self.actors_total)}",
        ]
        if self.meta_checks:
            ok = sum(self.meta_checks.values())
            bad = [k for k, v in self.meta_checks.items() if not v]
            out.append(
                f"metadata/cleaning    {ratio(ok, len(self.meta_checks))}"
                + (f"  wrong: {', '.join(bad)}" if bad else "")
            )
        out.extend(f"  violation: {v}" for v in self.violations)
        return out


def _code_of(actor: Any) -> str:
    return (actor.code or "") if actor is not None else ""


def _matches(event: Event, gold: dict[str, Any]) -> bool:
    src, tgt = _code_of(event.source), _code_of(event.target)
    if not src or not tgt:
        return False
    gs, gt = gold["source"][:3], gold["target"][:3]
    roots = set(gold.get("roots") or [])
    if "*" not in roots and event.cameo_root not in roots:
        return False
    if src[:3] == gs and tgt[:3] == gt:
        return True
    return bool(gold.get("symmetric")) and src[:3] == gt and tgt[:3] == gs


def _date_ok(event: Event, gold: dict[str, Any]) -> bool:
    if "date_range" in gold:
        lo, hi = gold["date_range"]
        d = event.date or ""
        if event.date_precision == "week" and d:
            return lo <= d <= hi
        return bool(d) and lo <= d[: len(lo)] <= hi and event.date_precision == gold.get("date_precision")
    return event.date == gold.get("date") and event.date_precision == gold.get("date_precision")


def match_one_to_one(gold_events: list[dict[str, Any]], events: list[Event]) -> dict[int, int]:
    """Pair gold events with coded events, each coded event used at most once (gold index -> event index).

    A maximum bipartite matching (augmenting paths): as many gold events as possible get their own
    coded event; core gold events are placed first, and each gold event tries first the events whose
    sentence shares most words with its evidence (then those with its date). One event told once can
    no longer count for two gold events.
    """

    def preference(gi: int) -> list[int]:
        g = gold_events[gi]
        evidence = set((g.get("evidence") or "").lower().split())
        hits = [i for i, e in enumerate(events) if _matches(e, g)]
        return sorted(
            hits,
            key=lambda i: (-len(evidence & set(events[i].sentence.lower().split())), not _date_ok(events[i], g), i),
        )

    prefs = {gi: preference(gi) for gi in range(len(gold_events))}
    owner: dict[int, int] = {}  # event index -> gold index

    def place(gi: int, seen: set[int]) -> bool:
        for ei in prefs[gi]:
            if ei in seen:
                continue
            seen.add(ei)
            if ei not in owner or place(owner[ei], seen):
                owner[ei] = gi
                return True
        return False

    order = sorted(range(len(gold_events)), key=lambda gi: (not gold_events[gi].get("core"), gi))
    for gi in order:
        place(gi, set())
    return {gi: ei for ei, gi in owner.items()}


def evaluate_gold_document(path: Path, results: DocResult, errors: list[dict[str, Any]]) -> GoldReport:
    gold = json.loads(path.read_text(encoding="utf-8"))
    report = GoldReport(path.name)
    events = [e for e in results.events if e.modality == "asserted"]
    dyadic = [e for e in events if _code_of(e.source) and _code_of(e.target)]
    gold_events = gold.get("events", [])
    report.total = len(gold_events)
    report.core_total = sum(1 for g in gold_events if g.get("core"))
    assigned = match_one_to_one(gold_events, dyadic)
    for gi, g in enumerate(gold_events):
        if gi in assigned:
            report.found += 1
            report.core_found += 1 if g.get("core") else 0
            best = dyadic[assigned[gi]]
            report.date_checked += 1
            if _date_ok(best, g):
                report.date_correct += 1
            else:
                errors.append(
                    {
                        "gold": path.name,
                        "kind": "wrong-date",
                        "gold_id": g["id"],
                        "gold_date": g.get("date") or g.get("date_range"),
                        "gold_precision": g.get("date_precision"),
                        "date": best.date,
                        "precision": best.date_precision,
                        "date_text": best.date_text,
                        "rule": best.rule,
                        "sentence": best.sentence,
                    }
                )
            for role in ("source", "target"):
                gcode = g[role]
                if len(gcode) > 3:
                    report.sector_checked += 1
                    actor = best.source if role == "source" else best.target
                    pred = _code_of(actor)
                    if g.get("symmetric") and pred[:3] != gcode[:3]:
                        other = best.target if role == "source" else best.source
                        pred = _code_of(other)
                    if pred == gcode:
                        report.sector_correct += 1
        else:
            errors.append(
                {
                    "gold": path.name,
                    "kind": "miss",
                    "gold_id": g["id"],
                    "core": g.get("core", False),
                    "expected": f"{g['source']} -> {g['target']} roots {g.get('roots')}",
                    "evidence": g.get("evidence"),
                }
            )
    report.predicted_dyadic = len(dyadic)
    for e in dyadic:
        if any(_matches(e, g) for g in gold_events):
            report.predicted_correct += 1
        else:
            errors.append(
                {
                    "gold": path.name,
                    "kind": "false-positive",
                    "event": f"{_code_of(e.source)} -> {_code_of(e.target)} {e.cameo} {e.cameo_name}",
                    "rule": e.rule,
                    "source_text": e.source.text if e.source else None,
                    "target_text": e.target.text if e.target else None,
                    "sentence": e.sentence,
                }
            )
    for rule in gold.get("must_not_code", []):
        if "evidence_in" in rule:
            for e in events:
                for marker in rule["evidence_in"]:
                    if marker in e.sentence:
                        report.violations.append(f"event from boilerplate {marker!r}: {e.rule}")
            continue
        for e in events:
            if _matches(e, {**rule, "roots": rule.get("roots") or ["*"]}):
                report.violations.append(
                    f"{rule['why']}: {_code_of(e.source)}->{_code_of(e.target)} {e.cameo} ({e.rule})"
                )
    # actors
    for a in gold.get("actors", []):
        report.actors_total += 1
        found = [x for x in results.actors if a["mention"] in x.text]
        coded = {x.code for x in found}
        for e in results.events:
            for x in (e.source, e.target):
                if x is not None and a["mention"] in x.text:
                    coded.add(x.code)
        if a["code"] in coded:
            report.actors_correct += 1
        else:
            errors.append(
                {
                    "gold": path.name,
                    "kind": "actor",
                    "mention": a["mention"],
                    "expected": a["code"],
                    "got": sorted(c for c in coded if c),
                }
            )
    # metadata and cleaning
    document = results.document
    gdoc = gold.get("document", {})
    if document is not None and gdoc:
        meta = document.meta
        for key in ("title", "standfirst", "publisher", "copyright_year"):
            if key in gdoc:
                report.meta_checks[key] = getattr(meta, key) == gdoc[key]
        for key in ("byline", "contributors"):
            if key in gdoc:
                report.meta_checks[key] = list(getattr(meta, key)) == list(gdoc[key])
        for s in gdoc.get("boilerplate_removed", []):
            report.meta_checks[f"removed {s[:25]!r}"] = s not in document.text
        for s in gdoc.get("body_kept", []):
            report.meta_checks[f"kept {s[:25]!r}"] = s in document.text
        if "headline_occurrences_in_body" in gdoc and gdoc.get("title"):
            report.meta_checks["headline in body"] = (
                document.text.count(gdoc["title"]) == gdoc["headline_occurrences_in_body"]
            )
    return report


# ---------------------------------------------------------------------------------------------- PLOVER TSV
@dataclass
class SentenceReport:
    name: str
    total: int = 0
    correct: int = 0
    no_event: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def lines(self) -> list[str]:
        acc = self.correct / self.total if self.total else 0.0
        out = [
            f"== {self.name}",
            f"PLOVER root accuracy {acc:.3f} ({self.correct}/{self.total}); no event: {self.no_event}",
            f"{'type':<12}{'prec':>6}{'rec':>6}{'f1':>6}{'n':>6}",
        ]
        predicted = Counter[str]()
        for row in self.confusion.values():
            predicted.update(row)
        for label in sorted(self.confusion):
            tp = self.confusion[label][label]
            n = sum(self.confusion[label].values())
            p = tp / predicted[label] if predicted[label] else 0.0
            r = tp / n if n else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out.append(f"{label:<12}{p:>6.2f}{r:>6.2f}{f1:>6.2f}{n:>6}")
        labels = sorted(set(self.confusion) | set(predicted))
        out.append("confusion (rows gold, columns predicted):")
        out.append(" " * 12 + "".join(f"{lab[:5]:>6}" for lab in labels))
        for g in sorted(self.confusion):
            out.append(f"{g[:11]:<12}" + "".join(f"{self.confusion[g][p]:>6}" for p in labels))
        return out


def _overlap(a_text: str | None, span: tuple[int, int] | None, sentence: str) -> int:
    if not a_text or span is None:
        return 0
    return len(set(a_text.lower().split()) & set(sentence[span[0] : span[1]].lower().split()))


def choose_event(events: list[Event], sentence: str, source: str, target: str) -> Event | None:
    """The event a sentence-level gold label is about: one with a PLOVER type (the label is one; CAMEO 010
    "make statement" and its like have none), asserted, with the best overlap with the marked source and target."""
    if not events:
        return None
    s_words = set(source.lower().split())
    t_words = set(target.lower().split())

    def score(e: Event) -> tuple[float, ...]:
        s = len(s_words & set((e.source.text if e.source else "").lower().split()))
        t = len(t_words & set((e.target.text if e.target else "").lower().split()))
        return (bool(e.plover), e.modality == "asserted", s + t, e.target is not None, e.confidence)

    return max(events, key=score)


def evaluate_sentences(path: Path, pipeline: Any, errors: list[dict[str, Any]], limit: int | None) -> SentenceReport:
    report = SentenceReport(path.name)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if rows and ("gold_root" not in rows[0] or "sentence" not in rows[0]):
        raise UsageError(f"{path}: a sentence gold TSV needs columns gold_root and sentence")
    if limit:
        rows = rows[:limit]
    raws = [RawDocument(id=f"s{i}", origin=f"{path.name}:{i + 2}", text=r["sentence"]) for i, r in enumerate(rows)]
    results = list(pipeline.run(raws))
    for row, res in zip(rows, results, strict=True):
        gold = row["gold_root"].strip().upper()
        ev = choose_event(res.events, row["sentence"], row.get("source") or "", row.get("target") or "")
        pred = PLOVER_FOLD.get(ev.plover or "", ev.plover or "NONE") if ev is not None else "NONE"
        report.total += 1
        if ev is None:
            report.no_event += 1
        report.confusion[gold][pred] += 1
        if pred == gold:
            report.correct += 1
        else:
            errors.append(
                {
                    "gold": path.name,
                    "kind": "wrong-type" if ev else "no-event",
                    "line": res.origin,
                    "expected": gold,
                    "got": pred,
                    "rule": ev.rule if ev else None,
                    "cameo": ev.cameo if ev else None,
                    "sentence": row["sentence"],
                }
            )
    return report


def evaluate_files(
    files: list[str],
    *,
    published: str | None = None,
    errors_path: str | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
) -> str:
    """Run every gold file; return the printed report and write the error list (JSONL)."""
    from dyad.ingest import IngestOptions, iter_documents
    from dyad.pipeline import Pipeline

    pipeline = Pipeline(settings or Settings()).load()
    errors: list[dict[str, Any]] = []
    lines: list[str] = []
    for name in files:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"{path}: no such gold file")
        if path.suffix == ".json":
            gold = json.loads(path.read_text(encoding="utf-8"))
            if gold.get("format") != "dyad-gold/1":
                raise UsageError(f"{path}: not a dyad-gold/1 file")
            doc_path = path.parent / gold["document"]["file"]
            items = list(iter_documents([str(doc_path)], IngestOptions(published=published)))
            results = list(pipeline.run(items))
            if not results or results[0].status != "coded":
                reason = results[0].failure.message() if results and results[0].failure else "no result"
                raise UsageError(f"{doc_path}: could not be coded: {reason}")
            lines.extend(evaluate_gold_document(path, results[0], errors).lines())
        else:
            lines.extend(evaluate_sentences(path, pipeline, errors, limit).lines())
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        lines.append(f"{len(errors)} errors written to {errors_path}")
    return "\n".join(lines)
