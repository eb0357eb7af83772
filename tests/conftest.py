"""Shared fixtures: the spaCy model and the full pipeline are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    return SHARED.joinpath(*parts)


needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from dyad.pipeline import Pipeline

    return Pipeline().load()


@pytest.fixture(scope="session")
def nlp(pipeline):  # type: ignore[no-untyped-def]
    return pipeline.parser.nlp


@pytest.fixture(scope="session")
def code_text(pipeline):  # type: ignore[no-untyped-def]
    """Code one short text (optionally with a publication date); returns its DocResult."""
    from dyad.models import RawDocument

    counter = iter(range(10**9))

    def run(text: str, published: str | None = "2018-08-08", all_modalities: bool = True):  # type: ignore[no-untyped-def]
        raw = RawDocument(id=f"t{next(counter)}", origin="<test>", text=text, published=published)
        (result,) = list(pipeline.run([raw]))
        return result

    return run


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline):  # type: ignore[no-untyped-def]
    """The bundled sample corpus (what `make demo` codes) coded once per session; treat it as read-only."""
    from dyad.cli import run_code
    from dyad.resources import data_path
    from dyad.settings import Settings

    db = tmp_path_factory.mktemp("demo") / "dyad.duckdb"
    run_code([str(data_path("sample"))], Settings(db=str(db)), pipeline=pipeline, quiet=True)
    return db
