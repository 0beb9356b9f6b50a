"""The main window: the screen that fits the moment, menus, privacy and text size."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLockFile, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from therapist_desk import APP_NAME
from therapist_desk.errors import UserError
from therapist_desk.settings import save_settings
from therapist_desk.ui.about import show_about
from therapist_desk.ui.backend import Backend
from therapist_desk.ui.clients_page import ClientsPage
from therapist_desk.ui.context import AppContext
from therapist_desk.ui.empty_state import EmptyState
from therapist_desk.ui.menus import build_menus
from therapist_desk.ui.privacy import PrivacyCover
from therapist_desk.ui.results_page import ResultsPage
from therapist_desk.ui.theme import apply_theme
from therapist_desk.ui.workflow import Workflow

LARGER_TEXT = 1.35


class MainWindow(QMainWindow):
    """The one window of the app."""

    def __init__(self, context: AppContext, backend: Backend) -> None:
        super().__init__()
        self.context, self.backend = context, backend
        self.instance_lock: QLockFile | None = None  # held while open (set by app.start)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 540)
        self.stack = QStackedWidget()
        self.empty_state = EmptyState()
        self.clients_page = ClientsPage(backend.search)
        self.results_page = ResultsPage()
        self.privacy_cover = PrivacyCover()
        for page in (self.empty_state, self.clients_page, self.results_page, self.privacy_cover):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.actions_ = build_menus(self)
        self._toolbar()
        self._covered_page: QWidget | None = None
        self.flow = Workflow(self)
        self._connect()
        self._restore_window()
        self.show_home()

    def _toolbar(self) -> None:
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
        a.about.triggered.connect(lambda: show_about(self, self.context.database.path))
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
        try:
            save_settings(self.context.settings, self.context.settings_path)
        except UserError as err:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(err))

    def _window_store(self) -> QSettings:
        path = self.context.settings_path.with_name("window.ini")
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_window(self) -> None:
        store = self._window_store()
        splitter = store.value("clientsSplitter")
        if isinstance(splitter, QByteArray):
            self.clients_page.restoreState(splitter)
        geometry = store.value("geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(1180, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flow.flush()
        store = self._window_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("clientsSplitter", self.clients_page.saveState())
        store.sync()
        super().closeEvent(event)
        if self.instance_lock is not None:
            self.instance_lock.unlock()
            self.instance_lock = None
