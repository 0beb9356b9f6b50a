"""Shared test set-up: no screen, and a private temporary home for every test."""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # must be set before Qt is imported

from pathlib import Path

import pytest

from therapist_desk.ui.widgets.qt_workarounds import keep_none_alive

keep_none_alive()  # PySide6 6.12 on Python 3.11 leaks references to None (see the module)


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own THERAPIST_DESK_HOME; the real data folder is never touched."""
    path = tmp_path_factory.mktemp("home") / "therapist-desk"
    monkeypatch.setenv("THERAPIST_DESK_HOME", str(path))
    return path


@pytest.fixture(autouse=True)
def first_start_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh home is a first start: its welcome question is left out of every test.

    Tests of the welcome itself call the real `therapist_desk.app.ask_who_is_using`
    (kept in the `welcome` fixture of tests/ui/test_welcome.py). Nothing here imports Qt.
    """
    app = sys.modules.get("therapist_desk.app")
    if app is not None:
        monkeypatch.setattr(app, "ask_who_is_using", lambda window: None)


@pytest.fixture
def cli_env(home: Path) -> dict[str, str]:
    """Environment for running `python -m therapist_desk` in a subprocess."""
    env = dict(os.environ)
    env["THERAPIST_DESK_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env
