"""The app under test: a fresh temporary home, the intake mode question answered, and
the practice's consent text reviewed when Start asks for it."""

from __future__ import annotations

import pytest

from therapist_desk import app as app_module
from therapist_desk.models import IntakeMode
from therapist_desk.services import consent
from therapist_desk.ui.intake.consent_check import ConsentCheck
from therapist_desk.ui.settings.controller import SettingsController
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs


@pytest.fixture(autouse=True)
def consent_reviewed_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh practice has not reviewed its consent text, so Start asks to review it
    first (`ui.intake.consent_check`). Tests not about that answer as the clinician
    would: yes, and in Settings › Consent they keep the template as it is. Tests of
    the question itself put back the real ones (test_consent_ui)."""

    def keep_the_template(self: SettingsController) -> None:
        text = consent.consent_text(practice=self.host.practice)
        consent.save_consent_text(practice=self.host.practice, policy=text.policy, text=text.text)

    monkeypatch.setattr(ConsentCheck, "ask_to_review", classmethod(lambda cls, parent: True))
    monkeypatch.setattr(SettingsController, "review_consent", keep_the_template)


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
