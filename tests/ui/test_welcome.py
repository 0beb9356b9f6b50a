"""The very first start asks who is using the app: practice, clinician, a lock PIN."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from ui_driver import type_text

from therapist_desk import app as app_module
from therapist_desk.paths import settings_path
from therapist_desk.services import security
from therapist_desk.settings import pin_matches
from therapist_desk.ui.settings.welcome import WelcomeDialog
from therapist_desk.ui.widgets.dialogs import Dialogs

REAL_WELCOME = app_module.ask_who_is_using  # before the autouse fixture leaves it out


@pytest.fixture
def welcome(monkeypatch) -> list[WelcomeDialog]:
    """The real first-start question; the dialogs it opens, as they are shown."""
    monkeypatch.setattr(app_module, "ask_who_is_using", REAL_WELCOME)
    shown: list[WelcomeDialog] = []
    real_show = Dialogs.show_dialog

    def show(self, dialog) -> None:
        if isinstance(dialog, WelcomeDialog):
            shown.append(dialog)
        real_show(self, dialog)

    monkeypatch.setattr(Dialogs, "show_dialog", show)
    return shown


def start(qtbot, shown: list[WelcomeDialog] | None = None):
    """Start the app; with ``shown``, wait for the welcome, which comes over the list."""
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    if shown is not None:
        before = len(shown)
        qtbot.waitUntil(lambda: len(shown) > before)
    return window


def fill(qtbot, dialog: WelcomeDialog, practice: str, clinician: str, *pins: str) -> None:
    type_text(qtbot, dialog.practice, practice)
    type_text(qtbot, dialog.clinician, clinician)
    for field, pin in zip((dialog.pin, dialog.pin_again), pins, strict=False):
        type_text(qtbot, field, pin)


def test_the_first_start_asks_and_keeps_the_names_and_a_hashed_pin(qtbot, welcome) -> None:
    window = start(qtbot, welcome)
    [dialog] = welcome
    assert dialog.isVisible() and dialog.isModal()
    fill(qtbot, dialog, "Harbour Street Counselling", "Dr Imani Rhodes", "482913", "482913")
    qtbot.keyClick(dialog.pin_again, Qt.Key.Key_Return)  # Enter means Start
    assert not dialog.isVisible()
    settings = window.practice.settings
    assert (settings.practice_name, settings.clinician_name) == (
        "Harbour Street Counselling",
        "Dr Imani Rhodes",
    )
    assert window.practice.clinician == "Dr Imani Rhodes"  # on PDFs and in the audit trail
    assert pin_matches("482913", settings.lock_pin_hash)
    text = settings_path().read_text(encoding="utf-8")
    assert "482913" not in text and json.loads(text)["clinician_name"] == "Dr Imani Rhodes"
    assert security.can_lock(practice=window.practice)


def test_the_pin_may_be_skipped_and_the_note_says_what_that_means(qtbot, welcome) -> None:
    window = start(qtbot, welcome)
    [dialog] = welcome
    assert "Leave it empty to skip: the app then cannot lock" in dialog.pin_note.text()
    fill(qtbot, dialog, "Harbour Street Counselling", "Dr Imani Rhodes")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert window.practice.settings.lock_pin_hash == ""
    assert not security.can_lock(practice=window.practice)


def test_the_welcome_says_the_consent_text_is_to_be_reviewed_first(qtbot, welcome) -> None:
    start(qtbot, welcome)
    [dialog] = welcome
    note = dialog.consent_note
    assert note.isVisibleTo(dialog) and "Settings > Consent" in note.text()
    dialog.reject()


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        (("123", "123"), "A PIN is 4 to 12 digits (0-9)."),
        (("4829", "4828"), "The two PINs are not the same; type them again."),
        (("12ab", "12ab"), "A PIN is 4 to 12 digits (0-9)."),
    ],
)
def test_a_pin_that_cannot_be_one_is_refused_beside_it(qtbot, welcome, pins, message) -> None:
    window = start(qtbot, welcome)
    [dialog] = welcome
    fill(qtbot, dialog, "Harbour Street Counselling", "Dr Imani Rhodes", *pins)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors["pin"].text() == message
    assert not settings_path().exists()
    assert window.practice.settings.lock_pin_hash == ""


def test_a_name_too_long_is_refused_in_plain_words(qtbot, welcome) -> None:
    start(qtbot, welcome)
    [dialog] = welcome
    fill(qtbot, dialog, "P" * 201, "Dr Imani Rhodes")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors["practice"].text() == "Use at most 200 characters."


def test_ask_me_next_time_saves_nothing_and_the_next_start_asks_again(qtbot, welcome) -> None:
    first = start(qtbot, welcome)
    welcome[0].later_button.click()
    assert not settings_path().exists()
    assert first.practice.clinician == "Clinician"
    close(first)
    start(qtbot, welcome)
    assert len(welcome) == 2


def test_a_later_start_does_not_ask(qtbot, welcome) -> None:
    first = start(qtbot, welcome)
    fill(qtbot, welcome[0], "Harbour Street Counselling", "Dr Imani Rhodes")
    welcome[0].save_button.click()
    close(first)
    again = start(qtbot)
    qtbot.waitExposed(again)
    qtbot.wait(300)  # well past the first paint, after which a first start asks
    assert len(welcome) == 1
    assert again.practice.settings.clinician_name == "Dr Imani Rhodes"


def close(window) -> None:
    window.close()
    window.practice.database.engine.dispose()
