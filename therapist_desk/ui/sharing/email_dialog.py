"""Compose an email with the summary attached: to, subject, message, version, protection."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
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


@dataclass(frozen=True)
class Composed:
    """What the clinician typed and chose."""

    to: str
    subject: str
    body: str
    variant: str
    pdf_password: str | None
    smtp_password: str
    remember: bool


class EmailDialog(QDialog):
    """The compose dialog; it stays open, with everything typed, until the email is sent."""

    send_requested = Signal()
    draft_requested = Signal()

    def __init__(
        self,
        *,
        to: str,
        subject: str,
        body: str,
        variant: str,
        ask_smtp_password: bool,
        can_remember: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Email the summary"))
        self.to = QLineEdit(to)
        self.subject = QLineEdit(subject)
        self.body = QPlainTextEdit(body)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(160)
        self.variant = QComboBox()
        self.variant.addItem(self.tr("Client version"), "client")
        self.variant.addItem(self.tr("Clinician version (everything, private)"), "clinician")
        self.variant.setCurrentIndex(max(0, self.variant.findData(variant)))
        self.protect = QCheckBox(self.tr("Protect the PDF with a password"))
        self.pdf_password = QLineEdit()
        self.pdf_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pdf_password.setPlaceholderText(self.tr("At least 6 characters"))
        self.password_note = QLabel(
            self.tr(
                "The password is never put in the email. Tell it to the recipient another "
                "way — by phone, or in person."
            )
        )
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
        self.send_button.setObjectName("primary")
        self.draft_button = QPushButton(self.tr("Open in my mail app"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        for widget, name in (
            (self.to, self.tr("To")),
            (self.subject, self.tr("Subject")),
            (self.body, self.tr("Message")),
            (self.variant, self.tr("Version to attach")),
            (self.protect, self.tr("Protect the PDF with a password")),
            (self.pdf_password, self.tr("PDF password")),
            (self.smtp_password, self.tr("Mail server password")),
            (self.remember, self.tr("Remember the mail server password in the keyring")),
            (self.progress, self.tr("Sending")),
            (self.send_button, self.tr("Send the email")),
            (self.draft_button, self.tr("Open the email in my mail app")),
            (self.cancel_button, self.tr("Cancel")),
        ):
            widget.setAccessibleName(name)
        self.protect.toggled.connect(self._protect_toggled)
        self.send_button.clicked.connect(self.send_requested)
        self.draft_button.clicked.connect(self.draft_requested)
        self.cancel_button.clicked.connect(self.reject)
        self._layout(ask_smtp_password)
        self._protect_toggled(False)

    def _layout(self, ask_smtp_password: bool) -> None:
        form = self.form = QFormLayout()
        form.addRow(self.tr("To"), self.to)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Message"), self.body)
        form.addRow(self.tr("Attach"), self.variant)
        form.addRow("", self.protect)
        form.addRow(self.tr("PDF password"), self.pdf_password)
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
        self.resize(620, 0)

    def ask_smtp_password(self, ask: bool = True) -> None:
        """Show (or hide) the mail server password field, e.g. after it was refused."""
        self.form.setRowVisible(self.smtp_password, ask)
        self.form.setRowVisible(self.remember, ask)

    def _protect_toggled(self, on: bool) -> None:
        self.pdf_password.setEnabled(on)
        self.password_note.setVisible(on)

    def composed(self) -> Composed:
        """The fields as they are now."""
        protected = self.protect.isChecked()
        return Composed(
            to=self.to.text().strip(),
            subject=self.subject.text().strip(),
            body=self.body.toPlainText(),
            variant=str(self.variant.currentData()),
            pdf_password=self.pdf_password.text() if protected else None,
            smtp_password=self.smtp_password.text(),
            remember=self.remember.isChecked(),
        )

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show progress (and block a second send) while a worker sends."""
        self.progress.setVisible(busy)
        self.status.setText(text)
        for widget in (self.send_button, self.draft_button, self.variant, self.to):
            widget.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, message: str) -> None:
        """Say why nothing was sent; every field keeps what was typed."""
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
