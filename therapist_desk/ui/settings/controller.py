"""Opening the settings, saving them, and the backup made from there or the File menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from therapist_desk.errors import UserError
from therapist_desk.intake.catalogue import Scope
from therapist_desk.intake.consent import Policy
from therapist_desk.services import backups, consent, server
from therapist_desk.settings import save_settings
from therapist_desk.ui.settings.consent_box import ConsentBox
from therapist_desk.ui.settings.dialog import SettingsDialog
from therapist_desk.ui.settings.room_box import SectionChoice
from therapist_desk.ui.settings.server_box import ServerBox, server_box
from therapist_desk.ui.settings.welcome import WelcomeDialog
from therapist_desk.ui.widgets.host import Host, failed_with
from therapist_desk.ui.widgets.ops import run_op


class SettingsController(QObject):
    """The settings dialog and where its choices go."""

    saved = Signal()  # the practice has new settings (apply the lock time, text size…)
    consent_kept = Signal()  # a new version of the consent text was kept (at once)

    def __init__(self, host: Host, security_tab: Callable[[], QWidget | None]) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self._security_tab = host, security_tab

    def review_consent(self) -> None:
        """Settings › Consent, with the keyboard in the words, until the dialog closes."""
        self.open_settings(consent=True)

    def open_settings(self, *, consent: bool = False) -> None:
        """Edit the settings; they are saved, and take effect, on Save. ``consent``:
        open on the Consent tab."""
        practice = self.host.practice
        dialog = self.dialog()
        if consent and dialog.consent is not None:
            dialog.tabs.setCurrentWidget(dialog.consent)
            dialog.consent.text.setFocus()
        dialog.backup_requested.connect(lambda: self.back_up_now(dialog.show_backup_result))
        was_on_server = practice.settings.use_server
        if self.host.dialogs.run_dialog(dialog) and dialog.result_settings is not None:
            practice.use_settings(dialog.result_settings)
            self.save_quietly()
            if practice.settings.use_server != was_on_server:
                self.host.show_status(self._next_start(practice.settings.use_server), 0)
            if dialog.server is not None:
                self._keep_password(dialog.server)  # a keyring that is not there is said last
            self.saved.emit()

    def _next_start(self, on_server: bool) -> str:
        tr = self.host.dialogs.tr
        if on_server:
            return tr("From the next start, Therapist Desk opens the practice server.")
        return tr("From the next start, Therapist Desk opens the file on this computer.")

    def _keep_password(self, box: ServerBox) -> None:
        """The password typed on the Practice server tab goes to the keyring, only."""
        password, address = box.typed_password(), box.address()
        if password is None or address is None:
            return
        if not server.remember_password(address, password):
            self.host.show_status(
                self.host.dialogs.tr(
                    "This computer has no system keyring, so the practice server's password "
                    "was not kept: it is asked at each start."
                )
            )

    def dialog(self) -> SettingsDialog:
        """The settings dialog, filled from the practice's settings (not yet shown)."""
        practice = self.host.practice
        shipped = practice.shipped_catalogue
        sections = [
            SectionChoice(s.id, s.title, s.asked_alone, s.private or s.clinician_only)
            for s in shipped.sections
            if s.scope is Scope.PARTICIPANT
        ]
        box = ConsentBox(consent.consent_text(practice=practice), practice.settings.practice_name)
        box.keep_requested.connect(lambda policy, text: self._keep_consent(box, policy, text))
        settings = practice.settings
        running = practice.database.server
        if running is not None and not settings.server_host:  # opened with --database-url
            settings = settings.model_copy(update=server.address_settings(running))
        return SettingsDialog(
            settings,
            data_folder=practice.folder,
            security=self._security_tab(),
            sections=sections,
            consent=box,
            server=server_box(now_open=self._now_open()),
            on_server=practice.on_server,
            parent=self.host.dialogs.parent,
        )

    def _now_open(self) -> str:
        database = self.host.practice.database
        if database.server is None:
            return self.host.dialogs.tr("the file {0}").format(database.describe())
        return self.host.dialogs.tr("the practice server {0}").format(database.describe())

    def _keep_consent(self, box: ConsentBox, policy: Policy, text: str) -> None:
        """Keep the consent text as the next version (at once: it is not a setting)."""
        try:
            kept = consent.save_consent_text(practice=self.host.practice, policy=policy, text=text)
        except UserError as err:
            box.refuse(str(err))
            return
        box.show_text(kept)
        self.consent_kept.emit()

    def welcome(self) -> None:
        """The very first start: ask who is using the app (it waits on no answer)."""
        dialog = WelcomeDialog(self.host.practice.settings, parent=self.host.dialogs.parent)
        dialog.accepted.connect(lambda: self._welcomed(dialog))
        self.host.dialogs.show_dialog(dialog)

    def _welcomed(self, dialog: WelcomeDialog) -> None:
        if dialog.result_settings is None:
            return
        self.host.practice.settings = dialog.result_settings
        self.save_quietly()
        self.saved.emit()

    def save_quietly(self) -> None:
        """Save the settings; a failure is shown, never raised."""
        practice = self.host.practice
        try:
            save_settings(practice.settings, practice.settings_path)
        except UserError as err:
            self.host.dialogs.inform(
                self.host.dialogs.tr("Settings not saved"), str(err), warning=True
            )

    def back_up_now(self, report: Callable[[str], None] | None = None) -> None:
        """Back up the database on a worker; say where (or why not)."""
        practice = self.host.practice
        run_op(
            lambda: backups.back_up_now(practice=practice),
            report or self.host.show_status,
            report or failed_with(self.host, self.host.dialogs.tr("Therapist Desk")),
        )
