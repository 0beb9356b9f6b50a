"""Opening the practice on its server into the window: the password, the connection on a
worker, and one clear question when the server cannot be used.

The password comes from the URL, else the system keyring, else the password dialog
(`server_dialogs.ask_password`). The connection runs through `run_op`, so the window
keeps painting while the server is slow to answer. A refused password asks for it again,
with the server's message; any other problem is said once with its choices (try again,
the server's settings, this computer's file for now, quit). Never a traceback: an
unexpected failure is a message like the others.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from therapist_desk.errors import UserError
from therapist_desk.paths import data_dir, ensure_private_dir
from therapist_desk.services import server
from therapist_desk.services.server import ServerAddress
from therapist_desk.settings import load_settings, save_settings
from therapist_desk.ui.shell import server_dialogs
from therapist_desk.ui.widgets.ops import run_op

if TYPE_CHECKING:
    from therapist_desk.services.practice import Practice
    from therapist_desk.ui.shell.main_window import HeldLock, MainWindow

PASSWORD_KINDS = frozenset({"wrong_password", "no_password"})
NEED_PASSWORD = (
    "Therapist Desk needs your password for the practice server ({0}) to open the "
    "practice's records."
)


def open_on(address: ServerAddress, password: str | None) -> Practice | UserError:
    """The practice on ``address`` (slow: on a worker), or the problem that stopped it."""
    from therapist_desk.services.practice import open_practice

    try:
        return open_practice(server=address, password=password)
    except UserError as err:  # a ServerProblem, or settings that cannot be read
        return err


class ServerStart(QObject):
    """One start on a practice server, from the password to the filled window.

    The window holds ``lock`` (this computer's, for the server) from the start; it is
    given up when the user quits or chooses this computer's file. ``fill(practice,
    lost)`` fills the window with the open practice (``lost(message)`` if the server went
    away meanwhile); ``open_file()`` opens this computer's file instead (False: it could
    not be); ``failed()`` is called once the start has failed and its reason was said.
    """

    def __init__(
        self,
        window: MainWindow,
        address: ServerAddress,
        password: str | None,
        *,
        lock: HeldLock,
        fill: Callable[[Practice, Callable[[str], None]], None],
        open_file: Callable[[], bool],
        failed: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window, self.address = window, address
        self._password = password
        self._lock, self._fill, self._open_file, self._failed_start = lock, fill, open_file, failed
        self._typed = False  # typed in the password dialog (not the URL's or the keyring's)
        self._remember = False

    def begin(self) -> None:
        """Find the password (URL, keyring, or ask), then connect."""
        if self._password is None:
            self._password = server.saved_password(self.address)
            self._remember = self._password is not None
        if self._password is None:
            self._ask_password(None)
        else:
            self._connect()

    def _ask_password(self, problem: str | None) -> None:
        answer = server_dialogs.ask_password(
            self.address,
            problem=problem,
            can_remember=server.keyring_available(),
            remember=self._remember,
        )
        if answer is None:
            if problem is not None:
                self._choose(problem, "wrong_password")
            else:
                self._choose(self.tr(NEED_PASSWORD).format(self.address.describe()), "no_password")
            return
        self._password, self._remember = answer
        self._typed = True
        self._connect()

    def _connect(self) -> None:
        address, password = self.address, self._password
        self.window.show_opening(
            self.tr("Connecting to the practice server {0}…").format(address.describe())
        )
        run_op(lambda: open_on(address, password), self._arrived, self._failed)

    def _arrived(self, result: Practice | UserError) -> None:
        if isinstance(result, UserError):
            kind = getattr(result, "kind", None)
            if kind == "wrong_password":
                self._ask_password(str(result))
            else:
                self._choose(str(result), kind)
            return
        self._keep_password()
        self._fill(result, self._lost)

    def _failed(self, message: str) -> None:
        self._choose(message, None)

    def _lost(self, message: str) -> None:
        server_dialogs.tell(message)
        self._gave_up()

    def _use_file(self) -> None:
        self._lock.unlock()
        if not self._open_file():
            self._failed_start()

    def _gave_up(self) -> None:
        self._lock.unlock()
        self._failed_start()

    def _keep_password(self) -> None:
        """A password typed and taken by the server: kept in the keyring if asked, and a
        stale one kept there before is forgotten otherwise."""
        if not self._typed or self._password is None:
            return
        if self._remember:
            server.remember_password(self.address, self._password)
        else:
            server.forget_password(self.address)

    def _choose(self, message: str, kind: str | None) -> None:
        print(f"therapist-desk: error: {message}", file=sys.stderr)
        self.window.show_opening(self.tr("The practice server cannot be opened."))
        choice = server_dialogs.ask_choice(message, kind)
        if choice == "retry" and kind in PASSWORD_KINDS:
            self._ask_password(message if kind == "wrong_password" else None)
        elif choice == "retry":
            self._connect()
        elif choice == "settings":
            self._edit_settings(message, kind)
        elif choice == "local":
            self._use_file()
        else:
            self._gave_up()

    def _edit_settings(self, message: str, kind: str | None) -> None:
        try:
            settings = load_settings()
        except UserError as err:
            self._choose(str(err), None)
            return
        if not settings.server_host:
            settings = settings.model_copy(update=server.address_settings(self.address))
        settings = settings.model_copy(update={"use_server": True})
        edited = server_dialogs.edit_settings(settings)
        if edited is None:
            self._choose(message, kind)
            return
        settings, typed = edited
        try:
            ensure_private_dir(data_dir())  # a first start may not have made it yet
            save_settings(settings)
        except UserError as err:
            self._choose(str(err), None)
            return
        address = server.address_from_settings(settings)
        if not settings.use_server or address is None:
            self._use_file()
            return
        if typed is not None:
            server.remember_password(address, typed)  # as Settings › Practice server does
        self.address, self._typed = address, False
        self._password = typed or server.saved_password(address)
        if self._password is None:
            self._ask_password(None)
        else:
            self._connect()
