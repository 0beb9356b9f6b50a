"""Settings › Practice server: where the group practice's server is, who signs in, a test.

The password typed here goes to the system keyring (by the controller, on Save), never
to the settings file. "Test connection" runs on a worker (the ``test`` callable given by
the controller) and says in one sentence what it found. Which records the app opens
(this computer's file or the server) changes at the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.services import server
from therapist_desk.services.server import (
    DEFAULT_DATABASE,
    ConnectionCheck,
    ServerAddress,
    address_from_settings,
)
from therapist_desk.settings import Settings
from therapist_desk.ui.widgets.ops import run_op

TestConnection = Callable[[ServerAddress, "str | None", Callable[[ConnectionCheck], None]], None]
"""Tries the address with the password (None: the one kept in the keyring) on a worker,
then calls back on the UI thread with what it found."""


class ServerBox(QWidget):
    """The practice server's address, login, password and CA certificate; a test; and
    whether the app opens the server or this computer's file from its next start.

    ``now_open`` names what the window has open (None: nothing yet, at start-up);
    ``has_keyring`` whether a password can be kept in the system keyring, and
    ``password_kept(address)`` whether it holds one for that server.
    """

    def __init__(
        self,
        *,
        test: TestConnection,
        has_keyring: bool,
        password_kept: Callable[[ServerAddress], bool],
        now_open: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._test, self._has_keyring, self._kept = test, has_keyring, password_kept
        self._sslmode = ""
        self._testing = False
        intro = _wrapped(
            self.tr(
                "A group practice can keep its records on one server, each clinician "
                "signing in with their own login. The connection is encrypted, and the "
                "server's certificate is checked (for any server but this computer)."
            )
        )
        intro.setObjectName("sectionIntro")
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.practice.example")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setMaximumWidth(120)
        self.database = QLineEdit()
        self.database.setPlaceholderText(DEFAULT_DATABASE)
        self.user = QLineEdit()
        self.user.setPlaceholderText("dr_lee")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = _wrapped("")
        self.password_hint.setObjectName("hint")
        self.certificate = QLineEdit()
        self.certificate.setPlaceholderText(self.tr("Optional: the practice's CA certificate"))
        self.certificate_browse = QPushButton(self.tr("Choose…"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setAutoDefault(False)  # Enter in a field never starts a connection
        self.test_result = _wrapped("")
        self.use_file = QRadioButton(self.tr("The file on this computer"))
        self.use_server = QRadioButton(self.tr("The practice server"))
        self.records = QButtonGroup(self)
        self.records.addButton(self.use_file)
        self.records.addButton(self.use_server)
        self.when = _wrapped(
            self.tr("A change here takes effect the next time Therapist Desk starts.")
        )
        self.when.setObjectName("hint")
        if now_open is not None:
            self.when.setText(
                self.tr("Open now: {0}. A change here takes effect at the next start.").format(
                    now_open
                )
            )
        self.error = _wrapped("")
        self.error.setObjectName("fieldError")
        self.error.hide()
        for widget, name in (
            (self.host, self.tr("Practice server (host name)")),
            (self.port, self.tr("Practice server port")),
            (self.database, self.tr("Practice server database")),
            (self.user, self.tr("Your login on the practice server")),
            (self.password, self.tr("Your password on the practice server")),
            (self.certificate, self.tr("CA certificate file (optional)")),
            (self.certificate_browse, self.tr("Choose a CA certificate file")),
            (self.test_button, self.tr("Test the connection to the practice server")),
            (self.use_file, self.tr("Open the file on this computer")),
            (self.use_server, self.tr("Open the practice server")),
        ):
            widget.setAccessibleName(name)
        self.certificate_browse.clicked.connect(self._choose_certificate)
        self.test_button.clicked.connect(self.test_connection)
        self._layout(intro)

    def _layout(self, intro: QLabel) -> None:
        certificate_row = QHBoxLayout()
        certificate_row.addWidget(self.certificate, 1)
        certificate_row.addWidget(self.certificate_browse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        records = QVBoxLayout()
        records.addWidget(self.use_file)
        records.addWidget(self.use_server)
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("Your login"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.password_hint)
        form.addRow(self.tr("CA certificate"), certificate_row)
        form.addRow("", test_row)
        form.addRow("", self.test_result)
        form.addRow(self.tr("Open at start"), records)
        form.addRow("", self.when)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        for first, second in zip(self._focus_order(), self._focus_order()[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _focus_order(self) -> list[QWidget]:
        return [
            self.host,
            self.port,
            self.database,
            self.user,
            self.password,
            self.certificate,
            self.certificate_browse,
            self.test_button,
            self.use_file,
            self.use_server,
        ]

    def load(self, settings: Settings) -> None:
        """Show the server settings, and whether the keyring keeps a password for them."""
        self.host.setText(settings.server_host)
        self.port.setValue(settings.server_port)
        self.database.setText(settings.server_database)
        self.user.setText(settings.server_user)
        self.certificate.setText(settings.server_sslrootcert)
        self._sslmode = settings.server_sslmode
        self.password.clear()
        (self.use_server if settings.use_server else self.use_file).setChecked(True)
        if not self._has_keyring:
            hint = self.tr(
                "This computer has no system keyring: the password is asked at each start."
            )
        elif (address := self.address()) is not None and self._kept(address):
            hint = self.tr("A password is kept in the system keyring; type a new one to change it.")
        else:
            hint = self.tr("Kept in the system keyring, never in the settings file.")
        self.password_hint.setText(hint)

    def collect(self) -> dict[str, Any]:
        """The server settings as entered, by field name (never the password)."""
        return {
            "server_host": self.host.text().strip(),
            "server_port": self.port.value(),
            "server_database": self.database.text().strip() or DEFAULT_DATABASE,
            "server_user": self.user.text().strip(),
            "server_sslmode": self._sslmode,
            "server_sslrootcert": self.certificate.text().strip(),
            "use_server": self.use_server.isChecked(),
        }

    def typed_password(self) -> str | None:
        """The password typed here, if any (to keep in the keyring on Save)."""
        return self.password.text() or None

    def address(self) -> ServerAddress | None:
        """The server as entered, or None without a server name and a login."""
        return address_from_settings(Settings.model_construct(**self.collect()))

    def problem(self) -> str | None:
        """Why these settings cannot be saved (a sentence), or None if they can."""
        if self.use_server.isChecked() and self.address() is None:
            return self.tr("To open the practice server, give its name and your login.")
        return self._certificate_problem()

    def _certificate_problem(self) -> str | None:
        certificate = self.certificate.text().strip()
        if certificate and not Path(certificate).expanduser().is_file():
            return self.tr("The CA certificate file {0} does not exist.").format(certificate)
        return None

    def show_problem(self, message: str | None) -> None:
        """Say what is wrong under the fields (None: nothing)."""
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def test_connection(self) -> None:
        """Try the server as entered, off the UI thread; the answer comes in one sentence."""
        if self._testing:
            return
        address = self.address()
        if address is None:
            self.test_result.setText(self.tr("Give the server's name and your login first."))
            return
        problem = self._certificate_problem()
        if problem is not None:
            self.test_result.setText(problem)
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_result.setToolTip("")
        self.test_result.setText(self.tr("Connecting to {0}…").format(address.host))
        self._test(address, self.typed_password(), lambda found: self._tested(address, found))

    def _tested(self, address: ServerAddress, found: ConnectionCheck) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self.test_result.setText(test_sentence(self, address, found))
        self.test_result.setToolTip(found.message)

    def _choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the practice's CA certificate"),
            "",
            self.tr("Certificates (*.crt *.pem *.cer);;All files (*)"),
        )
        if path:
            self.certificate.setText(path)


def test_sentence(widget: QWidget, address: ServerAddress, found: ConnectionCheck) -> str:
    """What a test connection found, in one sentence per kind of answer."""
    tr = widget.tr
    sentences = {
        None: tr("Connected: {user} can open the practice's records on {host}."),
        "unreachable": tr(
            "No answer from {host} on port {port}: check the server name, the port and the network."
        ),
        "wrong_password": tr("The server refused the password for {user}: type it again."),
        "certificate": tr(
            "The server's certificate could not be checked, so nothing was sent: choose "
            "the practice's CA certificate, or ask your IT person."
        ),
        "no_login": tr(
            "The server has no login named {user}: check it, or ask the practice admin."
        ),
        "no_database": tr("The server has no database named {database}: check the name."),
        "old_schema": tr(
            "The server's database needs an update before this version can use it: ask "
            "your IT person to run therapist-desk server setup."
        ),
        "newer_schema": tr(
            "The server's database is from a newer Therapist Desk: install the practice's "
            "current version."
        ),
        "not_set_up": tr(
            "The database {database} is not set up for Therapist Desk yet: ask your IT "
            "person to run therapist-desk server setup."
        ),
        "owner_login": tr(
            "{user} is the server's own login, which sees every clinician's clients: sign "
            "in with your clinician login."
        ),
    }
    sentence = sentences.get(found.kind)
    if sentence is None:
        return found.message
    return sentence.format(
        user=address.user, host=address.host, port=address.port, database=address.database
    )


def server_box(*, now_open: str | None = None, parent: QWidget | None = None) -> ServerBox:
    """The Practice server page, testing on a worker and knowing this computer's keyring."""
    return ServerBox(
        test=run_test,
        has_keyring=server.keyring_available(),
        password_kept=lambda address: server.saved_password(address) is not None,
        now_open=now_open,
        parent=parent,
    )


def run_test(
    address: ServerAddress, password: str | None, done: Callable[[ConnectionCheck], None]
) -> None:
    """Try ``address`` on a worker with ``password`` (None: the keyring's), then ``done``."""

    def check() -> ConnectionCheck:
        return server.check_connection(address, password or server.saved_password(address))

    run_op(check, done, lambda message: done(ConnectionCheck("failed", message)))


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
