"""Opening the settings, saving them, and the backup made from there or the File menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from therapist_desk.errors import UserError
from therapist_desk.intake.catalogue import Scope
from therapist_desk.intake.consent import Policy
from therapist_desk.services import backups, consent
from therapist_desk.settings import save_settings
from therapist_desk.ui.settings.consent_box import ConsentBox
from therapist_desk.ui.settings.dialog import SettingsDialog
from therapist_desk.ui.settings.room_box import SectionChoice
from therapist_desk.ui.settings.welcome import WelcomeDialog
from therapist_desk.ui.widgets.host import Host, failed_with
from therapist_desk.ui.widgets.ops import run_op


class SettingsController(QObject):
    """The settings dialog and where its choices go."""

    saved = Signal()  # the practice has new settings (apply the lock time, text size…)

    def __init__(self, host: Host, security_tab: Callable[[], QWidget | None]) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self._security_tab = host, security_tab

    def open_settings(self) -> None:
        """Edit the settings; they are saved, and take effect, on Save."""
        practice = self.host.practice
        dialog = self.dialog()
        dialog.backup_requested.connect(lambda: self.back_up_now(dialog.show_backup_result))
        if self.host.dialogs.run_dialog(dialog) and dialog.result_settings is not None:
            practice.use_settings(dialog.result_settings)
            self.save_quietly()
            self.saved.emit()

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
        return SettingsDialog(
            practice.settings,
            data_folder=practice.folder,
            security=self._security_tab(),
            sections=sections,
            consent=box,
            parent=self.host.dialogs.parent,
        )

    def _keep_consent(self, box: ConsentBox, policy: Policy, text: str) -> None:
        """Keep the consent text as the next version (at once: it is not a setting)."""
        try:
            kept = consent.save_consent_text(practice=self.host.practice, policy=policy, text=text)
        except UserError as err:
            box.refuse(str(err))
            return
        box.show_text(kept)

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
