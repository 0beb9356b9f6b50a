"""Settings files of every earlier version still load, with the new settings' defaults."""

from __future__ import annotations

import json

import pytest

from therapist_desk.errors import UserError
from therapist_desk.settings import SCHEMA_VERSION, Settings, load_settings, save_settings


def test_a_version_3_settings_file_loads_with_the_system_appearance(tmp_path) -> None:
    path = tmp_path / "settings.json"
    old = {"schema_version": 3, "practice_name": "Calm Rooms", "autolock_minutes": 5}
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.practice_name, loaded.autolock_minutes) == ("Calm Rooms", 5)
    assert loaded.appearance == "system"
    save_settings(loaded, path)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["schema_version"] == SCHEMA_VERSION and again["appearance"] == "system"


@pytest.mark.parametrize("appearance", ["system", "light", "dark"])
def test_each_appearance_is_kept(tmp_path, appearance) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(appearance=appearance), path)
    assert load_settings(path).appearance == appearance


def test_an_unknown_appearance_is_reported_not_guessed(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"appearance": "sepia"}), encoding="utf-8")
    with pytest.raises(UserError, match="cannot be read"):
        load_settings(path)
