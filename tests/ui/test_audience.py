"""Who is looking decides what the window shows: a couple intake through every audience.

While one partner is alone, nothing of the other partner's own part can be reached by
any way the window offers; after finishing, nothing of the results shows until the
clinician alone asks for it; the handover cannot be left without the PIN.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from ui_driver import add_client, answer_page, example, pass_consent, press

from therapist_desk import app as app_module
from therapist_desk.intake.audience import Audience
from therapist_desk.settings import hash_pin
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.security.autolock import LockCover

PIN = "482913"
COUPLE = example("safety-violence.json")  # Sam (the first) discloses violence, alone


def people(data: dict) -> list[dict]:
    return [
        {"name": p["name"], "preferred_name": p.get("preferred_name")} for p in data["participants"]
    ]


def visible_text(window: QWidget) -> str:
    """Every label a person can see in the window."""
    return " ".join(
        label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)
    )


@pytest.fixture
def intake(window, qtbot, monkeypatch):
    """A couple's intake open in the wizard, the lock PIN set; (window, wizard)."""
    window.practice.settings.lock_pin_hash = hash_pin(PIN)
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    pass_consent(window, qtbot)  # both agree on the first page: the private parts may begin
    return window, wizard


def others_part(wizard: IntakeWizard, position: int) -> list[int]:
    """The pages of ``position``'s own part (asked alone)."""
    return [i for i, s in enumerate(wizard.steps) if s.alone and s.position == position]


def try_every_way_in(window, wizard: IntakeWizard, qtbot, targets: list[int]) -> None:
    """Every way the window offers to reach a page: none may land on ``targets``."""
    for row in targets:
        wizard.section_list.setCurrentRow(row)  # a click in the list
        assert wizard.index not in targets or wizard.page is None
        wizard.go_to(row)  # any code path that asks for the page
        assert wizard.page is None or wizard.index not in targets
    for _ in range(len(wizard.steps)):  # Alt+Right to the end, then Alt+Left to the start
        qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        assert wizard.page is None or wizard.index not in targets
    for _ in range(len(wizard.steps)):
        qtbot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        assert wizard.page is None or wizard.index not in targets
    for button in wizard.switch_buttons.values():
        if button.isVisible():
            button.click()
            assert wizard.page is None or wizard.index not in targets
    a = window.rooms.actions
    for action in (a.find, a.new_client, a.edit_client, a.export_data, a.settings, a.erase_client):
        assert not action.isEnabled(), action.text()  # no way to the client page or search
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is wizard


def test_the_audience_is_named_in_the_window_and_starts_with_both_partners(intake) -> None:
    window, wizard = intake
    bar = window.rooms.audience_bar
    assert bar.name.text() == "Both partners"
    assert bar.isVisible()
    assert [b.text() for b in bar.switches] == [
        "Clinician only",
        "Both partners",
        "Sam Okafor alone",
        "Alex Moreau alone",
    ]
    assert all(
        not s.alone and not s.for_clinician for i, s in enumerate(wizard.steps) if wizard.visible(i)
    )


def test_while_one_partner_is_alone_nothing_of_the_others_part_can_be_reached(
    intake, qtbot
) -> None:
    window, wizard = intake
    first, second = sorted(wizard.people)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Sam alone
    assert window.audience.audience == Audience.alone(f"p{first}")
    assert wizard.page is None and wizard.panel is not None  # the handover page first
    assert "Questions for Sam Okafor alone" in wizard.panel.title.text()
    press(qtbot, wizard.panel.buttons[0])
    assert wizard.step.alone and wizard.step.position == first
    try_every_way_in(window, wizard, qtbot, others_part(wizard, second))
    clinician_pages = [i for i, s in enumerate(wizard.steps) if s.for_clinician]
    try_every_way_in(window, wizard, qtbot, clinician_pages)
    hidden = [wizard.section_list.item(r).isHidden() for r in others_part(wizard, second)]
    assert all(hidden)


def test_both_partners_reach_neither_partners_own_part(intake, qtbot) -> None:
    window, wizard = intake
    first, second = sorted(wizard.people)
    try_every_way_in(
        window, wizard, qtbot, others_part(wizard, first) + others_part(wizard, second)
    )


def test_switching_partners_passes_through_a_page_without_answers(intake, qtbot) -> None:
    window, wizard = intake
    window.audience.set(Audience.alone("p1"))
    wizard.next()  # "Sam Okafor is alone: continue"
    by_position = {1: COUPLE["participants"][0]["answers"], 2: {}, None: {}}
    answer_page(qtbot, wizard, by_position)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Alex alone
    assert wizard.page is None
    shown = visible_text(window)
    assert "Questions for Alex Moreau alone" in shown
    for answer_word in ("Several days", "Not at all", "afraid", "hurt you"):
        assert answer_word not in wizard.panel.text.text()


def test_after_finishing_no_result_shows_until_the_clinician_alone_asks(
    window, qtbot, monkeypatch
) -> None:
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    window.rooms.actions.start_intake.trigger()
    from ui_driver import answer_intake

    answer_intake(window, qtbot, COUPLE)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.intake.wizard.request_finish()
    ready = window.rooms.ready_page
    qtbot.waitUntil(
        lambda: window.stack.currentWidget() is ready and ready.clients_button.isEnabled(),
        timeout=30_000,
    )
    shown = visible_text(window)
    for secret in ("Safety", "violence", "Individual therapy first", "domestic", "WAST"):
        assert secret not in shown, secret
    ready.clients_button.click()  # the summary both partners may read
    page = window.rooms.results_page
    assert window.stack.currentWidget() is page
    shown = visible_text(window)
    assert page.safety_box is None and "Safety" not in shown and "violence" not in shown
    assert not page.decide_button.isVisible() and not page.share_button.isVisible()
    window.activateWindow()  # the switches are window shortcuts: the window must be active
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert page.safety_box is not None and page.safety_box.isVisible()
    assert "domestic-abuse" in visible_text(window)


def test_the_risk_marker_counts_without_words_and_opens_only_for_the_clinician(
    intake, qtbot, monkeypatch
) -> None:
    window, wizard = intake
    bar = window.rooms.audience_bar
    assert not bar.risk.isVisible()
    window.audience.set(Audience.alone("p1"))
    wizard.next()
    safety = next(
        i
        for i, s in enumerate(wizard.steps)
        if s.alone and s.position == 1 and s.section and s.section.id == "safety"
    )
    wizard.go_to(safety)
    question = next(q for q in wizard.page.questions if q.item.id == "safety.violence")
    qtbot.keyClick(question.buttons[0], Qt.Key.Key_1)  # yes
    assert bar.risk.isVisible() and bar.risk.text() == "⚑ 1"
    assert not any(c.isalpha() for c in bar.risk.text())
    opened: list[str] = []
    monkeypatch.setattr(
        type(window.dialogs), "run_dialog", lambda self, d: opened.append(d.crisis.text())
    )
    bar.risk.click()
    assert opened == []  # Sam is looking: it does not open
    for others in (Audience.clients(), Audience.alone("p2")):
        window.audience.set(others)  # they were out of the room: the marker does not move
        assert not bar.risk.isVisible(), others
    window.audience.set(Audience.alone("p1"))
    assert bar.risk.text() == "⚑ 1"
    window.practice.settings.crisis_text = "Synthetic crisis line 0000 000 000"
    window.audience.set(Audience.clinician())
    bar.risk.click()
    assert opened == ["Synthetic crisis line 0000 000 000"]


def test_the_handover_shows_only_that_partners_questions_and_only_the_pin_leaves(
    intake, qtbot
) -> None:
    window, _ = intake
    window.rooms.start_handover("p1")
    handover = window.rooms.handover
    assert handover is not None and handover.isVisible() and not window.isVisible()
    assert all(s.alone and s.position == 1 for s in handover.steps)
    assert not any(s.is_alone_page for s in handover.steps)  # the clinician's cue stays out
    assert "never appear in anything your partner is shown" in handover.reassure.text()
    assert window.practice.settings.handover_active  # a kill now starts the app locked
    assert not handover.stays.isVisible()
    qtbot.keyClick(handover, Qt.Key.Key_Escape)
    handover.close()
    assert handover.isVisible()  # neither Escape nor closing leaves it…
    assert handover.stays.isVisible()  # …and it says it stays open until the clinician
    assert handover.stays.text() == "This stays open until your therapist takes the device back."
    handover.show_step(len(handover.steps))
    assert handover.at_end and "Please hand the device back" in handover.thanks.text()
    handover.hand_back.setFocus()
    press(qtbot, handover.hand_back)  # Enter presses the focused button
    lock = window.rooms.screen_lock
    assert lock.locked and handover.isVisible()
    for _ in range(5):
        assert not lock.try_unlock("000000")
    assert lock.locked and handover.isVisible()  # five wrong tries: it waits
    lock._pause.stop()  # the 30 s back-off, skipped
    lock._end_pause()
    assert lock.try_unlock(PIN)
    assert window.rooms.handover is None and window.isVisible()
    assert window.audience.is_clinician
    assert not window.practice.settings.handover_active


def test_the_clinician_takes_the_device_back_early_by_keyboard(intake, qtbot) -> None:
    window, _ = intake
    window.rooms.start_handover("p1")
    handover = window.rooms.handover
    assert handover is not None and not handover.at_end
    assert handover.end_button.text() == "Therapist: take the device back (Ctrl+L)"
    assert handover.end_button.focusPolicy() == Qt.FocusPolicy.NoFocus  # not in Tab order
    handover.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is handover, timeout=5000)
    focused = QApplication.focusWidget()
    assert focused is not None and handover.isAncestorOf(focused)  # on the partner's page
    qtbot.keyClick(focused, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.rooms.screen_lock
    assert lock.locked and handover.isVisible()  # the PIN first, as with the button
    assert not lock.try_unlock("000000")
    cover = handover.findChild(LockCover)
    assert cover is not None and cover.error.text() == "That is not the PIN. Try again."
    qtbot.waitUntil(lambda: cover.error.height() > 0, timeout=5000)
    # In the handover's large text the message takes two lines, and both are shown.
    assert cover.error.height() >= cover.error.heightForWidth(cover.error.width())
    assert cover.error.heightForWidth(cover.error.width()) > cover.error.fontMetrics().height()
    assert lock.try_unlock(PIN)
    assert window.rooms.handover is None and window.isVisible()
    assert window.audience.is_clinician


def test_a_start_after_a_kill_during_a_handover_opens_locked_as_the_clinician(
    intake, qtbot
) -> None:
    window, _ = intake
    window.rooms.start_handover("p2")
    assert window.practice.settings.handover_active
    window.rooms.handover.ending = True  # as if the process were killed: no hand-back
    window.rooms.handover.close()
    window.close()
    window.practice.close()
    again = app_module.start(None)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.rooms.screen_lock.locked, timeout=5_000)
    assert again.audience.is_clinician
    assert again.rooms.screen_lock.try_unlock(PIN)
    assert not again.practice.settings.handover_active


def test_a_shortcut_does_not_switch_the_audience_behind_a_dialog(intake, qtbot) -> None:
    from PySide6.QtWidgets import QDialog

    window, _ = intake
    dialog = QDialog(window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2_000)
    qtbot.keyClick(dialog, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.audience.audience == Audience.clients()
    dialog.close()


def test_the_finish_question_lists_only_what_the_audience_may_see(
    intake, qtbot, monkeypatch
) -> None:
    """Nothing of Alex's own part is answered yet: only the clinician is told so."""
    window, wizard = intake
    asked: list[tuple[list[str], bool]] = []
    monkeypatch.setattr(
        IntakeWizard,
        "confirm_gaps",
        classmethod(lambda cls, p, gaps, hidden=False: asked.append((gaps, hidden)) or False),
    )
    for audience in (Audience.clients(), Audience.alone("p1")):
        window.audience.set(audience)
        wizard.finish_button.click()
        gaps, hidden = asked.pop()
        own = ("Private", "WAST-SF", "AUDIT-C", "PC-PTSD-5")
        assert hidden and not [g for g in gaps if "Alex Moreau" in g and g.startswith(own)]
    window.audience.set(Audience.clinician())
    wizard.finish_button.click()
    gaps, hidden = asked.pop()
    assert not hidden and [g for g in gaps if "Alex Moreau" in g and "WAST-SF" in g]


def test_a_page_key_on_the_last_page_asks_before_finishing(intake, qtbot, monkeypatch) -> None:
    window, wizard = intake
    asked: list[int] = []
    monkeypatch.setattr(
        IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: asked.append(1) or False)
    )
    window.audience.set(Audience.clinician())
    wizard.go_to(len(wizard.steps) - 1)
    finished: list[bool] = []
    wizard.finish_requested.connect(lambda: finished.append(True))
    qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert asked == [1] and not finished  # asked, and "Keep answering" kept it open
    assert wizard.page is not None and wizard.index == len(wizard.steps) - 1


def test_the_end_of_a_part_names_what_is_open_and_back_returns_to_it(intake, qtbot) -> None:
    window, wizard = intake
    window.audience.set(Audience.alone("p2"))
    wizard.next()  # "Alex Moreau is alone: continue"
    own = [i for i in others_part(wizard, 2) if wizard.steps[i].items]
    wizard.go_to(own[-1])
    qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    panel = wizard.panel
    assert panel is not None and "questions here are not answered" in panel.text.text()
    assert "Sam Okafor" not in panel.text.text()  # only Alex's own part is named
    assert wizard.back_button.isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.page is not None and wizard.index == own[-1]
    qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    wizard.next()  # the first choice: back to the unanswered questions
    assert wizard.page is not None and wizard.steps[wizard.index].owner == "p2"
    assert wizard.index == next(i for i in own if wizard.steps[i].items)


def test_every_audience_and_handover_is_in_the_intake_menu(intake, qtbot) -> None:
    window, _ = intake
    menu = window.rooms.actions.room
    menu.aboutToShow.emit()
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert entries[:4] == [
        "Clinician only\tCtrl+1",
        "Both partners\tCtrl+2",
        "Sam Okafor alone\tCtrl+3",
        "Alex Moreau alone\tCtrl+4",
    ]
    # The handover opens no dialog: no "…" on it, in the menu, on the bar or on the page.
    assert "Hand the device to Alex Moreau" in entries
    bar = [b.text() for b in window.rooms.audience_bar.handovers]
    assert bar == ["Hand to Sam Okafor", "Hand to Alex Moreau"]
    window.rooms.intake.wizard.show_handover(done=True)
    page = [b.text() for b in window.rooms.intake.wizard.panel.buttons]
    assert "Hand the device to Alex Moreau" in page
    next(a for a in menu.actions() if a.text().startswith("Alex Moreau alone")).trigger()
    assert window.audience.audience == Audience.alone("p2")


def test_the_results_ready_page_starts_on_the_partners_summary(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    window.rooms.actions.start_intake.trigger()
    from ui_driver import answer_intake

    answer_intake(window, qtbot, COUPLE)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.audience.set(Audience.clients())
    window.rooms.intake.wizard.request_finish()
    ready = window.rooms.ready_page
    qtbot.waitUntil(
        lambda: window.stack.currentWidget() is ready and ready.clients_button.isEnabled(),
        timeout=30_000,
    )
    window.activateWindow()  # a busy machine may leave the window inactive after dialogs
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is ready.clients_button
    assert not ready.clinician_button.isDefault()
    press(qtbot, ready.clients_button)  # a stray Enter
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.rooms.results_page)
    assert window.audience.audience == Audience.clients()
    assert "violence" not in visible_text(window) and "Safety" not in visible_text(window)


def imported_results(window, name: str = "concurrent.json") -> int:
    """A couple's completed intake, imported, with its results open for the clinician."""
    from ui_driver import EXAMPLES

    from therapist_desk.intake import parse_answers_file, recommend
    from therapist_desk.store.importing import import_intake

    catalogue = window.practice.catalogue
    parsed = parse_answers_file(EXAMPLES / name, catalogue)
    answers = parsed.to_intake(catalogue)
    intake_id = import_intake(
        engine=window.practice.database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(catalogue, answers),
    )
    window.rooms.intake.open_intake(intake_id)
    assert window.stack.currentWidget() is window.rooms.results_page
    return intake_id


def test_one_partners_own_summary_shows_only_after_a_page_that_waits_for_them(
    window, qtbot
) -> None:
    imported_results(window)
    rooms, names = window.rooms, window.audience.names
    window.audience.set(Audience.alone("p2"))
    assert window.stack.currentWidget() is rooms.ready_page
    shown = visible_text(window)
    assert f"For {names['p2']} alone" in shown and "PHQ-9" not in shown
    assert QApplication.focusWidget() in (rooms.ready_page.partner_button, None)
    press(qtbot, rooms.ready_page.partner_button)
    assert window.stack.currentWidget() is rooms.results_page
    assert "PHQ-9" in visible_text(window)  # p2's own scores, in p2's personal summary
    window.audience.set(Audience.alone("p1"))  # straight from one partner to the other
    assert window.stack.currentWidget() is rooms.ready_page
    shown = visible_text(window)
    assert f"For {names['p1']} alone" in shown and "PHQ-9" not in shown
    window.audience.set(Audience.clinician())
    assert window.stack.currentWidget() is rooms.results_page
    assert rooms.results_page.verticalScrollBar().value() == 0


def test_starting_the_open_intake_again_keeps_its_page_and_audience(intake, qtbot) -> None:
    window, wizard = intake
    window.audience.set(Audience.clinician())
    window.rooms.actions.observations.trigger()  # Intake › Clinician's observations
    at = wizard.index
    assert wizard.step.for_clinician
    window.rooms.actions.start_intake.trigger()  # a second Ctrl+I mid-session
    assert window.rooms.intake.wizard is wizard and wizard.index == at
    assert window.audience.is_clinician
    window.audience.set(Audience.clients())
    assert not window.rooms.actions.observations.isEnabled()
