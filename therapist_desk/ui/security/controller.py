"""Encrypting the open practice from the settings, and what unlocks the app when locked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from therapist_desk.services import security
from therapist_desk.ui.widgets.host import Host
from therapist_desk.ui.widgets.ops import Progress, run_op

BUSY = (
    "A PDF, an email or a check of the database is still being prepared. "
    "Wait a moment for it to finish, then try again. Nothing was changed."
)


class SecurityController:
    """The passphrase and PIN checks and the encryption change, for the open practice."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def encrypted(self) -> bool:
        """Whether the open database is encrypted."""
        return self.host.practice.database.encrypted

    def is_passphrase(self, secret: str) -> bool:
        """Whether ``secret`` is the open database's passphrase."""
        return security.is_passphrase(practice=self.host.practice, secret=secret)

    def unlocks(self, secret: str) -> bool:
        """Whether ``secret`` unlocks the app: the passphrase, or the lock PIN."""
        return security.unlocks(practice=self.host.practice, secret=secret)

    def server_check(self, secret: str) -> Callable[[], bool] | None:
        """On a practice server with no PIN: the check of ``secret`` as the server's
        password, to run on a worker (it connects); else ``None``."""
        practice = self.host.practice
        if not security.takes_server_password(practice=practice):
            return None
        return lambda: security.server_password_unlocks(practice=practice, secret=secret)

    def on_server(self) -> bool:
        """Whether the practice is on a server (no file here to encrypt)."""
        return self.host.practice.on_server

    def can_lock(self) -> bool:
        """Whether anything can unlock the app (locking without it would lock you out)."""
        return security.can_lock(practice=self.host.practice)

    def unlock_hint(self) -> str:
        """What to type on the lock screen."""
        return security.unlock_hint(practice=self.host.practice)

    def refusal(self) -> str:
        """What the lock screen says to a wrong try."""
        return self.host.dialogs.tr(security.refusal(practice=self.host.practice))

    def change_encryption(
        self,
        new_key: str | None,
        on_done: Callable[[str], None],
        on_failed: Callable[[str], None],
    ) -> None:
        """Rewrite the database with ``new_key`` (None: unencrypted) behind a busy box."""
        if QThreadPool.globalInstance().activeThreadCount():
            on_failed(self.host.dialogs.tr(BUSY))
            return
        label = (
            "Encrypting the database and its backups…"
            if new_key
            else "Rewriting the database and its backups without encryption…"
        )
        practice = self.host.practice
        over = QApplication.activeModalWidget() or self.host.dialogs.parent  # the settings
        run_op(
            lambda: security.change_encryption(practice=practice, new_key=new_key),
            on_done,
            on_failed,
            progress=Progress(over, self.host.dialogs.tr(label), delay_ms=0),
        )
