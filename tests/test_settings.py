from __future__ import annotations

from pathlib import Path

import pytest

from dyad.errors import ConfigError
from dyad.settings import Settings


def test_defaults_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = Settings.load(environ={})
    assert s.db == "dyad.duckdb"
    assert s.include_modalities == ("asserted",)


def test_precedence_defaults_toml_env_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "dyad.toml"
    cfg.write_text('[dyad]\ndb = "from-toml.duckdb"\nbatch_size = 8\nworkers = 3\n', encoding="utf-8")
    env = {"DYAD_BATCH_SIZE": "16", "DYAD_WORKERS": "5"}
    s = Settings.load({"workers": 7, "db": None}, config_path=cfg, environ=env)
    assert s.db == "from-toml.duckdb"  # toml beats default; a None flag does not override
    assert s.batch_size == 16  # env beats toml
    assert s.workers == 7  # flag beats env


def test_top_level_toml_and_tuples(tmp_path: Path) -> None:
    cfg = tmp_path / "x.toml"
    cfg.write_text('actors = ["a.txt", "b.txt"]\nonly_user_dicts = true\n', encoding="utf-8")
    s = Settings.load(config_path=cfg, environ={"DYAD_INCLUDE_MODALITIES": "asserted,negated"})
    assert s.actors == ("a.txt", "b.txt")
    assert s.only_user_dicts is True
    assert s.include_modalities == ("asserted", "negated")


@pytest.mark.parametrize(
    ("content", "env", "fragment"),
    [
        ("bogus = 1\n", {}, "unknown setting 'bogus'"),
        ("workers = 'many'\n", {}, "bad value"),
        ("workers = [\n", {}, "cannot read config"),
        ("", {"DYAD_WORKERS": "-3"}, "bad value"),
        ("", {"DYAD_ONLY_USER_DICTS": "perhaps"}, "bad value"),
    ],
)
def test_bad_settings_name_the_place(tmp_path: Path, content: str, env: dict[str, str], fragment: str) -> None:
    cfg = tmp_path / "dyad.toml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        Settings.load(config_path=cfg, environ=env)


def test_missing_named_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(environ={"DYAD_CONFIG": str(tmp_path / "none.toml")})
