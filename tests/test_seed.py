"""The founding example: the seed article and its gold file (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dyad.evaluate import evaluate_gold_document
from dyad.ingest import IngestOptions, iter_documents

from .conftest import needs_shared, shared_path

GOLD = shared_path("seed", "000_8f47767206761bd3.gold.json")
TEXT = shared_path("seed", "000_8f47767206761bd3.txt")

pytestmark = needs_shared


def code_seed(pipeline: Any, published: str | None) -> Any:
    items = list(iter_documents([str(TEXT)], IngestOptions(published=published)))
    (result,) = list(pipeline.run(items))
    return result


def test_seed_meets_the_gold(pipeline: Any) -> None:
    result = code_seed(pipeline, "2018-08-08")
    report = evaluate_gold_document(GOLD, result, [])
    assert report.core_found / report.core_total >= 0.9
    assert report.predicted_correct / report.predicted_dyadic >= 0.8
    assert report.violations == []
    assert all(report.meta_checks.values()), report.meta_checks
    assert report.actors_correct == report.actors_total


def test_seed_without_a_date_is_dated_to_its_copyright_year(pipeline: Any) -> None:
    result = code_seed(pipeline, None)
    assert result.document.meta.published == "2018"
    assert result.document.meta.published_precision == "year"
    assert all((e.date or "2018").startswith("2018") or e.date_precision != "document" for e in result.events)


@pytest.mark.parametrize(
    ("published", "mention", "in_office"),
    [
        ("2018-08-08", "Rouhani", True),
        ("2022-01-01", "Rouhani", False),
        ("2018-08-08", "Zarif", True),
        ("2022-01-01", "Zarif", False),
    ],
)
def test_roles_follow_the_date(pipeline: Any, published: str, mention: str, in_office: bool) -> None:
    result = code_seed(pipeline, published)
    codes = {a.code for a in result.actors if mention in a.text}
    assert codes
    assert ("IRNGOV" in codes) == in_office


def test_gold_file_is_the_documented_format() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert gold["format"] == "dyad-gold/1"
