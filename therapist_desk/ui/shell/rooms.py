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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QToolBar, QWidget

from therapist_desk.intake.audience import Audience
from therapist_desk.services import client_list
from therapist_desk.ui.clients.controller import ClientsController
from therapist_desk.ui.clients.list_page import ClientsPage
from therapist_desk.ui.intake.saving import AnswerSaves
from therapist_desk.ui.security.autolock import IdleWatcher, ScreenLock
from therapist_desk.ui.security.controller import SecurityController
from therapist_desk.ui.shell.audience_bar import AudienceBar
from therapist_desk.ui.shell.empty_state import EmptyState
from therapist_desk.ui.shell.keyboard_home import KeyboardHome
from therapist_desk.ui.shell.menus import build_menus, server_menus
from therapist_desk.ui.shell.privacy_cover import PrivacyCover
from therapist_desk.ui.shell.server_banner import ServerBanner, ask_to_close, hold_while_saving
from therapist_desk.ui.widgets import input_watch
from therapist_desk.ui.widgets.theme import apply_theme

if TYPE_CHECKING:
    from therapist_desk.ui.intake.controller import IntakeController
    from therapist_desk.ui.intake.handover import HandoverWindow
    from therapist_desk.ui.results.controller import ResultsController
    from therapist_desk.ui.results.page import ResultsPage
    from therapist_desk.ui.results.ready_page import ResultsReadyPage
    from therapist_desk.ui.settings.controller import SettingsController
    from therapist_desk.ui.sharing.controller import SharingController
    from therapist_desk.ui.shell.main_window import MainWindow


class Rooms:
    """Every page and controller of one window, and the wiring between them."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialogs, self.audience = window.dialogs, window.audience
        self.audience_bar = AudienceBar(self.audience)
        # Every answer goes through it; it keeps them while the practice server is away.
        self.saves = AnswerSaves(window.practice, window)
        self.server_banner = ServerBanner(self.saves)
        self.empty_state = EmptyState()
        self.clients_page = ClientsPage(lambda *a: self.clients.fetch(*a))
        self.privacy_cover = PrivacyCover()
        for page in (self.empty_state, self.clients_page, self.privacy_cover):
            window.stack.addWidget(page)
        self.actions = build_menus(window)
        if window.practice.on_server:
            server_menus(window, self.actions)
        fill_room_menu = lambda *_: self.audience_bar.fill_menu(self.actions.room)  # noqa: E731
        self.actions.room.aboutToShow.connect(fill_room_menu)
        self.audience.changed.connect(fill_room_menu)
        self.audience.people_changed.connect(fill_room_menu)
        fill_room_menu()
        self._covered_page: QWidget | None = None
        self.clients = ClientsController(window, self.clients_page)
        self.security = SecurityController(window)
        self.screen_lock = ScreenLock(
            verify=self.security.unlocks,
            hint=self.security.unlock_hint,
            refusal=self.security.refusal,
            available=self.security.can_lock,
            slow_check=self.security.server_check,
            parent=window,
        )
        self.idle_watcher = IdleWatcher(window)
        self.idle_watcher.idle.connect(self.screen_lock.lock)
        self.screen_lock.locked_changed.connect(self._lock_changed)
        self.risk_signals: tuple = ()
        self._handover_from_panel = False
        self.handover: HandoverWindow | None = None
        self.keyboard_home = KeyboardHome(window, self.refocus_page)
        self._toolbar()
        self._wire()
        self.saves.changed.connect(self.update_actions)
        self.saves.refused.connect(
            lambda message: self.dialogs.inform(
                window.tr("Some answers were not saved"), message, warning=True
            )
        )
        self.idle_watcher.set_minutes(window.practice.settings.autolock_minutes)
        if window.practice.settings.handover_active:
            QTimer.singleShot(0, self._locked_after_handover)

    # Building --------------------------------------------------------------------------

    @cached_property
    def intake(self) -> IntakeController:
        """The intake wizard's room (built on first use)."""
        from therapist_desk.ui.intake.controller import IntakeController

        intake = IntakeController(
            self.window, self.saves, review_consent=lambda: self.settings.review_consent()
        )
        intake.completed.connect(
            lambda intake_id, found: self.results.show_ready(
                intake_id, failed=self.show_home, found=found
            )
        )
        intake.results_requested.connect(lambda intake_id: self.results.show_results(intake_id))
        intake.risk_changed.connect(self._risk_changed)
        intake.handover_requested.connect(self.start_handover)
        # An intake ends in the results room: build it while the first page is read, so
        # that finishing only fills it (its widgets were built inside the finish).
        QTimer.singleShot(0, lambda: self.results)
        return intake

    @cached_property
    def results_page(self) -> ResultsPage:
        """The results page (built on first use)."""
        from therapist_desk.ui.results.page import ResultsPage

        page = ResultsPage()
        self.window.stack.addWidget(page)
        return page

    @cached_property
    def ready_page(self) -> ResultsReadyPage:
        """The neutral "results are ready" page (built with the results room)."""
        from therapist_desk.ui.results.ready_page import ResultsReadyPage

        page = ResultsReadyPage()
        self.window.stack.addWidget(page)
        return page

    @cached_property
    def results(self) -> ResultsController:
        """The results room (built on first use)."""
        from therapist_desk.ui.results.controller import ResultsController

        results = ResultsController(self.window, self.results_page, self.ready_page)
        results.amended.connect(lambda intake_id: self.intake.open_draft(intake_id))
        results.back_requested.connect(self.back_to_client)
        results.share_requested.connect(lambda: self.sharing.open_preview())
        self.audience_bar.chosen.connect(results.chosen_again)
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
        settings.saved.connect(self._consent_changed)  # the practice's name is in the words
        settings.consent_kept.connect(self._consent_changed)
        return settings

    def _consent_changed(self) -> None:
        if self._built("intake") is not None:
            self.intake.consent_changed()

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
        # Reached by Ctrl+Shift+H or a click, never by the focus that dialogs hand back:
        # a later Enter would blank the screen instead of going on with the page.
        self.privacy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.addWidget(self.privacy_button)
        self.window.addToolBar(bar)

    def _security_tab(self) -> QWidget:
        from therapist_desk.ui.security.security_box import SecurityBox

        return SecurityBox(
            on_server=self.security.on_server(),
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
        a.observations.triggered.connect(self.go_to_observations)
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
        self.clients.reassessment_requested.connect(
            lambda client_id: self.intake.start_reassessment(client_id)
        )
        self.audience.changed.connect(lambda _audience: self._audience_changed())
        self.audience_bar.risk_requested.connect(self.show_safety)
        self.audience_bar.handover_requested.connect(self.start_handover)

    # Navigation ------------------------------------------------------------------------

    def show_home(self) -> None:
        """The client list, or the invitation to add a first client (the clinician's).

        Only the clinician reaches it: while a partner may be looking, nothing happens.
        """
        if not self.audience.is_clinician:
            return
        self.audience.set_people({}, couple=False)
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

    def refocus_page(self) -> None:
        """The keyboard on the main action of the page in front (another window went)."""
        page, ready = self.current_page(), self._built("ready_page")
        if self._showing_wizard():
            self.intake.refocus()
        elif page is self.clients_page:
            self.clients_page.focus_start()
        elif page is self.empty_state:
            self.empty_state.button.setFocus()
        elif ready is not None and page is ready:
            ready.focus_default()

    def current_page(self) -> QWidget:
        """The page in front."""
        return self.window.stack.currentWidget()

    def on_results(self) -> bool:
        """Whether the results page is in front, in the clinician's view."""
        page = self._built("results_page")
        return page is not None and self.current_page() is page and self.audience.is_clinician

    def showing(self, *pages: QWidget) -> bool:
        """Whether one of ``pages`` is in front (under the privacy cover counts too)."""
        current = self._covered_page if self.actions.privacy.isChecked() else self.current_page()
        return current in pages

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

    def go_to_observations(self) -> None:
        """Intake > Clinician's observations: their first page, for the clinician alone.

        A finished intake is kept as it was (the observations are part of its result),
        so from its results they go into an amended copy, which opens on them.
        """
        if self.on_results() and self.results.amend() is not None:
            self.audience.set(Audience.clinician())
            self.window.show_status(
                self.window.tr(
                    "Your observations go into an amended copy of the intake; the "
                    "finished intake is kept as it was."
                ),
                0,
            )
        if self._showing_wizard() and self.audience.is_clinician:
            self.intake.wizard.go_to_observations()

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
        covered = a.privacy.isChecked() or not self.audience.is_clinician
        has_client = self.clients.client_id is not None and not covered
        for action in (
            a.edit_client,
            a.archive_client,
            a.erase_client,
            a.start_intake,
            a.export_data,
        ):
            action.setEnabled(has_client)
        a.observations.setEnabled(not covered and (self._showing_wizard() or self.on_results()))
        on_results = not covered and self.on_results()
        for action in (a.client_pdf, a.clinician_pdf, a.preview, a.print_summary, a.email_summary):
            action.setEnabled(on_results)
        for action in (a.new_client, a.find, a.settings):
            action.setEnabled(not covered)
        a.finish_intake.setEnabled(not a.privacy.isChecked() and self._showing_wizard())
        documents = (a.client_pdf, a.clinician_pdf, a.preview, a.print_summary, a.email_summary)
        hold_while_saving(self.saves, (a.finish_intake, *documents, a.export_data))

    # Who is looking: the risk marker, the safety panel, the handover --------------------

    def _audience_changed(self) -> None:
        self._show_risk_count()
        self.update_actions()

    def _risk_changed(self, signals: tuple) -> None:
        self.risk_signals = tuple(signals)
        self._show_risk_count()

    def _show_risk_count(self) -> None:
        """The marker counts only answers given in front of whoever is looking: the other
        partner never sees it move for what was asked while they were out."""
        if not self.risk_signals:
            self.audience_bar.set_risk_count(0)
            return
        audience, catalogue = self.audience.audience, self.window.practice.catalogue
        couple = len(self.audience.names) > 1
        heard = [
            s
            for s in self.risk_signals
            if audience.heard(catalogue, s.source, s.participant, couple=couple)
        ]
        self.audience_bar.set_risk_count(len(heard))

    def show_safety(self) -> None:
        """The marker's panel: only while the clinician alone is looking."""
        if not self.audience.is_clinician or not self.risk_signals:
            return
        from therapist_desk.services import intakes
        from therapist_desk.ui.shell.safety_panel import SafetyPanel  # with the intake room

        intake_id = self.intake.intake_id
        actions = (
            intakes.safety_actions(practice=self.window.practice, intake_id=intake_id)
            if intake_id is not None
            else []
        )
        panel = SafetyPanel(
            self.risk_signals,
            actions,
            self.window.practice.settings.crisis_text,
            self.audience.names,
            self.window,
        )
        self.dialogs.run_dialog(panel)

    def start_handover(self, pid: str) -> None:
        """Hand the device to one partner: full screen, only their own questions."""
        if self.handover is not None:
            return
        if not self.security.can_lock():
            self.dialogs.inform(
                self.window.tr("Set a lock PIN first"),
                self.window.tr(
                    "Only your PIN or passphrase can end a handover. Set a lock PIN (or "
                    "encrypt the database) in Settings > Security, then hand the device over."
                ),
                warning=True,
            )
            return
        window = self.intake.open_handover(pid)
        if window is None:
            return
        wizard = self.intake.wizard
        self._handover_from_panel = wizard is not None and wizard.page is None
        self.audience.set(Audience.alone(pid))
        self._remember_handover(True)
        self.handover = window
        window.hand_back_requested.connect(self.screen_lock.lock)
        self.window.hide()
        window.showFullScreen()
        input_watch.watch_window(window)  # Enter on its buttons; the auto-lock's activity
        window.activateWindow()

    def end_handover(self) -> None:
        """The clinician unlocked: back to the window, in *clinician only* mode."""
        window, self.handover = self.handover, None
        if window is not None:
            self.keyboard_home.after_closing(window)  # back on the page's main action
            window.end()
            window.deleteLater()
        self._remember_handover(False)
        self.audience.set(Audience.clinician())
        self.window.show()
        self.window.activateWindow()
        wizard = self.intake.wizard
        if wizard is not None and self._handover_from_panel:
            wizard.show_handover(done=True)  # back where the handover began: what comes next
        elif wizard is not None:
            wizard.go_to(wizard.index, remember=False)

    def _locked_after_handover(self) -> None:
        """The app stopped while the device was handed over: it opens behind the lock."""
        if not self.screen_lock.lock():
            self._remember_handover(False)  # nothing can unlock it: no secret is set any more
            return
        self.window.show_status(
            self.window.tr(
                "The app stopped during a handover. It opens in clinician only mode, behind "
                "your PIN or passphrase."
            ),
            0,
        )

    def _remember_handover(self, active: bool) -> None:
        """Keep on disk that a handover is under way: a start after a kill locks first."""
        settings = self.window.practice.settings
        if settings.handover_active != active:
            settings.handover_active = active
            self.settings.save_quietly()

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
            if self.handover is not None or self.window.practice.settings.handover_active:
                self.end_handover()
            self.update_actions()
            if self._showing_wizard():
                self.intake.refocus()

    def apply_settings(self) -> None:
        """Apply the settings that act at once: auto-lock time, text size, appearance."""
        from PySide6.QtWidgets import QApplication

        settings = self.window.practice.settings
        self.idle_watcher.set_minutes(settings.autolock_minutes)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.text_scale, settings.appearance)

    def show_about(self) -> None:
        """Help > About: version, licence and where the data lives (file or server)."""
        from therapist_desk.ui.shell.about import show_about

        practice = self.window.practice
        show_about(self.window, practice.database.describe(), on_server=practice.on_server)

    def may_close(self) -> bool:
        """Whether the window may close: with answers still waiting for the server, only
        once the clinician chose to (Stay is the default)."""
        return ask_to_close(self.saves, self.dialogs)

    def closing(self) -> None:
        """The window closes: drafts for the mail app are shredded; answers still kept
        for the server stay in their file for the next start."""
        self.saves.stop()
        from therapist_desk.services.sharing import remove_drafts

        remove_drafts(practice=self.window.practice)
