"""dyad's exception hierarchy. Messages say which input, what was wrong, and what to do."""

from __future__ import annotations


class DyadError(Exception):
    """Base class for every error dyad raises on purpose."""

    exit_code = 1


class InputError(DyadError):
    """An input document or file cannot be read or has no usable content."""

    def __init__(self, origin: str, reason: str, stage: str = "ingest") -> None:
        self.origin = origin
        self.reason = reason
        self.stage = stage
        super().__init__(f"{origin}: {reason}")


class ConfigError(DyadError):
    """Bad settings: dyad.toml, DYAD_* environment variables or flags."""

    exit_code = 2


class UsageError(DyadError):
    """A command was called with arguments that cannot work."""

    exit_code = 2


class StoreError(DyadError):
    """The database cannot be opened, written or read (locked, read-only, corrupt, newer schema)."""

    exit_code = 3


class DictionaryError(DyadError):
    """A data file (actors, patterns, ontology, boilerplate rules) is malformed."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class ModelError(DyadError):
    """The spaCy model cannot be loaded."""
