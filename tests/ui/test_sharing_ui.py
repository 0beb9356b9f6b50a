"""Preview, print and email the summary from the results page, as a clinician would."""

from __future__ import annotations

import io
import sys
from email import message_from_bytes, policy
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pypdf import PdfReader
from PySide6.QtGui import QFont
from PySide6.QtPrintSupport import QPrinter
from test_results_ui import complete

from therapist_desk.models import AuditAction
from therapist_desk.services import summaries
from therapist_desk.store.audit import list_events
from therapist_desk.store.session import new_session
from therapist_desk.ui.sharing import printing
from therapist_desk.ui.widgets.dialogs import Dialogs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sharing"))
from smtp_server import PASSWORD, USER, free_port, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def text_of(pdf: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.is_encrypted and reader.decrypt(password)
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def events(window, action: AuditAction) -> list[str]:
    with new_session(window.practice.database.engine) as s:
        return [e.detail or "" for e in list_events(session=s) if e.action == action]


@pytest.fixture
def rendered(monkeypatch) -> list[bytes]:
    """Every PDF the app renders, in order."""
    seen: list[bytes] = []
    original = summaries.render_summary

    def keep(**kwargs):
        pdf = original(**kwargs)
        seen.append(pdf)
        return pdf

    monkeypatch.setattr(summaries, "render_summary", keep)
    return seen


@pytest.fixture
def no_keyring(monkeypatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


def preview(window, qtbot):
    page = window.rooms.results_page
    page.share_button.click()
    dialog = window.rooms.sharing.preview
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=30000)
    return dialog


def test_preview_shows_the_page_count_and_switches_version(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    dialog = preview(window, qtbot)
    assert dialog.current_variant == "client"
    room = dialog.screen().availableGeometry()  # Save, Print, Email and Close on screen
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    pages = len(PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert dialog.document.pageCount() == pages
    assert dialog.pages.text() == f"{pages} pages"
    client_text = text_of(dialog.pdf)
    with qtbot.waitSignal(dialog.loaded, timeout=30000):
        dialog.variant.setCurrentIndex(dialog.variant.findData("clinician"))
    assert dialog.current_variant == "clinician"
    assert dialog.pages.text() == f"{len(PdfReader(io.BytesIO(dialog.pdf)).pages)} pages"
    assert text_of(dialog.pdf) != client_text
    before = dialog.view.zoomFactor()
    dialog.zoom_in.click()
    assert dialog.view.zoomFactor() > before


def test_in_the_preview_only_the_button_enter_presses_is_drawn_as_the_main_one(
    window, qtbot, monkeypatch
) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    dialog = preview(window, qtbot)
    buttons = (dialog.save_button, dialog.print_button, dialog.email_button, dialog.close_button)
    for button in buttons:
        button.ensurePolished()
    bold = [b.text() for b in buttons if b.font().weight() > QFont.Weight.Normal]
    default = [b.text() for b in buttons if b.isDefault()]
    assert default == ["Close"]  # Enter closes the preview
    assert "Email…" not in bold  # so Email… does not look like what Enter presses
    assert window.rooms.results_page.share_button.font().weight() > QFont.Weight.Normal  # bold


def test_printing_gives_the_same_pages_as_the_file(window, qtbot, monkeypatch, tmp_path) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    dialog = preview(window, qtbot)
    out = tmp_path / "printed.pdf"

    def pdf_printer(self):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(Dialogs, "ask_printer", pdf_printer)
    dialog.print_button.click()
    expected = len(PdfReader(io.BytesIO(dialog.pdf)).pages)
    said = f"Sent {expected} pages to the printer."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=30000)
    assert len(PdfReader(out).pages) == expected
    assert events(window, AuditAction.PRINTED) == [f"client summary PDF printed, {expected} pages"]


def test_a_print_job_that_stops_says_so_and_nothing_is_recorded(
    window, qtbot, monkeypatch, tmp_path
) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    dialog = preview(window, qtbot)
    killed = [sys.executable, "-c", "import os; os._exit(9)"]
    monkeypatch.setattr(printing, "print_job_command", lambda: killed)

    def pdf_printer(self):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return printer

    monkeypatch.setattr(Dialogs, "ask_printer", pdf_printer)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: window.informed != [], timeout=30000)
    assert window.informed == [("Not printed", printing.STOPPED)]
    assert window.statusBar().currentMessage() == "Not printed."
    assert events(window, AuditAction.PRINTED) == []


def test_ctrl_p_prints_the_default_version(window, qtbot, monkeypatch, tmp_path) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    asked: list[bool] = []
    monkeypatch.setattr(Dialogs, "ask_printer", lambda self: asked.append(True))
    assert window.rooms.actions.print_summary.shortcut().toString() == "Ctrl+P"
    window.rooms.actions.print_summary.trigger()
    qtbot.waitUntil(lambda: asked == [True], timeout=30000)


def set_mail(window, port: int) -> None:
    s = window.practice.settings
    s.smtp_host, s.smtp_port, s.smtp_security = "127.0.0.1", port, "none"
    s.smtp_user, s.sender_address = USER, USER
    s.practice_name, s.clinician_name = "Calm Rooms", "Dr Rivera"


def compose(window, qtbot, monkeypatch, to: str, confirmations: list[str], agree: bool = True):
    monkeypatch.setattr(
        Dialogs, "confirm", lambda self, title, text, ok: confirmations.append(text) or agree
    )
    window.rooms.actions.email_summary.trigger()
    dialog = window.rooms.sharing.email.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.to.clear()
    qtbot.keyClicks(dialog.to, to)
    return dialog


def test_email_reaches_the_server_with_the_same_pdf(
    window, qtbot, monkeypatch, rendered, no_keyring
) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    with smtp_server() as (port, inbox):
        set_mail(window, port)
        said: list[str] = []
        dialog = compose(window, qtbot, monkeypatch, "ana@clients.example.org", said)
        assert dialog.subject.text() == "Your consultation summary — Calm Rooms"
        assert "Dr Rivera" in dialog.body.toPlainText()
        assert dialog.smtp_password.isVisible()  # no keyring: asked each time
        secret = dialog.pdf_password.text()  # protected by default: no warning to accept
        qtbot.keyClicks(dialog.smtp_password, "wrong password")
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30000)
        assert "refused the user name or password" in dialog.error.text()
        assert said == []
        assert dialog.isVisible() and dialog.to.text() == "ana@clients.example.org"
        assert inbox.messages == []
        dialog.smtp_password.clear()
        qtbot.keyClicks(dialog.smtp_password, PASSWORD)
        dialog.send_button.click()
        said_sent = "The summary was emailed to ana@clients.example.org."
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said_sent, timeout=30000)
    assert not dialog.isVisible()
    [message] = inbox.messages
    assert message["To"] == "ana@clients.example.org"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == rendered[-1]
    assert "Relationship therapy first" in text_of(attachment.get_content(), secret)
    emailed = events(window, AuditAction.EMAILED)
    assert emailed == ["client summary PDF (password-protected) emailed to clients.example.org"]


def test_unreachable_server_keeps_everything_typed(window, qtbot, monkeypatch, no_keyring) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    port = free_port()
    set_mail(window, port)
    dialog = compose(window, qtbot, monkeypatch, "ana@example.org", [])
    dialog.body.setPlainText("A note typed by hand.")
    qtbot.keyClicks(dialog.smtp_password, PASSWORD)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30000)
    assert f"Cannot reach the mail server 127.0.0.1:{port}" in dialog.error.text()
    assert dialog.isVisible() and dialog.body.toPlainText() == "A note typed by hand."
    assert dialog.send_button.isEnabled()
    assert events(window, AuditAction.EMAILED) == []


def test_clinician_version_warns_and_a_no_sends_nothing(
    window, qtbot, monkeypatch, rendered, no_keyring
) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    set_mail(window, free_port())
    said: list[str] = []
    dialog = compose(window, qtbot, monkeypatch, "", said, agree=False)
    dialog.document.setCurrentIndex(dialog.document.findData("clinician"))
    qtbot.keyClicks(dialog.to, "colleague@example.org")
    dialog.send_button.click()
    assert "clinician version" in said[0] and "protection off" not in said[0]
    assert rendered == [] and dialog.isVisible()


def test_open_in_mail_app_hands_over_a_protected_eml_draft(
    window, qtbot, monkeypatch, no_keyring
) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    opened: list[Path] = []
    monkeypatch.setattr(Dialogs, "open_file", lambda self, path: opened.append(path) or True)
    dialog = compose(window, qtbot, monkeypatch, "ana@example.org", [])
    dialog.pdf_password.clear()
    qtbot.keyClicks(dialog.pdf_password, "s3cret-pass")  # a password of one's own
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: opened != [], timeout=30000)
    assert opened[0].parent == window.practice.folder / "drafts"
    parsed = message_from_bytes(opened[0].read_bytes(), policy=policy.default)
    assert parsed["X-Unsent"] == "1" and parsed["To"] == "ana@example.org"
    assert "s3cret-pass" not in opened[0].read_text(encoding="ascii", errors="replace")
    [attachment] = list(parsed.iter_attachments())
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    assert reader.is_encrypted and reader.decrypt("s3cret-pass")
    assert events(window, AuditAction.EMAILED) == [
        "client summary PDF (password-protected) drafted in mail app for example.org"
    ]
