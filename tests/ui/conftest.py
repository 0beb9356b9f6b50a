"""The app under test: a fresh temporary home, and the intake mode question answered."""

from __future__ import annotations

import pytest

from therapist_desk import app as app_module
from therapist_desk.models import IntakeMode
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The app on a fresh temporary home, with the intake mode question answered."""
    monkeypatch.setattr(Dialogs, "ask_mode", lambda self: IntakeMode.VIDEO)
    informed: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs, "inform", lambda self, title, text, warning=False: informed.append((title, text))
    )
    win = app_module.start(None)
    assert win is not None
    qtbot.addWidget(win)
    win.informed = informed  # type: ignore[attr-defined]
    return win
