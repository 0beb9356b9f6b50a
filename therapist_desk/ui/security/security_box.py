"""Settings > Security: encryption at rest, the passphrase, the lock PIN and auto-lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.settings import Settings, check_pin, hash_pin
from therapist_desk.ui.security.passphrase_dialog import (
    NewPassphraseDialog,
    error_label,
    password_field,
    stack,
)

SERVER_ENCRYPTION = (
    "The records are on the practice server: they are kept and protected there "
    "(its disks, its backups), so there is no file on this computer to encrypt. "
    "Ask your IT person."
)
ChangeEncryption = Callable[[str | None, Callable[[str], None], Callable[[str], None]], None]
"""Starts rewriting the database with a new passphrase (None: unencrypted); it then calls
the first callback with what was done, or the second with why nothing was changed."""


class SecurityBox(QWidget):
    """The security part of the settings.

    Encrypting, changing the passphrase and removing the encryption act at once (they
    rewrite files, and are confirmed first); the auto-lock time and the PIN are saved
    with the other settings. ``on_server``: the records are on a practice server, which
    has no file here to encrypt; the lock takes the PIN, else the server password.
    """

    def __init__(
        self,
        *,
        on_server: bool = False,
        encrypted: Callable[[], bool],
        check_passphrase: Callable[[str], bool],
        change_encryption: ChangeEncryption,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_server = on_server
        self._encrypted, self._check = encrypted, check_passphrase
        self._change = change_encryption
        self._pin_hash = ""
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.encrypt_button = QPushButton(self.tr("Encrypt with a passphrase…"))
        self.change_button = QPushButton(self.tr("Change passphrase…"))
        self.remove_button = QPushButton(self.tr("Remove encryption…"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("hint")
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setSpecialValueText(self.tr("Never"))
        self.autolock.setAccessibleName(self.tr("Lock after minutes without use"))
        self.autolock.setMaximumWidth(160)
        self.pin_status = QLabel()
        self.pin_button = QPushButton()
        self.pin_remove = QPushButton(self.tr("Remove PIN"))
        self.lock_hint = QLabel()
        self.lock_hint.setWordWrap(True)
        self.lock_hint.setObjectName("hint")
        self.encrypt_button.clicked.connect(self._encrypt)
        self.change_button.clicked.connect(self._change_passphrase)
        self.remove_button.clicked.connect(self._remove)
        self.pin_button.clicked.connect(self._set_pin)
        self.pin_remove.clicked.connect(self._remove_pin)
        self._layout()
        self._refresh()

    def _layout(self) -> None:
        crypt_row = QHBoxLayout()
        for button in (self.encrypt_button, self.change_button, self.remove_button):
            crypt_row.addWidget(button)
        crypt_row.addStretch(1)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin_status, 1)
        pin_row.addWidget(self.pin_button)
        pin_row.addWidget(self.pin_remove)
        form = QFormLayout()
        form.addRow(self.tr("Encryption at rest"), self.status)
        form.addRow("", crypt_row)
        form.addRow("", self.result)
        form.addRow(self.tr("Lock after"), self.autolock)
        form.addRow(self.tr("Lock PIN"), pin_row)
        form.addRow("", self.lock_hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def load(self, settings: Settings) -> None:
        """Show the auto-lock time and whether a PIN is set."""
        self.autolock.setValue(settings.autolock_minutes)
        self._pin_hash = settings.lock_pin_hash
        self._refresh()

    def collect(self) -> dict[str, object]:
        """The settings this box owns, as entered."""
        return {"autolock_minutes": self.autolock.value(), "lock_pin_hash": self._pin_hash}

    def _refresh(self) -> None:
        encrypted = self._encrypted()
        if self._on_server:
            self.status.setText(self.tr(SERVER_ENCRYPTION))
        elif encrypted:
            self.status.setText(
                self.tr("On: the database and its backups are encrypted (SQLCipher, AES-256).")
            )
        else:
            self.status.setText(
                self.tr(
                    "Off: anyone who copies the data folder can read the records. "
                    "Encrypt it if this computer could be lost or shared."
                )
            )
        self.encrypt_button.setVisible(not encrypted and not self._on_server)
        self.change_button.setVisible(encrypted)
        self.remove_button.setVisible(encrypted)
        has_pin = bool(self._pin_hash)
        self.pin_status.setText(self.tr("Set") if has_pin else self.tr("Not set"))
        self.pin_button.setText(self.tr("Change PIN…") if has_pin else self.tr("Set a PIN…"))
        self.pin_remove.setVisible(has_pin)
        if self._on_server:
            hint = (
                self.tr("Unlock with the PIN.")
                if has_pin
                else self.tr("Unlock with your password for the practice server.")
            )
        elif encrypted and has_pin:
            hint = self.tr("Unlock with the passphrase or the PIN.")
        elif encrypted:
            hint = self.tr("Unlock with the database passphrase.")
        elif has_pin:
            hint = self.tr("Unlock with the PIN.")
        else:
            hint = self.tr(
                "The app can only lock once it has a passphrase (encryption) or a PIN "
                "to unlock it with."
            )
        self.lock_hint.setText(hint)

    def _encrypt(self) -> None:
        dialog = NewPassphraseDialog(parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(dialog.passphrase)

    def _change_passphrase(self) -> None:
        dialog = NewPassphraseDialog(check_current=self._check, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(dialog.passphrase)

    def _remove(self) -> None:
        dialog = SecretDialog(
            self.tr("Remove encryption"),
            self.tr(
                "The database and its backups will be rewritten unencrypted: anyone who "
                "copies the data folder will be able to read them. Type the passphrase "
                "to confirm."
            ),
            self.tr("Passphrase"),
            check=lambda text: (
                None if self._check(text) else self.tr("That is not the passphrase.")
            ),
            confirm_text=self.tr("Remove encryption"),
            destructive=True,
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(None)

    def _wrong_passphrase(self, text: str) -> str | None:
        return None if self._check(text) else self.tr("That is not the passphrase.")

    def _run(self, passphrase: str | None) -> None:
        self._set_busy(True)
        self._change(passphrase, self._changed, self._not_changed)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.encrypt_button, self.change_button, self.remove_button):
            button.setEnabled(not busy)

    def _changed(self, message: str) -> None:
        self._set_busy(False)
        self.result.setText(message)
        self._refresh()

    def _not_changed(self, message: str) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, self.tr("Encryption not changed"), message)
        self._refresh()

    def _set_pin(self) -> None:
        dialog = SecretDialog(
            self.tr("Lock PIN"),
            self.tr(
                "A PIN unlocks the app after it locked itself. It does not encrypt "
                "anything: use a passphrase for that."
            ),
            self.tr("New PIN"),
            check=check_pin,
            repeat=True,
            confirm_text=self.tr("Set PIN"),
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._pin_hash = hash_pin(dialog.secret)
            self._refresh()

    def _remove_pin(self) -> None:
        self._pin_hash = ""
        self._refresh()


class SecretDialog(QDialog):
    """Asks for one secret (optionally twice), checked by ``check`` before OK closes it.

    A ``destructive`` question (removing encryption) has Cancel as its default button:
    Enter after typing the secret cancels; only a click on the confirm button goes on.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        label: str,
        *,
        check: Callable[[str], str | None],
        confirm_text: str,
        repeat: bool = False,
        destructive: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.secret = ""
        self._check, self._repeat = check, repeat
        text = QLabel(intro)
        text.setWordWrap(True)
        self.field = password_field(label)
        self.again = password_field(self.tr("{0} again").format(label))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(label, self.field)
        if repeat:
            form.addRow(self.tr("Type it again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(confirm_text)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if destructive:
            self.ok_button.setAutoDefault(False)
            self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        stack(self, text, form, self.error, buttons)

    def try_accept(self) -> None:
        """Close only when the secret passes ``check`` (and was typed the same twice)."""
        value = self.field.text()
        problem = self._check(value)
        if problem is None and self._repeat and value != self.again.text():
            problem = self.tr("The two entries are not the same; type them again.")
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        self.secret = value
        self.accept()
