"""The main window: the screen that fits the moment, menus, privacy and text size.

The window is built in two steps so that it paints at once: `MainWindow()` is a light
frame saying the practice is being opened (Qt and nothing else imported), and
`attach()` adds the pages, menus and workflow once the database is open. Everything
heavy (SQLAlchemy, pydantic models, the intake catalogue) is imported by `attach()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLockFile, QSettings
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
from therapist_desk.errors import UserError
from therapist_desk.paths import settings_path
from therapist_desk.ui.theme import apply_theme

if TYPE_CHECKING:
    from therapist_desk.ui.backend import Backend
    from therapist_desk.ui.context import AppContext

LARGER_TEXT = 1.35


class MainWindow(QMainWindow):
    """The one window of the app."""

    def __init__(self, context: AppContext | None = None, backend: Backend | None = None) -> None:
        super().__init__()
        self.instance_lock: QLockFile | None = None  # held while open (set by app.start)
        self.attached = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 540)
        self.stack = QStackedWidget()
        self.opening = _centred(QLabel(self.tr("Opening your practice…")))
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)
        self._restore_geometry()
        if context is not None and backend is not None:
            self.attach(context, backend)

    def attach(self, context: AppContext, backend: Backend) -> None:
        """Fill the window for the open database: pages, menus, toolbar, the workflow."""
        from therapist_desk.ui.autolock import IdleWatcher, ScreenLock
        from therapist_desk.ui.clients_page import ClientsPage
        from therapist_desk.ui.empty_state import EmptyState
        from therapist_desk.ui.menus import build_menus
        from therapist_desk.ui.privacy import PrivacyCover
        from therapist_desk.ui.results_page import ResultsPage
        from therapist_desk.ui.security_flow import SecurityFlow
        from therapist_desk.ui.workflow import Workflow

        self.context, self.backend = context, backend
        self.empty_state = EmptyState()
        self.clients_page = ClientsPage(backend.search)
        self.results_page = ResultsPage()
        self.privacy_cover = PrivacyCover()
        for page in (self.empty_state, self.clients_page, self.results_page, self.privacy_cover):
            self.stack.addWidget(page)
        self.actions_ = build_menus(self)
        self._toolbar()
        self._covered_page: QWidget | None = None
        self.flow = Workflow(self)
        self.security = SecurityFlow(context, backend)
        self.screen_lock = ScreenLock(
            verify=self.security.unlocks,
            hint=self.security.unlock_hint,
            available=self.security.can_lock,
            parent=self,
        )
        self.idle_watcher = IdleWatcher(self)
        self.idle_watcher.idle.connect(self.screen_lock.lock)
        self.screen_lock.locked_changed.connect(self._lock_changed)
        self.apply_lock_settings()
        self._connect()
        self._restore_splitter()
        self.attached = True
        self.show_home()
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        from therapist_desk.ui.warmup import start_warmup

        self.warmup = start_warmup(self)  # the first PDF then starts as fast as later ones

    def _toolbar(self) -> None:
        from PySide6.QtWidgets import QPushButton, QToolBar

        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.privacy_button = QPushButton(self.tr("Hide client data"))
        self.privacy_button.setAccessibleName(self.tr("Hide client data (Ctrl+Shift+H)"))
        self.privacy_button.setToolTip(
            self.tr("Blank the screen for screen sharing (Ctrl+Shift+H)")
        )
        self.privacy_button.clicked.connect(self.actions_.privacy.trigger)
        bar.addWidget(self.privacy_button)
        self.addToolBar(bar)

    def _connect(self) -> None:
        a, flow = self.actions_, self.flow
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.show_about)
        a.new_client.triggered.connect(flow.new_client)
        a.settings.triggered.connect(flow.open_settings)
        a.back_up.triggered.connect(flow.back_up_now)
        a.find.triggered.connect(self.focus_search)
        a.edit_client.triggered.connect(flow.edit_client)
        a.archive_client.triggered.connect(flow.toggle_archive)
        a.erase_client.triggered.connect(flow.erase_client)
        a.start_intake.triggered.connect(flow.start_or_resume)
        a.finish_intake.triggered.connect(flow.finish_intake)
        a.client_pdf.triggered.connect(lambda: flow.create_pdf("client"))
        a.clinician_pdf.triggered.connect(lambda: flow.create_pdf("clinician"))
        a.privacy.toggled.connect(self.set_privacy)
        a.lock.triggered.connect(self.lock_now)
        a.larger_text.toggled.connect(self.set_larger_text)
        self.empty_state.add_client_requested.connect(flow.new_client)
        self.privacy_cover.reveal_requested.connect(lambda: a.privacy.setChecked(False))
        self.clients_page.new_client_requested.connect(flow.new_client)
        self.clients_page.client_selected.connect(flow.show_client)
        page = self.clients_page.client_page
        page.start_intake.connect(flow.start_or_resume)
        page.resume_intake.connect(flow.open_draft)
        page.open_intake.connect(flow.open_intake)
        page.edit_client.connect(flow.edit_client)
        page.archive_toggled.connect(flow.toggle_archive)
        page.erase_client.connect(flow.erase_client)
        self.results_page.decision_made.connect(flow.record_decision)
        self.results_page.pdf_requested.connect(flow.create_pdf)
        self.results_page.amend_requested.connect(flow.amend)
        self.results_page.reevaluate_requested.connect(flow.reevaluate)
        self.results_page.back_requested.connect(flow.back_to_client)
        self.actions_.larger_text.setChecked(self.context.settings.text_scale > 1.0)

    def show_home(self) -> None:
        """The client list, or the invitation to add a first client."""
        if self.backend.count_clients() == 0:
            self.show_page(self.empty_state)
        else:
            self.clients_page.apply_filter()
            self.show_page(self.clients_page)

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` to the front (behind the privacy cover when it is up)."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        if self.actions_.privacy.isChecked():
            self._covered_page = page
            return
        self.stack.setCurrentWidget(page)
        self.flow.update_actions()

    def focus_search(self) -> None:
        """Ctrl+F: the client search field."""
        if self.actions_.privacy.isChecked():
            return
        if self.stack.currentWidget() is not self.clients_page:
            self.show_home()
        self.clients_page.search.setFocus()
        self.clients_page.search.selectAll()

    def set_privacy(self, hidden: bool) -> None:
        """Blank every client detail at once, or bring back what was shown."""
        if hidden:
            self._covered_page = self.stack.currentWidget()
            self.stack.setCurrentWidget(self.privacy_cover)
            self.privacy_button.setText(self.tr("Show client data"))
        else:
            self.stack.setCurrentWidget(self._covered_page or self.clients_page)
            self._covered_page = None
            self.privacy_button.setText(self.tr("Hide client data"))
        self.flow.update_actions()

    def show_about(self) -> None:
        """Help > About: version, licence and where the data lives."""
        from therapist_desk.ui.about import show_about

        show_about(self, self.context.database.path)

    def apply_lock_settings(self) -> None:
        """Start (or stop) the idle watch with the auto-lock time from the settings."""
        self.idle_watcher.set_minutes(self.context.settings.autolock_minutes)

    def _lock_changed(self, locked: bool) -> None:
        if not locked:
            self.flow.update_actions()

    def lock_now(self) -> None:
        """View > Lock now: hide client data until the passphrase or PIN is typed."""
        from PySide6.QtWidgets import QMessageBox

        if not self.screen_lock.lock():
            QMessageBox.information(
                self,
                self.tr("Nothing to unlock with yet"),
                self.tr(
                    "To lock the app, first encrypt the database with a passphrase or set "
                    "a lock PIN, in Settings > Security."
                ),
            )

    def set_larger_text(self, larger: bool) -> None:
        """Switch between normal and larger text (for sharing the screen); remembered."""
        scale = LARGER_TEXT if larger else 1.0
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, scale)
        if self.context.settings.text_scale != scale:
            self.context.settings.text_scale = scale
            self.save_settings_quietly()

    def save_settings_quietly(self) -> None:
        """Save the settings; a failure is shown, never raised."""
        from PySide6.QtWidgets import QMessageBox

        from therapist_desk.settings import save_settings

        try:
            save_settings(self.context.settings, self.context.settings_path)
        except UserError as err:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(err))

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
            self.clients_page.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = self._window_store()
        store.setValue("geometry", self.saveGeometry())
        if self.attached:
            from therapist_desk.sharing.drafts import remove_old_drafts

            self.flow.flush()
            store.setValue("clientsSplitter", self.clients_page.saveState())
            remove_old_drafts()
        store.sync()
        super().closeEvent(event)
        if self.instance_lock is not None:
            self.instance_lock.unlock()
            self.instance_lock = None


def _centred(label: QLabel) -> QWidget:
    """``label`` in the middle of a page (with stretches: no Qt enums before first paint)."""
    label.setObjectName("hint")
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return page
