"""The rooms of the window, built once and wired together: one room's outcome opens the next.

No room imports another. Each room's controller says what happened through a signal
(an intake finished, results asked for an amendment) and this module decides which
room answers it. It also keeps the menus in step with the page that is shown.

The client list is built with the window; the intake, results, sharing and settings
rooms are built (and their modules imported) the first time they are used, so the
list is shown without waiting for them (docs/benchmarks.md).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton, QToolBar, QWidget

from therapist_desk.services import client_list
from therapist_desk.ui.clients.controller import ClientsController
from therapist_desk.ui.clients.list_page import ClientsPage
from therapist_desk.ui.security.autolock import IdleWatcher, ScreenLock
from therapist_desk.ui.security.controller import SecurityController
from therapist_desk.ui.shell.empty_state import EmptyState
from therapist_desk.ui.shell.menus import build_menus
from therapist_desk.ui.shell.privacy_cover import PrivacyCover
from therapist_desk.ui.widgets.dialogs import Dialogs
from therapist_desk.ui.widgets.theme import apply_theme

if TYPE_CHECKING:
    from therapist_desk.ui.intake.controller import IntakeController
    from therapist_desk.ui.results.controller import ResultsController
    from therapist_desk.ui.results.page import ResultsPage
    from therapist_desk.ui.settings.controller import SettingsController
    from therapist_desk.ui.sharing.controller import SharingController
    from therapist_desk.ui.shell.main_window import MainWindow


class Rooms:
    """Every page and controller of one window, and the wiring between them."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialogs = Dialogs(window)
        self.empty_state = EmptyState()
        self.clients_page = ClientsPage(lambda *a: self.clients.fetch(*a))
        self.privacy_cover = PrivacyCover()
        for page in (self.empty_state, self.clients_page, self.privacy_cover):
            window.stack.addWidget(page)
        self.actions = build_menus(window)
        self._covered_page: QWidget | None = None
        self.clients = ClientsController(window, self.clients_page)
        self.security = SecurityController(window)
        self.screen_lock = ScreenLock(
            verify=self.security.unlocks,
            hint=self.security.unlock_hint,
            available=self.security.can_lock,
            parent=window,
        )
        self.idle_watcher = IdleWatcher(window)
        self.idle_watcher.idle.connect(self.screen_lock.lock)
        self.screen_lock.locked_changed.connect(self._lock_changed)
        self._toolbar()
        self._wire()
        self.idle_watcher.set_minutes(window.practice.settings.autolock_minutes)

    # Building --------------------------------------------------------------------------

    @cached_property
    def intake(self) -> IntakeController:
        """The intake wizard's room (built on first use)."""
        from therapist_desk.ui.intake.controller import IntakeController

        intake = IntakeController(self.window)
        intake.completed.connect(
            lambda intake_id: self.results.show_results_later(intake_id, failed=self.show_home)
        )
        intake.results_requested.connect(lambda intake_id: self.results.show_results(intake_id))
        return intake

    @cached_property
    def results_page(self) -> ResultsPage:
        """The results page (built on first use)."""
        from therapist_desk.ui.results.page import ResultsPage

        page = ResultsPage()
        self.window.stack.addWidget(page)
        return page

    @cached_property
    def results(self) -> ResultsController:
        """The results room (built on first use)."""
        from therapist_desk.ui.results.controller import ResultsController

        results = ResultsController(self.window, self.results_page)
        results.amended.connect(lambda intake_id: self.intake.open_draft(intake_id))
        results.back_requested.connect(self.back_to_client)
        results.share_requested.connect(lambda: self.sharing.open_preview())
        return results

    @cached_property
    def sharing(self) -> SharingController:
        """Preview, print, email and export (built on first use: QtPdf loads then)."""
        from therapist_desk.ui.sharing.controller import SharingController

        return SharingController(
            self.window,
            current_intake=lambda: self.results.intake_id if self.on_results() else None,
            current_client=lambda: self.clients.client_id,
        )

    @cached_property
    def settings(self) -> SettingsController:
        """The settings room (built on first use)."""
        from therapist_desk.ui.settings.controller import SettingsController

        settings = SettingsController(self.window, self._security_tab)
        settings.saved.connect(self.apply_settings)
        return settings

    def _built(self, room: str) -> Any:
        """The room of that attribute name if it has been built, else None (no building)."""
        return self.__dict__.get(room)

    def _toolbar(self) -> None:
        bar = QToolBar(self.window.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.privacy_button = QPushButton(self.window.tr("Hide client data"))
        self.privacy_button.setAccessibleName(self.window.tr("Hide client data (Ctrl+Shift+H)"))
        self.privacy_button.setToolTip(
            self.window.tr("Blank the screen for screen sharing (Ctrl+Shift+H)")
        )
        self.privacy_button.clicked.connect(self.actions.privacy.trigger)
        bar.addWidget(self.privacy_button)
        self.window.addToolBar(bar)

    def _security_tab(self) -> QWidget:
        from therapist_desk.ui.security.security_box import SecurityBox

        return SecurityBox(
            encrypted=self.security.encrypted,
            check_passphrase=self.security.is_passphrase,
            change_encryption=self.security.change_encryption,
        )

    def _wire(self) -> None:
        a, w = self.actions, self.window
        a.quit.triggered.connect(w.close)
        a.about.triggered.connect(self.show_about)
        a.new_client.triggered.connect(self.clients.new_client)
        a.settings.triggered.connect(lambda: self.settings.open_settings())
        a.back_up.triggered.connect(lambda: self.settings.back_up_now())
        a.find.triggered.connect(self.focus_search)
        a.edit_client.triggered.connect(self.clients.edit_client)
        a.archive_client.triggered.connect(self.clients.toggle_archive)
        a.erase_client.triggered.connect(self.clients.erase_client)
        a.start_intake.triggered.connect(self.clients.request_intake)
        a.finish_intake.triggered.connect(self.finish_intake)
        a.client_pdf.triggered.connect(lambda: self.create_pdf("client"))
        a.clinician_pdf.triggered.connect(lambda: self.create_pdf("clinician"))
        a.preview.triggered.connect(lambda: self.sharing.open_preview())
        a.print_summary.triggered.connect(lambda: self.sharing.print_summary())
        a.email_summary.triggered.connect(lambda: self.sharing.email.compose())
        a.export_data.triggered.connect(lambda: self.sharing.export_data())
        a.privacy.toggled.connect(self.set_privacy)
        a.lock.triggered.connect(self.lock_now)
        a.larger_text.toggled.connect(w.set_larger_text)
        a.larger_text.setChecked(w.practice.settings.text_scale > 1.0)
        self.empty_state.add_client_requested.connect(self.clients.new_client)
        self.privacy_cover.reveal_requested.connect(lambda: a.privacy.setChecked(False))
        self.clients.intake_requested.connect(
            lambda client_id: self.intake.start_or_resume(client_id)
        )
        self.clients.intake_opened.connect(lambda intake_id: self.intake.open_intake(intake_id))

    # Navigation ------------------------------------------------------------------------

    def show_home(self) -> None:
        """The client list, or the invitation to add a first client."""
        if client_list.count_clients(practice=self.window.practice) == 0:
            self.show_page(self.empty_state)
        else:
            self.clients_page.apply_filter()
            self.show_page(self.clients_page)

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` to the front (behind the privacy cover when it is up)."""
        stack = self.window.stack
        if stack.indexOf(page) < 0:
            stack.addWidget(page)
        if self.actions.privacy.isChecked():
            self._covered_page = page
            return
        stack.setCurrentWidget(page)
        intake = self._built("intake")
        if intake is not None:
            intake.page_changed(page)
        self.update_actions()

    def current_page(self) -> QWidget:
        """The page in front."""
        return self.window.stack.currentWidget()

    def on_results(self) -> bool:
        """Whether the results page is in front."""
        page = self._built("results_page")
        return page is not None and self.current_page() is page

    def back_to_client(self) -> None:
        """From results or the wizard back to the client's page."""
        if self._built("intake") is not None:
            self.intake.flush()
        self.show_home()
        if self.clients.client_id is not None:
            self.clients_page.select_client(self.clients.client_id)

    def finish_intake(self) -> None:
        """Intake > Finish: the finish question, when the wizard is in front."""
        if self._showing_wizard():
            self.intake.finish()

    def create_pdf(self, variant: str) -> None:
        """Intake > Create PDF: from the results in front."""
        if self.on_results():
            self.results.create_pdf(variant)

    def _showing_wizard(self) -> bool:
        intake = self._built("intake")
        return intake is not None and intake.showing(self.current_page())

    def focus_search(self) -> None:
        """Ctrl+F: the client search field."""
        if self.actions.privacy.isChecked():
            return
        if self.current_page() is not self.clients_page:
            self.show_home()
        self.clients_page.search.setFocus()
        self.clients_page.search.selectAll()

    def update_actions(self) -> None:
        """Enable only the actions that make sense on the page shown."""
        a = self.actions
        if self.screen_lock.locked:
            return  # everything stays disabled behind the lock; updated on unlock
        covered = a.privacy.isChecked()
        has_client = self.clients.client_id is not None and not covered
        for action in (
            a.edit_client,
            a.archive_client,
            a.erase_client,
            a.start_intake,
            a.export_data,
        ):
            action.setEnabled(has_client)
        a.finish_intake.setEnabled(not covered and self._showing_wizard())
        on_results = not covered and self.on_results()
        for action in (a.client_pdf, a.clinician_pdf, a.preview, a.print_summary, a.email_summary):
            action.setEnabled(on_results)
        for action in (a.new_client, a.find, a.settings):
            action.setEnabled(not covered)

    # Privacy, lock, settings -----------------------------------------------------------

    def set_privacy(self, hidden: bool) -> None:
        """Blank every client detail at once, or bring back what was shown."""
        stack = self.window.stack
        if hidden:
            self._covered_page = stack.currentWidget()
            stack.setCurrentWidget(self.privacy_cover)
            self.privacy_button.setText(self.window.tr("Show client data"))
        else:
            stack.setCurrentWidget(self._covered_page or self.clients_page)
            self._covered_page = None
            self.privacy_button.setText(self.window.tr("Hide client data"))
        self.update_actions()

    def lock_now(self) -> None:
        """View > Lock now: hide client data until the passphrase or PIN is typed."""
        if not self.screen_lock.lock():
            self.dialogs.inform(
                self.window.tr("Nothing to unlock with yet"),
                self.window.tr(
                    "To lock the app, first encrypt the database with a passphrase or set "
                    "a lock PIN, in Settings > Security."
                ),
            )

    def _lock_changed(self, locked: bool) -> None:
        if not locked:
            self.update_actions()

    def apply_settings(self) -> None:
        """Apply the settings that act at once: the auto-lock time and the text size."""
        from PySide6.QtWidgets import QApplication

        settings = self.window.practice.settings
        self.idle_watcher.set_minutes(settings.autolock_minutes)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.text_scale)

    def show_about(self) -> None:
        """Help > About: version, licence and where the data lives."""
        from therapist_desk.ui.shell.about import show_about

        show_about(self.window, self.window.practice.database.path)

    def closing(self) -> None:
        """The window closes: drafts for the mail app are removed."""
        from therapist_desk.sharing.drafts import remove_old_drafts

        remove_old_drafts()
