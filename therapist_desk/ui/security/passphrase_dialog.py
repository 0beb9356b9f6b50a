"""Asking for the database passphrase: at start, and when setting or changing it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from therapist_desk import APP_NAME
from therapist_desk.services.errors import DatabaseProblem
from therapist_desk.services.security import passphrase_problem

TEXT_WIDTH = 500
FORGOTTEN_WARNING = (
    "Nobody can open the records without this passphrase — not you, not us. "
    "Keep it somewhere safe, away from this computer."
)


def password_field(accessible_name: str) -> QLineEdit:
    """A line edit that hides what is typed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


def stack(dialog: QDialog, *parts: QWidget | QLayout) -> None:
    """Lay out ``parts`` top to bottom in ``dialog``; wrapped labels get a fixed width.

    A word-wrapped QLabel without a width cannot tell its height, and the dialog then
    cuts its text; a fixed width lets the dialog size itself to the words.
    """
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
            continue
        if isinstance(part, QLabel) and part.wordWrap():
            part.setFixedWidth(TEXT_WIDTH)
        layout.addWidget(part)


def error_label() -> QLabel:
    """The red line under a form that says what is wrong (hidden until needed)."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class StartPassphraseDialog(QDialog):
    """At start: the database is encrypted; ask for its passphrase (or quit)."""

    def __init__(self, problem: DatabaseProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{0} — encrypted database").format(APP_NAME))
        intro = QLabel(
            self.tr("The database {0} is encrypted. Enter its passphrase to open it.").format(
                problem.path
            )
        )
        intro.setWordWrap(True)
        self.passphrase = password_field(self.tr("Passphrase"))
        self.error = error_label()
        if problem.kind == "wrong_passphrase":
            self.error.setText(str(problem))
            self.error.show()
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(
            self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept_if_given)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase)
        stack(self, intro, form, self.error, buttons)

    def _accept_if_given(self) -> None:
        if not self.passphrase.text():
            self.error.setText(self.tr("Type the passphrase, or choose Quit."))
            self.error.show()
            return
        self.accept()


def ask_start_passphrase(problem: DatabaseProblem) -> str | None:
    """The passphrase typed for ``problem.path``, or ``None`` if the user quit."""
    dialog = StartPassphraseDialog(problem)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


class NewPassphraseDialog(QDialog):
    """Choose a passphrase (typed twice); to change one, the current one first.

    ``check_current`` says whether a typed current passphrase is right; without it the
    dialog sets a first passphrase. ``passphrase`` holds the new one after OK.
    """

    def __init__(
        self,
        *,
        check_current: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        changing = check_current is not None
        self.setWindowTitle(
            self.tr("Change the passphrase") if changing else self.tr("Encrypt the database")
        )
        self._check_current = check_current
        self.passphrase = ""
        self.current = password_field(self.tr("Current passphrase"))
        self.new = password_field(self.tr("New passphrase"))
        self.confirm = password_field(self.tr("New passphrase again"))
        intro = QLabel(
            self.tr(
                "The database and its backups will be rewritten, encrypted with the new "
                "passphrase, and the old copies erased. You will be asked for it each "
                "time Therapist Desk starts."
            )
        )
        intro.setWordWrap(True)
        warning = QLabel(self.tr(FORGOTTEN_WARNING))
        warning.setWordWrap(True)
        warning.setObjectName("warning")
        self.error = error_label()
        form = QFormLayout()
        if changing:
            form.addRow(self.tr("Current passphrase"), self.current)
        form.addRow(self.tr("New passphrase"), self.new)
        form.addRow(self.tr("Type it again"), self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Change passphrase") if changing else self.tr("Encrypt")
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        stack(self, intro, form, warning, self.error, buttons)

    def try_accept(self) -> None:
        """Accept only a usable passphrase typed the same twice (and the right current one)."""
        new = self.new.text()
        if self._check_current is not None and not self._check_current(self.current.text()):
            self._show_error(self.tr("The current passphrase is not right."))
            return
        if problem := passphrase_problem(new):
            self._show_error(problem)
            return
        if new != self.confirm.text():
            self._show_error(self.tr("The two new passphrases are not the same; type them again."))
            return
        self.passphrase = new
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
