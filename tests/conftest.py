"""Shared test set-up: no screen, and a private temporary home for every test.

Every test outside tests/ui runs without Qt: with PySide6 not installed (the headless
run of `.ci/run`, with ``-p no:pytest-qt``) tests/ui is not collected, and a test that
asks for ``qtbot`` or ``qapp`` anyway is skipped, saying why.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # must be set before Qt is imported

from importlib.util import find_spec
from pathlib import Path

import pytest

HAS_QT = find_spec("PySide6") is not None
WITHOUT_QT = "needs PySide6 and pytest-qt: part of the full run, not of the headless one"

if HAS_QT:
    from therapist_desk.ui.widgets.qt_workarounds import keep_none_alive

    keep_none_alive()  # PySide6 6.12 on Python 3.11 leaks references to None (see the module)
    collect_ignore: list[str] = []
else:
    collect_ignore = ["ui"]

    @pytest.fixture
    def qtbot() -> None:
        pytest.skip(WITHOUT_QT)

    @pytest.fixture
    def qapp() -> None:
        pytest.skip(WITHOUT_QT)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin("pytest-qt"):  # pyproject's qt_api is pytest-qt's
        parser.addini("qt_api", "the Qt binding pytest-qt uses (unused without pytest-qt)")


def pytest_report_header(config: pytest.Config) -> str | None:
    return None if HAS_QT else "PySide6 not installed: tests/ui not collected (headless run)"


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
