"""The main window: the page that fits the moment, menus, privacy and text size.

The window is built in steps so that it paints at once: `MainWindow()` is an empty frame
(Qt and nothing else imported, no text: the first text laid out loads the font database),
`show_opening()` then says the practice is being opened (and adds the status bar), and
`attach()` adds the pages, menus and the rooms' controllers once the practice is open.
Everything heavy (SQLAlchemy, pydantic models, the intake catalogue) is imported by
`attach()`. The window is the rooms' `Host`: they ask it to show a page or a status
line, and it wires one room's outcome to the next room (see `rooms.wire`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from therapist_desk import APP_NAME
from therapist_desk.paths import settings_path

if TYPE_CHECKING:
    from therapist_desk.services.practice import Practice

LARGER_TEXT = 1.35


class HeldLock(Protocol):
    """The practice lock the window holds while it is open (`store.lock.PracticeLock`)."""

    def unlock(self) -> None: ...


class MainWindow(QMainWindow):
    """The one window of the app."""

    def __init__(self, practice: Practice | None = None) -> None:
        super().__init__()
        self.instance_lock: HeldLock | None = None  # held while open (set by app.start)
        self.attached = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 540)
        self.stack = QStackedWidget()
        # The page while the practice opens. Its line ("Opening your practice…") comes
        # with `show_opening`, after the first paint: laying out the first text loads
        # the font database (13-15 ms), and the empty window can be on screen before.
        self.opening = QWidget()
        self.opening_label: QLabel | None = None
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)
        self._restore_geometry()
        if practice is not None:
            self.attach(practice)

    def attach(self, practice: Practice) -> None:
        """Fill the window for the open practice: pages, menus, toolbar, the rooms."""
        from therapist_desk.ui.shell.rooms import Rooms
        from therapist_desk.ui.widgets.audience import AudienceState
        from therapist_desk.ui.widgets.dialogs import Dialogs

        self.practice = practice
        self._add_status_bar()
        self.dialogs = Dialogs(self)  # every question the app asks (tests answer them)
        self.audience = AudienceState(self)  # who is looking: asked before showing answers
        self.rooms = Rooms(self)
        frame = QWidget()
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.rooms.audience_bar)
        column.addWidget(self.rooms.server_banner)
        self.takeCentralWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(frame)
        frame.show()
        self.stack.show()
        self._restore_splitter()
        self._show_where(practice)
        self.attached = True
        self.show_home()
        self.rooms.refocus_page()  # the keyboard ready: the client search, or the first client
        self.activateWindow()  # with no window manager, nothing else gives the app the keyboard
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        from therapist_desk.ui.shell.warmup import start_warmup

        self.warmup = start_warmup(self)  # the first PDF then starts as fast as later ones

    def show_opening(self, text: str | None = None) -> QLabel | None:
        """Say what is being opened (before the practice is attached); the line said.

        Without ``text``: "Opening your practice…". None once the practice is attached.
        """
        if self.attached:
            return None
        line = self.tr("Opening your practice…") if text is None else text
        if self.opening_label is None:
            self._add_status_bar()
            self.opening_label = _centred(self.opening, line)
        else:
            self.opening_label.setText(line)
        return self.opening_label

    def _add_status_bar(self) -> None:
        """The status bar, made before any page but the opening one is shown: made by the
        first message instead, it pushed the whole window up a line and repainted all
        of it (10-20 ms on a long client list, in the middle of what the message was
        about). Not in the first paint: it lays out text (see `show_opening`)."""
        self.statusBar().setSizeGripEnabled(True)

    def _show_where(self, practice: Practice) -> None:
        """On a practice server, the title and the status bar name it and the login."""
        if not practice.on_server:
            return
        where = practice.database.describe()
        self.setWindowTitle(f"{APP_NAME} — {where}")
        label = QLabel(self.tr("Practice server: {0}").format(where))
        label.setObjectName("hint")
        label.setAccessibleName(self.tr("Records on the practice server {0}").format(where))
        self.statusBar().addPermanentWidget(label)

    # Host: what the rooms ask of the window -------------------------------------------

    def showing(self, *pages: QWidget) -> bool:
        """Whether one of ``pages`` is the page in front."""
        return self.rooms.showing(*pages)

    def show_home(self) -> None:
        """The client list, or the invitation to add a first client."""
        self.rooms.show_home()

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` to the front (behind the privacy cover when it is up)."""
        self.rooms.show_page(page)

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        """A line in the status bar (0: until replaced)."""
        self.statusBar().showMessage(text, timeout_ms)

    def update_actions(self) -> None:
        """Enable only the actions that make sense on the page shown."""
        self.rooms.update_actions()

    # Text size, window state ----------------------------------------------------------

    def set_larger_text(self, larger: bool) -> None:
        """Switch between normal and larger text (for sharing the screen); remembered."""
        scale = LARGER_TEXT if larger else 1.0
        from therapist_desk.ui.widgets.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, scale)
        if self.practice.settings.text_scale != scale:
            self.practice.settings.text_scale = scale
            self.rooms.settings.save_quietly()

    def _window_store(self) -> QSettings:
        path = settings_path().with_name("window.ini")
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._window_store().value("geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(1180, 760)

    def _restore_splitter(self) -> None:
        splitter = self._window_store().value("clientsSplitter")
        if isinstance(splitter, QByteArray):
            self.rooms.clients_page.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:
            self.rooms.intake.flush()  # a typed answer is saved (or kept) first
            if not self.rooms.may_close():
                event.ignore()  # answers still wait for the practice server: stay
                return
        store = self._window_store()
        store.setValue("geometry", self.saveGeometry())
        if self.attached:
            store.setValue("clientsSplitter", self.rooms.clients_page.saveState())
            self.rooms.closing()
        store.sync()
        super().closeEvent(event)
        if self.instance_lock is not None:
            self.instance_lock.unlock()
            self.instance_lock = None


def _centred(page: QWidget, text: str) -> QLabel:
    """A line saying ``text`` in the middle of ``page`` (laid out with stretches)."""
    label = QLabel(text)
    label.setObjectName("hint")
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return label
