"""An intake opened again goes on where it stopped, and never shows a partner's own part
to whoever holds the device: it stops at the step before it, the handover to them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from ui_driver import add_client, answer_page, pass_consent, press, press_option

from therapist_desk import app as app_module
from therapist_desk.intake.audience import Audience
from therapist_desk.settings import hash_pin
from therapist_desk.ui.intake.consent_page import ConsentPage
from therapist_desk.ui.intake.wizard import IntakeWizard

COUPLE = [{"name": "Noor Example"}, {"name": "Sam Sample"}]
PIN = "482913"


def own_page(wizard: IntakeWizard, section_id: str, position: int) -> int:
    return next(
        i
        for i, s in enumerate(wizard.steps)
        if s.section is not None and s.section.id == section_id and s.position == position
    )


def shown_words(window) -> str:
    return " ".join(q.text() for q in window.findChildren(QLabel) if q.isVisibleTo(window))


def enter_on_focus(qtbot) -> None:
    """Enter, where the keyboard is (what a person presses)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    press(qtbot, focused)


def reopen(window, qtbot, client_id: int, *, pin: str = ""):
    """Close the app (Alt+F4), start it again (unlock it with ``pin`` if it opens
    locked) and press Ctrl+I on the client."""
    window.close()
    window.practice.database.engine.dispose()
    again = app_module.start(None)
    qtbot.addWidget(again)
    if pin:
        qtbot.waitUntil(lambda: again.rooms.screen_lock.locked)
        assert again.rooms.screen_lock.try_unlock(pin)
    again.rooms.clients_page.select_client(client_id)
    again.rooms.actions.start_intake.trigger()
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return again


def test_a_stop_in_a_partners_own_part_resumes_at_the_handover_to_them(
    window, qtbot, monkeypatch
) -> None:
    client_id = add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    pass_consent(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Sam alone
    enter_on_focus(qtbot)  # "Sam Sample is alone: continue"
    wizard.go_to(own_page(wizard, "pcptsd5", 2))
    questions = wizard.page.visible_questions()
    for question in questions[:3]:  # the gate, items 1 and 2
        press_option(qtbot, question, question.values[0])

    again = reopen(window, qtbot, client_id)
    resumed = again.rooms.intake.wizard
    assert again.audience.audience == Audience.clients()
    assert resumed.page is None  # nothing of Sam's own part for whoever holds the device
    assert resumed.panel.title.text() == "Next: Sam Sample's own part"
    assert "PC-PTSD" not in shown_words(again) and "Yes" not in shown_words(again)
    assert QApplication.focusWidget().text() == "Switch to Sam Sample alone"
    resumed.section_list.setFocus()  # the keyboard passing through the list opens nothing
    assert resumed.page is None
    resumed.refocus()
    enter_on_focus(qtbot)  # Switch to Sam Sample alone
    assert again.audience.audience == Audience.alone("p2")
    enter_on_focus(qtbot)  # Sam Sample is alone: continue
    assert resumed.step.key == "pcptsd5@2"
    assert resumed.page.current_question().item.id == "pcptsd5.3"  # exactly there


def test_back_together_continue_goes_on_from_the_point_reached(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    pass_consent(window, qtbot)
    joint = [i for i, s in enumerate(wizard.steps) if s.items and s.seen_by(Audience.clients())]
    for index in joint:  # every joint question answered, by keys
        wizard.go_to(index)
        given = {q.item.id: q.values[0] for q in wizard.page.visible_questions() if q.values}
        answer_page(qtbot, wizard, {wizard.step.position: given})
    window.audience.set(Audience.alone("p2"))
    enter_on_focus(qtbot)
    assert wizard.step.alone and wizard.step.owner == "p2"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # back together
    go_on = next(b for b in wizard.panel.buttons if b.text().startswith("Continue"))
    go_on.click()
    assert not isinstance(wizard.page, ConsentPage)  # never back to the first page
    assert wizard.page is None and wizard.panel.title.text() == "The end of the joint part"


def test_a_part_handed_over_again_goes_on_where_it_stopped(window, qtbot, monkeypatch) -> None:
    window.practice.settings.lock_pin_hash = hash_pin(PIN)
    client_id = add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.actions.start_intake.trigger()
    pass_consent(window, qtbot)
    window.rooms.start_handover("p1")
    handover = window.rooms.handover
    handover.next()  # Noor is on her second page when the app stops
    reached = handover.steps[handover.index]
    handover.ending = True  # as if the process were killed
    handover.close()

    again = reopen(window, qtbot, client_id, pin=PIN)  # it opens locked after a handover
    resumed = again.rooms.intake.wizard
    assert resumed.panel.title.text() == "Next: Noor Example's own part"
    hand = next(b for b in resumed.panel.buttons if b.text().startswith("Hand the device"))
    hand.click()
    assert again.rooms.handover.steps[again.rooms.handover.index] == reached
    handover = again.rooms.handover  # the handover window is a window of its own: closed
    handover.ending = True
    handover.close()
