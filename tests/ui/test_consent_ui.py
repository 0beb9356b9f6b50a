"""The consent page: two partners agree by number key and sign on the pad with the
mouse; both PDFs carry the names, the times and the signatures. The part asked alone
waits for both agreements and says why; a withdrawal stops the intake and keeps what
was answered; an empty pad is refused; Settings › Consent keeps versions."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPlainTextEdit
from ui_driver import add_client, example, open_results, review_consent_text

from therapist_desk.intake.audience import Audience
from therapist_desk.services import consent, intakes, summaries
from therapist_desk.ui.intake.consent_check import ConsentCheck
from therapist_desk.ui.intake.consent_page import ConsentPage
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.settings.controller import SettingsController
from therapist_desk.ui.widgets.dialogs import Dialogs

COUPLE = example("concurrent.json")
REAL_ASK_TO_REVIEW = ConsentCheck.__dict__["ask_to_review"]  # before the autouse fixture
REAL_REVIEW_CONSENT = SettingsController.review_consent


def people(data: dict) -> list[dict]:
    return [{"name": p["name"]} for p in data["participants"]]


def open_consent(window, qtbot, monkeypatch) -> tuple[IntakeWizard, ConsentPage]:
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    review_consent_text(window)
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    assert wizard is not None and isinstance(wizard.page, ConsentPage)
    return wizard, wizard.page


def draw(qtbot, pad, points: list[tuple[int, int]]) -> None:
    """Sign as a person would: press, move through ``points``, release."""
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_two_drawn_signatures_are_in_both_pdfs(window, qtbot, monkeypatch) -> None:
    wizard, page = open_consent(window, qtbot, monkeypatch)
    intake_id = window.rooms.intake.intake_id
    assert all(not p.agreed for p in wizard.consent.people)  # nothing is preselected
    qtbot.keyClick(page, Qt.Key.Key_1)
    qtbot.keyClick(page, Qt.Key.Key_2)
    assert [p.agreed for p in wizard.consent.people] == [True, True]
    assert "✓ Agreed" in page.agreed_labels[1].text()
    for position, wave in ((1, 18), (2, 34)):
        row = page.signatures[position]
        draw(qtbot, row.pad, [(20 + 12 * i, 60 + (wave if i % 2 else -wave)) for i in range(14)])
        assert not row.pad.is_empty()
        row.keep_button.click()
    kept = consent.intake_consent(practice=window.practice, intake_id=intake_id)
    assert all(p.signature_png and len(p.strokes[0]) == 14 for p in kept.people)
    answers = {i + 1: p["answers"] for i, p in enumerate(COUPLE["participants"])}
    answers[None] = COUPLE["relationship"]
    for position, given in answers.items():  # the questions themselves: as tested elsewhere
        for item_id, value in given.items():
            intakes.save_answer(
                practice=window.practice,
                intake_id=intake_id,
                position=position,
                item_id=item_id,
                value=value,
            )
    intakes.complete_intake(practice=window.practice, intake_id=intake_id)
    for variant in ("clinician", "client"):
        pdf = summaries.render_summary(
            practice=window.practice, intake_id=intake_id, variant=variant
        )
        reader = PdfReader(BytesIO(pdf))
        text = " ".join(p.extract_text() for p in reader.pages)
        for person in kept.people:
            assert person.name in text
            assert f"Agreed {person.agreed_at:%Y-%m-%d %H:%M}" in text
        assert sum(len(p.images) for p in reader.pages) >= 2  # the two signatures


def test_the_part_asked_alone_waits_for_both_agreements(window, qtbot, monkeypatch) -> None:
    wizard, page = open_consent(window, qtbot, monkeypatch)
    qtbot.keyClick(page, Qt.Key.Key_1)  # only the first partner agrees
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert wizard.step.position is None  # Enter goes on to the joint part
    window.audience.set(Audience.alone("p1"))
    wizard.next()  # "… is alone: continue"
    assert wizard.page is None and wizard.panel is not None
    assert wizard.panel.title.text() == "Waiting for both partners' agreement"
    second = wizard.people[2]
    assert f"Not agreed yet: {second}" in wizard.panel.text.text()
    assert window.rooms.intake.open_handover("p2") is None  # nor by handing the device over
    window.audience.set(Audience.clients())
    wizard.go_to(0)
    qtbot.keyClick(wizard.page, Qt.Key.Key_2)
    window.audience.set(Audience.alone("p1"))
    wizard.next()
    assert wizard.page is not None and wizard.step.alone and wizard.step.owner == "p1"


def test_one_partner_alone_is_asked_only_for_their_own_agreement(
    window, qtbot, monkeypatch
) -> None:
    wizard, _ = open_consent(window, qtbot, monkeypatch)
    window.audience.set(Audience.alone("p2"))
    wizard.go_to(0)
    page = wizard.page
    assert isinstance(page, ConsentPage)
    assert [p.position for p in page.people] == [2]
    qtbot.keyClick(page, Qt.Key.Key_1)  # the only number shown: this partner's own
    assert [p.agreed for p in wizard.consent.people] == [False, True]


def test_a_withdrawal_stops_asking_and_keeps_what_was_answered(window, qtbot, monkeypatch) -> None:
    wizard, page = open_consent(window, qtbot, monkeypatch)
    intake_id = window.rooms.intake.intake_id
    qtbot.keyClick(page, Qt.Key.Key_1)
    qtbot.keyClick(page, Qt.Key.Key_2)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    first = wizard.page.visible_questions()[0]
    qtbot.keyClick(first.buttons[0], Qt.Key.Key_1)
    wizard.go_to(0)
    monkeypatch.setattr(ConsentPage, "confirm_withdraw", classmethod(lambda cls, p, n: True))
    wizard.page.withdraw_buttons[2].click()
    assert "Withdrew consent" in wizard.page.agreed_labels[2].text()
    qtbot.keyClick(wizard.page, Qt.Key.Key_Return)
    assert wizard.page is None and wizard.panel.title.text() == "Consent withdrawn"
    assert "asks nothing more" in wizard.panel.text.text()
    stored = intakes.intake_session(practice=window.practice, intake_id=intake_id).answers
    assert stored[None] == {first.item.id: first.values[0]}  # kept
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    wizard.panel.buttons[-1].click()  # "Finish the intake…": what was answered is kept
    open_results(window, qtbot)
    shown = " ".join(label.text() for label in window.rooms.results_page.findChildren(QLabel))
    assert f"<b>Consent withdrawn</b> by {wizard.people[2]} on " in shown


def test_an_empty_pad_is_not_kept_as_a_signature(window, qtbot, monkeypatch) -> None:
    wizard, page = open_consent(window, qtbot, monkeypatch)
    row = page.signatures[0]  # the clinician's
    row.keep_button.click()
    assert "signature pad is empty" in row.status.text()
    qtbot.mouseClick(row.pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))  # a tap
    row.keep_button.click()
    assert "signature pad is empty" in row.status.text()
    assert wizard.consent.clinician.signed_at is None


def test_settings_keep_each_change_as_a_new_version(window, qtbot) -> None:
    dialog = window.rooms.settings.dialog()
    box = dialog.consent
    assert box is not None and "Not reviewed yet" in box.status.text()
    box.keep_button.click()
    assert consent.consent_text(practice=window.practice).number == 1
    assert not box.keep_button.isEnabled()  # nothing changed since
    box.policy.setCurrentIndex(box.policy.findText("Secrets kept"))
    box.template_button.click()
    assert box.keep_button.text() == "Keep as version 2"
    box.keep_button.click()
    now = consent.consent_text(practice=window.practice)
    assert now.number == 2 and now.policy.label == "Secrets kept"
    box.seal.setChecked(True)
    dialog.try_accept()
    assert dialog.result_settings is not None and dialog.result_settings.seal_clinician_pdf


def test_tab_leaves_the_consent_words_for_keep_and_every_text_box_of_settings(
    window, qtbot
) -> None:
    dialog = window.rooms.settings.dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.consent
    dialog.tabs.setCurrentWidget(box)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    words = box.text.toPlainText()
    unfocused = box.text.grab().toImage()
    box.text.setFocus()
    qtbot.waitUntil(box.text.hasFocus)
    focused = box.text.grab().toImage()
    middle = focused.height() // 2
    assert focused.pixel(0, middle) != unfocused.pixel(0, middle)  # a visible focus frame
    qtbot.keyClick(box.text, Qt.Key.Key_Tab)
    assert box.text.toPlainText() == words  # no tab character typed into the words
    keep = QApplication.focusWidget()
    assert keep is box.keep_button and keep.text() == "Keep as version 1"
    qtbot.keyClick(keep, Qt.Key.Key_Return)
    assert consent.consent_text(practice=window.practice).number == 1
    for tab in range(dialog.tabs.count()):  # a tab character makes no sense in any of them
        for text_box in dialog.tabs.widget(tab).findChildren(QPlainTextEdit):
            assert text_box.tabChangesFocus(), text_box.accessibleName()
    dialog.reject()


def test_the_consent_page_shows_the_words_kept_in_settings_at_once(
    window, qtbot, monkeypatch
) -> None:
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    window.rooms.actions.start_intake.trigger()  # the template, kept when Start asked
    wizard = window.rooms.intake.wizard
    assert "Limited secrets</b> · Version 1 of" in wizard.page.policy_title.text()
    window.audience.set(Audience.clinician())  # Settings is for the clinician alone

    def keep_other_words(self, dialog) -> bool:
        box = dialog.consent
        box.policy.setCurrentIndex(box.policy.findText("Secrets kept"))
        box.template_button.click()
        box.keep_button.click()  # Keep as version 2, then Save
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", keep_other_words)
    window.rooms.actions.settings.trigger()
    page = wizard.page
    assert isinstance(page, ConsentPage)
    assert "Secrets kept</b> · Version 2 of" in page.policy_title.text()
    qtbot.keyClick(page, Qt.Key.Key_1)  # the first partner agrees to the words shown
    assert wizard.consent.people[0].agreed and wizard.consent.people[0].version == 2


def test_start_on_a_fresh_practice_offers_to_review_the_consent_text_first(
    window, qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(ConsentCheck, "ask_to_review", REAL_ASK_TO_REVIEW)
    monkeypatch.setattr(SettingsController, "review_consent", REAL_REVIEW_CONSENT)
    add_client(window, qtbot, monkeypatch, people(COUPLE))
    asked: list[str] = []

    def answer(choice: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(f"{box.text()} {box.informativeText()}")
        next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    window.rooms.actions.start_intake.trigger()  # Ctrl+I, in clinician only
    assert "has not been reviewed yet" in asked[0]
    assert window.rooms.intake.wizard is None  # no intake reaches a page nobody can answer

    reviewed: list[str] = []

    def in_settings(self, dialog) -> bool:
        assert dialog.tabs.currentWidget() is dialog.consent  # Settings › Consent, right there
        assert dialog.focusWidget() is dialog.consent.text
        reviewed.append(dialog.consent.status.text())
        dialog.consent.keep_button.click()
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", in_settings)
    QTimer.singleShot(0, lambda: answer("Review the consent text…"))
    window.rooms.actions.start_intake.trigger()
    assert reviewed and reviewed[0].startswith("Not reviewed yet")
    wizard = window.rooms.intake.wizard
    assert wizard is not None and isinstance(wizard.page, ConsentPage)
    assert "Version 1 of" in wizard.page.policy_title.text()
    qtbot.keyClick(wizard.page, Qt.Key.Key_1)  # agreed: no "Not saved" box
    assert wizard.consent.people[0].agreed
