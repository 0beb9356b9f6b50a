"""Settings: the practice, the clinician, the PDF default, text size, backups, email, the
practice server, security."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.models import field_errors
from therapist_desk.reports.logo import logo_problem
from therapist_desk.settings import Settings
from therapist_desk.ui.settings.consent_box import ConsentBox
from therapist_desk.ui.settings.email_box import EmailSettingsBox
from therapist_desk.ui.settings.room_box import RoomBox, SectionChoice
from therapist_desk.ui.settings.server_box import ServerBox

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75)
FIELD_NAMES = {
    "practice_name": "Practice name",
    "clinician_name": "Clinician name",
    "clinician_credentials": "Credentials",
    "logo_path": "Logo",
    "smtp_host": "SMTP server",
    "smtp_user": "User name",
    "sender_address": "Sender address",
    "email_subject_template": "Subject",
    "email_body_template": "Message",
    "server_host": "Practice server",
    "server_database": "Database",
    "server_user": "Your login",
    "server_sslrootcert": "CA certificate",
}
SERVER_BACKUPS = "The practice server's backups are kept on the server; ask your IT person."


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` holds them after Save.

    ``security`` is the Security tab (the security room's box), if there is one;
    ``server`` the Practice server tab. ``on_server``: the practice open now is on a
    server, whose backups are the server's (this computer makes none).
    """

    backup_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        *,
        data_folder: Path,
        security: QWidget | None = None,
        sections: Sequence[SectionChoice] = (),
        consent: ConsentBox | None = None,
        server: ServerBox | None = None,
        on_server: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.result_settings: Settings | None = None
        self._original = settings
        self.security = security
        self.server = server
        self.room = RoomBox(sections)
        self.consent = consent
        self.practice = QLineEdit()
        self.clinician = QLineEdit()
        self.credentials = QLineEdit()
        self.logo = QLineEdit()
        self.logo_browse = QPushButton(self.tr("Choose…"))
        self.variant = QComboBox()
        self.variant.addItem(self.tr("Client version (safe to hand over)"), "client")
        self.variant.addItem(self.tr("Clinician version (everything)"), "clinician")
        self.text_scale = QComboBox()
        for scale in TEXT_SCALES:
            self.text_scale.addItem(f"{round(scale * 100)} %", scale)
        self.appearance = QComboBox()
        self.appearance.addItem(self.tr("As the system shows it"), "system")
        self.appearance.addItem(self.tr("Light"), "light")
        self.appearance.addItem(self.tr("Dark"), "dark")
        self.backups = QSpinBox()
        self.backups.setRange(1, 365)
        self.review_after = QSpinBox()
        self.review_after.setRange(1, 20)
        self.review_after.setSuffix(self.tr(" re-assessments"))
        self.review_after.setToolTip(
            self.tr(
                "Tell me (clinician only) when a partner at caseness shows no reliable "
                "improvement after this many re-assessments"
            )
        )
        self.folder = QLabel(str(data_folder))
        self.folder.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        self.email = EmailSettingsBox()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        names = {
            self.practice: self.tr("Practice name"),
            self.clinician: self.tr("Clinician name"),
            self.credentials: self.tr("Credentials"),
            self.logo: self.tr("Logo file for PDFs"),
            self.logo_browse: self.tr("Choose a logo file"),
            self.variant: self.tr("Default PDF version"),
            self.text_scale: self.tr("Text size"),
            self.appearance: self.tr("Appearance: light, dark, or as the system"),
            self.backups: self.tr("Backups to keep"),
            self.review_after: self.tr("Review the plan after"),
            self.backup_button: self.tr("Back up now"),
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
        self.logo_browse.clicked.connect(self._choose_logo)
        self.backup_button.clicked.connect(self._backup)
        if on_server:
            for widget in (self.backups, self.backup_button):
                widget.setEnabled(False)
                widget.setToolTip(self.tr(SERVER_BACKUPS))
            self.backup_status.setText(self.tr(SERVER_BACKUPS))
        self._layout()
        self.load(settings)

    def _layout(self) -> None:
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.logo_browse)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.folder, 1)
        backup_row.addWidget(self.backup_button)
        form = QFormLayout()
        form.addRow(self.tr("Practice name"), self.practice)
        form.addRow(self.tr("Clinician name"), self.clinician)
        form.addRow(self.tr("Credentials"), self.credentials)
        form.addRow(self.tr("Logo (PNG or JPEG)"), logo_row)
        form.addRow(self.tr("Default PDF version"), self.variant)
        form.addRow(self.tr("Text size"), self.text_scale)
        form.addRow(self.tr("Appearance"), self.appearance)
        form.addRow(self.tr("Backups to keep"), self.backups)
        form.addRow(self.tr("Review the plan after"), self.review_after)
        form.addRow(self.tr("Data folder"), backup_row)
        form.addRow("", self.backup_status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        practice = QWidget()
        practice.setLayout(form)
        self.tabs = QTabWidget()
        self.tabs.addTab(practice, self.tr("Practice"))
        self.tabs.addTab(self.room, self.tr("The room"))
        if self.consent is not None:
            self.tabs.addTab(self.consent, self.tr("Consent"))
        self.tabs.addTab(self.email, self.tr("Email"))
        if self.server is not None:
            self.tabs.addTab(self.server, self.tr("Practice server"))
        if self.security is not None:
            self.tabs.addTab(self.security, self.tr("Security"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 0)

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the fields."""
        self.practice.setText(settings.practice_name)
        self.clinician.setText(settings.clinician_name)
        self.credentials.setText(settings.clinician_credentials)
        self.logo.setText(settings.logo_path)
        self.variant.setCurrentIndex(max(0, self.variant.findData(settings.default_pdf_variant)))
        nearest = min(TEXT_SCALES, key=lambda s: abs(s - settings.text_scale))
        self.text_scale.setCurrentIndex(TEXT_SCALES.index(nearest))
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(settings.appearance)))
        self.backups.setValue(settings.backup_count)
        self.review_after.setValue(settings.review_after_reassessments)
        self.email.load(settings)
        self.room.load(settings)
        if self.consent is not None:
            self.consent.load(settings)
        if self.security is not None:
            self.security.load(settings)  # type: ignore[attr-defined]
        if self.server is not None:
            self.server.load(settings)

    def collect(self) -> Settings:
        """The settings as entered; raises ``ValidationError`` when one is not allowed.

        Settings this dialog does not show are carried over unchanged.
        """
        security = self.security.collect() if self.security is not None else {}  # type: ignore[attr-defined]
        return Settings.model_validate(
            {
                **self._original.model_dump(),
                **security,
                "practice_name": self.practice.text().strip(),
                "clinician_name": self.clinician.text().strip(),
                "clinician_credentials": self.credentials.text().strip(),
                "logo_path": self.logo.text().strip(),
                "default_pdf_variant": self.variant.currentData(),
                "text_scale": self.text_scale.currentData(),
                "appearance": self.appearance.currentData(),
                "backup_count": self.backups.value(),
                "review_after_reassessments": self.review_after.value(),
                **self.email.collect(),
                **self.room.collect(),
                **(self.consent.collect() if self.consent is not None else {}),
                **(self.server.collect() if self.server is not None else {}),
            }
        )

    def try_accept(self) -> None:
        """Save only valid settings; otherwise say what is wrong."""
        logo = self.logo.text().strip()
        problem = logo_problem(Path(logo).expanduser()) if logo else None
        if problem is None and self.server is not None:
            problem = self.server.problem()
            if problem is not None:
                self.tabs.setCurrentWidget(self.server)
        if problem is not None:
            self._show_error(problem)
            return
        try:
            self.result_settings = self.collect()
        except ValidationError as err:
            field, message = next(iter(field_errors(err).items()))
            self._show_error(f"{FIELD_NAMES.get(field, field)}: {message}")
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.logo.setText(path)

    def _backup(self) -> None:
        self.backup_button.setEnabled(False)
        self.backup_status.setText(self.tr("Backing up…"))
        self.backup_requested.emit()

    def show_backup_result(self, message: str) -> None:
        """Say where the backup went, or why there is none."""
        self.backup_button.setEnabled(True)
        self.backup_status.setText(message)
