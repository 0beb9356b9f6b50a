"""The Email part of the settings: mail server, sender and message templates."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from therapist_desk.settings import Settings

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class EmailSettingsBox(QGroupBox):
    """Fields for the SMTP server and the email templates; ``collect()`` gives a dict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Email"), parent)
        self.host = QLineEdit()
        self.host.setPlaceholderText("smtp.example.org")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        self.security.addItem(self.tr("STARTTLS (usually port 587)"), "starttls")
        self.security.addItem(self.tr("SSL/TLS (usually port 465)"), "ssl")
        self.security.addItem(self.tr("None (not encrypted; local servers only)"), "none")
        self.user = QLineEdit()
        self.sender = QLineEdit()
        self.sender.setPlaceholderText("name@example.org")
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setFixedHeight(110)
        self.body.setTabChangesFocus(True)
        help_text = QLabel(
            self.tr(
                "Placeholders: {client_first_names}, {practice}, {clinician}. The password is "
                "kept in the system keyring, or asked each time where there is none."
            )
        )
        help_text.setWordWrap(True)
        # a wrapped label in a form row is laid out before its width is known: keep room
        help_text.setMinimumHeight(help_text.fontMetrics().lineSpacing() * 3)
        for widget, name in (
            (self.host, self.tr("Mail server (SMTP host)")),
            (self.port, self.tr("Mail server port")),
            (self.security, self.tr("Connection security")),
            (self.user, self.tr("Mail server user name")),
            (self.sender, self.tr("Sender address")),
            (self.subject, self.tr("Email subject template")),
            (self.body, self.tr("Email message template")),
        ):
            widget.setAccessibleName(name)
        self.security.currentIndexChanged.connect(self._suggest_port)
        form = QFormLayout(self)
        form.addRow(self.tr("SMTP server"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Security"), self.security)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Sender address"), self.sender)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Message"), self.body)
        form.addRow("", help_text)

    def _suggest_port(self) -> None:
        if self.port.value() in SECURITY_PORTS.values():
            self.port.setValue(SECURITY_PORTS[str(self.security.currentData())])

    def load(self, settings: Settings) -> None:
        """Show the email settings."""
        self.host.setText(settings.smtp_host)
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, self.security.findData(settings.smtp_security)))
        self.security.blockSignals(False)
        self.port.setValue(settings.smtp_port)
        self.user.setText(settings.smtp_user)
        self.sender.setText(settings.sender_address)
        self.subject.setText(settings.email_subject_template)
        self.body.setPlainText(settings.email_body_template)

    def collect(self) -> dict[str, Any]:
        """The email settings as entered, by field name."""
        return {
            "smtp_host": self.host.text().strip(),
            "smtp_port": self.port.value(),
            "smtp_security": self.security.currentData(),
            "smtp_user": self.user.text().strip(),
            "sender_address": self.sender.text().strip(),
            "email_subject_template": self.subject.text(),
            "email_body_template": self.body.toPlainText(),
        }
