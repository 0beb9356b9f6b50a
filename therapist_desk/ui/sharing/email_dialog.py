"""Compose an email with a summary attached: which document, to whom, words, protection.

The dialog starts from safe defaults it is given: the first document (the client
version, addressed to everyone it is for) and a fresh passphrase, shown to be read out.
Each document keeps its own To field, so choosing another never loses what was typed.
Enter means Cancel, and Cancel asks before discarding anything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.services.views import ShareDocument


@dataclass(frozen=True)
class Composed:
    """What the clinician typed and chose."""

    to: str
    subject: str
    body: str
    document: str  # the key of a `ShareDocument`
    variant: str
    pdf_password: str | None  # None: protection turned off
    smtp_password: str
    remember: bool


class EmailDialog(QDialog):
    """The compose dialog; it stays open, with everything typed, until the email is sent."""

    send_requested = Signal()
    draft_requested = Signal()

    def __init__(
        self,
        *,
        documents: Sequence[ShareDocument],
        subject: str,
        body: str,
        passphrase: str,
        new_passphrase: Callable[[], str],
        ask_discard: Callable[[], bool],
        ask_smtp_password: bool,
        can_remember: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Email the summary"))
        self.documents = {d.key: d for d in documents}
        self._new_passphrase, self._ask_discard = new_passphrase, ask_discard
        self._to = {d.key: ", ".join(d.recipients) for d in documents}
        self._start = (dict(self._to), subject, body)
        self._shown = documents[0].key
        self.document = QComboBox()
        for d in documents:
            self.document.addItem(self._label(d), d.key)
        self.document_note = QLabel()
        self.document_note.setObjectName("hint")
        self.document_note.setWordWrap(True)
        self.to = QLineEdit(self._to[self._shown])
        self.subject = QLineEdit(subject)
        self.body = QPlainTextEdit(body)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(140)
        self.protect = QCheckBox(self.tr("Protect the PDF with a password"))
        self.protect.setChecked(True)
        self.pdf_password = QLineEdit(passphrase)
        self.pdf_password.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.pdf_password.setMinimumWidth(300)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.another_button = QPushButton(self.tr("New password"))
        self.password_note = QLabel()
        self.password_note.setWordWrap(True)
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember it in the system keyring"))
        self.remember.setEnabled(can_remember)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.send_button = QPushButton(self.tr("Send"))
        self.draft_button = QPushButton(self.tr("Open in my mail app"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self._name_widgets()
        self._connect()
        self._layout(ask_smtp_password)
        self._document_changed()
        self._protect_toggled(True)

    def _label(self, document: ShareDocument) -> str:
        if not document.for_clients:
            return self.tr("Clinician version (everything, private): not for clients")
        if document.variant == "client":
            return self.tr("Client version, for {0}").format(document.for_whom)
        return self.tr("Personal summary for {0} (their own scores)").format(document.for_whom)

    def _name_widgets(self) -> None:
        for widget, name in (
            (self.document, self.tr("Document to attach")),
            (self.to, self.tr("To")),
            (self.subject, self.tr("Subject")),
            (self.body, self.tr("Message")),
            (self.protect, self.tr("Protect the PDF with a password")),
            (self.pdf_password, self.tr("PDF password, to read out")),
            (self.copy_button, self.tr("Copy the PDF password")),
            (self.another_button, self.tr("Make another PDF password")),
            (self.smtp_password, self.tr("Mail server password")),
            (self.remember, self.tr("Remember the mail server password in the keyring")),
            (self.progress, self.tr("Sending")),
            (self.send_button, self.tr("Send the email")),
            (self.draft_button, self.tr("Open the email in my mail app")),
            (self.cancel_button, self.tr("Cancel")),
        ):
            widget.setAccessibleName(name)

    def _connect(self) -> None:
        # Enter means Cancel: only a click (or Space on a focused button) sends.
        for button in (self.send_button, self.draft_button, self.copy_button, self.another_button):
            button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.document.currentIndexChanged.connect(lambda _: self._document_changed())
        self.protect.toggled.connect(self._protect_toggled)
        self.copy_button.clicked.connect(self.copy_passphrase)
        self.another_button.clicked.connect(self.another_passphrase)
        self.send_button.clicked.connect(self.send_requested)
        self.draft_button.clicked.connect(self.draft_requested)
        self.cancel_button.clicked.connect(self.reject)

    def _layout(self, ask_smtp_password: bool) -> None:
        form = self.form = QFormLayout()
        form.addRow(self.tr("Attach"), self.document)
        form.addRow("", self.document_note)
        form.addRow(self.tr("To"), self.to)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Message"), self.body)
        form.addRow("", self.protect)
        secret = QHBoxLayout()
        secret.addWidget(self.pdf_password, 1)
        secret.addWidget(self.copy_button)
        secret.addWidget(self.another_button)
        form.addRow(self.tr("PDF password"), secret)
        form.addRow("", self.password_note)
        form.addRow(self.tr("Mail server password"), self.smtp_password)
        form.addRow("", self.remember)
        self.ask_smtp_password(ask_smtp_password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(660, 0)

    def _fit(self) -> None:
        """Grow to the height the wrapped notes need at this width (Qt does not by itself)."""
        layout = self.layout()
        if layout is None:
            return  # still being built
        layout.activate()
        need = layout.totalHeightForWidth(self.width())
        if need > 0:
            self.setMinimumHeight(need)
            if self.height() < need:
                self.resize(self.width(), need)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit)

    @property
    def current(self) -> ShareDocument:
        """The document chosen now."""
        return self.documents[str(self.document.currentData())]

    def _document_changed(self) -> None:
        self._to[self._shown] = self.to.text()
        self._shown = self.current.key
        self.to.setText(self._to[self._shown])
        doc = self.current
        if doc.for_clients:
            self.to.setPlaceholderText(self.tr("name@example.org, another@example.org"))
            note = self.tr("Safe for the clients: nothing anyone said in private.")
            if doc.without_address:
                note += " " + self.tr("No email address on file for {0}.").format(
                    self.tr(" and ").join(doc.without_address)
                )
            if doc.withheld:
                note += " " + self.tr(
                    "The address on file for {0} is not filled in: someone this summary is "
                    "not for reads it too. Type an address only {0} reads, or save or print "
                    "the summary instead."
                ).format(self.tr(" and ").join(doc.withheld))
        else:
            self.to.setPlaceholderText(self.tr("A colleague's address (never a client's)"))
            note = self.tr(
                "Holds everything, including what each partner said in private. It may go "
                "to a colleague, never to a client: save or print it for your own records."
            )
        self.document_note.setText(note)
        self.error.hide()
        self._fit()

    def _protect_toggled(self, on: bool) -> None:
        for widget in (self.pdf_password, self.copy_button, self.another_button):
            widget.setEnabled(on)
        self.password_note.setText(
            self.tr(
                "Read the password out now, or tell it by phone: it is never put in the "
                "email. They type it to open the PDF."
            )
            if on
            else self.tr("You turned protection off: anyone who sees the email can open the PDF.")
        )
        self._fit()

    def copy_passphrase(self) -> None:
        """Put the PDF password on the clipboard (to paste it into a text message)."""
        QGuiApplication.clipboard().setText(self.pdf_password.text())
        self.status.setText(self.tr("The password is on the clipboard."))

    def another_passphrase(self) -> None:
        """Replace the PDF password with a fresh one."""
        self.pdf_password.setText(self._new_passphrase())
        self.status.clear()

    def composed(self) -> Composed:
        """The fields as they are now."""
        doc = self.current
        return Composed(
            to=self.to.text().strip(),
            subject=self.subject.text().strip(),
            body=self.body.toPlainText(),
            document=doc.key,
            variant=doc.variant,
            pdf_password=self.pdf_password.text() if self.protect.isChecked() else None,
            smtp_password=self.smtp_password.text(),
            remember=self.remember.isChecked(),
        )

    def edited(self) -> bool:
        """Whether anything was typed that closing the dialog would lose."""
        to = dict(self._to, **{self._shown: self.to.text()})
        now = (to, self.subject.text(), self.body.toPlainText())
        return now != self._start

    def reject(self) -> None:
        """Cancel, Escape, Enter or closing: after asking, if something was typed."""
        if self.edited() and not self._ask_discard():
            return
        super().reject()

    def ask_smtp_password(self, ask: bool = True) -> None:
        """Show (or hide) the mail server password field, e.g. after it was refused."""
        self.form.setRowVisible(self.smtp_password, ask)
        self.form.setRowVisible(self.remember, ask)
        self._fit()

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show progress (and block a second send) while a worker sends."""
        self.progress.setVisible(busy)
        self.status.setText(text)
        for widget in (self.send_button, self.draft_button, self.document, self.to):
            widget.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, message: str) -> None:
        """Say why nothing was sent; every field keeps what was typed."""
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
        self._fit()
