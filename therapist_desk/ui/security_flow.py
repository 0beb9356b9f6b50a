"""Encrypting the open database from the settings, and what unlocks the app when locked."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from therapist_desk.errors import UserError
from therapist_desk.settings import pin_matches
from therapist_desk.store.encryption import change_encryption
from therapist_desk.ui.worker import run_in_background

if TYPE_CHECKING:
    from therapist_desk.ui.backend import Backend
    from therapist_desk.ui.context import AppContext


class SecurityFlow:
    """The passphrase and PIN checks and the encryption change, for one open database."""

    def __init__(self, context: AppContext, backend: Backend) -> None:
        self.context, self.backend = context, backend

    def encrypted(self) -> bool:
        """Whether the open database is encrypted."""
        return self.context.database.encrypted

    def is_passphrase(self, secret: str) -> bool:
        """Whether ``secret`` is the open database's passphrase (constant-time)."""
        key = self.context.database.key
        return key is not None and hmac.compare_digest(secret.encode(), key.encode())

    def unlocks(self, secret: str) -> bool:
        """Whether ``secret`` unlocks the app: the passphrase, or the lock PIN."""
        pin = self.context.settings.lock_pin_hash
        return self.is_passphrase(secret) or (bool(pin) and pin_matches(secret, pin))

    def can_lock(self) -> bool:
        """Whether anything can unlock the app (locking without it would lock you out)."""
        return self.encrypted() or bool(self.context.settings.lock_pin_hash)

    def unlock_hint(self) -> str:
        """What to type on the lock screen."""
        if self.encrypted() and self.context.settings.lock_pin_hash:
            return "Client data is hidden. Type the database passphrase or your PIN."
        if self.encrypted():
            return "Client data is hidden. Type the database passphrase."
        return "Client data is hidden. Type your PIN."

    def change_encryption(self, new_key: str | None, parent: QWidget | None = None) -> str:
        """Rewrite the database with ``new_key`` (None: unencrypted), showing progress.

        Returns a sentence saying what was done; raises `UserError` when it was not.
        """
        if QThreadPool.globalInstance().activeThreadCount():
            raise UserError(
                "A PDF, an email or a check of the database is still being prepared. "
                "Wait a moment for it to finish, then try again. Nothing was changed."
            )
        database = self.context.database
        keep = self.context.settings.backup_count
        label = (
            "Encrypting the database and its backups…"
            if new_key
            else ("Rewriting the database and its backups without encryption…")
        )
        changed, skipped = wait_for(
            lambda: change_encryption(database, new_key, keep_backups=keep), label, parent
        )
        self.context.database = self.backend.database = changed
        done = (
            "The database and its backups are now encrypted with the new passphrase."
            if new_key
            else "The database and its backups are no longer encrypted."
        )
        for backup, reason in skipped:
            done += f" The backup {backup.name} was left as it was: {reason}"
        return done


def wait_for(job: Callable[[], Any], label: str, parent: QWidget | None) -> Any:
    """Run ``job`` off the UI thread behind a modal progress box; its result, or UserError."""
    box = QProgressDialog(label, "", 0, 0, parent)
    box.setWindowTitle("Please wait")
    box.setCancelButton(None)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setMinimumDuration(0)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finish(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    run_in_background(
        job, lambda result: finish("result", result), lambda message: finish("error", message)
    )
    box.show()
    QApplication.processEvents()
    if not outcome:
        loop.exec()
    box.close()
    box.deleteLater()
    if "error" in outcome:
        raise UserError(outcome["error"])
    return outcome["result"]
