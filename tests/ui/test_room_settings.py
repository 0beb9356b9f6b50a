"""Settings › The room: what the practice asks alone, and its own crisis text."""

from __future__ import annotations

from ui_driver import add_client

from therapist_desk.ui.widgets.dialogs import Dialogs


def test_the_practice_can_ask_phq9_alone_but_never_the_private_questions_with_both(
    window, qtbot, monkeypatch
) -> None:
    def choose(self, dialog) -> bool:
        room = dialog.room
        assert not room.boxes["safety"].isEnabled() and room.boxes["safety"].isChecked()
        assert not room.boxes["clinician"].isEnabled()
        assert room.boxes["pcptsd5"].isChecked()  # asked alone as shipped
        room.boxes["phq9"].setChecked(True)
        room.crisis.setPlainText("Synthetic crisis line: 0000 000 000, day and night.")
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", choose)
    window.rooms.actions.settings.trigger()
    settings = window.practice.settings
    assert settings.asked_alone == {"phq9": True}
    assert settings.crisis_text.startswith("Synthetic crisis line")
    assert '"phq9": true' in window.practice.settings_path.read_text(encoding="utf-8")
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    phq9 = [s for s in wizard.steps if s.section and s.section.id == "phq9"]
    assert phq9 and all(s.alone for s in phq9)
    assert not any(wizard.visible(wizard.steps.index(s)) for s in phq9)  # both are present


def test_a_draft_keeps_asking_alone_what_it_was_asking_alone_when_the_practice_changes(
    window, qtbot, monkeypatch
) -> None:
    practice = window.practice
    practice.use_settings(practice.settings.model_copy(update={"asked_alone": {"phq9": True}}))
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    window.rooms.actions.start_intake.trigger()
    intake = window.rooms.intake
    practice.use_settings(practice.settings.model_copy(update={"asked_alone": {}}))
    intake.open_draft(intake.intake_id)  # the draft opened again, as after a restart
    steps = intake.wizard.steps
    phq9 = [s for s in steps if s.section and s.section.id == "phq9"]
    assert phq9 and all(s.alone for s in phq9)  # Ben may have been told it was his alone
    assert not any(intake.wizard.visible(steps.index(s)) for s in phq9)  # both are present
    gad7 = [s for s in steps if s.section and s.section.id == "gad7"]
    assert gad7 and not any(s.alone for s in gad7)
