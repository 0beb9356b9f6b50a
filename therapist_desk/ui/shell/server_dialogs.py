"""The questions of a start on the practice server: the password, and what to do when
the server cannot be used (one message, then try again, its settings, this computer's
file, or quit). Each is one function here, so a test can answer it."""

from __future__ import annotations

import sys
from typing import Literal

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from therapist_desk import APP_NAME
from therapist_desk.models import field_errors
from therapist_desk.services.server import ServerAddress
from therapist_desk.settings import Settings
from therapist_desk.ui.security.passphrase_dialog import error_label, password_field, stack
from therapist_desk.ui.settings.dialog import FIELD_NAMES
from therapist_desk.ui.settings.server_box import ServerBox, server_box

Choice = Literal["retry", "settings", "local", "quit"]
SETTINGS_FIRST = frozenset({"certificate", "no_login", "no_database", "owner_login"})
"""Problems that the server's settings (not waiting) fix: their dialog offers those first."""


class ServerPasswordDialog(QDialog):
    """Asks for this clinician's password on the practice server (or Cancel).

    ``problem`` is why it is asked again (the server refused the last one): then it is
    the one message above the field. ``can_remember`` offers to keep the password in the
    system keyring.
    """

    def __init__(
        self,
        address: ServerAddress,
        *,
        problem: str | None = None,
        can_remember: bool = False,
        remember: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{0} — practice server").format(APP_NAME))
        intro = QLabel(
            problem
            or self.tr(
                "Type your password for the practice server at {0} to open the practice's "
                "records as {1}."
            ).format(address.host, address.user)
        )
        intro.setWordWrap(True)
        self.password = password_field(self.tr("Your password on the practice server"))
        self.remember = QCheckBox(self.tr("Remember in the system keyring"))
        self.remember.setChecked(remember)
        self.remember.setVisible(can_remember)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_if_given)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        stack(self, intro, form, self.error, buttons)
        self.password.setFocus()

    def _accept_if_given(self) -> None:
        if not self.password.text():
            self.error.setText(self.tr("Type your password, or choose Cancel."))
            self.error.show()
            return
        self.accept()


def ask_password(
    address: ServerAddress, *, problem: str | None, can_remember: bool, remember: bool
) -> tuple[str, bool] | None:
    """The password typed and whether to keep it in the keyring; None if cancelled."""
    dialog = ServerPasswordDialog(
        address, problem=problem, can_remember=can_remember, remember=remember
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.remember.isChecked() and can_remember


def problem_box(message: str, kind: str | None) -> tuple[QMessageBox, dict[object, Choice]]:
    """The message box for a server that cannot be used, and what each button means."""
    box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_NAME} cannot open the practice server", "")
    box.setText(message)
    box.setInformativeText(
        box.tr("Nothing was changed, on the server or on this computer. What would you like to do?")
    )
    retry = box.addButton(box.tr("Try again"), QMessageBox.ButtonRole.AcceptRole)
    settings = box.addButton(box.tr("Server settings…"), QMessageBox.ButtonRole.ActionRole)
    local = box.addButton(
        box.tr("Use the file on this computer for now"), QMessageBox.ButtonRole.ActionRole
    )
    quit_button = box.addButton(box.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(settings if kind in SETTINGS_FIRST else retry)
    box.setEscapeButton(quit_button)
    return box, {retry: "retry", settings: "settings", local: "local", quit_button: "quit"}


def tell(message: str) -> None:
    """Say why the start on the server stopped (a dialog, and one line on stderr)."""
    print(f"therapist-desk: error: {message}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message, QMessageBox.StandardButton.Ok)
    box.setWindowTitle(f"{APP_NAME} cannot start")
    box.exec()


def ask_choice(message: str, kind: str | None) -> Choice:
    """Show why the server cannot be used, once; the choice taken (Escape: quit)."""
    box, choices = problem_box(message, kind)
    box.exec()
    return choices.get(box.clickedButton(), "quit")


class ServerSettingsDialog(QDialog):
    """The Practice server settings on their own, at start-up (before any window is filled)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Practice server"))
        self._settings = settings
        self.result_settings: Settings | None = None
        self.box: ServerBox = server_box()
        self.box.load(settings)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.box.when.setText(self.tr("Save to go on with these settings now."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        self.resize(600, 0)

    def try_accept(self) -> None:
        """Keep only settings that can be used; otherwise say what is wrong."""
        problem = self.box.problem()
        self.box.show_problem(problem)
        if problem is not None:
            return
        try:
            self.result_settings = Settings.model_validate(
                {**self._settings.model_dump(), **self.box.collect()}
            )
        except ValidationError as err:
            field, message = next(iter(field_errors(err).items()))
            self.box.show_problem(f"{FIELD_NAMES.get(field, field)}: {message}")
            return
        self.accept()


def edit_settings(settings: Settings) -> tuple[Settings, str | None] | None:
    """The server settings as changed and the password typed there; None if cancelled."""
    dialog = ServerSettingsDialog(settings)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_settings is None:
        return None
    return dialog.result_settings, dialog.box.typed_password()
