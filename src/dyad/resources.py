"""Locating dyad's bundled data files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("actors", "countries.tsv")``."""
    base = resources.files("dyad") / "data"
    return Path(str(base.joinpath(*parts)))
