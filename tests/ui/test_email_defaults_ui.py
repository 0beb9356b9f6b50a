"""Email starts safe: the client version to both partners, protected by a passphrase shown
to read out, which never travels in the email; the clinician version never reaches a
client. Drafts for the mail app: test_drafts_ui.py."""

from __future__ import annotations

import io
import stat
import sys
from email import message_from_bytes, policy
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from ui_driver import add_client, example, open_results, record_answers

from therapist_desk.models import AuditAction
from therapist_desk.sharing.passphrase import word_list
from therapist_desk.store.audit import list_events
from therapist_desk.store.session import new_session
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.widgets.dialogs import Dialogs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sharing"))
from smtp_server import PASSWORD, USER, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

ZOE, DAN = "zoe.lefevre@clients.example.org", "dan.brooks@clients.example.org"


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


def complete_couple(window, qtbot, monkeypatch, emails=(ZOE, DAN)) -> None:
    """A couple with these addresses, through a completed intake to its results."""
    data = example("concurrent.json")
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name"), "email": email}
        for p, email in zip(data["participants"], emails, strict=True)
    ]
    add_client(window, qtbot, monkeypatch, people)
    window.rooms.actions.start_intake.trigger()
    record_answers(window, qtbot, data)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.actions.finish_intake.trigger()
    open_results(window, qtbot)


def set_mail(window, port: int) -> None:
    s = window.practice.settings
    s.smtp_host, s.smtp_port, s.smtp_security = "127.0.0.1", port, "none"
    s.smtp_user, s.sender_address = USER, USER
    s.practice_name, s.clinician_name = "Calm Rooms", "Dr Rivera"


def open_email(window):
    window.rooms.actions.email_summary.trigger()
    dialog = window.rooms.sharing.email.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def seen_text(dialog) -> str:
    """Every label a person can see in the dialog."""
    return " ".join(
        label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)
    )


def asked(monkeypatch, answer: bool = True) -> list[str]:
    """Answer every confirmation with ``answer``; the texts asked, in order."""
    texts: list[str] = []
    monkeypatch.setattr(
        Dialogs, "confirm", lambda self, title, text, ok: texts.append(text) or answer
    )
    return texts


def events(window, action: AuditAction) -> list[str]:
    with new_session(window.practice.database.engine) as s:
        return [e.detail or "" for e in list_events(session=s) if e.action == action]


def is_passphrase(text: str) -> bool:
    words = text.split("-")
    return len(words) == 5 and set(words) <= set(word_list())


def test_email_from_a_clinician_preview_offers_the_client_version_to_both(
    window, qtbot, monkeypatch
) -> None:
    complete_couple(window, qtbot, monkeypatch)
    window.rooms.results_page.share_button.click()
    preview = window.rooms.sharing.preview
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30000)
    with qtbot.waitSignal(preview.loaded, timeout=30000):
        preview.variant.setCurrentIndex(preview.variant.findData("clinician"))
    assert preview.current_variant == "clinician"
    assert preview.close_button.isDefault()  # Enter on the pages closes; nothing is sent
    preview.email_button.click()

    dialog = window.rooms.sharing.email.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.document.currentText() == "Client version, for Zoë and Dan"
    assert dialog.document.currentData() == "client"
    assert dialog.to.text() == f"{ZOE}, {DAN}"
    assert "Safe for the clients" in seen_text(dialog)
    assert dialog.protect.isChecked()
    shown = dialog.pdf_password.text()
    assert is_passphrase(shown) and dialog.pdf_password.isVisible()
    assert dialog.pdf_password.echoMode() == dialog.pdf_password.EchoMode.Normal
    assert "Read the password out now" in seen_text(dialog)
    assert dialog.cancel_button.isDefault() and not dialog.send_button.isDefault()
    dialog.send_button.ensurePolished()
    assert dialog.send_button.font().weight() == QFont.Weight.Normal  # not drawn as the default

    dialog.copy_button.click()
    assert QApplication.clipboard().text() == shown
    dialog.another_button.click()
    assert is_passphrase(dialog.pdf_password.text()) and dialog.pdf_password.text() != shown


def test_a_partner_without_an_address_is_named_in_the_dialog(window, qtbot, monkeypatch) -> None:
    complete_couple(window, qtbot, monkeypatch, emails=(ZOE, None))
    dialog = open_email(window)
    assert dialog.to.text() == ZOE
    assert "No email address on file for Dan." in seen_text(dialog)


def test_an_address_the_partners_share_is_not_filled_in_for_a_personal_summary(
    window, qtbot, monkeypatch
) -> None:
    home = "home@lefevre-brooks.example.org"
    complete_couple(window, qtbot, monkeypatch, emails=(home, home))
    dialog = open_email(window)
    assert dialog.to.text() == home  # the client version: for them both
    dialog.document.setCurrentIndex(dialog.document.findData("personal-p1"))
    assert dialog.to.text() == ""
    assert (
        "The address on file for Zoë is not filled in: someone this summary is not for "
        "reads it too. Type an address only Zoë reads, or save or print the summary instead."
    ) in seen_text(dialog)
    qtbot.keyClicks(dialog.to, home)
    dialog.send_button.click()
    assert dialog.error.isVisible()
    assert f"{home} is shared by Zoë and Dan." in dialog.error.text()
    assert events(window, AuditAction.EMAILED) == []


def test_the_passphrase_is_in_neither_the_sent_email_nor_the_draft(
    window, qtbot, monkeypatch
) -> None:
    complete_couple(window, qtbot, monkeypatch)
    warnings = asked(monkeypatch)
    with smtp_server() as (port, inbox):
        set_mail(window, port)
        dialog = open_email(window)
        secret = dialog.pdf_password.text()
        qtbot.keyClicks(dialog.smtp_password, PASSWORD)
        dialog.send_button.click()
        said = f"The summary was emailed to {ZOE}, {DAN}."
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=30000)
    assert warnings == []  # the safe default needs no "send anyway"
    [message] = inbox.messages
    [(_, recipients)] = inbox.envelopes
    assert sorted(recipients) == sorted([ZOE, DAN])
    assert message["To"] == f"{ZOE}, {DAN}"
    raw = message.as_bytes().decode("ascii", "replace")
    for form in (secret, secret.replace("-", " "), secret.replace("-", "")):
        assert form not in raw  # not in the subject, the body or any header
    [attachment] = list(message.iter_attachments())
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    assert reader.is_encrypted and reader.decrypt(secret)
    assert events(window, AuditAction.EMAILED) == [
        "client summary PDF (password-protected) emailed to clients.example.org"
    ]

    opened: list[Path] = []
    monkeypatch.setattr(Dialogs, "open_file", lambda self, path: opened.append(path) or True)
    dialog = open_email(window)
    secret = dialog.pdf_password.text()
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: opened != [], timeout=30000)
    draft = opened[0]
    assert draft.parent == window.practice.folder / "drafts"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700
    text = draft.read_text(encoding="ascii", errors="replace")
    for form in (secret, secret.replace("-", " "), secret.replace("-", "")):
        assert form not in text
    parsed = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert parsed["To"] == f"{ZOE}, {DAN}"
    [attachment] = list(parsed.iter_attachments())
    assert PdfReader(io.BytesIO(attachment.get_content())).decrypt(secret)
    assert "removed when Therapist Desk closes" in window.statusBar().currentMessage()


def test_a_passphrase_typed_into_the_message_is_refused(window, qtbot, monkeypatch) -> None:
    complete_couple(window, qtbot, monkeypatch)
    set_mail(window, 9)
    dialog = open_email(window)
    secret = dialog.pdf_password.text()
    dialog.body.setPlainText(f"Hello. The password is {secret.replace('-', ' ')}.")
    dialog.send_button.click()
    assert dialog.error.isVisible()
    assert "contains the PDF's password" in dialog.error.text()
    assert dialog.isVisible() and events(window, AuditAction.EMAILED) == []


@pytest.mark.parametrize("typed", [DAN, f"  {ZOE.upper()} ", f"colleague@example.org, {DAN}"])
def test_a_clients_address_is_refused_for_the_clinician_version(
    window, qtbot, monkeypatch, typed: str
) -> None:
    complete_couple(window, qtbot, monkeypatch)
    warnings = asked(monkeypatch)  # no mail server set yet: the address is refused first
    dialog = open_email(window)
    dialog.document.setCurrentIndex(dialog.document.findData("clinician"))
    assert dialog.to.text() == ""  # never prefilled with a client's address
    assert dialog.to.placeholderText() == "A colleague's address (never a client's)"
    assert "never to a client" in seen_text(dialog)
    qtbot.keyClicks(dialog.to, typed)
    dialog.send_button.click()
    assert dialog.error.isVisible()
    said = dialog.error.text()
    assert "is a client's address" in said and "never emailed to a client" in said
    dialog.draft_button.click()
    assert "is a client's address" in dialog.error.text()
    assert warnings == [] and dialog.isVisible()
    assert events(window, AuditAction.EMAILED) == []
    assert not (window.practice.folder / "drafts").exists()


def test_each_document_keeps_its_own_recipients(window, qtbot, monkeypatch) -> None:
    complete_couple(window, qtbot, monkeypatch)
    dialog = open_email(window)
    qtbot.keyClicks(dialog.to, ", ana@example.org")
    dialog.document.setCurrentIndex(dialog.document.findData("clinician"))
    qtbot.keyClicks(dialog.to, "colleague@example.org")
    dialog.document.setCurrentIndex(dialog.document.findData("client"))
    assert dialog.to.text() == f"{ZOE}, {DAN}, ana@example.org"
    dialog.document.setCurrentIndex(dialog.document.findData("clinician"))
    assert dialog.to.text() == "colleague@example.org"


def test_turning_protection_off_is_named_in_the_warning(window, qtbot, monkeypatch) -> None:
    complete_couple(window, qtbot, monkeypatch)
    warnings = asked(monkeypatch, answer=False)
    set_mail(window, 9)
    dialog = open_email(window)
    dialog.protect.setChecked(False)
    assert not dialog.pdf_password.isEnabled()
    assert "You turned protection off" in seen_text(dialog)
    dialog.send_button.click()
    assert warnings == [
        "You turned password protection off: anyone who sees the email can open the PDF."
    ]
    assert dialog.isVisible() and events(window, AuditAction.EMAILED) == []


def press_enter_on_next_box(qtbot) -> list[tuple[str, str]]:
    """Press Enter on the next message box once it shows; its (title, text), once pressed."""
    seen: list[tuple[str, str]] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(20, poll)
            return
        seen.append((box.windowTitle(), box.text()))
        qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)

    QTimer.singleShot(0, poll)
    return seen


def test_enter_on_the_send_warning_cancels(window, qtbot, monkeypatch) -> None:
    complete_couple(window, qtbot, monkeypatch)
    with smtp_server() as (port, inbox):
        set_mail(window, port)
        dialog = open_email(window)
        dialog.document.setCurrentIndex(dialog.document.findData("clinician"))
        qtbot.keyClicks(dialog.to, "colleague@example.org")
        qtbot.keyClicks(dialog.smtp_password, PASSWORD)
        seen = press_enter_on_next_box(qtbot)
        dialog.send_button.click()  # the real warning opens; Enter answers it
        [(title, text)] = seen
        assert title == "Send this summary?" and "clinician version" in text
        assert dialog.isVisible() and not dialog.progress.isVisible()
        qtbot.wait(200)
    assert inbox.messages == [] and events(window, AuditAction.EMAILED) == []


def test_enter_in_the_email_cancels_and_asks_before_losing_what_was_typed(
    window, qtbot, monkeypatch
) -> None:
    complete_couple(window, qtbot, monkeypatch)
    set_mail(window, 9)
    dialog = open_email(window)
    qtbot.keyClicks(dialog.body, " A line typed by hand.")
    seen = press_enter_on_next_box(qtbot)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Return)  # Enter means Cancel…
    assert seen == [("Discard this email?", "What you typed in this email will be lost.")]
    # …which asks first, and Enter there keeps the email
    assert dialog.isVisible() and "A line typed by hand." in dialog.body.toPlainText()

    fresh = open_email(window)
    qtbot.keyClick(fresh.subject, Qt.Key.Key_Return)  # nothing typed: it just closes
    assert not fresh.isVisible()
    assert events(window, AuditAction.EMAILED) == []
