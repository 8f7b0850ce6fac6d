"""Configuration keys read by load_config that the CLI tests do not reach."""

from __future__ import annotations

from pathlib import Path

from feedpub.config import load_config


def test_templates_folder_is_taken_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "site" / "theme").mkdir(parents=True)
    config_file = tmp_path / "site" / "feedpub.toml"
    config_file.write_text('templates = "theme"\n', encoding="utf-8")
    assert load_config(config_file, tmp_path).templates == tmp_path / "site" / "theme"


def test_no_templates_folder_by_default(tmp_path: Path) -> None:
    assert load_config(None, tmp_path).templates is None
