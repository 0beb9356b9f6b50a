"""The very first start: who is using the app (practice, clinician) and a lock PIN.

Nothing asked here is new: the same settings are in Settings (Practice, Security) and
are checked the same way. The PIN may be left empty; the dialog says what that means.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from therapist_desk import APP_NAME
from therapist_desk.models import field_errors
from therapist_desk.settings import Settings, check_pin, hash_pin

DIALOG_WIDTH = 580


class WelcomeDialog(QDialog):
    """Asks the practice name, the clinician's name and a lock PIN; ``result_settings``."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to {0}").format(APP_NAME))
        self.result_settings: Settings | None = None
        self._settings = settings
        intro = QLabel(
            self.tr(
                "Before the first client: who is using {0} on this computer? The practice "
                "and your name are printed on every summary. You can change them later in "
                "Settings."
            ).format(APP_NAME)
        )
        intro.setWordWrap(True)
        self.practice = QLineEdit(settings.practice_name)
        self.clinician = QLineEdit(settings.clinician_name)
        self.practice.setPlaceholderText(self.tr("e.g. Harbour Street Counselling"))
        self.clinician.setPlaceholderText(self.tr("as it should read on summaries"))
        self.pin = _pin_field()
        self.pin_again = _pin_field()
        self.pin_note = QLabel(
            self.tr(
                "4 to 12 digits. The PIN unlocks the app after it has locked itself, when "
                "left idle or with View > Lock now (Ctrl+L). Leave it empty to skip: the "
                "app then cannot lock until you set a PIN in Settings > Security or "
                "encrypt the database."
            )
        )
        self.pin_note.setObjectName("hint")
        self.pin_note.setWordWrap(True)
        self.consent_note = QLabel(
            self.tr(
                "Before the first intake, read your couples policy in Settings > Consent "
                "and keep it: nobody can agree to its template until you have. Starting "
                "an intake offers it too."
            )
        )
        self.consent_note.setObjectName("hint")
        self.consent_note.setWordWrap(True)
        self.errors = {name: _error_label() for name in ("practice", "clinician", "pin")}
        for widget, name in (
            (self.practice, self.tr("Practice name")),
            (self.clinician, self.tr("Your name")),
            (self.pin, self.tr("Lock PIN")),
            (self.pin_again, self.tr("Lock PIN again")),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.addRow(self.tr("Practice name"), _with(self.practice, self.errors["practice"]))
        form.addRow(self.tr("Your name"), _with(self.clinician, self.errors["clinician"]))
        form.addRow(self.tr("Lock PIN"), self.pin)
        form.addRow(self.tr("PIN again"), _with(self.pin_again, self.errors["pin"]))
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = self.buttons.addButton(
            self.tr("Ask me next time"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.pin_note)
        layout.addWidget(self.consent_note)
        layout.addWidget(self.buttons)
        self.setFixedWidth(DIALOG_WIDTH)  # wrapped text needs a fixed width to size itself
        self._fit_height()
        self.practice.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_accept(self) -> None:
        """Keep what was typed when it is valid; otherwise say what is wrong beside it."""
        problems: dict[str, str] = {}
        pin, again = self.pin.text(), self.pin_again.text()
        if pin or again:
            problem = check_pin(pin)
            if problem is None and pin != again:
                problem = self.tr("The two PINs are not the same; type them again.")
            if problem is not None:
                problems["pin"] = problem
        try:
            chosen = self._settings.model_validate(
                {
                    **self._settings.model_dump(),
                    "practice_name": self.practice.text().strip(),
                    "clinician_name": self.clinician.text().strip(),
                }
            )
        except ValidationError as err:
            names = {"practice_name": "practice", "clinician_name": "clinician"}
            for field, message in field_errors(err).items():
                problems[names.get(field, "practice")] = message
            chosen = None
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self._fit_height()
        if problems or chosen is None:
            return
        if pin:
            chosen.lock_pin_hash = hash_pin(pin)
        self.result_settings = chosen
        self.accept()

    def _fit_height(self) -> None:
        """As tall as the wrapped text and the messages shown need."""
        layout = self.layout()
        layout.activate()
        height = layout.totalHeightForWidth(DIALOG_WIDTH)
        self.setMinimumHeight(max(height, layout.totalMinimumSize().height()))
        self.resize(DIALOG_WIDTH, self.minimumHeight())


def _pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def _with(field: QWidget, error: QLabel) -> QWidget:
    """A field with its error message right beneath it."""
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(field)
    box.addWidget(error)
    return cell
